"""Read requests to SQL: conditions trees, relations per data type, deep fields, sorts.

Every entity type and field name is checked against the schema before it reaches SQL
text, and every value is a bound parameter.
"""

import calendar
import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

from sglocal.errors import RequestError
from sglocal.fields import (
    NO_COLUMN_TYPES,
    TEXT_TYPES,
    encode_date,
    encode_date_time,
    encode_link,
    encode_value,
)
from sglocal.schema import FieldDef, Schema

__all__ = [
    "LINKS_TABLE",
    "RETIRED",
    "ReadQuery",
    "ReturnColumn",
    "table_name",
]

LINKS_TABLE = '"links"'
RETIRED = '"_retired"'

SQL = tuple[str, list[Any]]

_NAME_RELATIONS = {
    "name_contains": ("%{}%", False),
    "name_not_contains": ("%{}%", True),
    "name_starts_with": ("{}%", False),
    "name_ends_with": ("%{}", False),
    "name_is": ("{}", False),
}
_LIKE_RELATIONS = {
    "contains": ("%{}%", False),
    "not_contains": ("%{}%", True),
    "starts_with": ("{}%", False),
    "ends_with": ("%{}", False),
}
_RELATIVE_RELATIONS = ("in_last", "not_in_last", "in_next", "not_in_next")
_CALENDAR_RELATIONS = (
    "in_calendar_day",
    "in_calendar_week",
    "in_calendar_month",
    "in_calendar_year",
)
_UNITS = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")
# SQLite refuses deeper parentheses and longer OR chains than these allow.
MAX_FILTER_DEPTH = 16
MAX_CONDITIONS = 500


def table_name(entity_type: str) -> str:
    """The quoted table of a type; callers pass only names the schema has checked."""
    return f'"e_{entity_type}"'


@dataclass
class ReturnColumn:
    """How one requested return field is selected and turned back into a value."""

    name: str
    kind: str
    field: Optional[FieldDef] = None
    width: int = 0


@dataclass
class _Scope:
    alias: str
    entity_type: str
    joins: list[SQL] = field(default_factory=list)
    join_aliases: dict = field(default_factory=dict)

    def render_joins(self) -> SQL:
        params: list[Any] = []
        for _, join_params in self.joins:
            params.extend(join_params)
        return " ".join(sql for sql, _ in self.joins), params


@dataclass
class _MultiHop:
    alias: str
    field: FieldDef
    target_type: str
    rest: list[str]


