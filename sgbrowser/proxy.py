"""The tree's filter: rows whose name holds the search text, search hits, and
the ancestors of both."""

from qtpy import QtCore

__all__ = ["SearchFilterProxy"]


class SearchFilterProxy(QtCore.QSortFilterProxyModel):
    """Shows every row while the search is empty; else the matches and their
    ancestors. Unloaded rows that do not match stay hidden until loaded."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._text = ""
        self._hits = frozenset()

    def set_search(self, text, hits=()):
        """Filter on ``text`` (case-insensitive) and keep rows keyed by ``hits``."""
        self._text = text.strip().casefold()
        self._hits = frozenset(hits)
        self.invalidateFilter()

    def add_hits(self, hits):
        self._hits = self._hits | frozenset(hits)
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent):
        if not self._text:
            return True
        model = self.sourceModel()
        if model is None:
            return False
        node = model.node_from_index(model.index(source_row, 0, source_parent))
        if node.key in self._hits:
            return True
        return self._text in (node.name or "").casefold()
