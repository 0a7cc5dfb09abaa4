"""What a host loads for a picked entity: a file, a movie or a frame sequence."""

import logging
import re
from dataclasses import dataclass
from typing import Optional
from urllib.parse import unquote, urlsplit

import fileseq

import sgsession

from .errors import MediaNotFound, SiteFailed

logger = logging.getLogger(__name__)

VERSION_FIELDS = (
    "sg_path_to_frames",
    "sg_path_to_movie",
    "sg_first_frame",
    "sg_last_frame",
    "frame_range",
)
PUBLISHED_FILE_FIELDS = ("path",)
MEDIA_FIELDS = {"Version": VERSION_FIELDS, "PublishedFile": PUBLISHED_FILE_FIELDS}

_RANGE = re.compile(r"^\s*(-?\d+)\s*-\s*(-?\d+)\s*$")


@dataclass(frozen=True)
class Media:
    """A path as hosts read it (frames in printf form) and its frame range if known."""

    path: str
    is_sequence: bool = False
    first: Optional[int] = None
    last: Optional[int] = None

    @property
    def has_range(self) -> bool:
        return self.first is not None and self.last is not None


def load_media(entity) -> Optional[Media]:
    """Fetch the media fields of a Version or PublishedFile and return its media.

    Entities of other types have no media and give None.
    """
    fields = MEDIA_FIELDS.get(entity.type)
    if fields is None:
        return None
    _fetch(entity, fields)
    if entity.type == "Version":
        return version_media(entity)
    return published_file_media(entity)


def version_media(version) -> Media:
    """The frames of a Version with their range, or its movie when it has no frames."""
    frames = version.get("sg_path_to_frames")
    if frames:
        found = (
            _version_range(version)
            or pattern_range(frames)
            or frame_range_on_disk(frames)
        )
        first, last = found or (None, None)
        return Media(printf_pattern(frames), True, first, last)
    movie = version.get("sg_path_to_movie")
    if movie:
        return Media(movie)
    raise MediaNotFound(
        f"{version.type} {version.id} has neither sg_path_to_frames nor "
        "sg_path_to_movie set, so there is nothing to load; set one of them "
        "on the site and pick it again."
    )


def published_file_media(published_file) -> Media:
    """The file of a PublishedFile, read as a sequence when its path has a pattern."""
    path = local_path(published_file.get("path"))
    if not path:
        raise MediaNotFound(
            f"{published_file.type} {published_file.id} has no local path in its "
            "path field, so there is nothing to load; publish it to a local "
            "storage and pick it again."
        )
    if _pattern(path) is None:
        return Media(path)
    first, last = pattern_range(path) or frame_range_on_disk(path) or (None, None)
    return Media(printf_pattern(path), True, first, last)


def local_path(value) -> Optional[str]:
    """The local path of a url field (a dict), or the value itself when it is text."""
    if isinstance(value, str):
        return value or None
    if not isinstance(value, dict):
        return None
    if value.get("local_path"):
        return value["local_path"]
    url = urlsplit(value.get("url") or "")
    if url.scheme == "file":
        return unquote(url.path)
    return None


def printf_pattern(path: str) -> str:
    """Turn frame padding such as `####`, `@@@` or `b.1001-1010#` into `%04d` form.

    Bare padding follows Nuke: each `#` or `@` is one digit, so `#` is `%01d` and
    `####` is `%04d`. A pattern that names its range is fileseq's notation and is
    read as fileseq writes it, where `#` is four digits and `@` one, so
    `b.1001-1010#.exr` is `b.%04d.exr`. A path without frame padding, or naming
    one frame, comes back unchanged.
    """
    sequence = _pattern(path)
    if sequence is None:
        return path
    padding = sequence.padding()
    if not padding.startswith("%"):
        padding = f"%0{sequence.zfill()}d"
    return sequence.format("{dirname}{basename}") + padding + sequence.extension()


def pattern_range(path: str) -> Optional[tuple[int, int]]:
    """The first and last frame a pattern such as `b.1001-1010#.exr` names, or None."""
    sequence = _pattern(path)
    if sequence is None or sequence.frameSet() is None:
        return None
    return sequence.start(), sequence.end()


def frame_range_on_disk(path: str) -> Optional[tuple[int, int]]:
    """The first and last frame found on disk for a padded path, or None."""
    try:
        found = fileseq.findSequenceOnDisk(
            path, pad_style=fileseq.PAD_STYLE_HASH1, allow_subframes=False
        )
    except fileseq.FileSeqException:
        logger.debug("no frames on disk for %s", path)
        return None
    frames = found.frameSet()
    if frames is None:
        return None
    return frames.start(), frames.end()


def _fetch(entity, fields) -> None:
    try:
        entity.fetch(list(fields))
    except sgsession.SessionError:
        raise
    except Exception as error:
        # The client lets its transport's errors through (HTTP status, lost socket).
        raise SiteFailed(
            f"cannot fetch {', '.join(fields)} of {entity.type} {entity.id}: the "
            f"site failed with {type(error).__name__}: {error}; check that the site "
            "is reachable and pick it again."
        ) from error


def _version_range(version) -> Optional[tuple[int, int]]:
    first = version.get("sg_first_frame")
    last = version.get("sg_last_frame")
    if first is not None and last is not None:
        return int(first), int(last)
    match = _RANGE.match(version.get("frame_range") or "")
    if match:
        return int(match.group(1)), int(match.group(2))
    return None


def _pattern(path: str) -> Optional[fileseq.FileSequence]:
    """The sequence a padded path stands for, or None for a path naming one file."""
    bare = _sequence(path, fileseq.PAD_STYLE_HASH1)
    if not bare.padding():
        return None
    if bare.frameSet() is None:
        return bare
    ranged = _sequence(path, fileseq.PAD_STYLE_HASH4)
    prefix = ranged.format("{dirname}{basename}")
    frames = path[len(prefix) : len(path) - len(ranged.extension())]
    # fileseq makes up padding for a path naming one frame, such as `b.1001.exr`.
    if not frames.endswith(ranged.padding()):
        return None
    return ranged


def _sequence(path: str, pad_style) -> fileseq.FileSequence:
    return fileseq.FileSequence(path, pad_style=pad_style, allow_subframes=False)
