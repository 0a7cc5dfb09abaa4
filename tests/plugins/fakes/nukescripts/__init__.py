"""A fake of Nuke's nukescripts package: only its panels module."""

from . import panels
from .panels import registerWidgetAsPanel, restorePanel

__all__ = ["panels", "registerWidgetAsPanel", "restorePanel"]
