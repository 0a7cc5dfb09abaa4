"""The Session through the real shotgun_api3 client against a local site."""

import datetime
import logging
import threading

import pytest

from sglocal import LocalSite
from sgresources import resource_path
from sgsession import EntityNotFound, Session, ShotgunPool

PROJECT = {"type": "Project", "id": 1}
SHOTS = 1203
PAGE_SIZE = 250


@pytest.fixture(scope="module")
def site():
    """A site with one project, two sequences, 1,203 shots and a few tasks."""
    with LocalSite(page_size=PAGE_SIZE) as site:
        store = site.store
        store.insert_rows("Project", [{"id": 1, "name": "Demo"}])
        store.insert_rows(
            "Sequence",
            [{"id": n, "code": f"SQ{n}", "project": PROJECT} for n in (1, 2)],
        )
        store.insert_rows(
            "Shot",
            [
                {
                    "id": n,
                    "code": f"SH{n:04}",
                    "project": PROJECT,
                    "sg_sequence": {"type": "Sequence", "id": 1 + n % 2},
                }
                for n in range(1, SHOTS + 1)
            ],
        )
        store.insert_rows("Asset", [{"id": 1, "code": "chair", "project": PROJECT}])
        store.insert_rows(
            "Task",
            [
                {
                    "id": 9000 + n,
                    "content": f"task{n}",
                    "project": PROJECT,
                    "entity": {"type": "Shot", "id": n},
                }
                for n in range(1, 9)
            ]
            + [
                {
                    "id": 9100,
                    "content": "model",
                    "project": PROJECT,
                    "entity": {"type": "Asset", "id": 1},
                }
            ],
        )
        store.insert_rows(
            "Version",
            [
                {
                    "id": 500 + n,
                    "code": f"v{n}",
                    "project": PROJECT,
                    "entity": {"type": "Shot", "id": n},
                    "sg_task": {"type": "Task", "id": 9000 + n},
                }
                for n in range(1, 4)
            ],
        )
        store.insert_rows("Project", [{"id": 2, "name": "Old", "archived": True}])
        store.insert_rows(
            "Shot",
            [
                {"id": 7700, "code": "SH7700", "project": {"type": "Project", "id": 2}},
                {"id": 7701, "code": "SH7701", "project": PROJECT},
            ],
        )
        store.retire("Shot", 7701)
        store.insert_rows(
            "Version",
            [
                {"id": n, "code": f"v{n}", "entity": {"type": "Shot", "id": 9}}
                for n in (600, 601)
            ],
        )
        yield site


@pytest.fixture
def session(site):
    site.clear_requests()
    with Session(
        site.connect(), schema=resource_path("schema", "production.json")
    ) as session:
        yield session


def _reads(site, entity_type=None):
    return [
        record
        for record in site.requests
        if record.method == "read" and entity_type in (None, record.entity_type)
    ]


def test_session_wraps_a_real_client_in_a_pool(session):
    assert isinstance(session.shotgun, ShotgunPool)


def test_fetch_of_many_stubs_splits_them_into_server_pages(site, session):
    shots = session.get("Shot", list(range(1, SHOTS + 1)), fetch=False)

    session.fetch(shots, ["code"])

    reads = _reads(site)
    assert len(reads) == 5
    assert sum(record.rows for record in reads) == SHOTS
    assert {shot["code"] for shot in shots} == {f"SH{n:04}" for n in range(1, 1204)}


def test_retired_entity_is_reported_while_the_live_one_gets_its_fields(site):
    with Session(site.connect(), schema=False) as session:
        session.create("Task", {"content": "gone", "project": PROJECT})
        retired = session.create("Task", {"content": "retired", "project": PROJECT})
        live = session.create("Task", {"content": "live", "project": PROJECT})
        session.delete("Task", retired.id)

    with Session(site.connect(), schema=False) as session:
        site.clear_requests()
        tasks = session.get("Task", [retired.id, live.id], fetch=False)

        with pytest.raises(EntityNotFound) as raised:
            session.fetch(tasks, ["content"])

    assert raised.value.entities == [tasks[0]]
    assert tasks[1]["content"] == "live"
    assert tasks[0].exists is False
    assert len(_reads(site)) == 1


