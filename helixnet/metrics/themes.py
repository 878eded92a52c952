"""Themes, theme by theme: activity, growth, helix mix and how much the clusters facilitate.

The green paper asks which strategically important themes the clusters miss. A theme here is
a project's ``theme`` (the programme part for Horizon 2020, the domain for the embedded
data). :func:`theme_analysis` describes every theme with projects as the unit:

- ``projects``, ``organisations`` and ``smes`` (distinct participants) over the analysed
  period, and the helix mix of its participants (share of distinct organisations per helix);
- the start rate per year in two equal windows of ``window`` complete years — the *recent*
  window ending at the last complete year and the *previous* window just before it — and
  the growth ``rate_recent / rate_previous - 1`` (``inf`` for a theme that is new in the
  recent window). Only complete years count: the year a dataset was exported (its
  ``created`` date) is incomplete unless said otherwise, and is reported as such;
- the share of its projects facilitated by any cluster (the project's ``cluster_id``; where
  no project records one, the clusters taking part: :func:`facilitation`), over the whole
  period and in the recent window, with a Jeffreys interval (Brown, Cai & DasGupta 2001:
  the Beta(x + 1/2, n - x + 1/2) quantiles, lower end 0 when x = 0, upper end 1 when
  x = n), and per cluster in :attr:`ThemeAnalysis.by_cluster`.

The gap rule (:class:`GapRule`, stated in the report): a theme is a *candidate gap* when it is
**active** — at least ``min_projects`` projects started in the recent window and growth of at
least ``min_growth`` — and **little facilitated** — at most ``max_facilitated`` of its recent
projects were facilitated by any cluster. The candidate is **robust** when the upper end of
the facilitated share's interval is at most ``max_facilitated`` too, so that a small theme
does not become a gap by chance. Data without clusters have no candidate gaps. Projects without a theme or without a start year are
counted in ``ThemeAnalysis.unthemed`` / ``undated``, never dropped silently.

The same table and rule apply to any grouping of projects (:func:`portfolio_analysis`), in
particular to collaboration communities (:func:`community_projects` gives each project the
community of most of its participants), so the community view applies the same activity
condition as the theme view.

References
----------
Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial
proportion. *Statistical Science* 16(2), 101-133.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from helixnet.errors import OptionError
from helixnet.schema import HELICES

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.io.loader import Dataset

__all__ = ["GapRule", "ThemeAnalysis", "theme_analysis", "portfolio_analysis", "community_projects",
           "jeffreys_interval", "last_complete_year"]


@dataclass(frozen=True)
class GapRule:
    """Thresholds of a candidate missing theme (see the module docstring)."""

    #: Years per window; the recent and the previous window have this length.
    window: int = 3
    #: Projects started in the recent window for a theme to count as active.
    min_projects: int = 10
    #: Growth of the yearly start rate, recent over previous window, for a theme to count as active.
    min_growth: float = 0.0
    #: Largest share of recent projects facilitated by any cluster for "little facilitated".
    max_facilitated: float = 0.10
    #: Coverage of the facilitated share's interval.
    confidence: float = 0.90

    def __post_init__(self) -> None:
        if isinstance(self.window, bool) or not isinstance(self.window, int) or self.window < 1:
            raise OptionError(f"window: {self.window!r} is not allowed; expected a whole number of years, at least 1")
        if isinstance(self.min_projects, bool) or not isinstance(self.min_projects, int) or self.min_projects < 1:
            raise OptionError(f"min_projects: {self.min_projects!r} is not allowed; expected a whole number, at least 1")
        if not (isinstance(self.min_growth, (int, float)) and math.isfinite(self.min_growth) and self.min_growth >= -1):
            raise OptionError(f"min_growth: {self.min_growth!r} is not allowed; expected a number of at least -1")
        if not (isinstance(self.max_facilitated, (int, float)) and 0 <= self.max_facilitated < 1):
            raise OptionError(f"max_facilitated: {self.max_facilitated!r} is not allowed; expected a share in [0, 1)")
        if not (isinstance(self.confidence, (int, float)) and 0 < self.confidence < 1):
            raise OptionError(f"confidence: {self.confidence!r} is not allowed; expected a share in (0, 1)")


@dataclass
class ThemeAnalysis:
    """The theme table and what it was computed with.

    ``table`` has one row per theme (index ``theme``), sorted by recent projects; columns
    ``projects``, ``organisations``, ``smes``, ``helix_<helix>``, ``projects_recent``,
    ``projects_previous``, ``rate_recent``, ``rate_previous``, ``growth``,
    ``facilitated_any`` (+ ``_low``/``_high``), ``facilitated_recent`` (+ ``_low``/``_high``),
    ``active``, ``little_facilitated``, ``candidate_gap``, ``gap_robust``.
    ``by_cluster`` is theme x cluster: the share of the theme's projects each cluster
    facilitated over the whole period. ``per_year`` is theme x start year: projects started.
    ``basis`` says what "facilitated" rests on (:func:`facilitation`): ``recorded``,
    ``participation`` or ``none`` (no clusters: nothing is a candidate gap).
    """

    table: "pd.DataFrame"
    by_cluster: "pd.DataFrame"
    per_year: "pd.DataFrame"
    rule: GapRule
    recent: tuple[int, int] | None
    previous: tuple[int, int] | None
    incomplete_years: list[int] = field(default_factory=list)
    unthemed: int = 0
    undated: int = 0
    basis: str = "recorded"

    @property
    def candidate_gaps(self) -> list[str]:
        """The themes that meet the gap rule, most recent projects first."""
        return self.table.index[self.table["candidate_gap"]].tolist()

    @property
    def robust_gaps(self) -> list[str]:
        """The candidate gaps whose facilitated share's interval lies at or below the threshold."""
        return self.table.index[self.table["gap_robust"]].tolist()


