"""The details pane: the selected entity's breadcrumb and core fields."""

from qtpy import QtCore, QtGui, QtWidgets
from qtpy.QtCore import Qt

from sgbrowser.elided_label import ElidedLabel
from sgbrowser.formatting import entity_path, format_value

__all__ = ["DETAIL_FIELDS", "DetailsPane"]

#: The fields holding the file path an entity stands for.
_PATH_FIELDS = {
    "Version": ("sg_path_to_frames", "sg_path_to_movie"),
    "PublishedFile": ("path",),
}

#: The logical size of the selected entity's picture (16:9).
PREVIEW_SIZE = QtCore.QSize(320, 180)

_DIM_LABELS = ("Breadcrumb", "DetailsSubtitle", "FieldName")

_BREADCRUMB_SEPARATOR = "  \u203a  "
_RANGE_SEPARATOR = " \u2013 "

#: The rows shown per entity type: (label, fields joined by a dash).
DETAIL_FIELDS = {
    "Project": [
        ("Status", ("sg_status",)),
        ("Dates", ("start_date", "end_date")),
        ("Description", ("sg_description",)),
    ],
    "Sequence": [
        ("Status", ("sg_status_list",)),
        ("Description", ("description",)),
    ],
    "Shot": [
        ("Status", ("sg_status_list",)),
        ("Frame range", ("sg_cut_in", "sg_cut_out")),
        ("Description", ("description",)),
    ],
    "Asset": [
        ("Status", ("sg_status_list",)),
        ("Type", ("sg_asset_type",)),
        ("Description", ("description",)),
    ],
    "Task": [
        ("Status", ("sg_status_list",)),
        ("Step", ("step",)),
        ("Assignees", ("task_assignees",)),
        ("Dates", ("start_date", "due_date")),
        ("Link", ("entity",)),
    ],
    "Version": [
        ("Status", ("sg_status_list",)),
        ("Artist", ("user",)),
        ("Created", ("created_at",)),
        ("Frame range", ("sg_first_frame", "sg_last_frame")),
        ("Task", ("sg_task",)),
        ("Description", ("description",)),
    ],
    "PublishedFile": [
        ("Status", ("sg_status_list",)),
        ("Type", ("published_file_type",)),
        ("Version", ("version_number",)),
        ("Created", ("created_at",)),
        ("By", ("created_by",)),
        ("Description", ("description",)),
    ],
}


def fields_for(entity_type):
    """Every field the details pane reads for an entity type."""
    names = [name for _, group in DETAIL_FIELDS.get(entity_type, []) for name in group]
    return names + list(_PATH_FIELDS.get(entity_type, ()))


class DetailsPane(QtWidgets.QWidget):
    """Shows one entity: breadcrumb, name, type and id, then its core fields."""

    def __init__(self, thumbnails=None, parent=None):
        super().__init__(parent)
        self.setObjectName("Details")
        self._entity = None
        self._thumbnails = thumbnails
        self.preview = QtWidgets.QLabel()
        self.preview.setObjectName("Preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_SIZE)
        self.preview.setVisible(False)
        if thumbnails is not None:
            thumbnails.ready.connect(self._on_thumbnail_ready)
        self.breadcrumb = _label("Breadcrumb", wrap=True)
        self.title = ElidedLabel(mode=Qt.TextElideMode.ElideMiddle)
        self.title.setObjectName("DetailsTitle")
        self.subtitle = _label("DetailsSubtitle")
        self._form = QtWidgets.QFormLayout()
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self._form.setFieldGrowthPolicy(
            QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow
        )
        self._form.setHorizontalSpacing(12)
        self._form.setVerticalSpacing(6)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(4)
        layout.addWidget(self.preview)
        layout.addSpacing(8)
        layout.addWidget(self.breadcrumb)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(10)
        layout.addLayout(self._form)
        layout.addStretch(1)
        self.show_entity(None)

    @property
    def entity(self):
        return self._entity

    def show_entity(self, entity, breadcrumb=()):
        """Show an entity (None for nothing) under a breadcrumb of names."""
        self._entity = entity
        while self._form.rowCount():
            self._form.removeRow(0)
        self._show_preview()
        if entity is None:
            self.breadcrumb.setText("")
            self.title.setText("Nothing selected")
            self.subtitle.setText("Select a shot, asset, task or version.")
            return
        self.breadcrumb.setText(_BREADCRUMB_SEPARATOR.join(breadcrumb))
        self.title.setText(_name_of(entity))
        self.subtitle.setText(f"{entity.type} {entity.id}")
        for label, names in DETAIL_FIELDS.get(entity.type, []):
            self._form.addRow(_label("FieldName", label), self._value(entity, names))
        path = entity_path(entity)
        if path:
            # Across the pane, elided in the middle: the top folders and the file
            # name stay in view; the tooltip and Ctrl+C give the whole path.
            value = ElidedLabel(path, Qt.TextElideMode.ElideMiddle)
            value.setObjectName("FieldValue")
            self._form.addRow(_label("FieldName", "Path"))
            self._form.addRow(value)

    def show_group(self, name, breadcrumb, summary):
        """Show a row that is no entity, such as "Sequences" or an asset type."""
        self.show_entity(None)
        self.title.setText(name)
        self.breadcrumb.setText(_BREADCRUMB_SEPARATOR.join(breadcrumb))
        self.subtitle.setText(summary)

    def _show_preview(self):
        url = self._entity.get("image") if self._entity is not None else None
        image = self._thumbnails.image(url) if url and self._thumbnails else None
        self.preview.setVisible(bool(url))
        if image is None:
            self.preview.clear()
            return
        ratio = self.devicePixelRatioF()
        scaled = image.scaled(
            PREVIEW_SIZE * ratio,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        pixmap = QtGui.QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        self.preview.setPixmap(pixmap)

    def _on_thumbnail_ready(self, url):
        if self._entity is not None and self._entity.get("image") == url:
            self._show_preview()

    def missing_fields(self, entity):
        """The fields shown for an entity that it does not carry yet."""
        return [name for name in fields_for(entity.type) if name not in entity]

    def _value(self, entity, names):
        values = [format_value(entity.get(name)) for name in names]
        if len(values) > 1:
            joined = _RANGE_SEPARATOR.join(value or "?" for value in values)
            text = joined if any(values) else ""
        else:
            text = values[0]
        label = _label("FieldValue", text or "—", wrap=True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label


def _label(name, text="", wrap=False):
    label = QtWidgets.QLabel(text)
    label.setObjectName(name)
    if name in _DIM_LABELS:
        label.setForegroundRole(QtGui.QPalette.ColorRole.PlaceholderText)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if wrap:
        # Wrapped text takes the pane's width; it never asks the splitter for more.
        label.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored,
            QtWidgets.QSizePolicy.Policy.Preferred,
        )
    return label


def _name_of(entity):
    for key in ("code", "content", "name"):
        value = entity.get(key)
        if isinstance(value, str) and value:
            return value
    return getattr(entity, "display_name", None) or f"{entity.type} {entity.id}"
