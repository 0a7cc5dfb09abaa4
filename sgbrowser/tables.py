"""The panel's tables: whole-row selection, read-only, columns fitted to content."""

from qtpy import QtCore, QtGui, QtWidgets
from qtpy.QtCore import Qt

__all__ = ["ListTable", "table_view"]


class ListTable(QtWidgets.QTableView):
    """A table that says why it is empty (nothing selected, loading, no rows)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._placeholder = ""

    @property
    def placeholder(self):
        return self._placeholder

    def set_placeholder(self, text):
        self._placeholder = text
        self.viewport().update()

    def paintEvent(self, event):
        super().paintEvent(event)
        model = self.model()
        if not self._placeholder or model is None or model.rowCount():
            return
        painter = QtGui.QPainter(self.viewport())
        role = QtGui.QPalette.ColorRole.PlaceholderText
        painter.setPen(self.palette().color(role))
        painter.drawText(
            QtCore.QRectF(self.viewport().rect()),
            self._placeholder,
            QtGui.QTextOption(Qt.AlignmentFlag.AlignCenter),
        )
        painter.end()


def table_view(model, row_height, fixed_widths=None):
    """A table over ``model``; ``fixed_widths`` maps columns to widths in pixels.

    Other columns fit their contents and the last one stretches.
    """
    view = ListTable()
    view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.setHorizontalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
    view.setModel(model)

    fixed_widths = fixed_widths or {}
    last = model.columnCount() - 1
    for column in range(last):
        if column in fixed_widths:
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, fixed_widths[column])
        else:
            header.setSectionResizeMode(
                column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents
            )
    # Stretch, not stretchLastSection: that one never shrinks below the default
    # section size, and scrolls the table sideways for a few pixels.
    header.setSectionResizeMode(last, QtWidgets.QHeaderView.ResizeMode.Stretch)
    return view
