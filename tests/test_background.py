"""A function call in a second Python process: value, errors, and no orphan when the caller dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helixnet.background import BackgroundCall
from helixnet.errors import HelixnetError, OutputError
from helixnet.io.atomic import process_alive
from tests import background_calls
from tests.helpers import REPO


def test_the_value_comes_back_from_another_process_with_one_thread_per_pool():
    with BackgroundCall(background_calls.describe, [1, 2.5, "drie"], suffix="x") as call:
        result = call.result()
    assert result["value"] == [1, 2.5, "drie"] and result["suffix"] == "x"
    assert result["pid"] != os.getpid()
    assert result["numba_threads"] == "1"


def test_the_callers_error_is_raised_here_with_its_type_and_message():
    with BackgroundCall(background_calls.fail_like_a_full_disk, "anything") as call:
        with pytest.raises(OutputError, match="no space left on device"):
            call.result()


def test_an_outcome_that_cannot_be_pickled_is_an_error_saying_so():
    with BackgroundCall(background_calls.unpicklable_result) as call:
        with pytest.raises(HelixnetError, match="could not return its outcome"):
            call.result()


def test_a_process_that_dies_without_an_outcome_is_an_error_with_its_exit_code():
    with BackgroundCall(background_calls.die_hard) as call:
        with pytest.raises(HelixnetError, match="ended with exit code 9 before it finished"):
            call.result()


def test_leaving_early_stops_the_call(tmp_path):
    marker = tmp_path / "marker"
    with BackgroundCall(background_calls.sleep_then_touch, 30, str(marker)) as call:
        _wait_for(marker.with_name("marker.started"))
    pid = int(marker.with_name("marker.started").read_text())
    assert not _running(pid)
    assert not marker.exists()


_PARENT = """
import sys, time
from helixnet.background import BackgroundCall
from tests import background_calls
call = BackgroundCall(background_calls.sleep_then_touch, 30, sys.argv[1])
time.sleep(600)
"""


def test_a_killed_caller_leaves_no_process_behind(tmp_path):
    """SIGKILL gives the caller no chance to clean up: the child sees its input pipe close
    and ends itself, instead of writing on into outputs nobody will keep."""
    marker = tmp_path / "marker"
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, str(marker)], cwd=REPO)
    try:
        _wait_for(marker.with_name("marker.started"))
        child = int(marker.with_name("marker.started").read_text())
        assert process_alive(child)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)
    assert not marker.exists()


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for whoever adopted it to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return process_alive(pid)
    return state not in ("Z", "X")


def _wait_for(path: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} did not appear"
        time.sleep(0.02)
