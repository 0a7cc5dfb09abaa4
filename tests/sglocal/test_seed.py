"""The demo recipe, the rows built from it, and a site seeded with them."""

import copy
import re
import urllib.parse
import urllib.request
import zlib

import pytest

from sglocal import LocalSite
from sglocal.errors import RequestError
from sglocal.schema import load_schema
from sglocal.seed import SeedError, build_rows, load_recipe, preset_names, seed
from sglocal.thumbnails import png_size, thumbnail_png


@pytest.fixture(scope="module")
def recipe():
    return load_recipe()


@pytest.fixture(scope="module")
def demo_rows(recipe):
    return build_rows("demo", recipe)


@pytest.fixture(scope="module")
def seeded_site():
    with LocalSite() as site:
        site.seed("small")
        yield site


@pytest.fixture(scope="module")
def seeded_sg(seeded_site):
    client = seeded_site.connect()
    yield client
    client.close()


def _links(value):
    if isinstance(value, dict) and set(value) >= {"type", "id"} and "url" not in value:
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _links(item)


def _path(url):
    return urllib.parse.urlsplit(url).path


def test_the_shipped_recipe_offers_demo_large_and_small():
    assert {"demo", "large", "small"} <= set(preset_names())


def test_the_small_preset_holds_every_entity_type_the_demo_holds(recipe, demo_rows):
    small = build_rows("small", recipe)
    assert list(small) == list(demo_rows)
    assert sum(map(len, small.values())) < sum(map(len, demo_rows.values())) / 10


def test_building_a_preset_twice_gives_the_same_rows(recipe, demo_rows):
    assert build_rows("demo", recipe) == demo_rows


@pytest.mark.parametrize(
    ("entity_type", "fewest", "most"),
    [
        ("Project", 2, 3),
        ("Shot", 900, 1100),
        ("Asset", 250, 350),
        ("Task", 8000, 12000),
        ("Version", 15000, 25000),
        ("PublishedFile", 5000, 30000),
        ("HumanUser", 20, 100),
    ],
    ids=lambda value: str(value),
)
def test_demo_preset_has_the_size_of_a_believable_production(
    demo_rows, entity_type, fewest, most
):
    assert fewest <= len(demo_rows[entity_type]) <= most


def test_demo_counts_follow_the_recipe(recipe, demo_rows):
    projects = recipe["projects"]
    assets = sum(sum(spec["assets"].values()) for spec in projects)

    assert len(demo_rows["Project"]) == len(projects)
    assert len(demo_rows["Sequence"]) == sum(spec["sequences"] for spec in projects)
    assert len(demo_rows["Asset"]) == assets
    assert len(demo_rows["Step"]) == len(recipe["steps"])
    assert len(demo_rows["Status"]) == len(recipe["statuses"])
    assert len(demo_rows["HumanUser"]) == recipe["people"]["count"]
    for sequence in demo_rows["Sequence"]:
        spec = projects[sequence["project"]["id"] - 1]
        fewest, most = spec["shots_per_sequence"]
        assert fewest <= len(sequence["shots"]) <= most


def test_ids_count_up_from_one_per_entity_type(demo_rows):
    for rows in demo_rows.values():
        assert [row["id"] for row in rows] == list(range(1, len(rows) + 1))


def test_every_field_is_in_the_default_schema_and_every_link_resolves(demo_rows):
    schema = load_schema()
    ids = {entity_type: len(rows) for entity_type, rows in demo_rows.items()}
    problems = []
    for entity_type, rows in demo_rows.items():
        for row in rows:
            for name, value in row.items():
                if name == "type":
                    continue
                field = schema.field(entity_type, name)
                for link in _links(value):
                    if link["type"] not in field.valid_types:
                        problems.append((entity_type, row["id"], name, link))
                    elif not 1 <= link["id"] <= ids.get(link["type"], 0):
                        problems.append((entity_type, row["id"], name, link))
    assert problems == []


