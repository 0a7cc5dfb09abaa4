"""Writes through the real client, and the store's bulk insert for seed data."""

import datetime
import urllib.request

import pytest
import shotgun_api3

from sglocal import RequestError

UTC = datetime.timezone.utc


def test_create_stamps_dates_and_the_script_user(sg, project):
    before = datetime.datetime.now(UTC).replace(microsecond=0)

    shot = sg.create(
        "Shot",
        {"code": "SH010", "project": project},
        ["created_at", "updated_at", "created_by", "sg_status_list"],
    )

    assert shot["type"] == "Shot"
    assert shot["project"] == {"type": "Project", "id": project["id"], "name": "Alpha"}
    assert shot["created_at"] == shot["updated_at"]
    assert shot["created_at"].astimezone(UTC) >= before
    assert shot["created_by"] == {"type": "ApiUser", "id": 1, "name": "sglocal"}
    assert shot["sg_status_list"] is None


def test_created_datetimes_are_stored_as_utc(sg):
    moment = datetime.datetime(2024, 3, 1, 12, 30, tzinfo=UTC)

    note = sg.create("Version", {"code": "v1", "media_center_import_time": moment})
    found = sg.find_one(
        "Version", [["id", "is", note["id"]]], ["media_center_import_time"]
    )

    assert found["media_center_import_time"].astimezone(UTC) == moment
    assert sg.find(
        "Version", [["media_center_import_time", "is", moment]], ["code"]
    ) == [{"type": "Version", "id": note["id"], "code": "v1"}]


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [
        ("set", ["a3", "a1"], ["a3", "a1"]),
        ("add", ["a3", "a1"], ["a1", "a2", "a3"]),
        ("remove", ["a2"], ["a1"]),
        ("remove", ["a3"], ["a1", "a2"]),
    ],
    ids=[
        "set-replaces-in-order",
        "add-skips-duplicates",
        "remove-one",
        "remove-absent",
    ],
)
def test_multi_entity_update_modes(sg, mode, value, expected):
    assets = {code: sg.create("Asset", {"code": code}) for code in ("a1", "a2", "a3")}
    shot = sg.create("Shot", {"code": "SH010", "assets": [assets["a1"], assets["a2"]]})

    updated = sg.update(
        "Shot",
        shot["id"],
        {"assets": [assets[code] for code in value]},
        multi_entity_update_modes={"assets": mode},
    )

    assert [link["name"] for link in updated["assets"]] == expected


def test_filtering_on_a_link_never_changes_the_stored_link(sg, project):
    shot = sg.create("Shot", {"code": "SH010", "project": project})
    alias = {"type": "Project", "id": project["id"], "name": "not the name"}

    sg.find("Shot", [["project", "is", alias]])
    found = sg.find_one("Shot", [["id", "is", shot["id"]]], ["project"])

    assert found["project"]["name"] == "Alpha"


def test_found_entities_are_copies(sg):
    shot = sg.create("Shot", {"code": "SH010"})
    first = sg.find_one("Shot", [["id", "is", shot["id"]]], ["code"])
    first["code"] = "changed"

    assert sg.find_one("Shot", [["id", "is", shot["id"]]], ["code"])["code"] == "SH010"


def test_delete_and_revive_report_whether_anything_changed(sg):
    shot = sg.create("Shot", {"code": "SH010"})

    assert sg.delete("Shot", shot["id"]) is True
    assert sg.delete("Shot", shot["id"]) is False
    assert sg.revive("Shot", shot["id"]) is True
    assert sg.revive("Shot", shot["id"]) is False
    with pytest.raises(shotgun_api3.Fault, match="Shot 999"):
        sg.delete("Shot", 999)


