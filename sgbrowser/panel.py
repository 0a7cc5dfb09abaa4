"""BrowserPanel: the tree, the versions and files of the selection, and details."""

import logging

from qtpy import QtCore, QtGui, QtWidgets
from qtpy.QtCore import Qt

from sgbrowser.delegates import LoadingDelegate
from sgbrowser.details import DetailsPane
from sgbrowser.errors import BrowserClosed
from sgbrowser.formatting import describe_error, entity_path
from sgbrowser.lists import ContentsTabs
from sgbrowser.nodes import NodeState
from sgbrowser.proxy import SearchFilterProxy
from sgbrowser.roles import ENTITY_ROLE, NODE_ROLE
from sgbrowser.search import SearchController
from sgbrowser.status_bar import BrowserStatusBar
from sgbrowser.style import PANEL_OBJECT_NAME, panel_style_sheet
from sgbrowser.thumbnails import ThumbnailCache
from sgbrowser.tree_model import EntityTreeModel
from sgbrowser.workers import WorkerPool

__all__ = ["BrowserPanel"]

log = logging.getLogger(__name__)

#: Entity types whose versions and published files are listed when selected.
LISTED_TYPES = ("Shot", "Asset", "Task")

_REVEALED_HITS = 30

#: What the children of each kind of group row are called, one and many.
_GROUP_CHILDREN = {
    "sequences": ("sequence", "sequences"),
    "assets": ("asset type", "asset types"),
    "asset_type": ("asset", "assets"),
}


