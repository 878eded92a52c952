"""Findings: the words of the report's summary and cluster cards, chosen by stated rules.

The summary says, per cluster, whom it connects, whether its brokerage and cross-helix
bridging stand out against the degree-preserving null and its peers, how concentrated its
ties are, how it changed over the periods and what each scenario plan does to it. Every
word is chosen by a :class:`Rule` of :data:`RULES` — data, not code: a rule reads named
statistics and picks the first of its :class:`Word` s whose :class:`Condition` s all hold.
The report's rules table (:func:`rule_rows`) is generated from the same definitions, so
the text and the code cannot drift.

:func:`cluster_findings` turns the tables of an :class:`~helixnet.analysis.Analysis` (the
cluster table with the evidence columns of :func:`helixnet.analysis.with_evidence`, the
per-period series and the plan results of :func:`helixnet.scenarios.summary.plan_results`)
into :class:`Finding` s: rule id, cluster, the statistics used and the chosen word key.
Nothing here renders text; :mod:`helixnet.report.summary_section` does, through the
catalogue. Evidence, not a verdict: no rule ranks plans or recommends one.

Layer: beside :mod:`helixnet.analysis` (it reads only tables).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.analysis import Analysis

__all__ = ["Condition", "Word", "Rule", "Finding", "Findings", "RULES", "RULE_IDS", "MAIN_OUTCOMES",
           "cluster_findings", "findings_of", "statistics_of", "rule"]

#: A partner helix holding at least this share of a cluster's partners dominates its mix.
DOMINANT_SHARE = 0.6
#: ... at least this share (and less than :data:`DOMINANT_SHARE`) leads it.
LEADING_SHARE = 0.4
#: Percentile among peers (organisations of similar degree) from which a value is "high".
PEER_HIGH = 75.0
#: Percentile among peers up to which a value is "low".
PEER_LOW = 25.0
#: Ratio of facilitated projects per year, last complete window over the first one since the
#: cluster's founding, from
#: which the cluster "grew" ...
GROWTH = 1.25
#: ... and up to which it "shrank".
DECLINE = 0.8
#: Share of draws agreeing with the sign of the mean change from which a plan's effect is
#: called clear (the 90% interval over the draws then excludes no change on that side).
CLEAR_SHARE = 0.95
#: Two-sided empirical p below which a side is called (:data:`helixnet.metrics.evidence.SIGNIFICANCE`).
SIGNIFICANCE = 0.05
#: The plan outcomes the summary shows (the plan section shows them all).
MAIN_OUTCOMES = ("facilitated_projects", "cross_helix_ties", "smes_reach_knowledge")

_OPS = {
    "==": lambda a, b: a == b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "in": lambda a, b: a in b,
}


def _missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class Condition:
    """``statistic op value``; op one of ``== >= <= > < in`` or ``missing`` (no value).
    A missing statistic satisfies only ``missing``."""

    statistic: str
    op: str
    value: Any = None

    def holds(self, statistics: dict[str, Any]) -> bool:
        seen = statistics.get(self.statistic)
        if self.op == "missing":
            return _missing(seen)
        if _missing(seen):
            return False
        return bool(_OPS[self.op](seen, self.value))


@dataclass(frozen=True)
class Word:
    """A word key and the conditions (all must hold; none: "otherwise") that choose it."""

    key: str
    conditions: tuple[Condition, ...] = ()

    def holds(self, statistics: dict[str, Any]) -> bool:
        return all(c.holds(statistics) for c in self.conditions)


@dataclass(frozen=True)
class Rule:
    """A rule: its ``id``, the ``statistics`` it reads and its ``words`` in order (the
    first that holds is chosen; the last has no condition)."""

    id: str
    statistics: tuple[str, ...]
    words: tuple[Word, ...]

    def choose(self, statistics: dict[str, Any]) -> str:
        """The key of the first word whose conditions hold."""
        for word in self.words:
            if word.holds(statistics):
                return word.key
        raise AssertionError(f"rule {self.id}: no word holds and no default")  # a bug in RULES


def _null_rule(rule_id: str) -> Rule:
    """Against the degree-preserving null: "stands out" only outside the null's 95% range
    (two-sided empirical p < 0.05) AND with the same side under every weighting."""
    return Rule(rule_id, ("null_side", "robust", "null_z", "null_p", "min_p"), (
        Word("untested", (Condition("null_side", "missing"),)),
        # too few replicates: the smallest two-sided empirical p, 2 / (R + 1), cannot fall below 0.05
        Word("too_few", (Condition("min_p", ">=", SIGNIFICANCE),)),
        Word("stands_out", (Condition("null_side", "==", "above"), Condition("robust", "==", True))),
        Word("below", (Condition("null_side", "==", "below"), Condition("robust", "==", True))),
        Word("not_robust", (Condition("null_side", "in", ("above", "below")),)),
        Word("indistinguishable"),
    ))


def _peer_rule(rule_id: str) -> Rule:
    """Percentile among organisations whose degree is within ±25% of the cluster's."""
    return Rule(rule_id, ("pct_degree_band", "peers"), (
        Word("untested", (Condition("pct_degree_band", "missing"),)),
        Word("high", (Condition("pct_degree_band", ">=", PEER_HIGH),)),
        Word("low", (Condition("pct_degree_band", "<=", PEER_LOW),)),
        Word("typical"),
    ))


