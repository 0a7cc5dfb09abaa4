"""A bounded pool of worker threads whose outcomes come back on the GUI thread."""

import itertools
import logging
import threading

from qtpy import QtCore

from sgbrowser.errors import PoolClosed

__all__ = ["Ticket", "WorkerPool"]

log = logging.getLogger(__name__)

_ticket_ids = itertools.count(1)


class Ticket:
    """One submitted call: cancel it, or ask whether it is still wanted.

    A worker that finds its ticket cancelled skips the call; an answer that arrives
    for a cancelled ticket is dropped on the GUI thread.
    """

    def __init__(self, label):
        self.id = next(_ticket_ids)
        self.label = label
        self._cancelled = threading.Event()

    @property
    def cancelled(self):
        return self._cancelled.is_set()

    def cancel(self):
        self._cancelled.set()

    def wait_cancelled(self, timeout=None):
        """Block a worker until the ticket is cancelled; True if it was."""
        return self._cancelled.wait(timeout)

    def __repr__(self):
        state = " cancelled" if self.cancelled else ""
        return f"<Ticket {self.id} {self.label}{state}>"


class _Relay(QtCore.QObject):
    """Carries outcomes from worker threads to the GUI thread (queued signals)."""

    returned = QtCore.Signal(object, object)
    errored = QtCore.Signal(object, object)
    finished = QtCore.Signal(object)


class _Job(QtCore.QRunnable):
    def __init__(self, relay, ticket, call, args):
        super().__init__()
        self.setAutoDelete(False)
        self._relay = relay
        self._ticket = ticket
        self._call = call
        self._args = args

    def run(self):
        ticket = self._ticket
        try:
            if not ticket.cancelled:
                result = self._call(*self._args)
                self._relay.returned.emit(ticket, result)
        except Exception as error:
            self._relay.errored.emit(ticket, error)
        finally:
            self._relay.finished.emit(ticket)


class WorkerPool(QtCore.QObject):
    """Runs calls on a few threads; callbacks run on the GUI thread.

    ``submit(call, *args, on_result=..., on_error=...)`` returns a `Ticket`. Exactly
    one of the callbacks runs for a ticket that is not cancelled; none runs for one
    that is. `close()` cancels what is queued and waits for what is running.
    """

    returned = QtCore.Signal(object, object)
    errored = QtCore.Signal(object, object)
    busy_changed = QtCore.Signal(int)
    idle = QtCore.Signal()

    def __init__(self, max_threads=4, parent=None):
        super().__init__(parent)
        self._threads = QtCore.QThreadPool(self)
        self._threads.setMaxThreadCount(max_threads)
        self._relay = _Relay()
        self._relay.returned.connect(self._on_returned)
        self._relay.errored.connect(self._on_errored)
        self._relay.finished.connect(self._on_finished)
        self._jobs = {}
        self._callbacks = {}
        self._closed = False

    @property
    def closed(self):
        return self._closed

    @property
    def pending(self):
        """How many submitted calls have not finished yet."""
        return len(self._jobs)

    def submit(self, call, *args, on_result=None, on_error=None, label=None):
        if self._closed:
            raise PoolClosed(
                f"cannot run {label or call!r}: the worker pool is closed; "
                "create a new browser panel to load more"
            )
        ticket = Ticket(label or getattr(call, "__name__", "call"))
        job = _Job(self._relay, ticket, call, args)
        self._jobs[ticket] = job
        self._callbacks[ticket] = (on_result, on_error)
        self._threads.start(job)
        self.busy_changed.emit(len(self._jobs))
        return ticket

    def wait(self, msecs=-1):
        """Block until every running call returns; True when none is left."""
        return self._threads.waitForDone(msecs)

    @property
    def running(self):
        """How many calls are running on a thread right now."""
        return self._threads.activeThreadCount()

    def close(self, wait_ms=-1):
        """Cancel queued calls, wait for running ones and refuse new ones.

        ``wait_ms`` bounds the wait (-1: no bound); returns True when no call is
        still running. A call that outlives the wait is abandoned: its outcome is
        dropped, and the process should not wait for its thread at exit.
        """
        if not self._closed:
            self._closed = True
            for ticket in list(self._jobs):
                ticket.cancel()
            self._threads.clear()
            self._jobs.clear()
            self._callbacks.clear()
        done = self._threads.waitForDone(wait_ms)
        if done:
            log.debug("worker pool closed")
        else:
            log.warning(
                "worker pool closed with %s call(s) still running after %s ms",
                self.running,
                wait_ms,
            )
        return done

    def _on_returned(self, ticket, result):
        on_result, _ = self._callbacks.get(ticket, (None, None))
        if ticket.cancelled or self._closed:
            return
        self.returned.emit(ticket, result)
        if on_result is not None:
            on_result(result)

    def _on_errored(self, ticket, error):
        _, on_error = self._callbacks.get(ticket, (None, None))
        if ticket.cancelled or self._closed:
            return
        log.debug("%s failed: %s", ticket, error)
        self.errored.emit(ticket, error)
        if on_error is not None:
            on_error(error)

    def _on_finished(self, ticket):
        self._callbacks.pop(ticket, None)
        if self._jobs.pop(ticket, None) is None:
            return
        self.busy_changed.emit(len(self._jobs))
        if not self._jobs:
            self.idle.emit()
