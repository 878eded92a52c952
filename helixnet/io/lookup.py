"""What every command resolves the same way: cluster ids and year windows.

The CLI and the library call these once per run (through :mod:`helixnet.pipeline`), so a
cluster id or a year window means the same thing for ``map``, ``report``, ``metrics``,
``scenarios`` and ``import members``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from helixnet.errors import OptionError

if TYPE_CHECKING:
    from helixnet.io.loader import Dataset


def resolve_cluster_id(cluster_ids: Iterable[str], given: str) -> str:
    """The cluster id meant by ``given``: exact, else the one id equal ignoring case.

    Parameters
    ----------
    cluster_ids : iterable of str
        The ids of the data's cluster organisations.
    given : str
        What the user typed (``--cluster VIL``).

    Returns
    -------
    str
        The id as the data spells it.

    Raises
    ------
    OptionError
        No cluster has that id, or several ids differ from it only in case (they are
        named).

    Examples
    --------
    >>> resolve_cluster_id(["vil", "flux50"], "VIL")
    'vil'
    """
    ids = list(dict.fromkeys(cluster_ids))
    if given in ids:
        return given
    folded = [c for c in ids if c.casefold() == str(given).casefold()]
    if len(folded) == 1:
        return folded[0]
    if folded:
        raise OptionError(f"cluster {given!r} matches several cluster ids that differ only in case "
                          f"({', '.join(folded)}); expected the exact id")
    shown = ", ".join(ids[:20]) + (f", ... ({len(ids)} in all)" if len(ids) > 20 else "")
    raise OptionError(f"cluster {given!r} is not a cluster organisation of the data; expected one of "
                      f"{shown or '(none: mark clusters in curation.toml)'}")


def check_window(dataset: "Dataset", start_year: int | None, end_year: int | None) -> None:
    """Refuse a year window in which no project of ``dataset`` started.

    Parameters
    ----------
    dataset : Dataset
    start_year, end_year : int or None
        The window (None = open); nothing is checked when both are None.

    Raises
    ------
    OptionError
        The window is reversed, or holds no project start; the message names the years
        the data holds (or says that no project has a start year).
    """
    if start_year is None and end_year is None:
        return
    if start_year is not None and end_year is not None and end_year < start_year:
        raise OptionError(f"end year {end_year} is before start year {start_year}; expected start <= end")
    starts = dataset.projects["start_year"].dropna().astype(int)
    window = f"{start_year if start_year is not None else '...'}-{end_year if end_year is not None else '...'}"
    if starts.empty:
        raise OptionError(f"no project started in {window}: no project of the data has a start year; expected data "
                          "with start years (import the projects file, e.g. --projects) or no --from-year/--to-year")
    inside = starts[((starts >= start_year) if start_year is not None else True)
                    & ((starts <= end_year) if end_year is not None else True)]
    if inside.empty:
        raise OptionError(f"no project started in {window}; expected a window within the years the data holds: "
                          f"{starts.min()}-{starts.max()}")
