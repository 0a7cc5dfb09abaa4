"""The names each plugin package offers, pinned."""

import importlib

import pytest

PUBLIC_NAMES = {
    "sgsession_hosts": [
        "HostError",
        "LoadFailed",
        "Media",
        "MediaNotFound",
        "SiteFailed",
        "UnsupportedFile",
        "load_media",
        "printf_pattern",
    ],
    "sgsession_maya": [
        "CONTROL_NAME",
        "PANEL_NAME",
        "UI_SCRIPT",
        "close_panel",
        "install_menu",
        "restore_panel",
        "show_panel",
    ],
    "sgsession_nuke": [
        "MENU_PATH",
        "PANEL_ID",
        "PANEL_OBJECT_NAME",
        "PANEL_TITLE",
        "create_panel_widget",
        "install",
        "show_panel",
    ],
}


@pytest.mark.parametrize("package", sorted(PUBLIC_NAMES), ids=str)
def test_public_names_are_pinned_and_defined(package):
    module = importlib.import_module(package)

    assert sorted(module.__all__) == sorted(PUBLIC_NAMES[package])
    assert [name for name in module.__all__ if not hasattr(module, name)] == []
