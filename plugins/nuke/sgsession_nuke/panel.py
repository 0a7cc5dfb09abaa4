"""The browser panel in Nuke: a pick becomes a Read node."""

import os

from qtpy.QtWidgets import QVBoxLayout, QWidget
from sgsession_hosts.panel import HostAction, HostPanel

from .reads import create_read, is_readable

PANEL_OBJECT_NAME = "sgsessionNukeBrowser"
# Names the site to browse; unset, sgsession's default site.
SITE_VARIABLE = "SGSESSION_SITE"


class NukeBrowser(QWidget):
    """The host panel whose picks of Versions and PublishedFiles create Reads."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName(PANEL_OBJECT_NAME)
        actions = (HostAction("Create Read", create_read, is_readable, default=True),)
        self.host_panel = HostPanel(
            actions=actions, site=os.environ.get(SITE_VARIABLE) or None, parent=self
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.host_panel)
