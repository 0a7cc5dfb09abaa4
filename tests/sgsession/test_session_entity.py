"""Entity: identity, names, helpers, pickling."""

import copy
import pickle

import pytest

from sgsession import Entity, SessionError


def test_equality_and_hash_follow_type_and_id_only(session):
    shot = session.merge({"type": "Shot", "id": 1, "code": "A"})
    twin = Entity("Shot", 1)
    twin["code"] = "B"

    assert shot == twin
    assert hash(shot) == hash(twin)
    assert shot != Entity("Shot", 2)
    assert shot != Entity("Asset", 1)
    assert len({shot, twin, Entity("Shot", 2)}) == 2


def test_entity_is_a_mapping_carrying_type_and_id(session):
    shot = session.merge({"type": "Shot", "id": 1, "code": "A"})

    assert isinstance(shot, dict)
    assert (shot["type"], shot["id"], shot.type, shot.id) == ("Shot", 1, "Shot", 1)
    assert shot.session is session
    assert not hasattr(shot, "__dict__")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param({"type": "Shot", "id": 1, "code": "SH010"}, "SH010", id="code"),
        pytest.param({"type": "Task", "id": 2, "content": "anim"}, "anim", id="task"),
        pytest.param({"type": "Project", "id": 3, "name": "Demo"}, "Demo", id="name"),
        pytest.param({"type": "Shot", "id": 4, "name": "SH040"}, "SH040", id="link"),
        pytest.param({"type": "Shot", "id": 5, "code": None}, "Shot 5", id="none"),
        pytest.param({"type": "Shot", "id": 6, "code": 12}, "Shot 6", id="not-text"),
        pytest.param({"type": "Booking", "id": 7}, "Booking 7", id="unknown"),
    ],
)
def test_display_name_falls_back_without_raising(session, data, expected):
    assert session.merge(data).display_name == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            {"type": "Shot", "id": 1, "code": "SH010"},
            "<Entity Shot:1 'SH010'>",
            id="named",
        ),
        pytest.param({"type": "Shot", "id": 2}, "<Entity Shot:2>", id="unnamed"),
    ],
)
def test_repr_shows_type_id_and_name(session, data, expected):
    assert repr(session.merge(data)) == expected


def test_minimal_is_a_plain_link(session):
    shot = session.merge({"type": "Shot", "id": 1, "code": "A"})

    assert shot.minimal() == {"type": "Shot", "id": 1}
    assert type(shot.minimal()) is dict


def test_pickle_and_deepcopy_keep_every_field_and_cycles(session):
    shot = session.merge({"type": "Shot", "id": 1, "code": "SH010"})
    task = session.merge({"type": "Task", "id": 2, "content": "anim", "entity": shot})
    shot["tasks"] = [task]

    for copied in (pickle.loads(pickle.dumps(shot)), copy.deepcopy(shot)):
        assert dict.__eq__(copied, {"type": "Shot", "id": 1, **copied})
        assert copied["code"] == "SH010"
        assert copied["tasks"][0]["entity"] is copied
        assert copied["tasks"][0]["content"] == "anim"
        assert copied.session is None
        assert copied is not shot


@pytest.mark.parametrize(
    "copier",
    [
        pytest.param(lambda e: pickle.loads(pickle.dumps(e)), id="pickle"),
        pytest.param(copy.deepcopy, id="deepcopy"),
        pytest.param(copy.copy, id="copy"),
    ],
)
def test_copies_keep_the_existence_marks(session, copier):
    shot = session.merge({"type": "Shot", "id": 1, "code": "SH010"})
    shot.exists, shot.retired = False, True

    copied = copier(shot)

    assert (copied.exists, copied.retired) == (False, True)
    assert dict.__eq__(copied, shot)
    assert copied.session is None


