"""Session calls against the in-process fake: wrapping, filters, schema, lifecycle."""

import logging
from unittest import mock

import pytest

from sgsession import (
    InvalidEntity,
    NoConnection,
    Session,
    SessionClosed,
    SessionError,
    UnknownEntityType,
    UnknownField,
)


def test_find_returns_merged_entities_with_core_fields(session, fake):
    fake.add("Shot", 1, code="SH010", sg_status_list="ip")

    shots = session.find("Shot", [["code", "is", "SH010"]], ["sg_status_list"])

    assert shots == [session.cache.lookup("Shot", 1)]
    assert shots[0]["sg_status_list"] == "ip"
    assert shots[0]["code"] == "SH010"


def test_find_passes_every_keyword_through(session, fake):
    fake.add("Shot", 1, code="SH010")
    fake.retire("Shot", 1)

    shots = session.find(
        "Shot",
        [],
        retired_only=True,
        include_archived_projects=False,
        additional_filter_presets=None,
        page=1,
        limit=5,
    )

    assert [shot.id for shot in shots] == [1]
    assert (shots[0].exists, shots[0].retired) == (False, True)


def test_find_one_passes_every_keyword_through(session, fake):
    fake.add("Shot", 1, code="SH010")
    fake.retire("Shot", 1)

    shot = session.find_one(
        "Shot",
        [["code", "is", "SH010"]],
        order=[{"field_name": "code"}],
        filter_operator="all",
        retired_only=True,
        include_archived_projects=False,
        additional_filter_presets=None,
    )

    assert shot is session.cache.lookup("Shot", 1)
    assert shot.exists is False


def test_find_one_returns_an_entity_or_none(session, fake):
    fake.add("Shot", 1, code="SH010")

    assert session.find_one("Shot", [["code", "is", "SH010"]]).id == 1
    assert session.find_one("Shot", [["code", "is", "nope"]]) is None


def test_filters_shrink_entities_in_nested_groups(session, fake):
    shot = session.merge(
        {"type": "Shot", "id": 1, "code": "A", "tasks": [{"type": "Task", "id": 2}]}
    )
    filters = [
        ["project", "is", {"type": "Project", "id": 3, "name": "P"}],
        {
            "filter_operator": "any",
            "filters": [
                ["entity", "is", shot],
                {"filter_operator": "all", "filters": [["entity", "in", (shot,)]]},
            ],
        },
    ]

    session.find("Task", filters)

    assert fake.requests("find")[0][2] == [
        ["project", "is", {"type": "Project", "id": 3}],
        {
            "filter_operator": "any",
            "filters": [
                ["entity", "is", {"type": "Shot", "id": 1}],
                {
                    "filter_operator": "all",
                    "filters": [["entity", "in", [{"type": "Shot", "id": 1}]]],
                },
            ],
        },
    ]


def test_find_with_an_entity_inside_a_filter_group(session, fake):
    fake.add("Shot", 1, code="SH010")
    fake.add("Task", 2, content="anim", entity={"type": "Shot", "id": 1})
    fake.add("Task", 3, content="comp", entity={"type": "Shot", "id": 4})
    shot = session.get("Shot", 1)
    shot["tasks"] = session.get("Task", [2, 3], fetch=False)

    found = session.find(
        "Task",
        [
            {
                "filter_operator": "any",
                "filters": [["entity", "is", shot], ["content", "is", "nope"]],
            }
        ],
    )

    assert [task.id for task in found] == [2]


def test_create_update_delete_merge_what_the_site_returns(session, fake):
    shot = session.get("Shot", 1, fetch=False)

    task = session.create("Task", {"content": "anim", "entity": shot})
    session.update("Task", task, {"content": "comp"})
    retired = session.delete("Task", task.id)

    assert task is session.cache.lookup("Task", task.id)
    assert task["entity"] is shot
    assert task["content"] == "comp"
    assert retired is True
    assert (task.exists, task.retired) == (False, True)
    assert fake.requests("create")[0][2] == {
        "content": "anim",
        "entity": {"type": "Shot", "id": 1},
    }


