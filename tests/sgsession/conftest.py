"""An in-process fake of the shotgun_api3 client, and sites to test against."""

import copy
import itertools
import json
from types import SimpleNamespace

import pytest

from sgresources import resource_path


class FakeShotgun:
    """Answers find/create/update/delete/batch from tables in memory.

    Records every call as ``(method, entity_type, payload)`` and refuses any
    payload that is not plain JSON, as the real client's encoder would.
    """

    def __init__(self, page_size=500, schema=None):
        self.tables = {}
        self.retired = {}
        self.calls = []
        self.config = SimpleNamespace(records_per_page=page_size)
        self.schema = schema or {}
        self._ids = itertools.count(1000)

    def add(self, entity_type, entity_id=None, **fields):
        """Put a row on the site and return it."""
        entity_id = entity_id or next(self._ids)
        row = {"type": entity_type, "id": entity_id, **fields}
        self.tables.setdefault(entity_type, {})[entity_id] = row
        return row

    def retire(self, entity_type, entity_id):
        row = self.tables[entity_type].pop(entity_id)
        self.retired.setdefault(entity_type, {})[entity_id] = row

    def requests(self, method=None):
        return [call for call in self.calls if method in (None, call[0])]

    def close(self):
        self.calls.append(("close", None, None))

    def schema_read(self, project_entity=None):
        self.calls.append(("schema_read", None, None))
        return copy.deepcopy(self.schema)

    def find(
        self,
        entity_type,
        filters,
        fields=None,
        order=None,
        filter_operator=None,
        limit=0,
        retired_only=False,
        page=0,
        include_archived_projects=True,
        additional_filter_presets=None,
    ):
        json.dumps([filters, fields, order])
        self.calls.append(("find", entity_type, filters))
        table = self.retired if retired_only else self.tables
        rows = [
            row
            for row in table.get(entity_type, {}).values()
            if self._matches(row, filters, filter_operator or "all")
        ]
        if limit:
            rows = rows[:limit]
        return [self._reply(row, fields or []) for row in rows]

    def find_one(self, entity_type, filters, fields=None, order=None, **kwargs):
        found = self.find(entity_type, filters, fields, order, limit=1, **kwargs)
        return found[0] if found else None

    def create(self, entity_type, data, return_fields=None):
        json.dumps(data)
        self.calls.append(("create", entity_type, data))
        row = self.add(entity_type, **data)
        return self._reply(row, list(data) + list(return_fields or []))

    def update(self, entity_type, entity_id, data, multi_entity_update_modes=None):
        json.dumps(data)
        self.calls.append(("update", entity_type, data))
        self.tables[entity_type][entity_id].update(data)
        return self._reply(self.tables[entity_type][entity_id], list(data))

    def delete(self, entity_type, entity_id):
        self.calls.append(("delete", entity_type, entity_id))
        if entity_id not in self.tables.get(entity_type, {}):
            return False
        self.retire(entity_type, entity_id)
        return True

    def revive(self, entity_type, entity_id):
        self.calls.append(("revive", entity_type, entity_id))
        row = self.retired.get(entity_type, {}).pop(entity_id, None)
        if row is None:
            return False
        self.tables[entity_type][entity_id] = row
        return True

    def batch(self, requests):
        json.dumps(requests)
        self.calls.append(("batch", None, requests))
        results = []
        for request in requests:
            kind, entity_type = request["request_type"], request["entity_type"]
            if kind == "create":
                results.append(self.create(entity_type, request["data"]))
            elif kind == "update":
                results.append(
                    self.update(entity_type, request["entity_id"], request["data"])
                )
            else:
                results.append(self.delete(entity_type, request["entity_id"]))
        return results

    def _link(self, value):
        if isinstance(value, dict) and "type" in value and "id" in value:
            row = self.tables.get(value["type"], {}).get(value["id"], {})
            name = row.get("code") or row.get("content") or row.get("name")
            return {"type": value["type"], "id": value["id"], "name": name}
        if isinstance(value, list):
            return [self._link(item) for item in value]
        return value

    def _resolve(self, row, field):
        parts = field.split(".", 2)
        if len(parts) < 3:
            return self._link(row.get(field))
        link = row.get(parts[0])
        if not isinstance(link, dict) or link.get("type") != parts[1]:
            return None
        target = self.tables.get(parts[1], {}).get(link["id"], {})
        return self._resolve(target, parts[2])

    def _reply(self, row, fields):
        reply = {"type": row["type"], "id": row["id"]}
        for field in fields:
            reply[field] = self._resolve(row, field)
        return reply

    def _matches(self, row, filters, operator):
        if isinstance(filters, dict):
            return self._matches(row, filters["filters"], filters["filter_operator"])
        results = []
        for item in filters:
            if isinstance(item, dict):
                results.append(self._matches(row, item, "all"))
            else:
                results.append(self._condition(row, *item))
        if operator in ("any", "or"):
            return any(results)
        return all(results)

    def _condition(self, row, field, relation, *values):
        value = self._resolve(row, field)
        expected = values[0] if len(values) == 1 else list(values)

        def same(left, right):
            if isinstance(left, dict) and isinstance(right, dict):
                return (left.get("type"), left.get("id")) == (
                    right.get("type"),
                    right.get("id"),
                )
            return left == right

        def holds(candidate):
            if isinstance(value, list):
                return any(same(item, candidate) for item in value)
            return same(value, candidate)

        if relation == "is":
            return holds(expected)
        if relation == "is_not":
            return not holds(expected)
        if relation == "in":
            return any(holds(candidate) for candidate in expected)
        if relation == "starts_with":
            return isinstance(value, str) and value.startswith(expected)
        raise AssertionError(f"the fake site does not know relation {relation!r}")


@pytest.fixture
def fake_shotgun():
    """The fake client class, to build one with other settings."""
    return FakeShotgun


@pytest.fixture
def fake():
    """A fake client with a site page size of 250."""
    return FakeShotgun(page_size=250)


@pytest.fixture
def session(fake):
    """A session over the fake client, with no schema checks."""
    import sgsession

    with sgsession.Session(fake, schema=False) as session:
        yield session


@pytest.fixture(scope="session")
def site_schema():
    """The production schema, as schema_read() returns it."""
    with open(resource_path("schema", "production.json"), encoding="utf-8") as stream:
        return json.load(stream)["schema"]
