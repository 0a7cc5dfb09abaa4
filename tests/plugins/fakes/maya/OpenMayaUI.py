"""A fake of maya.OpenMayaUI.MQtUtil: Qt pointers of Maya's widgets."""

from qtpy import shiboken
from qtpy.QtWidgets import QWidget

from .host import HOST


def _pointer(widget):
    return int(shiboken.getCppPointer(widget)[0])


class MQtUtil:
    @staticmethod
    def mainWindow():
        return _pointer(HOST.main_window)

    @staticmethod
    def findControl(name):
        if HOST.main_window.objectName() == name:
            return _pointer(HOST.main_window)
        found = HOST.main_window.findChild(QWidget, name)
        return None if found is None else _pointer(found)

    @staticmethod
    def getCurrentParent():
        if HOST.building is None:
            return _pointer(HOST.main_window)
        return _pointer(HOST.building)

    @staticmethod
    def addWidgetToMayaLayout(widget, parent):
        child = shiboken.wrapInstance(int(widget), QWidget)
        layout = shiboken.wrapInstance(int(parent), QWidget).layout()
        layout.addWidget(child)
