"""Loading a picked file into the Maya scene: reference, import, copy its path."""

import logging
import os
import re
from typing import Optional

from maya import cmds
from qtpy.QtGui import QGuiApplication
from sgsession_hosts import LoadFailed, UnsupportedFile
from sgsession_hosts.panel import HostAction, Pick

logger = logging.getLogger(__name__)

# Extension: (Maya file type, plug-in that provides it).
SCENE_TYPES = {
    ".ma": ("mayaAscii", None),
    ".mb": ("mayaBinary", None),
    ".abc": ("Alembic", "AbcImport"),
    ".usd": ("USD Import", "mayaUsdPlugin"),
    ".usda": ("USD Import", "mayaUsdPlugin"),
    ".usdc": ("USD Import", "mayaUsdPlugin"),
    ".usdz": ("USD Import", "mayaUsdPlugin"),
}


def maya_actions() -> tuple[HostAction, ...]:
    """The buttons under the browser in Maya."""
    return (
        HostAction("Reference", reference, is_scene),
        HostAction("Import", import_scene, is_scene),
        HostAction("Copy Path", copy_path, has_path),
    )


def has_path(pick: Pick) -> bool:
    return pick.media is not None


def is_scene(pick: Pick) -> bool:
    """Whether Maya can reference or import the pick's file."""
    media = pick.media
    if media is None or media.is_sequence:
        return False
    return _scene_type(media.path) is not None


def reference(pick: Pick) -> str:
    """Reference the picked scene, Alembic or USD file under its own namespace."""
    path, namespace = _prepare(pick)
    _file(path, namespace, reference=True)
    return f"Referenced {path} into namespace {namespace}"


def import_scene(pick: Pick) -> str:
    """Import the picked scene, Alembic or USD file under its own namespace."""
    path, namespace = _prepare(pick)
    _file(path, namespace, i=True, mergeNamespacesOnClash=False)
    return f"Imported {path} into namespace {namespace}"


def copy_path(pick: Pick) -> str:
    """Put the picked path on the clipboard."""
    QGuiApplication.clipboard().setText(pick.media.path)
    return f"Copied {pick.media.path}"


def namespace_for(path: str) -> str:
    """A valid Maya namespace named after the file."""
    stem = os.path.splitext(os.path.basename(path))[0]
    name = re.sub(r"[^A-Za-z0-9_]", "_", stem)
    return name if name[:1].isalpha() else f"ns_{name}"


def _prepare(pick: Pick):
    path = pick.media.path
    found = _scene_type(path)
    if found is None:
        raise UnsupportedFile(
            f"cannot load {path} into Maya: {os.path.splitext(path)[1]!r} is not "
            f"one of {', '.join(sorted(SCENE_TYPES))}; copy its path instead"
        )
    _load_plugin(found[1])
    return path, namespace_for(path)


def _file(path: str, namespace: str, **flags) -> None:
    file_type = _scene_type(path)[0]
    try:
        cmds.file(path, type=file_type, namespace=namespace, **flags)
    except RuntimeError as error:
        raise LoadFailed(
            f"Maya could not load {path} as {file_type}: {error}; check that the "
            "file exists and opens in this Maya version"
        ) from error
    logger.info("loaded %s as %s into namespace %s", path, file_type, namespace)


def _load_plugin(plugin: Optional[str]) -> None:
    if not plugin or cmds.pluginInfo(plugin, query=True, loaded=True):
        return
    try:
        cmds.loadPlugin(plugin, quiet=True)
    except RuntimeError as error:
        raise LoadFailed(
            f"cannot load the Maya plug-in {plugin}: {error}; enable it in the "
            "Plug-in Manager and try again"
        ) from error


def _scene_type(path: str) -> Optional[tuple[str, Optional[str]]]:
    return SCENE_TYPES.get(os.path.splitext(path)[1].lower())
