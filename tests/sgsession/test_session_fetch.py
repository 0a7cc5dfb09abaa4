"""Batched fetches against the in-process fake: what is asked, and how often."""

import pytest

from sgsession import EntityNotFound


def _project_tree(fake):
    fake.add("Project", 1, name="Demo")
    project = {"type": "Project", "id": 1}
    fake.add("Sequence", 10, code="SQ1", project=project)
    fake.add("Asset", 20, code="chair", project=project)
    for number in range(3):
        shot = {"type": "Shot", "id": 100 + number}
        fake.add(
            "Shot",
            100 + number,
            code=f"SH{number}",
            project=project,
            sg_sequence={"type": "Sequence", "id": 10},
        )
        fake.add("Task", 200 + number, content="anim", entity=shot, project=project)
        fake.add("Version", 300 + number, code=f"v{number}", entity=shot)
    fake.add("Task", 210, content="model", entity={"type": "Asset", "id": 20})


def test_fetch_splits_large_sets_into_page_sized_requests(session, fake):
    for number in range(1, 1204):
        fake.add("Shot", number, code=f"SH{number:04}")
    shots = [session.get("Shot", number, fetch=False) for number in range(1, 1204)]

    session.fetch(shots, ["code"])

    finds = fake.requests("find")
    asked = [entity_id for _, _, filters in finds for entity_id in filters[0][2]]
    assert len(finds) == 5
    assert sorted(asked) == list(range(1, 1204))
    assert all(shot["code"] == f"SH{shot.id:04}" for shot in shots)


def test_fetch_reports_retired_entities_after_fetching_the_rest(session, fake):
    fake.add("Task", 9001, content="gone")
    fake.add("Task", 9002, content="live")
    fake.retire("Task", 9001)
    retired, live = session.get("Task", [9001, 9002], fetch=False)

    with pytest.raises(EntityNotFound) as raised:
        session.fetch([retired, live], ["content"])

    assert raised.value.entities == [retired]
    assert str(raised.value) == (
        "fetch could not find Task 9001 on the site: retired or never existed; "
        "drop them, or call filter_exists() first"
    )
    assert live["content"] == "live"
    assert (retired.exists, live.exists) == (False, True)
    assert len(fake.requests("find")) == 1


def test_known_retired_entities_are_not_asked_for_again(session, fake):
    fake.add("Task", 1, content="a")
    fake.retire("Task", 1)
    task = session.get("Task", 1, fetch=False)
    with pytest.raises(EntityNotFound):
        session.fetch([task], ["content"])

    with pytest.raises(EntityNotFound):
        session.fetch([task], ["content"])

    assert len(fake.requests("find")) == 1


def test_fetch_asks_only_for_missing_fields_and_entities(session, fake):
    fake.add("Shot", 1, code="A", description="d1")
    fake.add("Shot", 2, code="B", description="d2")
    first = session.merge({"type": "Shot", "id": 1, "code": "A", "description": "d1"})
    second = session.merge({"type": "Shot", "id": 2, "code": "B"})

    session.fetch([first, second], ["code", "description"])
    session.fetch([first, second], ["code", "description"])

    assert fake.requests("find") == [("find", "Shot", [["id", "in", [2]]])]
    assert second["description"] == "d2"


def test_force_asks_again_and_new_values_win(session, fake):
    fake.add("Shot", 1, code="new")
    shot = session.merge({"type": "Shot", "id": 1, "code": "old"})

    session.fetch([shot], "code", force=True)

    assert shot["code"] == "new"
    assert len(fake.requests("find")) == 1


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda s: s.fetch([], ["code"]), id="fetch"),
        pytest.param(lambda s: s.fetch_core([]), id="fetch_core"),
        pytest.param(lambda s: s.fetch_heirarchy([]), id="fetch_heirarchy"),
        pytest.param(lambda s: s.fetch_backrefs([], "Task", "entity"), id="backrefs"),
        pytest.param(lambda s: s.filter_exists([]), id="filter_exists"),
    ],
)
def test_empty_sets_are_never_sent(session, fake, call):
    call(session)

    assert fake.calls == []


def test_deep_fields_known_through_links_need_no_request(session, fake):
    version = session.merge(
        {
            "type": "Version",
            "id": 1,
            "entity": {"type": "Shot", "id": 2, "code": "SH010"},
            "sg_task": None,
        }
    )

    session.fetch([version], ["entity.Shot.code", "sg_task.Task.content"])

    assert fake.calls == []


def test_fetch_core_asks_one_request_per_type(session, fake):
    _project_tree(fake)
    entities = session.get("Shot", [100, 101, 102], fetch=False)
    entities += session.get("Task", [200, 201, 210], fetch=False)

    session.fetch_core(entities)

    assert sorted(call[1] for call in fake.requests("find")) == ["Shot", "Task"]
    assert entities[0]["sg_sequence"] is session.cache.lookup("Sequence", 10)
    assert entities[3]["content"] == "anim"


def test_fetch_heirarchy_walks_up_one_request_per_type_per_level(session, fake):
    _project_tree(fake)
    versions = session.get("Version", [300, 301, 302], fetch=False)
    tasks = session.get("Task", [200, 210], fetch=False)

    found = session.fetch_hierarchy(versions + tasks)

    asked = [call[1] for call in fake.requests("find")]
    assert sorted(asked[:2]) == ["Task", "Version"]
    assert sorted(asked[2:5]) == ["Asset", "Project", "Shot"]
    assert asked[5:] == ["Sequence"]
    assert session.cache.lookup("Project", 1) in found
    assert versions[0].parent().parent().display_name == "SQ1"
    assert tasks[1].parent().project()["name"] == "Demo"

    fake.calls.clear()
    session.fetch_heirarchy(versions + tasks)
    assert fake.calls == []


