"""The browser as a Maya workspace control: one at a time, restored by Maya."""

import logging

from maya import OpenMayaUI, cmds
from maya.app.general.mayaMixin import MayaQWidgetDockableMixin
from qtpy import shiboken
from qtpy.QtWidgets import QVBoxLayout, QWidget
from sgsession_hosts.panel import HostPanel

from . import CONTROL_NAME, PANEL_NAME, UI_SCRIPT
from .loading import maya_actions

logger = logging.getLogger(__name__)


class MayaBrowser(MayaQWidgetDockableMixin, QWidget):
    """The host panel with Maya's actions, dockable as a workspace control."""

    def __init__(self, parent=None):
        super().__init__(parent=parent)
        self.setObjectName(PANEL_NAME)
        self.setWindowTitle("ShotGrid")
        self.host_panel = HostPanel(actions=maya_actions(), parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.host_panel)


def show_panel() -> None:
    """Open the browser docked, or bring the open one forward."""
    if cmds.workspaceControl(CONTROL_NAME, query=True, exists=True):
        if OpenMayaUI.MQtUtil.findControl(PANEL_NAME):
            # restore reopens a closed control; r (raise) puts it in front of its tab
            # group, and is spelt short because raise is a Python keyword.
            cmds.workspaceControl(CONTROL_NAME, edit=True, restore=True, r=True)
            return
        logger.info("replacing the empty workspace control %s", CONTROL_NAME)
        cmds.deleteUI(CONTROL_NAME)
    panel = MayaBrowser(parent=main_window())
    panel.show(dockable=True, retain=False, uiScript=UI_SCRIPT)


def restore_panel() -> None:
    """Put the browser in the workspace control Maya is building (the uiScript)."""
    control = OpenMayaUI.MQtUtil.getCurrentParent()
    existing = OpenMayaUI.MQtUtil.findControl(PANEL_NAME)
    if existing:
        panel = shiboken.wrapInstance(int(existing), QWidget)
    else:
        panel = MayaBrowser(parent=main_window())
    OpenMayaUI.MQtUtil.addWidgetToMayaLayout(_pointer(panel), int(control))
    panel.show()


def close_panel() -> None:
    """Close the workspace control.

    Maya deletes a control that is not retained, and the browser with it; a
    retained one is only hidden and reopens as it was.
    """
    if cmds.workspaceControl(CONTROL_NAME, query=True, exists=True):
        cmds.workspaceControl(CONTROL_NAME, edit=True, close=True)


def main_window() -> QWidget:
    """Maya's main window, wrapped by the binding this Maya ships (PySide2 or 6)."""
    return shiboken.wrapInstance(int(OpenMayaUI.MQtUtil.mainWindow()), QWidget)


def _pointer(widget) -> int:
    return int(shiboken.getCppPointer(widget)[0])
