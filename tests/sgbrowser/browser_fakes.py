"""An in-process stand-in for sgsession.Session, for the model's unit tests."""

import threading


class FakeEntity(dict):
    def __init__(self, entity_type, entity_id, **fields):
        super().__init__(type=entity_type, id=entity_id, **fields)
        self.type = entity_type
        self.id = entity_id

    def __eq__(self, other):
        if isinstance(other, FakeEntity):
            return (self.type, self.id) == (other.type, other.id)
        return NotImplemented

    def __hash__(self):
        return hash((self.type, self.id))

    def minimal(self):
        return {"type": self.type, "id": self.id}

    @property
    def display_name(self):
        return self.get("code") or f"{self.type} {self.id}"


def _matches(row, filters):
    for field, _operator, value in filters:
        actual = row.get(field)
        if isinstance(value, dict):
            if not actual or (actual["type"], actual["id"]) != (
                value["type"],
                value["id"],
            ):
                return False
        elif actual != value:
            return False
    return True


class FakeSession:
    """Answers `find` from rows held in memory; records every call.

    ``gate`` (a threading.Event) holds every call until it is set; ``fail`` maps an
    entity type to the exception its finds raise.
    """

    def __init__(self, rows):
        self.rows = rows
        self.calls = []
        self.fail = {}
        self.gate = None
        self._lock = threading.Lock()

    def find(self, entity_type, filters, fields=None, order=None, **kwargs):
        with self._lock:
            self.calls.append((entity_type, filters))
        if self.gate is not None:
            self.gate.wait(10)
        if entity_type in self.fail:
            raise self.fail[entity_type]
        return [row for row in self.rows.get(entity_type, []) if _matches(row, filters)]

    def finds_of(self, entity_type):
        return [call for call in self.calls if call[0] == entity_type]


def demo_rows(shots_per_sequence=3):
    project = FakeEntity("Project", 1, name="Moonfall", sg_status="Active")
    link = project.minimal()
    sequences = [
        FakeEntity("Sequence", number, code=f"SQ{number:02d}0", project=link)
        for number in (1, 2)
    ]
    shots = []
    for sequence in sequences:
        for number in range(1, shots_per_sequence + 1):
            shots.append(
                FakeEntity(
                    "Shot",
                    sequence.id * 1000 + number,
                    code=f"{sequence['code']}_{number:03d}",
                    sg_sequence=sequence.minimal(),
                    project=link,
                    sg_status_list="ip",
                )
            )
    assets = [
        FakeEntity("Asset", 1, code="hero", sg_asset_type="Character", project=link),
        FakeEntity("Asset", 2, code="rock", sg_asset_type="Prop", project=link),
        FakeEntity("Asset", 3, code="mug", sg_asset_type="Prop", project=link),
    ]
    tasks = [
        FakeEntity("Task", 1, content="Comp", entity=shots[0].minimal(), project=link),
        FakeEntity("Task", 2, content="Light", entity=shots[0].minimal(), project=link),
        FakeEntity(
            "Task", 3, content="Model", entity=assets[0].minimal(), project=link
        ),
    ]
    return {
        "Project": [project],
        "Sequence": sequences,
        "Shot": shots,
        "Asset": assets,
        "Task": tasks,
    }
