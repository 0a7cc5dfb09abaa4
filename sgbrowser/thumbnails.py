"""Thumbnails loaded off the GUI thread, cached on disk and in memory."""

import hashlib
import logging
import os
import time
import urllib.request
from collections import OrderedDict
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs
from qtpy import QtCore, QtGui

from sgbrowser.errors import BrowserError

__all__ = ["ThumbnailCache", "ThumbnailError", "cache_key"]

log = logging.getLogger(__name__)

#: Images are kept at this height at most: twice the details picture's height, so
#: they stay sharp on HiDPI screens.
MAX_HEIGHT = 360


class ThumbnailError(BrowserError):
    """A thumbnail could not be downloaded or decoded."""


def cache_key(url):
    """The disk cache's name for a URL: its path hashed, its expiring query ignored."""
    path = urlsplit(url).path
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".jpg", ".jpeg", ".gif", ".webp"):
        suffix = ".img"
    return hashlib.sha1(path.encode("utf-8")).hexdigest() + suffix


def _download(url, destination, timeout):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        data = answer.read()
    partial = destination.with_name(destination.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, destination)
    log.info(
        "thumbnail %s: %d bytes in %.0f ms",
        urlsplit(url).path,
        len(data),
        (time.perf_counter() - started) * 1000,
    )
    return data


def _load_image(url, destination, timeout):
    """Runs on a worker: read the cached file or download it, decode to a QImage."""
    if destination.exists():
        data = destination.read_bytes()
        log.debug("thumbnail %s from the disk cache", urlsplit(url).path)
    else:
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise ThumbnailError(
                f"the thumbnail {urlsplit(url).path} has a {scheme or 'relative'} "
                "address; only http and https thumbnails are downloaded"
            )
        try:
            data = _download(url, destination, timeout)
        except OSError as error:
            raise ThumbnailError(
                f"could not download the thumbnail {urlsplit(url).path}: {error}; "
                "check the site is reachable, then refresh"
            ) from error
    image = QtGui.QImage.fromData(data)
    if image.isNull():
        destination.unlink(missing_ok=True)
        raise ThumbnailError(
            f"the thumbnail {urlsplit(url).path} is not an image Qt can read "
            f"({len(data)} bytes); it was dropped from the cache"
        )
    if image.height() > MAX_HEIGHT:
        image = image.scaledToHeight(
            MAX_HEIGHT, QtCore.Qt.TransformationMode.SmoothTransformation
        )
    return image


class ThumbnailCache(QtCore.QObject):
    """Hands out thumbnails as QImage; asks a worker for those not in memory.

    ``image(url)`` answers at once: the image, or None while it loads. ``ready``
    fires with the URL once it is in memory.
    """

    ready = QtCore.Signal(str)
    failed = QtCore.Signal(str, object)

    def __init__(self, pool, directory=None, memory_limit=400, timeout=15, parent=None):
        super().__init__(parent)
        self._pool = pool
        self.directory = Path(directory or platformdirs.user_cache_dir("sgbrowser"))
        self.directory = self.directory / "thumbnails"
        self._memory = OrderedDict()
        self._memory_limit = memory_limit
        self._pending = {}
        self._failed = set()
        self._timeout = timeout

    def image(self, url):
        if not url:
            return None
        key = cache_key(url)
        image = self._memory.get(key)
        if image is not None:
            self._memory.move_to_end(key)
            return image
        if key not in self._pending and key not in self._failed:
            self._request(url, key)
        return None

    def _request(self, url, key):
        if self._pool.closed:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        self._pending[key] = self._pool.submit(
            _load_image,
            url,
            self.directory / key,
            self._timeout,
            on_result=lambda image: self._on_loaded(url, key, image),
            on_error=lambda error: self._on_failed(url, key, error),
            label=f"thumbnail {key}",
        )

    def _on_loaded(self, url, key, image):
        self._pending.pop(key, None)
        self._memory[key] = image
        while len(self._memory) > self._memory_limit:
            self._memory.popitem(last=False)
        self.ready.emit(url)

    def _on_failed(self, url, key, error):
        self._pending.pop(key, None)
        self._failed.add(key)
        log.warning("%s", error)
        self.failed.emit(url, error)