def test_links_to_retired_entities_read_as_empty(sg):
    sequence = sg.create("Sequence", {"code": "SQ1"})
    shot = sg.create("Shot", {"code": "SH010", "sg_sequence": sequence})
    sg.delete("Sequence", sequence["id"])

    found = sg.find_one("Shot", [["id", "is", shot["id"]]], ["sg_sequence"])

    assert found["sg_sequence"] is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sg_nope": 1}, "unknown field 'sg_nope' on Shot"),
        ({"sg_cut_in": "ten"}, "Shot.sg_cut_in"),
        ({"sg_sequence": {"type": "Asset", "id": 1}}, "links only to Sequence"),
        ({"sg_sequence": {"type": "Sequence", "id": 77}}, "no active Sequence"),
        ({"assets": {"type": "Asset", "id": 1}}, "a list of"),
        ({"created_at": "yesterday"}, "YYYY-MM-DDTHH:MM:SSZ"),
        (
            {"sg_status_list": "bogus"},
            "Shot.sg_status_list to 'bogus': it is not one of the field's valid values",
        ),
        ({"sg_status_list": "IP"}, "valid values"),
    ],
    ids=[
        "unknown-field",
        "bad-number",
        "wrong-link-type",
        "missing-link",
        "not-a-list",
        "bad-datetime",
        "status-not-offered",
        "status-in-other-case",
    ],
)
def test_bad_values_are_refused_with_the_field_named(sg, data, message):
    with pytest.raises(shotgun_api3.Fault, match=message):
        sg.create("Shot", {"code": "SH010", **data})

    assert sg.find("Shot", []) == []


def test_a_refused_status_leaves_the_stored_one_and_filters_match_nothing(sg):
    shot = sg.create("Shot", {"code": "SH010", "sg_status_list": "ip"})

    with pytest.raises(
        shotgun_api3.Fault, match=r"valid values \(cbb, fin, ip, omt, hld, rdy, wtg\)"
    ):
        sg.update("Shot", shot["id"], {"code": "SH011", "sg_status_list": "bogus"})

    assert sg.find("Shot", [], ["code", "sg_status_list"]) == [
        {"type": "Shot", "id": shot["id"], "code": "SH010", "sg_status_list": "ip"}
    ]
    assert sg.find("Shot", [["sg_status_list", "is", "bogus"]]) == []


def test_update_of_a_missing_entity_names_it(sg):
    with pytest.raises(shotgun_api3.Fault, match="Shot 42"):
        sg.update("Shot", 42, {"code": "SH042"})


def test_batch_returns_each_result_in_order(sg):
    shot = sg.create("Shot", {"code": "SH010"})

    results = sg.batch(
        [
            {
                "request_type": "create",
                "entity_type": "Shot",
                "data": {"code": "SH020"},
            },
            {
                "request_type": "update",
                "entity_type": "Shot",
                "entity_id": shot["id"],
                "data": {"code": "SH011"},
            },
            {"request_type": "delete", "entity_type": "Shot", "entity_id": shot["id"]},
        ]
    )

    assert results[0]["code"] == "SH020"
    assert results[1] == {"type": "Shot", "id": shot["id"], "code": "SH011"}
    assert results[2] is True
    assert [s["code"] for s in sg.find("Shot", [], ["code"])] == ["SH020"]


def test_insert_rows_keeps_explicit_ids_and_links(site, sg):
    store = site.store

    store.insert_rows("Sequence", [{"id": 7, "code": "SQ7"}])
    ids = store.insert_rows(
        "Shot",
        [
            {"id": 10, "code": "SH010", "sg_sequence": {"type": "Sequence", "id": 7}},
            {"code": "SH011", "created_at": "2024-01-02T03:04:05Z"},
            {"code": "SH012", "assets": [{"type": "Asset", "id": 3}]},
        ],
    )
    store.insert_rows("Asset", [{"id": 3, "code": "chair"}])

    assert ids == [10, 11, 12]
    found = sg.find("Shot", [], ["code", "sg_sequence", "assets"])
    assert found[0]["sg_sequence"] == {"type": "Sequence", "id": 7, "name": "SQ7"}
    assert found[2]["assets"] == [{"type": "Asset", "id": 3, "name": "chair"}]
    assert sg.create("Shot", {"code": "SH013"})["id"] == 13


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"sg_nope": 1}, "sg_nope"),
        ({"id": "7"}, "ids are integers"),
        ({"sg_sequence": {"type": "Asset", "id": 1}}, "links only to Sequence"),
        ({"sg_status_list": "bogus"}, "valid values"),
    ],
    ids=["unknown-field", "text-id", "wrong-link-type", "status-not-offered"],
)
def test_insert_rows_checks_rows_against_the_schema(site, row, message):
    with pytest.raises(RequestError, match=message):
        site.store.insert_rows("Shot", [{"code": "SH001"}, row])

    assert site.store.count(site.store.query("Shot")) == 0