def test_every_list_and_status_value_is_one_the_schema_allows(demo_rows):
    schema = load_schema()
    statuses = {row["code"] for row in demo_rows["Status"]}
    problems = []
    for entity_type, rows in demo_rows.items():
        for name, field in schema.fields(entity_type).items():
            if field.data_type not in ("list", "status_list"):
                continue
            for row in rows:
                value = row.get(name)
                if value is not None and value not in field.valid_values:
                    problems.append((entity_type, row["id"], name, value))
                if field.data_type == "status_list" and value not in (None, *statuses):
                    problems.append((entity_type, row["id"], name, value))
    assert problems == []


@pytest.mark.parametrize(
    ("entity_type", "field", "back_types", "back_field"),
    [
        ("Shot", "sg_sequence", ["Sequence"], "shots"),
        ("Shot", "assets", ["Asset"], "shots"),
        ("Task", "entity", ["Sequence", "Shot", "Asset"], "tasks"),
        ("PublishedFile", "version", ["Version"], "published_files"),
        ("Playlist", "versions", ["Version"], "playlists"),
        ("Reply", "entity", ["Note"], "replies"),
        ("HumanUser", "groups", ["Group"], "users"),
        ("Task", "upstream_tasks", ["Task"], "downstream_tasks"),
    ],
    ids=lambda value: str(value),
)
def test_both_sides_of_a_link_agree(
    demo_rows, entity_type, field, back_types, back_field
):
    forward, backward = set(), set()
    for row in demo_rows[entity_type]:
        for link in _links(row[field]):
            forward.add((row["id"], link["type"], link["id"]))
    for other_type in back_types:
        for row in demo_rows[other_type]:
            for link in _links(row.get(back_field)):
                if link["type"] == entity_type:
                    backward.add((link["id"], other_type, row["id"]))
    assert forward
    assert forward == backward


def test_version_paths_follow_the_recipe_templates(recipe, demo_rows):
    rows = demo_rows
    for version in rows["Version"]:
        entity = rows[version["entity"]["type"]][version["entity"]["id"] - 1]
        task = rows["Task"][version["sg_task"]["id"] - 1]
        step = rows["Step"][task["step"]["id"] - 1]
        project = rows["Project"][version["project"]["id"] - 1]
        sequence = ""
        if entity["type"] == "Shot":
            sequence = rows["Sequence"][entity["sg_sequence"]["id"] - 1]["code"]
        number = int(version["code"].rsplit("_v", 1)[1])
        keys = {
            "project": project["tank_name"],
            "sequence": sequence,
            "entity": entity["code"],
            "asset_type": str(entity.get("sg_asset_type", "")).lower(),
            "step": step["short_name"],
            "task": task["content"],
            "version": number,
        }
        templates = recipe["paths"][entity["type"]]

        assert version["sg_path_to_frames"] == templates["frames"].format(**keys)
        assert version["sg_path_to_movie"] == templates["movie"].format(**keys)
        assert version["sg_path_to_frames"].endswith(f"_v{number:03d}.####.exr")


def test_shot_versions_cover_the_cut_with_handles(demo_rows):
    shots = demo_rows["Shot"]
    for version in demo_rows["Version"]:
        if version["entity"]["type"] != "Shot":
            continue
        shot = shots[version["entity"]["id"] - 1]
        first, last = version["sg_first_frame"], version["sg_last_frame"]
        assert first < shot["sg_cut_in"] <= shot["sg_cut_out"] < last
        assert version["frame_range"] == f"{first}-{last}"
        assert version["frame_count"] == last - first + 1


@pytest.mark.slow
def test_the_large_preset_has_over_100000_rows(recipe):
    rows = build_rows("large", recipe)
    assert sum(len(type_rows) for type_rows in rows.values()) > 100_000


def test_an_unknown_preset_is_refused_with_the_choices():
    with pytest.raises(RequestError, match=r"no such preset; use one of demo, large"):
        build_rows("huge")


