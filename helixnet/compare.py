"""Compare two analyses: two snapshots of the data, or two periods of one dataset.

:func:`compare` puts the network summaries side by side with their differences, lists
each cluster's key metrics in A and B with the change, and names the organisations and
collaboration ties that appeared or disappeared. :func:`render_comparison_text` turns the
result into plain text for the CLI (English or Dutch).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import TYPE_CHECKING

from helixnet.errors import OptionError
from helixnet.texts import LANGUAGES, catalogue

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.pipeline import Analysis

#: Cluster metrics compared by default (those present in both analyses are used).
KEY_METRICS: tuple[str, ...] = (
    "degree", "strength", "betweenness", "cross_helix_betweenness", "participation", "ei_index",
    "constraint", "effective_size", "brokerage_b_O", "brokerage_b_O_z", "partners_sme", "share_sme",
    "projects_facilitated", "projects_joined", "members",
)

_ORG_COLUMNS = ("name", "helix", "kind")


@dataclass
class Comparison:
    """Differences between analysis A and analysis B.

    Attributes
    ----------
    label_a, label_b : str
        Title and period of each analysis.
    network : pandas.DataFrame
        Index: the network summary measures; columns ``a``, ``b`` and ``delta``
        (``b - a`` for numbers, NaN for text).
    clusters : pandas.DataFrame
        Index: cluster id (clusters of either analysis); columns ``name``, ``status``
        (``both``, ``only_a``, ``only_b``) and for each metric ``<m>_a``, ``<m>_b``,
        ``<m>_delta``.
    metrics : tuple of str
        The cluster metrics compared.
    organisations_added, organisations_removed : pandas.DataFrame
        Organisations in B's data but not A's, and the reverse (index id; name, helix, kind).
    organisations_entered, organisations_left : pandas.DataFrame
        Organisations taking part in a project of B's window but not A's, and the reverse.
    edges_added, edges_removed, edges_kept : int
        Collaboration-graph ties only in B, only in A, in both.
    """

    label_a: str
    label_b: str
    network: "pd.DataFrame"
    clusters: "pd.DataFrame"
    metrics: tuple[str, ...]
    organisations_added: "pd.DataFrame"
    organisations_removed: "pd.DataFrame"
    organisations_entered: "pd.DataFrame"
    organisations_left: "pd.DataFrame"
    edges_added: int
    edges_removed: int
    edges_kept: int


def compare(analysis_a: "Analysis", analysis_b: "Analysis", metrics: tuple[str, ...] = KEY_METRICS) -> Comparison:
    """Compare two analyses (snapshots or periods).

    Parameters
    ----------
    analysis_a, analysis_b : helixnet.pipeline.Analysis
        The earlier (A) and later (B) analysis, e.g. ``analyse(dir_a)`` and
        ``analyse(dir_b)``, or ``analyse(d, 2014, 2017)`` and ``analyse(d, 2018, 2020)``.
    metrics : tuple of str
        Cluster metrics to compare; those missing from either cluster table are left out.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> from helixnet.pipeline import analyse
    >>> c = compare(analyse("tests/data/tiny", 2019, 2020), analyse("tests/data/tiny", 2021, 2022))
    >>> int(c.network.loc["projects", "delta"]), c.edges_kept
    (0, 1)
    """
    available = tuple(m for m in metrics if m in analysis_a.clusters.columns and m in analysis_b.clusters.columns)
    edges_a, edges_b = _edges(analysis_a), _edges(analysis_b)
    orgs_a, orgs_b = analysis_a.dataset.organisations, analysis_b.dataset.organisations
    active_a, active_b = _active(analysis_a), _active(analysis_b)
    return Comparison(
        label_a=_label(analysis_a),
        label_b=_label(analysis_b),
        network=network_differences(analysis_a.network, analysis_b.network),
        clusters=cluster_differences(analysis_a.clusters, analysis_b.clusters, available),
        metrics=available,
        organisations_added=_describe(orgs_b, orgs_b.index.difference(orgs_a.index)),
        organisations_removed=_describe(orgs_a, orgs_a.index.difference(orgs_b.index)),
        organisations_entered=_describe(orgs_b, sorted(active_b - active_a)),
        organisations_left=_describe(orgs_a, sorted(active_a - active_b)),
        edges_added=len(edges_b - edges_a),
        edges_removed=len(edges_a - edges_b),
        edges_kept=len(edges_a & edges_b),
    )


def network_differences(a: "pd.Series", b: "pd.Series") -> "pd.DataFrame":
    """Two network summaries side by side with ``delta = b - a`` for numeric measures."""
    import pandas as pd

    index = list(dict.fromkeys([*a.index, *b.index]))
    va = a.reindex(index).astype(object)
    vb = b.reindex(index).astype(object)
    delta = [float(y) - float(x) if _is_number(x) and _is_number(y) else math.nan for x, y in zip(va, vb)]
    return pd.DataFrame({"a": va, "b": vb, "delta": delta}, index=pd.Index(index, name="measure"))


def cluster_differences(a: "pd.DataFrame", b: "pd.DataFrame", metrics: tuple[str, ...]) -> "pd.DataFrame":
    """Each cluster's ``metrics`` in A and B and their difference (NaN where a side lacks the cluster)."""
    import pandas as pd

    ids = list(dict.fromkeys([*a.index, *b.index]))
    table = pd.DataFrame(index=pd.Index(ids, name="id"))
    table["name"] = b["name"].reindex(ids).fillna(a["name"].reindex(ids)).astype(object)
    in_a, in_b = table.index.isin(a.index), table.index.isin(b.index)
    table["status"] = ["both" if x and y else "only_a" if x else "only_b" for x, y in zip(in_a, in_b)]
    for metric in metrics:
        left = pd.to_numeric(a[metric], errors="coerce").reindex(ids).astype(float)
        right = pd.to_numeric(b[metric], errors="coerce").reindex(ids).astype(float)
        table[f"{metric}_a"] = left
        table[f"{metric}_b"] = right
        table[f"{metric}_delta"] = right - left
    return table


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or value is None or not isinstance(value, numbers.Number):
        return False
    return not (isinstance(value, float) and math.isnan(value))


