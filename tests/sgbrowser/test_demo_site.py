"""The demo site: seeded once, atomically, by one run at a time; bad files replaced."""

import contextlib
import sqlite3
import threading

import pytest

from sgbrowser import demo_site
from sgbrowser.app import open_demo_site
from sglocal import LocalSite


@pytest.fixture
def seeds(monkeypatch):
    """Replace the demo preset with one Project; count the seedings."""
    calls = []

    def seed(site, preset="demo"):
        calls.append(preset)
        site.store.insert_rows("Project", [{"name": "Nightfall"}])
        return {"Project": 1}

    monkeypatch.setattr(LocalSite, "seed", seed)
    return calls


def _project_names(directory):
    with contextlib.ExitStack() as stack:
        _, session = open_demo_site(stack, directory=directory)
        return [project["name"] for project in session.find("Project", [])]


def _unfinished_database(path):
    with LocalSite(db=str(path)):
        pass


def _database_without_projects(path):
    _unfinished_database(path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {demo_site.DEMO_STAMP}")
        conn.commit()


def _stamped(stamp):
    def make(path):
        _finished_database(path)
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute(f"PRAGMA user_version = {stamp}")
            conn.commit()

    return make


def _garbage(path):
    path.write_bytes(b"not a database at all\n" * 100)


def _finished_database(path):
    _database_without_projects(path)
    with LocalSite(db=str(path)) as site:
        site.store.insert_rows("Project", [{"name": "Old"}])


@pytest.mark.parametrize(
    "where",
    [1024, 16384, 102400, 0.5],
    ids=["schema_page", "early_page", "late_page", "middle"],
)
def test_a_damaged_database_is_moved_aside_and_reseeded(tmp_path, seeds, capsys, where):
    path = tmp_path / "demo.sqlite"
    _finished_database(path)
    data = bytearray(path.read_bytes())
    start = int(len(data) * where) if isinstance(where, float) else where
    data[start : start + 8192] = bytes(range(256)) * 32
    path.write_bytes(bytes(data))

    assert _project_names(tmp_path) == ["Nightfall"]

    aside = [p for p in tmp_path.iterdir() if p.name.startswith("demo.sqlite.broken-")]
    assert len(aside) == 1
    assert (
        f"sgbrowser: the demo site at {path} cannot be used: it is damaged ("
    ) in capsys.readouterr().err
    assert seeds == ["demo"]


def test_first_run_seeds_and_later_runs_reuse(tmp_path, seeds, capsys):
    assert _project_names(tmp_path) == ["Nightfall"]
    assert _project_names(tmp_path) == ["Nightfall"]

    assert seeds == ["demo"]
    assert capsys.readouterr().out.count("Seeding the demo site") == 1
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "demo-files")
    assert left == ["demo.lock", "demo.sqlite"], "nothing half-seeded is left"


@pytest.mark.parametrize(
    ("make_bad", "problem"),
    [
        (_garbage, "it cannot be opened (file is not a database)"),
        (_unfinished_database, "its seeding never finished"),
        (_database_without_projects, "it holds no Project"),
        (
            _stamped(20250101),
            "it was made by an older version of sgbrowser (stamp 20250101; "
            f"this version uses {demo_site.DEMO_STAMP})",
        ),
        (
            _stamped(demo_site.DEMO_STAMP + 1),
            "it was made by a newer version of sgbrowser (stamp "
            f"{demo_site.DEMO_STAMP + 1}; this version uses {demo_site.DEMO_STAMP})",
        ),
    ],
    ids=["corrupt", "unfinished", "no_project", "older_version", "newer_version"],
)
def test_an_unusable_database_is_moved_aside_and_reseeded(
    tmp_path, seeds, capsys, make_bad, problem
):
    make_bad(tmp_path / "demo.sqlite")
    (tmp_path / "demo.seeded").write_text("{}\n", encoding="utf-8")

    assert _project_names(tmp_path) == ["Nightfall"]

    err = capsys.readouterr().err
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("demo.sqlite.broken-")]
    assert len(aside) == 1
    assert (
        f"sgbrowser: the demo site at {tmp_path / 'demo.sqlite'} cannot be used: "
        f"{problem}; moving it to {aside[0]} and seeding a new one."
    ) in err.splitlines()
    assert not (tmp_path / "demo.seeded").exists()
    assert seeds == ["demo"]


def test_a_second_run_waits_for_the_first_to_finish_seeding(
    tmp_path, monkeypatch, capsys
):
    seeding, release, waiting = threading.Event(), threading.Event(), threading.Event()
    calls = []

    def slow_seed(site, preset="demo"):
        calls.append(preset)
        seeding.set()
        release.wait(30)
        site.store.insert_rows("Project", [{"name": "Nightfall"}])
        return {"Project": 1}

    real_lock = demo_site._lock

    def lock_and_say(handle):
        waiting.set()
        real_lock(handle)

    monkeypatch.setattr(LocalSite, "seed", slow_seed)
    monkeypatch.setattr(demo_site, "_lock", lock_and_say)
    names = {}

    def run(key):
        names[key] = _project_names(tmp_path)

    first = threading.Thread(target=run, args=("first",))
    first.start()
    assert seeding.wait(30)
    second = threading.Thread(target=run, args=("second",))
    second.start()
    assert waiting.wait(30)
    assert not (tmp_path / "demo.sqlite").exists(), "only a complete file is put there"
    release.set()
    first.join(30)
    second.join(30)

    assert names == {"first": ["Nightfall"], "second": ["Nightfall"]}
    assert calls == ["demo"]
    assert (
        f"Another sgbrowser is seeding the demo site in {tmp_path}; "
        "waiting for it to finish..."
    ) in capsys.readouterr().err.splitlines()
