"""The browser panel in Nuke: a pick becomes a Read node."""

from qtpy.QtWidgets import QVBoxLayout, QWidget
from sgsession_hosts.panel import HostAction, HostPanel

from . import PANEL_OBJECT_NAME
from .reads import create_read, is_readable


class NukeBrowser(QWidget):
    """The host panel whose picks of Versions and PublishedFiles create Reads."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName(PANEL_OBJECT_NAME)
        actions = (HostAction("Create Read", create_read, is_readable, default=True),)
        self.host_panel = HostPanel(actions=actions, parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.host_panel)