def _label(analysis: "Analysis") -> str:
    return f"{analysis.dataset.meta.title} ({analysis.period})"


def _edges(analysis: "Analysis") -> set[frozenset]:
    return {frozenset(edge) for edge in analysis.graph.edges()}


def _active(analysis: "Analysis") -> set[str]:
    """Organisations taking part in a project of the analysis' window."""
    from helixnet.graph import projects_in_window

    graph = analysis.graph.graph
    projects = projects_in_window(analysis.dataset, graph.get("start_year"), graph.get("end_year"))
    parts = analysis.dataset.participations
    return set(parts.loc[parts["project_id"].isin(projects.index), "org_id"])


def _describe(orgs: "pd.DataFrame", ids) -> "pd.DataFrame":
    columns = [c for c in _ORG_COLUMNS if c in orgs.columns]
    return orgs.loc[list(ids), columns]


# --------------------------------------------------------------------------- text

#: The comparison's words per language (text catalogue, namespace ``compare``).
_TEXT = {lang: catalogue(lang)["compare"] for lang in LANGUAGES}


def render_comparison_text(comparison: Comparison, lang: str = "en", limit: int = 10) -> str:
    """The comparison as plain text: network table, ties, organisations, per-cluster tables.

    Parameters
    ----------
    comparison : Comparison
    lang : {"en", "nl"}
        Language of the labels.
    limit : int
        Organisations listed per category (the count is always complete).

    Raises
    ------
    OptionError
        ``lang`` is not ``en`` or ``nl``.
    """
    if lang not in _TEXT:
        raise OptionError(f"language {lang!r} is not available; expected one of {', '.join(_TEXT)}")
    t = _TEXT[lang]
    c = comparison
    lines = [f"{t['title']}: A = {c.label_a}, B = {c.label_b}", "", t["network"]]
    rows = [(str(m), _fmt(r.a), _fmt(r.b), _fmt(r.delta, signed=True)) for m, r in c.network.iterrows()]
    lines += _table((t["measure"], "A", "B", t["delta"]), rows)
    lines += ["", t["ties"].format(added=c.edges_added, removed=c.edges_removed, kept=c.edges_kept)]
    lines.append(t["orgs"].format(added=len(c.organisations_added), removed=len(c.organisations_removed)))
    lines += _org_lines(c.organisations_added, t["added"], t, limit)
    lines += _org_lines(c.organisations_removed, t["removed"], t, limit)
    lines.append(t["active"].format(entered=len(c.organisations_entered), left=len(c.organisations_left)))
    lines += _org_lines(c.organisations_entered, t["entered"], t, limit)
    lines += _org_lines(c.organisations_left, t["left"], t, limit)
    lines += ["", t["clusters"]]
    if c.clusters.empty:
        lines.append(f"  {t['none']}")
    for cluster_id, row in c.clusters.iterrows():
        lines += ["", f"{cluster_id} {row['name']} ({t[row['status']]})"]
        rows = [(m, _fmt(row[f"{m}_a"]), _fmt(row[f"{m}_b"]), _fmt(row[f"{m}_delta"], signed=True)) for m in c.metrics]
        lines += _table((t["metric"], "A", "B", t["delta"]), rows)
    return "\n".join(lines) + "\n"


def _org_lines(frame: "pd.DataFrame", label: str, t: dict, limit: int) -> list[str]:
    lines = [f"  {label}: {i} {row.get('name', '')} [{row.get('helix', '')}]" for i, row in frame.head(limit).iterrows()]
    if len(frame) > limit:
        lines.append("  " + t["more"].format(n=len(frame) - limit))
    return lines


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    out = []
    for i, row in enumerate([header, *rows]):
        cells = [str(row[0]).ljust(widths[0])] + [str(x).rjust(w) for x, w in zip(row[1:], widths[1:])]
        out.append("  " + "  ".join(cells).rstrip())
        if i == 0:
            out.append("  " + "  ".join("-" * w for w in widths))
    return out


def _fmt(value: object, signed: bool = False) -> str:
    """Numbers compactly (``4g``; whole numbers as integers), missing as ``-``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return str(value)
    number = float(value)
    text = str(int(number)) if number.is_integer() and abs(number) < 1e15 else f"{number:.4g}"
    return f"+{text}" if signed and number > 0 else text