def test_revive_marks_the_cached_entity_live_again(session, fake):
    fake.add("Shot", 1, code="A")
    shot = session.get("Shot", 1, fetch=False)
    session.delete("Shot", shot)

    revived = session.revive("Shot", shot)

    assert revived is True
    assert (shot.exists, shot.retired) == (True, False)
    assert session.filter_exists([shot], check=False) == [shot]
    assert fake.requests("revive") == [("revive", "Shot", 1)]


def test_revive_of_an_entity_the_site_does_not_hold_retired_keeps_its_marks(
    session, fake
):
    shot = session.get("Shot", 7, fetch=False)

    assert session.revive("Shot", 7) is False
    assert (shot.exists, shot.retired) == (None, None)


def test_batch_merges_created_and_updated_entities(session, fake):
    fake.add("Shot", 1, code="A")
    fake.add("Shot", 2, code="B")
    shot = session.get("Shot", 1, fetch=False)

    created, updated, deleted = session.batch(
        [
            {"request_type": "create", "entity_type": "Task", "data": {"entity": shot}},
            {
                "request_type": "update",
                "entity_type": "Shot",
                "entity_id": shot,
                "data": {"code": "AA"},
            },
            {"request_type": "delete", "entity_type": "Shot", "entity_id": 2},
        ]
    )

    assert created["entity"] is shot
    assert updated is shot
    assert shot["code"] == "AA"
    assert deleted is True
    assert session.cache.lookup("Shot", 2).retired is True
    assert session.cache.lookup("Shot", 2).exists is False


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(
            lambda s: s.find("Shot", [], ["cdoe"]),
            UnknownField,
            "cannot use field 'cdoe' on Shot: Shot has no field 'cdoe'; "
            "check the spelling against the site's schema",
            id="find-field",
        ),
        pytest.param(
            lambda s: s.find("Shot", [], ["sg_sequence.Asset.code"]),
            UnknownField,
            "cannot use field 'sg_sequence.Asset.code' on Shot: Shot.sg_sequence "
            "links only to Sequence; check the spelling against the site's schema",
            id="deep-link-type",
        ),
        pytest.param(
            lambda s: s.fetch(
                [s.get("Shot", 1, fetch=False)], ["sg_sequence.Sequence.x"]
            ),
            UnknownField,
            "cannot use field 'sg_sequence.Sequence.x' on Shot: Sequence has no "
            "field 'x'; check the spelling against the site's schema",
            id="deep-field",
        ),
        pytest.param(
            lambda s: s.create("Shot", {"cod": "A"}),
            UnknownField,
            "cannot use field 'cod' on Shot: Shot has no field 'cod'; "
            "check the spelling against the site's schema",
            id="create-data",
        ),
        pytest.param(
            lambda s: s.find("Shoot", []),
            UnknownEntityType,
            "cannot use entity type 'Shoot': the site's schema has no such type; "
            "check the spelling, or pass schema=False to skip the check",
            id="type",
        ),
    ],
)
def test_schema_rejects_unknown_fields_before_any_request(
    fake, site_schema, call, error, message
):
    with Session(fake, schema=site_schema) as session:
        with pytest.raises(error) as raised:
            call(session)

    assert str(raised.value) == message
    assert fake.calls == []


def test_schema_is_read_lazily_once(fake_shotgun, site_schema):
    fake = fake_shotgun(schema=site_schema)
    fake.add("Task", 1, content="anim")
    with Session(fake) as session:
        assert fake.calls == []
        session.find("Task", [])
        session.find("Task", [])
        assert session.core_fields("Task")[0] == "project"

    assert [call[0] for call in fake.calls] == ["schema_read", "find", "find"]


def test_core_fields_can_be_set_per_session(fake):
    fake.add("Shot", 1, code="A", description="d")

    with Session(
        fake,
        schema=False,
        important_fields_for_all=[],
        important_fields={"Shot": ["description"]},
        parent_fields={"Shot": None},
    ) as session:
        shot = session.get("Shot", 1)
        assert shot.parent() is None
        assert session.core_fields("Task") == [
            "content",
            "step",
            "entity",
            "sg_status_list",
        ]
        assert session.parent_field("Task") == "entity"

    assert "code" not in shot
    assert shot["description"] == "d"
    assert Session.important_fields["Shot"] == ("code", "sg_sequence")


