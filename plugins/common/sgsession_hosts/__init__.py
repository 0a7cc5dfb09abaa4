"""What the Maya and Nuke plugins share: the docked browser, its session, media."""

from .errors import HostError, LoadFailed, MediaNotFound, SiteFailed, UnsupportedFile
from .media import Media, load_media, printf_pattern

__all__ = [
    "HostError",
    "LoadFailed",
    "Media",
    "MediaNotFound",
    "SiteFailed",
    "UnsupportedFile",
    "load_media",
    "printf_pattern",
]
