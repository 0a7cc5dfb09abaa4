"""How much the Session asks of the site, and what its cache costs in time and memory.

Three figures, each beside its target:

- requests for ``fetch_core`` + ``fetch_heirarchy`` on 2,000 mixed Tasks, Shots
  and Versions from a cold cache, against a naive loop that reads each entity
  and each of its ancestors with one ``find_one`` apiece;
- the time to merge 100,000 find rows (5 fields, 2 links each) against the time
  shotgun_api3 spends turning the same reply body into those rows;
- the memory of 1,000,000 cached entities against the same rows as plain dicts.
"""

import gc
import json
import time
import tracemalloc
from collections import Counter

import shotgun_api3

from sglocal import LocalSite
from sgresources import resource_path
from sgsession import Session

PROJECT = {"type": "Project", "id": 1}
MERGE_ROWS = 100_000
MEMORY_ENTITIES = 1_000_000
MEMORY_SCALAR_ENTITIES = 250_000


def _site_rows():
    """A project of 20 sequences, 800 shots, 100 assets, a task each, 900 versions."""
    rows = {"Project": [{"id": 1, "name": "Bench"}]}
    rows["Sequence"] = [
        {"id": n, "code": f"SQ{n:02}", "project": PROJECT} for n in range(1, 21)
    ]
    rows["Shot"] = [
        {
            "id": n,
            "code": f"SH{n:04}",
            "project": PROJECT,
            "sg_sequence": {"type": "Sequence", "id": 1 + n % 20},
        }
        for n in range(1, 801)
    ]
    rows["Asset"] = [
        {"id": n, "code": f"asset{n:03}", "project": PROJECT} for n in range(1, 101)
    ]
    parents = [("Shot", n) for n in range(1, 801)] + [
        ("Asset", n) for n in range(1, 101)
    ]
    rows["Task"] = [
        {
            "id": n,
            "content": "anim" if kind == "Shot" else "model",
            "project": PROJECT,
            "entity": {"type": kind, "id": parent},
        }
        for n, (kind, parent) in enumerate(parents, 1)
    ]
    rows["Version"] = [
        {
            "id": n,
            "code": f"v{n:04}",
            "project": PROJECT,
            "entity": {"type": kind, "id": parent},
            "sg_task": {"type": "Task", "id": n},
        }
        for n, (kind, parent) in enumerate(parents, 1)
    ]
    return rows


def _naive_requests(rows, sample, parent_fields):
    """Requests a loop makes reading each entity, then each ancestor, one by one."""
    by_key = {
        (entity_type, row["id"]): row
        for entity_type, typed in rows.items()
        for row in typed
    }
    requests = 0
    for key in sample:
        while key is not None:
            requests += 1
            field = parent_fields.get(key[0], "project")
            link = by_key[key].get(field) if field else None
            key = (link["type"], link["id"]) if link else None
    return requests


def bench_requests():
    rows = _site_rows()
    sample = (
        [("Task", n) for n in range(1, 701)]
        + [("Shot", n) for n in range(101, 701)]
        + [("Version", n) for n in range(201, 901)]
    )
    with LocalSite() as site:
        for entity_type, typed in rows.items():
            site.store.insert_rows(entity_type, typed)
        schema = resource_path("schema", "production.json")
        with Session(site.connect(), schema=schema) as session:
            stubs = [session.get(kind, n, fetch=False) for kind, n in sample]
            page_size = session.page_size
            site.clear_requests()
            started = time.perf_counter()
            session.fetch_core(stubs)
            core = [r for r in site.requests if r.method == "read"]
            found = session.fetch_heirarchy(stubs)
            elapsed = time.perf_counter() - started
            reads = [r for r in site.requests if r.method == "read"]
            naive = _naive_requests(rows, sample, session.parent_fields)

    mean_ms = sum(r.elapsed_ms for r in reads) / len(reads)
    per_type = Counter(r.entity_type for r in reads)
    print(
        f"requests, {len(sample):,} mixed entities cold "
        f"(page size {page_size}): fetch_core {len(core)} + fetch_heirarchy "
        f"{len(reads) - len(core)} = {len(reads)} in {elapsed:.2f} s, "
        f"{len(found):,} entities up to the project"
    )
    print(f"  per type: {dict(sorted(per_type.items()))}")
    print(
        f"  naive per-entity loop: {naive:,} requests "
        f"(about {naive * mean_ms / 1000:.0f} s at the site's own "
        f"{mean_ms:.1f} ms per read); target: one request per type per level "
        "and page"
    )


def _reply_rows(count):
    """A find reply's rows as the site sends them: 5 fields, 2 of them links."""
    return [
        {
            "type": "Version",
            "id": n,
            "code": f"v{n:06}",
            "sg_status_list": "rev",
            "updated_at": "2024-05-01T12:00:00Z",
            "entity": {"type": "Shot", "id": 1 + n % 5000, "name": f"SH{n % 5000:04}"},
            "project": {"type": "Project", "id": 1, "name": "Bench"},
        }
        for n in range(1, count + 1)
    ]


def bench_merge():
    body = json.dumps(
        {
            "results": {
                "entities": _reply_rows(MERGE_ROWS),
                "paging_info": {"has_next_page": False},
            }
        }
    )
    client = shotgun_api3.Shotgun("http://127.0.0.1:9", "bench", "key", connect=False)

    # What the client does with a reply body: _call_rpc decodes the JSON, then
    # _transform_inbound turns date-time strings into local aware datetimes.
    started = time.perf_counter()
    reply = client._transform_inbound(client._decode_response({}, body))
    decode = time.perf_counter() - started
    rows = reply["results"]["entities"]

    with Session(False, schema=False) as session:
        started = time.perf_counter()
        session.merge(rows)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        session.merge(rows)
        warm = time.perf_counter() - started

    print(
        f"merge, {MERGE_ROWS:,} find rows (5 fields, 2 links): shotgun_api3 decode "
        f"{decode:.2f} s; merge cold {cold:.2f} s ({cold / decode:.2f}x), "
        f"warm {warm:.2f} s ({warm / decode:.2f}x); target <= 2x"
    )


def _memory_rows(start, stop, link):
    rows = []
    for n in range(start, stop):
        row = {"type": "Shot", "id": n, "code": f"SH{n:07}", "sg_status_list": "ip"}
        if link:
            row["project"] = {"type": "Project", "id": 1}
        rows.append(row)
    return rows


def _traced(build):
    gc.collect()
    tracemalloc.start()
    try:
        kept = build()
        return tracemalloc.get_traced_memory()[0], kept
    finally:
        tracemalloc.stop()


def _memory(count, link):
    plain, kept = _traced(lambda: _memory_rows(0, count, link))
    del kept

    def cache():
        session = Session(False, schema=False)
        for start in range(0, count, 50_000):
            session.merge(_memory_rows(start, min(count, start + 50_000), link))
        return session

    cached, kept = _traced(cache)
    del kept
    return plain, cached


def bench_memory():
    for count, link, label in (
        (MEMORY_ENTITIES, True, "4 fields and a project link"),
        (MEMORY_SCALAR_ENTITIES, False, "4 scalar fields"),
    ):
        plain, cached = _memory(count, link)
        print(
            f"memory, {count:,} entities of {label}: plain dicts "
            f"{plain / 2**20:.0f} MiB ({plain / count:.0f} B each), cached "
            f"{cached / 2**20:.0f} MiB ({cached / count:.0f} B each), "
            f"{cached / plain:.2f}x; target <= 1.5x"
        )


def main():
    bench_requests()
    bench_merge()
    bench_memory()


if __name__ == "__main__":
    main()
