"""The lazy tree on a real Session over a local site: requests per expansion,
inserts on the GUI thread, closing, refreshing, failures and empty rows."""

import threading

import pytest
from browser_helpers import child, load, names, path
from browser_site import BIG_SEQUENCE_SHOTS
from qtpy.QtCore import QModelIndex

from sgbrowser.nodes import NodeState
from sgbrowser.roles import STATE_ROLE
from sgbrowser.tree_model import EntityTreeModel
from sgbrowser.window import BrowserWindow


def reads(site, entity_type=None):
    return [
        record
        for record in site.requests
        if record.method == "read"
        and (entity_type is None or record.entity_type == entity_type)
    ]


@pytest.fixture
def model(session, pool):
    model = EntityTreeModel(session, pool=pool)
    yield model
    model.close()


def _ancestors(index):
    chain = []
    index = index.parent()
    while index.isValid():
        chain.insert(0, index)
        index = index.parent()
    return chain


def _shot_indexes(qtbot, model, count):
    sequence = path(qtbot, model, "Aurora", "Sequences", "SQ010")
    return [model.index(row, 0, sequence) for row in range(count)]


@pytest.mark.parametrize(
    "route", [(), ("Aurora", "Sequences")], ids=["before_loading", "two_levels"]
)
def test_modeltester_passes_before_and_after_loading_two_levels(
    qtbot, qtmodeltester, model, route
):
    if route:
        loaded = path(qtbot, model, *route)
        assert names(model, loaded) == ["SQ010", "SQ020"]

    qtmodeltester.check(model, force_py=True)
    # The tester asks for the children of every row it walks and checks again as
    # each answer lands; closing here keeps it from crawling the whole site.
    model.close()


def test_expanding_200_shots_takes_one_request_and_none_for_core_fields(
    qtbot, model, site
):
    sequence = path(qtbot, model, "Aurora", "Sequences")
    sequence = child(model, sequence, "SQ010")
    site.clear_requests()

    load(qtbot, model, sequence)
    shots = [model.index(row, 0, sequence) for row in range(model.rowCount(sequence))]
    for shot in shots:
        model.data(shot)
        model.data(model.index(shot.row(), 1, sequence))
    model.session.fetch_core([model.node_from_index(shot).entity for shot in shots])

    assert len(shots) == BIG_SEQUENCE_SHOTS
    assert [(r.method, r.entity_type) for r in site.requests] == [("read", "Shot")]


def test_filtering_while_20_slow_loads_run_inserts_on_gui_thread_only(
    qtbot, qapp, panel, site
):
    model = panel.model
    shots = _shot_indexes(qtbot, model, 20)
    threads = []
    model.rowsAboutToBeInserted.connect(
        lambda *args: threads.append(threading.current_thread())
    )
    site.latency_ms = 200

    for shot in shots:
        model.fetchMore(shot)
    assert sum(model.is_loading(shot) for shot in shots) == 20
    for number in range(50):
        panel.set_filter(("SQ010_00", "Layout", "", "SQ0")[number % 4])
        qapp.processEvents()
    qtbot.waitUntil(lambda: not any(model.is_loading(s) for s in shots), timeout=15000)

    assert all(model.rowCount(shot) == 1 for shot in shots)
    assert threads
    assert set(threads) == {threading.main_thread()}


def test_closing_the_window_with_20_pending_loads_cancels_and_waits(
    qtbot, qapp, session, site
):
    window = BrowserWindow(session)
    qtbot.addWidget(window)
    window.show()
    model, pool = window.panel.model, window.panel.pool
    shots = _shot_indexes(qtbot, model, 20)
    # A worker reports its result before it finishes: let the last ones finish.
    qtbot.waitUntil(lambda: pool.pending == 0)
    site.latency_ms = 300
    for shot in shots:
        model.fetchMore(shot)
    tickets = [model.node_from_index(shot).ticket for shot in shots]
    assert pool.pending == 20

    window.close()

    assert pool.closed
    assert pool.pending == 0
    assert all(ticket.cancelled for ticket in tickets)
    assert all(model.node_from_index(shot).state is NodeState.LOADING for shot in shots)
    qapp.processEvents()
    assert all(model.rowCount(shot) == 0 for shot in shots)


def test_ten_refreshes_in_a_row_leave_the_tree_matching_the_site(
    qtbot, panel, site, session
):
    model = panel.model
    sequence = path(qtbot, model, "Aurora", "Sequences", "SQ020")
    shot = child(model, sequence, "SQ020_0001")
    for index in (*_ancestors(sequence), sequence, shot):
        panel.tree.expand(panel.view_index(index))
    qtbot.waitUntil(lambda: model.rowCount(shot) == 2)
    site.latency_ms = 20
    added = site.store.insert_rows(
        "Shot",
        [{"code": "SQ020_0004", "sg_sequence": {"type": "Sequence", "id": 2}}],
    )

    for _ in range(10):
        panel.tree.setCurrentIndex(panel.view_index(sequence))
        panel.refresh()
    qtbot.waitUntil(lambda: panel.pool.pending == 0, timeout=10000)

    try:
        assert names(model, sequence) == [f"SQ020_000{n}" for n in (1, 2, 3, 4)]
        assert names(model, child(model, sequence, "SQ020_0001")) == ["Comp", "Light"]
        assert panel.tree.currentIndex() == panel.view_index(sequence)
        shot = child(model, sequence, "SQ020_0001")
        assert panel.tree.isExpanded(panel.view_index(sequence))
        assert panel.tree.isExpanded(panel.view_index(shot))
    finally:
        site.store.retire("Shot", added[0])


def test_a_failing_load_marks_the_node_signals_and_stays_usable(qtbot, panel, site):
    model = panel.model
    sequences = path(qtbot, model, "Aurora", "Sequences")
    sequence = child(model, sequences, "SQ020")
    site.inject_fault("500", count=1, method="read")

    with qtbot.waitSignal(model.load_failed) as failed:
        model.fetchMore(sequence)

    assert failed.args[0] is model.node_from_index(sequence)
    assert model.data(sequence, STATE_ROLE) == "failed"
    assert panel.last_error is failed.args[1]
    assert panel.status_bar.error_label.text().startswith("Could not load SQ020: ")
    assert not panel.status_bar.retry_button.isHidden()

    with qtbot.waitSignal(model.node_loaded):
        panel.status_bar.retry_button.click()
    assert names(model, sequence) == ["SQ020_0001", "SQ020_0002", "SQ020_0003"]
    assert panel.status_bar.retry_button.isHidden()


def test_shot_without_tasks_has_no_arrow_and_is_not_asked_again(qtbot, panel, site):
    model = panel.model
    sequence = path(qtbot, model, "Aurora", "Sequences", "SQ020")
    shot = child(model, sequence, "SQ020_0003")
    view_index = panel.view_index(shot)
    parent = view_index.parent()
    while parent.isValid():
        panel.tree.expand(parent)
        parent = parent.parent()
    site.clear_requests()

    panel.tree.expand(view_index)
    qtbot.waitUntil(lambda: model.node_from_index(shot).state is NodeState.LOADED)
    assert len(reads(site, "Task")) == 1
    assert not model.hasChildren(shot)
    view_index = panel.view_index(shot)
    assert not panel.tree.model().hasChildren(view_index)

    panel.tree.collapse(view_index)
    panel.tree.expand(view_index)
    model.fetchMore(shot)
    assert not model.is_loading(shot)
    qtbot.waitUntil(lambda: panel.pool.pending == 0)
    assert len(reads(site, "Task")) == 1
    assert model.rowCount(QModelIndex()) == 1
