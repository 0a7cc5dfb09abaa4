"""Fake Maya and Nuke hosts for the plugins, with real offscreen widgets."""

import os
import runpy
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PLUGINS = ROOT / "plugins"
for _path in (
    HERE / "fakes",
    PLUGINS / "common",
    PLUGINS / "maya" / "scripts",
    PLUGINS / "nuke",
):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))


@pytest.fixture
def stand_in_browser(monkeypatch):
    """Replace sgbrowser.BrowserPanel by a widget with the same interface."""
    from standin_browser import StandInBrowserPanel

    import sgbrowser

    monkeypatch.setattr(sgbrowser, "BrowserPanel", StandInBrowserPanel, raising=False)
    return StandInBrowserPanel


@pytest.fixture
def configured_site(monkeypatch):
    """A configured site: sgsession.connect gives a client that never connects.

    Returns the list of site names asked for.
    """
    import sgsession

    asked = []

    def connect(name=None):
        asked.append(name)
        return False

    monkeypatch.setattr(sgsession, "connect", connect)
    return asked


@pytest.fixture
def no_site_configured(monkeypatch, tmp_path):
    """No credentials anywhere sgsession looks."""
    monkeypatch.setenv("SGSESSION_CONFIG", str(tmp_path / "missing-sites.toml"))
    for name in list(os.environ):
        if name.startswith("SGSESSION_") and name != "SGSESSION_CONFIG":
            monkeypatch.delenv(name)


@pytest.fixture
def entities():
    """Make entities in an offline session, media fields known (None unless given).

    Known fields are what a fetch would have returned, so no site is needed.
    """
    from sgsession_hosts.media import MEDIA_FIELDS

    import sgsession

    session = sgsession.Session(False, schema=False)

    def make(entity_type, entity_id, **fields):
        known = dict.fromkeys(MEDIA_FIELDS.get(entity_type, ()))
        known.update(fields, type=entity_type, id=entity_id)
        return session.merge(known)

    yield make
    session.close()


@pytest.fixture
def maya_host(qapp):
    from maya.host import HOST

    HOST.start()
    yield HOST
    HOST.stop()


@pytest.fixture
def nuke_host(qapp):
    import nuke
    import nukescripts.panels

    nuke.HOST.start()
    nukescripts.panels.reset()
    yield nuke.HOST
    nuke.HOST.stop()


@pytest.fixture
def run_nuke_startup():
    """Run the plugin's init.py or menu.py as Nuke does at startup."""

    def run(name):
        runpy.run_path(str(PLUGINS / "nuke" / name), run_name="__main__")

    return run
