"""Entity: one ShotGrid record, a mapping of field to value owned by a session."""

from .errors import SessionError

_IDENTITY = frozenset(("type", "id"))


class Entity(dict):
    """A ShotGrid entity: a dict of its known fields, identified by (type, id).

    Equality and hash use only (type, id), so an Entity works as a key or in a
    set whatever fields are known. Pickled or copied entities come back
    detached (``session`` is None) with every field and mark;
    ``session.merge(entity)`` attaches one again, folding its fields into that
    session's own Entity. ``type`` and ``id`` never change.

    Reading fields is safe while worker threads merge into the entity; to
    walk every field meanwhile, walk a snapshot (``dict(entity)``), as a
    merge may add fields during the walk.

    ``exists`` is True or False once the site said whether it holds the entity
    live, None until then. ``retired`` is True once the site said it holds the
    entity retired, False once it said it holds no such retired entity (the
    entity is live, or never existed), None until then.
    """

    __slots__ = ("exists", "id", "retired", "session", "type")

    def __init__(self, entity_type, entity_id, session=None):
        super().__init__()
        dict.__setitem__(self, "type", entity_type)
        dict.__setitem__(self, "id", entity_id)
        self.type = entity_type
        self.id = entity_id
        self.session = session
        self.exists = None
        self.retired = None

    def __eq__(self, other):
        if isinstance(other, Entity):
            return self.type == other.type and self.id == other.id
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, Entity):
            return self.type != other.type or self.id != other.id
        return NotImplemented

    def __hash__(self):
        return hash((self.type, self.id))

    def __repr__(self):
        name = self.name
        if name is None:
            return f"<Entity {self.type}:{self.id}>"
        return f"<Entity {self.type}:{self.id} {name!r}>"

    def __setitem__(self, key, value):
        if key in _IDENTITY and value != dict.__getitem__(self, key):
            raise self._identity_error(key)
        dict.__setitem__(self, key, value)

    def __delitem__(self, key):
        if key in _IDENTITY:
            raise self._identity_error(key)
        dict.__delitem__(self, key)

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other):
        self.update(other)
        return self

    def popitem(self):
        # type and id come first and stay, so the last item is a field if any.
        if len(self) <= len(_IDENTITY):
            raise KeyError(f"popitem(): {self.type} {self.id} has no fields left")
        return dict.popitem(self)

    def pop(self, key, *default):
        if key in _IDENTITY:
            raise self._identity_error(key)
        return dict.pop(self, key, *default)

    def clear(self):
        """Forget every field but ``type`` and ``id``."""
        dict.clear(self)
        dict.__setitem__(self, "type", self.type)
        dict.__setitem__(self, "id", self.id)

    def __reduce_ex__(self, protocol):
        # Fields travel after the bare entity exists, so cycles between linked
        # entities (a Shot listing its Tasks, each Task linking the Shot)
        # survive; the list is a snapshot, as other threads may merge meanwhile.
        marks = {"exists": self.exists, "retired": self.retired}
        fields = iter(list(self.items()))
        return (Entity, (self.type, self.id), (None, marks), None, fields)

    @property
    def name(self):
        """The entity's name as the site knows it, or None when not known."""
        field = self.session.schema_name_field(self.type) if self.session else None
        for key in (field, "code", "name", "content", "title"):
            if key:
                value = self.get(key)
                if isinstance(value, str) and value:
                    return value
        return None

    @property
    def display_name(self):
        """The name to show a person: the entity's name, else e.g. ``Shot 1042``."""
        return self.name or f"{self.type} {self.id}"

    def minimal(self):
        """A plain ``{'type', 'id'}`` dict, what the site expects as a link."""
        return {"type": self.type, "id": self.id}

    def fetch(self, fields, force=False):
        """Return one field's value, or a list of values for a list of fields.

        Fields not known yet are fetched from the site in one request. A deep
        field (``entity.Shot.code``) is read through the linked entity; it is
        None when the link is empty or points at another type.
        """
        single = isinstance(fields, str)
        names = [fields] if single else list(fields)
        self._session("fetch").fetch([self], names, force=force)
        values = [self._through_links(name) for name in names]
        return values[0] if single else values

    def _through_links(self, field):
        if field in self:
            return self[field]
        parts = field.split(".", 2)
        if len(parts) == 3:
            link = self.get(parts[0])
            if isinstance(link, Entity) and link.type == parts[1]:
                return link._through_links(parts[2])
        return None

    def fetch_core(self):
        """Fetch the fields the session deems important for this type."""
        self._session("fetch_core").fetch_core([self])
        return self

    def parent(self, fetch=True):
        """The entity this one belongs to (a Shot's sequence, a Task's entity).

        None when the type has no parent field or the link is empty.
        """
        session = self._session("parent")
        field = session.parent_field(self.type)
        if field is None:
            return None
        if fetch and field not in self:
            session.fetch([self], [field])
        return self.get(field)

    def project(self, fetch=True):
        """The Project this entity belongs to; a Project is its own project.

        None when the link is empty or the type has no project field.
        """
        if self.type == "Project":
            return self
        if fetch and "project" not in self:
            session = self._session("project")
            if session.has_field(self.type, "project"):
                session.fetch([self], ["project"])
        return self.get("project")

    def _identity_error(self, key):
        return SessionError(
            f"cannot change or remove the {key} of {self.type} {self.id}: an "
            "Entity is one (type, id) for good; get another with session.get()"
        )

    def _session(self, method):
        if self.session is None:
            raise SessionError(
                f"cannot call {method}() on {self.type} {self.id}: it is detached "
                "from any session; merge it into one with session.merge(entity)"
            )
        return self.session
