"""A small fake of Nuke's Python module, modelling its documented behaviour."""

import sys

from qtpy import shiboken
from qtpy.QtWidgets import QLabel, QMainWindow, QStackedWidget

# The plugin package a restart imports afresh.
PACKAGE = "sgsession_nuke"
_READ_KNOBS = {"file": "", "first": 1, "last": 1, "origfirst": 1, "origlast": 1}
# The menus nuke.menu documents; any other name gives None.
MENU_NAMES = (
    "Nuke",
    "Pane",
    "Nodes",
    "Properties",
    "Animation",
    "Viewer",
    "Node Graph",
    "Axis",
)


class Knob:
    def __init__(self, name, value):
        self._name = name
        self._value = value

    def name(self):
        return self._name

    def value(self):
        return self._value

    def setValue(self, value):
        self._value = value

    def fromUserText(self, text):
        self._value = text


class Node:
    def __init__(self, node_class, name, knobs):
        self._class = node_class
        self._name = name
        self._knobs = {key: Knob(key, value) for key, value in knobs.items()}

    def Class(self):
        return self._class

    def name(self):
        return self._name

    def __getitem__(self, knob):
        return self._knobs[knob]


class MenuItem:
    def __init__(self, name, command):
        self._name = name
        self.command = command

    def name(self):
        return self._name

    def invoke(self):
        self.command()


class Menu:
    """A menu whose addCommand replaces an item of the same path."""

    def __init__(self, name):
        self._name = name
        self.items = {}

    def name(self):
        return self._name

    def addCommand(self, name, command="", shortcut="", icon="", tooltip=""):
        self.items[name] = MenuItem(name, command)
        return self.items[name]

    def findItem(self, name):
        return self.items.get(name)


class PyCustom_Knob:
    """Builds its widget by evaluating its command, as Nuke does for a panel."""

    def __init__(self, name, label, command):
        self._name = name
        self.command = command

    def makeUI(self):
        self.widget = eval(self.command, {}).makeUI()
        return self.widget


class NukeHost:
    """One run of Nuke: main window, one pane, menus, panels and nodes."""

    def start(self):
        self.main_window = QMainWindow()
        self.pane = QStackedWidget(self.main_window)
        self.pane.addWidget(QLabel("Properties"))
        self.main_window.setCentralWidget(self.pane)
        self.main_window.show()
        self.menus = {}
        self.nodes = []
        self.plugin_path = []
        self.panels = []

    def stop(self):
        """Quit; give the layout Nuke saves: the ids of open panels."""
        saved = [panel_id for panel_id, _widget in self.open_panels()]
        shiboken.delete(self.main_window)
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]
        return saved

    def open_panels(self):
        """The panels in the pane: (panel id, the panel's widget)."""
        return [
            (panel_id, widget)
            for panel_id, widget in self.panels
            if shiboken.isValid(widget) and self.pane.indexOf(widget) >= 0
        ]

    def close_panel(self, panel_id):
        """Close a panel's tab as Nuke does: a close event, then out of the pane.

        Nuke keeps the closed panel's widgets alive, hidden.
        """
        for found, widget in self.open_panels():
            if found == panel_id:
                widget.close()
                self.pane.removeWidget(widget)


HOST = NukeHost()


def menu(name):
    if name not in MENU_NAMES:
        return None
    return HOST.menus.setdefault(name, Menu(name))


def createNode(node_class, knobs="", inpanel=True):
    if node_class != "Read":
        raise RuntimeError(f"{node_class}: unknown command")
    count = sum(1 for node in HOST.nodes if node.Class() == node_class)
    node = Node(node_class, f"{node_class}{count + 1}", _READ_KNOBS)
    HOST.nodes.append(node)
    return node


def allNodes(filter=None):
    return [node for node in HOST.nodes if filter in (None, node.Class())]


def getPaneFor(panel_name):
    for panel_id, widget in HOST.open_panels():
        if panel_id == panel_name:
            return widget.parentWidget()
    return None


def pluginAddPath(args, addToSysPath=True):
    paths = [args] if isinstance(args, str) else list(args)
    for path in paths:
        HOST.plugin_path.insert(0, path)
        if addToSysPath:
            sys.path.insert(0, path)
