"""Puts the code shared by the sgsession host plugins on Nuke's paths.

Nuke runs this for renders and in terminal mode too, so it only adds paths.
"""

import os

import nuke

nuke.pluginAddPath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common")
)
