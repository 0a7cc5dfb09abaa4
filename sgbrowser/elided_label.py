"""A one-line label that shortens its text to fit rather than widen its pane."""

from qtpy import QtCore, QtGui, QtWidgets
from qtpy.QtCore import Qt

__all__ = ["ElidedLabel"]


class ElidedLabel(QtWidgets.QLabel):
    """Paints its text elided to the width it is given; the tooltip holds it all.

    A long name or path would otherwise set the label's minimum width and push
    the splitter around each time the selection changes. ``text()`` stays whole.
    """

    def __init__(self, text="", mode=Qt.TextElideMode.ElideRight, parent=None):
        super().__init__(text, parent)
        self._mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored,
            QtWidgets.QSizePolicy.Policy.Preferred,
        )

    def shown_text(self):
        """The text as painted at the current width."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), self._mode, width)

    def paintEvent(self, event):
        shown = self.shown_text()
        whole = self.text() if shown != self.text() else ""
        if self.toolTip() != whole:
            self.setToolTip(whole)
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        baseline = rect.top() + (rect.height() - metrics.height()) // 2
        painter = QtGui.QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(QtCore.QPoint(rect.left(), baseline + metrics.ascent()), shown)
        painter.end()
