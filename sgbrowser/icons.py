"""The icons of each kind of row, loaded once from the shipped SVG files."""

from qtpy import QtGui

from sgresources import resource_path

__all__ = ["icon"]

_FILES = {
    "Project": "project.svg",
    "sequences": "folder.svg",
    "assets": "folder.svg",
    "asset_type": "folder.svg",
    "Sequence": "sequence.svg",
    "Shot": "shot.svg",
    "Asset": "asset.svg",
    "Task": "task.svg",
    "Version": "version.svg",
    "PublishedFile": "published_file.svg",
    "error": "error.svg",
}

_cache = {}


def icon(kind):
    """The icon for a row kind (an entity type or a group), or an empty icon."""
    if kind not in _cache:
        name = _FILES.get(kind)
        _cache[kind] = (
            QtGui.QIcon(str(resource_path("icons", name))) if name else QtGui.QIcon()
        )
    return _cache[kind]
