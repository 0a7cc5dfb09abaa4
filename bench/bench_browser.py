"""The browser on a site answering in 150 ms: how soon rows show, how long the GUI
thread stalls, and how many requests each gesture costs."""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LATENCY_MS = 150
BIG_SEQUENCE_SHOTS = 2000
SMALL_SEQUENCE_SHOTS = 200
HEARTBEAT_MS = 5

_PROJECT = {"type": "Project", "id": 1}
_BIG = {"type": "Sequence", "id": 1}
_SMALL = {"type": "Sequence", "id": 2}


def _populate(store):
    store.insert_rows("Project", [{**_PROJECT, "name": "Bench"}])
    store.insert_rows(
        "Sequence",
        [
            {**_BIG, "code": "BIG", "project": _PROJECT},
            {**_SMALL, "code": "SMALL", "project": _PROJECT},
        ],
    )
    shots = [
        {"code": f"BIG_{n:05d}", "sg_sequence": _BIG, "project": _PROJECT}
        for n in range(BIG_SEQUENCE_SHOTS)
    ]
    shots += [
        {"code": f"SMALL_{n:04d}", "sg_sequence": _SMALL, "project": _PROJECT}
        for n in range(SMALL_SEQUENCE_SHOTS)
    ]
    store.insert_rows("Shot", shots)
    store.insert_rows(
        "Task",
        [
            {
                "content": "Comp",
                "entity": {"type": "Shot", "id": n},
                "project": _PROJECT,
            }
            for n in range(1, 4)
        ],
    )


class _Heartbeat:
    """A timer that should tick every few ms; the longest gap is the worst stall."""

    def __init__(self, QtCore):
        self.timer = QtCore.QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self._last = None

    def _tick(self):
        now = time.perf_counter()
        if self._last is not None:
            self.longest = max(self.longest, (now - self._last) * 1000)
        self._last = now

    def start(self):
        self.longest, self._last = 0.0, time.perf_counter()
        self.timer.start()

    def stop(self):
        self._tick()
        self.timer.stop()
        return self.longest


def _wait(app, condition, timeout_s=60):
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the browser did not finish loading in time")
        app.processEvents()
        time.sleep(0.0005)


def _reads(site):
    if site is None:
        return 0
    return sum(1 for r in site.requests if r.method == "read")


def _child(model, parent, name):
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if model.data(index) == name:
            return index
    raise LookupError(name)


def _open_to_sequences(app, panel):
    from qtpy.QtCore import QModelIndex

    model = panel.model
    root = QModelIndex()
    _wait(app, lambda: model.rowCount(root) == 1)
    project = model.index(0, 0)
    panel.tree.expand(panel.view_index(project))
    _wait(app, lambda: model.rowCount(project) == 2)
    sequences = _child(model, project, "Sequences")
    panel.tree.expand(panel.view_index(sequences))
    _wait(app, lambda: model.rowCount(sequences) == 2)
    return sequences


def _expand_and_time(app, panel, index):
    """Expand a row; return ms until its rows are inserted and until painted."""
    model = panel.model
    inserted = []
    model.rowsInserted.connect(
        lambda parent, *_: (
            inserted.append(time.perf_counter()) if parent == index else None
        )
    )
    started = time.perf_counter()
    panel.tree.expand(panel.view_index(index))
    _wait(app, lambda: bool(inserted))
    panel.tree.viewport().repaint()
    painted = time.perf_counter()
    return (inserted[0] - started) * 1000, (painted - started) * 1000


def _round_trip_ms(session):
    started = time.perf_counter()
    session.find("Project", [], ["name"])
    return (time.perf_counter() - started) * 1000


def _naive_stall_ms(app, session, heartbeat):
    """Load the big sequence the naive way: a find on the GUI thread, then rows."""
    from qtpy import QtGui

    model = QtGui.QStandardItemModel()
    heartbeat.start()
    app.processEvents()
    rows = session.find("Shot", [["sg_sequence", "is", _BIG]], ["code"])
    for row in rows:
        model.appendRow(QtGui.QStandardItem(row["code"]))
    app.processEvents()
    return heartbeat.stop()


