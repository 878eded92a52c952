"""Functions the background-call tests run in a second process (importable by name, as
:class:`helixnet.background.BackgroundCall` needs)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from helixnet.errors import OutputError


def describe(value: object, *, suffix: str = "") -> dict:
    """The value, the process that saw it and its thread settings."""
    return {"value": value, "suffix": suffix, "pid": os.getpid(), "numba_threads": os.environ.get("NUMBA_NUM_THREADS")}


def fail_like_a_full_disk(*args: object) -> None:
    raise OutputError("report/maps/network.html: no space left on device; expected room for the report")


def unpicklable_result() -> object:
    return lambda: None


def sleep_then_touch(seconds: float, marker: str) -> None:
    Path(marker + ".started").write_text(str(os.getpid()))
    time.sleep(seconds)
    Path(marker).write_text("still running")


def die_hard() -> None:
    os._exit(9)
