"""``LocalSite``: a store, its protocol and its server, running on 127.0.0.1."""

import logging
import secrets
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Optional, Union

from sglocal.errors import SiteClosedError
from sglocal.protocol import Credentials, Protocol
from sglocal.schema import Schema, load_schema
from sglocal.server import Fault, RequestRecord, SiteServer
from sglocal.store import Store

__all__ = ["LocalSite"]

LOG = logging.getLogger(__name__)

_SCRIPT_NAME = "sglocal"


class LocalSite:
    """A local ShotGrid-compatible site that the real ``shotgun_api3`` client talks to.

    The server starts at construction and stops on ``close()`` (or leaving a ``with``
    block). ``db=None`` keeps the data in a temporary folder removed on close; a path
    keeps it, and its script key, across restarts.
    """

    def __init__(
        self,
        db: Union[str, Path, None] = None,
        schema: Union[str, Path, dict, Schema, None] = None,
        latency_ms: float = 0,
        page_size: int = 500,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        latency_ms = _check_latency(latency_ms)
        self._temp_dir = None
        if db is None:
            self._temp_dir = tempfile.mkdtemp(prefix="sglocal-")
            db = Path(self._temp_dir) / "site.db"
        self._requests: list[RequestRecord] = []
        self._requests_lock = threading.Lock()
        self._closed = True
        self._store = None
        try:
            self._store = Store(db, load_schema(schema))
            self.script_name = _SCRIPT_NAME
            self.script_key = self._store.setting("script_key", secrets.token_hex(20))
            credentials = Credentials(
                self.script_name, self.script_key, self._api_user()
            )
            self._server = SiteServer(
                Protocol(self._store, credentials, page_size), self._record, host, port
            )
        except BaseException:
            if self._store is not None:
                self._store.close()
            self._remove_temp()
            raise
        self._closed = False
        self._server.latency_ms = latency_ms
        self._store.site_url = self._server.url
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"sglocal {self._server.url}",
            daemon=True,
        )
        self._thread.start()
        LOG.info("local site serving %s from %s", self._server.url, self._store.path)

    def __enter__(self) -> "LocalSite":
        self._check_open("enter")
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else self._server.url
        return f"<LocalSite {state}>"

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Stop the server, close the database and remove a temporary one."""
        if self._closed:
            return
        self._closed = True
        self._server.stop()
        self._thread.join(timeout=10)
        self._store.close()
        self._remove_temp()
        LOG.info("local site %s closed", self._server.url)

    def _remove_temp(self) -> None:
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None

    def _check_open(self, action: str) -> None:
        if self._closed:
            raise SiteClosedError(
                f"cannot {action}: the local site is closed; start a new LocalSite"
            )

    @property
    def url(self) -> str:
        """The address clients use: ``http://127.0.0.1:<port>``."""
        self._check_open("get the url")
        return self._server.url

    @property
    def store(self) -> Store:
        self._check_open("use the store")
        return self._store

    @property
    def schema(self) -> Schema:
        return self._store.schema

    def connect(self, **kwargs):
        """A ``shotgun_api3.Shotgun`` for this site; keyword arguments pass through."""
        import shotgun_api3

        self._check_open("connect")
        kwargs.setdefault("script_name", self.script_name)
        kwargs.setdefault("api_key", self.script_key)
        return shotgun_api3.Shotgun(self.url, **kwargs)

    def seed(self, preset: str = "demo") -> dict[str, int]:
        """Fill the site with a deterministic preset; return rows inserted per type."""
        from sglocal.seed import seed

        self._check_open("seed")
        return seed(self._store, preset)

    @property
    def latency_ms(self) -> float:
        return self._server.latency_ms

    @latency_ms.setter
    def latency_ms(self, value: float) -> None:
        self._server.latency_ms = _check_latency(value)

    def inject_fault(
        self,
        kind: str,
        count: int = 1,
        method: Optional[str] = None,
        delay: float = 5.0,
    ) -> None:
        """Make the next ``count`` api3 requests (of ``method``, if given) fail.

        ``drop`` closes the connection before replying, ``502``/``500`` reply with that
        status, ``slow`` replies ``delay`` seconds late (beyond a client's timeout).
        """
        self._check_open("inject a fault")
        self._server.add_fault(Fault(str(kind), count, method, delay))

    @property
    def requests(self) -> list[RequestRecord]:
        """The requests received so far, oldest first (a copy)."""
        with self._requests_lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._requests_lock:
            self._requests.clear()

    def _record(self, record: RequestRecord) -> None:
        with self._requests_lock:
            self._requests.append(record)

    def _api_user(self) -> Optional[dict]:
        """The ApiUser that stands for the site's script in created_by fields."""
        schema = self._store.schema
        if not schema.has_field("ApiUser", "firstname"):
            return None
        query = self._store.query("ApiUser")
        query.where(
            {
                "logical_operator": "and",
                "conditions": [
                    {"path": "firstname", "relation": "is", "values": [_SCRIPT_NAME]}
                ],
            }
        )
        found = self._store.read(query, limit=1)
        if found:
            return {"type": "ApiUser", "id": found[0]["id"]}
        row = {"firstname": _SCRIPT_NAME}
        return {"type": "ApiUser", "id": self._store.insert_rows("ApiUser", [row])[0]}


def _check_latency(value) -> float:
    """``value`` as milliseconds of latency, refusing a negative or non-number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise ValueError(
            f"cannot set latency_ms to {value!r}: expected 0 or more milliseconds"
        )
    return float(value)