@contextlib.contextmanager
def _served_site(path):
    """The database served by ``sglocal serve`` in its own process, as a remote
    site would be: its work does not compete with the browser for the GIL."""
    command = [sys.executable, "-m", "sglocal", "serve", "--db", str(path)]
    command += ["--latency-ms", str(LATENCY_MS)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        settings = {}
        for line in process.stdout:
            key, _, value = line.partition(": ")
            settings[key] = value.strip()
            if "script_key" in settings:
                break
        yield settings
    finally:
        process.terminate()
        process.wait(10)


def _measure(app, session, site=None):
    """Expand, load 2,000 rows and re-select on one session; return figures."""
    from qtpy import QtCore

    from sgbrowser.panel import BrowserPanel

    figures = {"round_trip": min(_round_trip_ms(session) for _ in range(3))}
    panel = BrowserPanel(session)
    panel.resize(1200, 800)
    panel.show()
    try:
        sequences = _open_to_sequences(app, panel)
        model = panel.model
        small = _child(model, sequences, "SMALL")
        big = _child(model, sequences, "BIG")

        before = _reads(site)
        figures["inserted"], figures["painted"] = _expand_and_time(app, panel, small)
        figures["per_expansion"] = _reads(site) - before

        heartbeat = _Heartbeat(QtCore)
        heartbeat.start()
        figures["big"], _ = _expand_and_time(app, panel, big)
        _wait(app, lambda: panel.pool.pending == 0)
        figures["lazy_stall"] = heartbeat.stop()

        shot = model.index(0, 0, small)
        for index in (shot, small):
            panel.tree.setCurrentIndex(panel.view_index(index))
            _wait(app, lambda: panel.pool.pending == 0)
        before = _reads(site)
        panel.tree.setCurrentIndex(panel.view_index(shot))
        _wait(app, lambda: panel.pool.pending == 0)
        figures["reselect"] = _reads(site) - before

        figures["naive_stall"] = _naive_stall_ms(app, session, _Heartbeat(QtCore))
    finally:
        panel.shutdown()
        panel.deleteLater()
    return figures


def main():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import shotgun_api3
    from qtpy import QtWidgets

    import sgsession
    from sglocal import LocalSite

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.sqlite"
        with LocalSite(db=str(path)) as site:
            _populate(site.store)
            site.latency_ms = LATENCY_MS
            with sgsession.Session(site.connect()) as session:
                counted = _measure(app, session, site)
        with _served_site(path) as settings:
            shotgun = shotgun_api3.Shotgun(
                settings["url"],
                script_name=settings["script_name"],
                api_key=settings["script_key"],
            )
            with sgsession.Session(shotgun) as session:
                remote = _measure(app, session)

    _report(counted, remote)


def _report(counted, remote):
    rows = [
        ("one round trip (find Project)", "round_trip", "ms", None),
        (
            f"expand {SMALL_SEQUENCE_SHOTS} shots: rows inserted",
            "inserted",
            "ms",
            "one round trip + 30 ms",
        ),
        (f"expand {SMALL_SEQUENCE_SHOTS} shots: rows painted", "painted", "ms", None),
        (f"expand {BIG_SEQUENCE_SHOTS} shots (4 pages)", "big", "ms", None),
        (
            f"GUI stall while {BIG_SEQUENCE_SHOTS} rows load",
            "lazy_stall",
            "ms",
            "< 50 ms",
        ),
        ("GUI stall, naive synchronous load", "naive_stall", "ms", None),
    ]
    print(
        f"site latency {LATENCY_MS} ms per request; heartbeat every {HEARTBEAT_MS} ms"
    )
    print(f"{'':44} {'site in-process':>16} {'site in own process':>20}")
    for label, key, unit, target in rows:
        line = f"{label:44} {counted[key]:13.1f} {unit} {remote[key]:17.1f} {unit}"
        print(line + (f"   target {target}" if target else ""))
    print(f"{'requests per expansion':44} {counted['per_expansion']:16d}   target 1")
    label = "requests per re-selection of a loaded shot"
    print(f"{label:44} {counted['reselect']:16d}   target 0")
