"""Session: a caching layer over shotgun_api3 with one Entity per (type, id)."""

import logging
import threading
import time
from collections.abc import Iterable

import shotgun_api3

from . import fetch as _fetch
from .entity import Entity
from .errors import InvalidEntity, NoConnection, SessionClosed, SessionError
from .filters import minimize
from .merge import IdentityMap, is_entity_like
from .pool import ShotgunPool, check_pool_size
from .schema import NAME_FIELDS, Schema
from .sites import connect

log = logging.getLogger(__name__)

_DEFAULT_PAGE_SIZE = 500

#: What a shotgun_api3 client has: its class's names and what __init__ sets.
_SHOTGUN_NAMES = frozenset(dir(shotgun_api3.Shotgun)) | {
    "base_url",
    "client_caps",
    "config",
}


class Session:
    """A ShotGrid session: wrapped api calls whose replies merge into one cache.

    ``shotgun`` is a ``shotgun_api3.Shotgun`` (lent to threads through a
    ShotgunPool), a site name for ``sgsession.connect`` (which also receives
    ``*args`` and ``**kwargs``), ``None`` to connect to the default site on
    first use, ``False`` never to connect, or any other object (a mock), used
    as it is. ``schema`` is what ``schema_read()`` returns or a path to its
    JSON; ``None`` reads it from the site when first needed, ``False`` never.

    ``important_fields_for_all``, ``important_fields`` and ``parent_fields``
    may be set on a subclass or given here; the last two, given here, replace
    the class's entries only for the types they name.
    Attributes the session does not define come from the client; entities
    given to its methods travel as plain links. Before it connects, a name a
    shotgun_api3 client lacks is an AttributeError, and no reason to connect.
    """

    #: Fields fetch_core asks for on every entity type.
    important_fields_for_all = ("project", "updated_at")

    #: Fields fetch_core asks for, per entity type, besides the ones above.
    important_fields = {
        "Asset": ("code", "sg_asset_type"),
        "HumanUser": ("name", "login", "email"),
        "Note": ("subject",),
        "Project": ("name",),
        "PublishedFile": ("code", "version_number", "entity", "task"),
        "Sequence": ("code",),
        "Shot": ("code", "sg_sequence"),
        "Step": ("code", "short_name", "entity_type"),
        "Task": ("content", "step", "entity", "sg_status_list"),
        "Version": ("code", "entity", "sg_task", "sg_status_list"),
    }

    #: The field linking each type to its parent; absent types use "project".
    parent_fields = {
        "ApiUser": None,
        "Asset": "project",
        "Department": None,
        "Group": None,
        "HumanUser": None,
        "Note": "project",
        "Project": None,
        "PublishedFile": "entity",
        "Sequence": "project",
        "Shot": "sg_sequence",
        "Step": None,
        "Task": "entity",
        "Version": "entity",
    }

    def __init__(
        self,
        shotgun=None,
        schema=None,
        *args,
        important_fields_for_all=None,
        important_fields=None,
        parent_fields=None,
        pool_size=8,
        **kwargs,
    ):
        check_pool_size(pool_size)
        if schema is not None and schema is not False:
            schema = schema if isinstance(schema, Schema) else Schema(schema)
        self._schema = schema
        if isinstance(shotgun, str):
            shotgun = connect(shotgun, *args, **kwargs)
        elif shotgun is not None and (args or kwargs):
            extra = ", ".join([repr(arg) for arg in args] + [f"{k}=" for k in kwargs])
            raise TypeError(
                f"cannot pass {extra} to a Session over {shotgun!r}: extra "
                "arguments go to sgsession.connect(), which only a site name or "
                "None uses; drop them"
            )
        self._connect_args = (args, kwargs)
        self._owns_client = isinstance(shotgun, shotgun_api3.Shotgun)
        if self._owns_client:
            shotgun = ShotgunPool(shotgun, size=pool_size)
        self._client = shotgun
        self._pool_size = pool_size
        if important_fields_for_all is not None:
            self.important_fields_for_all = tuple(important_fields_for_all)
        if important_fields is not None:
            self.important_fields = {**type(self).important_fields, **important_fields}
        if parent_fields is not None:
            self.parent_fields = {**type(self).parent_fields, **parent_fields}

        self.cache = IdentityMap(self)
        self._page_size = None
        self._closed = False
        self._connect_lock = threading.Lock()
        self._schema_lock = threading.Lock()

    def __repr__(self):
        state = "closed" if self._closed else f"{len(self.cache)} entities"
        return f"<Session {state}>"

    def __enter__(self):
        self._check_open()
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __getattr__(self, name):
        # Python also comes here when a property of the session raised an
        # AttributeError; this reads no property, so that cannot loop back.
        if hasattr(type(self), name):
            raise AttributeError(
                f"reading Session.{name} raised an AttributeError inside it"
            )
        if name.startswith("_") or not self._client_knows(name):
            raise AttributeError(
                f"{type(self).__name__} has no attribute {name!r}, nor has its client"
            )
        attribute = getattr(self._connected(name), name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            # Entities travel as plain links: whole ones may link in cycles.
            options = {key: minimize(value) for key, value in kwargs.items()}
            return attribute(*minimize(args), **options)

        call.__name__ = name
        return call

    # Lifecycle and connection

    @property
    def closed(self):
        return self._closed

    def close(self):
        """Close the session's pool, and with it a Shotgun the session was given.

        A mock given to the session is left open. Later calls raise
        SessionClosed.
        """
        if self._closed:
            return
        self._closed = True
        if self._owns_client:
            self._client.close()

    def _check_open(self):
        if self._closed:
            raise SessionClosed("session")

    @property
    def shotgun(self):
        """The client: a ShotgunPool around a real Shotgun, or the given object."""
        return self._connected("shotgun")

    def _connected(self, what):
        """The client, connecting to the default site on first use."""
        self._check_open()
        if self._client is False:
            raise NoConnection(what)
        if self._client is None:
            with self._connect_lock:
                if self._client is None:
                    self._client = self._connect()
                    self._owns_client = True
        return self._client

    def _connect(self):
        args, kwargs = self._connect_args
        try:
            shotgun = connect(None, *args, **kwargs)
        except AttributeError as error:
            # Raised out of the ``shotgun`` property it would read as a missing
            # attribute and send Python to __getattr__ instead of the caller.
            raise SessionError(
                f"cannot connect to the default site: {type(error).__name__}: "
                f"{error}; check the site settings and connectors"
            ) from error
        return ShotgunPool(shotgun, size=self._pool_size)

    def _client_knows(self, name):
        """Whether the client has ``name``, asked without connecting."""
        if self._client is None or self._client is False:
            return name in _SHOTGUN_NAMES
        return True

    def call(self, method, entity_type, *args, **kwargs):
        """Send one request through the client and log the round trip.

        ``entity_type`` names what the request is about in the log line.
        """
        self._check_open()
        if self._client is False:
            raise NoConnection(method)
        started = time.perf_counter()
        result = getattr(self.shotgun, method)(*args, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
        rows = len(result) if isinstance(result, list) else int(result is not None)
        log.info("%s %s: %s rows in %.0f ms", method, entity_type, rows, elapsed)
        return result

    @property
    def page_size(self):
        """How many entities the site returns per page (500 unless it says)."""
        if self._page_size is None:
            self._page_size = self._read_page_size()
        return self._page_size

    def _read_page_size(self):
        client = self.shotgun
        if isinstance(client, ShotgunPool):
            with client.client() as shotgun:
                return shotgun.config.records_per_page
        config = getattr(client, "config", None)
        size = getattr(config, "records_per_page", None)
        return size if isinstance(size, int) and size > 0 else _DEFAULT_PAGE_SIZE

    # Schema knowledge

    @property
    def schema(self):
        """The site's Schema, read on first use; None when built with False."""
        if self._schema is None:
            with self._schema_lock:
                if self._schema is None:
                    self._schema = self._read_schema()
        return self._schema or None

    def _read_schema(self):
        reply = self.call("schema_read", "every type")
        if not isinstance(reply, dict):
            raise SessionError(
                "cannot check fields against the site's schema: schema_read() "
                f"returned {type(reply).__name__}, not a dict; pass the schema "
                "as schema=, or schema=False to skip field checks"
            )
        return Schema(reply)

    def schema_name_field(self, entity_type):
        """The field holding a type's name, from the schema once it is known."""
        if self._schema:
            return self._schema.name_field(entity_type)
        return NAME_FIELDS.get(entity_type, "code")

    def check_fields(self, entity_type, fields):
        """Raise UnknownField for any field the site's schema lacks."""
        schema = self.schema
        if schema is not None:
            schema.check_type(entity_type)
            schema.check_fields(entity_type, fields)

    def has_field(self, entity_type, field):
        """Whether the type has the field; True while the schema is not known."""
        if not self._schema:
            return True
        return field in self._schema.fields(entity_type)

    def core_fields(self, entity_type):
        """The fields fetch_core asks for on one type, as the schema allows."""
        wanted = [*self.important_fields_for_all]
        wanted.extend(self.important_fields.get(entity_type, ()))
        parent = self.parent_field(entity_type)
        if parent:
            wanted.append(parent)
        schema = self.schema
        if schema is not None:
            wanted.append(schema.name_field(entity_type))
            known = schema.fields(entity_type)
            if known:
                wanted = [field for field in wanted if field in known]
        return list(dict.fromkeys(wanted))

    def parent_field(self, entity_type):
        """The field linking a type to its parent, or None for top-level types.

        Once the schema is known, a type lacking its parent field falls back
        to ``project``, or to None when it has no project either.
        """
        field = self.parent_fields.get(entity_type, "project")
        known = self._schema.fields(entity_type) if self._schema else None
        if field and known and field not in known:
            field = "project" if "project" in known else None
        return field

    # The identity map

    def merge(self, data, over=None, created_at=None):
        """Copy ``data`` with every entity-like dict folded into this session's cache.

        Returns the merged copy: one Entity per (type, id), however often it
        appears. ``over``: True new values win, False known values stay, None
        the newer ``updated_at`` wins (naive datetimes count as UTC).
        ``created_at`` stands in for ``updated_at`` where the data has none.
        """
        self._check_open()
        return self.cache.merge(data, over=over, created_at=created_at)

    def get(self, entity_type, ids, fetch=True):
        """The Entity for an id, or a list of them for an iterable of ids.

        An entity or link given for an id must be of ``entity_type``.

        ``fetch`` fetches the core fields of those that lack them, in one
        request; retired or missing ones raise EntityNotFound.
        """
        self._check_open()
        single = isinstance(ids, (str, bytes, dict)) or not isinstance(ids, Iterable)
        checked = [self._id_of(i, entity_type) for i in ([ids] if single else ids)]
        entities = [self.cache.entity(entity_type, i) for i in checked]
        if fetch:
            self.fetch_core(entities)
        return entities[0] if single else entities

    def entities(self, values):
        """The session's Entities for an Entity, or for an iterable of them."""
        if isinstance(values, dict):
            return [self.entity(values)]
        return [self.entity(value) for value in values]

    def entity(self, value):
        """The session's Entity for an Entity, a link dict or a (type, id) pair."""
        self._check_open()
        if isinstance(value, Entity) and value.session is self:
            return value
        if is_entity_like(value):
            return self.merge(value)
        if (
            isinstance(value, tuple)
            and len(value) == 2
            and isinstance(value[0], str)
            and type(value[1]) is int
        ):
            return self.cache.entity(*value)
        raise InvalidEntity(value, "it has no string type and integer id")

    # Wrapped api calls

    def find(self, entity_type, filters, fields=None, order=None, **kwargs):
        """``Shotgun.find`` returning Entities with the type's core fields too."""
        return self._read("find", entity_type, filters, fields, order, kwargs)

    def find_one(self, entity_type, filters, fields=None, order=None, **kwargs):
        """``Shotgun.find_one`` returning an Entity or None."""
        found = self._read("find_one", entity_type, filters, fields, order, kwargs)
        return found[0] if found else None

    def _read(self, method, entity_type, filters, fields, order, kwargs):
        """Send a find or find_one; its rows, merged, as a list."""
        fields = self._find_fields(entity_type, fields)
        reply = self.call(
            method, entity_type, entity_type, minimize(filters), fields, order, **kwargs
        )
        if not isinstance(reply, list):
            reply = [] if reply is None else [reply]
        entities = self.merge(reply)
        if kwargs.get("retired_only"):
            for entity in entities:
                entity.exists, entity.retired = False, True
        return entities

    def create(self, entity_type, data, return_fields=None, **kwargs):
        """``Shotgun.create`` returning the new Entity."""
        self.check_fields(entity_type, data)
        if return_fields is not None:
            self.check_fields(entity_type, return_fields)
        row = self.call(
            "create", entity_type, entity_type, minimize(data), return_fields, **kwargs
        )
        entity = self.merge(row, over=True)
        entity.exists, entity.retired = True, False
        return entity

    def update(self, entity_type, entity_id, data, **kwargs):
        """``Shotgun.update`` returning the updated Entity."""
        entity_id = self._id_of(entity_id, entity_type)
        self.check_fields(entity_type, data)
        row = self.call(
            "update", entity_type, entity_type, entity_id, minimize(data), **kwargs
        )
        return self.merge(row, over=True)

    def delete(self, entity_type, entity_id, **kwargs):
        """``Shotgun.delete`` (retire); the cached Entity is marked as not existing."""
        entity_id = self._id_of(entity_id, entity_type)
        retired = self.call("delete", entity_type, entity_type, entity_id, **kwargs)
        if retired:
            self._mark_retired(entity_type, entity_id)
        return retired

    def revive(self, entity_type, entity_id, **kwargs):
        """``Shotgun.revive``; the cached Entity is marked as live again."""
        entity_id = self._id_of(entity_id, entity_type)
        revived = self.call("revive", entity_type, entity_type, entity_id, **kwargs)
        if revived:
            entity = self.cache.entity(entity_type, entity_id)
            entity.exists, entity.retired = True, False
        return revived

    def batch(self, requests, **kwargs):
        """``Shotgun.batch``; created and updated entities come back merged."""
        prepared = []
        for request in requests:
            request = dict(request)
            if "entity_id" in request:
                request["entity_id"] = self._id_of(
                    request["entity_id"], request["entity_type"]
                )
            if "data" in request:
                self.check_fields(request["entity_type"], request["data"])
                request["data"] = minimize(request["data"])
            prepared.append(request)
        types = ", ".join(sorted({request["entity_type"] for request in prepared}))
        results = self.call("batch", types, prepared, **kwargs)

        merged = []
        for request, result in zip(prepared, results):
            if request.get("request_type") == "delete":
                if result:
                    self._mark_retired(request["entity_type"], request["entity_id"])
                merged.append(result)
            else:
                merged.append(self.merge(result, over=True))
        return merged

    def _mark_retired(self, entity_type, entity_id):
        entity = self.cache.entity(entity_type, entity_id)
        entity.exists, entity.retired = False, True

    def _find_fields(self, entity_type, fields):
        if isinstance(fields, str):
            fields = [fields]
        fields = list(fields or ())
        self.check_fields(entity_type, fields)
        return list(dict.fromkeys(fields + self.core_fields(entity_type)))

    @staticmethod
    def _id_of(value, entity_type):
        """The id of ``value``: an id, or an entity of ``entity_type``."""
        if isinstance(value, dict):
            given = value.get("type", entity_type)
            if given != entity_type:
                raise InvalidEntity(value, f"it is a {given}, not a {entity_type}")
            value = value.get("id")
        if type(value) is not int:
            raise InvalidEntity(value, "an entity id is an integer")
        return value

    # Batched fetches

    def fetch(self, entities, fields, force=False):
        """Fetch fields not known yet on the entities: one request per type.

        ``force`` asks again for fields already known. Large sets go in
        page-sized chunks. Entities that are retired or missing are marked
        (``entity.exists = False``) and reported by EntityNotFound after every
        other entity got its fields.
        """
        if isinstance(fields, str):
            fields = [fields]
        entities = self.entities(entities)
        wanted = {}
        for entity in entities:
            wanted.setdefault(entity.type, list(fields))
        _fetch.fetch_fields(self, entities, wanted, force, "fetch")
        return entities

    def fetch_core(self, entities):
        """Fetch each entity's core fields (see ``core_fields``) where missing."""
        entities = self.entities(entities)
        wanted = {}
        for entity in entities:
            if entity.type not in wanted:
                wanted[entity.type] = self.core_fields(entity.type)
        _fetch.fetch_fields(self, entities, wanted, False, "fetch_core")
        return entities

    def fetch_backrefs(self, entities, backref_type, field, force=False):
        """Find every ``backref_type`` whose ``field`` links to one of the entities.

        E.g. ``fetch_backrefs(shots, 'Task', 'entity')`` gives the shots' tasks.
        One request per entity type, for entities not asked about before.
        """
        entities = self.entities(entities)
        return _fetch.fetch_backrefs(self, entities, backref_type, field, force)

    def fetch_heirarchy(self, entities):
        """Fetch core fields of the entities and of every ancestor up to Project.

        One request per entity type per level, only for what is missing.
        Returns the entities and their ancestors.
        """
        entities = self.entities(entities)
        return _fetch.fetch_hierarchy(self, entities)

    fetch_hierarchy = fetch_heirarchy

    def filter_exists(self, entities, check=True, force=False):
        """The entities the site holds live; the others get ``exists = False``.

        ``check`` asks the site (one request per type) about entities whose
        existence, or whether they are retired, is unknown, or about all of
        them with ``force``; where some are not live, one more request per
        type tells the retired ones (``retired = True``) from those the site
        never held. Without ``check`` only marks already known are used,
        unknown counting as existing.
        """
        entities = self.entities(entities)
        if check:
            _fetch.check_exists(self, entities, force)
        return [entity for entity in entities if entity.exists is not False]
