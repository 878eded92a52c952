"""Atomic file output: write to a temporary file beside the target, then rename.

A run that fails or is killed part-way leaves the earlier output intact and no partial
file under the target name. The temporary file is hidden and names the writing process,
``.<name>.<pid>-<random>.tmp``; one left behind by a process that was killed (SIGKILL,
power loss) is removed by the next write to the same target.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from helixnet.errors import OutputError

_TEMP_SUFFIX = ".tmp"


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, creating parent directories."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target.parent, f".{target.name}.", _TEMP_SUFFIX)
        handle, temp_name = tempfile.mkstemp(prefix=temp_prefix(f".{target.name}."), suffix=_TEMP_SUFFIX,
                                             dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror}); expected a writable location") from None
    try:
        os.chmod(temp_name, 0o666 & ~_current_umask())  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, target)
    except OSError as exc:  # disk full, target is a directory, ...: the previous file stays
        Path(temp_name).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({exc.strerror}); expected a writable location for a file"
                          + (" (it is a directory)" if target.is_dir() else "")) from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    return write_bytes(path, text.encode("utf-8"))


def temp_prefix(stem: str) -> str:
    """``stem`` plus this process's id: the prefix of a temporary name :func:`remove_stale_temporaries` knows."""
    return f"{stem}{os.getpid()}-"


def remove_stale_temporaries(directory: Path, stem: str, suffix: str = "") -> list[Path]:
    """Remove temporaries ``<stem><pid>-<random><suffix>`` in ``directory`` whose process is gone.

    Files and directories of a running process (this one included) are left alone, as is
    anything that does not match the pattern exactly. Returns what was removed.
    """
    import shutil

    pattern = _temp_pattern(stem, suffix)
    removed = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or process_alive(int(match.group(1))):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue  # another process cleaned it first, or it is not ours to remove
        removed.append(Path(entry.path))
    return removed


def _temp_pattern(stem: str, suffix: str = "") -> "re.Pattern[str]":
    """``<stem><pid>`` or ``<stem><pid>-<random>``, then ``suffix``; group 1 is the pid."""
    return re.compile(re.escape(stem) + r"(\d+)(?:-[A-Za-z0-9_]+)?" + re.escape(suffix) + r"\Z")


def replace_directory(new: str | Path, target: str | Path) -> None:
    """Put the directory ``new`` in the place of ``target`` atomically; the old one is removed.

    On Linux both are swapped with one ``renameat2(RENAME_EXCHANGE)``, so ``target`` is
    always complete, old or new. Elsewhere ``target`` is renamed to a hidden
    ``.<name>.previous-<pid>-<random>`` backup first and :func:`recover_directory` puts it
    back if the process dies between the two renames.
    """
    import shutil

    new, target = Path(new), Path(target)
    if not target.exists():
        os.rename(new, target)
        return
    if exchange_paths(new, target):  # target now holds the new content, new the old
        shutil.rmtree(new, ignore_errors=True)
        return
    backup = Path(tempfile.mkdtemp(prefix=temp_prefix(f".{target.name}.previous-"), dir=target.parent))
    os.rmdir(backup)  # reserve a unique name; rename needs it absent
    os.rename(target, backup)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def recover_directory(target: str | Path, *temporaries: str) -> None:
    """Undo what a killed :func:`replace_directory` (and the run around it) left beside ``target``.

    A missing ``target`` with a backup of a dead process is restored from that backup; then
    backups and the temporaries ``.<name>.<kind>-<pid>...`` of dead processes (``kind`` from
    ``temporaries``, e.g. ``"staging"``) are removed.
    """
    target = Path(target)
    parent = target.absolute().parent
    if not target.exists() and parent.is_dir():
        pattern = _temp_pattern(f".{target.name}.previous-")
        backups = sorted((p for p in parent.iterdir() if p.is_dir() and (m := pattern.match(p.name))
                          and not process_alive(int(m.group(1)))), key=lambda p: p.stat().st_mtime)
        if backups:
            os.rename(backups[-1], target)
    for kind in ("previous", *temporaries):
        remove_stale_temporaries(parent, f".{target.name}.{kind}-")


def exchange_paths(first: str | Path, second: str | Path) -> bool:
    """Atomically swap two directory entries (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    Returns False where the system or file system cannot, so the caller falls back.
    """
    import ctypes
    import errno

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(second))


def process_alive(pid: int) -> bool:
    """Whether a process with id ``pid`` exists (on this machine)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return True
    return True


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
