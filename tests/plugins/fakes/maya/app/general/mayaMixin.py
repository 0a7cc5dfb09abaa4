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
        if not dockable:
            super().show()
            return
        name = self.objectName() + "WorkspaceControl"
        if not cmds.workspaceControl(name, exists=True):
            cmds.workspaceControl(name, label=self.windowTitle(), retain=retain)
            # Set after creation, so that Maya does not run it now.
            if uiScript:
                cmds.workspaceControl(name, edit=True, uiScript=uiScript)
        pointer = shiboken.getCppPointer(self)[0]
        control = OpenMayaUI.MQtUtil.findControl(name)
        OpenMayaUI.MQtUtil.addWidgetToMayaLayout(int(pointer), int(control))
        cmds.workspaceControl(name, edit=True, visible=True)
        super().show()
