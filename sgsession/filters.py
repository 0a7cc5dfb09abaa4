"""Shrinking entities to ``{'type', 'id'}`` before they travel to the site."""

from .merge import is_entity_like


def minimize(value):
    """Copy ``value`` with every entity-like dict reduced to its type and id.

    Lists, tuples and dicts are walked to any depth, so nested filter groups
    (``{'filter_operator': 'any', 'filters': [...]}``), ``in`` lists and
    multi-entity values all reach the site as plain links. Entities never
    travel whole: their fields could be large, and linked entities form cycles.
    """
    if isinstance(value, dict):
        if is_entity_like(value):
            return {"type": value["type"], "id": value["id"]}
        return {key: minimize(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [minimize(item) for item in value]
    return value
