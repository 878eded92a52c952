"""Leydesdorff's helix synergy: mutual information among helices over project consortia.

Each project is one observation with a 0/1 *presence* flag per helix (does its consortium
include at least one knowledge institution, company, government body, citizen
organisation?). The mutual information among three (triple helix, ``T_UIG``) or four
(quadruple helix, ``T_UIGC``) such binary variables measures how far the helices co-occur
in a correlated way beyond their pairwise relations.

This runs on the **participation table** (the two-mode project-organisation data), not on
the collaboration graph: the observation is the consortium, not the tie.

- :func:`consortium_presence`: project x helix 0/1 table from a :class:`Dataset`.
- :func:`joint_entropies`: the Shannon entropy ``H_S`` (bits) of every non-empty subset of
  the columns.
- :func:`helix_synergy`: the mutual information ``T`` in 3 or 4 dimensions (bits).
- :func:`synergy_table`: ``T_UIG`` and ``T_UIGC`` for the whole network, per cluster's
  facilitated project portfolio and per period of project start.

Sign convention (one for every dimension)
-----------------------------------------
``T = -sum_{S non-empty} (-1)^{|S|} H_S`` (McGill's multivariate information
transmission, Yeung's co-information). Negative ``T`` is read as **synergy** (a reduction
of uncertainty at the level of the configuration), as in Leydesdorff's triple-helix
papers. In four dimensions Leydesdorff & Ivanova (2014) define *mutual redundancy*
``R_UIGC = -T_UIGC`` (in 3-D ``R = T``); helixnet does **not** flip the sign in 4-D, so
compare with ``-R`` when a paper reports ``R`` in an even dimension.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING

from helixnet.errors import OptionError
from helixnet.schema import HELICES, normalise_helix

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.io.loader import Dataset

__all__ = [
    "HELIX_LETTERS",
    "TRIPLE_HELIX",
    "QUADRUPLE_HELIX_UIGC",
    "SCOPES",
    "consortium_presence",
    "joint_entropies",
    "helix_synergy",
    "synergy_table",
    "synergy_scopes",
    "synergy_from_cells",
]

#: Leydesdorff's letters for the helices: University (knowledge institutions), Industry
#: (companies), Government, Citizens (civil society).
HELIX_LETTERS: dict[str, str] = {
    "kennisinstelling": "U",
    "bedrijf": "I",
    "overheid": "G",
    "burger": "C",
}

#: The 3-D U-I-G mapping, in that order.
TRIPLE_HELIX: tuple[str, ...] = ("kennisinstelling", "bedrijf", "overheid")
#: The 4-D U-I-G-C mapping, in that order.
QUADRUPLE_HELIX_UIGC: tuple[str, ...] = (*TRIPLE_HELIX, "burger")

#: The scopes :func:`synergy_table` can report, in output order.
SCOPES: tuple[str, ...] = ("network", "cluster", "period")

#: The dimensions :func:`helix_synergy` accepts.
_DIMENSIONS = (3, 4)


def consortium_presence(
    ds: "Dataset",
    projects: "Iterable[Hashable] | pd.DataFrame | pd.Index | None" = None,
    helices: Sequence[str] = TRIPLE_HELIX,
) -> "pd.DataFrame":
    """Which helices take part in each project: a project x helix table of 0/1.

    ``presence[p, h] = 1`` when at least one organisation of helix ``h`` takes part in
    project ``p`` (any role), else 0. The number of such partners and their budgets do not
    matter.

    **Cluster organisations** (helix ``intermediair``) are not one of the helices: a
    cluster in a consortium sets no flag, so a project of a cluster with two companies
    counts as ``I`` only. Name ``"intermediair"`` in ``helices`` to make them a dimension
    of their own (e.g. ``("kennisinstelling", "bedrijf", "intermediair")``).

    Projects without any participation, or with partners of none of ``helices``, are kept
    as an all-zero row: they are observations of the "none present" configuration and are
    not dropped.

    Parameters
    ----------
    ds : Dataset
        Loaded data (:func:`helixnet.load`).
    projects : iterable of project ids, DataFrame or Index, optional
        The projects to include, in this order; a DataFrame contributes its index (e.g.
        ``projects_in_window(ds, 2021, 2023)``). Default: every project of ``ds``.
    helices : sequence of str, default ``TRIPLE_HELIX``
        The helices to flag, in column order. Aliases (``"university"``, ``"PRC"``, ...)
        are accepted and written in their canonical Dutch form. :data:`TRIPLE_HELIX` is
        U-I-G = ``kennisinstelling, bedrijf, overheid``; :data:`QUADRUPLE_HELIX_UIGC` adds
        ``burger`` (C).

    Returns
    -------
    pandas.DataFrame
        Index ``project_id`` (the selected projects), one int64 0/1 column per helix
        (columns named ``helix``).

    Raises
    ------
    OptionError
        If a helix is unknown or repeated, ``helices`` is empty, or a project id is
        unknown or repeated.

    Examples
    --------
    >>> import helixnet
    >>> from helixnet.metrics.synergy import consortium_presence, helix_synergy
    >>> ds = helixnet.load("tests/data/tiny")
    >>> consortium_presence(ds).loc["p4"].tolist()  # c2 (company) and g1 (city)
    [0, 1, 1]
    """
    import numpy as np
    import pandas as pd

    columns = _check_helices(helices)
    project_ids = _check_projects(ds, projects)
    parts = ds.participations
    helix = parts["org_id"].map(ds.organisations["helix"])
    rows = project_ids.get_indexer(parts["project_id"])  # -1: project not selected
    cols = pd.Index(columns).get_indexer(helix)  # -1: helix not flagged (e.g. intermediair)
    keep = (rows >= 0) & (cols >= 0)
    flags = np.zeros((len(project_ids), len(columns)), dtype=np.int64)
    flags[rows[keep], cols[keep]] = 1
    presence = pd.DataFrame(flags, index=project_ids, columns=pd.Index(columns, name="helix"))
    return presence


def joint_entropies(presence: "pd.DataFrame", helices: Sequence[Hashable] | None = None) -> "pd.Series":
    """Shannon entropy (bits) of the joint presence pattern of every non-empty column subset.

    .. math:: H_S = -\\sum_{x \\in \\{0,1\\}^{|S|}} p_S(x) \\log_2 p_S(x)

    with :math:`p_S(x)` the share of rows whose columns ``S`` show the pattern ``x`` (empty
    cells contribute nothing, ``0 log 0 = 0``). Each row is encoded as one integer
    (``sum_j bit_j 2^j``); the ``2^n`` cell counts come from one ``bincount`` and every
    marginal from summing those cells, so the cost is one pass over the rows.

    Parameters
    ----------
    presence : pandas.DataFrame
        0/1 (or bool) table, one row per observation (project), one column per variable.
    helices : sequence, optional
        Columns to use, in this order. Default: all columns.

    Returns
    -------
    pandas.Series
        ``H_S`` in bits, float, indexed by the subset's column names joined with ``"+"``
        (e.g. ``"kennisinstelling+bedrijf"``), subsets by size, then by column order.

    Raises
    ------
    OptionError
        If ``presence`` has no rows, a column is missing or repeated, or a value is not
        0/1 (missing values included).
    """
    import pandas as pd

    columns, cells = _cell_counts(presence, helices)
    subsets = _subsets(len(columns))
    values = [_entropy_bits(_marginal(cells, mask)) for mask, _ in subsets]
    labels = ["+".join(str(columns[j]) for j in members) for _, members in subsets]
    return pd.Series(values, index=pd.Index(labels, name="subset"), dtype="float64", name="entropy_bits")


def helix_synergy(presence: "pd.DataFrame", helices: Sequence[Hashable] | None = None) -> float:
    """Leydesdorff's triple- or quadruple-helix mutual information ``T`` in bits.

    General form (McGill 1954; Yeung's co-information), over the non-empty subsets ``S``
    of the ``n`` columns:

    .. math:: T = -\\sum_{S \\neq \\emptyset} (-1)^{|S|} H_S

    which for ``n = 3`` (U, I, G) is

    .. math:: T_{UIG} = H_U + H_I + H_G - H_{UI} - H_{UG} - H_{IG} + H_{UIG}

    and for ``n = 4`` (U, I, G, C)

    .. math:: T_{UIGC} = \\sum_x H_x - \\sum_{x<y} H_{xy} + \\sum_{x<y<z} H_{xyz} - H_{UIGC}

    with :math:`H_S` the joint entropy of the presence pattern on ``S``
    (:func:`joint_entropies`). Each row (project) is one observation; column order and
    row order do not matter, nor does relabelling 0 and 1 within a column.

    **Sign convention.** Negative ``T`` = synergy (the configuration reduces uncertainty
    beyond the pairwise relations); positive ``T`` = the helices' co-occurrence is
    redundant (overlapping). Known values: two independent fair bits and their XOR give
    ``T = -1``; three copies of one fair bit ``+1``; independent columns ``0``; any
    constant column (e.g. a helix absent from every project) gives ``T = 0``.

    **Even-dimension caveat** (Leydesdorff & Ivanova 2014). The co-information's sign
    alternates with the dimension: in 4-D both four copies of one fair bit and a parity
    (``C = U xor I xor G`` with U, I, G independent fair bits) give ``T_UIGC = +1``, so a
    positive 4-D value does not separate redundancy from synergy the way the sign does in
    3-D. Leydesdorff & Ivanova's *mutual redundancy* is ``R = T`` in odd and ``R = -T`` in
    even dimensions; helixnet returns ``T`` by the formula above in both (the 4-D formula
    of Leydesdorff, Park & Lengyel 2014) and does not flip the sign in 4-D.
    Read ``T_UIGC`` together with ``T_UIG`` rather than on its own.

    Parameters
    ----------
    presence : pandas.DataFrame
        0/1 (or bool) table, one row per project, one column per helix, e.g. from
        :func:`consortium_presence`.
    helices : sequence, optional
        The 3 or 4 columns to use. Default: all columns (which must then be 3 or 4).

    Returns
    -------
    float
        ``T`` in bits. A single row, or rows that are all identical, give 0.

    Raises
    ------
    OptionError
        If there are not 3 or 4 columns, no rows, a column is missing or repeated, or a
        value is not 0/1 (missing values included).

    References
    ----------
    McGill, W. J. (1954). Multivariate information transmission. Psychometrika 19(2), 97-116.
    Leydesdorff, L. (2003). The mutual information of university-industry-government
    relations: An indicator of the Triple Helix dynamics. Scientometrics 58(2), 445-467.
    Leydesdorff, L., Park, H. W., & Lengyel, B. (2014). A routine for measuring synergy in
    university-industry-government relations: mutual information as a Triple-Helix and
    Quadruple-Helix indicator. Scientometrics 99, 27-35.
    Leydesdorff, L., & Ivanova, I. A. (2014). Mutual redundancies in interhuman
    communication systems: Steps toward a calculus of processing meaning. Journal of the
    Association for Information Science and Technology 65. arXiv:1301.6849.

    Examples
    --------
    >>> import pandas as pd
    >>> xor = pd.DataFrame({"U": [0, 0, 1, 1], "I": [0, 1, 0, 1], "G": [0, 1, 1, 0]})
    >>> helix_synergy(xor)
    -1.0
    """
    columns, cells = _cell_counts(presence, helices, _DIMENSIONS)
    return synergy_from_cells(cells, len(columns))


def synergy_from_cells(cells, n: int) -> float:
    """:func:`helix_synergy` from the counts of the 2^n joint presence patterns (cell
    ``c`` counts the projects whose helix ``j`` is present iff bit ``j`` of ``c`` is set),
    e.g. for a bootstrap that resamples projects as pattern counts."""
    total = 0.0
    for mask, members in _subsets(n):
        sign = 1.0 if len(members) % 2 else -1.0  # -(-1)^|S|
        total += sign * _entropy_bits(_marginal(cells, mask))
    return float(total)


def synergy_table(
    ds: "Dataset",
    by: str | Sequence[str] | None = None,
    *,
    periods: Sequence[tuple[int | None, int | None]] | None = None,
) -> "pd.DataFrame":
    """Triple- and quadruple-helix synergy for the network, per cluster and per period.

    Every row is one set of projects (a *scope*), with the presence table of
    :func:`consortium_presence` (clusters ignored as a helix) and :func:`helix_synergy`:

    - ``("network", "all")``: every project of ``ds``;
    - ``("cluster", <cluster id>)``: the projects the cluster facilitated
      (``projects.cluster_id``), one row per cluster organisation of ``ds`` (plus any
      other facilitating organisation), whether or not it joined the consortium itself;
    - ``("period", "<start>-<end>")``: projects whose start year lies in the period,
      both ends included (as :func:`helixnet.graph.projects_in_window`).

    Parameters
    ----------
    ds : Dataset
        Loaded data.
    by : str or sequence of str, optional
        Which scopes to report, from :data:`SCOPES` (``"network"``, ``"cluster"``,
        ``"period"``). Default: all three, in that order.
    periods : sequence of (start, end) year pairs, optional
        Periods of project start; ``None`` for an open end. A period is named
        ``"start-end"`` (``"2019"`` when start == end; an open end is left blank, as in
        ``"2024-"``). Periods may overlap. Default: one period per start year found in
        ``ds``; pass e.g. ``[(2017, 2020), (2021, 2023), (2024, 2026)]`` for three
        periods of the default data (per-year values rest on fewer projects each).

    Returns
    -------
    pandas.DataFrame
        MultiIndex ``(scope, name)``; columns ``projects`` (int, number of projects in the
        scope), ``T_UIG`` (bits, U-I-G = kennisinstelling, bedrijf, overheid) and
        ``T_UIGC`` (bits, adds burger). Negative = synergy; see :func:`helix_synergy` for
        the 4-D sign caveat. A scope without projects has NaN for both T.

    Raises
    ------
    OptionError
        If a scope or a period is invalid (unknown scope, end before start, a year that is
        not an integer, a repeated period).
    """
    import numpy as np
    import pandas as pd

    presence = consortium_presence(ds, helices=QUADRUPLE_HELIX_UIGC)
    groups = synergy_scopes(ds, by, periods=periods)
    rows = []
    for _, _, project_ids in groups:
        subset = presence.loc[project_ids]
        if len(subset) == 0:
            rows.append((0, np.nan, np.nan))
        else:
            rows.append((len(subset), helix_synergy(subset, TRIPLE_HELIX), helix_synergy(subset, QUADRUPLE_HELIX_UIGC)))
    index = pd.MultiIndex.from_tuples([(scope, name) for scope, name, _ in groups], names=["scope", "name"])
    table = pd.DataFrame(rows, index=index, columns=["projects", "T_UIG", "T_UIGC"])
    return table.astype({"projects": "int64", "T_UIG": "float64", "T_UIGC": "float64"})


def synergy_scopes(
    ds: "Dataset",
    by: str | Sequence[str] | None = None,
    *,
    periods: Sequence[tuple[int | None, int | None]] | None = None,
) -> "list[tuple[str, str, pd.Index]]":
    """The scopes of :func:`synergy_table` as ``(scope, name, project ids)``, in its row order."""
    import pandas as pd

    from helixnet.graph import projects_in_window

    scopes = _check_scopes(by)
    groups: list[tuple[str, str, pd.Index]] = []
    if "network" in scopes:
        groups.append(("network", "all", ds.projects.index))
    if "cluster" in scopes:
        facilitated = ds.projects["cluster_id"].dropna()
        clusters = list(ds.clusters.index)
        clusters += sorted(set(facilitated) - set(clusters))
        for cluster in clusters:
            groups.append(("cluster", str(cluster), facilitated.index[facilitated == cluster]))
    if "period" in scopes:
        for start, end in _check_periods(ds, periods):
            groups.append(("period", _period_name(start, end), projects_in_window(ds, start, end).index))
    return groups


# --------------------------------------------------------------------------- internals


def _cell_counts(
    presence: "pd.DataFrame",
    helices: Sequence[Hashable] | None,
    dimensions: tuple[int, ...] | None = None,
):
    """Validate ``presence`` and return (columns, counts of the 2^n joint cells)."""
    import numpy as np
    import pandas as pd

    if not isinstance(presence, pd.DataFrame):
        raise OptionError(f"expected a pandas.DataFrame of 0/1 presence flags, got {type(presence).__name__}")
    columns = list(presence.columns) if helices is None else list(helices)
    repeated = sorted({str(c) for c in columns if columns.count(c) > 1})
    if repeated:
        raise OptionError(
            f"presence column(s) {', '.join(map(repr, repeated))} given more than once; expected distinct columns"
        )
    missing = [c for c in columns if c not in presence.columns]
    if missing:
        raise OptionError(
            f"presence column(s) {', '.join(map(repr, missing))} not found; "
            f"expected some of {', '.join(map(repr, presence.columns))}"
        )
    table = presence[columns]
    if table.columns.has_duplicates:
        repeated = sorted({str(c) for c in table.columns[table.columns.duplicated()]})
        raise OptionError(
            f"presence column(s) {', '.join(map(repr, repeated))} appear more than once in the table; "
            "expected distinct columns"
        )
    if dimensions is not None and len(columns) not in dimensions:
        raise OptionError(
            f"helix synergy needs {' or '.join(map(str, dimensions))} helix columns, got {len(columns)}"
            + (f": {', '.join(map(repr, columns))}" if columns else "")
        )
    if not columns:
        raise OptionError("expected at least one presence column, got none")
    if len(columns) > 16:  # 2^n cells; far beyond any helix model
        raise OptionError(f"expected at most 16 presence columns, got {len(columns)}")
    if len(presence) == 0:
        raise OptionError("presence table has no rows; expected at least one project")
    for column in columns:
        values = table[column]
        bad = ~values.isin([0, 1]).to_numpy()
        if bad.any():
            position = int(np.flatnonzero(bad)[0])
            raise OptionError(
                f"presence column {column!r}, row {_plain(table.index[position])!r}: "
                f"{_plain(values.iloc[position])!r} is not a presence flag; expected 0 or 1 (or True/False)"
            )
    bits = table.to_numpy(dtype=np.int64)
    codes = bits @ (np.int64(1) << np.arange(len(columns), dtype=np.int64))
    return columns, np.bincount(codes, minlength=1 << len(columns))


def _plain(value: object) -> object:
    """A numpy scalar as the plain Python value, so messages show ``2``, not ``np.int64(2)``."""
    return value.item() if hasattr(value, "item") and callable(value.item) else value


def _subsets(n: int) -> list[tuple[int, tuple[int, ...]]]:
    """Every non-empty subset of range(n) as (bit mask, members), by size then order."""
    return [
        (sum(1 << j for j in members), members)
        for size in range(1, n + 1)
        for members in itertools.combinations(range(n), size)
    ]


def _marginal(cells, mask: int):
    """Counts of the patterns on the columns in ``mask``, summed over the other columns."""
    import numpy as np

    return np.bincount(np.arange(cells.size) & mask, weights=cells, minlength=cells.size)


def _entropy_bits(counts) -> float:
    """Shannon entropy in bits of a frequency vector: log2 N - sum c log2 c / N."""
    import numpy as np

    counts = np.asarray(counts, dtype=np.float64)
    counts = counts[counts > 0]
    total = counts.sum()
    return float(np.log2(total) - (counts * np.log2(counts)).sum() / total)


def _check_helices(helices: Sequence[str]) -> list[str]:
    if isinstance(helices, str):
        raise OptionError(f"helices: expected a sequence of helix names, got the string {helices!r}")
    columns: list[str] = []
    for value in helices:
        helix = normalise_helix(value) if isinstance(value, str) else None
        if helix is None:
            raise OptionError(f"helix {value!r} is unknown; expected one of {', '.join(HELICES)}")
        if helix in columns:
            raise OptionError(f"helix {value!r} is given more than once (as {helix!r}); expected distinct helices")
        columns.append(helix)
    if not columns:
        raise OptionError(f"helices is empty; expected some of {', '.join(HELICES)}")
    return columns


def _check_projects(ds: "Dataset", projects) -> "pd.Index":
    import pandas as pd

    if projects is None:
        return pd.Index(ds.projects.index, name="project_id")
    if isinstance(projects, pd.DataFrame):
        ids = projects.index
    elif isinstance(projects, str):
        raise OptionError(f"projects: expected a list of project ids, got the string {projects!r}")
    else:
        ids = pd.Index(list(projects))
    unknown = ids[~ids.isin(ds.projects.index)]
    if len(unknown):
        shown = ", ".join(map(repr, unknown[:5])) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise OptionError(f"project id(s) {shown} unknown; expected ids of the dataset's projects")
    if ids.has_duplicates:
        shown = ", ".join(map(repr, ids[ids.duplicated()].unique()[:5]))
        raise OptionError(f"project id(s) {shown} given more than once; expected each project once")
    # the dataset's own labels, in the requested order (keeps the index dtype)
    return ds.projects.index[ds.projects.index.get_indexer(ids)].rename("project_id")


def _check_scopes(by) -> list[str]:
    if by is None:
        return list(SCOPES)
    wanted = [by] if isinstance(by, str) else list(by)
    for scope in wanted:
        if scope not in SCOPES:
            raise OptionError(f"scope {scope!r} is unknown; expected one of {', '.join(SCOPES)}")
    if not wanted:
        raise OptionError(f"by is empty; expected some of {', '.join(SCOPES)}")
    return [scope for scope in SCOPES if scope in wanted]


def _check_periods(ds: "Dataset", periods) -> list[tuple[int | None, int | None]]:
    import numbers

    if periods is None:
        years = sorted({int(y) for y in ds.projects["start_year"].dropna()})
        return [(year, year) for year in years]
    checked: list[tuple[int | None, int | None]] = []
    names: set[str] = set()
    for period in periods:
        if not isinstance(period, (tuple, list)) or len(period) != 2:
            raise OptionError(f"period {period!r}: expected a (start_year, end_year) pair")
        for year in period:
            if year is not None and (isinstance(year, bool) or not isinstance(year, numbers.Integral)):
                raise OptionError(f"period {tuple(period)!r}: year {year!r} is not an integer; expected a year or None")
        start, end = (None if y is None else int(y) for y in period)
        if start is not None and end is not None and end < start:
            raise OptionError(
                f"period ({start}, {end}): end year {end} is before start year {start}; expected start <= end"
            )
        name = _period_name(start, end)
        if name in names:
            raise OptionError(f"period {name!r} is given more than once; expected distinct periods")
        names.add(name)
        checked.append((start, end))
    return checked


def _period_name(start: int | None, end: int | None) -> str:
    if start is not None and start == end:
        return str(start)
    return f"{'' if start is None else start}-{'' if end is None else end}"
