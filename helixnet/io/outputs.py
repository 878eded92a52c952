"""The one guard every write goes through: outputs never touch inputs, and appear whole.

Every command that writes (``metrics``, ``map``, ``report``, ``scenarios``, ``import ...``)
routes its output through this module, and so must any new command or output kind:

1. :func:`check_output` is called as soon as the options are parsed, before any work, so a
   bad ``--out`` is refused in a second instead of after an hour of analysis. It resolves
   the real paths (symbolic links followed, ``..`` removed) of the output, of every input
   the caller names (data directory, scenario, mapping and curation files, ...) and of the
   working directory, and raises :class:`~helixnet.errors.OutputError` naming both paths
   when the output

   - is an input, contains one, or lies inside one;
   - is the working directory or one of its parents (replacing it would take everything
     the user is working on with it);
   - is itself a symbolic link (it is neither followed nor replaced silently: give the
     link's target, or remove the link);
   - is an existing directory that is not empty and was not written by helixnet (no
     :data:`MANIFEST` file in it), unless ``force`` is given;
   - exists but is of the wrong kind (a file where a directory is written, or the reverse).

2. :func:`staged_output` is a context manager around the actual writing. It checks again
   (the file system may have changed meanwhile), yields a :class:`StagedOutput` whose
   ``path`` is a hidden staging sibling of the target (``.<name>.staging-<pid>-<random>``,
   a directory, or for ``kind="file"`` a temporary file), and when the block ends without
   an exception it writes the manifest and swaps the staging copy in whole (one atomic
   ``renameat2`` exchange on Linux; see :func:`helixnet.io.atomic.replace_directory`). If
   the block raises, the staging copy is removed and the previous output is untouched.
   Staging left by a killed run (its process is gone) is removed by the next run.

Typical use::

    check_output(out, inputs=[data], force=force)        # before any work
    analysis = analyse(data)
    with staged_output(out, inputs=[data], force=force, label="metrics") as staged:
        write_tables(analysis, staged.path)                # writes into the staging copy

``import`` updates its data directory in place and has its own staging
(:mod:`helixnet.io.imports.refresh`); it calls :func:`check_output` with
``kind="data"``, which applies every path rule above except the manifest rule.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from helixnet.errors import OutputError

#: The file that marks a directory as a helixnet output (safe to replace as a whole).
MANIFEST = ".helixnet-output.json"

OutputKind = Literal["directory", "file", "data"]


@dataclass(frozen=True)
class StagedOutput:
    """Where a staged output is written now (``path``) and where it ends up (``target``)."""

    target: Path
    path: Path

    def final(self, written: str | Path) -> Path:
        """The final location of ``written``, a path inside :attr:`path`."""
        written = Path(written)
        if written == self.path:
            return self.target
        return self.target / written.relative_to(self.path)


def check_output(path: str | Path, inputs: Iterable[str | Path | None] = (), *, force: bool = False,
                 kind: OutputKind = "directory", option: str = "--out") -> Path:
    """Refuse an output that could overwrite, hide or delete an input; return its real path.

    Parameters
    ----------
    path : str or Path
        The output (a directory, or a file for ``kind="file"``).
    inputs : iterable of str or Path
        Every file and directory the command reads; ``None`` entries are skipped.
    force : bool
        Replace an existing non-empty directory that holds no helixnet manifest.
    kind : {"directory", "file", "data"}
        What is written: a directory replaced as a whole, one file, or a data directory
        updated in place by an import (no manifest rule).
    option : str
        The option that named the output, for the message.

    Returns
    -------
    Path
        The resolved output path.

    Raises
    ------
    OutputError
        On any of the rules listed in the module documentation.
    """
    given = Path(path)
    shown = f"{option} {str(given)!r}"
    if given.is_symlink():
        raise OutputError(f"{shown}: is a symbolic link (to {os.readlink(given)!r}); helixnet neither writes "
                          "through nor replaces a link; expected a real path (give the link's target, or remove "
                          "the link)")
    real = _real(given)
    cwd = _real(Path.cwd())
    if real == cwd or real in cwd.parents:
        what = "is the working directory" if real == cwd else f"contains the working directory {str(cwd)!r}"
        raise OutputError(f"{shown}: {what}; replacing it would delete everything in it; expected a new or "
                          "helixnet-written directory, e.g. reports/")
    for item in inputs:
        if item is None:
            continue
        source = _real(Path(item))
        if real == source:
            relation = "is the input"
        elif real in source.parents:
            relation = "contains the input"
        elif source in real.parents:
            relation = "is inside the input"
        else:
            continue
        really = "" if Path(item).absolute() == source else f" (really {str(source)!r})"
        raise OutputError(f"{shown}: {relation} {str(item)!r}{really}; writing there would overwrite or "
                          "delete it; expected an output path outside every input")
    if given.exists():
        if kind == "file" and given.is_dir():
            raise OutputError(f"{shown}: is a directory; expected a file name")
        if kind != "file" and not given.is_dir():
            raise OutputError(f"{shown}: exists and is not a directory; expected a directory")
        if kind == "directory" and not force and not is_helixnet_output(given) and any(given.iterdir()):
            raise OutputError(f"{shown}: is a directory helixnet did not write (no {MANIFEST} in it) and it "
                              "is not empty; expected a new, empty or helixnet-written directory (or --force to "
                              "replace it and everything in it)")
    return real


def is_helixnet_output(directory: str | Path) -> bool:
    """Whether ``directory`` holds a helixnet manifest (it was written by helixnet)."""
    return (Path(directory) / MANIFEST).is_file()


def manifest_bytes(label: str) -> bytes:
    """The manifest of an output of ``label`` (e.g. ``"report"``); no dates, so equal runs give equal bytes."""
    from helixnet import __version__

    text = json.dumps({"written_by": "helixnet", "version": __version__, "output": label,
                       "note": "replaced as a whole by the next helixnet run that writes here"}, indent=2)
    return (text + "\n").encode("utf-8")


@contextmanager
def staged_output(path: str | Path, inputs: Iterable[str | Path | None] = (), *, force: bool = False,
                  kind: Literal["directory", "file"] = "directory", label: str = "output",
                  option: str = "--out") -> Iterator[StagedOutput]:
    """Check ``path`` (:func:`check_output`), stage the output beside it, swap it in whole.

    Yields
    ------
    StagedOutput
        Write into ``staged.path``: an empty hidden directory beside ``path`` (or, for
        ``kind="file"``, a hidden temporary file name). When the block ends normally the
        manifest is added (directories) and the staging copy replaces ``path`` atomically;
        when it raises, the staging copy is removed and ``path`` is untouched.

    Raises
    ------
    OutputError
        If the output is refused or cannot be written.
    """
    import tempfile

    from helixnet.io.atomic import _current_umask as _umask
    from helixnet.io.atomic import recover_directory, remove_stale_temporaries, replace_directory, temp_prefix

    inputs = list(inputs)
    check_output(path, inputs, force=force, kind=kind, option=option)
    target = Path(path)
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if kind == "file":
            remove_stale_temporaries(parent, f".{target.name}.staging-")
            handle, name = tempfile.mkstemp(prefix=temp_prefix(f".{target.name}.staging-"), dir=parent)
            os.close(handle)
            staging = Path(name)
        else:
            recover_directory(target, "staging")  # what a killed run left: its staging, or an output mid-swap
            staging = Path(tempfile.mkdtemp(prefix=temp_prefix(f".{target.name}.staging-"), dir=parent))
            os.chmod(staging, 0o777 & ~_umask())
    except OSError as exc:
        raise OutputError(f"{target}: cannot create a staging copy beside it ({exc.strerror}); "
                          "expected a writable location") from None
    try:
        yield StagedOutput(target=target, path=staging)
        check_output(path, inputs, force=force, kind=kind, option=option)  # nothing changed under us
        try:
            if kind == "file":
                os.chmod(staging, 0o666 & ~_umask())
                os.replace(staging, target)
            else:
                (staging / MANIFEST).write_bytes(manifest_bytes(label))
                replace_directory(staging, target)
        except OSError as exc:
            raise OutputError(f"{target}: cannot put the new output in place ({exc.strerror}); "
                              "the previous one was kept") from None
    finally:
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging, ignore_errors=True)
        elif os.path.lexists(staging):
            staging.unlink(missing_ok=True)


def _real(path: Path) -> Path:
    """``path`` with symbolic links and ``..`` resolved (parts that do not exist yet kept as given)."""
    return Path(os.path.realpath(path))
