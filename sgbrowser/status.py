"""Status codes as a coloured dot beside the code, as production trackers show them."""

from qtpy import QtCore, QtGui
from qtpy.QtCore import Qt

__all__ = ["status_color", "status_icon"]

#: Colours of the common status codes; others are grey.
STATUS_COLORS = {
    "ip": "#3d8fe0",
    "rev": "#a678e0",
    "vwd": "#35b3b3",
    "apr": "#3fb86b",
    "fin": "#3fb86b",
    "cmpt": "#3fb86b",
    "rdy": "#e0b43d",
    "wtg": "#8a8f98",
    "hld": "#e0873d",
    "rej": "#e5534b",
    "cbb": "#b05a5a",
    "omt": "#5c6068",
    "na": "#5c6068",
}

_DEFAULT = "#8a8f98"
_icons = {}


def status_color(code):
    return QtGui.QColor(STATUS_COLORS.get(str(code).lower(), _DEFAULT))


def status_icon(code, size=10):
    """A small filled circle in the status's colour, sharp on HiDPI screens.

    Selected rows get the circle inside a white ring: a blue status would vanish
    on a blue selection otherwise.
    """
    key = (str(code).lower(), size)
    if key not in _icons:
        icon = QtGui.QIcon()
        icon.addPixmap(_dot(status_color(code), size), QtGui.QIcon.Mode.Normal)
        icon.addPixmap(
            _dot(status_color(code), size, ring=QtGui.QColor("#ffffff")),
            QtGui.QIcon.Mode.Selected,
        )
        _icons[key] = icon
    return _icons[key]


def _dot(color, size, ring=None):
    ratio = QtGui.QGuiApplication.instance().devicePixelRatio()
    pixmap = QtGui.QPixmap(QtCore.QSize(size, size) * ratio)
    pixmap.fill(QtGui.QColor(0, 0, 0, 0))
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    if ring is None:
        painter.setPen(Qt.PenStyle.NoPen)
    else:
        painter.setPen(QtGui.QPen(ring, 1.5 * ratio))
    painter.setBrush(color)
    painter.drawEllipse(QtCore.QRectF(1, 1, size * ratio - 2, size * ratio - 2))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
