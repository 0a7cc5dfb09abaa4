"""Looks: Fusion with a dark palette standalone; the host's palette when docked.

The panel's style sheet names only the panel's own object and its children, so
a host application's widgets never change look when the panel loads.
"""

from qtpy import QtGui, QtWidgets

from sgresources import resource_path

__all__ = [
    "PANEL_OBJECT_NAME",
    "apply_standalone_style",
    "dark_palette",
    "panel_style_sheet",
]

PANEL_OBJECT_NAME = "SgBrowserPanel"

_DARK = {
    "Window": "#25272b",
    "WindowText": "#d8dadf",
    "Base": "#1c1e21",
    "AlternateBase": "#222428",
    "ToolTipBase": "#30333a",
    "ToolTipText": "#e6e8eb",
    "PlaceholderText": "#7b808a",
    "Text": "#d8dadf",
    "Button": "#2d3035",
    "ButtonText": "#d8dadf",
    "BrightText": "#ff6b6b",
    "Light": "#3a3d43",
    "Midlight": "#33363c",
    "Mid": "#4a4e56",
    "Dark": "#17181b",
    "Shadow": "#0d0e10",
    "Highlight": "#3d7bd9",
    "HighlightedText": "#ffffff",
    "Link": "#6ea8ff",
}

_DISABLED = {"WindowText": "#6b7078", "Text": "#6b7078", "ButtonText": "#6b7078"}


def dark_palette():
    palette = QtGui.QPalette()
    roles = QtGui.QPalette.ColorRole
    for name, color in _DARK.items():
        role = getattr(roles, name, None)
        if role is not None:
            palette.setColor(role, QtGui.QColor(color))
    for name, color in _DISABLED.items():
        palette.setColor(
            QtGui.QPalette.ColorGroup.Disabled,
            getattr(roles, name),
            QtGui.QColor(color),
        )
    return palette


def apply_standalone_style(app):
    """Fusion and the dark palette, for the browser running as its own app."""
    app.setStyle(QtWidgets.QStyleFactory.create("Fusion"))
    app.setPalette(dark_palette())


def panel_style_sheet():
    """The panel's style sheet; every rule is scoped to the panel's object name."""
    return resource_path("styles", "panel.qss").read_text(encoding="utf-8")
