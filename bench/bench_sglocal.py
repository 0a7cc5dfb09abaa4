"""The local site against mockgun: one find of 500 Shots among 100,000+ rows.

Both answer the same query on the same rows in the same run: the ``shots`` preset
(100,000+ shots in their sequences), a three-condition filter that matches exactly
500 shots, and two deep fields. The site is timed through the real
``shotgun_api3`` client over HTTP on 127.0.0.1, and by its own handling time;
mockgun is timed in process. Also prints how long the demo preset takes to seed.
"""

import copy
import json
import pickle
import statistics
import tempfile
import time
from pathlib import Path

from shotgun_api3.lib import mockgun

from sglocal import LocalSite
from sglocal.seed import build_rows, load_recipe, seed
from sgresources import resource_path

QUERY_SIZE = 500
SITE_RUNS = 20
MOCKGUN_RUNS = 3
FIELDS = [
    "code",
    "sg_status_list",
    "sg_cut_in",
    "sg_cut_out",
    "sg_sequence.Sequence.code",
    "project.Project.name",
]
TARGET_RATIO = 20.0


def main() -> None:
    recipe = load_recipe()
    started = time.perf_counter()
    rows = build_rows("shots", recipe)
    total = sum(len(type_rows) for type_rows in rows.values())
    print(
        f"built preset 'shots': {total:,} rows ({len(rows['Shot']):,} Shot) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    filters = _query_filters(rows["Shot"])
    print(f"query: find('Shot', {filters}, <6 fields, 2 deep>, limit={QUERY_SIZE})")

    with LocalSite() as site:
        started = time.perf_counter()
        seed(site.store, "shots", recipe)
        print(f"seeded the local site in {time.perf_counter() - started:.1f} s")
        site_found, site_seconds, handling_ms, reads = _time_site(site, filters)

    mock, load_seconds = _load_mockgun(rows)
    print(f"loaded mockgun in {load_seconds:.1f} s")
    mock_found, mock_seconds = _time_mockgun(mock, filters)

    _check_same_answer(site_found, mock_found)
    site_ms = 1000 * statistics.median(site_seconds)
    mock_ms = 1000 * statistics.median(mock_seconds)
    ratio = mock_ms / site_ms
    print(
        f"local site, client over HTTP: median {site_ms:.1f} ms per find "
        f"(min {1000 * min(site_seconds):.1f}, {SITE_RUNS} runs, "
        f"{reads} read request per find)"
    )
    print(
        f"local site, handling only:    median {statistics.median(handling_ms):.1f}"
        " ms per read request"
    )
    print(
        f"mockgun, in process:          median {mock_ms:.1f} ms per find "
        f"({MOCKGUN_RUNS} runs)"
    )
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(
        f"local site is {ratio:.0f}x faster than mockgun ({verdict} the "
        f"{TARGET_RATIO:.0f}x target)"
    )

    _time_demo_seed()


def _query_filters(shots: list) -> list:
    """Project 1's in-progress or ready shots in a cut-order window of 500 of them."""
    statuses = ["ip", "rdy"]
    chosen = sorted(
        shot["sg_cut_order"]
        for shot in shots
        if shot["project"]["id"] == 1 and shot["sg_status_list"] in statuses
    )
    window = [chosen[1000], chosen[1000 + QUERY_SIZE - 1]]
    return [
        ["project", "is", {"type": "Project", "id": 1}],
        ["sg_status_list", "in", statuses],
        ["sg_cut_order", "between", window],
    ]


def _time_site(site, filters):
    sg = site.connect()
    try:
        sg.find("Shot", filters, FIELDS, limit=QUERY_SIZE)
        site.clear_requests()
        seconds = []
        for _ in range(SITE_RUNS):
            started = time.perf_counter()
            found = sg.find("Shot", filters, FIELDS, limit=QUERY_SIZE)
            seconds.append(time.perf_counter() - started)
    finally:
        sg.close()
    reads = [record for record in site.requests if record.method == "read"]
    handling_ms = [record.elapsed_ms for record in reads]
    return found, seconds, handling_ms, len(reads) // SITE_RUNS


def _load_mockgun(rows: dict):
    """A mockgun holding the same rows, on our schema pickled the way it reads it."""
    started = time.perf_counter()
    document = json.loads(
        resource_path("schema", "production.json").read_text(encoding="utf-8")
    )
    schema, schema_entity = document["schema"], document["schema_entity"]
    schema["EventLogEntry"] = _event_log_fields(schema)
    schema_entity["EventLogEntry"] = {"name": {"editable": False, "value": "Event"}}

    with tempfile.TemporaryDirectory(prefix="bench-mockgun-") as folder:
        paths = Path(folder, "schema.pickle"), Path(folder, "schema_entity.pickle")
        for path, value in zip(paths, (schema, schema_entity)):
            path.write_bytes(pickle.dumps(value))
        mockgun.Shotgun.set_schema_paths(str(paths[0]), str(paths[1]))
        mock = mockgun.Shotgun("http://127.0.0.1", "bench", "bench")

    for entity_type, type_rows in rows.items():
        defaults = _mockgun_defaults(schema[entity_type])
        table = mock._db[entity_type]
        for row in type_rows:
            stored = {**copy.deepcopy(defaults), "__retired": False, **row}
            table[row["id"]] = stored
    return mock, time.perf_counter() - started


def _event_log_fields(schema: dict) -> dict:
    """Mockgun logs its own birth as an EventLogEntry; give it the fields it sets."""
    text = schema["Shot"]["description"]
    return {
        "id": schema["Shot"]["id"],
        "event_type": text,
        "description": text,
    }


def _mockgun_defaults(fields: dict) -> dict:
    defaults = {}
    for name, spec in fields.items():
        if spec["data_type"]["value"] == "multi_entity":
            defaults[name] = []
        else:
            defaults[name] = spec["properties"]["default_value"]["value"]
    return defaults


def _time_mockgun(mock, filters):
    seconds = []
    for _ in range(MOCKGUN_RUNS):
        started = time.perf_counter()
        found = mock.find("Shot", copy.deepcopy(filters), FIELDS, limit=QUERY_SIZE)
        seconds.append(time.perf_counter() - started)
    return found, seconds


def _check_same_answer(site_found: list, mock_found: list) -> None:
    def table(found):
        return sorted(
            (
                shot["id"],
                shot["code"],
                shot["sg_sequence.Sequence.code"],
                shot["project.Project.name"],
            )
            for shot in found
        )

    if table(site_found) != table(mock_found):
        raise RuntimeError(
            f"the local site and mockgun disagree: {len(site_found)} against "
            f"{len(mock_found)} shots; the comparison means nothing"
        )
    print(f"both answered the same {len(site_found)} shots")


def _time_demo_seed() -> None:
    with LocalSite() as site:
        started = time.perf_counter()
        counts = seed(site.store, "demo")
        seconds = time.perf_counter() - started
    print(
        f"seeded preset 'demo' ({sum(counts.values()):,} rows, thumbnails "
        f"included) in {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
