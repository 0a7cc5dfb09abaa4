"""The browser panel in Nuke: a pick becomes a Read node."""

from qtpy.QtCore import QEvent
from qtpy.QtWidgets import QVBoxLayout, QWidget
from sgsession_hosts.panel import HostAction, HostPanel

from . import PANEL_ID, PANEL_OBJECT_NAME
from .reads import create_read, is_readable


class NukeBrowser(QWidget):
    """The host panel whose picks of Versions and PublishedFiles create Reads.

    Nuke only hides a panel whose tab is closed. The browser then stops its workers,
    closes its session and deletes itself, so that the next open builds a new one.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName(PANEL_OBJECT_NAME)
        actions = (HostAction("Create Read", create_read, is_readable, default=True),)
        self.host_panel = HostPanel(actions=actions, parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.host_panel)
        self._nuke_panel = None

    def showEvent(self, event):
        super().showEvent(event)
        # Nuke builds the widget before it puts it in the panel named by the id.
        panel = self.parentWidget()
        while panel is not None and panel.objectName() != PANEL_ID:
            panel = panel.parentWidget()
        if panel is not None and panel is not self._nuke_panel:
            panel.installEventFilter(self)
            self._nuke_panel = panel

    def eventFilter(self, watched, event):
        if watched is self._nuke_panel and event.type() == QEvent.Type.Close:
            self.host_panel.shutdown()
            self.deleteLater()
        return False
