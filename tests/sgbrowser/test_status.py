"""Status dots: coloured by code, and still visible on a selected row."""

import pytest
from qtpy import QtCore, QtGui

from sgbrowser.status import status_color, status_icon


def _lightest(icon, mode):
    image = icon.pixmap(QtCore.QSize(10, 10), mode).toImage()
    return max(
        image.pixelColor(x, y).lightness()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    )


@pytest.mark.parametrize("code", ["ip", "rev", "wtg"], ids=["blue", "purple", "grey"])
def test_a_selected_status_dot_is_ringed_in_white(qapp, code):
    icon = status_icon(code)

    assert _lightest(icon, QtGui.QIcon.Mode.Normal) == status_color(code).lightness()
    assert _lightest(icon, QtGui.QIcon.Mode.Selected) >= 240
