"""ahpfw.speed.forked: work in a forked copy of the process, its result or its error sent back."""

from __future__ import annotations

import os
import time

import pytest

from ahpfw.speed import forked

pytestmark = pytest.mark.skipif(not forked.CAN_FORK, reason="forking is used on Linux only")


def test_the_result_comes_back_and_the_copy_is_collected():
    data = {"ids": [f"ahpfw:CAP-{i:04d}" for i in range(1000)]}  # shared with the copy, not sent to it
    job = forked.Forked(lambda: (os.getpid(), len(data["ids"])))
    pid, count = job.result()
    assert pid == job.pid != os.getpid() and count == 1000
    with pytest.raises(ChildProcessError):
        os.waitpid(job.pid, os.WNOHANG)  # already collected


def test_an_error_in_the_copy_is_raised_here():
    def work():
        raise ValueError("cannot do this")

    with pytest.raises(ValueError, match="cannot do this"):
        forked.Forked(work).result()


def test_ready_says_when_the_result_can_be_read():
    job = forked.Forked(lambda: time.sleep(0.3) or "done")
    assert not job.ready()
    deadline = time.monotonic() + 30
    while not job.ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job.ready() and job.result() == "done"


def test_stop_ends_a_copy_still_working():
    job = forked.Forked(lambda: time.sleep(60))
    started = time.monotonic()
    job.stop()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(job.pid, os.WNOHANG)
