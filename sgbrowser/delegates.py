"""The tree's row painter: a spinner on rows that are loading."""

from qtpy import QtCore, QtGui, QtWidgets
from qtpy.QtCore import Qt

from sgbrowser.roles import STATE_ROLE

__all__ = ["LoadingDelegate"]

_STEPS = 12


class LoadingDelegate(QtWidgets.QStyledItemDelegate):
    """Paints rows as usual, plus a turning arc at the right of loading rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._step = 0

    def advance(self):
        self._step = (self._step + 1) % _STEPS

    def paint(self, painter, option, index):
        super().paint(painter, option, index)
        if index.data(STATE_ROLE) != "loading":
            return
        size = min(option.rect.height() - 6, 12)
        rect = QtCore.QRect(0, 0, size, size)
        rect.moveCenter(
            QtCore.QPoint(option.rect.right() - size, option.rect.center().y())
        )
        color = option.palette.color(QtGui.QPalette.ColorRole.Highlight)
        pen = QtGui.QPen(color, 2)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.drawArc(rect, -self._step * (360 // _STEPS) * 16, 270 * 16)
        painter.restore()
