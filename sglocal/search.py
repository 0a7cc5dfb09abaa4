"""``text_search``: entities whose display name holds every word of a phrase."""

from sglocal.errors import RequestError
from sglocal.query import RETIRED
from sglocal.store import Store

__all__ = ["text_search"]

_MIN_LENGTH = 3


def text_search(store: Store, args: dict) -> dict:
    """Answer the client's ``text_search`` (the ``query_display_name_cache`` method)."""
    text = args.get("text")
    if not isinstance(text, str) or len(text.strip()) < _MIN_LENGTH:
        raise RequestError(
            f"cannot search for {text!r}: the text must hold at least {_MIN_LENGTH} "
            "characters"
        )
    entity_types = args.get("entity_types")
    if not isinstance(entity_types, dict) or not entity_types:
        raise RequestError(
            "cannot search: entity_types must map at least one entity type to filters"
        )
    terms = text.split()
    limit = args.get("max_results")
    project_ids = [pid for pid in args.get("project_ids") or [] if isinstance(pid, int)]
    matches: list[dict] = []
    for entity_type, filters in entity_types.items():
        matches += _search_type(store, entity_type, filters, terms, project_ids)
    matches.sort(
        key=lambda match: (str(match["name"]).lower(), match["type"], match["id"])
    )
    if isinstance(limit, int) and limit > 0:
        matches = matches[:limit]
    return {"matches": matches, "terms": terms}


def _search_type(store, entity_type, filters, terms, project_ids) -> list[dict]:
    schema = store.schema
    name_field = schema.name_field(entity_type)
    if name_field is None:
        return []
    fields = schema.fields(entity_type)
    query = store.query(entity_type)
    wanted = [name_field, "project", "image", "sg_status_list", "entity"]
    query.select([name for name in wanted if name in fields])
    query.where(filters)
    query.where_sql(f"t0.{RETIRED} = 0")
    for term in terms:
        query.where({"conditions": [_contains(name_field, term)]})
    if project_ids and entity_type == "Project":
        query.where(
            {"conditions": [{"path": "id", "relation": "in", "values": project_ids}]}
        )
    elif project_ids and "project" in fields:
        links = [{"type": "Project", "id": pid} for pid in project_ids]
        query.where(
            {"conditions": [{"path": "project", "relation": "in", "values": links}]}
        )
    results = []
    for record in store.read(query):
        project = record.get("project")
        linked = record.get("entity")
        results.append(
            {
                "id": record["id"],
                "type": entity_type,
                "name": record.get(name_field),
                "project_id": project["id"] if project else None,
                "image": record.get("image"),
                "links": [linked["type"], linked["name"]] if linked else ["", ""],
                "status": record.get("sg_status_list"),
            }
        )
    return results


def _contains(name_field: str, term: str) -> dict:
    return {"path": name_field, "relation": "contains", "values": [term]}
