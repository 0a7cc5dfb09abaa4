"""A widget with BrowserPanel's interface, so picks can be made without a site."""

from qtpy.QtCore import Signal
from qtpy.QtWidgets import QWidget


class StandInBrowserPanel(QWidget):
    entity_picked = Signal(object)
    version_picked = Signal(object)

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.message = None
        self.closed = False

    def set_session(self, session):
        self.session = session

    def show_message(self, text):
        self.message = text

    def shutdown(self):
        self.closed = True