#: Every rule of the summary, in card order.
RULES: tuple[Rule, ...] = (
    Rule("mix", ("top_helix_share", "top_helix", "partners"), (
        Word("none", (Condition("top_helix_share", "missing"),)),
        Word("dominated", (Condition("top_helix_share", ">=", DOMINANT_SHARE),)),
        Word("led", (Condition("top_helix_share", ">=", LEADING_SHARE),)),
        Word("balanced"),
    )),
    _peer_rule("mix_peers"),
    _null_rule("brokerage"),
    _peer_rule("brokerage_peers"),
    _null_rule("bridging"),
    _peer_rule("bridging_peers"),
    _peer_rule("concentration"),
    Rule("change", ("active_periods", "first_rate", "last_rate", "ratio"), (
        Word("no_periods", (Condition("active_periods", "missing"),)),
        Word("no_facilitation", (Condition("first_rate", "==", 0.0), Condition("last_rate", "==", 0.0))),
        Word("single", (Condition("active_periods", "<=", 1),)),
        Word("grew", (Condition("ratio", ">=", GROWTH),)),
        Word("shrank", (Condition("ratio", "<=", DECLINE),)),
        Word("stable"),
    )),
    Rule("plan", ("delta_mean", "holds", "share_up", "share_down"), (
        Word("undefined", (Condition("delta_mean", "missing"),)),
        Word("unchanged", (Condition("share_up", "==", 0.0), Condition("share_down", "==", 0.0))),
        Word("rises", (Condition("delta_mean", ">", 0.0), Condition("holds", ">=", CLEAR_SHARE))),
        Word("falls", (Condition("delta_mean", "<", 0.0), Condition("holds", ">=", CLEAR_SHARE))),
        Word("tends_up", (Condition("delta_mean", ">", 0.0),)),
        Word("tends_down", (Condition("delta_mean", "<", 0.0),)),
        Word("mixed"),
    )),
)
RULE_IDS = tuple(r.id for r in RULES)
#: The measure (cluster-table column) behind each measure rule.
MEASURE_OF = {"mix_peers": "participation", "brokerage": "brokerage_t", "brokerage_peers": "brokerage_t",
              "bridging": "cross_helix_betweenness", "bridging_peers": "cross_helix_betweenness",
              "concentration": "top1_share"}


def rule(rule_id: str) -> Rule:
    """The rule ``rule_id`` of :data:`RULES`."""
    return next(r for r in RULES if r.id == rule_id)


