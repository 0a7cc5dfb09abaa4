"""Picked PublishedFiles and Versions in Maya: reference, import, copy the path."""

import pytest
from qtpy.QtCore import Qt
from qtpy.QtGui import QGuiApplication
from qtpy.QtWidgets import QWidget

pytestmark = pytest.mark.usefixtures("stand_in_browser", "configured_site")


@pytest.fixture
def host_panel(maya_host):
    import sgsession_maya

    sgsession_maya.show_panel()
    panel = maya_host.main_window.findChild(QWidget, sgsession_maya.PANEL_NAME)
    return panel.host_panel


def click(qtbot, host_panel, label):
    button = host_panel.buttons[label]
    assert button.isEnabled(), f"{label} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


SCENES = [
    ("model_v003.ma", "mayaAscii", None),
    ("model_v003.mb", "mayaBinary", None),
    ("anim_v012.abc", "Alembic", "AbcImport"),
    ("layout_v002.usd", "USD Import", "mayaUsdPlugin"),
    ("layout_v002.usda", "USD Import", "mayaUsdPlugin"),
    ("layout_v002.usdc", "USD Import", "mayaUsdPlugin"),
]
SCENE_IDS = ["ma", "mb", "abc", "usd", "usda", "usdc"]


@pytest.mark.parametrize(("name", "file_type", "plugin"), SCENES, ids=SCENE_IDS)
@pytest.mark.parametrize(
    ("label", "kind"),
    [("Reference", "reference"), ("Import", "import")],
    ids=["reference", "import"],
)
def test_picked_file_loads_by_its_extension(
    qtbot,
    maya_host,
    host_panel,
    entities,
    tmp_path,
    name,
    file_type,
    plugin,
    label,
    kind,
):
    path = tmp_path / name
    path.touch()
    published = entities("PublishedFile", 1, path={"local_path": str(path)})

    host_panel.browser.entity_picked.emit(published)
    click(qtbot, host_panel, label)

    namespace = name.split(".")[0]
    assert maya_host.files == [(kind, str(path), file_type, namespace)]
    assert maya_host.loaded_plugins == ({plugin} if plugin else set())
    assert host_panel.status.text().endswith(f"{path} into namespace {namespace}")


def test_copy_path_puts_the_picked_path_on_the_clipboard(qtbot, host_panel, entities):
    published = entities(
        "PublishedFile", 2, path={"local_path": "/show/asset/model_v003.obj"}
    )

    host_panel.browser.entity_picked.emit(published)
    click(qtbot, host_panel, "Copy Path")

    assert QGuiApplication.clipboard().text() == "/show/asset/model_v003.obj"


@pytest.mark.parametrize(
    ("fields", "enabled"),
    [
        (
            {"path": {"local_path": "/show/asset/model_v003.obj"}},
            {"Reference": False, "Import": False, "Copy Path": True},
        ),
        (
            {"path": {"local_path": "/show/asset/model_v003.MA"}},
            {"Reference": True, "Import": True, "Copy Path": True},
        ),
        ({"path": None}, {"Reference": False, "Import": False, "Copy Path": False}),
    ],
    ids=["unsupported-extension", "upper-case-extension", "no-path"],
)
def test_actions_are_enabled_for_what_maya_can_load(
    host_panel, entities, fields, enabled
):
    host_panel.browser.entity_picked.emit(entities("PublishedFile", 3, **fields))

    assert {
        label: button.isEnabled() for label, button in host_panel.buttons.items()
    } == enabled


def test_a_version_offers_its_frames_path_to_copy_only(host_panel, entities):
    version = entities(
        "Version",
        4,
        code="sh010_comp_v003",
        sg_path_to_frames="/show/sh010.####.exr",
        sg_first_frame=1001,
        sg_last_frame=1100,
    )

    host_panel.browser.version_picked.emit(version)

    assert [label for label, b in host_panel.buttons.items() if b.isEnabled()] == [
        "Copy Path"
    ]
    assert host_panel.status.text() == (
        "sh010_comp_v003: /show/sh010.%04d.exr 1001-1100"
    )


def test_a_missing_file_is_reported_in_the_status(
    qtbot, maya_host, host_panel, entities, tmp_path
):
    missing = tmp_path / "gone_v001.ma"
    host_panel.browser.entity_picked.emit(
        entities("PublishedFile", 5, path={"local_path": str(missing)})
    )

    click(qtbot, host_panel, "Reference")

    assert maya_host.files == []
    assert host_panel.status.text() == (
        f"Maya could not load {missing} as mayaAscii: File not found: {missing}; "
        "check that the file exists and opens in this Maya version"
    )
