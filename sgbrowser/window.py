"""The standalone window: the panel, a title naming the site, a clean close."""

from qtpy import QtWidgets

from sgbrowser.panel import BrowserPanel

__all__ = ["BrowserWindow"]

#: How long closing the window waits for requests in flight before abandoning them.
CLOSE_WAIT_MS = 2_000


class BrowserWindow(QtWidgets.QMainWindow):
    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.panel = BrowserPanel(session, self)
        self.setCentralWidget(self.panel)
        self.setWindowTitle("sgbrowser")

    def set_session(self, session, site_label):
        self.panel.set_session(session, site_label)
        self.setWindowTitle(f"sgbrowser \u2014 {site_label}")

    def closeEvent(self, event):
        self.panel.shutdown(CLOSE_WAIT_MS)
        super().closeEvent(event)