@pytest.mark.parametrize(
    ("change", "key"),
    [
        pytest.param(lambda e: e.__setitem__("id", 2), "id", id="set-id"),
        pytest.param(lambda e: e.update(type="Asset"), "type", id="update-type"),
        pytest.param(lambda e: e.__delitem__("id"), "id", id="del-id"),
        pytest.param(lambda e: e.pop("type"), "type", id="pop-type"),
        pytest.param(lambda e: e.__ior__({"id": 3}), "id", id="merge-operator"),
    ],
)
def test_type_and_id_cannot_change(session, change, key):
    shot = session.merge({"type": "Shot", "id": 1, "code": "SH010"})

    with pytest.raises(SessionError) as raised:
        change(shot)

    assert str(raised.value) == (
        f"cannot change or remove the {key} of Shot 1: an Entity is one "
        "(type, id) for good; get another with session.get()"
    )
    assert (shot["type"], shot["id"], shot.type, shot.id) == ("Shot", 1, "Shot", 1)


def test_fields_change_and_clear_keeping_type_and_id(session):
    shot = session.merge({"type": "Shot", "id": 1, "code": "SH010"})

    shot["code"] = "SH011"
    shot.update({"id": 1, "description": "wide"})
    assert shot.pop("description") == "wide"
    assert dict(shot) == {"type": "Shot", "id": 1, "code": "SH011"}

    shot |= {"description": "wide"}
    assert shot.popitem() == ("description", "wide")

    shot.clear()
    assert dict(shot) == {"type": "Shot", "id": 1}
    with pytest.raises(KeyError, match="Shot 1 has no fields left"):
        shot.popitem()


def test_unpickled_entity_attaches_by_merging(session):
    shot = session.merge({"type": "Shot", "id": 1, "code": "SH010"})
    detached = pickle.loads(pickle.dumps(shot))
    session.cache.clear()

    attached = session.merge(detached)

    assert attached.session is session
    assert attached["code"] == "SH010"
    assert attached is session.cache.lookup("Shot", 1)


def test_detached_entity_says_how_to_attach_it():
    with pytest.raises(SessionError, match=r"merge it into one with session\.merge"):
        Entity("Shot", 1).fetch("code")


def test_parent_and_project_read_known_links_without_requests(session, fake):
    sequence = {"type": "Sequence", "id": 5}
    project = {"type": "Project", "id": 9}
    shot = session.merge(
        {"type": "Shot", "id": 1, "sg_sequence": sequence, "project": project}
    )

    assert shot.parent() is session.cache.lookup("Sequence", 5)
    assert shot.project() is session.cache.lookup("Project", 9)
    assert shot.project().project() is shot.project()
    assert shot.project().parent() is None
    assert fake.calls == []


def test_parent_fetches_the_link_when_missing(session, fake):
    fake.add("Sequence", 5, code="SQ1")
    fake.add("Shot", 1, code="SH010", sg_sequence={"type": "Sequence", "id": 5})

    parent = session.get("Shot", 1, fetch=False).parent()

    assert parent is session.cache.lookup("Sequence", 5)
    assert parent.display_name == "SQ1"
    assert len(fake.requests("find")) == 1


def test_entity_fetch_returns_values(session, fake):
    fake.add("Shot", 1, code="SH010", description="wide")
    shot = session.get("Shot", 1, fetch=False)

    assert shot.fetch("code") == "SH010"
    assert shot.fetch(["code", "description"]) == ["SH010", "wide"]
    assert len(fake.requests("find")) == 2


def test_entity_fetch_reads_deep_fields_through_links(session, fake):
    version = session.merge(
        {
            "type": "Version",
            "id": 1,
            "entity": {"type": "Shot", "id": 2, "code": "SH020"},
            "entity.Shot.sg_sequence": {"type": "Sequence", "id": 3},
            "entity.Shot.sg_sequence.Sequence.code": "SQ3",
        }
    )

    assert version.fetch(
        [
            "entity.Shot.code",
            "entity.Shot.sg_sequence.Sequence.code",
            "entity.Asset.code",
        ]
    ) == ["SH020", "SQ3", None]
    assert fake.calls == []


def test_entity_fetch_of_a_deep_field_asks_the_site_once(session, fake):
    fake.add("Shot", 2, code="SH020")
    fake.add("Version", 1, entity={"type": "Shot", "id": 2})
    version = session.get("Version", 1, fetch=False)

    assert version.fetch("entity.Shot.code") == "SH020"
    assert version.fetch("entity.Shot.code") == "SH020"
    assert len(fake.requests("find")) == 1
