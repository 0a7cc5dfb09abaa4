"""Search: debounced queries to the site, and where each hit sits in the tree."""

import logging
from dataclasses import dataclass

from qtpy import QtCore

from sgbrowser.nodes import FIELDS, NAME_FIELDS, node_path_for

__all__ = ["SearchController", "SearchHit", "search_site"]

log = logging.getLogger(__name__)

#: Entity types searched, in the order hits are listed.
SEARCHED_TYPES = ("Shot", "Asset", "Task", "Version")

#: Links each searched type needs so its place in the tree is known.
_OWNER_FIELDS = {
    "Shot": ["sg_sequence", "project"],
    "Asset": ["sg_asset_type", "project"],
}


@dataclass(frozen=True)
class SearchHit:
    """One matching entity and the tree row that shows it (or its owner)."""

    entity: object
    path: tuple

    @property
    def key(self):
        return self.path[-1]


def search_site(session, text, project=None, limit=25):
    """Runs on a worker: the hits for ``text`` in each searched type.

    Versions and tasks are revealed through their shot or asset, whose links are
    fetched in one request per type when the session does not know them yet.
    """
    hits = []
    owners = {}
    for entity_type in SEARCHED_TYPES:
        field = NAME_FIELDS.get(entity_type, "code")
        filters = [[field, "contains", text]]
        if project is not None:
            filters.append(["project", "is", project.minimal()])
        fields = FIELDS.get(entity_type, [field, "entity", "project"])
        found = session.find(entity_type, filters, fields, limit=limit)
        for entity in found:
            owner = entity if entity_type in _OWNER_FIELDS else entity.get("entity")
            if owner and owner.get("type") in _OWNER_FIELDS:
                owners.setdefault(owner["type"], []).append((entity, owner))

    for owner_type, pairs in owners.items():
        wanted = _OWNER_FIELDS[owner_type]
        linked = [session.entity(owner) for _, owner in pairs]
        missing = [o for o in linked if any(name not in o for name in wanted)]
        if missing:
            session.fetch(missing, wanted)
        for (entity, _), owner in zip(pairs, linked):
            path = node_path_for(owner)
            if path is None:
                continue
            if entity.type == "Task":
                path = [*path, (entity.type, entity.id)]
            hits.append(SearchHit(entity, tuple(path)))
    return hits


class SearchController(QtCore.QObject):
    """Turns typing into one site search once the typing pauses.

    ``set_text`` restarts the debounce timer; the search runs on the worker pool
    and a newer text supersedes an older search's answer. ``finished`` carries the
    text and its hits; ``failed`` the text and the exception.
    """

    finished = QtCore.Signal(str, object)
    failed = QtCore.Signal(str, object)

    def __init__(self, session, pool, delay_ms=300, parent=None):
        super().__init__(parent)
        self._session = session
        self._pool = pool
        self._text = ""
        self._project = None
        self._ticket = None
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._run)

    @property
    def text(self):
        return self._text

    def set_session(self, session):
        self.cancel()
        self._session = session

    def set_text(self, text, project=None):
        self._text = text.strip()
        self._project = project
        if self._ticket is not None:
            self._ticket.cancel()
            self._ticket = None
        if len(self._text) < 2:
            self._timer.stop()
            return
        self._timer.start()

    def cancel(self):
        self._timer.stop()
        if self._ticket is not None:
            self._ticket.cancel()
            self._ticket = None

    def _run(self):
        if self._session is None or self._pool.closed:
            return
        text = self._text
        ticket = self._pool.submit(
            search_site,
            self._session,
            text,
            self._project,
            on_result=lambda hits: self._on_finished(ticket, text, hits),
            on_error=lambda error: self._on_failed(ticket, text, error),
            label=f"search {text!r}",
        )
        self._ticket = ticket

    def _on_finished(self, ticket, text, hits):
        if ticket is not self._ticket:
            return
        self._ticket = None
        log.debug("search %r: %d hits", text, len(hits))
        self.finished.emit(text, hits)

    def _on_failed(self, ticket, text, error):
        if ticket is not self._ticket:
            return
        self._ticket = None
        self.failed.emit(text, error)
