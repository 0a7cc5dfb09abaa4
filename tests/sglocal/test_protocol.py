"""The api3 wire protocol: error replies, authentication and the request log."""

import http.client
import json
import logging
import urllib.parse

import pytest
import shotgun_api3


def _post(site, path, body, content_type="application/json"):
    address = urllib.parse.urlsplit(site.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    try:
        connection.request("POST", path, body, {"Content-Type": content_type})
        reply = connection.getresponse()
        return reply.status, reply.read()
    finally:
        connection.close()


def _auth(site):
    return {"script_name": site.script_name, "script_key": site.script_key}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not UTF-8 JSON"),
        (b"\xff\xfe", "not UTF-8 JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (
            b'{"method_name": "drop_tables", "params": []}',
            "unknown method 'drop_tables'",
        ),
        (b'{"method_name": "read", "params": {}}', "expected a list"),
    ],
    ids=[
        "malformed",
        "not-utf8",
        "not-an-object",
        "unknown-method",
        "params-not-a-list",
    ],
)
def test_bad_requests_get_an_error_reply_not_a_500(site, body, message):
    status, reply = _post(site, "/api3/json", body)

    answer = json.loads(reply)
    assert status == 200
    assert answer["exception"] is True
    assert message in answer["message"]
    assert answer["error_code"] == 103


def test_a_wrong_key_is_refused_naming_both_places_credentials_come_from(site):
    client = site.connect(api_key="wrong", connect=False)

    with pytest.raises(shotgun_api3.AuthenticationFault) as raised:
        client.find("Shot", [])
    client.close()

    assert str(raised.value) == (
        "cannot authenticate script 'sglocal': the script name or key does not match "
        "this site's; use the script_name and script_key that 'sglocal serve' "
        "printed, or a LocalSite's script_name and script_key attributes"
    )


def test_requests_without_credentials_get_error_code_102(site):
    body = json.dumps({"method_name": "read", "params": [{}, {"type": "Shot"}]})

    _, reply = _post(site, "/api3/json", body.encode())

    assert json.loads(reply)["error_code"] == 102


def test_bad_arguments_get_an_error_reply_naming_them(site):
    args = {"type": "Shot", "paging": {"entities_per_page": 0, "current_page": 1}}
    body = json.dumps({"method_name": "read", "params": [_auth(site), args]})

    _, reply = _post(site, "/api3/json", body.encode())

    assert "entities_per_page 0" in json.loads(reply)["message"]


def test_unknown_paths_answer_404(site):
    status, _ = _post(site, "/api4/json", b"{}")

    assert status == 404


def test_info_answers_without_credentials_with_a_modern_version(site):
    body = json.dumps({"method_name": "info", "params": []}).encode()

    _, reply = _post(site, "/api3/json", body)

    info = json.loads(reply)["results"]
    assert info["version"] >= [7, 4, 0]
    assert info["api_max_entities_per_page"] == 500
    assert info["s3_direct_uploads_enabled"] is False


def test_a_session_token_authenticates_later_clients(site, sg):
    token = sg.get_session_token()
    client = shotgun_api3.Shotgun(site.url, session_token=token)

    assert client.find("Shot", []) == []
    client.close()


def test_an_unknown_session_token_raises_authentication_fault(site):
    client = shotgun_api3.Shotgun(site.url, session_token="f00d", connect=False)

    with pytest.raises(shotgun_api3.AuthenticationFault, match="session token"):
        client.find("Shot", [])
    client.close()


def test_user_logins_are_refused_with_a_pointer_to_script_credentials(site):
    client = shotgun_api3.Shotgun(
        site.url, login="artist", password="pw", connect=False
    )

    with pytest.raises(shotgun_api3.AuthenticationFault, match="script credentials"):
        client.find("Shot", [])
    client.close()


@pytest.mark.parametrize(
    "login", ["nobody", "retired.artist"], ids=["unknown-login", "retired-user"]
)
def test_sudo_as_a_login_no_active_user_has_is_refused_naming_it(site, sg, login):
    retired = sg.create("HumanUser", {"login": "retired.artist"})
    sg.delete("HumanUser", retired["id"])
    client = site.connect(sudo_as_login=login, connect=False)

    with pytest.raises(shotgun_api3.Fault) as raised:
        client.find("Shot", [])
    client.close()

    assert str(raised.value).startswith(
        "The user does not have permission to 'sudo': no HumanUser has the login "
        f"'{login}'"
    )


