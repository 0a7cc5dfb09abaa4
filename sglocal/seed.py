"""Deterministic demo productions, built from the recipe in ``resources/demo``.

``build_rows(preset)`` turns the recipe into rows with explicit ids (a seeded
``random.Random`` and a fixed base date, so the same preset always gives the same
rows); ``seed(store, preset)`` inserts them and attaches generated thumbnails.
"""

import datetime
import logging
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Optional, Union

from sglocal.errors import RequestError, SiteError
from sglocal.thumbnails import thumbnail_png

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

__all__ = [
    "SeedError",
    "build_rows",
    "check_preset",
    "load_recipe",
    "preset_descriptions",
    "preset_names",
    "seed",
]

LOG = logging.getLogger(__name__)

Rows = dict[str, list[dict]]

_UTC = datetime.timezone.utc
_THUMBNAIL_TYPES = ("Sequence", "Shot", "Asset")


class SeedError(SiteError):
    """The demo recipe cannot be read or built, or the store cannot take its rows."""


def load_recipe(path: Union[str, Path, None] = None) -> dict:
    """Read a recipe TOML file; ``None`` reads the shipped ``demo/recipe.toml``."""
    if path is None:
        from sgresources import resource_path

        path = resource_path("demo", "recipe.toml")
    path = Path(path)
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SeedError(
            f"cannot read the demo recipe {path}: {error}; fix the file or pass "
            "another recipe"
        ) from error


def preset_names(recipe: Optional[dict] = None) -> list[str]:
    """The presets a recipe defines, such as ``["demo", "small", "large"]``."""
    return list(preset_descriptions(recipe))


def preset_descriptions(recipe: Optional[dict] = None) -> dict[str, str]:
    """Each preset of a recipe with the line that describes it."""
    recipe = load_recipe() if recipe is None else recipe
    return {
        name: str(preset.get("description", ""))
        for name, preset in recipe.get("presets", {}).items()
    }


def check_preset(preset: str, recipe: Optional[dict] = None) -> None:
    """Raise ``RequestError`` unless the recipe defines ``preset``."""
    presets = (load_recipe() if recipe is None else recipe).get("presets", {})
    if preset not in presets:
        raise RequestError(
            f"cannot seed preset {preset!r}: the recipe has no such preset; use one "
            f"of {', '.join(sorted(presets))}"
        )


def build_rows(preset: str, recipe: Optional[dict] = None) -> Rows:
    """Return the preset's rows per entity type, in an order safe to insert."""
    recipe = load_recipe() if recipe is None else recipe
    check_preset(preset, recipe)
    try:
        return _Builder(recipe, recipe["presets"][preset]).build()
    except (KeyError, TypeError, ValueError) as error:
        raise SeedError(
            f"cannot build preset {preset!r} from the recipe: {error!r} is missing or "
            "malformed; compare the recipe with the shipped demo/recipe.toml"
        ) from error


def seed(store, preset: str, recipe: Optional[dict] = None) -> dict[str, int]:
    """Insert the preset's rows and thumbnails into ``store``; return rows per type.

    ``recipe`` is a loaded recipe (``load_recipe(path)``); the shipped one by default.
    """
    started = time.perf_counter()
    recipe = load_recipe() if recipe is None else recipe
    rows = build_rows(preset, recipe)
    _require_empty(store, preset, rows)
    pictures = 0
    if recipe["presets"][preset].get("thumbnails", True):
        pictures = _draw_thumbnails(store, rows)

    counts = {}
    with store.transaction() as conn:
        for entity_type, type_rows in rows.items():
            counts[entity_type] = len(type_rows)
            try:
                store.insert_rows(
                    entity_type, [_fields(row) for row in type_rows], conn
                )
            except (sqlite3.IntegrityError, RequestError) as error:
                raise SeedError(
                    f"cannot seed preset {preset!r}: inserting {entity_type} rows "
                    f"failed ({error}), so no row was kept; seed a new, empty "
                    "database with a schema that has the recipe's types, fields and "
                    "values"
                ) from error

    LOG.info(
        "seeded preset %s: %s rows, %s thumbnails in %.1f s",
        preset,
        sum(counts.values()),
        pictures,
        time.perf_counter() - started,
    )
    return counts


