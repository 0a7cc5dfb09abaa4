"""The cases the local site must answer like a real site, through the real client."""

import pytest
import shotgun_api3

from sglocal import LocalSite


def _codes(entities):
    return sorted(entity["code"] for entity in entities)


def test_deep_field_filter_matches_only_entities_linked_through_that_type(sg, project):
    shot = sg.create("Shot", {"code": "SH010", "project": project})
    chair = sg.create("Asset", {"code": "chair", "project": project})
    first = sg.create("Version", {"code": "v1", "entity": shot, "project": project})
    sg.create("Version", {"code": "v2", "entity": chair, "project": project})

    found = sg.find("Version", [["entity.Shot.code", "is", "SH010"]], ["code"])

    assert found == [{"type": "Version", "id": first["id"], "code": "v1"}]


@pytest.fixture
def sequenced_shots(sg, project):
    sq1 = sg.create("Sequence", {"code": "SQ1", "project": project})
    sq2 = sg.create("Sequence", {"code": "SQ2", "project": project})
    sg.create("Shot", {"code": "SH010", "sg_sequence": sq1, "project": project})
    sg.create("Shot", {"code": "SH020", "sg_sequence": None, "project": project})
    return sq1, sq2


@pytest.mark.parametrize(
    ("relation", "value", "expected"),
    [
        ("is", None, ["SH020"]),
        ("is_not", None, ["SH010"]),
        ("type_is", "Sequence", ["SH010"]),
        ("in", "both sequences", ["SH010"]),
    ],
    ids=["is-none", "is_not-none", "type_is", "in-two"],
)
def test_link_relations_pick_the_right_shots(
    sg, sequenced_shots, relation, value, expected
):
    if value == "both sequences":
        value = list(sequenced_shots)

    found = sg.find("Shot", [["sg_sequence", relation, value]], ["code"])

    assert _codes(found) == expected


def test_removing_two_of_three_multi_entity_links_leaves_the_third(sg, project):
    a1, a2, a3 = (sg.create("Asset", {"code": code}) for code in ("a1", "a2", "a3"))
    shot = sg.create("Shot", {"code": "SH010", "assets": [a1, a2, a3]})

    sg.update(
        "Shot",
        shot["id"],
        {"assets": [a1, a2]},
        multi_entity_update_modes={"assets": "remove"},
    )

    stored = sg.find_one("Shot", [["id", "is", shot["id"]]], ["assets"])
    assert [link["id"] for link in stored["assets"]] == [a3["id"]]


def test_update_returns_a_dict_that_does_not_alias_the_store(sg, project):
    shot = sg.create("Shot", {"code": "SH010", "project": project})

    updated = sg.update("Shot", shot["id"], {"code": "SH011"})
    updated["code"] = "changed"
    updated["project"] = None

    assert isinstance(updated, dict)
    stored = sg.find_one("Shot", [["id", "is", shot["id"]]], ["code", "project"])
    assert stored["code"] == "SH011"
    assert stored["project"]["id"] == project["id"]


@pytest.fixture(scope="module")
def paged_site(site_schema):
    with LocalSite(schema=site_schema, page_size=250) as running:
        rows = [{"code": f"SH{index:04d}"} for index in range(1203)]
        running.store.insert_rows("Shot", rows)
        yield running


@pytest.mark.parametrize(
    ("limit", "expected_rows", "expected_reads"),
    [(0, 1203, 5), (700, 700, 3), (250, 250, 1), (100, 100, 1)],
    ids=["unlimited", "limit-700", "limit-one-page", "limit-under-a-page"],
)
def test_paging_returns_each_row_exactly_once(
    paged_site, limit, expected_rows, expected_reads
):
    client = paged_site.connect()
    paged_site.clear_requests()

    found = client.find(
        "Shot", [], ["code"], order=[{"field_name": "code"}], limit=limit
    )
    client.close()

    reads = [r for r in paged_site.requests if r.method == "read"]
    assert len(found) == expected_rows
    assert len({entity["id"] for entity in found}) == expected_rows
    assert [entity["code"] for entity in found] == [
        f"SH{index:04d}" for index in range(expected_rows)
    ]
    assert len(reads) == expected_reads


def test_a_batch_failing_on_its_third_request_applies_nothing(sg, project):
    shot = sg.create("Shot", {"code": "SH010", "project": project})
    requests = [
        {"request_type": "create", "entity_type": "Shot", "data": {"code": "SH020"}},
        {
            "request_type": "update",
            "entity_type": "Shot",
            "entity_id": shot["id"],
            "data": {"code": "SH011"},
        },
        {"request_type": "create", "entity_type": "Shot", "data": {"sg_nope": "x"}},
    ]

    with pytest.raises(shotgun_api3.Fault, match="sg_nope"):
        sg.batch(requests)

    assert _codes(sg.find("Shot", [], ["code"])) == ["SH010"]


def test_a_wrong_script_key_raises_authentication_fault(site):
    client = site.connect(api_key="not-the-key")

    with pytest.raises(shotgun_api3.AuthenticationFault, match="does not match"):
        client.find("Shot", [])
    client.close()


def test_any_inside_all_inside_any_answers_like_the_tree_says(sg, project):
    for code, status, cut_in in [
        ("SH010", "ip", 1001),
        ("SH020", "ip", 1050),
        ("SH030", "fin", 1001),
        ("SH040", "hld", 900),
        ("SH050", "wtg", 2000),
    ]:
        sg.create("Shot", {"code": code, "sg_status_list": status, "sg_cut_in": cut_in})
    filters = [
        ["code", "is", "SH040"],
        {
            "filter_operator": "all",
            "filters": [
                ["sg_cut_in", "less_than", 1100],
                {
                    "filter_operator": "any",
                    "filters": [
                        ["sg_status_list", "is", "fin"],
                        ["code", "ends_with", "20"],
                    ],
                },
            ],
        },
    ]

    found = sg.find("Shot", filters, ["code"], filter_operator="any")

    assert _codes(found) == ["SH020", "SH030", "SH040"]