def test_an_unreadable_recipe_says_which_file(tmp_path):
    path = tmp_path / "recipe.toml"
    path.write_text("projects = [", encoding="utf-8")
    with pytest.raises(SeedError, match=re.escape(str(path))):
        load_recipe(path)


def test_seeding_a_site_that_holds_rows_changes_nothing(seeded_site, seeded_sg):
    before = len(seeded_sg.find("Shot", [], ["id"]))
    with pytest.raises(SeedError, match="already holds"):
        seeded_site.seed("demo")
    assert len(seeded_sg.find("Shot", [], ["id"])) == before


@pytest.mark.parametrize(
    "size", [(480, 270), (240, 135), (1, 1)], ids=["2x", "1x", "pixel"]
)
def test_thumbnails_are_valid_pngs_of_the_asked_size(size):
    data = thumbnail_png("Shot:7", size)
    width, height = size
    chunks, offset = {}, 8
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        crc = int.from_bytes(data[offset + 8 + length : offset + 12 + length], "big")
        assert zlib.crc32(kind + body) == crc
        chunks[kind] = body
        offset += 12 + length

    assert png_size(data) == size
    assert list(chunks) == [b"IHDR", b"IDAT", b"IEND"]
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + 3 * width)


def test_thumbnails_are_the_same_for_a_key_and_differ_between_keys():
    assert thumbnail_png("Shot:1") == thumbnail_png("Shot:1")
    assert thumbnail_png("Shot:1") != thumbnail_png("Shot:2")


def test_the_seeded_site_serves_each_shot_picture_to_its_versions(
    seeded_site, seeded_sg
):
    sg = seeded_sg
    shot = sg.find_one("Shot", [["code", "is", "010_0010"]], ["image"])
    versions = sg.find("Version", [["entity", "is", shot]], ["image"])
    with urllib.request.urlopen(shot["image"], timeout=10) as reply:
        data = reply.read()

    assert shot["image"].startswith(seeded_site.url)
    assert png_size(data) == (480, 270)
    assert versions
    assert {_path(version["image"]) for version in versions} == {_path(shot["image"])}


def test_a_seed_that_fails_part_way_keeps_no_row(recipe):
    schema = load_schema().to_json()
    task_status = schema["schema"]["Task"]["sg_status_list"]["properties"]
    task_status["valid_values"]["value"] = ["wtg"]

    with LocalSite(schema=schema) as site:
        with pytest.raises(SeedError, match=r"inserting Task rows failed .*'ip'"):
            seed(site.store, "small", recipe)
        kept = {
            entity_type: site.store.count(site.store.query(entity_type))
            for entity_type in ("Project", "Sequence", "Shot", "Task")
        }

    assert kept == {"Project": 0, "Sequence": 0, "Shot": 0, "Task": 0}


def test_a_preset_without_thumbnails_leaves_images_empty(recipe):
    recipe = copy.deepcopy(recipe)
    recipe["presets"]["small"]["thumbnails"] = False
    with LocalSite() as site:
        seed(site.store, "small", recipe)
        sg = site.connect()
        images = {shot["image"] for shot in sg.find("Shot", [], ["image"])}
        sg.close()
    assert images == {None}


def test_the_seeded_site_answers_deep_queries_like_the_rows_say(seeded_sg):
    rows = build_rows("small")
    shots = {row["id"] for row in rows["Shot"] if row["project"]["id"] == 1}
    expected = sorted(
        row["code"]
        for row in rows["Version"]
        if row["entity"]["type"] == "Shot" and row["entity"]["id"] in shots
    )
    found = seeded_sg.find(
        "Version",
        [["entity.Shot.project.Project.name", "is", rows["Project"][0]["name"]]],
        ["code", "sg_task.Task.step.Step.code"],
    )
    assert sorted(version["code"] for version in found) == expected
    assert all(version["sg_task.Task.step.Step.code"] for version in found)
