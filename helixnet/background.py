"""One function call in a second Python process, while this process goes on.

``with BackgroundCall(function, *args) as call: ...; value = call.result()`` starts
``python -m helixnet.background`` at once, lets the caller work in the meantime and
returns the call's value (or raises its exception) when asked. The report uses it to write
the maps and the Gephi files while it typesets the document.

Why a fresh interpreter rather than :mod:`multiprocessing`: forking is unsafe once numba's
OpenMP threading layer has run in this process (the child is terminated with "fork()
called from a process already using GNU OpenMP"), and the spawn method imports the
caller's main script again in the child, which runs a script without an
``if __name__ == "__main__":`` guard a second time. ``python -m helixnet.background``
imports only helixnet and what the call needs.

The call and its outcome travel as pickles (:mod:`pickle`: ``function`` must be importable
by name, its arguments and its result picklable) in a private temporary directory that is
removed at the end. The child reads its standard input until the end: this process keeps
the pipe open while it waits, so when it dies (even by SIGKILL) the pipe closes and the
child exits at once instead of writing on into outputs nobody will keep. Leaving the
``with`` block before :meth:`BackgroundCall.result` (an error in the caller) kills the
child and waits for it.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

from helixnet.errors import HelixnetError, OptionError

#: Exit status of a child whose parent went away before the call ended.
ORPHANED = 70

_CALL, _OUTCOME = "call.pickle", "outcome.pickle"


class BackgroundCall:
    """``function(*args, **kwargs)`` running in a second Python process (see the module doc)."""

    def __init__(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._directory = Path(tempfile.mkdtemp(prefix="helixnet-call-"))
        try:
            (self._directory / _CALL).write_bytes(pickle.dumps((function, args, kwargs), pickle.HIGHEST_PROTOCOL))
            self._process = subprocess.Popen([sys.executable, "-m", "helixnet.background", str(self._directory)],
                                             stdin=subprocess.PIPE, env=_child_environment())
        except BaseException:
            shutil.rmtree(self._directory, ignore_errors=True)
            raise
        self._name = f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', function)}"

    def result(self) -> Any:
        """Wait for the call to end; its value, or the exception it raised (raised here).

        Raises
        ------
        HelixnetError
            If the second process ended without an outcome (killed, or out of memory).
        """
        try:
            code = self._process.wait()
            outcome = self._directory / _OUTCOME
            if not outcome.is_file():
                raise HelixnetError(f"the second process running {self._name} ended with exit code {code} "
                                    f"before it finished; expected it to finish (was it killed, or out of memory?)")
            succeeded, value = pickle.loads(outcome.read_bytes())
        finally:
            self.close()
        if succeeded:
            return value
        raise value

    def close(self) -> None:
        """Stop the second process if it still runs, and remove the temporary directory."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._process.stdin is not None:
            self._process.stdin.close()
        shutil.rmtree(self._directory, ignore_errors=True)

    def __enter__(self) -> "BackgroundCall":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


#: Thread pools the child limits to one thread (numba's, OpenMP's, the BLAS libraries'): it
#: runs beside this process, which goes on using the machine's cores.
THREAD_SETTINGS = ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class FinishedCall:
    """A call already made here: the same ``result()`` and ``with`` as :class:`BackgroundCall`."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        """The call's value."""
        return self._value

    def close(self) -> None:
        """Nothing to stop."""

    def __enter__(self) -> "FinishedCall":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def call(function: Callable[..., Any], *args: Any, beside: bool, **kwargs: Any) -> "BackgroundCall | FinishedCall":
    """``function(*args, **kwargs)`` in a second process when ``beside`` (a :class:`BackgroundCall`
    started now), else here and now (a :class:`FinishedCall`; its errors raised at once)."""
    if beside:
        return BackgroundCall(function, *args, **kwargs)
    return FinishedCall(function(*args, **kwargs))


def check_processes(processes: object) -> None:
    """Refuse a process count that is not a whole number of at least 1.

    Raises
    ------
    OptionError
        Naming the value and what is expected.
    """
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise OptionError(f"processes: {processes!r} is not allowed; expected a whole number of at least 1")


def _child_environment() -> dict[str, str]:
    """This environment, with the directory holding this helixnet first on the import path
    (so that the child runs the same code: a source checkout, not another installed copy)
    and one thread per pool (:data:`THREAD_SETTINGS`)."""
    home = str(Path(__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, **dict.fromkeys(THREAD_SETTINGS, "1"), "PYTHONPATH": home + (os.pathsep + path if path else "")}


def _run(directory: Path) -> None:
    """The child: run the pickled call in ``directory`` and leave its outcome beside it."""
    import threading
    import traceback

    threading.Thread(target=_exit_when_orphaned, daemon=True).start()
    function, args, kwargs = pickle.loads((directory / _CALL).read_bytes())
    try:
        outcome: tuple[bool, Any] = (True, function(*args, **kwargs))
    except Exception as error:  # noqa: BLE001 - every error goes back to the parent, raised there
        outcome = (False, error)
    try:
        data = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an outcome that does not pickle still reports what happened
        data = pickle.dumps((False, HelixnetError(f"the second process could not return its outcome:\n"
                                                  f"{traceback.format_exc()}")))
    partial = directory / (_OUTCOME + ".part")
    partial.write_bytes(data)
    os.replace(partial, directory / _OUTCOME)


def _exit_when_orphaned() -> None:
    """Block until the parent closes the pipe or dies; then end this process at once. (Reads
    the descriptor itself: a daemon thread blocked in a buffered stream would hold its lock
    when the interpreter shuts down after the call.)"""
    while os.read(0, 65536):
        pass
    os._exit(ORPHANED)


if __name__ == "__main__":
    _run(Path(sys.argv[1]))
