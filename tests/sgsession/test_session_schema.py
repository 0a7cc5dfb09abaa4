"""Schema: what a real site's schema (77 entity types) tells the session."""

import pytest
from shared_data import REAL_SITE_SCHEMA

from sgsession import Schema, Session, UnknownField


@pytest.fixture(scope="module")
def schema():
    return Schema(REAL_SITE_SCHEMA)


def test_every_type_of_the_real_site_is_known(schema):
    assert len(schema.entity_types) == 77
    assert {"Shot", "Version", "PublishedFile", "TimeLog"} <= set(schema.entity_types)


@pytest.mark.parametrize(
    ("entity_type", "field"),
    [
        ("Task", "content"),
        ("Project", "name"),
        ("HumanUser", "name"),
        ("ApiUser", "firstname"),
        ("Note", "subject"),
        ("Reply", "content"),
        ("Shot", "code"),
        ("PublishedFile", "code"),
    ],
    ids=lambda value: value,
)
def test_name_field_follows_each_type(schema, entity_type, field):
    assert schema.name_field(entity_type) == field


def test_link_types_come_from_the_field_properties(schema):
    assert schema.valid_types("Shot", "sg_sequence") == ["Sequence"]
    assert "Shot" in schema.valid_types("Version", "entity")
    assert schema.valid_types("Shot", "code") == []


def test_deep_fields_are_checked_hop_by_hop(schema):
    schema.check_field("Version", "entity.Shot.sg_sequence.Sequence.code")

    with pytest.raises(UnknownField, match=r"Version\.entity links only to Asset, "):
        schema.check_field("Version", "entity.HumanUser.name")


def test_a_session_on_the_real_schema_refuses_a_field_before_asking(fake):
    session = Session(fake, schema=REAL_SITE_SCHEMA)

    with pytest.raises(UnknownField, match="Shot has no field 'sg_sequnce'"):
        session.find("Shot", [], ["sg_sequnce"])

    assert fake.requests() == []
