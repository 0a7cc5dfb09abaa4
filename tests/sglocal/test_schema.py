"""Schemas: the shapes a site loads, the names links show, and a real site's schema."""

import json

import pytest

from sglocal import LocalSite, RequestError, SchemaError, load_schema


def test_a_real_sites_77_types_are_served(site, sg, site_schema):
    document = json.loads(site_schema.read_text(encoding="utf-8"))

    served = sg.schema_read()
    entities = sg.schema_entity_read()

    assert len(served) == 77
    assert served == document["schema"]
    assert entities == document["schema_entity"]
    assert sg.schema_field_read("Shot", "sg_sequence") == {
        "sg_sequence": document["schema"]["Shot"]["sg_sequence"]
    }
    assert set(sg.schema_field_read("Shot")) == set(document["schema"]["Shot"])


def test_every_type_of_a_real_site_can_be_created_and_read(site, sg):
    for entity_type in sorted(sg.schema_entity_read()):
        created = site.store.insert_rows(entity_type, [{}])
        found = sg.find(entity_type, [["id", "is", created[0]]], ["id"])
        assert found == [{"type": entity_type, "id": created[0]}], entity_type


@pytest.mark.parametrize(
    ("shape"),
    ["document", "bare-mapping", "path-as-text"],
)
def test_schemas_load_from_each_accepted_shape(site_schema, shape):
    document = json.loads(site_schema.read_text(encoding="utf-8"))
    source = {
        "document": document,
        "bare-mapping": document["schema"],
        "path-as-text": str(site_schema),
    }[shape]

    schema = load_schema(source)

    assert len(schema.entity_types) == 77
    assert schema.field("Shot", "sg_sequence").valid_types == ("Sequence",)


def test_the_default_schema_holds_the_production_types():
    schema = load_schema(None)

    for entity_type in ("Project", "Sequence", "Shot", "Asset", "Task", "Version"):
        assert schema.has_type(entity_type)


# shotgun_api3's upload opens the file and leaves it to the garbage collector.
@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")
def test_the_default_schema_takes_an_uploaded_movie_a_client_downloads(tmp_path):
    movie = tmp_path / "v001.mov"
    movie.write_bytes(b"frames" * 100)

    with LocalSite() as site:
        client = site.connect()
        version = client.create("Version", {"code": "v001"})
        client.upload("Version", version["id"], str(movie), "sg_uploaded_movie")
        found = client.find_one(
            "Version", [["id", "is", version["id"]]], ["sg_uploaded_movie"]
        )
        downloaded = client.download_attachment(found["sg_uploaded_movie"])
        field = client.schema_field_read("Version", "sg_uploaded_movie")
        client.close()

    assert field["sg_uploaded_movie"]["data_type"]["value"] == "url"
    assert found["sg_uploaded_movie"]["name"] == "v001.mov"
    assert downloaded == movie.read_bytes()


def test_a_site_serves_a_schema_given_as_a_dict():
    schema = {
        "Widget": {
            "code": {"data_type": {"value": "text"}, "properties": {}},
            "size": {"data_type": {"value": "number"}, "properties": {}},
        }
    }

    with LocalSite(schema=schema) as site:
        client = site.connect()
        created = client.create("Widget", {"code": "w1", "size": 3}, ["size"])
        found = client.find("Widget", [["size", "greater_than", 2]], ["code"])
        client.close()

    assert created == {"type": "Widget", "id": 1, "code": "w1", "size": 3}
    assert found == [{"type": "Widget", "id": 1, "code": "w1"}]


@pytest.mark.parametrize(
    ("entity_type", "name_field"),
    [
        ("Task", "content"),
        ("Project", "name"),
        ("HumanUser", "name"),
        ("ApiUser", "firstname"),
        ("Note", "subject"),
        ("Shot", "code"),
        ("Group", "code"),
        ("Booking", None),
    ],
    ids=str,
)
def test_links_name_each_type_by_its_display_field(
    site_schema, entity_type, name_field
):
    assert load_schema(site_schema).name_field(entity_type) == name_field


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ({}, "non-empty mapping"),
        ({"Shot": {"code": {"properties": {}}}}, "Shot.code has no data_type"),
        ({"Shot; DROP": {}}, "not a plain identifier"),
        ({"Shot": {"bad name": {"data_type": {"value": "text"}}}}, "not a plain"),
        ("/no/such/schema.json", "cannot load the site schema from"),
        (42, "from a int"),
    ],
    ids=[
        "empty",
        "no-data-type",
        "bad-type-name",
        "bad-field-name",
        "missing-file",
        "int",
    ],
)
def test_bad_schemas_are_refused_with_what_to_fix(source, message):
    with pytest.raises(SchemaError, match=message):
        load_schema(source)


def test_unknown_names_suggest_close_ones(site_schema):
    schema = load_schema(site_schema)

    with pytest.raises(RequestError, match="did you mean Shot"):
        schema.check_type("Shoot")
    with pytest.raises(RequestError, match="did you mean sg_sequence"):
        schema.field("Shot", "sg_sequense")


def test_a_kept_database_gains_the_fields_a_newer_schema_adds(tmp_path):
    text = {"data_type": {"value": "text"}, "properties": {}}
    number = {"data_type": {"value": "number"}, "properties": {}}
    db = tmp_path / "site.db"
    with LocalSite(db=db, schema={"Widget": {"code": text}}) as site:
        site.store.insert_rows("Widget", [{"code": "w1"}])

    with LocalSite(db=db, schema={"Widget": {"code": text, "size": number}}) as site:
        client = site.connect()
        client.update("Widget", 1, {"size": 4})
        found = client.find("Widget", [["size", "is", 4]], ["code", "size"])
        client.close()

    assert found == [{"type": "Widget", "id": 1, "code": "w1", "size": 4}]