def test_core_fields_can_be_set_by_a_subclass(fake):
    class Studio(Session):
        important_fields_for_all = ("sg_status_list",)
        important_fields = {}
        parent_fields = {"Shot": "project"}

    with Studio(fake, schema=False) as session:
        assert session.core_fields("Shot") == ["sg_status_list", "project"]


def test_unknown_attributes_come_from_the_client(session, fake):
    assert session.config is fake.config
    assert session.tables is fake.tables


def test_client_methods_get_entities_as_plain_links(session):
    client = mock.MagicMock()
    shot = session.merge({"type": "Shot", "id": 1, "code": "SH010"})
    task = session.merge({"type": "Task", "id": 2, "entity": shot})
    shot["tasks"] = [task]

    with Session(client, schema=False) as other:
        other.follow({"type": "HumanUser", "id": 3}, shot)
        other.share_thumbnail(entities=[shot, task], source_entity=shot)

    client.follow.assert_called_once_with(
        {"type": "HumanUser", "id": 3}, {"type": "Shot", "id": 1}
    )
    client.share_thumbnail.assert_called_once_with(
        entities=[{"type": "Shot", "id": 1}, {"type": "Task", "id": 2}],
        source_entity={"type": "Shot", "id": 1},
    )


def _enter(session):
    with session:
        pass


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda s: s.find("Shot", []), id="find"),
        pytest.param(lambda s: s.merge({"type": "Shot", "id": 1}), id="merge"),
        pytest.param(lambda s: s.get("Shot", 1, fetch=False), id="get"),
        pytest.param(lambda s: s.entity(("Shot", 1)), id="entity"),
        pytest.param(lambda s: s.filter_exists([("Shot", 1)]), id="filter_exists"),
        pytest.param(lambda s: s.config, id="client-attribute"),
        pytest.param(_enter, id="with"),
    ],
)
def test_closed_session_refuses_calls(fake, call):
    session = Session(fake, schema=False)
    session.close()

    with pytest.raises(SessionClosed, match="cannot use this session: it is closed"):
        call(session)
    assert session.closed
    assert fake.calls == []


def test_session_built_with_false_never_connects():
    with Session(False, schema=False) as session:
        shot = session.merge({"type": "Shot", "id": 1})

        with pytest.raises(NoConnection, match="shotgun=False and never connects"):
            shot.fetch("code")
        with pytest.raises(NoConnection, match="cannot call 'upload'"):
            session.upload("Shot", 1, "movie.mov")


def test_one_info_line_per_round_trip_without_credentials(session, fake, caplog):
    fake.add("Shot", 1, code="A")

    with caplog.at_level(logging.INFO, logger="sgsession"):
        session.find("Shot", [])

    assert [record.getMessage()[:18] for record in caplog.records] == [
        "find Shot: 1 rows "
    ]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("Shot 1", id="string"),
        pytest.param({"type": "Shot"}, id="no-id"),
        pytest.param(("Shot", "1"), id="string-id"),
    ],
)
def test_bad_entities_fail_early_with_the_value(session, value):
    with pytest.raises(InvalidEntity, match=r"cannot use .* as an entity"):
        session.fetch([value], ["code"])


def test_fetch_accepts_a_single_entity(session, fake):
    fake.add("Shot", 1, code="SH010")
    shot = session.get("Shot", 1, fetch=False)

    assert session.fetch(shot, "code") == [shot]
    assert shot["code"] == "SH010"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({"sg_sequence": {}, "project": {}}, "sg_sequence", id="own"),
        pytest.param({"project": {}}, "project", id="project"),
        pytest.param({"code": {}}, None, id="none"),
    ],
)
def test_parent_field_follows_what_the_schema_has(fake, fields, expected):
    with Session(fake, schema={"Shot": fields}) as session:
        assert session.parent_field("Shot") == expected


