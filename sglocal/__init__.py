"""A local ShotGrid-compatible site: the api3 JSON protocol over HTTP, in SQLite.

The real ``shotgun_api3`` client talks to it unchanged::

    with LocalSite() as site:
        site.seed("demo")
        sg = site.connect()
        sg.find("Shot", [["sg_sequence.Sequence.code", "is", "SQ010"]], ["code"])
"""

from sglocal.errors import (
    AuthenticationError,
    RequestError,
    SchemaError,
    SiteClosedError,
    SiteError,
)
from sglocal.schema import Schema, load_schema
from sglocal.server import RequestRecord
from sglocal.site import LocalSite
from sglocal.store import Store

__all__ = [
    "AuthenticationError",
    "LocalSite",
    "RequestError",
    "RequestRecord",
    "Schema",
    "SchemaError",
    "SiteClosedError",
    "SiteError",
    "Store",
    "load_schema",
]
