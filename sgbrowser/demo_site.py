"""The seeded local demo site kept in the user's data directory.

The database is seeded once, into a folder next to it, and renamed into place only
when complete, so ``demo.sqlite`` exists only once it is whole. A lock file lets one
run seed while any other waits for it.
"""

import contextlib
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

__all__ = ["DEMO_STAMP", "open_demo_site"]

#: Written into a finished demo database's ``user_version``: it marks it complete.
DEMO_STAMP = 20261204

_DB_NAME = "demo.sqlite"
_FILES_NAME = "demo-files"
_LOCK_NAME = "demo.lock"
_SEEDING_NAME = "demo-seeding"
_OLD_MARKER_NAME = "demo.seeded"


def open_demo_site(stack, directory, latency_ms=0):
    """Start the demo site in-process, seeding it first if needed; return
    (site, session). ``stack`` (an ExitStack) closes both on exit."""
    import sgsession

    directory = Path(directory)
    _make_folder(directory)
    site, _ = _open_usable(directory / _DB_NAME)
    if site is None:
        with _seeding_lock(directory):
            site = _open_or_seed(directory)
    stack.enter_context(site)
    site.latency_ms = latency_ms
    session = stack.enter_context(sgsession.Session(site.connect()))
    return site, session


def _make_folder(directory):
    """Create the demo site's folder; say which path is in the way when it cannot."""
    from sgbrowser.errors import DemoSiteError

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        blocker = next(
            (
                p
                for p in [directory, *directory.parents]
                if p.exists() and not p.is_dir()
            ),
            None,
        )
        if blocker is None:
            raise DemoSiteError(
                f"cannot create the demo site's folder {directory}: "
                f"{error.strerror}; fix its permissions or set XDG_DATA_HOME to "
                "a folder you can write"
            ) from error
        raise DemoSiteError(
            f"cannot create the demo site's folder {directory}: {blocker} is a "
            "file, not a folder; move that file away, or set XDG_DATA_HOME to "
            "another folder"
        ) from error


def _open_usable(path):
    """(an open LocalSite on a complete demo database, None), else (None, why not)."""
    from sglocal import LocalSite, SiteError

    if not path.exists():
        return None, None
    site = None
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        ) as conn:
            stamp = conn.execute("PRAGMA user_version").fetchone()[0]
            damage = _damage(conn)
        if damage:
            return None, f"it is damaged ({damage})"
        if not stamp:
            return None, "its seeding never finished"
        if stamp != DEMO_STAMP:
            return None, _other_version(stamp)
        site = LocalSite(db=str(path))
        projects = site.store.count(site.store.query("Project"))
    except (sqlite3.Error, SiteError) as error:
        if site is not None:
            site.close()
        return None, f"it cannot be opened ({error})"
    if not projects:
        site.close()
        return None, "it holds no Project"
    return site, None


def _other_version(stamp):
    age = "an older" if stamp < DEMO_STAMP else "a newer"
    return (
        f"it was made by {age} version of sgbrowser (stamp {stamp}; this version "
        f"uses {DEMO_STAMP})"
    )


def _damage(conn):
    """SQLite's first complaint about the database's pages, or "" when they are
    sound; torn pages may not show until a query reads them."""
    try:
        report = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        return str(error)
    if report == "ok":
        return ""
    lines = [line for line in report.splitlines() if not line.startswith("***")]
    return lines[0] if lines else report


def _open_or_seed(directory):
    """Open the demo site, seeding it unless another run did while we waited."""
    from sglocal import LocalSite

    path = directory / _DB_NAME
    site, problem = _open_usable(path)
    if site is not None:
        return site
    if problem is not None:
        aside = path.with_name(f"{_DB_NAME}.broken-{time.strftime('%Y%m%d%H%M%S')}")
        print(
            f"sgbrowser: the demo site at {path} cannot be used: {problem}; "
            f"moving it to {aside} and seeding a new one.",
            file=sys.stderr,
            flush=True,
        )
        os.replace(path, aside)
    print(f"Seeding the demo site into {path} (once)...", flush=True)
    seeding = directory / _SEEDING_NAME
    shutil.rmtree(seeding, ignore_errors=True)
    seeding.mkdir()
    _seed_into(seeding / _DB_NAME)
    shutil.rmtree(directory / _FILES_NAME, ignore_errors=True)
    if (seeding / _FILES_NAME).exists():
        os.replace(seeding / _FILES_NAME, directory / _FILES_NAME)
    os.replace(seeding / _DB_NAME, path)
    shutil.rmtree(seeding, ignore_errors=True)
    (directory / _OLD_MARKER_NAME).unlink(missing_ok=True)
    return LocalSite(db=str(path))


def _seed_into(path):
    from sglocal import LocalSite

    with LocalSite(db=str(path)) as site:
        site.seed("demo")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {DEMO_STAMP}")
        conn.commit()


@contextlib.contextmanager
def _seeding_lock(directory):
    """Hold the demo directory's lock; tell the user when another run holds it."""
    lock_path = directory / _LOCK_NAME
    with open(lock_path, "a+b") as handle:
        if not _try_lock(handle):
            print(
                f"Another sgbrowser is seeding the demo site in {directory}; "
                "waiting for it to finish...",
                file=sys.stderr,
                flush=True,
            )
            _lock(handle)
        try:
            yield
        finally:
            _unlock(handle)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle):
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _lock(handle):
        while not _try_lock(handle):
            time.sleep(0.2)

    def _unlock(handle):
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle):
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _lock(handle):
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)

    def _unlock(handle):
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
