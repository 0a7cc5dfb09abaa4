"""Picks through a real session on a local site: the hosts fetch what they load."""

import pytest


@pytest.fixture
def site(monkeypatch, stand_in_browser):
    """A local site that sgsession.connect reaches, holding one project."""
    import sgsession
    from sglocal import LocalSite

    with LocalSite() as site:
        (project,) = site.store.insert_rows("Project", [{"name": "Demo"}])
        site.project = {"type": "Project", "id": project}
        monkeypatch.setattr(sgsession, "connect", lambda name=None: site.connect())
        yield site


def reads(site):
    return [r.entity_type for r in site.requests if r.method == "read"]


def test_a_version_picked_in_nuke_is_fetched_once_and_read(
    site, nuke_host, run_nuke_startup
):
    import nuke
    import sgsession_nuke
    from sgsession_nuke.panel import NukeBrowser

    (version_id,) = site.store.insert_rows(
        "Version",
        [
            {
                "code": "sh010_comp_v003",
                "project": site.project,
                "sg_path_to_frames": "/show/seq/sh010/comp/v003/sh010.####.exr",
                "sg_first_frame": 1001,
                "sg_last_frame": 1100,
            }
        ],
    )
    run_nuke_startup("menu.py")
    sgsession_nuke.show_panel()
    (browser,) = nuke_host.main_window.findChildren(NukeBrowser)
    session = browser.host_panel.session
    version = session.get("Version", version_id, fetch=False)
    site.clear_requests()

    browser.host_panel.browser.version_picked.emit(version)

    assert reads(site) == ["Version"]
    (read,) = nuke.allNodes("Read")
    assert (read["file"].value(), read["first"].value(), read["last"].value()) == (
        "/show/seq/sh010/comp/v003/sh010.%04d.exr",
        1001,
        1100,
    )


def test_a_published_file_picked_in_maya_is_referenced(site, maya_host, tmp_path):
    import sgsession_maya
    from qtpy.QtWidgets import QWidget

    scene = tmp_path / "chair_model_v003.ma"
    scene.touch()
    (published_id,) = site.store.insert_rows(
        "PublishedFile",
        [
            {
                "code": "chair_model_v003.ma",
                "project": site.project,
                "path": {"local_path": str(scene), "name": scene.name},
            }
        ],
    )
    sgsession_maya.show_panel()
    panel = maya_host.main_window.findChild(QWidget, sgsession_maya.PANEL_NAME)
    host_panel = panel.host_panel
    published = host_panel.session.get("PublishedFile", published_id, fetch=False)

    host_panel.browser.entity_picked.emit(published)
    host_panel.buttons["Reference"].click()

    assert maya_host.files == [
        ("reference", str(scene), "mayaAscii", "chair_model_v003")
    ]


def test_a_site_failure_during_a_pick_says_so_and_the_next_pick_loads(
    site, nuke_host, run_nuke_startup
):
    import nuke
    import sgsession_nuke
    from sgsession_nuke.panel import NukeBrowser

    (version_id,) = site.store.insert_rows(
        "Version",
        [{"project": site.project, "sg_path_to_movie": "/show/sh010_v003.mov"}],
    )
    run_nuke_startup("menu.py")
    sgsession_nuke.show_panel()
    (browser,) = nuke_host.main_window.findChildren(NukeBrowser)
    host_panel = browser.host_panel
    version = host_panel.session.get("Version", version_id, fetch=False)
    site.inject_fault("500", method="read")

    host_panel.browser.version_picked.emit(version)

    assert nuke.allNodes("Read") == []
    assert host_panel.status.text() == (
        "cannot fetch sg_path_to_frames, sg_path_to_movie, sg_first_frame, "
        f"sg_last_frame, frame_range of Version {version_id}: the site failed with "
        f"ProtocolError: <ProtocolError for {site.url[len('http://') :]}: "
        "500 Internal Server Error>; check that the site is reachable and pick it "
        "again."
    )

    host_panel.browser.version_picked.emit(version)

    (read,) = nuke.allNodes("Read")
    assert read["file"].value() == "/show/sh010_v003.mov"
