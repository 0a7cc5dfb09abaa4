"""WorkerPool: outcomes on the GUI thread, cancellation, clean shutdown."""

import threading

import pytest

from sgbrowser.errors import PoolClosed
from sgbrowser.workers import WorkerPool


def test_result_comes_back_on_the_gui_thread(qtbot, pool):
    seen = {}

    def work(value):
        seen["worker"] = threading.current_thread()
        return value * 2

    def on_result(result):
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    with qtbot.waitSignal(pool.returned):
        pool.submit(work, 21, on_result=on_result)

    assert seen["result"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()


def test_error_signal_carries_the_exception_object(qtbot, pool):
    error = ValueError("bad field 'sg_nope'")

    def work():
        raise error

    errors = []
    with qtbot.waitSignal(pool.errored) as signal:
        ticket = pool.submit(work, on_error=errors.append)

    assert signal.args == [ticket, error]
    assert errors == [error]


def test_cancelled_ticket_answer_is_dropped(qtbot, pool):
    gate = threading.Event()
    results = []
    ticket = pool.submit(gate.wait, 5, on_result=results.append)
    ticket.cancel()
    gate.set()

    with qtbot.waitSignal(pool.idle):
        pass

    assert results == []
    assert pool.pending == 0


def test_close_cancels_queued_work_waits_and_refuses_more(qapp):
    pool = WorkerPool(max_threads=1)
    started = threading.Event()
    submitted = threading.Event()
    tickets = []
    running = []

    def blocker():
        started.set()
        submitted.wait(5)
        running.append(tickets[0].wait_cancelled(5))

    ran = []
    tickets.append(pool.submit(blocker))
    submitted.set()
    queued = [pool.submit(ran.append, n) for n in range(5)]
    started.wait(5)

    pool.close()

    assert running == [True]
    assert pool.pending == 0
    assert all(ticket.cancelled for ticket in queued)
    assert ran == []
    with pytest.raises(PoolClosed, match="the worker pool is closed"):
        pool.submit(ran.append, 1)


def test_close_with_a_bound_abandons_a_call_that_outlives_it(qapp):
    pool = WorkerPool(max_threads=1)
    started, release = threading.Event(), threading.Event()
    answers = []

    def stuck():
        started.set()
        release.wait(30)
        return "late"

    pool.submit(stuck, on_result=answers.append)
    started.wait(5)

    assert pool.close(wait_ms=50) is False
    assert pool.running == 1

    release.set()

    assert pool.close() is True
    assert pool.running == 0
    qapp.processEvents()
    assert answers == [], "an abandoned call's answer is dropped"
