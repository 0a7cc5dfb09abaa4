"""Closing the docked browser in a host stops its workers before it is deleted."""

import queue

import pytest

pytestmark = pytest.mark.usefixtures("configured_site")


def open_in_maya(host):
    import sgsession_maya
    from qtpy.QtWidgets import QWidget

    sgsession_maya.show_panel()
    return host.main_window.findChild(QWidget, sgsession_maya.PANEL_NAME).host_panel


def close_maya_control():
    import sgsession_maya

    sgsession_maya.close_panel()


def delete_maya_control():
    import sgsession_maya
    from maya import cmds

    cmds.deleteUI(sgsession_maya.CONTROL_NAME)


def open_in_nuke(host):
    import sgsession_nuke
    from sgsession_nuke.panel import NukeBrowser

    sgsession_nuke.install()
    sgsession_nuke.show_panel()
    (browser,) = host.main_window.findChildren(NukeBrowser)
    return browser.host_panel


def close_nuke_panel():
    import nuke
    import sgsession_nuke

    nuke.HOST.close_panel(sgsession_nuke.PANEL_ID)


def occupy_workers(pool, count):
    """Submit calls that each hold a worker until shutdown cancels them."""
    held = queue.Queue()

    def hold():
        held.get(timeout=5).wait_cancelled(timeout=5)

    tickets = []
    for _ in range(count):
        tickets.append(pool.submit(hold, label="hold"))
        held.put(tickets[-1])
    return tickets


@pytest.mark.parametrize(
    ("host_fixture", "open_panel", "close"),
    [
        ("maya_host", open_in_maya, close_maya_control),
        ("maya_host", open_in_maya, delete_maya_control),
        ("nuke_host", open_in_nuke, close_nuke_panel),
    ],
    ids=["maya-close", "maya-delete-ui", "nuke-close"],
)
def test_closing_the_panel_cancels_queued_work_and_closes_the_session(
    request, qtbot, host_fixture, open_panel, close
):
    host = request.getfixturevalue(host_fixture)
    host_panel = open_panel(host)
    browser, session = host_panel.browser, host_panel.session
    qtbot.waitUntil(lambda: browser.pool.pending == 0)
    ran = []
    held = occupy_workers(browser.pool, 8)
    queued = browser.pool.submit(ran.append, "queued", label="queued")

    close()

    assert ran == []
    assert all(ticket.cancelled for ticket in [*held, queued])
    assert browser.closed
    assert session.closed


def test_a_retained_control_closed_after_a_restart_keeps_its_browser(maya_host):
    open_in_maya(maya_host)
    maya_host.restart()

    close_maya_control()
    host_panel = open_in_maya(maya_host)

    assert not host_panel.browser.closed
    assert not host_panel.session.closed


def test_shutting_down_twice_leaves_the_browser_and_session_closed(qtbot):
    from sgsession_hosts.panel import HostPanel

    panel = HostPanel()
    qtbot.addWidget(panel)

    panel.shutdown()
    panel.shutdown()

    assert panel.browser.closed
    assert panel.session.closed
    assert panel.browser.pool.closed
