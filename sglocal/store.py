"""SQLite storage of a site: a table per entity type, a link table, thumbnail files."""

import contextlib
import datetime
import logging
import mimetypes
import secrets
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Callable, Optional

from sglocal.errors import RequestError, SiteClosedError, SiteError
from sglocal.fields import (
    check_choice,
    columns_of,
    decode_value,
    encode_link,
    encode_links,
    encode_value,
)
from sglocal.files import FileStore
from sglocal.query import LINKS_TABLE, RETIRED, ReadQuery, table_name
from sglocal.schema import FieldDef, Schema
from sglocal.signing import UrlSigner

__all__ = ["Store"]

LOG = logging.getLogger(__name__)

_CHUNK = 5000
_SITE_TABLES = {"settings", "attachment_files", "links"}


class Store:
    """The entities of one site in one SQLite database, with its files beside it.

    Reads run concurrently (WAL); writes are serialised by a lock and each runs in one
    transaction. ``site_url`` is the address of the site serving the stored files;
    reads give their addresses signed by ``signer``.
    """

    def __init__(self, path, schema: Schema, files_dir=None) -> None:
        self.path = Path(path)
        self.schema = schema
        self.files_dir = Path(
            files_dir or self.path.with_name(f"{self.path.stem}-files")
        )
        self.files = FileStore(self.files_dir)
        self.site_url = ""
        self.clock: Callable[[], datetime.datetime] = _utc_now
        self._write_lock = threading.RLock()
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._closed = False
        try:
            with self.transaction() as conn:
                self._check_is_site(conn)
                self._create_tables(conn)
        except sqlite3.Error as error:
            self.close()
            raise SiteError(
                f"cannot use the database {self.path}: {error}; pass a writable path "
                "in an existing folder, or an sglocal database"
            ) from error
        except BaseException:
            self.close()
            raise
        self.signer = UrlSigner(
            self.setting("url_secret", secrets.token_hex(32)), lambda: self.clock()
        )

    # Lifecycle ----------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Close every idle connection; connections in use close when released."""
        with self._pool_lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with self._pool_lock:
            if self._closed:
                raise SiteClosedError(
                    f"cannot use the store at {self.path}: it is closed; open a new "
                    "LocalSite"
                )
            conn = self._idle.pop() if self._idle else None
        conn = conn or self._connect()
        try:
            yield conn
        finally:
            with self._pool_lock:
                keep = not self._closed
                if keep:
                    self._idle.append(conn)
            if not keep:
                conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything in the block is applied, or nothing."""
        with self._write_lock, self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query in the block sees the same data."""
        with self._connection() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")

    @contextlib.contextmanager
    def _using(self, conn, write: bool) -> Iterator[sqlite3.Connection]:
        if conn is not None:
            yield conn
        else:
            with self.transaction() if write else self.snapshot() as opened:
                yield opened

    def setting(self, name: str, default: str) -> str:
        """A value kept with the database (set to ``default`` the first time)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)",
                [name, default],
            )
            row = conn.execute("SELECT value FROM settings WHERE name = ?", [name])
            return row.fetchone()[0]

    def _check_is_site(self, conn: sqlite3.Connection) -> None:
        """Refuse a database that holds tables but not those every site creates."""
        tables = {
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if tables and not _SITE_TABLES <= tables:
            names = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise SiteError(
                f"cannot open {self.path} as a site database: it holds other tables "
                f"({names}) and is not one sglocal created; pass a new file or a "
                "database sglocal made"
            )

    def _create_tables(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT)"
        )
        conn.execute(
            "CREATE TABLE IF NOT EXISTS attachment_files (id INTEGER PRIMARY KEY, "
            "key TEXT NOT NULL)"
        )
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {LINKS_TABLE} (src_type TEXT NOT NULL, "
            "field TEXT NOT NULL, src_id INTEGER NOT NULL, dst_type TEXT NOT NULL, "
            "dst_id INTEGER NOT NULL, pos INTEGER NOT NULL)"
        )
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS links_src ON {LINKS_TABLE} "
            "(src_type, field, src_id, pos)"
        )
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS links_dst ON {LINKS_TABLE} (dst_type, dst_id)"
        )
        for entity_type in self.schema.entity_types:
            self._create_table(conn, entity_type)

    def _create_table(self, conn: sqlite3.Connection, entity_type: str) -> None:
        table = table_name(entity_type)
        columns = [
            column
            for fdef in self.schema.fields(entity_type).values()
            for column in columns_of(fdef)
        ]
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY, "
            f"{RETIRED} INTEGER NOT NULL DEFAULT 0"
            + "".join(f', "{name}" {sql_type}' for name, sql_type in columns)
            + ")"
        )
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, sql_type in columns:
            if name not in present:
                conn.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql_type}')
        for name, _ in columns:
            if name.endswith("__id"):
                conn.execute(
                    f'CREATE INDEX IF NOT EXISTS "ix_{entity_type}_{name}" ON {table} '
                    f'("{name}")'
                )
        name_field = self.schema.name_field(entity_type)
        if name_field and columns_of(self.schema.field(entity_type, name_field)):
            conn.execute(
                f'CREATE INDEX IF NOT EXISTS "nx_{entity_type}" ON {table} '
                f'("{name_field}" COLLATE NOCASE)'
            )

    # Writes -------------------------------------------------------------------

    def insert_rows(
        self, entity_type: str, rows: Sequence[dict], conn=None
    ) -> list[int]:
        """Insert many rows in one transaction; rows may carry their own ``id``.

        Values are checked against the schema like a ``create``; linked entities are
        not looked up, so seed data can link rows inserted later. Rows without
        ``created_at``/``updated_at`` are stamped now. Pass the ``conn`` of an open
        ``transaction()`` to insert several types all or nothing.
        """
        self.schema.check_type(entity_type)
        stamps = self._stamps(entity_type, None, created=True)
        with self._using(conn, write=True) as conn:
            next_id = self._next_id(conn, entity_type)
            ids, groups, links = [], defaultdict(list), []
            for row in rows:
                row = {**stamps, **row}
                row_id = row.pop("id", None)
                if row_id is None:
                    row_id, next_id = next_id, next_id + 1
                elif not isinstance(row_id, int) or isinstance(row_id, bool):
                    raise RequestError(
                        f"cannot insert {entity_type} with id {row_id!r}: ids are "
                        "integers"
                    )
                else:
                    next_id = max(next_id, row_id + 1)
                row.pop("type", None)
                values, multi = self._encode_fields(conn, entity_type, row, check=False)
                ids.append(row_id)
                names = tuple(values)
                groups[names].append((row_id, *values.values()))
                links += [
                    (entity_type, name, row_id, link_type, link_id, pos)
                    for name, pairs in multi.items()
                    for pos, (link_type, link_id) in enumerate(pairs)
                ]
            for names, params in groups.items():
                columns = "".join(f', "{name}"' for name in names)
                marks = ", ?" * len(names)
                conn.executemany(
                    f"INSERT INTO {table_name(entity_type)} (id{columns}) "
                    f"VALUES (?{marks})",
                    params,
                )
            conn.executemany(
                f"INSERT INTO {LINKS_TABLE} VALUES (?, ?, ?, ?, ?, ?)", links
            )
        return ids

    def create(
        self,
        entity_type: str,
        data: dict,
        return_fields: Sequence[str] = (),
        user: Optional[dict] = None,
        conn=None,
    ) -> dict:
        """Create one entity; return its given and requested fields as read back."""
        self.schema.check_type(entity_type)
        data = dict(data)
        if data.get("type", entity_type) != entity_type:
            raise RequestError(
                f"cannot create a {entity_type} from data whose type is "
                f"{data['type']!r}; drop the 'type' key"
            )
        data.pop("type", None)
        if "id" in data:
            raise RequestError(
                f"cannot create a {entity_type} with an id: the site assigns ids"
            )
        with self._using(conn, write=True) as conn:
            stamped = self._stamps(entity_type, user, created=True)
            values, multi = self._encode_fields(conn, entity_type, {**stamped, **data})
            entity_id = self._next_id(conn, entity_type)
            columns = "".join(f', "{name}"' for name in values)
            conn.execute(
                f"INSERT INTO {table_name(entity_type)} (id{columns}) "
                f"VALUES (?{', ?' * len(values)})",
                [entity_id, *values.values()],
            )
            for name, pairs in multi.items():
                self._set_links(conn, entity_type, entity_id, name, pairs)
            fields = [*data, *[f for f in return_fields if f not in data]]
            return self.read_one(entity_type, entity_id, fields, conn=conn)

    def update(
        self,
        entity_type: str,
        entity_id: int,
        data: dict,
        modes: Optional[dict[str, str]] = None,
        user: Optional[dict] = None,
        conn=None,
    ) -> dict:
        """Update one active entity; multi-entity fields are set, added or removed."""
        self.schema.check_type(entity_type)
        data = {k: v for k, v in data.items() if not (k == "type" and v == entity_type)}
        modes = modes or {}
        if "id" in data:
            raise RequestError(f"cannot update {entity_type}.id: ids never change")
        with self._using(conn, write=True) as conn:
            self._require(conn, entity_type, entity_id, "update")
            stamped = self._stamps(entity_type, user, created=False)
            values, multi = self._encode_fields(conn, entity_type, {**stamped, **data})
            if values:
                assignments = ", ".join(f'"{name}" = ?' for name in values)
                conn.execute(
                    f"UPDATE {table_name(entity_type)} SET {assignments} WHERE id = ?",
                    [*values.values(), entity_id],
                )
            for name, pairs in multi.items():
                mode = modes.get(name, "set")
                if mode == "set":
                    self._set_links(conn, entity_type, entity_id, name, pairs)
                elif mode == "add":
                    self._add_links(conn, entity_type, entity_id, name, pairs)
                elif mode == "remove":
                    self._remove_links(conn, entity_type, entity_id, name, pairs)
                else:
                    raise RequestError(
                        f"cannot update {entity_type}.{name} with "
                        f"multi_entity_update_mode {mode!r}: use set, add or remove"
                    )
            return self.read_one(entity_type, entity_id, list(data), conn=conn)

    def retire(self, entity_type: str, entity_id: int, conn=None) -> bool:
        """Retire an entity; False when it already was."""
        return self._set_retired(entity_type, entity_id, 1, conn)

    def revive(self, entity_type: str, entity_id: int, conn=None) -> bool:
        """Bring a retired entity back; False when it was not retired."""
        return self._set_retired(entity_type, entity_id, 0, conn)

    def _set_retired(self, entity_type: str, entity_id, retired: int, conn) -> bool:
        self.schema.check_type(entity_type)
        with self._using(conn, write=True) as conn:
            row = conn.execute(
                f"SELECT {RETIRED} FROM {table_name(entity_type)} WHERE id = ?",
                [entity_id],
            ).fetchone()
            if row is None:
                raise RequestError(
                    f"cannot {'retire' if retired else 'revive'} {entity_type} "
                    f"{entity_id!r}: no such entity exists"
                )
            if row[0] == retired:
                return False
            conn.execute(
                f"UPDATE {table_name(entity_type)} SET {RETIRED} = ? WHERE id = ?",
                [retired, entity_id],
            )
            return True

    def _stamps(self, entity_type: str, user: Optional[dict], created: bool) -> dict:
        fields = self.schema.fields(entity_type)
        now = self.clock()
        names = ("created_at", "updated_at") if created else ("updated_at",)
        stamps = {name: now for name in names if name in fields}
        if user is not None:
            for name in ("created_by", "updated_by") if created else ("updated_by",):
                fdef = fields.get(name)
                if fdef is not None and user["type"] in (
                    fdef.valid_types or (user["type"],)
                ):
                    stamps[name] = user
        return stamps

    def _encode_fields(
        self, conn, entity_type: str, data: dict, check: bool = True
    ) -> tuple[dict[str, Any], dict[str, list]]:
        values: dict[str, Any] = {}
        multi: dict[str, list] = {}
        fields = self.schema.fields(entity_type)
        for name, value in data.items():
            fdef = fields.get(name) or self.schema.field(entity_type, name)
            if fdef.data_type == "entity":
                pair = encode_link(self.schema, fdef, value)
                if check and pair[0] is not None:
                    self._require_link(conn, fdef, *pair)
                values[f"{name}__type"], values[f"{name}__id"] = pair
            elif fdef.data_type == "multi_entity":
                pairs = encode_links(self.schema, fdef, value)
                for pair in pairs if check else ():
                    self._require_link(conn, fdef, *pair)
                multi[name] = pairs
            else:
                values[name] = encode_value(self.schema, fdef, value)
                check_choice(fdef, values[name])
        return values, multi

    def _require(self, conn, entity_type: str, entity_id, action: str) -> None:
        if not _is_active(conn, entity_type, entity_id):
            raise RequestError(
                f"cannot {action} {entity_type} {entity_id!r}: no active entity has "
                "that id"
            )

    def _require_link(self, conn, fdef: FieldDef, link_type: str, link_id) -> None:
        if not _is_active(conn, link_type, link_id):
            raise RequestError(
                f"cannot link {fdef.entity_type}.{fdef.name} to {link_type} "
                f"{link_id}: no active {link_type} has that id"
            )

    @staticmethod
    def _next_id(conn, entity_type: str) -> int:
        row = conn.execute(f"SELECT MAX(id) FROM {table_name(entity_type)}").fetchone()
        return (row[0] or 0) + 1

    def _set_links(self, conn, entity_type, entity_id, name, pairs) -> None:
        conn.execute(
            f"DELETE FROM {LINKS_TABLE} WHERE src_type = ? AND field = ? "
            "AND src_id = ?",
            [entity_type, name, entity_id],
        )
        self._insert_links(conn, entity_type, entity_id, name, pairs, 0)

    def _add_links(self, conn, entity_type, entity_id, name, pairs) -> None:
        current = self._links_of(conn, entity_type, entity_id, name)
        start = len(current)
        fresh = [pair for pair in pairs if pair not in current]
        self._insert_links(conn, entity_type, entity_id, name, fresh, start)

    def _remove_links(self, conn, entity_type, entity_id, name, pairs) -> None:
        current = self._links_of(conn, entity_type, entity_id, name)
        kept = [pair for pair in current if pair not in pairs]
        self._set_links(conn, entity_type, entity_id, name, kept)

    @staticmethod
    def _links_of(conn, entity_type, entity_id, name) -> list[tuple[str, int]]:
        rows = conn.execute(
            f"SELECT dst_type, dst_id FROM {LINKS_TABLE} WHERE src_type = ? AND "
            "field = ? AND src_id = ? ORDER BY pos",
            [entity_type, name, entity_id],
        )
        return [tuple(row) for row in rows]

    @staticmethod
    def _insert_links(conn, entity_type, entity_id, name, pairs, start) -> None:
        conn.executemany(
            f"INSERT INTO {LINKS_TABLE} VALUES (?, ?, ?, ?, ?, ?)",
            [
                (entity_type, name, entity_id, link_type, link_id, start + pos)
                for pos, (link_type, link_id) in enumerate(pairs)
            ],
        )

    # Reads --------------------------------------------------------------------

    def query(self, entity_type: str) -> ReadQuery:
        """A new read of ``entity_type``, dated by the store's clock."""
        return ReadQuery(self.schema, entity_type, now=self.clock())

    def read(
        self,
        query: ReadQuery,
        limit: Optional[int] = None,
        offset: int = 0,
        conn=None,
    ) -> list[dict]:
        """Run a compiled read and return its entities in api3 wire form."""
        sql, params = query.select_sql(limit, offset)
        with self._using(conn, write=False) as conn:
            rows = conn.execute(sql, params).fetchall()
            return self._decode_rows(conn, query, rows)

    def count(self, query: ReadQuery, conn=None) -> int:
        sql, params = query.count_sql()
        with self._using(conn, write=False) as conn:
            return conn.execute(sql, params).fetchone()[0]

    def read_one(
        self, entity_type: str, entity_id: int, fields: Sequence[str], conn=None
    ) -> dict:
        query = self.query(entity_type)
        query.select(fields)
        query.where_sql(f"t0.id = ? AND t0.{RETIRED} = 0", [entity_id])
        found = self.read(query, conn=conn)
        if not found:
            raise RequestError(
                f"cannot read {entity_type} {entity_id!r}: no such entity"
            )
        return found[0]

    def _decode_rows(self, conn, query: ReadQuery, rows) -> list[dict]:
        records, wanted = [], defaultdict(set)
        multi_owners = defaultdict(set)
        for row in rows:
            record = {"type": query.entity_type, "id": row[0]}
            position = 1
            for column in query.columns:
                raw = row[position : position + column.width]
                position += column.width
                record[column.name] = self._decode(column, raw, wanted, multi_owners)
            records.append(record)
        links = self._multi_links(conn, multi_owners, wanted)
        names = self.link_names(conn, wanted)
        for record in records:
            for column in query.columns:
                value = record[column.name]
                if column.kind == "entity" and value is not None:
                    record[column.name] = _named(value, names)
                elif column.kind == "multi_entity":
                    pairs = links.get(
                        (column.field.entity_type, column.field.name, value)
                    )
                    named = (_named(pair, names) for pair in pairs or ())
                    record[column.name] = [link for link in named if link is not None]
        return records

    def _decode(self, column, raw, wanted, multi_owners) -> Any:
        if column.kind == "none":
            return None
        if column.kind == "entity":
            if raw[1] is None or not self.schema.has_type(raw[0]):
                return None
            wanted[raw[0]].add(raw[1])
            return raw[0], raw[1]
        if column.kind == "multi_entity":
            if raw[0] is not None:
                multi_owners[(column.field.entity_type, column.field.name)].add(raw[0])
            return raw[0]
        if column.kind == "image":
            return self._file_url(f"/files/{raw[0]}") if raw[0] else None
        value = decode_value(column.field, raw[0])
        if isinstance(value, dict) and value.get("link_type") == "upload":
            value["url"] = self._file_url(f"/file_serve/attachment/{value.get('id')}")
        return value

    def _file_url(self, path: str) -> str:
        return f"{self.site_url}{self.signer.sign(path)}"

    @staticmethod
    def _multi_links(conn, owners, wanted) -> dict[tuple, list[tuple[str, int]]]:
        links = defaultdict(list)
        for (entity_type, name), ids in owners.items():
            for chunk in _chunks(sorted(ids)):
                rows = conn.execute(
                    f"SELECT src_id, dst_type, dst_id FROM {LINKS_TABLE} WHERE "
                    f"src_type = ? AND field = ? AND src_id IN "
                    f"({', '.join('?' * len(chunk))}) ORDER BY src_id, pos",
                    [entity_type, name, *chunk],
                )
                for src_id, dst_type, dst_id in rows:
                    links[(entity_type, name, src_id)].append((dst_type, dst_id))
                    wanted[dst_type].add(dst_id)
        return links

    def link_names(self, conn, wanted) -> dict[tuple[str, int], Any]:
        """The display names of active linked entities; missing ones are absent."""
        names = {}
        for entity_type, ids in wanted.items():
            if not self.schema.has_type(entity_type):
                continue
            name_field = self.schema.name_field(entity_type)
            column = f'"{name_field}"' if name_field else "NULL"
            if name_field and not columns_of(
                self.schema.field(entity_type, name_field)
            ):
                column = "NULL"
            for chunk in _chunks(sorted(ids)):
                rows = conn.execute(
                    f"SELECT id, {column} FROM {table_name(entity_type)} WHERE "
                    f"{RETIRED} = 0 AND id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
                names.update(((entity_type, row[0]), row[1]) for row in rows)
        return names

    # Files --------------------------------------------------------------------

    def put_thumbnail(
        self, entity_type: str, entity_id: int, data: bytes, field: str = "image"
    ) -> str:
        """Store an image and point the entity's image field at it; return its key.

        Files are named by content, so one image shared by many entities is stored once.
        """
        fdef = self.schema.field(entity_type, field)
        if fdef.data_type != "image":
            raise RequestError(
                f"cannot store a thumbnail in {entity_type}.{field}: it is a "
                f"{fdef.data_type} field, not an image field"
            )
        if not isinstance(data, (bytes, bytearray)) or not data:
            raise RequestError(
                f"cannot store an empty thumbnail for {entity_type} {entity_id}"
            )
        key = self.store_file(bytes(data))
        with self.transaction() as conn:
            self._require(conn, entity_type, entity_id, "set the thumbnail of")
            conn.execute(
                f'UPDATE {table_name(entity_type)} SET "{field}" = ? WHERE id = ?',
                [key, entity_id],
            )
        return key

    def store_file(
        self, data: bytes, folder: str = "thumbnails", name: str = ""
    ) -> str:
        """Keep a file with the store (once per content) and return its key."""
        return self.files.put(data, folder, name)

    def file_path(self, key: str) -> Optional[Path]:
        """The stored file a key names, or None when it names nothing in the store."""
        return self.files.path(key)

    def attach_file(
        self,
        entity_type: str,
        entity_id: int,
        data: bytes,
        name: str,
        field: Optional[str] = None,
        user: Optional[dict] = None,
    ) -> int:
        """Store an uploaded file as an Attachment linked to an entity; return its id.

        With ``field`` (a url field of the entity), the entity's field points at it.
        """
        self.schema.check_type("Attachment")
        target = self.schema.field(entity_type, field) if field else None
        if target is not None and target.data_type != "url":
            raise RequestError(
                f"cannot upload into {entity_type}.{field}: it is a "
                f"{target.data_type} field, not a file/link field"
            )
        key = self.store_file(data, "attachments", name)
        with self.transaction() as conn:
            self._require(conn, entity_type, entity_id, "attach a file to")
            attachment_id = self._next_id(conn, "Attachment")
            link = {
                "type": "Attachment",
                "id": attachment_id,
                "name": name,
                "link_type": "upload",
                "content_type": mimetypes.guess_type(name)[0]
                or "application/octet-stream",
            }
            fields = self.schema.fields("Attachment")
            wanted = {
                "this_file": link,
                "filename": name,
                "display_name": name,
                "file_size": len(data),
                "file_extension": Path(name).suffix[1:],
                "attachment_links": [{"type": entity_type, "id": entity_id}],
            }
            row = {k: v for k, v in wanted.items() if k in fields}
            row.update(self._stamps("Attachment", user, created=True))
            values, multi = self._encode_fields(conn, "Attachment", row, check=False)
            conn.execute(
                f"INSERT INTO {table_name('Attachment')} (id, "
                + ", ".join(f'"{name}"' for name in values)
                + f") VALUES (?{', ?' * len(values)})",
                [attachment_id, *values.values()],
            )
            for link_field, pairs in multi.items():
                self._set_links(conn, "Attachment", attachment_id, link_field, pairs)
            conn.execute(
                "INSERT INTO attachment_files (id, key) VALUES (?, ?)",
                [attachment_id, key],
            )
            if target is not None:
                conn.execute(
                    f'UPDATE {table_name(entity_type)} SET "{field}" = ? WHERE id = ?',
                    [encode_value(self.schema, target, link), entity_id],
                )
        return attachment_id

    def attachment_path(self, attachment_id) -> Optional[Path]:
        """The uploaded file of an active Attachment, or None."""
        if not self.schema.has_type("Attachment"):
            return None
        with self.snapshot() as conn:
            row = conn.execute(
                f"SELECT f.key FROM attachment_files AS f JOIN "
                f"{table_name('Attachment')} AS a ON a.id = f.id "
                f"WHERE f.id = ? AND a.{RETIRED} = 0",
                [attachment_id],
            ).fetchone()
        return self.file_path(row[0]) if row else None


def _is_active(conn, entity_type: str, entity_id) -> bool:
    found = conn.execute(
        f"SELECT 1 FROM {table_name(entity_type)} WHERE id = ? AND {RETIRED} = 0",
        [entity_id],
    )
    return found.fetchone() is not None


def _named(pair, names) -> Optional[dict]:
    if pair not in names:
        return None
    return {"type": pair[0], "id": pair[1], "name": names[pair]}


def _chunks(values: list) -> Iterator[list]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
