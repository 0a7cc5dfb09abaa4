"""The browser docked in Maya: one workspace control, restored after a restart."""

import importlib
import logging
import runpy
import sys
from pathlib import Path

import pytest
from qtpy.QtWidgets import QWidget

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"

pytestmark = pytest.mark.usefixtures("stand_in_browser", "configured_site")


def panels(host):
    import sgsession_maya

    return host.main_window.findChildren(QWidget, sgsession_maya.PANEL_NAME)


def browsers(host, stand_in):
    return [
        widget
        for widget in host.main_window.findChildren(QWidget)
        if isinstance(widget, stand_in)
    ]


def test_showing_three_times_then_after_a_reload_keeps_one_panel(
    maya_host, stand_in_browser
):
    import sgsession_maya
    import sgsession_maya.launcher

    for _ in range(3):
        sgsession_maya.show_panel()
    assert len(panels(maya_host)) == 1
    assert len(browsers(maya_host, stand_in_browser)) == 1

    importlib.reload(sgsession_maya.launcher)
    importlib.reload(sgsession_maya)
    sgsession_maya.show_panel()

    assert len(panels(maya_host)) == 1
    assert len(browsers(maya_host, stand_in_browser)) == 1
    assert list(maya_host.controls) == [sgsession_maya.CONTROL_NAME]


def test_the_panel_is_docked_in_its_workspace_control(maya_host):
    import sgsession_maya

    sgsession_maya.show_panel()

    (panel,) = panels(maya_host)
    control = maya_host.controls[sgsession_maya.CONTROL_NAME]
    assert panel.parentWidget() is control.widget
    assert control.ui_script == sgsession_maya.UI_SCRIPT
    assert control.retain is False


def test_the_main_window_comes_from_mqtutil_through_shiboken(maya_host):
    from qtpy import shiboken
    from sgsession_maya import launcher

    wrapped = launcher.main_window()

    assert isinstance(wrapped, QWidget)
    assert (
        shiboken.getCppPointer(wrapped)[0]
        == shiboken.getCppPointer(maya_host.main_window)[0]
    )


def test_showing_a_panel_behind_another_control_brings_it_forward(maya_host):
    import sgsession_maya
    from maya import cmds

    sgsession_maya.show_panel()
    cmds.workspaceControl("AttributeEditor", label="Attribute Editor")
    (panel,) = panels(maya_host)
    assert not panel.isVisible()

    sgsession_maya.show_panel()

    assert panel.isVisible()
    assert panels(maya_host) == [panel]


def test_the_ui_script_is_one_line_that_guards_its_import():
    import sgsession_maya

    assert "\n" not in sgsession_maya.UI_SCRIPT
    assert "find_spec('sgsession_maya')" in sgsession_maya.UI_SCRIPT
    compile(sgsession_maya.UI_SCRIPT, "<uiScript>", "exec")


def test_after_a_restart_the_saved_ui_script_restores_the_panel(
    maya_host, stand_in_browser
):
    import sgsession_maya

    sgsession_maya.show_panel()
    maya_host.restart()

    import sgsession_maya

    (panel,) = panels(maya_host)
    control = maya_host.controls[sgsession_maya.CONTROL_NAME]
    assert panel.parentWidget() is control.widget
    assert len(browsers(maya_host, stand_in_browser)) == 1


def test_after_a_restart_the_panel_closes_and_reopens_from_the_menu(
    maya_host, stand_in_browser
):
    import sgsession_maya

    sgsession_maya.show_panel()
    maya_host.restart()
    import sgsession_maya

    sgsession_maya.close_panel()
    assert [panel for panel in panels(maya_host) if panel.isVisible()] == []

    sgsession_maya.install_menu()
    ((_label, command),) = maya_host.menus["sgsessionMenu"].items
    command(False)

    (panel,) = panels(maya_host)
    assert panel.isVisible()
    assert len(browsers(maya_host, stand_in_browser)) == 1


