"""Reads through the real client: every relation per data type, deep fields, sorts."""

import datetime

import pytest
import shotgun_api3

from sglocal import LocalSite

UTC = datetime.timezone.utc
NOW = datetime.datetime.now(UTC).replace(microsecond=0)
TODAY = NOW.date()


def _link(entity_type, entity_id):
    return {"type": entity_type, "id": entity_id}


def _month_start(day, back=0):
    index = day.year * 12 + day.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


@pytest.fixture(scope="module")
def catalog(site_schema):
    """A small production inserted as seed data, with dates relative to now."""
    with LocalSite(schema=site_schema) as running:
        insert = running.store.insert_rows
        insert(
            "Project",
            [{"id": 1, "name": "Alpha"}, {"id": 2, "name": "Old", "archived": True}],
        )
        insert("Sequence", [{"id": 1, "code": "SQ1", "project": _link("Project", 1)}])
        insert("Asset", [{"id": 1, "code": "chair"}, {"id": 2, "code": "table"}])
        insert(
            "Shot",
            [
                {
                    "id": 1,
                    "code": "SH010",
                    "project": _link("Project", 1),
                    "sg_sequence": _link("Sequence", 1),
                    "sg_cut_in": 1001,
                    "sg_status_list": "ip",
                    "sg_shot_type": "Hero",
                    "tag_list": ["hero", "fx"],
                    "assets": [_link("Asset", 1), _link("Asset", 2)],
                    "created_at": NOW - datetime.timedelta(hours=2),
                },
                {
                    "id": 2,
                    "code": "SH020",
                    "project": _link("Project", 1),
                    "sg_cut_in": 1050,
                    "sg_status_list": "fin",
                    "tag_list": ["fx"],
                    "assets": [_link("Asset", 2)],
                    "created_at": NOW - datetime.timedelta(days=3),
                },
                {
                    "id": 3,
                    "code": "SH030",
                    "project": _link("Project", 2),
                    "created_at": NOW - datetime.timedelta(days=40),
                },
            ],
        )
        insert(
            "Step",
            [
                {"id": 1, "code": "Anim", "entity_type": "Shot"},
                {"id": 2, "code": "Model", "entity_type": "Asset"},
            ],
        )
        insert(
            "Task",
            [
                {
                    "id": 1,
                    "content": "Anim",
                    "entity": _link("Shot", 1),
                    "step": _link("Step", 1),
                    "start_date": TODAY,
                    "due_date": TODAY + datetime.timedelta(days=5),
                    "milestone": True,
                    "est_in_mins": 120,
                },
                {
                    "id": 2,
                    "content": "Comp",
                    "entity": _link("Shot", 2),
                    "start_date": TODAY - datetime.timedelta(days=10),
                    "est_in_mins": 480,
                },
            ],
        )
        insert(
            "Version",
            [
                {
                    "id": 1,
                    "code": "v1",
                    "entity": _link("Shot", 1),
                    "flagged": True,
                    "sg_frames_aspect_ratio": 1.78,
                    "created_at": NOW - datetime.timedelta(hours=1),
                },
                {
                    "id": 2,
                    "code": "v2",
                    "entity": _link("Shot", 1),
                    "sg_frames_aspect_ratio": 2.39,
                    "created_at": NOW - datetime.timedelta(days=1),
                },
                {
                    "id": 3,
                    "code": "v3",
                    "entity": _link("Shot", 2),
                    "created_at": NOW - datetime.timedelta(days=5),
                },
            ],
        )
        last_year = datetime.date(TODAY.year - 1, 12, 31)
        insert(
            "Phase",
            [
                {"code": "month-start", "start_date": _month_start(TODAY)},
                {
                    "code": "previous-month-end",
                    "start_date": _month_start(TODAY) - datetime.timedelta(days=1),
                },
                {"code": "year-start", "start_date": datetime.date(TODAY.year, 1, 1)},
                {"code": "previous-year-end", "start_date": last_year},
            ],
        )
        client = running.connect()
        yield running, client
        client.close()


def _names(client, entity_type, filters, **kwargs):
    name = {"Task": "content"}.get(entity_type, "code")
    return sorted(e[name] for e in client.find(entity_type, filters, [name], **kwargs))


