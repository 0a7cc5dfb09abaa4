"""The ShotGrid menu in Maya's main window."""

from maya import cmds

MENU_NAME = "sgsessionMenu"
MAIN_WINDOW = "MayaWindow"


def install_menu() -> None:
    """Add the ShotGrid menu with its Browser entry, replacing an earlier one."""
    if cmds.menu(MENU_NAME, exists=True):
        cmds.deleteUI(MENU_NAME, menu=True)
    cmds.menu(MENU_NAME, label="ShotGrid", parent=MAIN_WINDOW, tearOff=True)
    cmds.menuItem(
        label="Browser",
        annotation="Browse the ShotGrid site and load published files",
        command=_show_panel,
        parent=MENU_NAME,
    )


def _show_panel(*_checked) -> None:
    from . import show_panel

    show_panel()
