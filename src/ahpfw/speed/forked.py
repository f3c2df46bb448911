"""Work done in a forked copy of this process while this one goes on, its result sent back through a pipe.

``ahpfw build`` uses it to write some export formats, and to run the semantic
rules, beside the exports this process writes: on a large framework each takes
many seconds, and a fork shares the loaded framework without copying or
reading it again. Only on Linux (:func:`available`): macOS's system libraries
are not safe to fork, and Windows cannot.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
from collections.abc import Callable
from contextlib import suppress
from typing import Any

#: True where this process can be forked safely (Linux)
CAN_FORK = sys.platform.startswith("linux") and hasattr(os, "fork")


def available() -> bool:
    """True where forking work is worth it: :data:`CAN_FORK`, with more than one CPU to run it on."""
    return CAN_FORK and (os.cpu_count() or 1) > 1


class Forked:
    """``work()`` run by a forked copy of this process; :meth:`result` waits for what it returned."""

    def __init__(self, work: Callable[[], Any]):
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the copy: work, send back the result or the error, and leave at once
            os.close(read)
            try:
                try:
                    message = pickle.dumps(("ok", work()))
                except BaseException as exc:  # noqa: BLE001 - every error goes back to the parent
                    try:
                        message = pickle.dumps(("error", exc))
                        pickle.loads(message)  # noqa: S301 - some exceptions pickle but cannot be rebuilt
                    except Exception:  # such an error goes back as its text
                        message = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(message)
            finally:
                os._exit(0)
        os.close(write)
        self.pipe = os.fdopen(read, "rb")
        self.done = False

    def ready(self) -> bool:
        """True once the copy has finished (its result can be read without waiting long)."""
        return self.done or bool(select.select([self.pipe], [], [], 0)[0])

    def result(self) -> Any:
        """What ``work()`` returned, once the copy has finished; its error, if it had one, raised here."""
        data = self.pipe.read()
        self.pipe.close()
        os.waitpid(self.pid, 0)
        self.done = True
        if not data:
            raise RuntimeError("the forked process stopped without a result")
        status, value = pickle.loads(data)  # noqa: S301 - from our own forked process
        if status != "ok":
            raise value
        return value

    def stop(self) -> None:
        """End the copy if it is still running (after an error here) and collect it."""
        if self.done:
            return
        self.done = True
        self.pipe.close()
        with suppress(ProcessLookupError, ChildProcessError):
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