RELATIONS = [
    ("text-is-ignores-case", "Shot", ["code", "is", "sh010"], ["SH010"]),
    ("text-is_not", "Shot", ["code", "is_not", "SH010"], ["SH020", "SH030"]),
    ("text-contains", "Shot", ["code", "contains", "02"], ["SH020"]),
    ("text-not_contains", "Shot", ["code", "not_contains", "01"], ["SH020", "SH030"]),
    (
        "text-starts_with",
        "Shot",
        ["code", "starts_with", "SH0"],
        ["SH010", "SH020", "SH030"],
    ),
    ("text-ends_with", "Shot", ["code", "ends_with", "30"], ["SH030"]),
    ("text-in", "Shot", ["code", "in", ["SH010", "SH030"]], ["SH010", "SH030"]),
    ("text-not_in", "Shot", ["code", "not_in", ["SH010"]], ["SH020", "SH030"]),
    ("text-like-chars-are-literal", "Shot", ["code", "contains", "%"], []),
    ("number-is", "Shot", ["sg_cut_in", "is", 1001], ["SH010"]),
    (
        "number-is_not-keeps-empty",
        "Shot",
        ["sg_cut_in", "is_not", 1001],
        ["SH020", "SH030"],
    ),
    ("number-is-none", "Shot", ["sg_cut_in", "is", None], ["SH030"]),
    ("number-less_than", "Shot", ["sg_cut_in", "less_than", 1050], ["SH010"]),
    ("number-greater_than", "Shot", ["sg_cut_in", "greater_than", 1001], ["SH020"]),
    (
        "number-between",
        "Shot",
        ["sg_cut_in", "between", [1000, 1050]],
        ["SH010", "SH020"],
    ),
    (
        "number-not_between",
        "Shot",
        ["sg_cut_in", "not_between", [1000, 1010]],
        ["SH020", "SH030"],
    ),
    ("number-in", "Shot", ["sg_cut_in", "in", [1001, 1050]], ["SH010", "SH020"]),
    ("id-in", "Shot", ["id", "in", [1, 3]], ["SH010", "SH030"]),
    ("id-greater_than", "Shot", ["id", "greater_than", 1], ["SH020", "SH030"]),
    ("status-is", "Shot", ["sg_status_list", "is", "ip"], ["SH010"]),
    ("status-in", "Shot", ["sg_status_list", "in", ["ip", "fin"]], ["SH010", "SH020"]),
    ("status-not_in", "Shot", ["sg_status_list", "not_in", ["ip"]], ["SH020", "SH030"]),
    ("list-is", "Shot", ["sg_shot_type", "is", "Hero"], ["SH010"]),
    ("tags-is", "Shot", ["tag_list", "is", "fx"], ["SH010", "SH020"]),
    ("tags-is_not", "Shot", ["tag_list", "is_not", "hero"], ["SH020", "SH030"]),
    ("tags-name_contains", "Shot", ["tag_list", "name_contains", "her"], ["SH010"]),
    ("multi-is", "Shot", ["assets", "is", _link("Asset", 1)], ["SH010"]),
    (
        "multi-is_not",
        "Shot",
        ["assets", "is_not", _link("Asset", 1)],
        ["SH020", "SH030"],
    ),
    (
        "multi-in-two",
        "Shot",
        ["assets", "in", [_link("Asset", 1), _link("Asset", 2)]],
        ["SH010", "SH020"],
    ),
    ("multi-not_in", "Shot", ["assets", "not_in", [_link("Asset", 2)]], ["SH030"]),
    ("multi-is-none", "Shot", ["assets", "is", None], ["SH030"]),
    ("multi-type_is", "Shot", ["assets", "type_is", "Asset"], ["SH010", "SH020"]),
    (
        "multi-name_contains",
        "Shot",
        ["assets", "name_contains", "tab"],
        ["SH010", "SH020"],
    ),
    (
        "multi-name_not_contains",
        "Shot",
        ["assets", "name_not_contains", "chair"],
        ["SH020", "SH030"],
    ),
    (
        "entity-name_contains",
        "Shot",
        ["project", "name_contains", "alp"],
        ["SH010", "SH020"],
    ),
    ("entity-name_is", "Shot", ["project", "name_is", "Old"], ["SH030"]),
    (
        "entity-name_starts_with",
        "Shot",
        ["project", "name_starts_with", "O"],
        ["SH030"],
    ),
    ("entity-type_is_not", "Shot", ["project", "type_is_not", "Project"], []),
    (
        "entity-is_not",
        "Shot",
        ["sg_sequence", "is_not", _link("Sequence", 1)],
        ["SH020", "SH030"],
    ),
    ("entity-not_in", "Shot", ["project", "not_in", [_link("Project", 1)]], ["SH030"]),
    ("entity-is-other-type", "Shot", ["project", "is", _link("Asset", 1)], []),
    ("datetime-in_last-day", "Shot", ["created_at", "in_last", 1, "DAY"], ["SH010"]),
    (
        "datetime-in_last-week",
        "Shot",
        ["created_at", "in_last", 1, "WEEK"],
        ["SH010", "SH020"],
    ),
    (
        "datetime-not_in_last",
        "Shot",
        ["created_at", "not_in_last", 7, "DAY"],
        ["SH030"],
    ),
    (
        "datetime-in_last-month",
        "Shot",
        ["created_at", "in_last", 1, "MONTH"],
        ["SH010", "SH020"],
    ),
    ("datetime-in_next", "Shot", ["created_at", "in_next", 1, "YEAR"], []),
    (
        "datetime-greater_than",
        "Shot",
        ["created_at", "greater_than", NOW - datetime.timedelta(days=1)],
        ["SH010"],
    ),
    ("date-is", "Task", ["start_date", "is", TODAY], ["Anim"]),
    ("date-less_than", "Task", ["start_date", "less_than", TODAY], ["Comp"]),
    ("date-in_next", "Task", ["due_date", "in_next", 7, "DAY"], ["Anim"]),
    ("date-is-none", "Task", ["due_date", "is", None], ["Comp"]),
    ("date-in_calendar_day", "Task", ["start_date", "in_calendar_day", 0], ["Anim"]),
    (
        "date-in_calendar_day-past",
        "Task",
        ["start_date", "in_calendar_day", -10],
        ["Comp"],
    ),
    ("date-in_calendar_week", "Task", ["start_date", "in_calendar_week", 0], ["Anim"]),
    ("checkbox-is-true", "Task", ["milestone", "is", True], ["Anim"]),
    ("checkbox-is-false", "Task", ["milestone", "is", False], ["Comp"]),
    ("duration-greater_than", "Task", ["est_in_mins", "greater_than", 200], ["Comp"]),
    (
        "float-greater_than",
        "Version",
        ["sg_frames_aspect_ratio", "greater_than", 2],
        ["v2"],
    ),
    ("float-between", "Version", ["sg_frames_aspect_ratio", "between", 1.5, 2], ["v1"]),
    ("float-is-none", "Version", ["sg_frames_aspect_ratio", "is", None], ["v3"]),
    ("checkbox-is_not-true", "Version", ["flagged", "is_not", True], ["v2", "v3"]),
    ("entity_type-is", "Step", ["entity_type", "is", "Asset"], ["Model"]),
    ("entity_type-in", "Step", ["entity_type", "in", ["Shot"]], ["Anim"]),
    (
        "deep-status",
        "Version",
        ["entity.Shot.sg_status_list", "is", "ip"],
        ["v1", "v2"],
    ),
    (
        "deep-two-hops",
        "Task",
        ["entity.Shot.sg_sequence.Sequence.code", "is", "SQ1"],
        ["Anim"],
    ),
    (
        "deep-through-multi",
        "Version",
        ["entity.Shot.assets.Asset.code", "is", "chair"],
        ["v1", "v2"],
    ),
    (
        "deep-link-name",
        "Version",
        ["entity.Shot.project", "name_is", "Alpha"],
        ["v1", "v2", "v3"],
    ),
    (
        "deep-is_not-keeps-unlinked",
        "Task",
        ["entity.Shot.sg_cut_in", "is_not", 1001],
        ["Comp"],
    ),
]


