"""Batched fetches: one request per entity type per step, only for what is missing."""

import logging

from .entity import Entity
from .errors import EntityNotFound

log = logging.getLogger(__name__)

_MISSING = object()


def knows(entity, field):
    """Whether ``field`` (deep fields too) needs no request to be answered."""
    if field in entity:
        return True
    parts = field.split(".", 2)
    if len(parts) < 3:
        return False
    link = entity.get(parts[0], _MISSING)
    if link is _MISSING:
        return False
    if not isinstance(link, Entity) or link.type != parts[1]:
        return True
    return knows(link, parts[2])


def chunks(items, size):
    """Split a list into lists of at most ``size`` items."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def read_by_id(session, entity_type, entities, fields, method, **kwargs):
    """Read ``fields`` of entities of one type by id, a page-sized chunk a request.

    Returns the rows as the site sent them; empty sets send nothing.
    """
    ids = sorted({entity.id for entity in entities})
    rows = []
    for chunk in chunks(ids, session.page_size):
        rows.extend(
            session.call(
                "find",
                entity_type,
                entity_type,
                [["id", "in", chunk]],
                fields,
                limit=len(chunk),
                **kwargs,
            )
        )
    log.debug("%s read %s %s by id", method, len(ids), entity_type)
    return rows


def fetch_fields(session, entities, wanted, force, method):
    """Fetch ``wanted[type]`` fields on entities lacking any of them.

    Entities the site does not return are marked as not existing and raised
    in one EntityNotFound once every type has been fetched.
    """
    by_type = {}
    for entity in entities:
        if entity.exists is False and not force:
            continue
        by_type.setdefault(entity.type, []).append(entity)

    for entity_type in by_type:
        session.check_fields(entity_type, wanted[entity_type])

    missing = [entity for entity in entities if entity.exists is False and not force]
    for entity_type, group in by_type.items():
        fields = wanted[entity_type]
        missing.extend(_fetch_type(session, entity_type, group, fields, force, method))
    if missing:
        raise EntityNotFound(method, list(dict.fromkeys(missing)))


def _fetch_type(session, entity_type, group, fields, force, method):
    if force:
        needed, asked = group, list(fields)
    else:
        needed, asked = [], {}
        for entity in group:
            lacking = [field for field in fields if not knows(entity, field)]
            if lacking:
                needed.append(entity)
                asked.update(dict.fromkeys(lacking))
        asked = list(asked)
    if not needed:
        log.debug("%s: every %s already known", method, entity_type)
        return []

    rows = read_by_id(session, entity_type, needed, asked, method)
    session.merge(rows, over=True if force else None)
    found = {row["id"] for row in rows}
    lost = []
    for entity in needed:
        if entity.id in found:
            entity.exists = True
            entity.retired = False
        else:
            entity.exists = False
            lost.append(entity)
    return lost


def fetch_hierarchy(session, entities):
    """Fetch core fields level by level up to each entity's Project."""
    seen = set()
    level = list(dict.fromkeys(entities))
    result = []
    missing = []
    while level:
        seen.update(level)
        result.extend(level)
        try:
            session.fetch_core(level)
        except EntityNotFound as error:
            missing.extend(error.entities)
        parents = []
        for entity in level:
            if entity.exists is False:
                continue
            for parent in (entity.parent(fetch=False), entity.project(fetch=False)):
                if isinstance(parent, Entity) and parent not in seen:
                    seen.add(parent)
                    parents.append(parent)
        level = parents
    if missing:
        raise EntityNotFound("fetch_heirarchy", missing)
    return result


def fetch_backrefs(session, entities, backref_type, field, force):
    """Find the ``backref_type`` entities whose ``field`` links to ``entities``."""
    session.check_fields(backref_type, [field])
    done = session.cache.backrefs_done
    key = (backref_type, field)
    needed = [e for e in entities if force or (e.type, e.id, *key) not in done]

    by_type = {}
    for entity in needed:
        by_type.setdefault(entity.type, []).append(entity)
    for group in by_type.values():
        for chunk in chunks(group, session.page_size):
            links = [entity.minimal() for entity in chunk]
            # The field itself is asked for, as finding the links relies on it.
            session.find(backref_type, [[field, "in", links]], [field])
            done.update((e.type, e.id, *key) for e in chunk)
    return _linking(session, set(entities), backref_type, field)


def _linking(session, targets, backref_type, field):
    """Cached ``backref_type`` entities whose ``field`` links into ``targets``."""
    found = []
    for entity in session.cache.of_type(backref_type):
        value = entity.get(field)
        if isinstance(value, list):
            if any(isinstance(v, Entity) and v in targets for v in value):
                found.append(entity)
        elif isinstance(value, Entity) and value in targets:
            found.append(entity)
    return found


def check_exists(session, entities, force):
    """Mark which entities the site holds live, retired, or not at all.

    One request per type asks which are live; only when some are not, one
    more per type asks which of those are retired.
    """
    by_type = {}
    for entity in entities:
        # A fetch that missed an entity leaves retired unknown: ask again.
        if force or entity.exists is None or entity.retired is None:
            by_type.setdefault(entity.type, []).append(entity)
    for entity_type, group in by_type.items():
        live = _ids_found(session, entity_type, group)
        lost = [entity for entity in group if entity.id not in live]
        retired = _ids_found(session, entity_type, lost, retired_only=True)
        for entity in group:
            entity.exists = entity.id in live
            entity.retired = entity.id in retired


def _ids_found(session, entity_type, entities, **kwargs):
    rows = read_by_id(session, entity_type, entities, [], "filter_exists", **kwargs)
    return {row["id"] for row in rows}