#: What "facilitated by a cluster" rests on, in order of preference (see :func:`facilitation`).
FACILITATION_BASES: tuple[str, ...] = ("recorded", "participation", "none")


def facilitation(ds: "Dataset") -> "tuple[pd.DataFrame, str]":
    """Which cluster facilitated which project: ``(pairs, basis)``, pairs with columns
    ``project_id`` and ``cluster``.

    - ``recorded``: the projects' ``cluster_id`` (the cluster that facilitated the project),
      when any project records one;
    - ``participation``: when no project records a facilitator but the data have clusters
      (e.g. a CORDIS import with clusters marked in ``curation.toml``), a project counts as
      facilitated by every cluster that takes part in it;
    - ``none``: the data have no clusters; no project is facilitated, and no theme or
      community can be a candidate gap.
    """
    import pandas as pd

    projects = ds.projects
    recorded = projects["cluster_id"].notna() & (projects["cluster_id"].astype(str).str.strip() != "")
    if recorded.any():
        pairs = pd.DataFrame({"project_id": projects.index[recorded],
                              "cluster": projects.loc[recorded, "cluster_id"].astype(str).to_numpy()})
        return pairs, "recorded"
    if len(ds.clusters):
        taking_part = ds.participations[ds.participations["org_id"].isin(ds.clusters.index)]
        pairs = taking_part[["project_id", "org_id"]].drop_duplicates().rename(columns={"org_id": "cluster"})
        return pairs.reset_index(drop=True), "participation"
    return pd.DataFrame({"project_id": pd.Series(dtype=object), "cluster": pd.Series(dtype=object)}), "none"


def jeffreys_interval(successes, trials, confidence: float = 0.90):
    """Jeffreys interval of binomial proportions (arrays allowed); NaN where ``trials`` is 0."""
    import numpy as np
    from scipy.special import betaincinv  # the quantile of scipy.stats.beta, without importing scipy.stats

    x = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    alpha = 1 - confidence
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(x > 0, betaincinv(x + 0.5, n - x + 0.5, alpha / 2), 0.0)
        high = np.where(x < n, betaincinv(x + 0.5, n - x + 0.5, 1 - alpha / 2), 1.0)
    empty = n == 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def last_complete_year(ds: "Dataset") -> int | None:
    """The last project start year that is complete: the data's last start year, or the year
    before the dataset's ``created`` year when the data reach into it (an export made during a
    year holds only part of that year's projects). None without dated projects."""
    first, last = ds.years
    if last is None:
        return None
    created = str(ds.meta.extra.get("created", "") or "")
    if len(created) >= 4 and created[:4].isdigit() and last >= int(created[:4]):
        return int(created[:4]) - 1
    return last


def theme_analysis(ds: "Dataset", rule: GapRule | None = None, *, complete_through: int | None = None) -> ThemeAnalysis:
    """Describe every project theme and apply the gap rule (see the module docstring).

    Parameters
    ----------
    ds : Dataset
        The (windowed) dataset.
    rule : GapRule, optional
        The thresholds; the defaults of :class:`GapRule` when omitted.
    complete_through : int, optional
        The last complete start year; default :func:`last_complete_year`.

    Returns
    -------
    ThemeAnalysis
    """
    return portfolio_analysis(ds, ds.projects["theme"], rule, complete_through=complete_through)


def community_projects(ds: "Dataset", communities: "pd.Series") -> "pd.Series":
    """The community of each project: the one most of its participants belong to.

    ``communities`` maps organisation id to community number (e.g.
    :func:`helixnet.metrics.consensus.consensus_communities`; cluster organisations are not
    in it and do not vote). Ties go to the lower community number (the larger community).
    Projects none of whose participants has a community get NaN.
    """
    import pandas as pd

    votes = ds.participations[["project_id", "org_id"]].drop_duplicates()
    votes = votes.assign(community=votes["org_id"].map(communities)).dropna(subset=["community"])
    counts = votes.groupby(["project_id", "community"]).size().rename("n").reset_index()
    counts = counts.sort_values(["project_id", "n", "community"], ascending=[True, False, True], kind="stable")
    chosen = counts.drop_duplicates("project_id").set_index("project_id")["community"].astype("int64")
    return pd.Series(chosen, name="community").reindex(ds.projects.index)