def test_sudo_as_an_existing_login_acts_as_that_user(site, sg):
    artist = sg.create("HumanUser", {"login": "artist", "name": "Ann Artist"})
    client = site.connect(sudo_as_login="artist", connect=False)

    shot = client.create("Shot", {"code": "SH010"}, ["created_by"])
    client.close()

    assert shot["created_by"] == {
        "type": "HumanUser",
        "id": artist["id"],
        "name": "Ann Artist",
    }


def test_each_request_logs_one_info_line_without_keys(site, caplog):
    caplog.set_level(logging.INFO, logger="sglocal")
    client = site.connect()
    caplog.clear()

    client.create("Shot", {"code": "SH010"})
    client.find("Shot", [["code", "is", "SH010"]], ["code"])
    client.close()
    bad = site.connect(api_key="wrong-key-value", connect=False)
    with pytest.raises(shotgun_api3.AuthenticationFault):
        bad.find("Shot", [])
    bad.close()

    lines = [r.getMessage() for r in caplog.records if r.name == "sglocal.server"]
    asked = [line for line in lines if not line.startswith("info")]
    assert [line.split(":")[0] for line in asked] == [
        "create Shot",
        "read Shot",
        "read Shot",
    ]
    assert asked[1].startswith("read Shot: 1 rows, status 200 in ")
    assert asked[2].startswith("read Shot: authentication failed, status 200 in ")
    assert site.script_key not in caplog.text
    assert "wrong-key-value" not in caplog.text


def test_the_request_log_counts_methods_and_rows(site, sg):
    sg.create("Shot", {"code": "SH010"})
    site.clear_requests()

    sg.find("Shot", [], ["code"])
    sg.find_one("Shot", [["code", "is", "SH010"]])

    reads = [r for r in site.requests if r.method == "read"]
    assert [(r.entity_type, r.rows, r.status) for r in reads] == [
        ("Shot", 1, 200),
        ("Shot", 1, 200),
    ]


@pytest.mark.parametrize(
    ("asked", "page", "expected"),
    [
        (
            "return_paging_info",
            1,
            {
                "current_page": 1,
                "entity_count": 4,
                "page_count": 2,
                "has_next_page": True,
            },
        ),
        (
            "return_paging_info",
            2,
            {
                "current_page": 2,
                "entity_count": 4,
                "page_count": 2,
                "has_next_page": False,
            },
        ),
        (
            "return_paging_info_without_counts",
            1,
            {"current_page": 1, "has_next_page": True},
        ),
        (
            "return_paging_info_without_counts",
            2,
            {"current_page": 2, "has_next_page": False},
        ),
        (None, 1, {"current_page": 1}),
    ],
    ids=[
        "counts-first-page",
        "counts-last-page",
        "next-page-first-page",
        "next-page-full-last-page",
        "not-asked",
    ],
)
def test_paging_info_holds_what_the_client_asked_for(site, asked, page, expected):
    site.store.insert_rows("Shot", [{"code": f"SH{n}"} for n in range(4)])
    args = {
        "type": "Shot",
        "return_fields": ["code"],
        "filters": {"logical_operator": "and", "conditions": []},
        "paging": {"entities_per_page": 2, "current_page": page},
    }
    if asked:
        args[asked] = True
    body = json.dumps({"method_name": "read", "params": [_auth(site), args]})

    _, reply = _post(site, "/api3/json", body.encode())

    result = json.loads(reply)["results"]
    assert [shot["code"] for shot in result["entities"]] == (
        ["SH0", "SH1"] if page == 1 else ["SH2", "SH3"]
    )
    assert result["paging_info"] == expected


@pytest.mark.parametrize(
    ("path", "action"),
    [
        ("/upload/publish_thumbnail", "upload thumbnail"),
        ("/upload/upload_file", "upload"),
    ],
    ids=["thumbnail", "file"],
)
def test_upload_forms_without_an_entity_are_refused_by_name(site, path, action):
    form = urllib.parse.urlencode({**_auth(site), "entity_type": "Shot"})

    status, reply = _post(
        site, path, form.encode(), "application/x-www-form-urlencoded"
    )

    assert status == 200
    assert reply.decode() == f"0\ncannot {action}: the form has no entity_id\n"
    assert [r.error for r in site.requests if r.method != "info"] == [
        f"cannot {action}: the form has no entity_id"
    ]


