"""``summarize``: aggregates over a filtered read, optionally grouped level by level."""

from collections import defaultdict
from typing import Any

from sglocal.errors import RequestError
from sglocal.query import RETIRED, ReadQuery
from sglocal.store import Store

__all__ = ["summarize"]

_AGGREGATES = {
    "record_count": "COUNT(*)",
    "count": "COUNT({0})",
    "sum": "SUM({0})",
    "maximum": "MAX({0})",
    "minimum": "MIN({0})",
    "average": "AVG({0})",
    "earliest": "MIN({0})",
    "latest": "MAX({0})",
    "checked": "SUM(CASE WHEN {0} = 1 THEN 1 ELSE 0 END)",
    "unchecked": "SUM(CASE WHEN COALESCE({0}, 0) = 0 THEN 1 ELSE 0 END)",
}
_BUCKETS = {
    "tens": 10,
    "hundreds": 100,
    "thousands": 1000,
    "tensofthousands": 10_000,
    "hundredsofthousands": 100_000,
    "millions": 1_000_000,
}
_DATE_GROUPS = {
    "day": "SUBSTR({0}, 1, 10)",
    "week": "strftime('%Y-W%W', {0})",
    "month": "SUBSTR({0}, 1, 7)",
    "quarter": (
        "SUBSTR({0}, 1, 4) || '-Q' || ((CAST(SUBSTR({0}, 6, 2) AS INTEGER) + 2) / 3)"
    ),
    "year": "SUBSTR({0}, 1, 4)",
}


def summarize(store: Store, entity_type: str, args: dict) -> dict:
    """Answer a ``summarize`` request: totals, and a tree of groups when asked."""
    query = store.query(entity_type)
    query.where(args.get("filters"))
    query.where_sql(f"t0.{RETIRED} = 0")
    aggregates = _aggregates(query, args.get("summaries") or [])
    groupings = [_grouping(query, item) for item in args.get("grouping") or []]
    body, params = query.from_where()
    with store.snapshot() as conn:
        levels = []
        for depth in range(len(groupings) + 1):
            keys = [expr for grouping in groupings[:depth] for expr in grouping[1]]
            select = ", ".join([*keys, *(sql for _, sql in aggregates)])
            group_by = f" GROUP BY {', '.join(keys)}" if keys else ""
            levels.append(
                conn.execute(f"SELECT {select} {body}{group_by}", params).fetchall()
            )
        wanted = defaultdict(set)
        for rows in levels[1:]:
            for row in rows:
                _collect_links(groupings, row, wanted)
        names = store.link_names(conn, wanted)
    totals = _summaries(
        aggregates, levels[0][0][-len(aggregates) :] if aggregates else ()
    )
    return {"summaries": totals, "groups": _tree(groupings, aggregates, levels, names)}


def _aggregates(query: ReadQuery, items) -> list[tuple[str, str]]:
    aggregates = []
    for item in items:
        if not isinstance(item, dict) or item.get("type") not in _AGGREGATES:
            raise RequestError(
                f"cannot summarize {item!r}: expected {{'field', 'type'}} with type "
                f"one of {', '.join(sorted(_AGGREGATES))}"
            )
        expr, _ = query.column_sql(item.get("field"))
        aggregates.append((item["field"], _AGGREGATES[item["type"]].format(expr)))
    return aggregates


def _grouping(query: ReadQuery, item) -> tuple[dict, list[str], bool]:
    if not isinstance(item, dict):
        raise RequestError(f"cannot group by {item!r}: expected {{'field', 'type'}}")
    kind = item.get("type", "exact")
    direction = item.get("direction", "asc")
    expr, fdef = query.column_sql(item.get("field"))
    if fdef.data_type == "entity" and kind in ("exact", "entitytype"):
        type_expr, id_expr, _ = query.entity_columns(item["field"])
        exprs = [type_expr] if kind == "entitytype" else [type_expr, id_expr]
    elif kind == "exact":
        exprs = [expr]
    elif kind == "firstletter":
        exprs = [f"UPPER(SUBSTR({expr}, 1, 1))"]
    elif kind in _BUCKETS:
        exprs = [f"(CAST({expr} AS INTEGER) / {_BUCKETS[kind]}) * {_BUCKETS[kind]}"]
    elif kind in _DATE_GROUPS and fdef.data_type in ("date", "date_time"):
        exprs = [_DATE_GROUPS[kind].format(expr)]
    else:
        raise RequestError(
            f"cannot group {fdef.entity_type}.{fdef.name} ({fdef.data_type}) by "
            f"{kind!r}: use exact, firstletter, entitytype, {', '.join(_BUCKETS)} or "
            f"{', '.join(_DATE_GROUPS)} on dates"
        )
    is_link = fdef.data_type == "entity" and kind == "exact"
    return {"field": item["field"], "desc": direction == "desc"}, exprs, is_link


def _collect_links(groupings, row, wanted) -> None:
    position = 0
    for _, exprs, is_link in groupings:
        if position + len(exprs) > len(row):
            return
        if is_link and row[position + 1] is not None:
            wanted[row[position]].add(row[position + 1])
        position += len(exprs)


def _summaries(aggregates, values) -> dict[str, Any]:
    return {name: value for (name, _), value in zip(aggregates, values)}


def _tree(groupings, aggregates, levels, names) -> list[dict]:
    """Nest each level's rows under their parent group, sorted as each level asks."""
    nodes: dict[tuple, dict] = {(): {"groups": []}}
    for depth, (options, exprs, is_link) in enumerate(groupings, start=1):
        width = sum(len(g[1]) for g in groupings[:depth])
        children = {}
        for row in levels[depth]:
            key = tuple(row[:width])
            node, order = _group(key[width - len(exprs) :], is_link, names)
            node["summaries"] = _summaries(aggregates, row[width:])
            parent_key = key[: width - len(exprs)]
            children.setdefault(parent_key, []).append((order, node))
            nodes[key] = node
        for parent_key, members in children.items():
            members.sort(key=lambda member: member[0], reverse=options["desc"])
            nodes[parent_key]["groups"] = [node for _, node in members]
    return nodes[()]["groups"]


def _group(value: tuple, is_link: bool, names) -> tuple[dict, tuple]:
    """One group's node, and the key that sorts it (empty values first)."""
    if is_link:
        if value[1] is None:
            return {"group_name": "", "group_value": None}, (False, "")
        name = names.get((value[0], value[1]))
        link = {"type": value[0], "id": value[1], "name": name}
        return {"group_name": name or "", "group_value": link}, (True, name or "")
    if value[0] is None:
        return {"group_name": "", "group_value": None}, (False, 0)
    return {"group_name": str(value[0]), "group_value": value[0]}, (True, value[0])
