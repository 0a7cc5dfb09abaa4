"""Bringing the open browser panel to the front of its pane."""

from qtpy.QtWidgets import QApplication, QStackedWidget, QTabWidget

from . import PANEL_OBJECT_NAME


def bring_forward() -> bool:
    """Show the open panel's tab and focus it; False when no panel is open."""
    panel = next(
        (
            widget
            for widget in QApplication.allWidgets()
            if widget.objectName() == PANEL_OBJECT_NAME
        ),
        None,
    )
    if panel is None:
        return False
    child, parent = panel, panel.parentWidget()
    while parent is not None:
        if isinstance(parent, (QStackedWidget, QTabWidget)):
            parent.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()
    panel.window().raise_()
    panel.setFocus()
    return True
