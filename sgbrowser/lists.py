"""The tabs listing the versions and published files of the selected entity."""

import datetime

from qtpy import QtCore, QtWidgets
from qtpy.QtCore import Qt

from sgbrowser.formatting import describe_error, format_value
from sgbrowser.tables import table_view
from sgbrowser.versions_model import (
    THUMBNAIL_SIZE,
    PublishedFilesModel,
    VersionsModel,
    load_contents,
)

__all__ = ["ContentsTabs"]

#: A cell's margins and focus frame, beside its text.
_CELL_PADDING = 18

NOTHING_LISTED = "Select a shot, asset or task to list its versions and files."


class ContentsTabs(QtWidgets.QTabWidget):
    """Lists one entity's versions and published files, each loaded once.

    Loads run on the worker pool; a newer `list_for` drops an older answer. Each
    list says in its empty space why it is empty. ``row_selected`` carries the
    entity of the row that became current, ``version_activated`` and
    ``file_activated`` the one under Enter or a double-click, and ``failed`` the
    owner entity and the exception of a load that failed.
    """

    row_selected = QtCore.Signal(object)
    version_activated = QtCore.Signal(object)
    file_activated = QtCore.Signal(object)
    failed = QtCore.Signal(object, object)

    def __init__(self, pool, thumbnails, parent=None):
        super().__init__(parent)
        self.setDocumentMode(True)
        self._pool = pool
        self._session = None
        self._owner = None
        self._loaded = {}
        self._ticket = None

        self.versions_model = VersionsModel(thumbnails, self)
        self.files_model = PublishedFilesModel(self)
        self.versions_view = table_view(
            self.versions_model,
            THUMBNAIL_SIZE.height() + 8,
            {0: THUMBNAIL_SIZE.width() + 12},
        )
        self.versions_view.setIconSize(THUMBNAIL_SIZE)
        self.files_view = table_view(self.files_model, 24)
        # Names and paths keep their ends, where versions and extensions are.
        self.files_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for view in (self.versions_view, self.files_view):
            _fit_date_column(view)
        self.addTab(self.versions_view, "Versions")
        self.addTab(self.files_view, "Published Files")

        for view, model, activated in (
            (self.versions_view, self.versions_model, self.version_activated),
            (self.files_view, self.files_model, self.file_activated),
        ):
            view.activated.connect(
                lambda index, model=model, signal=activated: _emit_row(
                    signal, model, index
                )
            )
            view.selectionModel().currentChanged.connect(
                lambda current, _, model=model: _emit_row(
                    self.row_selected, model, current
                )
            )
        self._show(None)

    @property
    def owner(self):
        """The entity whose contents are listed, or None."""
        return self._owner

    def set_session(self, session):
        """List from another session, forgetting what the last one loaded."""
        self._session = session
        self._loaded.clear()
        self.list_for(None)

    def list_for(self, entity, reload=False):
        """List an entity's contents (None: nothing), from memory unless reload."""
        self.cancel()
        self._owner = entity
        if entity is None:
            self._show(None)
            return
        key = (entity.type, entity.id)
        if reload:
            self._loaded.pop(key, None)
        if key in self._loaded:
            self._show(self._loaded[key])
            return
        self._show(None, loading=True)
        ticket = self._pool.submit(
            load_contents,
            self._session,
            entity,
            on_result=lambda contents: self._on_loaded(ticket, contents),
            on_error=lambda error: self._on_failed(ticket, entity, error),
            label=f"contents {entity.type} {entity.id}",
        )
        self._ticket = ticket

    def cancel(self):
        """Drop the load in progress, if any."""
        if self._ticket is not None:
            self._ticket.cancel()
            self._ticket = None

    def _on_loaded(self, ticket, contents):
        if ticket is not self._ticket:
            return
        self._ticket = None
        owner = contents.owner
        self._loaded[(owner.type, owner.id)] = contents
        self._show(contents)

    def _on_failed(self, ticket, entity, error):
        if ticket is not self._ticket:
            return
        self._ticket = None
        self._show(None, error=error)
        self.failed.emit(entity, error)

    def _show(self, contents, loading=False, error=None):
        versions = contents.versions if contents is not None else []
        files = contents.published_files if contents is not None else []
        self.versions_model.set_entities(versions)
        self.files_model.set_entities(files)
        for tab, view, title, rows in (
            (0, self.versions_view, "Versions", versions),
            (1, self.files_view, "Published Files", files),
        ):
            count = ""
            if loading:
                placeholder, count = "Loading\u2026", " (loading\u2026)"
            elif error is not None:
                placeholder = (
                    f"Could not load the {title.lower()}: {describe_error(error)}"
                    "\nPress F5 to try again."
                )
            elif contents is not None:
                placeholder, count = f"No {title.lower()}", f" ({len(rows)})"
            else:
                placeholder = NOTHING_LISTED
            view.set_placeholder(placeholder)
            self.setTabText(tab, title + count)


def _emit_row(signal, model, index):
    entity = model.entity(index.row()) if index.isValid() else None
    if entity is not None:
        signal.emit(entity)


def _fit_date_column(view):
    """Size the Date column from the font, for a full date and time before any row
    loads; the widest digits stand in for every date."""
    sample = format_value(datetime.datetime(2000, 12, 28, 20, 58))
    width = view.fontMetrics().horizontalAdvance(sample) + _CELL_PADDING
    column = [title for title, _ in view.model().columns].index("Date")
    header = view.horizontalHeader()
    header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Fixed)
    header.resizeSection(column, width)