@pytest.mark.parametrize(
    ("entity_type", "condition", "expected"),
    [case[1:] for case in RELATIONS],
    ids=[case[0] for case in RELATIONS],
)
def test_relation_matches_the_expected_entities(
    catalog, entity_type, condition, expected
):
    _, client = catalog

    assert _names(client, entity_type, [condition]) == expected


@pytest.mark.parametrize(
    ("relation", "offset", "expected"),
    [
        ("in_calendar_month", 0, ["month-start"]),
        ("in_calendar_month", -1, ["previous-month-end"]),
        ("in_calendar_year", 0, ["month-start", "year-start"]),
        ("in_calendar_year", -1, ["previous-year-end"]),
    ],
    ids=["this-month", "last-month", "this-year", "last-year"],
)
def test_calendar_relations_follow_month_and_year_boundaries(
    catalog, relation, offset, expected
):
    _, client = catalog
    filters = [["start_date", relation, offset]]

    found = _names(client, "Phase", filters)

    if relation == "in_calendar_year" and offset == 0:
        this_year = {"previous-month-end"} if TODAY.month > 1 else set()
        expected = sorted({*expected, *this_year})
    if relation == "in_calendar_month" and offset == 0 and TODAY.month == 1:
        expected = ["month-start", "year-start"]
    if relation == "in_calendar_month" and offset == -1 and TODAY.month == 1:
        expected = ["previous-month-end", "previous-year-end"]
    assert found == expected


