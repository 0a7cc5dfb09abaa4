"""Registers the sgsession browser panel and its menu entry in Nuke's interface."""

import sgsession_nuke

sgsession_nuke.install()
