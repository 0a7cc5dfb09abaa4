"""Merging replies into the identity map: one Entity per (type, id)."""

import datetime
import pickle
import threading

import pytest

from sgsession import Entity, Session

UTC = datetime.timezone.utc
PLUS_ONE = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def offline():
    with Session(False, schema=False) as session:
        yield session


def test_deep_keys_fold_into_the_linked_entity_and_make_no_phantom(offline):
    offline.merge(
        {
            "type": "Version",
            "id": 10,
            "entity": {"type": "Shot", "id": 1, "name": "SH010"},
            "entity.Shot.code": "SH010",
            "entity.Shot.sg_sequence": {"type": "Sequence", "id": 5, "name": "SQ1"},
        }
    )
    other = offline.merge(
        {
            "type": "Version",
            "id": 11,
            "entity": {"type": "Asset", "id": 2, "name": "chair"},
            "entity.Shot.code": None,
        }
    )

    shot = offline.cache.lookup("Shot", 1)
    assert shot["code"] == "SH010"
    assert shot["sg_sequence"] is offline.cache.lookup("Sequence", 5)
    assert offline.cache.of_type("Shot") == [shot]
    assert other["entity"] is offline.cache.lookup("Asset", 2)
    assert "entity.Shot.code" not in other


def test_deep_keys_fold_through_several_links(offline):
    version = offline.merge(
        {
            "type": "Version",
            "id": 10,
            "entity": {"type": "Shot", "id": 1},
            "entity.Shot.sg_sequence": {"type": "Sequence", "id": 5},
            "entity.Shot.sg_sequence.Sequence.code": "SQ1",
        }
    )

    assert version["entity"]["sg_sequence"]["code"] == "SQ1"


def test_deep_key_without_its_link_stays_on_the_entity(offline):
    version = offline.merge({"type": "Version", "id": 10, "entity.Shot.code": "A"})

    assert version["entity.Shot.code"] == "A"
    assert offline.cache.of_type("Shot") == []


@pytest.mark.parametrize(
    ("link", "made"),
    [
        pytest.param(None, [], id="empty-link"),
        pytest.param({"type": "Asset", "id": 3}, [], id="other-type"),
    ],
)
def test_deep_key_through_unrelated_link_makes_no_entity(offline, link, made):
    offline.merge(
        {"type": "Version", "id": 1, "entity": link, "entity.Shot.code": "SH010"}
    )

    assert offline.cache.of_type("Shot") == made


def test_updated_at_compares_naive_and_aware_by_instant(offline):
    cached = datetime.datetime(2024, 5, 1, 12, 0)
    offline.merge({"type": "Shot", "id": 1, "code": "old", "updated_at": cached})

    same_instant = datetime.datetime(2024, 5, 1, 13, 0, tzinfo=PLUS_ONE)
    shot = offline.merge(
        {"type": "Shot", "id": 1, "code": "same", "updated_at": same_instant}
    )
    assert shot["code"] == "old"
    assert shot["updated_at"] is cached

    later = datetime.datetime(2024, 5, 1, 13, 0, 1, tzinfo=PLUS_ONE)
    offline.merge({"type": "Shot", "id": 1, "code": "new", "updated_at": later})
    assert shot["code"] == "new"
    assert shot["updated_at"] == later


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        pytest.param(True, "new", id="new-wins"),
        pytest.param(False, "old", id="old-wins"),
    ],
)
def test_over_decides_regardless_of_updated_at(offline, over, expected):
    early = datetime.datetime(2024, 1, 1, tzinfo=UTC)
    late = datetime.datetime(2024, 2, 1, tzinfo=UTC)
    shot = offline.merge({"type": "Shot", "id": 1, "code": "old", "updated_at": late})

    offline.merge(
        {"type": "Shot", "id": 1, "code": "new", "updated_at": early}, over=over
    )

    assert shot["code"] == expected


def test_old_data_still_adds_fields_not_known_yet(offline):
    late = datetime.datetime(2024, 2, 1, tzinfo=UTC)
    shot = offline.merge({"type": "Shot", "id": 1, "code": "A", "updated_at": late})

    offline.merge(
        {"type": "Shot", "id": 1, "code": "B", "description": "d"}, over=False
    )

    assert (shot["code"], shot["description"]) == ("A", "d")


def test_created_at_stands_in_for_a_missing_updated_at(offline):
    late = datetime.datetime(2024, 2, 1, tzinfo=UTC)
    early = datetime.datetime(2024, 1, 1)
    shot = offline.merge({"type": "Shot", "id": 1, "code": "A", "updated_at": late})

    offline.merge({"type": "Shot", "id": 1, "code": "B"}, created_at=early)

    assert shot["code"] == "A"