def test_links_carry_the_display_name_each_type_uses(catalog):
    _, client = catalog
    task = client.find_one("Task", [["id", "is", 1]], ["entity", "step", "project"])
    version = client.find_one("Version", [["id", "is", 1]], ["entity"])

    assert task["entity"] == {"type": "Shot", "id": 1, "name": "SH010"}
    assert task["step"] == {"type": "Step", "id": 1, "name": "Anim"}
    assert version["entity"]["name"] == "SH010"
    shot = client.find_one("Shot", [["id", "is", 1]], ["project"])
    assert shot["project"] == {"type": "Project", "id": 1, "name": "Alpha"}


def test_deep_return_fields_follow_links_and_give_none_for_other_types(catalog):
    _, client = catalog
    fields = ["entity.Shot.sg_sequence.Sequence.code", "entity.Asset.code"]

    found = client.find("Version", [], fields, order=[{"field_name": "code"}])

    assert [v["entity.Shot.sg_sequence.Sequence.code"] for v in found] == [
        "SQ1",
        "SQ1",
        None,
    ]
    assert [v["entity.Asset.code"] for v in found] == [None, None, None]


def test_multi_entity_fields_come_back_in_order_with_names(catalog):
    _, client = catalog

    shot = client.find_one("Shot", [["id", "is", 1]], ["assets"])

    assert shot["assets"] == [
        {"type": "Asset", "id": 1, "name": "chair"},
        {"type": "Asset", "id": 2, "name": "table"},
    ]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ([{"field_name": "code", "direction": "desc"}], ["v3", "v2", "v1"]),
        ([{"field_name": "created_at", "direction": "asc"}], ["v3", "v2", "v1"]),
        (
            [
                {"field_name": "entity.Shot.code", "direction": "desc"},
                {"field_name": "code", "direction": "asc"},
            ],
            ["v3", "v1", "v2"],
        ),
        (
            [
                {"field_name": "entity", "direction": "desc"},
                {"field_name": "code", "direction": "desc"},
            ],
            ["v3", "v2", "v1"],
        ),
    ],
    ids=["text-desc", "date-asc", "deep-then-text", "link-by-name"],
)
def test_sorts_order_the_results(catalog, order, expected):
    _, client = catalog

    found = client.find("Version", [], ["code"], order=order)

    assert [v["code"] for v in found] == expected


def test_datetimes_come_back_as_the_same_instant(catalog):
    _, client = catalog

    shot = client.find_one("Shot", [["id", "is", 1]], ["created_at"])

    assert shot["created_at"].astimezone(UTC) == NOW - datetime.timedelta(hours=2)


def test_dates_come_back_as_iso_strings(catalog):
    _, client = catalog

    task = client.find_one("Task", [["id", "is", 1]], ["start_date", "due_date"])

    assert task["start_date"] == TODAY.isoformat()


def test_archived_projects_are_left_out_only_when_asked(catalog):
    _, client = catalog

    everything = _names(client, "Shot", [])
    active = _names(client, "Shot", [], include_archived_projects=False)

    assert everything == ["SH010", "SH020", "SH030"]
    assert active == ["SH010", "SH020"]


def test_latest_preset_keeps_the_newest_version_per_entity(catalog):
    _, client = catalog
    preset = [{"preset_name": "LATEST", "latest_by": "ENTITIES_CREATED_AT"}]

    found = _names(client, "Version", [], additional_filter_presets=preset)

    assert found == ["v1", "v3"]


def test_unknown_filter_names_fail_with_the_name(catalog):
    _, client = catalog

    with pytest.raises(shotgun_api3.Fault, match="sg_nope"):
        client.find("Shot", [["sg_nope", "is", 1]])
    with pytest.raises(shotgun_api3.Fault, match="'is_about'"):
        client.find("Shot", [["code", "is_about", "x"]])
    with pytest.raises(shotgun_api3.Fault, match="Shoot"):
        client.find("Shoot", [])
    with pytest.raises(shotgun_api3.Fault, match="'abc'"):
        client.find("Shot", [["sg_cut_in", "is", "abc"]])


