"""The exception tree of the host plugins."""


class HostError(Exception):
    """Base of every error the host plugins raise."""


class SiteFailed(HostError):
    """The site did not answer a request for a pick's fields."""


class MediaNotFound(HostError):
    """A picked entity has no path the host can load."""


class UnsupportedFile(HostError):
    """The host has no way to load a file of this kind."""


class LoadFailed(HostError):
    """The host refused to load a file it supports."""
