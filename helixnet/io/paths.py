"""Output paths built from names that come from data (cluster ids, scenario names).

Such names must never steer a write outside the chosen output directory: ``..``, path
separators, drive letters, control characters and reserved device names are replaced, and
the result is checked to lie inside the directory.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from helixnet.errors import OutputError

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})

#: Longest file-name stem produced by :func:`safe_name` (file systems allow 255 bytes).
MAX_STEM = 80


def safe_name(name: object, fallback: str = "item") -> str:
    """A file-name stem made of ``[A-Za-z0-9._-]`` from any ``name``.

    Accents are folded (``Flanders'FOOD`` -> ``Flanders_FOOD``), other characters become
    ``_``, leading dots and ``..`` sequences are removed, reserved device names get a
    ``_`` suffix, and the stem is cut to :data:`MAX_STEM` characters. Returns ``fallback``
    when nothing usable is left.
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\.{2,}", "_", text).strip("._ ")[:MAX_STEM].strip("._ ")
    if not text:
        return fallback
    if text.lower().split(".")[0] in _RESERVED:
        text += "_"
    return text


def confined(directory: str | Path, *parts: str) -> Path:
    """``directory / parts...`` after checking it stays inside ``directory``.

    Raises
    ------
    OutputError
        If the resolved path lies outside ``directory`` (e.g. a part holds ``..``).
    """
    base = Path(directory).resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise OutputError(f"{Path(directory).joinpath(*parts)}: resolves outside the output directory {base}; "
                          "expected a path inside it")
    return target


def unique_safe_names(names: list[object], fallback: str = "item") -> list[str]:
    """:func:`safe_name` of each of ``names``, in order, with ``-2``, ``-3``... added to collisions
    (equal names included, so every item gets a file of its own)."""
    taken: set[str] = set()
    stems: list[str] = []
    for name in names:
        stem = base = safe_name(name, fallback)
        n = 1
        while stem.lower() in taken:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem.lower())
        stems.append(stem)
    return stems
