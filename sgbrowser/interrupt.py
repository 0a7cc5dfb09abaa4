"""Ctrl+C in the standalone app: a clean quit instead of a traceback in a slot."""

import signal

from qtpy import QtCore

__all__ = ["INTERRUPTED_STATUS", "QuitOnInterrupt"]

#: The exit status of a run ended by SIGINT, as shells report it.
INTERRUPTED_STATUS = 130

#: How often the interpreter wakes while Qt waits, to run a pending signal handler.
_WAKE_MS = 200


class QuitOnInterrupt(QtCore.QObject):
    """While entered, SIGINT marks the run interrupted and ends the Qt event loops,
    the one running and any started later, instead of raising KeyboardInterrupt.

    Python runs signal handlers only between bytecodes, so a timer wakes the
    interpreter a few times a second while Qt waits for events. The handler can
    run inside a virtual method Qt called, where raising would be lost; it posts
    the quit instead, so it also reaches a loop that has not started yet.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.interrupted = False
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(_WAKE_MS)
        self._timer.timeout.connect(self._wake)
        self._previous = None

    def __enter__(self):
        self._previous = signal.signal(signal.SIGINT, self._on_interrupt)
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        self._timer.stop()
        signal.signal(signal.SIGINT, self._previous)

    def _wake(self):
        """Nothing to do: running it lets Python call a pending handler."""

    def _on_interrupt(self, signum, frame):
        self.interrupted = True
        QtCore.QTimer.singleShot(0, self._quit)

    def _quit(self):
        QtCore.QCoreApplication.exit(INTERRUPTED_STATUS)
