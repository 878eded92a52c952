"""Atomic file output: write to a temporary file beside the target, then rename.

A run that fails or is killed part-way leaves the earlier output intact and no partial
file under the target name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from helixnet.errors import OutputError


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, creating parent directories."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror}); expected a writable location") from None
    try:
        os.chmod(temp_name, 0o666 & ~_current_umask())  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    return write_bytes(path, text.encode("utf-8"))


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
