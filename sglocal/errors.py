"""The exception tree of the local site: every failure it reports is a ``SiteError``."""

__all__ = [
    "AuthenticationError",
    "RequestError",
    "SchemaError",
    "SiteClosedError",
    "SiteError",
]


class SiteError(Exception):
    """Base of every error the local site raises or sends back to a client.

    ``error_code`` is the number the api3 protocol carries next to the message.
    """

    error_code = 103


class AuthenticationError(SiteError):
    """The request's credentials are missing or do not match the site's."""

    error_code = 102


class RequestError(SiteError):
    """A request names an unknown entity type, field or relation, or a bad value."""

    error_code = 103


class SchemaError(SiteError):
    """A schema could not be loaded or does not have the shape the site needs."""

    error_code = 103


class SiteClosedError(SiteError):
    """The site or its store was used after it was closed."""

    error_code = 103
