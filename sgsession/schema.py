"""Schema: what the site's schema tells a session about types, fields and links."""

import json
import os

from .errors import SessionError, UnknownEntityType, UnknownField

#: Types whose name lives somewhere other than ``code``.
NAME_FIELDS = {
    "ApiUser": "firstname",
    "HumanUser": "name",
    "Note": "subject",
    "Project": "name",
    "Reply": "content",
    "Task": "content",
}

_NAME_CANDIDATES = ("code", "name", "content", "title", "subject")

#: Pseudo-fields every entity answers to, whatever its type's fields.
_ALWAYS_VALID = frozenset(("type", "id", "name"))


def _value(spec, key, default=None):
    """Read a ``{key: {"value": ...}}`` entry of a schema_read() field spec."""
    entry = spec.get(key)
    if isinstance(entry, dict):
        return entry.get("value", default)
    return default


def _load(path):
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError) as error:
        raise SessionError(
            f"cannot read a schema from {path}: {error}; pass the JSON that "
            "schema_read() returns, or schema=False to skip field checks"
        ) from error


class Schema:
    """The site's schema, as ``schema_read()`` returns it.

    Accepts that dict, a ``{"schema": ..., "schema_entity": ...}`` dict holding
    it, or a path to either as JSON.
    """

    def __init__(self, data):
        if isinstance(data, (str, os.PathLike)):
            data = _load(os.fspath(data))
        if not isinstance(data, dict):
            raise TypeError(
                f"a schema is a dict from schema_read() or a path to its JSON, "
                f"not {type(data).__name__}"
            )
        if isinstance(data.get("schema"), dict):
            data = data["schema"]
        self._types = data
        self._name_fields = {}

    def __contains__(self, entity_type):
        return entity_type in self._types

    @property
    def entity_types(self):
        """Every entity type the site has, sorted."""
        return sorted(self._types)

    def fields(self, entity_type):
        """The field names of a type (an empty set for an unknown type)."""
        return set(self._types.get(entity_type, ()))

    def data_type(self, entity_type, field):
        """The data type of a field (``entity``, ``text``...), or None."""
        spec = self._types.get(entity_type, {}).get(field)
        return _value(spec, "data_type") if spec else None

    def valid_types(self, entity_type, field):
        """The entity types a link field may point to (empty: any, or not a link)."""
        spec = self._types.get(entity_type, {}).get(field)
        if not spec:
            return []
        properties = spec.get("properties") or {}
        return list(_value(properties, "valid_types") or [])

    def name_field(self, entity_type):
        """The field holding a type's name: ``content`` for a Task, else ``code``..."""
        cached = self._name_fields.get(entity_type)
        if cached is None:
            fields = self._types.get(entity_type, {})
            cached = NAME_FIELDS.get(entity_type)
            if cached is None or (fields and cached not in fields):
                found = [name for name in _NAME_CANDIDATES if name in fields]
                cached = found[0] if found else "code"
            self._name_fields[entity_type] = cached
        return cached

    def check_type(self, entity_type):
        """Raise UnknownEntityType unless the site has this type."""
        if entity_type not in self._types:
            raise UnknownEntityType(entity_type)

    def check_field(self, entity_type, field):
        """Raise UnknownField unless ``field`` (deep fields too) exists on the type."""
        self.check_type(entity_type)
        parts = field.split(".")
        current = entity_type
        while True:
            head = parts[0]
            if head not in _ALWAYS_VALID and head not in self._types[current]:
                raise UnknownField(
                    entity_type, field, f"{current} has no field {head!r}"
                )
            if len(parts) == 1:
                return
            if len(parts) < 3:
                raise UnknownField(
                    entity_type,
                    field,
                    "a deep field reads link.Type.field, e.g. entity.Shot.code",
                )
            linked = parts[1]
            if linked not in self._types:
                raise UnknownField(
                    entity_type, field, f"the site has no entity type {linked!r}"
                )
            allowed = self.valid_types(current, head)
            if allowed and linked not in allowed:
                raise UnknownField(
                    entity_type,
                    field,
                    f"{current}.{head} links only to {', '.join(allowed)}",
                )
            current = linked
            parts = parts[2:]

    def check_fields(self, entity_type, fields):
        """Check every field of an iterable; see check_field."""
        for field in fields:
            self.check_field(entity_type, field)
