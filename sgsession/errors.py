"""The exceptions sgsession raises, all under one base class."""

# EntityNotFound names this many; the rest are counted, and all are on .entities.
_SHOWN_ENTITIES = 10


class SessionError(Exception):
    """Base of every error sgsession raises.

    Errors pickle (so they cross process pools) by rebuilding from the
    arguments their message was made from, then restoring their attributes.
    """

    def __reduce__(self):
        return (type(self), self._rebuild_args(), dict(self.__dict__))

    def _rebuild_args(self):
        return self.args


class SessionClosed(SessionError):
    """A session or pool was used after it was closed."""

    def __init__(self, what):
        super().__init__(
            f"cannot use this {what}: it is closed; open a new one to talk to the site"
        )
        self.what = what

    def _rebuild_args(self):
        return (self.what,)


class NoConnection(SessionError):
    """A session built with ``shotgun=False`` was asked to reach the site."""

    def __init__(self, method):
        super().__init__(
            f"cannot call {method!r}: this session was built with shotgun=False and "
            "never connects; pass a Shotgun, a site name or None to reach a site"
        )
        self.method = method

    def _rebuild_args(self):
        return (self.method,)


class SiteNotConfigured(SessionError):
    """No credentials were found for a site name."""

    def __init__(self, name, searched):
        where = "; ".join(searched) or "nowhere"
        label = repr(name) if name else "default"
        super().__init__(
            f"no credentials for the {label} site; looked in: {where}. "
            "Add the site to one of these places."
        )
        self.name = name
        self.searched = list(searched)

    def _rebuild_args(self):
        return (self.name, self.searched)


class UnknownField(SessionError):
    """A field is not in the site's schema for its entity type."""

    def __init__(self, entity_type, field, reason):
        super().__init__(
            f"cannot use field {field!r} on {entity_type}: {reason}; "
            "check the spelling against the site's schema"
        )
        self.entity_type = entity_type
        self.field = field
        self.reason = reason

    def _rebuild_args(self):
        return (self.entity_type, self.field, self.reason)


class UnknownEntityType(SessionError):
    """An entity type is not in the site's schema."""

    def __init__(self, entity_type):
        super().__init__(
            f"cannot use entity type {entity_type!r}: the site's schema has no such "
            "type; check the spelling, or pass schema=False to skip the check"
        )
        self.entity_type = entity_type

    def _rebuild_args(self):
        return (self.entity_type,)


class EntityNotFound(SessionError):
    """Entities asked for by id are retired or missing on the site."""

    def __init__(self, method, entities):
        entities = list(entities)
        names = ", ".join(f"{e.type} {e.id}" for e in entities[:_SHOWN_ENTITIES])
        if len(entities) > _SHOWN_ENTITIES:
            names += f" ... and {len(entities) - _SHOWN_ENTITIES} more"
        super().__init__(
            f"{method} could not find {names} on the site: retired or never "
            "existed; drop them, or call filter_exists() first"
        )
        self.method = method
        self.entities = entities

    def _rebuild_args(self):
        return (self.method, self.entities)


class InvalidEntity(SessionError, ValueError):
    """A value that should describe an entity has no usable type or id."""

    def __init__(self, value, reason):
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        super().__init__(
            f"cannot use {shown} as an entity: {reason}; pass an Entity or a dict "
            "with a string 'type' and an integer 'id'"
        )
        self.value = value
        self.reason = reason

    def _rebuild_args(self):
        return (self.value, self.reason)
