"""The browser tree's nodes, and what children each kind of node has.

Project > Sequences > Sequence > Shot > Task, and Project > Assets > asset type >
Asset > Task. Loaders run on worker threads: they ask the session and build
detached nodes, which the model attaches on the GUI thread.
"""

import enum
from collections import OrderedDict

__all__ = [
    "FIELDS",
    "Node",
    "NodeState",
    "children_loader",
    "make_root",
    "node_path_for",
]

FIELDS = {
    "Project": ["name", "sg_status", "sg_description", "start_date", "end_date"],
    "Sequence": ["code", "sg_status_list", "description", "project"],
    "Shot": [
        "code",
        "sg_status_list",
        "description",
        "sg_cut_in",
        "sg_cut_out",
        "sg_sequence",
        "project",
        "image",
    ],
    "Asset": [
        "code",
        "sg_status_list",
        "description",
        "sg_asset_type",
        "project",
        "image",
    ],
    "Task": [
        "content",
        "sg_status_list",
        "step",
        "task_assignees",
        "start_date",
        "due_date",
        "entity",
        "project",
    ],
}

NAME_FIELDS = {"Project": "name", "Task": "content"}

_UNTYPED_ASSETS = "No type"


class NodeState(enum.Enum):
    UNLOADED = "unloaded"
    LOADING = "loading"
    LOADED = "loaded"
    FAILED = "failed"


class Node:
    """One row of the tree: the root, a group (a label) or an entity.

    ``key`` identifies the row among its siblings across reloads: ``(type, id)`` for
    an entity, ``("group", name)`` for a group.
    """

    def __init__(
        self, key, label="", entity=None, kind=None, scope=None, children=None
    ):
        self.key = key
        self.label = label
        self.entity = entity
        self.kind = kind or (entity.type if entity is not None else "group")
        self.scope = scope if scope is not None else entity
        self.parent = None
        self.children = []
        self.state = NodeState.UNLOADED
        self.error = None
        self.ticket = None
        self._rows = None
        if children is not None:
            self.set_children(children)
        elif not self.can_have_children:
            self.state = NodeState.LOADED

    @property
    def can_have_children(self):
        return self.kind in _LOADERS

    @property
    def name(self):
        if self.label or self.entity is None:
            return self.label
        field = NAME_FIELDS.get(self.entity.type, "code")
        value = self.entity.get(field) or self.entity.get("name")
        if value:
            return str(value)
        return f"{self.entity.type} {self.entity.id}"

    def row_of(self, child):
        """The row of a child; cached, since views ask for it all the time."""
        if self._rows is None:
            self._rows = {id(node): row for row, node in enumerate(self.children)}
        return self._rows[id(child)]

    def set_children(self, children):
        self.children = list(children)
        self._rows = None
        for child in self.children:
            child.parent = self
        self.state = NodeState.LOADED
        self.error = None

    def insert_child(self, row, child):
        child.parent = self
        self.children.insert(row, child)
        self._rows = None

    def remove_children(self, first, last):
        """Detach and return the children in rows first..last."""
        gone = self.children[first : last + 1]
        del self.children[first : last + 1]
        self._rows = None
        for child in gone:
            child.parent = None
        return gone

    def ancestors(self):
        """This node's ancestors from the top down, the root excluded."""
        chain = []
        node = self.parent
        while node is not None and node.parent is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def find_child(self, key):
        for child in self.children:
            if child.key == key:
                return child
        return None

    def __repr__(self):
        return f"<Node {self.key!r} {self.state.value}>"


def make_root():
    return Node(("root",), kind="root")


def entity_node(entity):
    return Node((entity.type, entity.id), entity=entity)


def group_node(label, kind, scope=None, children=None):
    return Node(
        ("group", label), label=label, kind=kind, scope=scope, children=children
    )


def _order(entity_type):
    field = NAME_FIELDS.get(entity_type, "code")
    return [{"field_name": field, "direction": "asc"}]


def _find(session, entity_type, filters):
    return session.find(
        entity_type, filters, FIELDS[entity_type], order=_order(entity_type)
    )


def _load_projects(session, node):
    return [entity_node(e) for e in _find(session, "Project", [])]


def _load_project_groups(session, node):
    project = node.entity
    return [
        group_node("Sequences", "sequences", scope=project),
        group_node("Assets", "assets", scope=project),
    ]


def _load_sequences(session, node):
    filters = [["project", "is", node.scope.minimal()]]
    return [entity_node(e) for e in _find(session, "Sequence", filters)]


def _load_shots(session, node):
    filters = [["sg_sequence", "is", node.entity.minimal()]]
    return [entity_node(e) for e in _find(session, "Shot", filters)]


def _load_asset_types(session, node):
    filters = [["project", "is", node.scope.minimal()]]
    groups = OrderedDict()
    for asset in _find(session, "Asset", filters):
        asset_type = asset.get("sg_asset_type") or _UNTYPED_ASSETS
        groups.setdefault(asset_type, []).append(entity_node(asset))
    return [
        group_node(
            asset_type, "asset_type", scope=node.scope, children=groups[asset_type]
        )
        for asset_type in sorted(groups)
    ]


def _load_tasks(session, node):
    filters = [["entity", "is", node.entity.minimal()]]
    return [entity_node(e) for e in _find(session, "Task", filters)]


_LOADERS = {
    "root": _load_projects,
    "Project": _load_project_groups,
    "sequences": _load_sequences,
    "Sequence": _load_shots,
    "assets": _load_asset_types,
    "Shot": _load_tasks,
    "Asset": _load_tasks,
}


def children_loader(node):
    """Return ``loader(session, node) -> [Node]`` for the node, or None for a leaf."""
    return _LOADERS.get(node.kind)


def node_path_for(entity):
    """The sibling keys from the root down to an entity of a search hit.

    Returns None when the entity's links do not say where it sits. Entity links
    must be loaded: ``project``, ``sg_sequence``, ``sg_asset_type`` or ``entity``.
    """
    project = entity.get("project")
    if not project:
        return None
    top = [("Project", project["id"])]
    if entity.type == "Shot":
        sequence = entity.get("sg_sequence")
        if not sequence:
            return None
        return [
            *top,
            ("group", "Sequences"),
            ("Sequence", sequence["id"]),
            _key(entity),
        ]
    if entity.type == "Asset":
        asset_type = entity.get("sg_asset_type") or _UNTYPED_ASSETS
        return [*top, ("group", "Assets"), ("group", asset_type), _key(entity)]
    if entity.type == "Sequence":
        return [*top, ("group", "Sequences"), _key(entity)]
    return None


def _key(entity):
    return (entity.type, entity.id)
