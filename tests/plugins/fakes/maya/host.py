"""The state of the fake Maya: main window, workspace controls, menus."""

import sys
from dataclasses import dataclass, field

from qtpy import shiboken
from qtpy.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

MAIN_WINDOW = "MayaWindow"
# The plugin package a restart imports afresh.
PACKAGE = "sgsession_maya"


@dataclass
class WorkspaceControl:
    widget: QWidget
    retain: bool
    ui_script: str = ""
    label: str = ""


@dataclass
class Menu:
    label: str
    items: list = field(default_factory=list)


class MayaHost:
    """One run of Maya; `restart` quits it and restores its saved workspace."""

    def __init__(self):
        self.main_window = None

    def start(self):
        """Start Maya: a new main window, nothing else open yet."""
        self.batch = False
        self.available_plugins = {"AbcImport", "mayaUsdPlugin"}
        self.main_window = QMainWindow()
        self.main_window.setObjectName(MAIN_WINDOW)
        # One dock area where workspace controls are tabbed, as Maya tabs them.
        self.dock = QTabWidget(self.main_window)
        self.main_window.setCentralWidget(self.dock)
        self.main_window.show()
        self.controls = {}
        self.menus = {}
        self.deferred = []
        self.files = []
        self.loaded_plugins = set()
        self.building = None

    def stop(self):
        """Quit; give the workspace Maya saves: open controls' uiScripts."""
        saved = [
            (name, control.ui_script)
            for name, control in self.controls.items()
            if self.is_open(name)
        ]
        shiboken.delete(self.main_window)
        self.main_window = None
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]
        return saved

    def restart(self):
        """Quit and start again, restoring the controls the workspace saved.

        Restored controls take Maya's default, retain=True, the harder case for the
        plugin: closing only hides them, and opening again must bring them back.
        """
        saved = self.stop()
        self.start()
        for name, ui_script in saved:
            self.create_control(name, retain=True, ui_script=ui_script)

    def is_alive(self, name):
        control = self.controls.get(name)
        return control is not None and shiboken.isValid(control.widget)

    def is_open(self, name):
        """Whether the control has a tab, in front or behind another control."""
        return (
            self.is_alive(name) and self.dock.indexOf(self.controls[name].widget) >= 0
        )

    def create_control(self, name, retain=True, ui_script="", label=""):
        """A new control, tabbed in front of the others."""
        if self.is_alive(name):
            raise RuntimeError(f"Object's name '{name}' is not unique.")
        widget = QWidget()
        widget.setObjectName(name)
        QVBoxLayout(widget)
        self.controls[name] = WorkspaceControl(widget, retain, ui_script, label)
        self.dock.setCurrentIndex(self.dock.addTab(widget, label or name))
        if ui_script:
            self.run_ui_script(name)
        return name

    def run_ui_script(self, name):
        """Build a control's content the way Maya does: its uiScript, parent set."""
        self.building = self.controls[name].widget
        try:
            exec(self.controls[name].ui_script, {"__name__": "__main__"})
        finally:
            self.building = None

    def restore_control(self, name):
        """Give a closed control its tab back, behind the control in front."""
        control = self.controls[name]
        if not self.is_open(name):
            self.dock.addTab(control.widget, control.label or name)

    def raise_control(self, name):
        """Put an open control in front of its tab group; a closed one stays closed."""
        if self.is_open(name):
            self.dock.setCurrentWidget(self.controls[name].widget)

    def hide_control(self, name):
        self.dock.removeTab(self.dock.indexOf(self.controls[name].widget))

    def close_control(self, name):
        """Take the control's tab away; delete the control unless it is retained."""
        self.hide_control(name)
        if not self.controls[name].retain:
            shiboken.delete(self.controls.pop(name).widget)

    def run_deferred(self):
        calls, self.deferred = self.deferred, []
        for call in calls:
            call()


HOST = MayaHost()