def test_threads_sharing_a_session_get_their_own_replies(site, session):
    errors, seen = [], []
    lock = threading.Lock()

    def work(worker):
        try:
            for call in range(100):
                number = 1 + (worker * 100 + call) % 400
                found = session.find("Shot", [["code", "is", f"SH{number:04}"]])
                assert [shot.id for shot in found] == [number]
                assert found[0]["code"] == f"SH{number:04}"
                with lock:
                    seen.extend(found)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(seen) == 1600
    assert len({id(shot) for shot in seen}) == len(set(seen)) == 400
    assert len(_reads(site, "Shot")) == 1600


FIRST_THREE = [["code", "in", ["SH0001", "SH0002", "SH0003"]]]
FIRST_OR_THIRD = [["code", "is", "SH0001"], ["code", "is", "SH0003"]]
BY_CODE_DOWN = [{"field_name": "code", "direction": "desc"}]
LATEST = [{"preset_name": "LATEST", "latest_by": "ENTITIES_CREATED_AT"}]


@pytest.mark.parametrize(
    ("entity_type", "filters", "kwargs", "ids"),
    [
        pytest.param(
            "Shot", FIRST_THREE, {"order": BY_CODE_DOWN}, [3, 2, 1], id="order"
        ),
        pytest.param("Shot", FIRST_THREE, {"limit": 2}, [1, 2], id="limit"),
        pytest.param("Shot", FIRST_THREE, {"limit": 2, "page": 2}, [3], id="page"),
        pytest.param(
            "Shot", FIRST_OR_THIRD, {"filter_operator": "any"}, [1, 3], id="operator"
        ),
        pytest.param(
            "Shot",
            [["code", "is", "SH7701"]],
            {"retired_only": True},
            [7701],
            id="retired",
        ),
        pytest.param(
            "Shot",
            [["code", "in", ["SH0001", "SH7700"]]],
            {"include_archived_projects": False},
            [1],
            id="archived",
        ),
        pytest.param(
            "Version",
            [["entity", "is", {"type": "Shot", "id": 9}]],
            {"additional_filter_presets": LATEST},
            [601],
            id="presets",
        ),
    ],
)
def test_find_passes_every_keyword_to_the_site(
    session, entity_type, filters, kwargs, ids
):
    found = session.find(entity_type, filters, **kwargs)

    assert [entity.id for entity in found] == ids


def test_an_entity_inside_a_filter_group_is_sent_as_a_link(session):
    shot = session.get("Shot", 1)
    asset = session.get("Asset", 1)

    tasks = session.find(
        "Task",
        [
            ["project", "is", shot.project()],
            {
                "filter_operator": "any",
                "filters": [["entity", "is", shot], ["entity", "is", asset]],
            },
        ],
    )

    assert sorted(task.id for task in tasks) == [9001, 9100]
    assert tasks[0]["entity"] in (shot, asset)


def test_fetch_core_and_heirarchy_ask_once_per_type_per_level(site, session):
    versions = session.get("Version", [501, 502, 503], fetch=False)
    tasks = session.get("Task", [9001, 9100], fetch=False)

    session.fetch_core(versions + tasks)
    found = session.fetch_heirarchy(versions + tasks)

    asked = [record.entity_type for record in _reads(site)]
    assert sorted(asked[:2]) == ["Task", "Version"]
    assert sorted(asked[2:]) == ["Asset", "Project", "Sequence", "Shot"]
    assert len(found) == 3 + 2 + 3 + 1 + 2 + 1
    assert versions[0].parent().parent()["code"] == "SQ2"
    assert tasks[1].parent().project()["name"] == "Demo"