@pytest.mark.parametrize(
    ("method", "args", "message"),
    [
        ("read", {"paging": "x"}, "cannot read with paging 'x': expected an object"),
        ("read", {"sorts": "code"}, "cannot sort by 'code': expected a list"),
        (
            "read",
            {"return_fields": "code"},
            "cannot run read with return_fields 'code': expected a list",
        ),
        (
            "create",
            {"fields": [], "return_fields": "code"},
            "cannot run create with return_fields 'code': expected a list",
        ),
    ],
    ids=["paging-not-an-object", "sorts-not-a-list", "read-fields", "create-fields"],
)
def test_malformed_arguments_are_refused_by_name(site, method, args, message):
    filters = {"logical_operator": "and", "conditions": []}
    args = {"type": "Shot", "filters": filters, **args}
    body = json.dumps({"method_name": method, "params": [_auth(site), args]})

    _, reply = _post(site, "/api3/json", body.encode())

    answer = json.loads(reply)
    assert answer["exception"] is True
    assert answer["message"].startswith(message)
    assert site.store.count(site.store.query("Shot")) == 0


def _nested_filters(depth):
    """JSON text of ``depth`` filter groups, each holding the next, built as text."""
    condition = '{"path": "id", "relation": "greater_than", "values": [0]}'
    opening = '{"logical_operator": "and", "conditions": ['
    return opening * depth + condition + "]}" * depth


def _read_body(site, filters_text, **args):
    args = json.dumps({"type": "Shot", **args})
    return (
        f'{{"method_name": "read", "params": [{json.dumps(_auth(site))}, '
        f'{args[:-1]}, "filters": {filters_text}}}]}}'
    ).encode()


def _or_of(count):
    conditions = [{"path": "id", "relation": "is", "values": [n]} for n in range(count)]
    return json.dumps({"logical_operator": "or", "conditions": conditions})


_EMPTY = '{"logical_operator": "and", "conditions": []}'
_HUGE = 2**70


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            lambda site: _read_body(
                site, _EMPTY, paging={"current_page": 10**30, "entities_per_page": 5}
            ),
            f"cannot run read with the integer {10**30}: it is outside the 64-bit "
            "range the site stores (-9223372036854775808 to 9223372036854775807)",
        ),
        (
            lambda site: _read_body(
                site,
                json.dumps(
                    {
                        "logical_operator": "and",
                        "conditions": [
                            {"path": "id", "relation": "is", "values": [_HUGE]}
                        ],
                    }
                ),
            ),
            f"cannot run read with the integer {_HUGE}: it is outside the 64-bit",
        ),
        (
            lambda site: json.dumps(
                {
                    "method_name": "update",
                    "params": [
                        _auth(site),
                        {"type": "Shot", "id": _HUGE, "fields": []},
                    ],
                }
            ).encode(),
            f"cannot run update with the integer {_HUGE}: it is outside the 64-bit",
        ),
        (
            lambda site: _read_body(site, _or_of(501)),
            "cannot read filters with more than 500 conditions: combine conditions "
            "on one field into an 'in' list, or split the read",
        ),
        (
            lambda site: _read_body(site, _or_of(50_000)),
            "cannot read filters with more than 500 conditions",
        ),
        (
            lambda site: _read_body(site, _nested_filters(17)),
            "cannot read filters nested more than 16 groups deep: flatten the "
            "filter groups",
        ),
        (
            lambda site: _read_body(site, _nested_filters(900)),
            "cannot decode the request: its JSON is nested too deeply to read",
        ),
    ],
    ids=[
        "huge-page",
        "huge-id-filter",
        "huge-update-id",
        "501-conditions",
        "50000-conditions",
        "17-groups-deep",
        "900-groups-deep",
    ],
)
def test_requests_beyond_the_site_limits_get_an_error_reply_naming_the_limit(
    site, caplog, body, message
):
    caplog.set_level(logging.INFO, logger="sglocal")

    status, reply = _post(site, "/api3/json", body(site))

    answer = json.loads(reply)
    assert status == 200
    assert answer["exception"] is True
    assert answer["message"].startswith(message)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize(
    "filters",
    [_or_of(500), _nested_filters(16)],
    ids=["500-conditions", "16-groups-deep"],
)
def test_filters_at_the_site_limits_are_read(site, filters):
    site.store.insert_rows("Shot", [{"code": "SH010"}])

    _, reply = _post(site, "/api3/json", _read_body(site, filters))

    assert [shot["id"] for shot in json.loads(reply)["results"]["entities"]] == [1]


def test_an_upload_for_an_id_beyond_64_bits_is_refused_by_name(site):
    form = {**_auth(site), "entity_type": "Shot", "entity_id": str(_HUGE)}
    body = urllib.parse.urlencode(form).encode()

    status, reply = _post(
        site, "/upload/upload_file", body, "application/x-www-form-urlencoded"
    )

    assert status == 200
    assert reply.decode().startswith(
        f"0\ncannot run upload with the integer {_HUGE}: it is outside the 64-bit"
    )
