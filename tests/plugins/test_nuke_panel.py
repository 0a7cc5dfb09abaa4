"""The browser as a Nuke panel: registered once, restored once, picks make Reads."""

import logging
import os
import sys
from pathlib import Path

import pytest
from qtpy.QtCore import QEvent
from qtpy.QtWidgets import QApplication

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"

pytestmark = pytest.mark.usefixtures("stand_in_browser", "configured_site")


def open_browsers(host):
    from sgsession_nuke.panel import NukeBrowser

    return [
        widget
        for _panel_id, container in host.open_panels()
        for widget in container.findChildren(NukeBrowser)
    ]


@pytest.fixture
def host_panel(nuke_host, run_nuke_startup):
    import sgsession_nuke

    run_nuke_startup("menu.py")
    sgsession_nuke.show_panel()
    (browser,) = open_browsers(nuke_host)
    return browser.host_panel


def knobs(node):
    return {
        name: node[name].value()
        for name in ("file", "first", "last", "origfirst", "origlast")
    }


def test_picking_a_version_with_frames_creates_one_read_with_its_range(
    nuke_host, host_panel, entities
):
    import nuke

    version = entities(
        "Version",
        11,
        code="sh010_comp_v003",
        sg_path_to_frames="/show/seq/sh010/comp/v003/sh010.####.exr",
        sg_first_frame=1001,
        sg_last_frame=1100,
    )

    host_panel.browser.version_picked.emit(version)

    (read,) = nuke.allNodes("Read")
    assert knobs(read) == {
        "file": "/show/seq/sh010/comp/v003/sh010.%04d.exr",
        "first": 1001,
        "last": 1100,
        "origfirst": 1001,
        "origlast": 1100,
    }
    assert host_panel.status.text() == (
        "Read1 reads /show/seq/sh010/comp/v003/sh010.%04d.exr 1001-1100"
    )


def test_picking_a_version_without_frames_reads_its_movie(host_panel, entities):
    import nuke

    version = entities(
        "Version", 12, sg_path_to_movie="/show/seq/sh010/sh010_comp_v003.mov"
    )

    host_panel.browser.version_picked.emit(version)

    (read,) = nuke.allNodes("Read")
    assert read["file"].value() == "/show/seq/sh010/sh010_comp_v003.mov"


def test_picking_a_published_sequence_reads_its_frames_on_disk(
    host_panel, entities, tmp_path
):
    import nuke

    for frame in (1, 2, 3, 4):
        (tmp_path / f"plate.{frame:03d}.dpx").touch()
    published = entities(
        "PublishedFile", 13, path={"local_path": str(tmp_path / "plate.###.dpx")}
    )

    host_panel.browser.entity_picked.emit(published)

    (read,) = nuke.allNodes("Read")
    assert knobs(read) == {
        "file": str(tmp_path / "plate.%03d.dpx"),
        "first": 1,
        "last": 4,
        "origfirst": 1,
        "origlast": 4,
    }


def test_picking_an_entity_without_media_creates_no_read(host_panel, entities):
    import nuke

    host_panel.browser.entity_picked.emit(entities("Shot", 14, code="SH010"))
    host_panel.browser.version_picked.emit(entities("Version", 15))

    assert nuke.allNodes("Read") == []


def test_picking_a_published_scene_creates_no_read(host_panel, entities):
    import nuke

    published = entities(
        "PublishedFile", 16, path={"local_path": "/show/asset/chair_v003.ma"}
    )

    host_panel.browser.entity_picked.emit(published)

    assert nuke.allNodes("Read") == []
    assert not host_panel.buttons["Create Read"].isEnabled()


def test_running_menu_py_again_registers_the_panel_id_once(nuke_host, run_nuke_startup):
    import nukescripts.panels
    import sgsession_nuke

    run_nuke_startup("menu.py")
    run_nuke_startup("menu.py")

    assert nukescripts.panels.registrations == [sgsession_nuke.PANEL_ID]
    assert list(nuke_host.menus["Pane"].items) == [sgsession_nuke.PANEL_TITLE]
    assert list(nuke_host.menus["Nuke"].items) == [sgsession_nuke.MENU_PATH]


def test_opening_the_panel_again_focuses_the_open_one(nuke_host, run_nuke_startup):
    import nuke
    import sgsession_nuke

    run_nuke_startup("menu.py")
    nuke.menu("Nuke").findItem(sgsession_nuke.MENU_PATH).invoke()
    (browser,) = open_browsers(nuke_host)
    nuke_host.pane.setCurrentIndex(0)

    nuke.menu("Nuke").findItem(sgsession_nuke.MENU_PATH).invoke()

    assert open_browsers(nuke_host) == [browser]
    assert nuke_host.pane.currentWidget().isAncestorOf(browser)


def test_a_closed_panel_goes_away_and_reopens_from_the_menu(
    qtbot, nuke_host, run_nuke_startup
):
    import nuke
    import sgsession_nuke
    from sgsession_nuke.panel import NukeBrowser

    run_nuke_startup("menu.py")
    nuke.menu("Nuke").findItem(sgsession_nuke.MENU_PATH).invoke()
    (closed,) = open_browsers(nuke_host)
    with qtbot.waitSignal(closed.destroyed):
        nuke_host.close_panel(sgsession_nuke.PANEL_ID)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert open_browsers(nuke_host) == []

    nuke.menu("Nuke").findItem(sgsession_nuke.MENU_PATH).invoke()

    (browser,) = open_browsers(nuke_host)
    assert nuke_host.main_window.findChildren(NukeBrowser) == [browser]
    assert nuke_host.pane.currentWidget().isAncestorOf(browser)


def test_a_saved_layout_restores_exactly_one_panel(nuke_host, run_nuke_startup):
    import nukescripts.panels
    import sgsession_nuke

    run_nuke_startup("menu.py")
    sgsession_nuke.show_panel()
    saved = nuke_host.stop()
    nuke_host.start()
    nukescripts.panels.reset()

    run_nuke_startup("init.py")
    run_nuke_startup("menu.py")
    for panel_id in saved:
        nukescripts.panels.restorePanel(panel_id)

    assert saved == [sgsession_nuke.PANEL_ID]
    assert len(open_browsers(nuke_host)) == 1


def test_init_py_only_adds_the_shared_code_to_the_paths(
    nuke_host, run_nuke_startup, monkeypatch
):
    import nukescripts.panels

    monkeypatch.setattr(sys, "path", list(sys.path))
    run_nuke_startup("init.py")

    common = str(PLUGINS / "common")
    assert [os.path.normpath(path) for path in nuke_host.plugin_path] == [common]
    assert os.path.normpath(sys.path[0]) == common
    assert nuke_host.menus == {}
    assert nukescripts.panels.registrations == []


def test_panel_without_sgbrowser_shows_why_and_logs_an_error(
    nuke_host, run_nuke_startup, monkeypatch, caplog
):
    import nukescripts.panels
    import sgsession_nuke

    run_nuke_startup("menu.py")
    for name in [name for name in sys.modules if name.startswith("sgsession_")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "sgbrowser", None)

    with caplog.at_level(logging.ERROR, logger="sgsession_nuke"):
        panel = nukescripts.panels.restorePanel(sgsession_nuke.PANEL_ID)

    label = panel.knobs[0].widget
    assert label.text().startswith("The ShotGrid browser could not load: ")
    assert [record.levelno for record in caplog.records] == [logging.ERROR]
