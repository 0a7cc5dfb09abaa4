"""The exception tree: every error crosses a pickle (a process pool) intact."""

import pickle

import pytest

from sgsession import (
    Entity,
    EntityNotFound,
    InvalidEntity,
    NoConnection,
    SessionClosed,
    SessionError,
    SiteNotConfigured,
    UnknownEntityType,
    UnknownField,
)

ERRORS = [
    pytest.param(SessionError("plain message"), id="SessionError"),
    pytest.param(SessionClosed("pool"), id="SessionClosed"),
    pytest.param(NoConnection("find"), id="NoConnection"),
    pytest.param(
        SiteNotConfigured("studio", ["sites.toml", "SGSESSION_URL"]),
        id="SiteNotConfigured",
    ),
    pytest.param(
        UnknownField("Shot", "cod", "Shot has no field 'cod'"), id="UnknownField"
    ),
    pytest.param(UnknownEntityType("Shoot"), id="UnknownEntityType"),
    pytest.param(
        EntityNotFound("get", [Entity("Shot", 1), Entity("Shot", 2)]),
        id="EntityNotFound",
    ),
    pytest.param(InvalidEntity({"type": "Shot"}, "no id"), id="InvalidEntity"),
]


@pytest.mark.parametrize("error", ERRORS)
def test_error_survives_pickle_with_message_and_attributes(error):
    copied = pickle.loads(pickle.dumps(error))

    assert type(copied) is type(error)
    assert str(copied) == str(error)
    assert copied.args == error.args
    assert vars(copied) == vars(error)


def test_every_public_error_is_covered_by_the_pickle_test():
    import sgsession

    covered = {param.values[0].__class__ for param in ERRORS}
    public = {
        value
        for value in vars(sgsession).values()
        if isinstance(value, type) and issubclass(value, SessionError)
    }
    assert public == covered


def test_entity_not_found_names_ten_entities_and_counts_the_rest():
    entities = [Entity("Version", entity_id) for entity_id in range(1, 10001)]

    error = EntityNotFound("get", entities)

    assert str(error) == (
        "get could not find Version 1, Version 2, Version 3, Version 4, Version 5, "
        "Version 6, Version 7, Version 8, Version 9, Version 10 ... and 9990 more "
        "on the site: retired or never existed; drop them, or call filter_exists() "
        "first"
    )
    assert error.entities == entities
