"""The versions and published files of the selected shot, asset or task."""

from dataclasses import dataclass, field

from qtpy import QtCore, QtGui
from qtpy.QtCore import QModelIndex, Qt

from sgbrowser import icons
from sgbrowser.formatting import entity_path, format_value
from sgbrowser.roles import ENTITY_ROLE, THUMBNAIL_ROLE
from sgbrowser.status import status_icon

__all__ = [
    "Contents",
    "EntityTableModel",
    "PublishedFilesModel",
    "VersionsModel",
    "load_contents",
]

VERSION_FIELDS = [
    "code",
    "sg_status_list",
    "user",
    "created_at",
    "image",
    "description",
    "sg_path_to_frames",
    "sg_path_to_movie",
    "sg_first_frame",
    "sg_last_frame",
    "frame_range",
    "entity",
    "sg_task",
    "project",
]

PUBLISHED_FILE_FIELDS = [
    "code",
    "name",
    "path",
    "version_number",
    "published_file_type",
    "sg_status_list",
    "created_at",
    "created_by",
    "description",
    "entity",
    "task",
    "version",
    "project",
]

#: The logical size of a thumbnail in the versions list (16:9).
THUMBNAIL_SIZE = QtCore.QSize(96, 54)

_NEWEST_FIRST = [{"field_name": "created_at", "direction": "desc"}]


@dataclass
class Contents:
    """What is listed for one entity: its versions and published files."""

    owner: object
    versions: list = field(default_factory=list)
    published_files: list = field(default_factory=list)


def load_contents(session, owner):
    """Runs on a worker: the owner's versions and published files, newest first."""
    link = owner.minimal()
    if owner.type == "Task":
        version_filters = [["sg_task", "is", link]]
        file_filters = [["task", "is", link]]
    else:
        version_filters = [["entity", "is", link]]
        file_filters = [["entity", "is", link]]
    versions = session.find(
        "Version", version_filters, VERSION_FIELDS, order=_NEWEST_FIRST
    )
    published_files = session.find(
        "PublishedFile", file_filters, PUBLISHED_FILE_FIELDS, order=_NEWEST_FIRST
    )
    return Contents(owner, list(versions), list(published_files))


class EntityTableModel(QtCore.QAbstractTableModel):
    """A flat table of entities; each column reads one field."""

    columns = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._entities = []

    @property
    def entities(self):
        return list(self._entities)

    def set_entities(self, entities):
        self.beginResetModel()
        self._entities = list(entities)
        self.endResetModel()

    def entity(self, row):
        return self._entities[row] if 0 <= row < len(self._entities) else None

    def rowCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(self._entities)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section][0]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        entity = self.entity(index.row()) if index.isValid() else None
        if entity is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(entity.get(self.columns[index.column()][1]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return entity_path(entity) or f"{entity.type} {entity.id}"
        if role == ENTITY_ROLE:
            return entity
        if role == Qt.ItemDataRole.DecorationRole:
            field_name = self.columns[index.column()][1]
            if field_name == "sg_status_list" and entity.get(field_name):
                return status_icon(entity[field_name])
            if index.column() == 0:
                return self.decoration(entity)
        return None

    def decoration(self, entity):
        return icons.icon(entity.type)


class VersionsModel(EntityTableModel):
    """Versions with their thumbnails, loaded as the view asks for them."""

    columns = (
        ("", "image"),
        ("Version", "code"),
        ("Status", "sg_status_list"),
        ("Artist", "user"),
        ("Date", "created_at"),
        ("Description", "description"),
    )

    def __init__(self, thumbnails, parent=None):
        super().__init__(parent)
        self._thumbnails = thumbnails
        self._pixmaps = {}
        self._placeholder = None
        thumbnails.ready.connect(self._on_thumbnail_ready)

    def set_entities(self, entities):
        self._pixmaps.clear()
        super().set_entities(entities)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == THUMBNAIL_ROLE and index.isValid():
            entity = self.entity(index.row())
            return self._thumbnails.image(entity.get("image")) if entity else None
        if index.column() == 0 and role == Qt.ItemDataRole.DisplayRole:
            return None
        return super().data(index, role)

    def decoration(self, entity):
        url = entity.get("image")
        if url in self._pixmaps:
            return self._pixmaps[url]
        image = self._thumbnails.image(url)
        if image is None:
            return self._placeholder_pixmap()
        pixmap = _fit(image)
        self._pixmaps[url] = pixmap
        return pixmap

    def _placeholder_pixmap(self):
        if self._placeholder is None:
            self._placeholder = _fit(None)
        return self._placeholder

    def _on_thumbnail_ready(self, url):
        for row, entity in enumerate(self._entities):
            if entity.get("image") == url:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)


class PublishedFilesModel(EntityTableModel):
    columns = (
        ("Name", "code"),
        ("Status", "sg_status_list"),
        ("Type", "published_file_type"),
        ("Version", "version_number"),
        ("Date", "created_at"),
        ("Path", "path"),
    )


def _fit(image):
    """A HiDPI pixmap of THUMBNAIL_SIZE: the image letterboxed, or a blank frame."""
    ratio = QtGui.QGuiApplication.instance().devicePixelRatio()
    size = THUMBNAIL_SIZE * ratio
    canvas = QtGui.QPixmap(size)
    canvas.fill(QtGui.QColor("#1b1d21"))
    if image is not None:
        scaled = image.scaled(
            size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter = QtGui.QPainter(canvas)
        painter.drawImage(
            (size.width() - scaled.width()) // 2,
            (size.height() - scaled.height()) // 2,
            scaled,
        )
        painter.end()
    canvas.setDevicePixelRatio(ratio)
    return canvas
