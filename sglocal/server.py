"""The HTTP side of a site: a threaded keep-alive server answering api3 and files."""

import http.cookies
import itertools
import json
import logging
import mimetypes
import re
import socket
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional

from sglocal.errors import RequestError, SiteError
from sglocal.protocol import Outcome, Protocol, check_integers

__all__ = ["FAULT_KINDS", "Fault", "RequestRecord", "SiteServer"]

LOG = logging.getLogger(__name__)

FAULT_KINDS = ("drop", "502", "500", "slow")
_MAX_BODY = 256 * 1024 * 1024
_IDLE_SECONDS = 60
_ATTACHMENTS = "/file_serve/attachment/"
_QUERY = re.compile(r"\?\S*")


@dataclass(frozen=True)
class RequestRecord:
    """One request the site received: what was asked and how it was answered."""

    method: str
    entity_type: Optional[str]
    rows: Optional[int]
    elapsed_ms: float
    status: int
    fault: Optional[str] = None
    error: Optional[str] = None
    connection: int = 0


@dataclass
class Fault:
    """A failure to inject into the next ``count`` matching requests."""

    kind: str
    count: int = 1
    method: Optional[str] = None
    delay: float = 5.0


class SiteServer(ThreadingHTTPServer):
    """Serves one protocol on 127.0.0.1 (unless told otherwise), a thread per client."""

    daemon_threads = True
    allow_reuse_address = False

    def __init__(
        self,
        protocol: Protocol,
        record: Callable[[RequestRecord], None],
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__((host, port), _Handler)
        self.protocol = protocol
        self.record = record
        self.latency_ms = 0.0
        self.stopping = threading.Event()
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._sockets: set = set()
        self._connections = itertools.count(1)

    def next_connection(self) -> int:
        """A number for a newly accepted connection, counting from 1."""
        return next(self._connections)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def add_fault(self, fault: Fault) -> None:
        if fault.kind not in FAULT_KINDS:
            raise RequestError(
                f"cannot inject fault {fault.kind!r}: use one of "
                f"{', '.join(FAULT_KINDS)}"
            )
        with self._lock:
            self._faults.append(fault)

    def take_fault(self, method: str) -> Optional[Fault]:
        """The first pending fault for ``method``, counted as used."""
        with self._lock:
            for fault in self._faults:
                if fault.method in (None, method):
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def process_request(self, request, client_address) -> None:
        with self._lock:
            self._sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._lock:
            self._sockets.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        """Log a failed connection instead of printing a traceback to stderr."""
        error = sys.exc_info()[1]
        LOG.error("connection from %s failed: %r", client_address[0], error)

    def stop(self) -> None:
        """Stop accepting, wake sleeping replies and close every open connection."""
        self.stopping.set()
        self.shutdown()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sglocal"
    timeout = _IDLE_SECONDS
    disable_nagle_algorithm = True
    server: SiteServer

    def setup(self) -> None:
        super().setup()
        self.connection_number = self.server.next_connection()

    def log_message(self, format, *args) -> None:
        """Log the request line without its query, which may carry a signature."""
        LOG.debug("%s %s", self.address_string(), _QUERY.sub("", format % args))

    def do_POST(self) -> None:
        started = time.perf_counter()
        body = self._read_body()
        if body is None:
            return
        path = urllib.parse.urlsplit(self.path).path
        if path == "/api3/json":
            self._api(body, started)
        elif path == "/upload/publish_thumbnail":
            self._publish_thumbnail(body, started)
        elif path == "/upload/upload_file":
            self._upload_file(body, started)
        else:
            self._send(404, b"no such endpoint", "text/plain")

    def do_GET(self) -> None:
        """Serve stored files by key and uploaded attachments by id, when allowed.

        A download is allowed through the signed address a read gave out, or with a
        session cookie the site issued (the real client scopes that cookie to a host
        without a port, so it never reaches a site on a port: signed addresses are
        what it uses here).
        """
        started = time.perf_counter()
        address = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(address.path)
        store = self.server.protocol.store
        file_path = None
        if path.startswith("/files/"):
            file_path = store.file_path(path[len("/files/") :])
        elif path.startswith(_ATTACHMENTS):
            number = path[len(_ATTACHMENTS) :]
            if number.isdigit():
                file_path = store.attachment_path(int(number))
        if file_path is None:
            self._record(Outcome(method="file", error="not found"), started, 404)
            self._send(404, b"no such file", "text/plain")
            return
        refusal = store.signer.refusal(path, address.query)
        if refusal is not None and not self._has_session():
            message = (
                f"cannot download {path}: {refusal}; download it through the address "
                "a read of its field gives, or with a session cookie"
            )
            self._record(Outcome(method="file", error=message), started, 403)
            self._send(403, message.encode("utf-8"), "text/plain")
            return
        content_type = mimetypes.guess_type(file_path.name)[0]
        self._record(Outcome(method="file", rows=1), started, 200)
        self._send(200, file_path.read_bytes(), content_type or "application/binary")

    def _has_session(self) -> bool:
        cookies = http.cookies.SimpleCookie()
        try:
            cookies.load(self.headers.get("Cookie", ""))
        except http.cookies.CookieError:
            return False
        token = cookies.get("_session_id")
        return token is not None and self.server.protocol.knows_session(token.value)

    def _read_body(self) -> Optional[bytes]:
        if "Transfer-Encoding" in self.headers or "Content-Length" not in self.headers:
            self.close_connection = True
            self._send(
                411,
                b"a request body needs a Content-Length; chunked bodies are not read",
                "text/plain",
            )
            return None
        try:
            length = int(self.headers["Content-Length"])
        except ValueError:
            length = -1
        if not 0 <= length <= _MAX_BODY:
            self.close_connection = True
            self._send(400, b"bad or missing Content-Length", "text/plain")
            return None
        return self.rfile.read(length)

    def _api(self, body: bytes, started: float) -> None:
        method = _peek_method(body)
        fault = self.server.take_fault(method)
        if fault is not None and fault.kind != "slow":
            self._inject(fault, Outcome(method=method), started)
            return
        reply, outcome = self.server.protocol.answer(body)
        self._delay(fault)
        self._record(outcome, started, 200, fault)
        self._send(200, json.dumps(reply).encode("utf-8"), "application/json")

    def _inject(self, fault: Fault, outcome: Outcome, started: float) -> None:
        if fault.kind == "drop":
            self.close_connection = True
            self._record(outcome, started, 0, fault)
            return
        status = int(fault.kind)
        self._delay(None)
        self._record(outcome, started, status, fault)
        self._send(status, f"injected {status}".encode(), "text/plain")

    def _delay(self, fault: Optional[Fault]) -> None:
        seconds = self.server.latency_ms / 1000.0
        if fault is not None and fault.kind == "slow":
            seconds += fault.delay
        if seconds > 0:
            self.server.stopping.wait(seconds)

    def _publish_thumbnail(self, body: bytes, started: float) -> None:
        self._upload(body, started, "upload_thumbnail", self._store_thumbnail)

    def _upload_file(self, body: bytes, started: float) -> None:
        self._upload(body, started, "upload", self._store_attachment)

    def _upload(self, body: bytes, started: float, method: str, store_form) -> None:
        """Answer an upload form the way the client reads it: ``1:<id>`` or ``0``."""
        outcome = Outcome(method=method)
        try:
            form = _parse_form(self.headers.get("Content-Type", ""), body)
            outcome.user = self.server.protocol.check_auth(form)
            outcome.entity_type = _text(form, "entity_type", method)
            entity_id = int(_text(form, "entity_id", method))
            check_integers(entity_id, method)
            attachment = store_form(form, outcome.entity_type, entity_id, outcome.user)
            reply = f"1:{attachment}\n"
            outcome.rows = 1
        except SiteError as error:
            outcome.fail(error)
            reply = f"0\n{error}\n"
        except ValueError as error:
            outcome.fail(RequestError(str(error)))
            reply = f"0\n{error}\n"
        self._delay(None)
        self._record(outcome, started, 200)
        self._send(200, reply.encode("utf-8"), "text/plain")

    def _store_thumbnail(self, form, entity_type, entity_id, user) -> int:
        field = "filmstrip_image" if form.get("filmstrip") else "image"
        image = form.get("thumb_image")
        if not isinstance(image, bytes):
            raise RequestError("cannot publish a thumbnail: no thumb_image file")
        store = self.server.protocol.store
        store.put_thumbnail(entity_type, entity_id, image, field)
        if not store.schema.has_type("Attachment"):
            return entity_id
        return store.insert_rows("Attachment", [{}])[0]

    def _store_attachment(self, form, entity_type, entity_id, user) -> int:
        data = form.get("file")
        if not isinstance(data, bytes) or not data:
            raise RequestError("cannot upload: the form has no file")
        name = form.get("display_name") or form.get("file_name") or "upload"
        return self.server.protocol.store.attach_file(
            entity_type, entity_id, data, name, form.get("field_name"), user
        )

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _record(
        self, outcome: Outcome, started: float, status: int, fault=None
    ) -> None:
        elapsed = (time.perf_counter() - started) * 1000.0
        record = RequestRecord(
            outcome.method or "unknown",
            outcome.entity_type,
            outcome.rows,
            elapsed,
            status,
            fault.kind if fault else None,
            outcome.error,
            self.connection_number,
        )
        if outcome.failure is not None:
            result = outcome.failure
        else:
            result = f"{record.rows if record.rows is not None else 'no'} rows"
        LOG.info(
            "%s %s: %s, status %s%s in %.1f ms",
            record.method,
            record.entity_type or "-",
            result,
            status,
            f", fault {record.fault}" if record.fault else "",
            elapsed,
        )
        self.server.record(record)


def _peek_method(body: bytes) -> str:
    try:
        method = json.loads(body.decode("utf-8")).get("method_name")
    except (UnicodeDecodeError, ValueError, AttributeError, RecursionError):
        return "unknown"
    return method if isinstance(method, str) else "unknown"


def _parse_form(content_type: str, body: bytes) -> dict:
    """Parse a multipart (or url-encoded) form into names mapped to str or bytes."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        pairs = urllib.parse.parse_qsl(body.decode("utf-8"))
        return dict(pairs)
    if not content_type.startswith("multipart/form-data"):
        raise RequestError(
            f"cannot read the upload: content type {content_type!r} is not a form"
        )
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    form = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is None:
            form[name] = payload.decode("utf-8")
        else:
            form[name] = payload
    return form


def _text(form: dict, name: str, method: str) -> str:
    value = form.get(name)
    if not isinstance(value, str) or not value:
        raise RequestError(f"cannot {method.replace('_', ' ')}: the form has no {name}")
    return value