def test_a_closed_panel_reopens_as_a_new_one(maya_host, stand_in_browser):
    import sgsession_maya

    sgsession_maya.show_panel()
    sgsession_maya.close_panel()
    assert panels(maya_host) == []
    assert sgsession_maya.CONTROL_NAME not in maya_host.controls

    sgsession_maya.show_panel()

    (panel,) = panels(maya_host)
    assert panel.isVisible()
    assert len(browsers(maya_host, stand_in_browser)) == 1


def test_ui_script_without_sgbrowser_logs_an_error_and_raises_nothing(
    maya_host, monkeypatch, caplog
):
    import sgsession_maya

    sgsession_maya.show_panel()
    for name in [name for name in sys.modules if name.startswith("sgsession_")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "sgbrowser", None)
    saved = maya_host.stop()
    maya_host.start()

    with caplog.at_level(logging.ERROR, logger="sgsession_maya"):
        for name, ui_script in saved:
            maya_host.create_control(name, ui_script=ui_script)

    assert panels(maya_host) == []
    assert [record.levelno for record in caplog.records] == [logging.ERROR]
    assert (
        caplog.records[0]
        .getMessage()
        .startswith("cannot restore the sgsession browser: import of sgbrowser halted")
    )


def test_an_empty_control_left_by_a_failed_restore_is_replaced(
    maya_host, monkeypatch, stand_in_browser
):
    import sgsession_maya

    with monkeypatch.context() as broken:
        broken.setitem(sys.modules, "sgbrowser", None)
        for name in [name for name in sys.modules if name.startswith("sgsession_")]:
            broken.delitem(sys.modules, name)
        maya_host.create_control(
            sgsession_maya.CONTROL_NAME, ui_script=sgsession_maya.UI_SCRIPT
        )
    assert panels(maya_host) == []

    sgsession_maya.show_panel()

    (panel,) = panels(maya_host)
    control = maya_host.controls[sgsession_maya.CONTROL_NAME]
    assert panel.parentWidget() is control.widget
    assert len(browsers(maya_host, stand_in_browser)) == 1


def test_ui_script_without_the_plugin_package_logs_an_error(
    maya_host, monkeypatch, caplog
):
    import sgsession_maya

    ui_script = sgsession_maya.UI_SCRIPT
    monkeypatch.setitem(sys.modules, "sgsession_maya", None)

    with caplog.at_level(logging.ERROR, logger="sgsession_maya"):
        maya_host.create_control(
            "sgsessionBrowserWorkspaceControl", ui_script=ui_script
        )

    assert [record.getMessage() for record in caplog.records] == [
        "cannot restore the sgsession browser: sgsession_maya is not importable; "
        "add the sgsession module to MAYA_MODULE_PATH"
    ]


def test_user_setup_adds_the_menu_once_the_interface_exists(maya_host):
    runpy.run_path(str(PLUGINS / "maya" / "scripts" / "userSetup.py"))
    assert maya_host.menus == {}

    maya_host.run_deferred()

    assert list(maya_host.menus) == ["sgsessionMenu"]
    assert [label for label, _command in maya_host.menus["sgsessionMenu"].items] == [
        "Browser"
    ]


def test_user_setup_does_nothing_in_batch_mode(maya_host):
    maya_host.batch = True
    runpy.run_path(str(PLUGINS / "maya" / "scripts" / "userSetup.py"))

    assert maya_host.deferred == []


def test_installing_the_menu_twice_keeps_one_menu_entry(maya_host):
    import sgsession_maya

    sgsession_maya.install_menu()
    sgsession_maya.install_menu()

    assert len(maya_host.menus["sgsessionMenu"].items) == 1


def test_the_panel_connects_to_the_default_site(maya_host, configured_site):
    import sgsession_maya

    sgsession_maya.show_panel()

    assert configured_site == [None]
