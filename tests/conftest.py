"""Shared test set-up: one Qt binding for qtpy and pytest-qt, rendered offscreen."""

import os

import pytest

from sglocal import LocalSite

_binding = os.environ.get("QT_API") or os.environ.get("PYTEST_QT_API") or "pyside6"
os.environ["QT_API"] = os.environ["PYTEST_QT_API"] = _binding
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def local_site():
    """An empty local site on 127.0.0.1 with the default schema, closed afterwards."""
    with LocalSite() as site:
        yield site