def _require_empty(store, preset: str, rows: Rows) -> None:
    """Refuse to mix a preset into a store that already holds rows of its types."""
    for entity_type in rows:
        present = store.count(store.query(entity_type))
        if present:
            raise SeedError(
                f"cannot seed preset {preset!r}: the store already holds {present} "
                f"{entity_type} rows and the preset brings its own ids; seed a new, "
                "empty database"
            )


def _draw_thumbnails(store, rows: Rows) -> int:
    """Store a picture per sequence, shot and asset, shared by their versions.

    The store names files by content, so each picture is written once and the
    rows carry its key in their ``image`` field.
    """
    keys = {}
    for entity_type in _THUMBNAIL_TYPES:
        for row in rows.get(entity_type, ()):
            png = thumbnail_png(f"{entity_type}:{row['id']}")
            row["image"] = keys[(entity_type, row["id"])] = store.store_file(png)
    for version in rows.get("Version", ()):
        link = version["entity"]
        version["image"] = keys[(link["type"], link["id"])]
    return len(keys)


def _fields(row: dict) -> dict:
    """A built row as the store takes it: every field, the entity type left out."""
    return {name: value for name, value in row.items() if name != "type"}


def _link(row: dict) -> dict:
    return {"type": row["type"], "id": row["id"]}


