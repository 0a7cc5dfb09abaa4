"""The panel's status bar: the site, the requests in flight, the last error."""

from qtpy import QtCore, QtWidgets

__all__ = ["BrowserStatusBar"]


class BrowserStatusBar(QtWidgets.QStatusBar):
    """Shows where the browser is connected, how busy it is and what last failed.

    ``retry_requested`` fires when the Retry button beside an error is pressed.
    """

    retry_requested = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.site_label = QtWidgets.QLabel()
        self.note_label = QtWidgets.QLabel()
        self.note_label.setVisible(False)
        self.busy_label = QtWidgets.QLabel("Ready")
        self.error_label = QtWidgets.QLabel()
        self.error_label.setObjectName("LastError")
        self.retry_button = QtWidgets.QToolButton()
        self.retry_button.setText("Retry")
        self.retry_button.setVisible(False)
        self.retry_button.clicked.connect(self.retry_requested)
        self.addWidget(self.site_label)
        self.addWidget(self.error_label, 1)
        self.addPermanentWidget(self.retry_button)
        self.addPermanentWidget(self.note_label)
        self.addPermanentWidget(self.busy_label)

    def set_site(self, text):
        self.site_label.setText(text)

    def set_in_flight(self, count):
        if count:
            noun = "request" if count == 1 else "requests"
            self.busy_label.setText(f"{count} {noun} in flight")
        else:
            self.busy_label.setText("Ready")

    def set_note(self, text):
        """A short note beside the request count, such as the last search's hits."""
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))

    def show_error(self, text, retry=False):
        self.error_label.setText(text)
        self.error_label.setToolTip(text)
        self.retry_button.setVisible(retry)

    def clear_error(self):
        self.error_label.setText("")
        self.error_label.setToolTip("")
        self.retry_button.setVisible(False)
