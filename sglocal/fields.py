"""Field values: from the api3 wire (or Python seed data) to SQLite columns and back."""

import datetime
import json
from typing import Any, Optional

from sglocal.errors import RequestError
from sglocal.schema import FieldDef, Schema

__all__ = [
    "NO_COLUMN_TYPES",
    "TEXT_TYPES",
    "check_choice",
    "columns_of",
    "decode_value",
    "encode_date",
    "encode_date_time",
    "encode_link",
    "encode_links",
    "encode_value",
    "format_date_time",
]

TEXT_TYPES = frozenset(
    {
        "text",
        "status_list",
        "list",
        "color",
        "uuid",
        "password",
        "timecode",
        "entity_type",
        "footage",
        "url_template",
    }
)
INTEGER_TYPES = frozenset({"number", "duration", "percent"})
FLOAT_TYPES = frozenset({"float", "currency"})
JSON_TYPES = frozenset({"url", "tag_list", "serializable"})
NO_COLUMN_TYPES = frozenset({"multi_entity", "pivot_column", "summary", "calculated"})
CHOICE_TYPES = frozenset({"status_list", "list"})

_SQL_TYPES = {"checkbox": "INTEGER", "date": "TEXT", "date_time": "TEXT"}


def columns_of(field: FieldDef) -> list[tuple[str, str]]:
    """The (column name, SQL type) pairs that store ``field`` on its type's table."""
    if field.name == "id" or field.data_type in NO_COLUMN_TYPES:
        return []
    if field.data_type == "entity":
        return [(f"{field.name}__type", "TEXT"), (f"{field.name}__id", "INTEGER")]
    if field.data_type in INTEGER_TYPES:
        return [(field.name, "INTEGER")]
    if field.data_type in FLOAT_TYPES:
        return [(field.name, "REAL")]
    return [(field.name, _SQL_TYPES.get(field.data_type, "TEXT"))]


def format_date_time(value: datetime.datetime) -> str:
    """The api3 wire form of an aware datetime: UTC, ``YYYY-MM-DDTHH:MM:SSZ``."""
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode_date_time(field: FieldDef, value) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise _bad_value(field, value, "a UTC 'YYYY-MM-DDTHH:MM:SSZ'") from None
    if not isinstance(value, datetime.datetime):
        raise _bad_value(field, value, "a datetime")
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return format_date_time(value)


def encode_date(field: FieldDef, value) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        raise _bad_value(field, value, "a date without a time")
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            raise _bad_value(field, value, "a 'YYYY-MM-DD' date") from None
    if not isinstance(value, datetime.date):
        raise _bad_value(field, value, "a 'YYYY-MM-DD' date")
    return value.isoformat()


def encode_link(schema: Schema, field: FieldDef, value) -> tuple[Any, Any]:
    """Check one link value against the field's valid types; return (type, id)."""
    if value is None:
        return None, None
    if not isinstance(value, dict):
        raise _bad_value(field, value, "a {'type', 'id'} link")
    link_type, link_id = value.get("type"), value.get("id")
    if not schema.has_type(link_type) or not _is_int(link_id):
        raise _bad_value(field, value, "a {'type', 'id'} link to a known entity type")
    if field.valid_types and link_type not in field.valid_types:
        raise RequestError(
            f"cannot set {field.entity_type}.{field.name} to a {link_type}: the field "
            f"links only to {', '.join(field.valid_types)}"
        )
    return link_type, link_id


def encode_links(schema: Schema, field: FieldDef, value) -> list[tuple[str, int]]:
    """Check a multi-entity value; return its (type, id) pairs without duplicates."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise _bad_value(field, value, "a list of {'type', 'id'} links")
    pairs = {}
    for item in value:
        pair = encode_link(schema, field, item)
        if pair[0] is None:
            raise _bad_value(field, item, "a {'type', 'id'} link, not None")
        pairs[pair] = None
    return list(pairs)


def encode_value(schema: Schema, field: FieldDef, value) -> Any:
    """Turn a non-link value into the single column value that stores it."""
    kind = field.data_type
    if kind == "checkbox":
        if value is None:
            return 0
        if not isinstance(value, bool):
            raise _bad_value(field, value, "True or False")
        return int(value)
    if value is None:
        return None
    if kind in TEXT_TYPES or kind == "image":
        if not isinstance(value, str):
            raise _bad_value(field, value, "a string")
        if kind == "entity_type":
            schema.check_type(value)
        return value
    if kind in INTEGER_TYPES:
        if not _is_int(value):
            raise _bad_value(field, value, "an integer")
        return value
    if kind in FLOAT_TYPES:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _bad_value(field, value, "a number")
        return float(value)
    if kind == "date":
        return encode_date(field, value)
    if kind == "date_time":
        return encode_date_time(field, value)
    if kind == "tag_list" and not (
        isinstance(value, list) and all(isinstance(tag, str) for tag in value)
    ):
        raise _bad_value(field, value, "a list of tag names")
    if kind in JSON_TYPES:
        return json.dumps(value, sort_keys=True)
    raise RequestError(
        f"cannot set {field.entity_type}.{field.name}: its data type {kind!r} is "
        "computed by the site and cannot be written"
    )


def check_choice(field: FieldDef, value) -> None:
    """Refuse a status or list value the field does not offer, as a site does.

    Only writes are checked: filters may name any value and simply match nothing.
    A field whose schema lists no values takes any.
    """
    if field.data_type not in CHOICE_TYPES or value is None or not field.valid_values:
        return
    if value not in field.valid_values:
        raise RequestError(
            f"cannot set {field.entity_type}.{field.name} to {value!r}: it is not one "
            f"of the field's valid values ({', '.join(field.valid_values)}); use one "
            "of them, or add the value to the field in the schema"
        )


def decode_value(field: FieldDef, value) -> Any:
    """Turn a stored column value back into its api3 wire form."""
    if field.data_type == "checkbox":
        return bool(value)
    if value is None:
        return None
    if field.data_type in JSON_TYPES:
        return json.loads(value)
    return value


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bad_value(field: FieldDef, value, expected: str) -> RequestError:
    return RequestError(
        f"cannot use {value!r} for {field.entity_type}.{field.name} "
        f"({field.data_type}): expected {expected}"
    )
