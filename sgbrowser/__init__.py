"""A lazy Qt browser over a ShotGrid site, built on sgsession.

Names load on first use, so that ``sgbrowser --help`` and the message saying
which Qt binding to install work where no binding is installed.
"""

import importlib

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

_MODULES = {
    "BrowserClosed": "sgbrowser.errors",
    "BrowserError": "sgbrowser.errors",
    "BrowserPanel": "sgbrowser.panel",
    "EntityTreeModel": "sgbrowser.tree_model",
    "PoolClosed": "sgbrowser.errors",
    "ThumbnailCache": "sgbrowser.thumbnails",
    "ThumbnailError": "sgbrowser.thumbnails",
    "Ticket": "sgbrowser.workers",
    "WorkerPool": "sgbrowser.workers",
}


def __getattr__(name):
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'sgbrowser' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
