"""EntityTreeModel: the lazy tree of projects, sequences, shots, assets and tasks."""

import logging

from qtpy import QtCore, QtGui
from qtpy.QtCore import QModelIndex, Qt

from sgbrowser import icons
from sgbrowser.errors import BrowserClosed
from sgbrowser.nodes import NodeState, children_loader, make_root
from sgbrowser.roles import ENTITY_ROLE, ERROR_ROLE, NODE_ROLE, STATE_ROLE
from sgbrowser.status import status_icon
from sgbrowser.workers import WorkerPool

__all__ = ["EntityTreeModel"]

log = logging.getLogger(__name__)

_HEADERS = ("Name", "Status")
_COLUMNS = len(_HEADERS)


class EntityTreeModel(QtCore.QAbstractItemModel):
    """A QAbstractItemModel over the session's entities, loaded on demand.

    Unloaded containers report children; `fetchMore` sends their load to the worker
    pool and the answer is inserted on the GUI thread. A node that turns out empty
    loses its expand arrow and is never asked for again until refreshed.
    """

    node_loaded = QtCore.Signal(object)
    load_failed = QtCore.Signal(object, object)

    def __init__(self, session, pool=None, parent=None):
        super().__init__(parent)
        self._session = session
        self._owns_pool = pool is None
        self._pool = pool if pool is not None else WorkerPool(parent=self)
        self._root = make_root()
        self._reveals = []
        self._loading = set()
        self._closed = False

    @property
    def session(self):
        return self._session

    @property
    def pool(self):
        return self._pool

    @property
    def root(self):
        return self._root

    def close(self):
        """Cancel every load; the model keeps its rows but loads nothing more."""
        if self._closed:
            return
        self._closed = True
        self._cancel_subtree(self._root)
        if self._owns_pool:
            self._pool.close()

    # Qt's model interface.

    def index(self, row, column, parent=QModelIndex()):  # noqa: B008
        # Views call this a few times per row on every layout: kept lean.
        children = (
            parent.internalPointer() if parent.isValid() else self._root
        ).children
        if 0 <= row < len(children) and 0 <= column < _COLUMNS:
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index=None):
        if index is None:
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer().parent
        if node is None or node is self._root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row_of(node), 0, node)

    def rowCount(self, parent=QModelIndex()):  # noqa: B008
        node = self._container(parent)
        return len(node.children) if node is not None else 0

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return len(_HEADERS)

    def hasChildren(self, parent=QModelIndex()):  # noqa: B008
        node = self._container(parent)
        if node is None:
            return False
        if node.state is NodeState.LOADED:
            return bool(node.children)
        return node.can_have_children

    def canFetchMore(self, parent):
        node = self._container(parent)
        return (
            node is not None and node.state is NodeState.UNLOADED and not self._closed
        )

    def _container(self, parent):
        """The node whose children hang under ``parent``; None past column 0."""
        if not parent.isValid():
            return self._root
        if parent.column() != 0:
            return None
        return parent.internalPointer()

    def fetchMore(self, parent):
        if self.canFetchMore(parent):
            self._start_load(self.node_from_index(parent))

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        try:
            return self._data(index.internalPointer(), index.column(), role)
        except Exception:
            log.exception("cannot show row %s, column %s", index.row(), index.column())
            return None

    def _data(self, node, column, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return node.name
            return _status_of(node)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == 1:
                status = _status_of(node)
                return status_icon(status) if status else None
            if node.state is NodeState.FAILED or node.error is not None:
                return icons.icon("error")
            return icons.icon(node.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip_of(node)
        if role == Qt.ItemDataRole.ForegroundRole and node.error is not None:
            return QtGui.QBrush(QtGui.QColor("#e5534b"))
        if role == NODE_ROLE:
            return node
        if role == ENTITY_ROLE:
            return node.entity
        if role == STATE_ROLE:
            return "loading" if node.ticket is not None else node.state.value
        if role == ERROR_ROLE:
            return node.error
        return None

    # Lookups.

    def node_from_index(self, index):
        if index.isValid():
            return index.internalPointer()
        return self._root

    def index_of(self, node, column=0):
        if node is self._root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row_of(node), column, node)

    def is_loading(self, index=QModelIndex()):  # noqa: B008
        return self.node_from_index(index).ticket is not None

    def loading_indexes(self):
        """The rows whose children are loading now."""
        return [self.index_of(node) for node in self._loading if node.parent]

    # Loading, refreshing and retrying.

    def refresh(self, index=QModelIndex()):  # noqa: B008
        """Reload a subtree, applying only the differences.

        Rows that are still on the site keep their place, expansion and selection;
        rows that went away are removed and new ones inserted.
        """
        self._check_open()
        node = self.node_from_index(index)
        while children_loader(node) is None and node.parent is not None:
            node = node.parent
        if node.state is NodeState.UNLOADED:
            return
        self._start_load(node)

    def reveal(self, path, on_revealed=None):
        """Load the rows along ``path`` (sibling keys from the top) and report the last.

        Only the nodes on the path are loaded. ``on_revealed(index)`` runs once the
        row is in the model; a path leading nowhere is dropped silently.
        """
        self._check_open()
        self._reveals.append((tuple(path), on_revealed))
        self._advance_reveals()

    def _advance_reveals(self):
        waiting = []
        pending, self._reveals = self._reveals, []
        for path, on_revealed in pending:
            node = self._walk(path)
            if node is None:
                waiting.append((path, on_revealed))
            elif node is not False and on_revealed is not None:
                on_revealed(self.index_of(node))
        self._reveals = waiting + self._reveals

    def _walk(self, path):
        """The node at the end of a path; None while loading, False if absent."""
        node = self._root
        for key in path:
            if node.state is not NodeState.LOADED:
                if node.state is NodeState.FAILED or children_loader(node) is None:
                    return False
                if node.ticket is None:
                    self._start_load(node)
                return None
            node = node.find_child(key)
            if node is None:
                return False
        return node

    def retry(self, index):
        """Load a node again after its load failed."""
        self._check_open()
        node = self.node_from_index(index)
        if node.state is NodeState.FAILED:
            node.state = NodeState.UNLOADED
            node.error = None
            self._start_load(node)

    def _check_open(self):
        if self._closed:
            raise BrowserClosed(
                "the tree model is closed; open a new browser panel to browse again"
            )

    def _start_load(self, node):
        loader = children_loader(node)
        if node.ticket is not None:
            node.ticket.cancel()
        if node.state is not NodeState.LOADED:
            node.state = NodeState.LOADING
        node.ticket = self._pool.submit(
            loader,
            self._session,
            node,
            on_result=lambda children: self._on_loaded(node, ticket, children),
            on_error=lambda error: self._on_failed(node, ticket, error),
            label=f"load {node.key}",
        )
        ticket = node.ticket
        self._loading.add(node)
        self._node_changed(node)

    def _is_current(self, node, ticket):
        return not self._closed and node.ticket is ticket and self._is_attached(node)

    def _is_attached(self, node):
        while node.parent is not None:
            node = node.parent
        return node is self._root

    def _on_loaded(self, node, ticket, children):
        if not self._is_current(node, ticket):
            return
        node.ticket = None
        self._loading.discard(node)
        if node.state is NodeState.LOADED:
            self._merge(node, children)
        else:
            self._insert_loaded(node, children)
        self._node_changed(node)
        self.node_loaded.emit(node)
        self._advance_reveals()

    def _on_failed(self, node, ticket, error):
        if not self._is_current(node, ticket):
            return
        node.ticket = None
        self._loading.discard(node)
        node.error = error
        if node.state is not NodeState.LOADED:
            node.state = NodeState.FAILED
        log.warning("loading %s failed: %s", node.name or "the projects", error)
        self._node_changed(node)
        self.load_failed.emit(node, error)
        self._advance_reveals()

    def _insert_loaded(self, node, children):
        if not children:
            node.set_children([])
            self._relayout_empty(node)
            return
        self.beginInsertRows(self.index_of(node), 0, len(children) - 1)
        node.set_children(children)
        self.endInsertRows()

    def _relayout_empty(self, node):
        # Views cache whether a row has children; a layout change drops the arrow.
        if node is self._root:
            return
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()

    def _merge(self, node, fresh):
        """Apply a reloaded list of children to a loaded node, keeping what stays."""
        node.error = None
        parent = self.index_of(node)
        wanted = {child.key: child for child in fresh}
        self._remove_missing(node, parent, wanted)

        kept = {child.key: child for child in node.children}
        for row, child in enumerate(fresh):
            if child.key in kept:
                continue
            row = min(row, len(node.children))
            self.beginInsertRows(parent, row, row)
            node.insert_child(row, child)
            self.endInsertRows()

        if node.children:
            last = len(node.children) - 1
            self.dataChanged.emit(
                self.index(0, 0, parent), self.index(last, len(_HEADERS) - 1, parent)
            )
        for key, old in kept.items():
            self._refresh_kept(old, wanted[key])
        if not node.children:
            self._relayout_empty(node)

    def _remove_missing(self, node, parent, wanted):
        row = len(node.children) - 1
        while row >= 0:
            if node.children[row].key in wanted:
                row -= 1
                continue
            last = row
            while row - 1 >= 0 and node.children[row - 1].key not in wanted:
                row -= 1
            self.beginRemoveRows(parent, row, last)
            gone = node.remove_children(row, last)
            self.endRemoveRows()
            for child in gone:
                self._cancel_subtree(child)
            row -= 1

    def _refresh_kept(self, old, new):
        if old.entity is not None and new.entity is not None:
            old.entity = new.entity
        if old.state is not NodeState.LOADED:
            return
        if children_loader(old) is not None:
            self._start_load(old)
        elif new.state is NodeState.LOADED:
            self._merge(old, new.children)

    def _cancel_subtree(self, node):
        stack = [node]
        while stack:
            current = stack.pop()
            if current.ticket is not None:
                current.ticket.cancel()
                current.ticket = None
                self._loading.discard(current)
            stack.extend(current.children)

    def _node_changed(self, node):
        if node is self._root or node.parent is None:
            return
        self.dataChanged.emit(
            self.index_of(node, 0), self.index_of(node, len(_HEADERS) - 1)
        )


def _status_of(node):
    entity = node.entity
    if entity is None:
        return None
    status = entity.get("sg_status_list") or entity.get("sg_status")
    return str(status) if status else None


def _tooltip_of(node):
    if node.error is not None:
        return f"{node.error}\nPress F5 or use Retry to load it again."
    if node.ticket is not None:
        return "Loading…"
    if node.entity is not None and node.label == "":
        return f"{node.entity.type} {node.entity.id}"
    return None
