"""A scripted walk to the first shot, for screenshots and benchmarks."""

from qtpy import QtCore

from sgbrowser.roles import THUMBNAIL_ROLE

__all__ = ["FirstShotTour"]

#: The kinds of row walked through, from the top, to reach a shot.
SHOT_ROUTE = ("Project", "sequences", "Sequence", "Shot")


class FirstShotTour(QtCore.QObject):
    """Expands the first project down to its first shot with versions, selects
    it and waits until every load (versions, thumbnails, details) has finished."""

    def __init__(self, panel, route=SHOT_ROUTE, also_expand=("assets",)):
        super().__init__(panel)
        self._panel = panel
        self._route = route
        self._also_expand = also_expand
        self._loop = QtCore.QEventLoop(self)
        self._selected = False
        self.failure = None
        self.succeeded = False

    def run(self, timeout_ms):
        """Walk, wait for the last load, and return whether it got there."""
        if self._panel.model is None:
            self.failure = "the browser has no site to show"
            return False
        self._panel.pool.idle.connect(self._step)
        self._panel.model.load_failed.connect(self._on_failed)
        QtCore.QTimer.singleShot(0, self._step)
        QtCore.QTimer.singleShot(timeout_ms, self._on_timeout)
        self._loop.exec()
        return self.succeeded

    def _finish(self, failure=None):
        self.failure = failure
        self.succeeded = failure is None
        self._panel.pool.idle.disconnect(self._step)
        self._loop.quit()

    def _on_timeout(self):
        if self._loop.isRunning():
            self._finish("the first load did not finish in time")

    def _on_failed(self, node, error):
        if self._loop.isRunning():
            self._finish(f"loading {node.name or 'the projects'} failed: {error}")

    def _step(self):
        if not self._loop.isRunning() or self._panel.pool.pending:
            return
        if self._selected:
            if not self._request_thumbnails():
                self._finish()
            return
        model = self._panel.model
        node = model.root
        for kind in self._route:
            if node.ticket is not None:
                return
            if model.canFetchMore(model.index_of(node)):
                model.fetchMore(model.index_of(node))
                return
            node = next((c for c in node.children if c.kind == kind), None)
            if node is None:
                self._finish(f"the site has no {kind} to show")
                return
        for ancestor in node.ancestors():
            for sibling in ancestor.children:
                if sibling.kind in self._also_expand:
                    self._reveal(sibling, select=False)
        self._reveal(node, select=True)
        self._selected = True
        if not self._panel.pool.pending:
            QtCore.QTimer.singleShot(0, self._step)

    def _request_thumbnails(self):
        """Ask for every listed thumbnail; True when some are still to load."""
        model = self._panel.versions_model
        for row in range(model.rowCount()):
            model.index(row, 0).data(THUMBNAIL_ROLE)
        return bool(self._panel.pool.pending)

    def _reveal(self, node, select):
        path = [n.key for n in node.ancestors()] + [node.key]
        self._panel.reveal(path, select=select)
        if not select:
            self._panel.tree.expand(
                self._panel.view_index(self._panel.model.index_of(node))
            )
