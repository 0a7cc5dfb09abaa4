"""A fake of nukescripts.panels, following the structure of Nuke's own module."""

import nuke
from qtpy.QtWidgets import QVBoxLayout, QWidget

_panels = {}
registrations = []


def registerPanel(id, command):
    registrations.append(id)
    _panels[id] = command


def unregisterPanel(id, command):
    del _panels[id]


def restorePanel(id):
    if id not in _panels:
        print("Can't restore panel '", id, "' because it hasn't been registered.")
        return None
    return _panels[id]()


class WidgetKnob:
    def __init__(self, widget):
        self.widgetClass = widget

    def makeUI(self):
        self.widget = self.widgetClass()
        return self.widget


class PythonPanel:
    def __init__(self, title="", id="", scrollable=True):
        self.title = title
        self.id = id
        self.knobs = []

    def addKnob(self, knob):
        self.knobs.append(knob)

    def addToPane(self, pane=None):
        pane = pane or nuke.HOST.pane
        container = QWidget(pane)
        container.setObjectName(self.id)
        layout = QVBoxLayout(container)
        for knob in self.knobs:
            layout.addWidget(knob.makeUI())
        pane.addWidget(container)
        pane.setCurrentWidget(container)
        nuke.HOST.panels.append((self.id, container))
        return self


def registerWidgetAsPanel(widget, name, id, create=False):
    class Panel(PythonPanel):
        def __init__(self):
            super().__init__(name, id)
            command = "__import__('nukescripts').panels.WidgetKnob(" + widget + ")"
            self.addKnob(nuke.PyCustom_Knob(name, "", command))

    def addPanel(toPane=True):
        panel = Panel()
        return panel.addToPane() if toPane else panel

    nuke.menu("Pane").addCommand(name, addPanel)
    registerPanel(id, addPanel)
    return Panel() if create else None


def reset():
    _panels.clear()
    registrations.clear()
