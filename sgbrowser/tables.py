"""The panel's tables: whole-row selection, read-only, columns fitted to content."""

from qtpy import QtWidgets
from qtpy.QtCore import Qt

__all__ = ["table_view"]


def table_view(model, row_height, fixed_widths=None):
    """A table over ``model``; ``fixed_widths`` maps columns to widths in pixels.

    Other columns fit their contents and the last one stretches.
    """
    view = QtWidgets.QTableView()
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
