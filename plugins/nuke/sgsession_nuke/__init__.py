"""The sgsession browser as a Nuke panel that turns picks into Read nodes.

This package imports neither Qt nor the browser until a panel is built, so that
a missing install is logged instead of breaking Nuke's startup.
"""

import logging

import nuke
import nukescripts

logger = logging.getLogger(__name__)

PANEL_ID = "com.sgsession.BrowserPanel"
PANEL_TITLE = "ShotGrid Browser"
PANEL_OBJECT_NAME = "sgsessionNukeBrowser"
MENU_PATH = "ShotGrid/Browser"
# Nuke evaluates this in its own namespace to get the panel's widget factory.
WIDGET_FACTORY = "__import__('sgsession_nuke').create_panel_widget"

__all__ = [
    "MENU_PATH",
    "PANEL_ID",
    "PANEL_OBJECT_NAME",
    "PANEL_TITLE",
    "create_panel_widget",
    "install",
    "show_panel",
]


def install() -> None:
    """Register the panel and add the menu entry; running it again changes nothing."""
    if nuke.menu("Pane").findItem(PANEL_TITLE) is None:
        nukescripts.panels.registerWidgetAsPanel(WIDGET_FACTORY, PANEL_TITLE, PANEL_ID)
    nuke_menu = nuke.menu("Nuke")
    if nuke_menu.findItem(MENU_PATH) is None:
        nuke_menu.addCommand(MENU_PATH, show_panel)


def show_panel() -> None:
    """Open the panel, or bring the open one forward."""
    install()
    if nuke.getPaneFor(PANEL_ID) is None:
        nukescripts.panels.restorePanel(PANEL_ID)
        return
    from .focus import bring_forward

    bring_forward()


def create_panel_widget():
    """The panel's widget; a message in its place when the browser cannot load."""
    try:
        from .panel import NukeBrowser
    except ImportError as error:
        logger.error(
            "cannot open the sgsession browser: %s; install sgsession and its "
            "dependencies where Nuke's Python finds them and restart Nuke",
            error,
        )
        from qtpy.QtWidgets import QLabel

        return QLabel(f"The ShotGrid browser could not load: {error}")
    return NukeBrowser()
