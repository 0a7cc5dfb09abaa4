"""EntityTreeModel over an in-process fake session."""

import threading

import pytest
from browser_helpers import child, load, path
from qtpy.QtCore import QModelIndex

from sgbrowser.nodes import Node, NodeState
from sgbrowser.roles import ENTITY_ROLE, STATE_ROLE
from sgbrowser.tree_model import EntityTreeModel


def test_unloaded_root_reports_children_and_loads_projects(qtbot, fake_model):
    assert fake_model.hasChildren(QModelIndex())
    assert fake_model.rowCount(QModelIndex()) == 0
    assert fake_model.canFetchMore(QModelIndex())

    load(qtbot, fake_model)

    assert fake_model.rowCount(QModelIndex()) == 1
    assert fake_model.data(fake_model.index(0, 0)) == "Moonfall"
    assert not fake_model.canFetchMore(QModelIndex())


def _unloaded(node):
    stack, found = [node], []
    while stack:
        current = stack.pop()
        if current.state is not NodeState.LOADED:
            found.append(current)
        stack.extend(current.children)
    return found


@pytest.mark.parametrize(
    "route", [(), ("Moonfall", "Sequences")], ids=["unloaded", "two_levels_loaded"]
)
def test_model_passes_modeltester_while_it_loads_every_row(
    qtbot, qtmodeltester, fake_model, route
):
    if route:
        loaded = path(qtbot, fake_model, *route)
        assert fake_model.rowCount(loaded) == 2

    qtmodeltester.check(fake_model, force_py=True)
    # The tester asks for the children of each row it walks and checks the model
    # again at every insert, so the whole small tree loads under its eye.
    qtbot.waitUntil(lambda: fake_model.pool.pending == 0)

    assert _unloaded(fake_model.root) == []


def test_project_lists_sequences_and_asset_types(qtbot, fake_model):
    sequences = path(qtbot, fake_model, "Moonfall", "Sequences")
    names = [fake_model.data(fake_model.index(r, 0, sequences)) for r in range(2)]
    assert names == ["SQ010", "SQ020"]

    assets = path(qtbot, fake_model, "Moonfall", "Assets")
    prop = child(fake_model, assets, "Prop")
    names = [fake_model.data(fake_model.index(r, 0, prop)) for r in range(2)]
    assert names == ["rock", "mug"]
    assert not fake_model.canFetchMore(prop)


def test_shot_without_tasks_loses_its_arrow_and_is_not_asked_again(
    qtbot, fake_model, fake_session
):
    shot = path(qtbot, fake_model, "Moonfall", "Sequences", "SQ010", "SQ010_002")
    assert len(fake_session.finds_of("Task")) == 1

    assert fake_model.rowCount(shot) == 0
    assert not fake_model.hasChildren(shot)
    assert not fake_model.canFetchMore(shot)
    fake_model.fetchMore(shot)
    assert len(fake_session.finds_of("Task")) == 1


def test_failing_loader_marks_the_node_and_reports_the_error(
    qtbot, fake_model, fake_session
):
    fake_session.fail["Sequence"] = RuntimeError("site answered 502")
    project = path(qtbot, fake_model, "Moonfall")
    sequences = child(fake_model, project, "Sequences")

    with qtbot.waitSignal(fake_model.load_failed) as failed:
        fake_model.fetchMore(sequences)

    assert failed.args[1] is fake_session.fail["Sequence"]
    assert fake_model.data(sequences, STATE_ROLE) == "failed"
    assert "site answered 502" in fake_model.data(sequences, 3)
    del fake_session.fail["Sequence"]
    with qtbot.waitSignal(fake_model.node_loaded):
        fake_model.retry(sequences)
    assert fake_model.rowCount(sequences) == 2


def test_refresh_applies_only_the_differences(qtbot, fake_model, fake_session):
    sequence = path(qtbot, fake_model, "Moonfall", "Sequences", "SQ010")
    kept = fake_model.index(2, 0, sequence)
    from qtpy.QtCore import QPersistentModelIndex

    persistent = QPersistentModelIndex(kept)
    shots = fake_session.rows["Shot"]
    removed = shots.pop(0)
    shots.append(
        type(removed)(
            "Shot", 1999, code="SQ010_999", sg_sequence=removed["sg_sequence"]
        )
    )
    removed_rows = []
    fake_model.rowsRemoved.connect(
        lambda parent, first, last: removed_rows.append((first, last))
    )

    with qtbot.waitSignal(fake_model.node_loaded):
        fake_model.refresh(sequence)

    names = [fake_model.data(fake_model.index(r, 0, sequence)) for r in range(3)]
    assert names == ["SQ010_002", "SQ010_003", "SQ010_999"]
    assert removed_rows == [(0, 0)]
    assert persistent.isValid()
    assert fake_model.data(persistent) == "SQ010_003"


def test_data_never_raises_for_a_stub_without_a_name(qapp, caplog, fake_session, pool):
    model = EntityTreeModel(fake_session, pool=pool)
    stub = type(fake_session.rows["Shot"][0])("Shot", 77)
    model.root.set_children([Node(("Shot", 77), entity=stub)])
    index = model.index(0, 0)

    assert model.data(index) == "Shot 77"
    assert model.data(index, ENTITY_ROLE) is stub
    for role in range(0, 300):
        model.data(index, role)
        model.data(model.index(0, 1), role)
    assert [record.getMessage() for record in caplog.records] == []


def test_inserts_happen_on_the_gui_thread(qtbot, fake_model):
    threads = []
    fake_model.rowsAboutToBeInserted.connect(
        lambda *args: threads.append(threading.current_thread())
    )
    path(qtbot, fake_model, "Moonfall", "Sequences", "SQ010")
    assert threads
    assert set(threads) == {threading.main_thread()}


def test_closed_model_refuses_refresh(fake_model):
    from sgbrowser.errors import BrowserClosed

    fake_model.close()
    assert not fake_model.canFetchMore(QModelIndex())
    with pytest.raises(BrowserClosed, match="the tree model is closed"):
        fake_model.refresh()
    assert NodeState.UNLOADED is fake_model.root.state