class _Builder:
    """Walks the recipe once, appending rows; every random draw comes from one RNG."""

    def __init__(self, recipe: dict, preset: dict) -> None:
        self.recipe = recipe
        self.scale = int(preset["sequence_scale"])
        self.pipeline = bool(preset["pipeline"])
        self.overrides = dict(preset.get("project_overrides", {}))
        self.review = {**recipe["review"], **preset.get("review_overrides", {})}
        self.rng = random.Random(recipe["random_seed"])
        self.base = _as_date(recipe["base_date"])
        self.rows: Rows = {}
        self.people_by_department: dict[str, list[dict]] = {}
        self.steps: list[dict] = []

    def build(self) -> Rows:
        self.storage = self.add("LocalStorage", dict(self.recipe["storage"]))
        self.add_statuses()
        self.add_file_types()
        self.add_steps()
        self.add_people()
        projects = [
            self.add_project(index, {**spec, **self.overrides})
            for index, spec in enumerate(self.recipe["projects"])
        ]
        for project, spec in projects:
            assets = self.add_assets(project, spec)
            sequences = self.add_sequences(project, spec, assets)
            if self.pipeline:
                self.add_pipeline(project, sequences, assets)
        if self.pipeline:
            self.add_review(projects)
            self.add_tickets(projects)
        return self.rows

    def add(self, entity_type: str, row: dict) -> dict:
        type_rows = self.rows.setdefault(entity_type, [])
        row = {"type": entity_type, "id": len(type_rows) + 1, **row}
        type_rows.append(row)
        return row

    def stamp(self, when: datetime.datetime, who: dict) -> dict:
        """The created/updated fields of a row made at ``when`` by ``who``."""
        link = _link(who)
        return {
            "created_at": when,
            "updated_at": when,
            "created_by": link,
            "updated_by": link,
        }

    def moment(self, day: int, hour: Optional[int] = None) -> datetime.datetime:
        hour = self.rng.randint(9, 19) if hour is None else hour
        minute = self.rng.randint(0, 59)
        return datetime.datetime.combine(
            self.base + datetime.timedelta(days=day),
            datetime.time(hour, minute, tzinfo=_UTC),
        )

    def status(self, entity_type: str) -> str:
        weights = self.recipe["status_weights"][entity_type]
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def pick_person(self, department: str) -> dict:
        return self.rng.choice(self.people_by_department[department])

    def add_statuses(self) -> None:
        for code, spec in self.recipe["statuses"].items():
            self.add(
                "Status",
                {"code": code, "name": spec["name"], "bg_color": spec["color"]},
            )

    def add_file_types(self) -> None:
        self.file_types = {
            code: self.add("PublishedFileType", {"code": code, "short_name": extension})
            for code, extension in self.recipe["published_file_types"].items()
        }

    def add_steps(self) -> None:
        for order, spec in enumerate(self.recipe["steps"], start=1):
            step = self.add(
                "Step",
                {
                    "code": spec["code"],
                    "short_name": spec["short_name"],
                    "entity_type": spec["entity_type"],
                    "color": spec["color"],
                    "list_order": order,
                },
            )
            self.steps.append({**spec, "row": step})

    def add_people(self) -> None:
        people = self.recipe["people"]
        departments = people["departments"]
        firsts, lasts = people["first_names"], people["last_names"]
        groups = {
            name: self.add("Group", {"code": name, "users": []}) for name in departments
        }
        for index in range(people["count"]):
            first = firsts[index % len(firsts)]
            last = lasts[(index * 7 + index // len(firsts)) % len(lasts)]
            department = departments[index % len(departments)]
            login = f"{first}.{last}".lower()
            person = self.add(
                "HumanUser",
                {
                    "name": f"{first} {last}",
                    "firstname": first,
                    "lastname": last,
                    "login": login,
                    "email": f"{login}@{people['email_domain']}",
                    "sg_department": department,
                    "sg_status_list": "act",
                    "groups": [_link(groups[department])],
                    "projects": [],
                },
            )
            groups[department]["users"].append(_link(person))
            self.people_by_department.setdefault(department, []).append(person)
        self.producer = self.people_by_department[departments[0]][0]

    def add_project(self, index: int, spec: dict):
        start = self.base + datetime.timedelta(days=14 * index)
        project = self.add(
            "Project",
            {
                "name": spec["name"],
                "tank_name": spec["tank_name"],
                "sg_type": spec["type"],
                "sg_status": spec["status"],
                "sg_description": f"{spec['type']} production, seeded demo data.",
                "start_date": start,
                "end_date": start + datetime.timedelta(days=364),
                "archived": False,
                "sg_frame_rate": self.recipe["frame_rate"],
                "users": [_link(person) for person in self.rows["HumanUser"]],
                **self.stamp(self.moment(14 * index, 9), self.producer),
            },
        )
        for person in self.rows["HumanUser"]:
            person["projects"].append(_link(project))
        return project, spec

    def add_assets(self, project: dict, spec: dict) -> list[dict]:
        assets = []
        names = self.recipe["asset_names"]
        for asset_type, count in spec["assets"].items():
            pool = names[asset_type]
            for index in range(count):
                name = pool[index % len(pool)]
                round_ = index // len(pool)
                code = name if round_ == 0 else f"{name}_{round_ + 1:02d}"
                asset = self.add(
                    "Asset",
                    {
                        "code": code,
                        "project": _link(project),
                        "sg_asset_type": asset_type,
                        "sg_status_list": self.status("Asset"),
                        "description": f"{asset_type} asset {code}",
                        "shots": [],
                        "sequences": [],
                        "tasks": [],
                        **self.stamp(
                            self.moment(self.rng.randint(0, 20)), self.producer
                        ),
                    },
                )
                assets.append(asset)
        return assets

    def add_sequences(self, project: dict, spec: dict, assets: list[dict]):
        first_frame = self.recipe["first_frame"]
        handles = self.recipe["handles"]
        fewest, most = spec["shots_per_sequence"]
        sequences = []
        cut_order = 0
        for number in range(1, spec["sequences"] * self.scale + 1):
            code = f"{number * 10:03d}"
            sequence = self.add(
                "Sequence",
                {
                    "code": code,
                    "project": _link(project),
                    "sg_status_list": self.status("Sequence"),
                    "description": f"Sequence {code} of {project['name']}",
                    "sg_cut_order": number,
                    "shots": [],
                    "assets": [],
                    "tasks": [],
                    **self.stamp(self.moment(number % 30), self.producer),
                },
            )
            for shot_number in range(1, self.rng.randint(fewest, most) + 1):
                cut_order += 1
                length = self.rng.randrange(24, 241, 8)
                shot = self.add(
                    "Shot",
                    {
                        "code": f"{code}_{shot_number * 10:04d}",
                        "project": _link(project),
                        "sg_sequence": _link(sequence),
                        "sg_status_list": self.status("Shot"),
                        "description": f"Shot {shot_number} of sequence {code}",
                        "sg_cut_in": first_frame,
                        "sg_cut_out": first_frame + length - 1,
                        "sg_cut_duration": length,
                        "sg_head_in": first_frame - handles,
                        "sg_tail_out": first_frame + length - 1 + handles,
                        "sg_cut_order": cut_order,
                        "sg_frame_rate": self.recipe["frame_rate"],
                        "assets": [],
                        "tasks": [],
                        **self.stamp(self.moment(number % 30), self.producer),
                    },
                )
                sequence["shots"].append(_link(shot))
                self.cast(shot, sequence, assets)
            sequences.append(sequence)
        return sequences

    def cast(self, shot: dict, sequence: dict, assets: list[dict]) -> None:
        """Link a shot to a few of its project's assets, on both sides."""
        count = min(len(assets), self.rng.randint(0, 4))
        for asset in self.rng.sample(assets, count):
            shot["assets"].append(_link(asset))
            asset["shots"].append(_link(shot))
            if asset["sequences"][-1:] != [_link(sequence)]:
                asset["sequences"].append(_link(sequence))
                sequence["assets"].append(_link(asset))

    def add_pipeline(self, project: dict, sequences: list[dict], assets: list[dict]):
        shots = [
            self.rows["Shot"][link["id"] - 1]
            for sequence in sequences
            for link in sequence["shots"]
        ]
        for entity in [*sequences, *shots, *assets]:
            previous = None
            for order, step in enumerate(self.steps):
                if step["entity_type"] != entity["type"]:
                    continue
                if self.rng.random() >= step["probability"]:
                    continue
                for content in step["tasks"]:
                    task = self.add_task(project, entity, step, content, order)
                    if previous is not None:
                        task["upstream_tasks"].append(_link(previous))
                        previous["downstream_tasks"].append(_link(task))
                    previous = task
                    self.add_versions(project, entity, step, task)

    def add_task(self, project, entity, step, content, order) -> dict:
        start = self.base + datetime.timedelta(days=7 * order + self.rng.randint(0, 40))
        days = self.rng.randint(2, 15)
        artist = self.pick_person(step["department"])
        task = self.add(
            "Task",
            {
                "content": content,
                "entity": _link(entity),
                "project": _link(project),
                "step": _link(step["row"]),
                "sg_status_list": self.status("Task"),
                "task_assignees": [_link(artist)],
                "start_date": start,
                "due_date": start + datetime.timedelta(days=days),
                "duration": days * 480,
                "est_in_mins": days * 480,
                "upstream_tasks": [],
                "downstream_tasks": [],
                **self.stamp(self.moment((start - self.base).days - 1), self.producer),
            },
        )
        entity["tasks"].append(_link(task))
        self.add_time_logs(project, task, artist)
        return task

    def add_time_logs(self, project, task, artist) -> None:
        if task["sg_status_list"] not in ("ip", "rev", "fin"):
            return
        fewest, most = self.review["time_logs_per_task"]
        for _ in range(self.rng.randint(fewest, most)):
            day = task["start_date"] + datetime.timedelta(days=self.rng.randint(0, 10))
            self.add(
                "TimeLog",
                {
                    "entity": _link(task),
                    "project": _link(project),
                    "user": _link(artist),
                    "date": day,
                    "duration": self.rng.randrange(60, 481, 30),
                    "description": f"Worked on {task['content']}",
                    **self.stamp(self.moment((day - self.base).days, 18), artist),
                },
            )

    def frame_span(self, entity: dict):
        if entity["type"] == "Shot":
            return entity["sg_head_in"], entity["sg_tail_out"]
        if entity["type"] == "Asset":
            return tuple(self.recipe["frames"]["asset_turntable"])
        return tuple(self.recipe["frames"]["sequence_cut"])

    def add_versions(self, project, entity, step, task) -> None:
        fewest, most = self.recipe["versions_per_task"][task["sg_status_list"]]
        artist = self.rows["HumanUser"][task["task_assignees"][0]["id"] - 1]
        first, last = self.frame_span(entity)
        templates = self.recipe["paths"][entity["type"]]
        version = None
        for number in range(1, self.rng.randint(fewest, most) + 1):
            keys = self.path_keys(project, entity, step, task, number)
            day = (task["start_date"] - self.base).days + 2 * number
            code = f"{entity['code']}_{task['content']}_v{number:03d}"
            version = self.add(
                "Version",
                {
                    "code": code,
                    "entity": _link(entity),
                    "project": _link(project),
                    "sg_task": _link(task),
                    "user": _link(artist),
                    "sg_status_list": self.status("Version"),
                    "description": f"{task['content']} pass {number}",
                    "sg_path_to_frames": templates["frames"].format(**keys),
                    "sg_path_to_movie": templates["movie"].format(**keys),
                    "sg_first_frame": first,
                    "sg_last_frame": last,
                    "frame_count": last - first + 1,
                    "frame_range": f"{first}-{last}",
                    "sg_uploaded_movie_frame_rate": self.recipe["frame_rate"],
                    "published_files": [],
                    "playlists": [],
                    **self.stamp(self.moment(day), artist),
                },
            )
        if version is not None:
            self.publish(project, entity, step, task, version, keys)

    def path_keys(self, project, entity, step, task, number) -> dict:
        sequence = ""
        if entity["type"] == "Shot":
            sequence = self.rows["Sequence"][entity["sg_sequence"]["id"] - 1]["code"]
        return {
            "project": project["tank_name"],
            "sequence": sequence,
            "entity": entity["code"],
            "asset_type": str(entity.get("sg_asset_type", "")).lower(),
            "step": step["short_name"],
            "task": task["content"],
            "version": number,
        }

    def publish(self, project, entity, step, task, version, keys) -> None:
        """Publish a task's latest version: its frames, and the work file behind it."""
        templates = self.recipe["paths"][entity["type"]]
        work_type = step["work_file"]
        extension = self.recipe["published_file_types"][work_type]
        files = [
            ("Rendered Image", version["sg_path_to_frames"]),
            (work_type, f"{templates['work'].format(**keys)}.{extension}"),
        ]
        if work_type == "Movie":
            files[1] = (work_type, version["sg_path_to_movie"])
        root = self.storage["linux_path"].rstrip("/") + "/"
        for type_code, path in files:
            name = path.rsplit("/", 1)[-1]
            published = self.add(
                "PublishedFile",
                {
                    "code": name,
                    "name": f"{entity['code']}_{task['content']}",
                    "entity": _link(entity),
                    "project": _link(project),
                    "task": _link(task),
                    "version": _link(version),
                    "published_file_type": _link(self.file_types[type_code]),
                    "version_number": keys["version"],
                    "sg_status_list": "cmpt",
                    "path": self.local_file(path, name),
                    "path_cache": path[len(root) :],
                    "path_cache_storage": _link(self.storage),
                    **self.stamp(version["created_at"], version["user"]),
                },
            )
            version["published_files"].append(_link(published))

    def local_file(self, path: str, name: str) -> dict:
        """A url field's value for a file on the primary storage."""
        storage = self.storage
        relative = path[len(storage["linux_path"].rstrip("/")) + 1 :]
        return {
            "link_type": "local",
            "name": name,
            "url": f"file://{path}",
            "content_type": None,
            "local_path": path,
            "local_path_linux": path,
            "local_path_mac": f"{storage['mac_path']}/{relative}",
            "local_path_windows": storage["windows_path"]
            + "\\"
            + relative.replace("/", "\\"),
            "local_storage": {
                "type": "LocalStorage",
                "id": storage["id"],
                "name": storage["code"],
            },
        }

    def add_review(self, projects) -> None:
        review = self.review
        for project, _spec in projects:
            versions = [
                row
                for row in self.rows.get("Version", ())
                if row["project"]["id"] == project["id"]
            ]
            if not versions:
                continue
            self.add_playlists(project, versions, review)
            self.add_notes(project, versions, review)

    def add_playlists(self, project, versions, review) -> None:
        fewest, most = review["versions_per_playlist"]
        for week in range(1, review["playlists_per_project"] + 1):
            chosen = self.rng.sample(
                versions, min(len(versions), self.rng.randint(fewest, most))
            )
            when = self.moment(7 * week + 14 * (project["id"] - 1), 16)
            playlist = self.add(
                "Playlist",
                {
                    "code": f"{project['tank_name']}_dailies_week{week:02d}",
                    "project": _link(project),
                    "description": f"Dailies, week {week}",
                    "sg_date_and_time": when,
                    "sg_status_list": "clsd" if week < 10 else "opn",
                    "versions": [_link(version) for version in chosen],
                    **self.stamp(when, self.producer),
                },
            )
            for version in chosen:
                version["playlists"].append(_link(playlist))

    def add_notes(self, project, versions, review) -> None:
        for _ in range(review["notes_per_project"]):
            version = self.rng.choice(versions)
            author = self.pick_person("Production")
            when = version["created_at"] + datetime.timedelta(hours=20)
            note = self.add(
                "Note",
                {
                    "subject": f"Note on {version['code']}",
                    "content": self.rng.choice(review["note_texts"]),
                    "project": _link(project),
                    "note_links": [_link(version), dict(version["entity"])],
                    "tasks": [dict(version["sg_task"])],
                    "addressings_to": [dict(version["user"])],
                    "user": _link(author),
                    "sg_note_type": self.rng.choice(["Internal", "Director"]),
                    "sg_status_list": self.rng.choice(["opn", "clsd"]),
                    "replies": [],
                    **self.stamp(when, author),
                },
            )
            if self.rng.random() < review["reply_probability"]:
                reply = self.add(
                    "Reply",
                    {
                        "entity": _link(note),
                        "user": dict(version["user"]),
                        "content": self.rng.choice(review["reply_texts"]),
                        **self.stamp(
                            when + datetime.timedelta(hours=2), version["user"]
                        ),
                    },
                )
                note["replies"].append(_link(reply))

    def add_tickets(self, projects) -> None:
        review = self.review
        titles = review["ticket_titles"]
        pipeline = self.people_by_department.get("Pipeline", [self.producer])
        for index in range(review["tickets"]):
            project = projects[index % len(projects)][0]
            author = self.rng.choice(self.rows["HumanUser"])
            self.add(
                "Ticket",
                {
                    "title": titles[index % len(titles)],
                    "project": _link(project),
                    "description": "Seen while working on the demo production.",
                    "sg_ticket_type": self.rng.choice(["Bug", "Support", "Pipeline"]),
                    "sg_priority": self.rng.choice(["1", "2", "3", "4"]),
                    "sg_status_list": self.rng.choice(["opn", "ip", "res", "clsd"]),
                    "addressings_to": [_link(self.rng.choice(pipeline))],
                    **self.stamp(self.moment(self.rng.randint(0, 90)), author),
                },
            )


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))
