"""A lazy Qt browser over a ShotGrid site, built on sgsession."""

from sgbrowser.errors import BrowserClosed, BrowserError, PoolClosed
from sgbrowser.panel import BrowserPanel
from sgbrowser.thumbnails import ThumbnailCache, ThumbnailError
from sgbrowser.tree_model import EntityTreeModel
from sgbrowser.workers import Ticket, WorkerPool

__all__ = [
    "BrowserClosed",
    "BrowserError",
    "BrowserPanel",
    "EntityTreeModel",
    "PoolClosed",
    "ThumbnailCache",
    "ThumbnailError",
    "Ticket",
    "WorkerPool",
]
