"""The sgsession browser docked in Maya as a workspace control.

This package imports neither Qt nor the browser until a panel is asked for, so
that a missing install is logged instead of breaking Maya's startup.
"""

import logging

logger = logging.getLogger(__name__)

PANEL_NAME = "sgsessionBrowser"
# MayaQWidgetDockableMixin names the workspace control after the widget.
CONTROL_NAME = PANEL_NAME + "WorkspaceControl"
# Maya saves this line with the workspace and runs it to restore the panel.
UI_SCRIPT = (
    "import importlib.util, logging; "
    "__import__('sgsession_maya').restore_panel() "
    "if importlib.util.find_spec('sgsession_maya') "
    "else logging.getLogger('sgsession_maya').error("
    "'cannot restore the sgsession browser: sgsession_maya is not importable; "
    "add the sgsession module to MAYA_MODULE_PATH')"
)

__all__ = [
    "CONTROL_NAME",
    "PANEL_NAME",
    "UI_SCRIPT",
    "close_panel",
    "install_menu",
    "restore_panel",
    "show_panel",
]


def show_panel() -> None:
    """Open the browser, or bring the open one forward."""
    launcher = _launcher("open")
    if launcher is not None:
        launcher.show_panel()


def restore_panel() -> None:
    """Build the browser inside the workspace control Maya is restoring."""
    launcher = _launcher("restore")
    if launcher is not None:
        launcher.restore_panel()


def close_panel() -> None:
    """Close the browser's workspace control if it is open."""
    launcher = _launcher("close")
    if launcher is not None:
        launcher.close_panel()


def install_menu() -> None:
    """Add the ShotGrid menu to Maya's main window, replacing an earlier one."""
    from .menu import install_menu as install

    install()


def _launcher(verb):
    try:
        from . import launcher
    except ImportError as error:
        logger.error(
            "cannot %s the sgsession browser: %s; install sgsession and its "
            "dependencies into Maya's Python (mayapy -m pip install ...) and "
            "restart Maya",
            verb,
            error,
        )
        return None
    return launcher
