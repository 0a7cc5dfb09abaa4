"""Files a site keeps beside its database: thumbnails and attachments by content."""

import hashlib
import re
import threading
from pathlib import Path
from typing import Optional

__all__ = ["FileStore"]

_IMAGE_SUFFIXES = {b"\x89PNG": "png", b"\xff\xd8\xff": "jpg", b"GIF8": "gif"}
_FOLDERS = ("thumbnails", "attachments")
_KEY = re.compile(r"^(thumbnails|attachments)/[0-9a-f]{2}/[0-9a-f]{40}\.[a-z0-9]{1,8}$")
_SUFFIX = re.compile(r"^[a-z0-9]{1,8}$")


class FileStore:
    """A folder of files, each stored once under a key derived from its content.

    Keys are the only way in: ``path`` resolves a key only when it has the shape this
    store writes and stays inside the folder, so no request can reach other files.
    """

    def __init__(self, folder) -> None:
        self.folder = Path(folder)

    def put(self, data: bytes, folder: str = "thumbnails", name: str = "") -> str:
        """Store ``data`` (once, however often it is put) and return its key."""
        if folder not in _FOLDERS:
            raise ValueError(f"cannot store a file in {folder!r}: use {_FOLDERS}")
        digest = hashlib.sha1(data).hexdigest()
        key = f"{folder}/{digest[:2]}/{digest}.{_suffix(data, name)}"
        path = self.folder / key
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.{threading.get_ident()}")
            partial.write_bytes(data)
            partial.replace(path)
        return key

    def path(self, key) -> Optional[Path]:
        """The stored file a key names, or None when it names nothing in the store."""
        if not isinstance(key, str) or not _KEY.match(key):
            return None
        root = self.folder.resolve()
        path = (root / key).resolve()
        if root not in path.parents or not path.is_file():
            return None
        return path


def _suffix(data: bytes, name: str) -> str:
    for magic, suffix in _IMAGE_SUFFIXES.items():
        if data.startswith(magic):
            return suffix
    suffix = Path(name).suffix[1:].lower()
    return suffix if _SUFFIX.match(suffix) else "bin"