def test_project_of_a_type_without_one_is_none_without_a_request(fake):
    with Session(fake, schema={"HumanUser": {"name": {}}}) as session:
        user = session.merge({"type": "HumanUser", "id": 1, "name": "Ann"})

        assert user.project() is None

    assert fake.calls == []


def test_a_bad_field_on_one_type_stops_the_fetch_before_any_request(fake, site_schema):
    with Session(fake, schema=site_schema) as session:
        shot = session.get("Shot", 1, fetch=False)
        task = session.get("Task", 2, fetch=False)

        with pytest.raises(UnknownField):
            session.fetch([shot, task], ["code"])

    assert fake.calls == []


def test_closing_leaves_a_given_client_object_open(fake):
    with Session(fake, schema=False):
        pass

    assert fake.requests("close") == []


@pytest.mark.parametrize(
    "ids",
    [pytest.param("12", id="string"), pytest.param([1, None], id="none-in-list")],
)
def test_get_refuses_ids_that_are_not_integers(session, ids):
    with pytest.raises(InvalidEntity, match="an entity id is an integer"):
        session.get("Shot", ids, fetch=False)

    assert len(session.cache) == 0


@pytest.mark.parametrize(
    "ids",
    [
        pytest.param({"type": "Version", "id": 5}, id="link"),
        pytest.param([1, {"type": "Task", "id": 1}], id="link-in-list"),
        pytest.param(Session(False, schema=False).get("Task", 1, False), id="entity"),
    ],
)
def test_get_refuses_entities_of_another_type(session, ids):
    with pytest.raises(InvalidEntity, match=r"it is a (Version|Task), not a Shot"):
        session.get("Shot", ids, fetch=False)

    assert len(session.cache) == 0


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda s, e: s.update("Shot", e, {"code": "A"}), id="update"),
        pytest.param(lambda s, e: s.delete("Shot", e), id="delete"),
        pytest.param(
            lambda s, e: s.batch(
                [{"request_type": "delete", "entity_type": "Shot", "entity_id": e}]
            ),
            id="batch",
        ),
    ],
)
def test_writes_refuse_an_entity_of_another_type(session, fake, call):
    with pytest.raises(InvalidEntity, match="it is a Version, not a Shot"):
        call(session, {"type": "Version", "id": 5})

    assert fake.calls == []


def test_a_mock_is_used_as_it_is(site_schema):
    client = mock.MagicMock()
    client.find.return_value = [{"type": "Shot", "id": 1, "code": "SH010"}]
    shot = {"type": "Shot", "id": 2, "code": "SH020"}

    with Session(client, schema=site_schema) as session:
        found = session.find("Shot", [["id", "is", shot]], ["code"], limit=1)

    assert found == [session.cache.lookup("Shot", 1)]
    client.find.assert_called_once_with(
        "Shot",
        [["id", "is", {"type": "Shot", "id": 2}]],
        ["code", "project", "updated_at", "sg_sequence"],
        None,
        limit=1,
    )
    client.close.assert_not_called()


def test_a_schema_the_client_cannot_read_is_a_clear_error():
    with Session(mock.MagicMock()) as session:
        with pytest.raises(SessionError) as raised:
            session.find("Shot", [])

    assert str(raised.value) == (
        "cannot check fields against the site's schema: schema_read() returned "
        "MagicMock, not a dict; pass the schema as schema=, or schema=False to "
        "skip field checks"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param(None, "No such file or directory", id="missing"),
        pytest.param("{", "Expecting property name", id="not-json"),
    ],
)
def test_an_unreadable_schema_file_is_a_clear_error(fake, tmp_path, text, reason):
    path = tmp_path / "schema.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")

    with pytest.raises(SessionError) as raised:
        Session(fake, schema=path)

    assert str(raised.value).startswith(f"cannot read a schema from {path}: ")
    assert reason in str(raised.value)
    assert str(raised.value).endswith(
        "pass the JSON that schema_read() returns, or schema=False to skip field checks"
    )