def test_summarize_counts_and_groups_by_link(catalog):
    _, client = catalog

    result = client.summarize(
        "Version",
        [],
        [{"field": "id", "type": "count"}, {"field": "created_at", "type": "latest"}],
        grouping=[{"field": "entity", "type": "exact", "direction": "asc"}],
    )

    assert result["summaries"]["id"] == 3
    groups = {
        group["group_name"]: group["summaries"]["id"] for group in result["groups"]
    }
    assert groups == {"SH010": 2, "SH020": 1}
    first = result["groups"][0]["group_value"]
    assert first == {"type": "Shot", "id": 1, "name": "SH010"}


def test_summarize_nests_groups(catalog):
    _, client = catalog

    result = client.summarize(
        "Shot",
        [["project", "is", _link("Project", 1)]],
        [{"field": "sg_cut_in", "type": "sum"}],
        grouping=[
            {"field": "project", "type": "exact"},
            {"field": "sg_status_list", "type": "exact", "direction": "desc"},
        ],
    )

    (alpha,) = result["groups"]
    assert alpha["summaries"] == {"sg_cut_in": 2051}
    assert [
        (g["group_value"], g["summaries"]["sg_cut_in"]) for g in alpha["groups"]
    ] == [
        ("ip", 1001),
        ("fin", 1050),
    ]


def test_text_search_finds_names_holding_every_word(catalog):
    _, client = catalog

    result = client.text_search("SH0", {"Shot": [["sg_status_list", "is", "ip"]]})

    assert [(m["type"], m["id"], m["name"]) for m in result["matches"]] == [
        ("Shot", 1, "SH010")
    ]
    assert result["matches"][0]["project_id"] == 1


def test_retired_entities_are_read_only_when_asked(site, sg):
    keep = sg.create("Shot", {"code": "SH010"})
    gone = sg.create("Shot", {"code": "SH020"})
    sg.delete("Shot", gone["id"])

    assert [s["id"] for s in sg.find("Shot", [])] == [keep["id"]]
    assert [s["id"] for s in sg.find("Shot", [], retired_only=True)] == [gone["id"]]


def test_sorting_by_a_link_orders_by_the_linked_display_name(sg):
    late = sg.create("Shot", {"code": "B-shot"})
    early = sg.create("Shot", {"code": "A-shot"})
    asset = sg.create("Asset", {"code": "C-asset"})
    for code, entity in (("v1", late), ("v2", asset), ("v3", early)):
        sg.create("Version", {"code": code, "entity": entity})

    found = sg.find("Version", [], ["code"], order=[{"field_name": "entity"}])

    assert [version["code"] for version in found] == ["v3", "v1", "v2"]


def test_return_fields_the_schema_lacks_come_back_empty(catalog):
    _, client = catalog

    shot = client.find_one("Shot", [["id", "is", 1]], ["code", "sg_nope", "sg_x.Y.z"])

    assert shot == {
        "type": "Shot",
        "id": 1,
        "code": "SH010",
        "sg_nope": None,
        "sg_x.Y.z": None,
    }


@pytest.mark.parametrize(
    ("summaries", "grouping", "message"),
    [
        ([{"field": "assets", "type": "count"}], None, "multi_entity field"),
        ([{"field": "id", "type": "median"}], None, "'median'"),
        (
            [{"field": "id", "type": "count"}],
            [{"field": "code", "type": "day"}],
            "'day'",
        ),
    ],
    ids=["multi-entity", "unknown-summary", "date-grouping-on-text"],
)
def test_summarize_refuses_what_it_cannot_answer(catalog, summaries, grouping, message):
    _, client = catalog

    with pytest.raises(shotgun_api3.Fault, match=message):
        client.summarize("Shot", [], summaries, grouping=grouping)


@pytest.mark.parametrize(
    ("grouping", "expected"),
    [
        ({"field": "code", "type": "firstletter"}, [("S", 3)]),
        ({"field": "sg_cut_in", "type": "hundreds"}, [(None, 1), (1000, 2)]),
        (
            {"field": "sg_cut_in", "type": "exact", "direction": "desc"},
            [(1050, 1), (1001, 1), (None, 1)],
        ),
        ({"field": "sg_sequence", "type": "entitytype"}, [(None, 2), ("Sequence", 1)]),
    ],
    ids=["firstletter", "hundreds", "exact-desc", "entitytype"],
)
def test_summarize_groups_by_each_grouping_type(catalog, grouping, expected):
    _, client = catalog

    result = client.summarize(
        "Shot", [], [{"field": "id", "type": "record_count"}], grouping=[grouping]
    )

    assert [
        (g["group_value"], g["summaries"]["id"]) for g in result["groups"]
    ] == expected
