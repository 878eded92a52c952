"""Progress bars for long stages, shown on stderr when a person is watching.

Library functions take ``progress: bool = False``; the CLI passes ``True``. A bar is drawn
only when asked for *and* stderr is a terminal (tqdm's automatic mode) unless the
environment variable ``HELIXNET_PROGRESS`` forces it (``1``) or silences it (``0``), so
logs, pipes and tests stay clean.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def _disable(enabled: bool) -> bool | None:
    """tqdm's ``disable`` argument: True (off), False (on) or None (on for a terminal)."""
    forced = os.environ.get("HELIXNET_PROGRESS", "").strip()
    if forced == "0" or not enabled:
        return True
    if forced == "1":
        return False
    return None


@contextmanager
def stage(description: str, total: int | None = None, enabled: bool = False, unit: str = "it") -> Iterator:
    """A progress bar for one stage: ``with stage("betweenness", n) as bar: bar.update(k)``."""
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=description, unit=unit, disable=_disable(enabled), leave=False,
               dynamic_ncols=True, mininterval=0.5)
    try:
        yield bar
    finally:
        bar.close()


def track(items: Iterable[T], description: str, total: int | None = None, enabled: bool = False,
          unit: str = "it") -> Iterator[T]:
    """Iterate over ``items`` with a progress bar (see :func:`stage`)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with stage(description, total, enabled, unit) as bar:
        for item in items:
            yield item
            bar.update(1)
