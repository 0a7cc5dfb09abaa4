"""Sites for the sglocal tests: a real site's 77-type schema, served on 127.0.0.1."""

import pytest
from shared_data import REAL_SITE_SCHEMA as SITE_SCHEMA

from sglocal import LocalSite


@pytest.fixture(scope="session")
def site_schema():
    """A real site's schema, in the shape ``sglocal dump-schema`` writes."""
    return SITE_SCHEMA


@pytest.fixture
def make_site():
    """Start sites with any options; each is closed when the test ends."""
    sites = []

    def make(**options):
        options.setdefault("schema", SITE_SCHEMA)
        sites.append(LocalSite(**options))
        return sites[-1]

    yield make
    for running in sites:
        running.close()


@pytest.fixture
def site():
    with LocalSite(schema=SITE_SCHEMA) as running:
        yield running


@pytest.fixture
def sg(site):
    client = site.connect()
    yield client
    client.close()


@pytest.fixture
def project(sg):
    return sg.create("Project", {"name": "Alpha"})
