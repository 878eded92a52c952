"""Refuse XLSX files that would take unbounded time or memory to read, before reading them.

An XLSX file is a zip archive of XML parts. openpyxl parses them with expat, whose time is
quadratic in the length of one token (a 32 MB XML comment in a 36 KB file took 100 s), and
a zip can expand a thousandfold. :func:`check_workbook` streams every part once (linear
time, constant memory) and refuses the file when a part expands beyond
``HELIXNET_MAX_XLSX_PART`` bytes or holds a token (text, comment, tag) longer than
``HELIXNET_MAX_XLSX_TOKEN`` bytes (see :mod:`helixnet.limits`). Real workbooks stay far
below both: Excel limits a cell to 32,767 characters.
"""

from __future__ import annotations

from pathlib import Path

from helixnet.errors import DataError

_CHUNK = 1 << 20


def check_workbook(path: str | Path) -> None:
    """Check every part of the XLSX archive ``path`` against the size limits.

    A token is measured as the distance between consecutive ``<`` and ``>`` characters,
    which bounds every text node, comment, attribute value and tag.

    Raises
    ------
    DataError
        Naming the file, the part, the byte offset, the size seen, the limit and the
        variable that raises it. Archives that are not zip files are left to the reader.
    """
    import zipfile
    import zlib

    import numpy as np

    from helixnet.limits import (DEFAULT_MAX_XLSX_PART, DEFAULT_MAX_XLSX_TOKEN, MAX_XLSX_PART_ENV,
                                 MAX_XLSX_TOKEN_ENV, env_limit)

    max_part = env_limit(MAX_XLSX_PART_ENV, DEFAULT_MAX_XLSX_PART, "bytes")
    max_token = env_limit(MAX_XLSX_TOKEN_ENV, DEFAULT_MAX_XLSX_TOKEN, "bytes")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a workbook: the reader says so with its own message
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            size, last_mark = 0, 0
            try:
                with archive.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        marks = np.flatnonzero(np.isin(np.frombuffer(chunk, dtype=np.uint8), (60, 62))) + size
                        edges = np.concatenate(([last_mark], marks, [size + len(chunk)]))
                        gaps = np.diff(edges)
                        if len(gaps) and gaps.max() > max_token:
                            where = int(edges[int(gaps.argmax())])
                            raise DataError(f"part {info.filename!r} holds a token of more than {max_token:,} bytes "
                                            f"at byte {where:,} (a text, comment or tag that long makes the XML "
                                            f"parser quadratic); expected workbook cells of at most 32,767 "
                                            f"characters (raise the limit with {MAX_XLSX_TOKEN_ENV}=N)",
                                            path=str(path))
                        last_mark = int(marks[-1]) if len(marks) else last_mark
                        size += len(chunk)
                        if size > max_part:
                            raise DataError(f"part {info.filename!r} expands to more than {max_part:,} bytes; "
                                            f"expected a workbook part of at most {max_part:,} bytes (raise the "
                                            f"limit with {MAX_XLSX_PART_ENV}=N)", path=str(path))
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
                return  # a broken archive: the reader reports it
