"""A caching ShotGrid session: one Entity per (type, id), batched fetches."""

from .entity import Entity
from .errors import (
    EntityNotFound,
    InvalidEntity,
    NoConnection,
    SessionClosed,
    SessionError,
    SiteNotConfigured,
    UnknownEntityType,
    UnknownField,
)
from .pool import ShotgunPool
from .schema import Schema
from .session import Session
from .sites import connect

__all__ = [
    "Entity",
    "EntityNotFound",
    "InvalidEntity",
    "NoConnection",
    "Schema",
    "Session",
    "SessionClosed",
    "SessionError",
    "ShotgunPool",
    "SiteNotConfigured",
    "UnknownEntityType",
    "UnknownField",
    "connect",
]
