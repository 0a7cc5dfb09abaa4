"""The identity map: one Entity per (type, id), and merging replies into it."""

import datetime
import threading

from .entity import Entity

_CONTAINERS = (dict, list, tuple)
_UTC = datetime.timezone.utc


def is_entity_like(value):
    """True for a dict naming an entity: a string ``type`` and an integer ``id``."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("type"), str)
        and type(value.get("id")) is int
    )


def _instant(value):
    """A datetime as an aware instant; naive datetimes are taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=_UTC)
    return value


def is_newer(incoming, current):
    """Whether data stamped ``incoming`` should replace data stamped ``current``.

    Unknown stamps let the new data win; equal instants keep the old data.
    Naive and aware datetimes compare by instant; nothing here raises.
    """
    if incoming is None or current is None:
        return True
    if isinstance(incoming, datetime.datetime) and isinstance(
        current, datetime.datetime
    ):
        return _instant(incoming) > _instant(current)
    try:
        return bool(incoming > current)
    except TypeError:
        return True


class IdentityMap:
    """Every Entity a session knows, keyed by type then id, safe across threads.

    Merges hold one lock; lookups read without it, which is safe because a
    merge only ever adds entities and replaces field values whole.
    """

    def __init__(self, session=None):
        self._session = session
        self._by_type = {}
        self._lock = threading.RLock()
        self._folding = None
        #: (type, id, backref type, field) already asked of the site.
        self.backrefs_done = set()

    def __len__(self):
        return sum(len(by_id) for by_id in list(self._by_type.values()))

    def __iter__(self):
        for by_id in list(self._by_type.values()):
            yield from list(by_id.values())

    def of_type(self, entity_type):
        """Every cached Entity of one type."""
        return list(self._by_type.get(entity_type, {}).values())

    def lookup(self, entity_type, entity_id):
        """The cached Entity, or None."""
        by_id = self._by_type.get(entity_type)
        return by_id.get(entity_id) if by_id else None

    def entity(self, entity_type, entity_id):
        """The one Entity for (type, id), made empty if it is not cached yet."""
        by_id = self._by_type.get(entity_type)
        found = by_id.get(entity_id) if by_id else None
        if found is not None:
            return found
        with self._lock:
            by_id = self._by_type.setdefault(entity_type, {})
            found = by_id.get(entity_id)
            if found is None:
                found = by_id[entity_id] = Entity(entity_type, entity_id, self._session)
            return found

    def clear(self):
        with self._lock:
            self._by_type = {}
            self.backrefs_done = set()

    def merge(self, data, over=None, created_at=None):
        """Copy ``data``, folding every entity-like dict into its cached Entity.

        ``over``: True lets new values win, False keeps values already known,
        None lets the newer ``updated_at`` win. ``created_at`` is when the data
        was read from the site; it stands in for ``updated_at`` wherever an
        entity in the data carries none.
        """
        with self._lock:
            self._folding = set()
            try:
                return self._value(data, over, created_at)
            finally:
                self._folding = None

    def _value(self, value, over, stamp):
        if isinstance(value, dict):
            entity_type = value.get("type")
            entity_id = value.get("id")
            if isinstance(entity_type, str) and type(entity_id) is int:
                return self._entity(value, entity_type, entity_id, over, stamp)
            return {key: self._value(item, over, stamp) for key, item in value.items()}
        if isinstance(value, list):
            return [self._value(item, over, stamp) for item in value]
        if isinstance(value, tuple):
            return tuple(self._value(item, over, stamp) for item in value)
        return value

    def _entity(self, data, entity_type, entity_id, over, stamp):
        entity = self.entity(entity_type, entity_id)
        if data is entity:
            return entity
        if isinstance(data, Entity):
            # Entities of another session, or unpickled ones, may link in cycles
            # (a Shot listing its Tasks, each linking the Shot): fold each once.
            if id(data) in self._folding:
                return entity
            self._folding.add(id(data))
        if over is None:
            wins = is_newer(data.get("updated_at", stamp), entity.get("updated_at"))
        else:
            wins = over

        deep = None
        store = dict.__setitem__
        for key, value in data.items():
            if key == "type" or key == "id":
                continue
            if "." in key:
                parts = key.split(".", 2)
                if len(parts) == 3:
                    if deep is None:
                        deep = {}
                    deep.setdefault((parts[0], parts[1]), {})[parts[2]] = value
                    continue
            if not wins and key in entity:
                if isinstance(value, _CONTAINERS):
                    # The known link stays, but what the data says about the
                    # linked entities still reaches them.
                    self._value(value, over, stamp)
                continue
            if isinstance(value, _CONTAINERS):
                value = self._value(value, over, stamp)
            store(entity, key, value)

        if deep:
            self._fold_deep(entity, data, deep, wins, over, stamp)
        return entity

    def _fold_deep(self, entity, data, deep, wins, over, stamp):
        """Fold ``link.Type.field`` keys into the linked entity they describe.

        A link that points at another type, or at nothing, takes nothing: no
        entity is made for it. When the reply lacks the link itself the keys
        stay on the entity as they came.
        """
        for (field, linked_type), values in deep.items():
            if field in data:
                link = data[field]
                if (
                    isinstance(link, dict)
                    and link.get("type") == linked_type
                    and type(link.get("id")) is int
                ):
                    values["type"] = linked_type
                    values["id"] = link["id"]
                    self._entity(values, linked_type, link["id"], over, stamp)
                continue
            for rest, value in values.items():
                key = f"{field}.{linked_type}.{rest}"
                if wins or key not in entity:
                    dict.__setitem__(entity, key, self._value(value, over, stamp))
