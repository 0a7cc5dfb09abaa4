"""A small production on a local site, shaped for the browser's cases."""

import datetime
import struct
import zlib

PROJECT = {"type": "Project", "id": 1}
BIG_SEQUENCE = {"type": "Sequence", "id": 1}
SMALL_SEQUENCE = {"type": "Sequence", "id": 2}
BIG_SEQUENCE_SHOTS = 200
#: SQ020's shots: the first has tasks and versions, the last has no tasks at all.
BUSY_SHOT = {"type": "Shot", "id": 1001}
EMPTY_SHOT = {"type": "Shot", "id": 1003}
FRAMES = "/jobs/aurora/SQ020_0001/comp/v{:03d}/f.####.exr"


def png_bytes(color, width=64, height=36):
    """A flat-colour PNG, written by hand so no Qt object crosses threads."""
    rgb = bytes.fromhex(color.lstrip("#"))
    raw = b"".join(b"\x00" + rgb * width for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def populate(store):
    store.insert_rows("HumanUser", [{"id": 1, "name": "Ada Brook", "login": "ada"}])
    store.insert_rows("Project", [{**PROJECT, "name": "Aurora", "sg_status": "Active"}])
    store.insert_rows(
        "Sequence",
        [
            {**BIG_SEQUENCE, "code": "SQ010", "project": PROJECT},
            {**SMALL_SEQUENCE, "code": "SQ020", "project": PROJECT},
        ],
    )
    big = [
        {
            "id": number,
            "code": f"SQ010_{number:04d}",
            "sg_sequence": BIG_SEQUENCE,
            "project": PROJECT,
            "sg_status_list": "ip",
            "sg_cut_in": 1001,
            "sg_cut_out": 1100,
        }
        for number in range(1, BIG_SEQUENCE_SHOTS + 1)
    ]
    small = [
        {
            "id": 1000 + number,
            "code": f"SQ020_{number:04d}",
            "sg_sequence": SMALL_SEQUENCE,
            "project": PROJECT,
            "sg_status_list": "wtg",
        }
        for number in (1, 2, 3)
    ]
    store.insert_rows("Shot", big + small)
    store.insert_rows(
        "Asset",
        [
            {"id": 1, "code": "hero", "sg_asset_type": "Character", "project": PROJECT},
            {"id": 2, "code": "rock", "sg_asset_type": "Prop", "project": PROJECT},
        ],
    )
    tasks = [
        {"content": "Comp", "entity": BUSY_SHOT, "project": PROJECT},
        {"content": "Light", "entity": BUSY_SHOT, "project": PROJECT},
        {"content": "Anim", "entity": {"type": "Shot", "id": 1002}, "project": PROJECT},
        {"content": "Model", "entity": {"type": "Asset", "id": 1}, "project": PROJECT},
    ]
    tasks += [
        {"content": "Layout", "entity": {"type": "Shot", "id": n}, "project": PROJECT}
        for n in range(1, 31)
    ]
    store.insert_rows("Task", tasks)
    start = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)
    store.insert_rows(
        "Version",
        [
            {
                "id": number,
                "code": f"SQ020_0001_comp_v{number:03d}",
                "entity": BUSY_SHOT,
                "project": PROJECT,
                "user": {"type": "HumanUser", "id": 1},
                "sg_status_list": "rev",
                "sg_path_to_frames": FRAMES.format(number),
                "created_at": start + datetime.timedelta(days=number),
            }
            for number in (1, 2, 3)
        ],
    )
    for number, color in ((1, "#884422"), (2, "#228844"), (3, "#224488")):
        store.put_thumbnail("Version", number, png_bytes(color))
    store.insert_rows(
        "PublishedFile",
        [
            {
                "code": "SQ020_0001_comp_v003.nk",
                "entity": BUSY_SHOT,
                "project": PROJECT,
                "version_number": 3,
                "path": {"local_path": "/jobs/aurora/SQ020_0001/comp/v003.nk"},
            }
        ],
    )
