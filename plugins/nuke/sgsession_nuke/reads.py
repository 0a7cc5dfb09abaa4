"""Read nodes for picked Versions and PublishedFiles."""

import logging
import os

import nuke
from sgsession_hosts.panel import Pick

logger = logging.getLogger(__name__)

# Image and movie formats a Read node reads; scenes and geometry are left alone.
READ_EXTENSIONS = frozenset(
    {
        ".ari",
        ".arri",
        ".avi",
        ".cin",
        ".dpx",
        ".exr",
        ".gif",
        ".hdr",
        ".jpeg",
        ".jpg",
        ".mov",
        ".mp4",
        ".mxf",
        ".png",
        ".psd",
        ".r3d",
        ".sgi",
        ".tga",
        ".tif",
        ".tiff",
    }
)


def is_readable(pick: Pick) -> bool:
    """Whether the pick has an image sequence, image or movie a Read can load."""
    if pick.media is None:
        return False
    return os.path.splitext(pick.media.path)[1].lower() in READ_EXTENSIONS


def create_read(pick: Pick) -> str:
    """Create one Read node for the pick's frames (with their range) or movie."""
    media = pick.media
    node = nuke.createNode("Read", inpanel=False)
    if media.has_range:
        node["file"].setValue(media.path)
        for knob in ("first", "origfirst"):
            node[knob].setValue(media.first)
        for knob in ("last", "origlast"):
            node[knob].setValue(media.last)
        read = f"{media.path} {media.first}-{media.last}"
    else:
        # As typed in the file browser: Nuke finds a movie's length itself.
        node["file"].fromUserText(media.path)
        read = media.path
    logger.info("%s reads %s", node.name(), read)
    return f"{node.name()} reads {read}"
