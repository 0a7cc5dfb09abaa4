"""The docked browser every host shares: its session, its picks, its lifecycle."""

import pytest
from sgsession_hosts import HostError
from sgsession_hosts.panel import HostAction, HostPanel


def test_a_missing_configuration_shows_a_message_in_the_real_browser(
    qtbot, no_site_configured
):
    import sgbrowser

    panel = HostPanel()
    qtbot.addWidget(panel)

    assert isinstance(panel.browser, sgbrowser.BrowserPanel)
    assert panel.session is None
    assert panel.browser.message.text().startswith(
        "no credentials for the 'default' site; looked in: "
    )


@pytest.mark.usefixtures("stand_in_browser", "no_site_configured")
def test_a_missing_configuration_in_maya_shows_a_message(maya_host):
    import sgsession_maya
    from qtpy.QtWidgets import QWidget

    sgsession_maya.show_panel()

    panel = maya_host.main_window.findChild(QWidget, sgsession_maya.PANEL_NAME)
    assert panel.host_panel.session is None
    assert panel.host_panel.browser.message.startswith("no credentials for the")


@pytest.mark.usefixtures("stand_in_browser", "no_site_configured")
def test_a_missing_configuration_in_nuke_shows_a_message(nuke_host, run_nuke_startup):
    import sgsession_nuke
    from sgsession_nuke.panel import NukeBrowser

    run_nuke_startup("menu.py")
    sgsession_nuke.show_panel()

    (browser,) = nuke_host.main_window.findChildren(NukeBrowser)
    assert browser.host_panel.session is None
    assert browser.host_panel.browser.message.startswith("no credentials for the")


@pytest.mark.usefixtures("stand_in_browser")
def test_the_nuke_panel_connects_to_the_default_site(
    configured_site, nuke_host, run_nuke_startup
):
    import sgsession_nuke

    run_nuke_startup("menu.py")
    sgsession_nuke.show_panel()

    assert configured_site == [None]


@pytest.mark.usefixtures("stand_in_browser")
def test_the_session_closes_with_the_panel(qtbot, configured_site):
    panel = HostPanel()
    session = panel.session
    assert panel.browser.session is session

    with qtbot.waitSignal(panel.destroyed):
        panel.deleteLater()

    assert session.closed


@pytest.mark.usefixtures("stand_in_browser")
def test_picking_an_entity_without_media_shows_its_name(
    qtbot, configured_site, entities
):
    ran = []
    action = HostAction("Load", ran.append, lambda pick: pick.media is not None)
    panel = HostPanel(actions=[action])
    qtbot.addWidget(panel)

    panel.browser.entity_picked.emit(entities("Shot", 8, code="SH010"))

    assert panel.status.text() == "SH010"
    assert not panel.buttons["Load"].isEnabled()
    assert ran == []


@pytest.mark.usefixtures("stand_in_browser")
def test_a_failing_action_shows_why_in_the_status(qtbot, configured_site, entities):
    def fail(pick):
        raise HostError("cannot load this here; pick another file")

    panel = HostPanel(actions=[HostAction("Load", fail, bool, default=True)])
    qtbot.addWidget(panel)

    panel.browser.entity_picked.emit(entities("Shot", 9, code="SH020"))

    assert panel.status.text() == "cannot load this here; pick another file"


@pytest.mark.usefixtures("stand_in_browser")
def test_a_pick_without_media_paths_says_so(qtbot, configured_site, entities):
    panel = HostPanel()
    qtbot.addWidget(panel)

    panel.browser.version_picked.emit(entities("Version", 10, code="v1"))

    assert panel.pick.media is None
    assert panel.status.text().startswith(
        "Version 10 has neither sg_path_to_frames nor sg_path_to_movie set"
    )
