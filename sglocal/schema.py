"""The site schema: entity types, fields and data types, in ``schema_read()`` shape."""

import copy
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from sglocal.errors import RequestError, SchemaError

__all__ = ["FieldDef", "Schema", "load_schema"]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Types whose display name lives in a field other than the first of _NAME_FALLBACKS.
_NAME_FIELDS = {
    "Task": "content",
    "Project": "name",
    "HumanUser": "name",
    "ApiUser": "firstname",
    "Ticket": "title",
    "Note": "subject",
    "Reply": "content",
    "Attachment": "filename",
    "Icon": "name",
    "Page": "name",
}
_NAME_FALLBACKS = ("code", "name", "content", "title", "subject")

DATA_TYPES = frozenset(
    {
        "checkbox",
        "color",
        "currency",
        "date",
        "date_time",
        "duration",
        "entity",
        "entity_type",
        "float",
        "footage",
        "image",
        "list",
        "multi_entity",
        "number",
        "password",
        "percent",
        "pivot_column",
        "serializable",
        "status_list",
        "summary",
        "tag_list",
        "text",
        "timecode",
        "url",
        "uuid",
        "calculated",
        "url_template",
    }
)


@dataclass(frozen=True)
class FieldDef:
    """One field of one entity type, as the store and the query builder need it."""

    entity_type: str
    name: str
    data_type: str
    valid_types: tuple[str, ...] = ()
    valid_values: tuple[str, ...] = ()

    @property
    def is_link(self) -> bool:
        return self.data_type in ("entity", "multi_entity")


class Schema:
    """A validated site schema; every entity type and field name is checked here."""

    def __init__(self, schema: dict, schema_entity: Optional[dict] = None) -> None:
        if not isinstance(schema, dict) or not schema:
            raise SchemaError(
                "cannot load the site schema: expected a non-empty mapping of entity "
                "type to fields, as schema_read() returns"
            )
        self._raw = schema
        self._entity_raw = schema_entity or {
            name: {"name": {"editable": False, "value": name}} for name in schema
        }
        self._fields: dict[str, dict[str, FieldDef]] = {}
        for entity_type, fields in schema.items():
            self._fields[entity_type] = self._parse_type(entity_type, fields)
        self._name_fields = {name: self._find_name_field(name) for name in schema}

    @staticmethod
    def _parse_type(entity_type: str, fields: dict) -> dict[str, FieldDef]:
        if not _IDENTIFIER.match(entity_type) or not isinstance(fields, dict):
            raise SchemaError(
                f"cannot load the site schema: entity type {entity_type!r} is not a "
                "plain identifier with a mapping of fields; fix the schema file"
            )
        parsed = {}
        for name, spec in fields.items():
            try:
                data_type = spec["data_type"]["value"]
                properties = spec.get("properties") or {}
            except (KeyError, TypeError, AttributeError):
                raise SchemaError(
                    f"cannot load the site schema: {entity_type}.{name} has no "
                    "data_type value; each field needs the schema_read() shape"
                ) from None
            if not _IDENTIFIER.match(name):
                raise SchemaError(
                    f"cannot load the site schema: field {entity_type}.{name!r} is not "
                    "a plain identifier; fix the schema file"
                )
            valid_types = (properties.get("valid_types") or {}).get("value") or ()
            valid_values = (properties.get("valid_values") or {}).get("value") or ()
            parsed[name] = FieldDef(
                entity_type,
                name,
                data_type,
                tuple(valid_types),
                tuple(v for v in valid_values if isinstance(v, str)),
            )
        if "id" not in parsed:
            parsed["id"] = FieldDef(entity_type, "id", "number")
        return parsed

    def _find_name_field(self, entity_type: str) -> Optional[str]:
        fields = self._fields[entity_type]
        preferred = _NAME_FIELDS.get(entity_type)
        if preferred in fields:
            return preferred
        return next((name for name in _NAME_FALLBACKS if name in fields), None)

    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(sorted(self._fields))

    def has_type(self, entity_type: str) -> bool:
        return isinstance(entity_type, str) and entity_type in self._fields

    def check_type(self, entity_type) -> str:
        """Return ``entity_type`` if the schema has it, else raise ``RequestError``."""
        if self.has_type(entity_type):
            return entity_type
        hint = _close_hint(entity_type, self._fields)
        raise RequestError(
            f"unknown entity type {entity_type!r}: the site schema has no such type"
            f"{hint}; use one of schema_entity_read()"
        )

    def fields(self, entity_type: str) -> dict[str, FieldDef]:
        return self._fields[self.check_type(entity_type)]

    def has_field(self, entity_type: str, field_name) -> bool:
        return self.has_type(entity_type) and field_name in self._fields[entity_type]

    def field(self, entity_type: str, field_name) -> FieldDef:
        """Return the definition of a field, or raise ``RequestError`` naming it."""
        fields = self.fields(entity_type)
        if isinstance(field_name, str) and field_name in fields:
            return fields[field_name]
        hint = _close_hint(field_name, fields)
        raise RequestError(
            f"unknown field {field_name!r} on {entity_type}: the site schema has no "
            f"such field{hint}; check schema_field_read({entity_type!r})"
        )

    def name_field(self, entity_type: str) -> Optional[str]:
        """The field that holds the display name links show for this type."""
        return self._name_fields[self.check_type(entity_type)]

    def schema_read(self) -> dict:
        return copy.deepcopy(self._raw)

    def schema_entity_read(self) -> dict:
        return copy.deepcopy(self._entity_raw)

    def schema_field_read(self, entity_type: str, field_name=None) -> dict:
        fields = self._raw[self.check_type(entity_type)]
        if field_name is None:
            return copy.deepcopy(fields)
        self.field(entity_type, field_name)
        return {field_name: copy.deepcopy(fields[field_name])}

    def to_json(self) -> dict:
        """The ``{"schema", "schema_entity"}`` document ``load_schema`` reads."""
        return {
            "schema": self.schema_read(),
            "schema_entity": self.schema_entity_read(),
        }


def _close_hint(name, choices) -> str:
    if not isinstance(name, str):
        return ""
    close = difflib.get_close_matches(name, list(choices), n=3)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def load_schema(source: Union[str, Path, dict, Schema, None] = None) -> Schema:
    """Load a schema from None (the shipped default), a JSON file path or a dict.

    Both the ``{"schema": ..., "schema_entity": ...}`` document and a bare
    ``schema_read()`` mapping are accepted.
    """
    if isinstance(source, Schema):
        return source
    if source is None:
        source = _default_schema_path()
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            source = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SchemaError(
                f"cannot load the site schema from {path}: {error}; pass a JSON file "
                "written by schema_read() or 'sglocal dump-schema'"
            ) from error
    if not isinstance(source, dict):
        raise SchemaError(
            f"cannot load a site schema from a {type(source).__name__}: pass None, a "
            "JSON file path or a dict"
        )
    if "schema" in source and isinstance(source["schema"], dict):
        return Schema(source["schema"], source.get("schema_entity"))
    return Schema(source)


def _default_schema_path() -> Path:
    from sgresources import resource_path

    try:
        return resource_path("schema", "production.json")
    except FileNotFoundError as error:
        raise SchemaError(
            f"cannot load the default site schema: {error}; reinstall the package or "
            "pass schema= a JSON file"
        ) from error