# shotgun_api3's upload opens the image file and leaves it to the garbage collector.
@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")
def test_thumbnails_become_urls_the_site_serves(site, sg, tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
    shot = sg.create("Shot", {"code": "SH010"})
    path = tmp_path / "thumb.png"
    path.write_bytes(png)

    attachment = sg.upload_thumbnail("Shot", shot["id"], str(path))
    url = sg.find_one("Shot", [["id", "is", shot["id"]]], ["image"])["image"]

    assert isinstance(attachment, int)
    assert url.startswith(f"{site.url}/files/thumbnails/")
    with urllib.request.urlopen(url, timeout=5) as reply:
        assert reply.read() == png


def test_put_thumbnail_stores_one_file_for_identical_images(site, sg):
    png = b"\x89PNG\r\n\x1a\n" + b"same"
    site.store.insert_rows("Shot", [{"code": "SH010"}, {"code": "SH020"}])

    keys = {site.store.put_thumbnail("Shot", shot_id, png) for shot_id in (1, 2)}

    assert len(keys) == 1
    images = {s["image"].split("?")[0] for s in sg.find("Shot", [], ["image"])}
    assert images == {f"{site.url}/files/{keys.pop()}"}


# shotgun_api3's upload opens the file and leaves it to the garbage collector.
@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")
def test_uploaded_files_become_attachments_the_client_downloads(site, sg, tmp_path):
    movie = tmp_path / "v001.mov"
    movie.write_bytes(b"not really a movie" * 100)
    version = sg.create("Version", {"code": "v001"})

    attachment_id = sg.upload(
        "Version", version["id"], str(movie), field_name="sg_uploaded_movie"
    )
    found = sg.find_one("Version", [["id", "is", version["id"]]], ["sg_uploaded_movie"])
    attachment = sg.find_one(
        "Attachment", [["id", "is", attachment_id]], ["attachment_links", "filename"]
    )

    link = found["sg_uploaded_movie"]
    assert link["type"] == "Attachment"
    assert link["id"] == attachment_id
    assert link["name"] == "v001.mov"
    assert link["url"].startswith(
        f"{site.url}/file_serve/attachment/{attachment_id}?expires="
    )
    assert attachment["filename"] == "v001.mov"
    assert [entity["id"] for entity in attachment["attachment_links"]] == [
        version["id"]
    ]
    assert sg.download_attachment(link) == movie.read_bytes()
    with pytest.raises(shotgun_api3.ShotgunFileDownloadError, match="403"):
        sg.download_attachment(attachment_id)


# shotgun_api3's upload opens the file and leaves it to the garbage collector.
@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")
def test_a_retired_attachment_is_no_longer_served(sg, tmp_path):
    movie = tmp_path / "v001.mov"
    movie.write_bytes(b"frames")
    version = sg.create("Version", {"code": "v001"})
    sg.upload("Version", version["id"], str(movie), field_name="sg_uploaded_movie")
    link = sg.find_one("Version", [], ["sg_uploaded_movie"])["sg_uploaded_movie"]

    sg.delete("Attachment", link["id"])

    with pytest.raises(shotgun_api3.ShotgunFileDownloadError, match="404"):
        sg.download_attachment(link)
    sg.revive("Attachment", link["id"])
    assert sg.download_attachment(link) == b"frames"


def test_insert_rows_stamps_rows_that_carry_no_dates(site, sg):
    given = "2024-01-02T03:04:05Z"
    site.store.insert_rows(
        "Shot", [{"code": "SH010"}, {"code": "SH020", "created_at": given}]
    )

    found = sg.find("Shot", [], ["created_at", "updated_at"])

    assert found[0]["created_at"] is not None
    assert found[0]["updated_at"] == found[0]["created_at"]
    assert (
        found[1]["created_at"].astimezone(UTC).isoformat()
        == "2024-01-02T03:04:05+00:00"
    )