@dataclass(frozen=True)
class Finding:
    """One chosen word: the ``rule`` id, the ``cluster``, the ``word`` key, the
    ``statistics`` it was chosen from (and shown beside it) and, for a plan finding, the
    ``plan`` and ``outcome``."""

    rule: str
    cluster: str
    word: str
    statistics: dict[str, Any] = field(default_factory=dict)
    plan: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class Findings:
    """All findings of an analysis, with what was available to choose them: ``evidence``
    (the degree-preserving null and peers), ``periods`` and ``plans``."""

    clusters: tuple[str, ...]
    names: dict[str, str]
    items: tuple[Finding, ...]
    evidence: bool
    periods: bool
    plans: tuple[str, ...]
    scenarios: dict[tuple[str, str], str] = field(default_factory=dict)

    def of(self, cluster: str, rule_id: str | None = None) -> list[Finding]:
        """The findings of ``cluster`` (of one rule), in rule order."""
        return [f for f in self.items if f.cluster == cluster and (rule_id is None or f.rule == rule_id)]

    def plan_finding(self, cluster: str, plan: str, outcome: str) -> Finding | None:
        return next((f for f in self.items if f.rule == "plan" and f.cluster == cluster and f.plan == plan
                     and f.outcome == outcome), None)


def _value(row: "pd.Series", column: str) -> Any:
    value = row.get(column)
    if hasattr(value, "item"):
        value = value.item()
    return None if _missing(value) else value


def statistics_of(rule_id: str, row: "pd.Series", periods: "pd.DataFrame | None" = None) -> dict[str, Any]:
    """The statistics ``rule_id`` reads for the cluster of ``row`` (a row of the cluster
    table; ``periods``: its rows of the per-period series)."""
    from helixnet.schema import HELICES

    if rule_id == "mix":
        shares = {h: _value(row, f"share_{h}") for h in HELICES}
        shares = {h: s for h, s in shares.items() if s is not None}
        top = max(shares, key=lambda h: (shares[h], -HELICES.index(h))) if shares else None
        return {"top_helix": top, "top_helix_share": shares.get(top) if top else None,
                "partners": _value(row, "degree"), "shares": shares}
    if rule_id == "change":
        return _change_statistics(periods)
    measure = MEASURE_OF[rule_id]
    stats: dict[str, Any] = {"value": _value(row, measure)}
    if rule_id in ("brokerage", "bridging"):
        for name in ("null_side", "robust", "null_z", "null_p", "null_mean", "null_pct"):
            stats[name] = _value(row, f"{measure}_{name}")
        replicates = _value(row, "null_replicates")
        stats["min_p"] = 2.0 / (replicates + 1) if replicates else None
        if isinstance(stats["robust"], (int, float)) and not isinstance(stats["robust"], bool):
            stats["robust"] = bool(stats["robust"])
    else:
        stats["pct_degree_band"] = _value(row, f"{measure}_pct_degree_band")
        stats["pct_intermediaries"] = _value(row, f"{measure}_pct_intermediaries")
        stats["peers"] = _value(row, "peers_degree_band")
        if rule_id == "concentration":
            stats["herfindahl"] = _value(row, "herfindahl")
    return stats


def _change_statistics(periods: "pd.DataFrame | None") -> dict[str, Any]:
    """Facilitated projects per year (``projects_per_year``) in the cluster's first window
    since its founding and in the last complete window, and their ratio: an incomplete last
    window (the export year) would read as a decline, and windows before the founding have
    no value (:func:`helixnet.metrics.periods.cluster_period_series`)."""
    if periods is None or not len(periods):
        return {"active_periods": None}
    active = periods[periods["projects_per_year"].notna() & periods["complete"].astype(bool)]
    if not len(active):
        return {"active_periods": None}
    first, last = active.iloc[0], active.iloc[-1]

    def rate(p: "pd.Series") -> float:
        return float(p["projects_per_year"])

    first_rate, last_rate = rate(first), rate(last)
    ratio = last_rate / first_rate if first_rate > 0 else (math.inf if last_rate > 0 else None)
    return {"active_periods": len(active), "first_period": str(first["period"]), "last_period": str(last["period"]),
            "first_rate": first_rate, "last_rate": last_rate, "ratio": ratio}


