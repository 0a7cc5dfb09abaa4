"""Adds the ShotGrid menu once Maya's interface exists; batch mode skips it."""

import maya.cmds
import maya.utils

if not maya.cmds.about(batch=True):
    import sgsession_maya

    maya.utils.executeDeferred(sgsession_maya.install_menu)
