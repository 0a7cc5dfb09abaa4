"""Fixtures for the browser's tests: a fake session, a worker pool, a tree model."""

import pytest
from browser_fakes import FakeSession, demo_rows

from sgbrowser.tree_model import EntityTreeModel
from sgbrowser.workers import WorkerPool


@pytest.fixture
def fake_session():
    return FakeSession(demo_rows())


@pytest.fixture
def pool(qapp):
    pool = WorkerPool(max_threads=4)
    yield pool
    pool.close()


@pytest.fixture
def fake_model(fake_session, pool):
    model = EntityTreeModel(fake_session, pool=pool)
    yield model
    model.close()


@pytest.fixture(scope="session")
def browser_site():
    from browser_site import populate

    from sglocal import LocalSite

    with LocalSite() as site:
        populate(site.store)
        yield site


@pytest.fixture
def site(browser_site):
    browser_site.latency_ms = 0
    browser_site.clear_requests()
    yield browser_site
    browser_site.latency_ms = 0


@pytest.fixture
def session(site):
    import sgsession

    with sgsession.Session(site.connect()) as session:
        yield session


@pytest.fixture
def panel(qtbot, session, tmp_path):
    from sgbrowser.panel import BrowserPanel

    panel = BrowserPanel(session, thumbnail_dir=tmp_path / "cache")
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    yield panel
    panel.shutdown()