def portfolio_analysis(ds: "Dataset", groups: "pd.Series", rule: GapRule | None = None, *,
                       complete_through: int | None = None) -> ThemeAnalysis:
    """:func:`theme_analysis` for any grouping of the projects (``groups``: project id ->
    label, e.g. the theme or :func:`community_projects`); projects without a label are
    counted in ``unthemed``."""
    import numpy as np
    import pandas as pd

    rule = rule or GapRule()
    projects = ds.projects
    label = groups.reindex(projects.index)
    known = label.notna() & (label.astype(str).str.strip() != "")
    themed = projects[known].assign(theme=label[known])
    last = complete_through if complete_through is not None else last_complete_year(ds)
    starts = themed["start_year"]
    pairs, basis = facilitation(ds)
    pairs = pairs[pairs["project_id"].isin(themed.index)]
    facilitated = pd.Series(themed.index.isin(pairs["project_id"]), index=themed.index)

    per_year = pd.crosstab(themed["theme"], starts.dropna().astype(int)) if starts.notna().any() else \
        pd.DataFrame(index=pd.Index(sorted(themed["theme"].unique()), name="theme"))
    per_year = per_year.reindex(sorted(themed["theme"].unique()), fill_value=0)
    per_year.index.name, per_year.columns.name = "theme", "start_year"

    table = pd.DataFrame(index=pd.Index(per_year.index, name="theme"))
    table["projects"] = themed.groupby("theme").size().reindex(table.index, fill_value=0)
    members = ds.participations.merge(themed[["theme"]], left_on="project_id", right_index=True)
    members = members[["theme", "org_id"]].drop_duplicates()
    orgs = ds.organisations
    members = members.join(orgs[["helix", "sme"]], on="org_id")
    table["organisations"] = members.groupby("theme").size().reindex(table.index, fill_value=0)
    table["smes"] = members[members["sme"].astype(bool)].groupby("theme").size().reindex(table.index, fill_value=0)
    for helix in HELICES:
        count = members[members["helix"] == helix].groupby("theme").size().reindex(table.index, fill_value=0)
        table[f"helix_{helix}"] = count / table["organisations"].where(table["organisations"] > 0)

    recent = previous = None
    if last is not None:
        recent = (last - rule.window + 1, last)
        previous = (last - 2 * rule.window + 1, last - rule.window)
        in_recent = starts.between(*recent).fillna(False).astype(bool)
        in_previous = starts.between(*previous).fillna(False).astype(bool)
    else:
        in_recent = in_previous = pd.Series(False, index=themed.index)
    table["projects_recent"] = in_recent.groupby(themed["theme"]).sum().reindex(table.index, fill_value=0).astype(int)
    table["projects_previous"] = in_previous.groupby(themed["theme"]).sum().reindex(table.index, fill_value=0).astype(int)
    table["rate_recent"] = table["projects_recent"] / rule.window
    table["rate_previous"] = table["projects_previous"] / rule.window
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = table["rate_recent"] / table["rate_previous"] - 1
    table["growth"] = growth.where(table["rate_previous"] > 0, np.where(table["rate_recent"] > 0, np.inf, np.nan))

    by_theme = facilitated.groupby(themed["theme"])
    table["facilitated_any"] = by_theme.mean().reindex(table.index)
    low, high = jeffreys_interval(by_theme.sum().reindex(table.index, fill_value=0), table["projects"], rule.confidence)
    table["facilitated_any_low"], table["facilitated_any_high"] = low, high
    recent_facilitated = (facilitated & in_recent).groupby(themed["theme"]).sum().reindex(table.index, fill_value=0)
    table["facilitated_recent"] = recent_facilitated / table["projects_recent"].where(table["projects_recent"] > 0)
    low, high = jeffreys_interval(recent_facilitated, table["projects_recent"], rule.confidence)
    table["facilitated_recent_low"], table["facilitated_recent_high"] = low, high

    table["active"] = (table["projects_recent"] >= rule.min_projects) & (table["growth"].fillna(-np.inf) >= rule.min_growth)
    table["little_facilitated"] = table["facilitated_recent"].fillna(np.inf) <= rule.max_facilitated
    table["candidate_gap"] = table["active"] & table["little_facilitated"] & (basis != "none")
    table["gap_robust"] = table["candidate_gap"] & (table["facilitated_recent_high"] <= rule.max_facilitated)
    table = table.sort_values(["projects_recent", "projects"], ascending=False, kind="stable")

    clusters = sorted(set(ds.clusters.index) | set(pairs["cluster"]))
    counts = pd.crosstab(themed.loc[pairs["project_id"], "theme"].to_numpy(), pairs["cluster"].to_numpy())
    by_cluster = counts.reindex(index=table.index, columns=clusters, fill_value=0).div(
        table["projects"].where(table["projects"] > 0), axis=0)
    by_cluster.columns.name = "cluster"

    incomplete = [] if last is None or ds.years[1] is None else list(range(last + 1, ds.years[1] + 1))
    return ThemeAnalysis(
        table=table, by_cluster=by_cluster, per_year=per_year.reindex(table.index), rule=rule,
        recent=recent, previous=previous, incomplete_years=incomplete,
        unthemed=int(len(projects) - len(themed)), undated=int(themed["start_year"].isna().sum()), basis=basis,
    )