def test_unorderable_stamps_let_new_data_win_without_raising(offline):
    shot = offline.merge({"type": "Shot", "id": 1, "code": "A", "updated_at": "x"})

    offline.merge({"type": "Shot", "id": 1, "code": "B", "updated_at": 5})

    assert shot["code"] == "B"


def test_merge_copies_containers_and_keeps_one_entity_per_type_and_id(offline):
    data = {
        "rows": [
            {"type": "Shot", "id": 1, "code": "A"},
            ({"type": "Shot", "id": 1}, {"plain": [1, 2]}),
        ],
        "assets": [{"type": "Asset", "id": 7}, {"type": "Asset", "id": 7}],
    }

    merged = offline.merge(data)

    first, (second, plain) = merged["rows"]
    assert first is second is offline.cache.lookup("Shot", 1)
    assert isinstance(first, Entity)
    assert plain == {"plain": [1, 2]}
    assert plain is not data["rows"][1][1]
    assert merged["assets"][0] is merged["assets"][1]
    assert len(offline.cache) == 2


def test_multi_entity_lists_merge_each_member(offline):
    shot = offline.merge(
        {
            "type": "Shot",
            "id": 1,
            "assets": [
                {"type": "Asset", "id": 2, "name": "a"},
                {"type": "Asset", "id": 3},
            ],
        }
    )

    assert shot["assets"] == [
        offline.cache.lookup("Asset", 2),
        offline.cache.lookup("Asset", 3),
    ]
    assert shot["assets"][0]["name"] == "a"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"type": "Shot", "id": "1"}, id="string-id"),
        pytest.param({"type": "Shot", "id": True}, id="bool-id"),
        pytest.param({"type": None, "id": 1}, id="no-type"),
    ],
)
def test_dicts_without_a_usable_identity_stay_plain(offline, value):
    merged = offline.merge(value)

    assert type(merged) is dict
    assert len(offline.cache) == 0


def test_entity_of_another_session_is_attached_by_merging(offline):
    with Session(False, schema=False) as other:
        foreign = other.merge({"type": "Shot", "id": 1, "code": "A"})

        mine = offline.merge(foreign)

    assert mine is not foreign
    assert mine.session is offline
    assert mine["code"] == "A"


def test_threads_merging_while_another_reads_share_one_entity(offline):
    seen = []
    errors = []
    writing = threading.Event()
    writers_done = threading.Event()

    def write(worker):
        try:
            writing.set()
            for index in range(300):
                shot = offline.merge(
                    {
                        "type": "Shot",
                        "id": index % 50,
                        f"f{worker}": index,
                        "sg_sequence": {"type": "Sequence", "id": index % 5},
                    }
                )
                seen.append(shot)
        except Exception as error:
            errors.append(error)

    def read():
        writing.wait(timeout=10)
        try:
            while not writers_done.is_set():
                for shot in offline.cache.of_type("Shot"):
                    fields = dict(shot)
                    assert offline.cache.lookup("Shot", shot.id) is shot
                    assert fields["id"] == shot.id
                    assert shot.display_name == f"Shot {shot.id}"
                assert len(offline.cache) <= 55
        except Exception as error:
            errors.append(error)

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    writers_done.set()
    reader.join()

    assert errors == []
    assert len({id(shot) for shot in seen}) == 50
    assert len(offline.cache) == 55
    assert all(len(shot) == 2 + 8 + 1 for shot in seen)


def test_old_data_still_reaches_the_entities_it_links(offline):
    late = datetime.datetime(2024, 2, 1, tzinfo=UTC)
    early = datetime.datetime(2024, 1, 1, tzinfo=UTC)
    offline.merge(
        {"type": "Version", "id": 1, "entity": None, "updated_at": late},
    )

    version = offline.merge(
        {
            "type": "Version",
            "id": 1,
            "entity": {"type": "Shot", "id": 2, "name": "SH020"},
            "updated_at": early,
        }
    )

    assert version["entity"] is None
    assert offline.cache.lookup("Shot", 2)["name"] == "SH020"


@pytest.mark.parametrize(
    "detach",
    [
        pytest.param(lambda entity: entity, id="other-session"),
        pytest.param(lambda entity: pickle.loads(pickle.dumps(entity)), id="pickled"),
    ],
)
def test_linked_entities_in_a_cycle_merge_once_each(offline, detach):
    with Session(False, schema=False) as other:
        shot = other.merge({"type": "Shot", "id": 1, "code": "SH010"})
        task = other.merge({"type": "Task", "id": 2, "content": "anim"})
        shot["tasks"] = [task]
        task["entity"] = shot

        mine = offline.merge(detach(shot))

    assert mine.session is offline
    assert mine["tasks"] == [offline.cache.lookup("Task", 2)]
    assert mine["tasks"][0]["entity"] is mine
    assert mine["tasks"][0]["content"] == "anim"
