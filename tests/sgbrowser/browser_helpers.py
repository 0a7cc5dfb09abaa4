"""Waiting on the tree model: load a row, find a child, walk a path of names."""

from qtpy.QtCore import QModelIndex

from sgbrowser.nodes import NodeState


def load(qtbot, model, index=QModelIndex()):  # noqa: B008
    node = model.node_from_index(index)
    model.fetchMore(index)
    qtbot.waitUntil(lambda: node.state is NodeState.LOADED and node.ticket is None)


def child(model, parent, name):
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if model.data(index) == name:
            return index
    raise AssertionError(f"no row {name!r} under {model.data(parent)!r}")


def path(qtbot, model, *names):
    index = QModelIndex()
    load(qtbot, model, index)
    for name in names:
        index = child(model, index, name)
        if model.canFetchMore(index):
            load(qtbot, model, index)
    return index


def names(model, parent):
    return [
        model.data(model.index(r, 0, parent)) for r in range(model.rowCount(parent))
    ]
