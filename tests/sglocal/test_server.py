"""The server: injected faults, latency, concurrent writers, files and lifecycle."""

import datetime
import http.client
import logging
import re
import socket
import threading
import urllib.parse

import pytest
import shotgun_api3

from sglocal import LocalSite, RequestError, SiteClosedError, SiteError


def _read_statuses(site):
    return [(r.status, r.fault) for r in site.requests if r.method == "read"]


@pytest.mark.parametrize(
    ("kind", "count", "error", "statuses"),
    [
        ("drop", 1, None, [(0, "drop"), (200, None)]),
        ("drop", 2, http.client.RemoteDisconnected, [(0, "drop"), (0, "drop")]),
        ("502", 1, None, [(502, "502"), (200, None)]),
        ("500", 1, shotgun_api3.ProtocolError, [(500, "500")]),
    ],
    ids=["drop-once-retried", "drop-twice-fails", "502-once-retried", "500-fails"],
)
def test_faults_fail_the_next_requests_then_service_resumes(
    site, sg, kind, count, error, statuses
):
    site.clear_requests()
    site.inject_fault(kind, count=count, method="read")

    if error is None:
        assert sg.find("Shot", []) == []
    else:
        with pytest.raises(error):
            sg.find("Shot", [])
        assert sg.find("Shot", []) == []

    assert _read_statuses(site)[: len(statuses)] == statuses
    assert _read_statuses(site)[len(statuses) :] == (
        [] if error is None else [(200, None)]
    )


def test_a_fault_for_one_method_leaves_others_alone(site, sg):
    site.inject_fault("500", method="create")

    assert sg.find("Shot", []) == []
    with pytest.raises(shotgun_api3.ProtocolError):
        sg.create("Shot", {"code": "SH010"})
    assert sg.create("Shot", {"code": "SH010"})["code"] == "SH010"


def test_a_slow_reply_outlasts_the_client_timeout(site):
    client = site.connect(connect=False)
    client.config.timeout_secs = 0.3
    site.inject_fault("slow", method="read", delay=3)

    with pytest.raises(TimeoutError):
        client.find("Shot", [])
    assert client.find("Shot", []) == []
    client.close()


def test_unknown_fault_kinds_are_refused(site):
    with pytest.raises(RequestError, match="'503'"):
        site.inject_fault("503")


def test_latency_delays_every_reply(site, sg):
    site.latency_ms = 60
    site.clear_requests()

    sg.find("Shot", [])
    sg.summarize("Shot", [], [{"field": "id", "type": "count"}])

    assert [r.elapsed_ms >= 60 for r in site.requests] == [True, True]


def test_concurrent_writers_each_get_their_own_rows(site):
    errors = []

    def write(worker):
        client = site.connect()
        try:
            for index in range(20):
                client.create("Shot", {"code": f"W{worker}-{index:02d}"})
        except Exception as error:
            errors.append(error)
        finally:
            client.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    client = site.connect()
    shots = client.find("Shot", [], ["code"])
    client.close()
    assert errors == []
    assert len(shots) == 120
    assert len({shot["id"] for shot in shots}) == 120
    assert len({shot["code"] for shot in shots}) == 120


def test_readers_page_through_while_a_writer_adds_rows(site):
    site.store.insert_rows("Shot", [{"code": f"SH{n:04d}"} for n in range(600)])
    errors, counts = [], []

    def read():
        client = site.connect()
        try:
            for _ in range(3):
                counts.append(len(client.find("Shot", [["code", "starts_with", "SH"]])))
        except Exception as error:
            errors.append(error)
        finally:
            client.close()

    def write():
        client = site.connect()
        try:
            for n in range(30):
                client.create("Shot", {"code": f"NEW{n:02d}"})
        except Exception as error:
            errors.append(error)
        finally:
            client.close()

    threads = [threading.Thread(target=read) for _ in range(3)]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert counts == [600] * 9
    assert site.store.count(site.store.query("Shot")) == 630


@pytest.mark.parametrize(
    "path",
    [
        "/files/../site.db",
        "/files/thumbnails/../../site.db",
        "/files/%2e%2e/site.db",
        "/files/thumbnails/aa/..%2f..%2f..%2fsite.db",
        "/files//etc/passwd",
        "/site.db",
        "/file_serve/attachment/1/../../site.db",
        "/file_serve/attachment/..%2f..%2fsite.db",
    ],
    ids=[
        "dotdot",
        "nested-dotdot",
        "encoded-dots",
        "encoded-slashes",
        "absolute",
        "root",
        "attachment-dotdot",
        "attachment-encoded",
    ],
)
def test_file_paths_cannot_escape_the_store(site, path):
    address = urllib.parse.urlsplit(site.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    connection.request("GET", path)
    reply = connection.getresponse()
    body = reply.read()
    connection.close()

    assert reply.status == 404
    assert b"SQLite" not in body


def _get(site, target, headers=None):
    address = urllib.parse.urlsplit(site.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    try:
        connection.request("GET", target, headers=headers or {})
        reply = connection.getresponse()
        return reply.status, reply.read()
    finally:
        connection.close()


@pytest.fixture
def two_pictures(site, sg):
    """The addresses (path and query) a read gives for two shots' pictures."""
    site.store.insert_rows("Shot", [{"code": "SH010"}, {"code": "SH020"}])
    for shot_id in (1, 2):
        site.store.put_thumbnail("Shot", shot_id, b"\x89PNG" + bytes([shot_id]))
    urls = [shot["image"] for shot in sg.find("Shot", [], ["image"])]
    return [url[len(site.url) :] for url in urls]


def _unsigned(first, second):
    return first.split("?")[0]


def _tampered(first, second):
    return first[:-1] + ("0" if first[-1] != "0" else "1")


def _signed_for_another_file(first, second):
    return first.split("?")[0] + "?" + second.split("?")[1]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (_unsigned, "no signature"),
        (_tampered, "does not match"),
        (_signed_for_another_file, "does not match"),
    ],
    ids=["unsigned", "tampered", "signed-for-another-file"],
)
def test_files_are_served_only_through_the_addresses_reads_give(
    site, two_pictures, target, expected
):
    status, body = _get(site, target(*two_pictures))

    assert status == 403
    assert expected in body.decode()
    assert _get(site, two_pictures[0]) == (200, b"\x89PNG\x01")