class ReadQuery:
    """One read of one entity type, compiled piece by piece into SQL."""

    def __init__(
        self,
        schema: Schema,
        entity_type: str,
        now: Optional[datetime.datetime] = None,
    ) -> None:
        self.schema = schema
        self.entity_type = schema.check_type(entity_type)
        self.now = now or datetime.datetime.now(datetime.timezone.utc)
        self._aliases = itertools.count(1)
        self.root = _Scope("t0", self.entity_type)
        self.columns: list[ReturnColumn] = []
        self._select: list[str] = []
        self._where: list[SQL] = []
        self._order: list[SQL] = []

    def _new_alias(self, prefix: str = "a") -> str:
        return f"{prefix}{next(self._aliases)}"

    # Paths ------------------------------------------------------------------

    def _walk(self, scope: _Scope, path) -> Any:
        """Follow a (deep) field path through single-entity links with joins.

        Returns ``(alias, FieldDef)`` for the last field, or a ``_MultiHop`` at the
        first multi-entity link on the way.
        """
        if not isinstance(path, str) or not path:
            raise RequestError(f"cannot use field path {path!r}: expected a field name")
        parts = path.split(".")
        if len(parts) % 2 == 0:
            raise RequestError(
                f"cannot use deep field {path!r}: a deep field alternates field and "
                "entity type, as in 'entity.Shot.sg_sequence.Sequence.code'"
            )
        alias, entity_type = scope.alias, scope.entity_type
        for index in range(0, len(parts) - 1, 2):
            link = self.schema.field(entity_type, parts[index])
            target = self.schema.check_type(parts[index + 1])
            if not link.is_link:
                raise RequestError(
                    f"cannot follow {entity_type}.{link.name} in {path!r}: it is a "
                    f"{link.data_type} field, not a link"
                )
            if link.valid_types and target not in link.valid_types:
                raise RequestError(
                    f"cannot follow {entity_type}.{link.name} to {target} in "
                    f"{path!r}: the field links only to {', '.join(link.valid_types)}"
                )
            if link.data_type == "multi_entity":
                return _MultiHop(alias, link, target, parts[index + 2 :])
            prefix = ".".join(parts[: index + 2])
            joined = scope.join_aliases.get(prefix)
            if joined is None:
                joined = self._new_alias()
                scope.join_aliases[prefix] = joined
                scope.joins.append(
                    (
                        f"LEFT JOIN {table_name(target)} AS {joined} ON "
                        f'{joined}.id = {alias}."{link.name}__id" AND '
                        f'{alias}."{link.name}__type" = ? AND {joined}.{RETIRED} = 0',
                        [target],
                    )
                )
            alias, entity_type = joined, target
        return alias, self.schema.field(entity_type, parts[-1])

    # Return fields ----------------------------------------------------------

    def select(self, names: Sequence[str]) -> None:
        """Select ``id`` and each return field; unresolvable fields come back None."""
        self._select = ["t0.id"]
        seen = {"id", "type"}
        for name in names:
            if not isinstance(name, str) or name in seen:
                continue
            seen.add(name)
            self.columns.append(self._return_column(name))

    def _return_column(self, name: str) -> ReturnColumn:
        try:
            walked = self._walk(self.root, name)
        except RequestError:
            return ReturnColumn(name, "none")
        if isinstance(walked, _MultiHop):
            return ReturnColumn(name, "none")
        alias, fdef = walked
        kind = fdef.data_type
        if kind == "entity":
            self._select += [
                f'{alias}."{fdef.name}__type"',
                f'{alias}."{fdef.name}__id"',
            ]
            return ReturnColumn(name, "entity", fdef, 2)
        if kind == "multi_entity":
            self._select.append(f"{alias}.id")
            return ReturnColumn(name, "multi_entity", fdef, 1)
        if fdef.name == "id":
            self._select.append(f"{alias}.id")
            return ReturnColumn(name, "value", fdef, 1)
        if kind in ("pivot_column", "summary", "calculated"):
            return ReturnColumn(name, "none", fdef)
        self._select.append(f'{alias}."{fdef.name}"')
        return ReturnColumn(name, "image" if kind == "image" else "value", fdef, 1)

    # Filters ----------------------------------------------------------------

    def where(self, filters) -> None:
        """Add a conditions tree (the client's ``logical_operator`` form)."""
        if filters:
            _check_size(filters)
            self._where.append(self._group(self.root, filters))

    def where_sql(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._where.append((sql, list(params)))

    def _group(self, scope: _Scope, group) -> SQL:
        if not isinstance(group, dict):
            raise RequestError(
                f"cannot read filters {group!r}: expected a conditions group with "
                "'logical_operator' and 'conditions'"
            )
        operator = group.get("logical_operator", group.get("filter_operator", "and"))
        joiner = {"and": " AND ", "all": " AND ", "or": " OR ", "any": " OR "}.get(
            operator
        )
        conditions = group.get("conditions", group.get("filters", []))
        if joiner is None or not isinstance(conditions, list):
            raise RequestError(
                f"cannot read filter group with operator {operator!r}: use 'all' or "
                "'any' with a list of filters"
            )
        if not conditions:
            return ("1", []) if joiner == " AND " else ("0", [])
        parts, params = [], []
        for condition in conditions:
            if "conditions" in condition or "logical_operator" in condition:
                sql, more = self._group(scope, condition)
            else:
                sql, more = self._condition(scope, condition)
            parts.append(f"({sql})")
            params.extend(more)
        return joiner.join(parts), params

    def _condition(self, scope: _Scope, condition) -> SQL:
        if not isinstance(condition, dict) or "path" not in condition:
            raise RequestError(
                f"cannot read filter {condition!r}: expected [field, relation, value]"
            )
        path, relation = condition["path"], condition.get("relation")
        values = condition.get("values", [])
        if not isinstance(values, list):
            values = [values]
        walked = self._walk(scope, path)
        if isinstance(walked, _MultiHop):
            return self._through_links(scope, walked, relation, values)
        alias, fdef = walked
        return self._relation(alias, fdef, relation, values)

    def _through_links(self, scope: _Scope, hop: _MultiHop, relation, values) -> SQL:
        inner = _Scope(self._new_alias("x"), hop.target_type)
        link = self._new_alias("l")
        sql, params = self._condition(
            inner,
            {"path": ".".join(hop.rest), "relation": relation, "values": values},
        )
        joins, join_params = inner.render_joins()
        return (
            f"EXISTS (SELECT 1 FROM {LINKS_TABLE} AS {link} JOIN "
            f"{table_name(hop.target_type)} AS {inner.alias} ON "
            f"{inner.alias}.id = {link}.dst_id {joins} WHERE {link}.src_type = ? AND "
            f"{link}.field = ? AND {link}.src_id = {hop.alias}.id AND "
            f"{link}.dst_type = ? AND {inner.alias}.{RETIRED} = 0 AND ({sql}))",
            [
                *join_params,
                hop.field.entity_type,
                hop.field.name,
                hop.target_type,
                *params,
            ],
        )

    def _relation(self, alias: str, fdef: FieldDef, relation, values: list) -> SQL:
        if fdef.data_type == "entity":
            return self._entity_relation(alias, fdef, relation, values)
        if fdef.data_type == "multi_entity":
            return self._multi_relation(alias, fdef, relation, values)
        if fdef.data_type == "tag_list":
            return self._tag_relation(alias, fdef, relation, values)
        if fdef.data_type in ("pivot_column", "summary", "calculated"):
            raise _bad_relation(fdef, relation)
        column = f"{alias}.id" if fdef.name == "id" else f'{alias}."{fdef.name}"'
        if fdef.data_type == "checkbox":
            column = f"COALESCE({column}, 0)"
        return self._scalar_relation(column, fdef, relation, values)

    def _scalar_relation(self, column: str, fdef: FieldDef, relation, values) -> SQL:
        collate = " COLLATE NOCASE" if fdef.data_type in TEXT_TYPES else ""
        first = values[0] if values else None
        if relation in ("is", "is_not"):
            if first is None:
                null = "IS NULL" if relation == "is" else "IS NOT NULL"
                return f"{column} {null}", []
            value = self._encode(fdef, first)
            if relation == "is":
                return f"{column} = ?{collate}", [value]
            return f"({column} IS NULL OR {column} != ?{collate})", [value]
        if relation in ("in", "not_in"):
            encoded = [self._encode(fdef, v) for v in values]
            sql, params = self._in_list(f"{column}{collate}", column, encoded)
            return (
                (sql, params)
                if relation == "in"
                else (f"NOT COALESCE({sql}, 0)", params)
            )
        if relation in ("less_than", "greater_than"):
            operator = "<" if relation == "less_than" else ">"
            return f"{column} {operator} ?", [self._encode(fdef, first)]
        if relation in ("between", "not_between"):
            low, high = self._pair(fdef, relation, values)
            sql = f"({column} >= ? AND {column} <= ?)"
            if relation == "between":
                return sql, [low, high]
            return f"({column} IS NULL OR NOT {sql})", [low, high]
        if relation in _LIKE_RELATIONS and fdef.data_type in TEXT_TYPES | {"url"}:
            pattern, negate = _LIKE_RELATIONS[relation]
            like = _like(pattern, first, fdef, relation)
            if negate:
                return f"({column} IS NULL OR {column} NOT LIKE ? ESCAPE '\\')", [like]
            return f"{column} LIKE ? ESCAPE '\\'", [like]
        if fdef.data_type in ("date", "date_time"):
            if relation in _RELATIVE_RELATIONS:
                return self._relative(column, fdef, relation, values)
            if relation in _CALENDAR_RELATIONS:
                return self._calendar(column, fdef, relation, values)
        raise _bad_relation(fdef, relation)

    def _encode(self, fdef: FieldDef, value) -> Any:
        if fdef.name == "id":
            if not isinstance(value, int) or isinstance(value, bool):
                raise RequestError(
                    f"cannot compare {fdef.entity_type}.id with {value!r}: ids are "
                    "integers"
                )
            return value
        if fdef.data_type == "checkbox" and value is None:
            return None
        return encode_value(self.schema, fdef, value)

    def _pair(self, fdef: FieldDef, relation: str, values: list) -> tuple[Any, Any]:
        if len(values) == 1 and isinstance(values[0], (list, tuple)):
            values = list(values[0])
        if len(values) != 2:
            raise RequestError(
                f"cannot filter {fdef.entity_type}.{fdef.name} with {relation!r} and "
                f"{values!r}: expected two bounds"
            )
        return self._encode(fdef, values[0]), self._encode(fdef, values[1])

    @staticmethod
    def _in_list(compared: str, column: str, encoded: list) -> SQL:
        present = [v for v in encoded if v is not None]
        parts, params = [], []
        if present:
            parts.append(f"{compared} IN ({', '.join('?' * len(present))})")
            params.extend(present)
        if len(present) != len(encoded):
            parts.append(f"{column} IS NULL")
        if not parts:
            return "0", []
        return f"({' OR '.join(parts)})", params

    # Links --------------------------------------------------------------------

    def _link_pairs(self, fdef: FieldDef, relation: str, values: list) -> list:
        if relation in ("in", "not_in") and len(values) == 1:
            if isinstance(values[0], (list, tuple)):
                values = list(values[0])
        pairs = []
        for value in values:
            if isinstance(value, dict) and not self.schema.has_type(value.get("type")):
                raise RequestError(
                    f"cannot filter {fdef.entity_type}.{fdef.name} with {value!r}: "
                    f"unknown entity type {value.get('type')!r}"
                )
            if isinstance(value, dict) and fdef.valid_types:
                if value["type"] not in fdef.valid_types:
                    pairs.append(("", -1))
                    continue
            loose = FieldDef(fdef.entity_type, fdef.name, fdef.data_type)
            pairs.append(encode_link(self.schema, loose, value))
        return pairs

    def _name_match(self, fdef: FieldDef, relation: str, values: list) -> SQL:
        """Pairs ``(type, id)`` whose target's display name matches, as an SQL test."""
        pattern, _ = _NAME_RELATIONS[relation]
        text = values[0] if values else None
        types = fdef.valid_types or self.schema.entity_types
        parts, params = [], []
        for target in types:
            name = self.schema.name_field(target)
            if name is None or self.schema.fields(target)[name].data_type == "entity":
                continue
            parts.append(
                f"({{type}} = ? AND {{id}} IN (SELECT id FROM {table_name(target)} "
                f"WHERE \"{name}\" LIKE ? ESCAPE '\\'))"
            )
            params += [target, _like(pattern, text, fdef, relation)]
        return (" OR ".join(parts) or "0"), params

    def _entity_relation(self, alias: str, fdef: FieldDef, relation, values) -> SQL:
        type_col = f'{alias}."{fdef.name}__type"'
        id_col = f'{alias}."{fdef.name}__id"'
        if relation in ("type_is", "type_is_not"):
            first = values[0] if values else None
            if first is None:
                sql = f"{id_col} IS NULL"
                return (sql, []) if relation == "type_is" else (f"NOT {sql}", [])
            if relation == "type_is":
                return f"{type_col} = ?", [first]
            return f"({type_col} IS NULL OR {type_col} != ?)", [first]
        if relation in _NAME_RELATIONS:
            sql, params = self._name_match(fdef, relation, values)
            sql = sql.format(type=type_col, id=id_col)
            if _NAME_RELATIONS[relation][1]:
                return f"({id_col} IS NULL OR NOT ({sql}))", params
            return f"({sql})", params
        if relation not in ("is", "is_not", "in", "not_in"):
            raise _bad_relation(fdef, relation)
        pairs = self._link_pairs(fdef, relation, _one_or_all(relation, values))
        parts, params = [], []
        for link_type, link_id in pairs:
            if link_type is None:
                parts.append(f"{id_col} IS NULL")
            else:
                parts.append(f"({type_col} = ? AND {id_col} = ?)")
                params += [link_type, link_id]
        sql = " OR ".join(parts) or "0"
        if relation in ("is", "in"):
            return f"({sql})", params
        return f"NOT COALESCE(({sql}), 0)", params

    def _multi_relation(self, alias: str, fdef: FieldDef, relation, values) -> SQL:
        link = self._new_alias("l")
        exists = (
            f"EXISTS (SELECT 1 FROM {LINKS_TABLE} AS {link} WHERE {link}.src_type = ? "
            f"AND {link}.field = ? AND {link}.src_id = {alias}.id{{extra}})"
        )
        base = [fdef.entity_type, fdef.name]
        if relation in _NAME_RELATIONS:
            sql, params = self._name_match(fdef, relation, values)
            sql = sql.format(type=f"{link}.dst_type", id=f"{link}.dst_id")
            found = exists.format(extra=f" AND ({sql})")
            if _NAME_RELATIONS[relation][1]:
                return f"NOT {found}", base + params
            return found, base + params
        if relation in ("type_is", "type_is_not"):
            found = exists.format(extra=f" AND {link}.dst_type = ?")
            first = values[0] if values else None
            sql = found if relation == "type_is" else f"NOT {found}"
            return sql, [*base, first]
        if relation not in ("is", "is_not", "in", "not_in"):
            raise _bad_relation(fdef, relation)
        pairs = self._link_pairs(fdef, relation, _one_or_all(relation, values))
        wants_empty = any(link_type is None for link_type, _ in pairs)
        pairs = [pair for pair in pairs if pair[0] is not None]
        parts, params = [], []
        if pairs:
            tests = " OR ".join(
                f"({link}.dst_type = ? AND {link}.dst_id = ?)" for _ in pairs
            )
            parts.append(exists.format(extra=f" AND ({tests})"))
            params += base + [value for pair in pairs for value in pair]
        if wants_empty:
            parts.append(f"NOT {exists.format(extra='')}")
            params += base
        sql = " OR ".join(parts) or "0"
        if relation in ("is", "in"):
            return f"({sql})", params
        return f"NOT ({sql})", params

    def _tag_relation(self, alias: str, fdef: FieldDef, relation, values) -> SQL:
        column = f'{alias}."{fdef.name}"'
        first = values[0] if values else None
        if relation in ("is", "is_not") and first is None:
            empty = f"({column} IS NULL OR {column} = '[]')"
            return (empty, []) if relation == "is" else (f"NOT {empty}", [])
        if relation in ("is", "is_not", "name_is"):
            test, param = "value = ?", first
        elif relation in ("name_contains", "name_not_contains"):
            test = "value LIKE ? ESCAPE '\\'"
            param = _like("%{}%", first, fdef, relation)
        else:
            raise _bad_relation(fdef, relation)
        found = (
            f"EXISTS (SELECT 1 FROM json_each(COALESCE({column}, '[]')) WHERE {test})"
        )
        if relation in ("is_not", "name_not_contains"):
            return f"NOT {found}", [param]
        return found, [param]

    # Dates --------------------------------------------------------------------

    def _relative(self, column: str, fdef: FieldDef, relation: str, values) -> SQL:
        if len(values) == 1 and isinstance(values[0], (list, tuple)):
            values = list(values[0])
        if (
            len(values) != 2
            or not isinstance(values[0], int)
            or isinstance(values[0], bool)
            or values[1] not in _UNITS
        ):
            raise RequestError(
                f"cannot filter {fdef.entity_type}.{fdef.name} with {relation!r} and "
                f"{values!r}: expected [count, one of {', '.join(_UNITS)}]"
            )
        count, unit = values
        if "next" in relation:
            start, end = self.now, _shift(self.now, unit, count)
        else:
            start, end = _shift(self.now, unit, -count), self.now
        low, high = self._bounds(fdef, start, end)
        sql = f"({column} >= ? AND {column} <= ?)"
        if relation.startswith("not_"):
            return f"({column} IS NULL OR NOT {sql})", [low, high]
        return sql, [low, high]

    def _calendar(self, column: str, fdef: FieldDef, relation: str, values) -> SQL:
        offset = values[0] if values else None
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise RequestError(
                f"cannot filter {fdef.entity_type}.{fdef.name} with {relation!r} and "
                f"{values!r}: expected an integer offset (0 is the current one)"
            )
        today = self.now.date()
        if relation == "in_calendar_day":
            start = today + datetime.timedelta(days=offset)
            end = start + datetime.timedelta(days=1)
        elif relation == "in_calendar_week":
            start = today - datetime.timedelta(days=today.weekday() - 7 * offset)
            end = start + datetime.timedelta(days=7)
        elif relation == "in_calendar_month":
            start = _add_months(today.replace(day=1), offset)
            end = _add_months(start, 1)
        else:
            start = datetime.date(today.year + offset, 1, 1)
            end = datetime.date(today.year + offset + 1, 1, 1)
        if fdef.data_type == "date":
            return f"({column} >= ? AND {column} < ?)", [
                start.isoformat(),
                end.isoformat(),
            ]
        low, high = (_midnight(day) for day in (start, end))
        return f"({column} >= ? AND {column} < ?)", [
            encode_date_time(fdef, low),
            encode_date_time(fdef, high),
        ]

    @staticmethod
    def _bounds(fdef: FieldDef, start, end) -> tuple[str, str]:
        if fdef.data_type == "date":
            return encode_date(fdef, start.date()), encode_date(fdef, end.date())
        return encode_date_time(fdef, start), encode_date_time(fdef, end)

    # Sorts and SQL ----------------------------------------------------------

    def order_by(self, sorts) -> None:
        """Add sorts (``[{"field_name", "direction"}]``); ``id`` breaks every tie."""
        if not isinstance(sorts, (list, type(None))):
            raise RequestError(
                f"cannot sort by {sorts!r}: expected a list of "
                "{'field_name', 'direction'}"
            )
        for sort in sorts or []:
            if not isinstance(sort, dict):
                raise RequestError(f"cannot sort by {sort!r}: expected a field_name")
            direction = sort.get("direction", "asc")
            if direction not in ("asc", "desc"):
                raise RequestError(
                    f"cannot sort by {sort.get('field_name')!r} {direction!r}: the "
                    "direction is 'asc' or 'desc'"
                )
            walked = self._walk(self.root, sort.get("field_name"))
            if isinstance(walked, _MultiHop) or walked[1].data_type in (
                "multi_entity",
                "pivot_column",
                "summary",
                "calculated",
            ):
                raise RequestError(
                    f"cannot sort by {sort.get('field_name')!r}: sort by a field that "
                    "holds one value"
                )
            alias, fdef = walked
            columns: list[SQL]
            if fdef.name == "id":
                columns = [(f"{alias}.id", [])]
            elif fdef.data_type == "entity":
                columns = [
                    self._link_name(alias, fdef),
                    (f'{alias}."{fdef.name}__type"', []),
                    (f'{alias}."{fdef.name}__id"', []),
                ]
            else:
                columns = [(f'{alias}."{fdef.name}"', [])]
            self._order += [
                (f"{column} {direction.upper()}", params) for column, params in columns
            ]

    def _link_name(self, alias: str, fdef: FieldDef) -> SQL:
        """The display name of the entity a link field points at, as an expression."""
        branches, params = [], []
        for target in fdef.valid_types or self.schema.entity_types:
            name = self.schema.name_field(target)
            if name is None or self.schema.fields(target)[name].is_link:
                continue
            branches.append(
                f'WHEN ? THEN (SELECT "{name}" FROM {table_name(target)} '
                f'WHERE id = {alias}."{fdef.name}__id")'
            )
            params.append(target)
        if not branches:
            return "NULL", []
        return f'CASE {alias}."{fdef.name}__type" {" ".join(branches)} END', params

    def from_where(self) -> SQL:
        """The ``FROM ... WHERE ...`` part shared by reads, counts and summaries."""
        joins, params = self.root.render_joins()
        conditions = [sql for sql, _ in self._where] or ["1"]
        for _, more in self._where:
            params.extend(more)
        sql = (
            f"FROM {table_name(self.entity_type)} AS t0 {joins} "
            f"WHERE {' AND '.join(f'({c})' for c in conditions)}"
        )
        return sql, params

    def select_sql(self, limit: Optional[int] = None, offset: int = 0) -> SQL:
        body, params = self.from_where()
        order = ", ".join([*(sql for sql, _ in self._order), "t0.id ASC"])
        for _, more in self._order:
            params.extend(more)
        sql = f"SELECT {', '.join(self._select or ['t0.id'])} {body} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, limit, offset]
        return sql, params

    def count_sql(self) -> SQL:
        body, params = self.from_where()
        return f"SELECT COUNT(*) {body}", params

    def column_sql(self, path: str) -> tuple[str, FieldDef]:
        """An SQL expression for a one-value field path (used by summaries)."""
        walked = self._walk(self.root, path)
        if isinstance(walked, _MultiHop):
            raise RequestError(
                f"cannot use {path!r} here: it goes through a multi-entity link"
            )
        alias, fdef = walked
        if fdef.name == "id":
            return f"{alias}.id", fdef
        if fdef.data_type == "entity":
            return f'{alias}."{fdef.name}__id"', fdef
        if fdef.data_type in NO_COLUMN_TYPES:
            raise RequestError(
                f"cannot use {path!r} here: a {fdef.data_type} field holds no single "
                "value to summarize or group by"
            )
        return f'{alias}."{fdef.name}"', fdef

    def entity_columns(self, path: str) -> tuple[str, str, FieldDef]:
        """The type and id expressions of a single-entity field path."""
        walked = self._walk(self.root, path)
        alias, fdef = walked
        return f'{alias}."{fdef.name}__type"', f'{alias}."{fdef.name}__id"', fdef


def _check_size(filters) -> None:
    """Refuse a conditions tree too deep or too large for SQLite to run."""
    pending, count = [(filters, 1)], 0
    while pending:
        group, depth = pending.pop()
        if depth > MAX_FILTER_DEPTH:
            raise RequestError(
                f"cannot read filters nested more than {MAX_FILTER_DEPTH} groups "
                "deep: flatten the filter groups"
            )
        if not isinstance(group, dict):
            continue
        conditions = group.get("conditions", group.get("filters", []))
        if not isinstance(conditions, list):
            continue
        for condition in conditions:
            if isinstance(condition, dict) and (
                "conditions" in condition or "logical_operator" in condition
            ):
                pending.append((condition, depth + 1))
            else:
                count += 1
        if count > MAX_CONDITIONS:
            raise RequestError(
                f"cannot read filters with more than {MAX_CONDITIONS} conditions: "
                "combine conditions on one field into an 'in' list, or split the "
                "read"
            )


def _like(pattern: str, text, fdef: FieldDef, relation: str) -> str:
    if not isinstance(text, str):
        raise RequestError(
            f"cannot filter {fdef.entity_type}.{fdef.name} with {relation!r} and "
            f"{text!r}: expected a string"
        )
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return pattern.format(escaped)


def _one_or_all(relation: str, values: list) -> list:
    return values[:1] if relation in ("is", "is_not") else values


def _bad_relation(fdef: FieldDef, relation) -> RequestError:
    return RequestError(
        f"cannot filter {fdef.entity_type}.{fdef.name} with relation {relation!r}: "
        f"a {fdef.data_type} field does not support it"
    )


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def _shift(moment: datetime.datetime, unit: str, count: int) -> datetime.datetime:
    if unit == "MONTH":
        return datetime.datetime.combine(
            _add_months(moment.date(), count), moment.timetz()
        )
    if unit == "YEAR":
        return datetime.datetime.combine(
            _add_months(moment.date(), 12 * count), moment.timetz()
        )
    hours = {"HOUR": 1, "DAY": 24, "WEEK": 24 * 7}[unit]
    return moment + datetime.timedelta(hours=hours * count)


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), datetime.timezone.utc)
