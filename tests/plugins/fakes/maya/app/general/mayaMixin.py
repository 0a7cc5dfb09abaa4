"""A fake of Maya's MayaQWidgetDockableMixin, as its documentation describes it."""

import uuid

from qtpy import shiboken
from qtpy.QtWidgets import QWidget

from maya import OpenMayaUI, cmds


class MayaQWidgetDockableMixin:
    """Parents the widget under Maya's main window; `show` can dock it."""

    def __init__(self, parent=None, *args, **kwargs):
        if parent is None:
            pointer = OpenMayaUI.MQtUtil.mainWindow()
            parent = shiboken.wrapInstance(int(pointer), QWidget)
        super().__init__(parent, *args, **kwargs)
        if not self.objectName():
            self.setObjectName(f"{type(self).__name__}_{uuid.uuid4()}")

    def show(self, dockable=False, retain=True, uiScript=None, **kwargs):
        """Dock into a new workspace control named after the widget, then show it.

        A control of that name left from before makes Maya refuse to create it.
        """
        if dockable and not self._control_name():
            name = self.objectName() + "WorkspaceControl"
            cmds.workspaceControl(name, label=self.windowTitle(), retain=retain)
            pointer = shiboken.getCppPointer(self)[0]
            control = OpenMayaUI.MQtUtil.findControl(name)
            OpenMayaUI.MQtUtil.addWidgetToMayaLayout(int(pointer), int(control))
            # Set after creation, so that Maya does not run it now.
            if uiScript:
                cmds.workspaceControl(name, edit=True, uiScript=uiScript)
        QWidget.setVisible(self, True)
        name = self._control_name()
        if name and cmds.workspaceControl(name, query=True, visible=True):
            cmds.workspaceControl(name, edit=True, r=True)
        elif name:
            cmds.workspaceControl(name, edit=True, visible=True)

    def _control_name(self):
        parent = self.parentWidget()
        name = parent.objectName() if parent is not None else ""
        if name and cmds.workspaceControl(name, exists=True):
            return name
        return None
