"""The browser's exception tree."""

__all__ = ["BrowserClosed", "BrowserError", "DemoSiteError", "PoolClosed"]


class BrowserError(Exception):
    """Base of every error the browser raises itself."""


class PoolClosed(BrowserError):
    """Work was submitted to a worker pool after it was closed."""


class BrowserClosed(BrowserError):
    """A model or panel was used after `close()`."""


class DemoSiteError(BrowserError):
    """The demo site's folder cannot be made or used."""