class BrowserPanel(QtWidgets.QWidget):
    """The whole browser in one widget, for a window or a host's dock.

    ``entity_picked`` and ``version_picked`` fire on Enter or double-click;
    ``current_entity_changed`` whenever the selection moves. `shutdown()` (also run
    when the panel closes) cancels pending work and waits for the workers.
    """

    entity_picked = QtCore.Signal(object)
    version_picked = QtCore.Signal(object)
    current_entity_changed = QtCore.Signal(object)
    error_reported = QtCore.Signal(object)

    def __init__(self, session=None, parent=None, thumbnail_dir=None, max_threads=4):
        super().__init__(parent)
        self.setObjectName(PANEL_OBJECT_NAME)
        self.setStyleSheet(panel_style_sheet())
        self._session = None
        self._site_label = None
        self._model = None
        self._closed = False
        self._details_ticket = None
        self._failed_node = None
        self._last_error = None
        self._breadcrumb = []

        self.pool = WorkerPool(max_threads=max_threads, parent=self)
        self.thumbnails = ThumbnailCache(self.pool, thumbnail_dir, parent=self)
        self.search = SearchController(None, self.pool, parent=self)
        self.proxy = SearchFilterProxy(self)

        self._build()
        self._connect()
        if session is not None:
            self.set_session(session)

    # Public interface.

    @property
    def session(self):
        return self._session

    @property
    def model(self):
        return self._model

    @property
    def closed(self):
        return self._closed

    @property
    def last_error(self):
        return self._last_error

    def set_session(self, session, site_label=None):
        """Browse a session's site, dropping everything loaded from the last one.

        The status bar names the site by ``site_label``, else by its address once
        the projects have loaded: asking a lazy session for it sooner would
        connect on the GUI thread.
        """
        self._check_open()
        if self._model is not None:
            self._model.close()
        self._session = session
        self._site_label = site_label
        self._model = EntityTreeModel(session, pool=self.pool, parent=self)
        self._model.load_failed.connect(self._on_load_failed)
        self._model.node_loaded.connect(self._on_node_loaded)
        self.proxy.setSourceModel(None)
        self.proxy.set_search("")
        self._attach_tree_model(self._model)
        self.search.set_session(session)
        self.lists.set_session(session)
        self.status_bar.set_site(site_label or "Connecting\u2026")
        self._show_entity(None)
        self._stack.setCurrentIndex(0)
        self._model.fetchMore(QtCore.QModelIndex())

    def view_index(self, index):
        """The tree view's index for a model index (the filter may sit between)."""
        if self.tree.model() is self.proxy:
            return self.proxy.mapFromSource(index)
        return index

    def set_filter(self, text, hits=()):
        """Show only rows matching ``text`` (and the ``hits`` keys) with ancestors.

        With no text the view shows the model itself: a filter proxy between them
        would triple the calls a view makes per row as large branches load.
        """
        self._check_open()
        filtering = bool(text.strip())
        if filtering and self.proxy.sourceModel() is None:
            self.proxy.setSourceModel(self._model)
        self.proxy.set_search(text, hits)
        self._attach_tree_model(self.proxy if filtering else self._model)
        if not filtering:
            self.proxy.setSourceModel(None)

    def _attach_tree_model(self, shown):
        """Point the tree at the model or the proxy, keeping expansion and current."""
        if self.tree.model() is shown:
            return
        expanded = self._expanded_nodes()
        current = self._current_node()
        previous = self.tree.selectionModel()
        self.tree.setModel(shown)
        if previous is not None:
            previous.deleteLater()
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current)
        self._configure_tree_header()
        for node in expanded:
            index = self.view_index(self._model.index_of(node))
            if index.isValid():
                self.tree.expand(index)
        if current is not None and current.parent is not None:
            index = self.view_index(self._model.index_of(current))
            if index.isValid():
                self.tree.setCurrentIndex(index)

    def _expanded_nodes(self):
        if self.tree.model() is None or self._model is None:
            return []
        expanded = []
        stack = list(self._model.root.children)
        while stack:
            node = stack.pop()
            if not node.children:
                continue
            index = self.view_index(self._model.index_of(node))
            if index.isValid() and self.tree.isExpanded(index):
                expanded.append(node)
                stack.extend(node.children)
        return expanded

    def show_message(self, text):
        """Show a message where the browser would be, e.g. for a missing site."""
        self.message.setText(text)
        self._stack.setCurrentIndex(1)

    def current_entity(self):
        """The entity shown in the details pane (tree row, version or file)."""
        return self.details.entity

    def reveal(self, path, select=True):
        """Load and expand the tree along ``path`` (sibling keys); select its end."""
        self._check_open()
        self._model.reveal(path, lambda index: self._on_revealed(index, select))

    def refresh(self):
        """Reload the selected subtree (or everything) and the selection's lists."""
        if self._model is None or self._closed:
            return
        node = self._current_node()
        source = self._model.index_of(node) if node is not None else None
        self._model.refresh(source or QtCore.QModelIndex())
        entity = node.entity if node is not None else None
        if entity is not None and entity.type in LISTED_TYPES:
            self.lists.list_for(entity, reload=True)

    def retry(self):
        """Load again what failed last."""
        node, self._failed_node = self._failed_node, None
        if node is not None and self._model is not None:
            self._model.retry(self._model.index_of(node))
        self.status_bar.clear_error()

    def copy_selection(self):
        """Copy the selected rows as ``Type:id``, each followed by its path if any."""
        lines = []
        for entity in self._selected_entities():
            path = entity_path(entity)
            lines.append(f"{entity.type}:{entity.id}" + (f" {path}" if path else ""))
        if lines:
            QtGui.QGuiApplication.clipboard().setText("\n".join(lines))
        return lines

    def shutdown(self, wait_ms=-1):
        """Cancel pending work, wait for the workers and load nothing more.

        ``wait_ms`` bounds the wait for calls already running (-1: no bound);
        returns True when none is still running.
        """
        if not self._closed:
            self._closed = True
            self._spinner.stop()
            self.search.cancel()
            self.lists.cancel()
            if self._model is not None:
                self._model.close()
        return self.pool.close(wait_ms)

    def closeEvent(self, event):
        self.shutdown()
        super().closeEvent(event)

    def _check_open(self):
        if self._closed:
            raise BrowserClosed(
                "the browser panel was shut down; create a new BrowserPanel to browse"
            )

    # Building.

    def _build(self):
        self.search_field = QtWidgets.QLineEdit()
        self.search_field.setObjectName("Search")
        self.search_field.setPlaceholderText("Search  (Ctrl+F)")
        self.search_field.setToolTip("Search shots, assets, tasks and versions")
        self.search_field.setClearButtonEnabled(True)
        self.refresh_button = QtWidgets.QToolButton()
        self.refresh_button.setText("Refresh")
        self.refresh_button.setToolTip("Reload the selected branch (F5)")
        self.refresh_button.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred,
            QtWidgets.QSizePolicy.Policy.Preferred,
        )

        self.tree = QtWidgets.QTreeView()
        self.tree.setObjectName("Tree")
        self.tree.setUniformRowHeights(True)
        self.tree.setAnimated(False)
        self.tree.setIconSize(QtCore.QSize(16, 16))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._delegate = LoadingDelegate(self.tree)
        self.tree.setItemDelegateForColumn(0, self._delegate)

        self.lists = ContentsTabs(self.pool, self.thumbnails)
        self.versions_model = self.lists.versions_model
        self.files_model = self.lists.files_model
        self.versions_view = self.lists.versions_view
        self.files_view = self.lists.files_view

        self.details = DetailsPane(self.thumbnails)

        search_row = QtWidgets.QHBoxLayout()
        search_row.setContentsMargins(6, 6, 6, 6)
        search_row.addWidget(self.search_field, 1)
        search_row.addWidget(self.refresh_button)
        left = QtWidgets.QWidget()
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.tree, 1)

        splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(1)
        splitter.addWidget(left)
        splitter.addWidget(self.lists)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([330, 780, 330])

        self.message = QtWidgets.QLabel()
        self.message.setObjectName("Message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self._stack = QtWidgets.QStackedWidget()
        self._stack.addWidget(splitter)
        self._stack.addWidget(self.message)

        self.status_bar = BrowserStatusBar()

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.status_bar)

        self._spinner = QtCore.QTimer(self)
        self._spinner.setInterval(90)
        self._shortcuts = [
            self._shortcut(QtGui.QKeySequence.StandardKey.Find, self._focus_search),
            self._shortcut(QtGui.QKeySequence("F5"), self.refresh),
            self._shortcut(QtGui.QKeySequence.StandardKey.Copy, self.copy_selection),
        ]

    def _shortcut(self, keys, slot):
        shortcut = QtWidgets.QShortcut(QtGui.QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def _connect(self):
        self.search_field.textChanged.connect(self._on_search_text)
        self.search_field.returnPressed.connect(self._focus_first_hit)
        self.search.finished.connect(self._on_search_finished)
        self.search.failed.connect(self._on_search_failed)
        self.refresh_button.clicked.connect(self.refresh)
        self.status_bar.retry_requested.connect(self.retry)
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.customContextMenuRequested.connect(self._show_tree_menu)
        self.lists.version_activated.connect(self.version_picked)
        self.lists.file_activated.connect(self.entity_picked)
        self.lists.row_selected.connect(self._on_list_row_selected)
        self.lists.failed.connect(self._on_contents_failed)
        self.pool.busy_changed.connect(self._on_busy_changed)
        self._spinner.timeout.connect(self._on_spin)

    def _configure_tree_header(self):
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Fixed)
        # Room for a dot and the longest project status, "Bidding", in this font.
        width = self.tree.fontMetrics().horizontalAdvance("Bidding") + 34
        header.resizeSection(1, width)

    # Selection, details and lists.

    def _current_node(self):
        if self._model is None:
            return None
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        return index.data(NODE_ROLE)

    def _on_tree_current(self, current, _previous):
        if self._closed:
            return
        node = current.data(NODE_ROLE) if current.isValid() else None
        entity = node.entity if node is not None else None
        self._show_entity(entity, node)
        listed = entity is not None and entity.type in LISTED_TYPES
        self.lists.list_for(entity if listed else None)

    def _show_entity(self, entity, node=None, extra=()):
        crumbs = [n.name for n in node.ancestors()] if node is not None else []
        if node is not None:
            crumbs.append(node.name)
        crumbs.extend(extra)
        self._breadcrumb = crumbs
        if entity is None and node is not None:
            self.details.show_group(node.name, crumbs[:-1], _group_summary(node))
        else:
            self.details.show_entity(entity, crumbs[:-1] if entity is not None else ())
        self.current_entity_changed.emit(entity)
        if entity is not None:
            self._fetch_missing_details(entity)

    def _fetch_missing_details(self, entity):
        missing = self.details.missing_fields(entity)
        if self._details_ticket is not None:
            self._details_ticket.cancel()
            self._details_ticket = None
        if not missing or self._session is None or self._closed:
            return
        ticket = self.pool.submit(
            self._session.fetch,
            [entity],
            missing,
            on_result=lambda _: self._on_details_fetched(ticket, entity),
            on_error=lambda error: self._on_details_failed(ticket, entity, error),
            label=f"details {entity.type} {entity.id}",
        )
        self._details_ticket = ticket

    def _on_details_fetched(self, ticket, entity):
        if ticket is not self._details_ticket:
            return
        self._details_ticket = None
        if self.details.entity is entity:
            self.details.show_entity(entity, self._breadcrumb[:-1])

    def _on_details_failed(self, ticket, entity, error):
        if ticket is not self._details_ticket:
            return
        self._details_ticket = None
        self._report(error, f"load the details of {entity.type} {entity.id}")

    def _on_contents_failed(self, entity, error):
        name = entity.get("code") or entity.type
        self._report(error, f"load the versions of {name}")

    def _on_list_row_selected(self, entity):
        if self._closed:
            return
        node = self._current_node()
        self._show_entity(entity, node, extra=[entity.get("code") or ""])

    def _selected_entities(self):
        focus = QtWidgets.QApplication.focusWidget()
        views = [self.versions_view, self.files_view, self.tree]
        view = focus if focus in views else self.tree
        if view.model() is None or view.selectionModel() is None:
            return []
        rows = view.selectionModel().selectedRows(0)
        if not rows and view.currentIndex().isValid():
            rows = [view.currentIndex()]
        entities = [view.model().data(index, ENTITY_ROLE) for index in rows]
        return [entity for entity in entities if entity is not None]

    # Picking.

    def _on_tree_activated(self, index):
        entity = index.data(ENTITY_ROLE)
        node = index.data(NODE_ROLE)
        if entity is not None and node is not None and node.entity is entity:
            self.entity_picked.emit(entity)

    # Search.

    def _focus_search(self):
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _on_search_text(self, text):
        if self._closed or self._model is None:
            return
        self.status_bar.set_note("")
        self.set_filter(text)
        project = None
        node = self._current_node()
        if node is not None:
            top = ([*node.ancestors(), node])[0]
            project = top.entity if top.kind == "Project" else None
        self.search.set_text(text, project)

    def _on_search_finished(self, text, hits):
        if text != self.search.text or self._model is None:
            return
        hits = hits[:_REVEALED_HITS]
        keys = {hit.key for hit in hits}
        self.proxy.add_hits(keys)
        self.status_bar.set_note(_hits_note(text, len(hits)))
        for position, hit in enumerate(hits):
            self._model.reveal(
                hit.path,
                lambda index, first=(position == 0): self._on_revealed(
                    index, select=first and not self.tree.currentIndex().isValid()
                ),
            )

    def _on_search_failed(self, text, error):
        self._report(error, f"search for \u201c{text}\u201d")

    def _focus_first_hit(self):
        shown = self.tree.model()
        if shown is None:
            return
        index = shown.index(0, 0)
        while index.isValid() and shown.hasChildren(index):
            child = shown.index(0, 0, index)
            if not child.isValid():
                break
            index = child
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_revealed(self, source_index, select):
        index = self.view_index(source_index)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        if select:
            self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    # Status: loading, errors.

    def _on_node_loaded(self, node):
        if node is self._failed_node:
            self.retry()
        if node is self._model.root and self._site_label is None:
            self.status_bar.set_site(_site_name(self._session))
        if node.entity is None and node is self._current_node():
            self.details.show_group(
                node.name, self._breadcrumb[:-1], _group_summary(node)
            )

    def _on_load_failed(self, node, error):
        self._failed_node = node
        if node is self._model.root and self._site_label is None:
            self.status_bar.set_site("Not connected")
        self._report(error, f"load {node.name or 'the projects'}", retry=True)

    def _report(self, error, action, retry=False):
        self._last_error = error
        self.status_bar.show_error(
            f"Could not {action}: {describe_error(error)}", retry
        )
        self.error_reported.emit(error)

    def _on_busy_changed(self, count):
        self.status_bar.set_in_flight(count)
        if count:
            if not self._spinner.isActive() and not self._closed:
                self._spinner.start()
        else:
            self._spinner.stop()
            self.tree.viewport().update()

    def _on_spin(self):
        self._delegate.advance()
        if self._model is None:
            return
        for index in self._model.loading_indexes():
            shown = self.view_index(index)
            if shown.isValid():
                self.tree.update(shown)

    def _show_tree_menu(self, position):
        index = self.tree.indexAt(position)
        menu = QtWidgets.QMenu(self)
        node = index.data(NODE_ROLE) if index.isValid() else None
        if node is not None and node.error is not None:
            menu.addAction(
                "Retry", lambda: self._model.retry(self._model.index_of(node))
            )
        menu.addAction("Refresh", self.refresh)
        menu.addAction("Copy", self.copy_selection)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(position))
        return menu


def _site_name(session):
    """The site's address, or a plain word for a session that has none."""
    try:
        url = getattr(session, "base_url", None)
    except Exception:  # A closed session or a mock: there is no address to show.
        url = None
    return url if isinstance(url, str) and url else "Connected"


def _group_summary(node):
    if node.state is not NodeState.LOADED:
        return "Expand to load"
    one, many = _GROUP_CHILDREN.get(node.kind, ("row", "rows"))
    count = len(node.children)
    return f"{count} {one if count == 1 else many}"


def _hits_note(text, count):
    if not count:
        return f"No matches for \u201c{text}\u201d"
    return f"{count} {'match' if count == 1 else 'matches'} for \u201c{text}\u201d"