def test_fetch_heirarchy_finishes_the_rest_before_reporting_the_retired(session, fake):
    _project_tree(fake)
    fake.retire("Version", 301)
    versions = session.get("Version", [300, 301, 302], fetch=False)

    with pytest.raises(EntityNotFound) as raised:
        session.fetch_heirarchy(versions)

    assert raised.value.entities == [versions[1]]
    assert raised.value.method == "fetch_heirarchy"
    assert versions[0].parent().parent().display_name == "SQ1"
    assert versions[2].parent()["code"] == "SH2"
    assert len(fake.requests("find")) == 4


def test_fetch_backrefs_finds_links_once_per_type(session, fake):
    _project_tree(fake)
    shots = session.get("Shot", [100, 101], fetch=False)
    asset = session.get("Asset", 20, fetch=False)

    tasks = session.fetch_backrefs([*shots, asset], "Task", "entity")
    again = session.fetch_backrefs(shots, "Task", "entity")

    assert sorted(task.id for task in tasks) == [200, 201, 210]
    assert sorted(task.id for task in again) == [200, 201]
    assert sorted(call[1] for call in fake.requests("find")) == ["Task", "Task"]


def test_fetch_backrefs_follows_fields_outside_the_core_ones(session, fake):
    fake.add("Asset", 1, shots=[{"type": "Shot", "id": 1}, {"type": "Shot", "id": 2}])
    fake.add("Asset", 2, shots=[{"type": "Shot", "id": 3}])
    fake.add("Asset", 3, shots=[{"type": "Shot", "id": 2}])
    shot = session.get("Shot", 2, fetch=False)

    assets = session.fetch_backrefs([shot], "Asset", "shots")

    assert sorted(asset.id for asset in assets) == [1, 3]
    assert all(shot in asset["shots"] for asset in assets)


def test_filter_exists_asks_once_per_type_when_all_are_live(session, fake):
    fake.add("Shot", 1)
    fake.add("Asset", 3)
    entities = [
        session.get("Shot", 1, fetch=False),
        session.get("Asset", 3, fetch=False),
    ]

    assert session.filter_exists(entities) == entities
    assert session.filter_exists(entities) == entities
    assert fake.requests("find") == [
        ("find", "Shot", [["id", "in", [1]]]),
        ("find", "Asset", [["id", "in", [3]]]),
    ]
    assert [(e.exists, e.retired) for e in entities] == [(True, False)] * 2


def test_filter_exists_tells_retired_from_never_held(session, fake):
    fake.add("Shot", 1)
    fake.add("Shot", 2)
    fake.retire("Shot", 2)
    fake.add("Asset", 3)
    live, retired, never = session.get("Shot", [1, 2, 4], fetch=False)
    asset = session.get("Asset", 3, fetch=False)
    entities = [live, retired, never, asset]

    assert session.filter_exists(entities) == [live, asset]
    assert session.filter_exists(entities) == [live, asset]
    assert fake.requests("find") == [
        ("find", "Shot", [["id", "in", [1, 2, 4]]]),
        ("find", "Shot", [["id", "in", [2, 4]]]),
        ("find", "Asset", [["id", "in", [3]]]),
    ]
    assert [(e.exists, e.retired) for e in entities] == [
        (True, False),
        (False, True),
        (False, False),
        (True, False),
    ]

    session.filter_exists(entities, force=True)
    assert len(fake.requests("find")) == 6


def test_filter_exists_tells_what_a_fetch_missed(session, fake):
    fake.add("Task", 1)
    fake.retire("Task", 1)
    retired, never = session.get("Task", [1, 2], fetch=False)
    with pytest.raises(EntityNotFound):
        session.fetch([retired, never], ["content"])
    assert (retired.retired, never.retired) == (None, None)

    assert session.filter_exists([retired, never]) == []

    assert (retired.retired, never.retired) == (True, False)
    assert len(fake.requests("find")) == 3


def test_filter_exists_without_check_uses_only_known_marks(session, fake):
    shot = session.get("Shot", 1, fetch=False)
    gone = session.get("Shot", 2, fetch=False)
    gone.exists = False

    assert session.filter_exists([shot, gone], check=False) == [shot]
    assert fake.calls == []


@pytest.mark.parametrize(
    "ids",
    [
        pytest.param([1, 2], id="list"),
        pytest.param((1, 2), id="tuple"),
        pytest.param(range(1, 3), id="range"),
        pytest.param((n for n in (1, 2)), id="generator"),
        pytest.param([{"type": "Shot", "id": 1}, 2], id="links"),
    ],
)
def test_get_takes_any_iterable_of_ids(session, ids):
    shots = session.get("Shot", ids, fetch=False)

    assert shots == [session.cache.lookup("Shot", 1), session.cache.lookup("Shot", 2)]


def test_get_fetches_core_fields_of_what_is_missing(session, fake):
    fake.add("Shot", 1, code="SH010")
    fake.add("Shot", 2, code="SH020")

    shots = session.get("Shot", [1, 2])
    again = session.get("Shot", 1)

    assert [shot["code"] for shot in shots] == ["SH010", "SH020"]
    assert again is shots[0]
    assert len(fake.requests("find")) == 1
