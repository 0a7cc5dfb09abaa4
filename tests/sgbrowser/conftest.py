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
