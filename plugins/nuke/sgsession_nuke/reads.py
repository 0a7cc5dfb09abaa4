"""Read nodes for picked Versions and PublishedFiles."""

import logging

import nuke
from sgsession_hosts.panel import Pick

logger = logging.getLogger(__name__)


def is_readable(pick: Pick) -> bool:
    return pick.media is not None


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