def test_a_file_address_expires_a_day_after_the_read(site, two_pictures):
    issued = site.store.clock()
    site.store.clock = lambda: issued + datetime.timedelta(hours=23)
    assert _get(site, two_pictures[0])[0] == 200

    site.store.clock = lambda: issued + datetime.timedelta(hours=25)
    status, body = _get(site, two_pictures[0])

    assert status == 403
    assert "expired" in body.decode()


def test_reads_within_the_hour_give_one_address_per_file(site, sg):
    site.store.insert_rows("Shot", [{"code": "SH010"}])
    site.store.put_thumbnail("Shot", 1, b"\x89PNG")
    start = datetime.datetime(2024, 5, 1, 10, 0, 5, tzinfo=datetime.timezone.utc)

    def image_at(minutes):
        site.store.clock = lambda: start + datetime.timedelta(minutes=minutes)
        return sg.find_one("Shot", [], ["image"])["image"]

    assert image_at(0) == image_at(55)
    assert image_at(0) != image_at(60)


def test_a_session_cookie_the_site_issued_allows_downloads(site, sg, two_pictures):
    path = two_pictures[0].split("?")[0]
    token = sg.get_session_token()

    allowed = _get(site, path, {"Cookie": f"_session_id={token}"})
    refused = _get(site, path, {"Cookie": "_session_id=not-issued"})

    assert allowed == (200, b"\x89PNG\x01")
    assert refused[0] == 403


def test_the_log_never_holds_a_file_signature(site, two_pictures, caplog):
    caplog.set_level(logging.DEBUG, logger="sglocal")

    status, _ = _get(site, two_pictures[0])

    assert status == 200
    assert two_pictures[0].split("?")[0] in caplog.text
    assert "signature" not in caplog.text


def test_a_closed_site_refuses_use(site_schema):
    site = LocalSite(schema=site_schema)
    store = site.store
    site.close()
    site.close()

    assert site.closed
    for action in (lambda: site.url, site.connect, lambda: site.inject_fault("500")):
        with pytest.raises(SiteClosedError, match="closed"):
            action()
    with pytest.raises(SiteClosedError, match="closed"):
        store.insert_rows("Shot", [{"code": "SH010"}])


def test_a_database_path_keeps_data_and_credentials_across_restarts(
    site_schema, tmp_path
):
    db = tmp_path / "site.db"
    with LocalSite(db=db, schema=site_schema) as first:
        client = first.connect()
        client.create("Shot", {"code": "SH010"})
        client.close()
        key = first.script_key

    with LocalSite(db=db, schema=site_schema) as second:
        client = second.connect()
        found = client.find("Shot", [], ["code"])
        client.close()

    assert second.script_key == key
    assert [shot["code"] for shot in found] == ["SH010"]


def test_a_client_keeps_one_connection_alive_across_requests(site):
    client = site.connect()
    for _ in range(5):
        client.find("Shot", [])
    client.close()

    assert len(site.requests) == 6
    assert len({record.connection for record in site.requests}) == 1


def test_the_server_binds_the_loopback_address(site):
    assert site.url.startswith("http://127.0.0.1:")


def _exchange(site, request: bytes) -> bytes:
    """Send raw bytes and read everything the site answers until it closes."""
    address = urllib.parse.urlsplit(site.url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as conn:
        conn.sendall(request)
        received = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                return received
            received += chunk


@pytest.mark.parametrize(
    "headers",
    [b"Transfer-Encoding: chunked\r\n", b""],
    ids=["chunked", "no-length"],
)
def test_a_body_without_a_content_length_is_answered_411_and_closed(site, headers):
    body = b'{"method_name": "info", "params": []}'
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    request = b"POST /api3/json HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n"

    answer = _exchange(site, request + chunked)

    head, _, text = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 411 ")
    assert b"\r\nConnection: close" in head
    assert text == b"a request body needs a Content-Length; chunked bodies are not read"
    assert [r.method for r in site.requests] == []


@pytest.mark.parametrize(
    "value", [-1, float("nan"), "5"], ids=["negative", "nan", "text"]
)
def test_a_latency_that_is_not_zero_or_more_is_refused(site, site_schema, value):
    message = f"cannot set latency_ms to {value!r}: expected 0 or more milliseconds"

    with pytest.raises(ValueError, match=re.escape(message)):
        site.latency_ms = value
    with pytest.raises(ValueError, match=re.escape(message)):
        LocalSite(schema=site_schema, latency_ms=value)

    assert site.latency_ms == 0


def test_a_database_in_a_missing_folder_is_refused_by_path(tmp_path, site_schema):
    db = tmp_path / "missing" / "site.db"

    with pytest.raises(SiteError) as raised:
        LocalSite(db=db, schema=site_schema)

    assert str(raised.value) == (
        f"cannot use the database {db}: unable to open database file; pass a "
        "writable path in an existing folder, or an sglocal database"
    )