def _plan_statistics(row: "pd.Series") -> dict[str, Any]:
    delta = _value(row, "delta_mean")
    up, down = float(row["share_up"]), float(row["share_down"])
    holds = None if delta is None else (up if delta > 0 else down if delta < 0 else max(up, down))
    return {"delta_mean": delta, "holds": holds, "share_up": up, "share_down": down,
            "pct_mean": _value(row, "pct_mean"), "pct_low": _value(row, "pct_low"),
            "pct_high": _value(row, "pct_high"), "delta_low": _value(row, "delta_low"),
            "delta_high": _value(row, "delta_high"), "n_draws": int(row["n_draws"])}


def cluster_findings(clusters: "pd.DataFrame", periods: "pd.DataFrame | None" = None,
                     plan_results: "pd.DataFrame | None" = None) -> Findings:
    """Every rule of :data:`RULES` applied to every cluster.

    Parameters
    ----------
    clusters : pandas.DataFrame
        The cluster table (index cluster id; with the evidence columns when the baselines ran).
    periods : pandas.DataFrame, optional
        :attr:`helixnet.analysis.PeriodSeries.clusters`.
    plan_results : pandas.DataFrame, optional
        :func:`helixnet.scenarios.summary.plan_results`; one plan finding per plan, cluster
        and outcome of :data:`MAIN_OUTCOMES`.

    Returns
    -------
    Findings
    """
    items: list[Finding] = []
    evidence = "brokerage_t_null_side" in clusters.columns
    for cluster, row in clusters.iterrows():
        own_periods = periods[periods["cluster"] == cluster] if periods is not None else None
        for r in RULES:
            if r.id == "plan":
                continue
            stats = statistics_of(r.id, row, own_periods)
            items.append(Finding(r.id, str(cluster), r.choose(stats), stats))
    plans: tuple[str, ...] = ()
    scenarios: dict[tuple[str, str], str] = {}
    if plan_results is not None and len(plan_results):
        plans = tuple(dict.fromkeys(plan_results["plan"]))
        shown = plan_results[plan_results["outcome"].isin(MAIN_OUTCOMES)]
        plan_rule = rule("plan")
        for (plan, cluster), group in shown.groupby(["plan", "cluster"], sort=False):
            scenarios[(str(plan), str(cluster))] = str(group["scenario"].iloc[0])
            by_outcome = group.set_index("outcome")
            for outcome in MAIN_OUTCOMES:
                if outcome in by_outcome.index:
                    stats = _plan_statistics(by_outcome.loc[outcome])
                    items.append(Finding("plan", str(cluster), plan_rule.choose(stats), stats, str(plan), outcome))
    names = clusters["name"].astype(str).to_dict() if "name" in clusters.columns else {}
    order = {c: i for i, c in enumerate(clusters.index.astype(str))}
    items.sort(key=lambda f: (order.get(f.cluster, len(order)), RULE_IDS.index(f.rule)))
    return Findings(clusters=tuple(clusters.index.astype(str)), names={str(k): v for k, v in names.items()},
                    items=tuple(items), evidence=evidence, periods=periods is not None, plans=plans,
                    scenarios=scenarios)


def findings_of(analysis: "Analysis") -> Findings:
    """:func:`cluster_findings` of ``analysis``."""
    plan_results = analysis.plan_tables["plan_results"] if analysis.plan_tables else None
    return cluster_findings(analysis.clusters, analysis.periods.clusters if analysis.periods is not None else None,
                            plan_results)
