"""The browser as a host docks it: the panel, a status line and the host's actions."""

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable, Optional

from qtpy.QtCore import QObject
from qtpy.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

import sgbrowser
import sgsession

from .connection import open_session
from .errors import HostError
from .media import Media, load_media

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pick:
    """An entity the artist picked, with its media or the reason it has none."""

    entity: object
    media: Optional[Media] = None
    problem: Optional[Exception] = None


@dataclass(frozen=True)
class HostAction:
    """Something a host does with a pick.

    `run` returns the line shown in the status; `accepts` says whether the action
    applies to a pick; a default action runs as soon as an accepted pick arrives.
    """

    label: str
    run: Callable[[Pick], str]
    accepts: Callable[[Pick], bool]
    default: bool = False


class HostPanel(QWidget):
    """A BrowserPanel with a status line and one button per host action."""

    def __init__(
        self,
        actions: Sequence[HostAction] = (),
        site: Optional[str] = None,
        parent: Optional[QWidget] = None,
    ):
        super().__init__(parent)
        self._actions = tuple(actions)
        self._pick = None
        # Hosts delete a docked panel without closing it, so the browser gets no
        # closeEvent. Qt deletes children in the order they were added: when this
        # guard goes, the browser and its workers are still there to shut down.
        guard = QObject(self)

        self.browser = sgbrowser.BrowserPanel(parent=self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = {}
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        for action in self._actions:
            button = QPushButton(action.label, self)
            button.setEnabled(False)
            button.clicked.connect(functools.partial(self.run, action))
            bar.addWidget(button)
            self.buttons[action.label] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser, 1)
        layout.addLayout(bar)

        self.browser.entity_picked.connect(self.take_pick)
        self.browser.version_picked.connect(self.take_pick)
        self.session = open_session(self.browser, site)
        guard.destroyed.connect(
            functools.partial(_shut_down, self.browser, self.session)
        )

    def shutdown(self) -> None:
        """Stop the browser's workers, then close the session; safe to repeat.

        Runs by itself when the panel is deleted, whichever way the host closes
        it, before the browser and its workers go away.
        """
        _shut_down(self.browser, self.session)

    @property
    def pick(self) -> Optional[Pick]:
        """The last entity picked, or None before the first pick."""
        return self._pick

    def run(self, action: HostAction, *_clicked) -> None:
        """Run an action on the current pick, showing its outcome in the status."""
        if self._pick is None or not action.accepts(self._pick):
            return
        try:
            self.status.setText(action.run(self._pick))
        except HostError as error:
            logger.warning("%s failed: %s", action.label, error)
            self.status.setText(str(error))

    def take_pick(self, entity) -> None:
        """Make an entity the current pick and run the default actions it accepts."""
        try:
            pick = Pick(entity, media=load_media(entity))
        except (HostError, sgsession.SessionError) as error:
            logger.warning("no media for %s: %s", entity.display_name, error)
            pick = Pick(entity, problem=error)
        self._pick = pick
        self.status.setText(_describe(pick))
        for action in self._actions:
            self.buttons[action.label].setEnabled(action.accepts(pick))
        for action in self._actions:
            if action.default and action.accepts(pick):
                self.run(action)


def _describe(pick: Pick) -> str:
    name = pick.entity.display_name
    if pick.problem is not None:
        return str(pick.problem)
    if pick.media is None:
        return name
    if pick.media.has_range:
        return f"{name}: {pick.media.path} {pick.media.first}-{pick.media.last}"
    return f"{name}: {pick.media.path}"


def _shut_down(browser, session, *_destroyed) -> None:
    browser.shutdown()
    if session is not None:
        session.close()