def test_backrefs_are_found_with_one_request(site, session):
    shots = session.get("Shot", [1, 2, 3, 4], fetch=False)

    tasks = session.fetch_backrefs(shots, "Task", "entity")
    session.fetch_backrefs(shots, "Task", "entity")

    assert sorted(task.id for task in tasks) == [9001, 9002, 9003, 9004]
    assert tasks[0]["entity"] in shots
    assert len(_reads(site)) == 1


def test_filter_exists_tells_retired_from_never_held(site):
    with Session(site.connect(), schema=False) as session:
        doomed = session.create("Shot", {"code": "doomed", "project": PROJECT})
        session.delete("Shot", doomed.id)

    with Session(site.connect(), schema=False) as session:
        doomed, never, live = session.get("Shot", [doomed.id, 99999, 1], fetch=False)
        site.clear_requests()

        kept = session.filter_exists([doomed, never, live])

    assert kept == [live]
    assert (doomed.exists, doomed.retired) == (False, True)
    assert (never.exists, never.retired) == (False, False)
    assert (live.exists, live.retired) == (True, False)
    assert [record.rows for record in _reads(site, "Shot")] == [1, 1]


def test_a_revived_entity_passes_filter_exists_again(site, session):
    shot = session.create("Shot", {"code": "back", "project": PROJECT})
    session.delete("Shot", shot)

    assert session.revive("Shot", shot) is True
    assert session.filter_exists([shot]) == [shot]
    assert (shot.exists, shot.retired) == (True, False)


def test_created_and_updated_entities_merge_the_sites_reply(site, session):
    shot = session.get("Shot", 7, fetch=False)

    task = session.create("Task", {"content": "fx", "entity": shot, "project": PROJECT})
    session.update("Task", task.id, {"content": "fx2"})
    again = session.find_one("Task", [["id", "is", task.id]], ["updated_at"])

    assert again is task
    assert task["entity"] is shot
    assert task["content"] == "fx2"
    assert isinstance(task["updated_at"], datetime.datetime)


def test_a_dropped_connection_takes_its_client_out_of_rotation(site):
    client = site.connect()
    client.config.max_rpc_attempts = 1
    with Session(client, schema=False) as session:
        session.find("Shot", [["id", "is", 1]])
        # The client's HTTP layer retries a dropped request once by itself.
        site.inject_fault("drop", count=2, method="read")

        with pytest.raises(ConnectionError):
            session.find("Shot", [["id", "is", 1]])
        assert session.shotgun.client_count == 0
        found = session.find("Shot", [["id", "is", 2]])

        assert session.shotgun.client_count == 1
    assert [shot.id for shot in found] == [2]


def test_session_without_a_client_connects_to_the_configured_site(
    site, monkeypatch, tmp_path
):
    monkeypatch.setenv("SGSESSION_CONFIG", str(tmp_path / "sites.toml"))
    monkeypatch.setenv("SGSESSION_SITE", "local")
    monkeypatch.setenv("SGSESSION_LOCAL_URL", site.url)
    monkeypatch.setenv("SGSESSION_LOCAL_SCRIPT", site.script_name)
    monkeypatch.setenv("SGSESSION_LOCAL_KEY", site.script_key)
    site.clear_requests()

    with Session() as session:
        assert site.requests == []
        shot = session.find_one("Shot", [["code", "is", "SH0001"]])

    assert shot.id == 1
    assert [r.method for r in site.requests if r.method != "info"] == [
        "schema_read",
        "read",
    ]


def test_each_request_logs_one_info_line_and_never_the_key(site, session, caplog):
    updates = [
        {
            "request_type": "update",
            "entity_type": entity_type,
            "entity_id": entity_id,
            "data": {"description": "wide"},
        }
        for entity_type, entity_id in (("Shot", 8), ("Version", 503))
    ]

    with caplog.at_level(logging.DEBUG, logger="sgsession"):
        session.get("Shot", [1, 2])
        session.batch(updates)

    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert [line.split(" in ")[0] for line in lines] == [
        "find Shot: 2 rows",
        "batch Shot, Version: 2 rows",
    ]
    assert site.script_key not in caplog.text
