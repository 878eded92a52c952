"""Scenario engine v2: plans applied to the two-mode data, with parameter uncertainty.

One **draw** samples every parameter from its range (a Latin hypercube row, see
:func:`draw_parameters`) and runs the random parts with its own seed; it applies a
:class:`~helixnet.scenarios.plan.Plan` (one scenario per cluster, all together) to the
projects, participations and memberships of the window (:mod:`helixnet.scenarios.twomode`),
rebuilds the collaboration network and measures every cluster's outcomes
(:mod:`helixnet.scenarios.measures`). Draw d uses the same parameter row and seed in every
plan (common random numbers, so plans differ only by their choices), and its seed is
``SeedSequence(seed).spawn(n_draws)[d]`` whatever the number of workers or where they run.

Scenarios per cluster c (parameter names from ``parameters.toml``):

- ``status_quo``: nothing changes.
- ``removal``: c and every project it facilitated disappear (the upper bound).
- ``commercial``: each facilitated project continues with probability
  ``earmarked + adhoc + (1 - earmarked - adhoc) x commercial_continuation``; in those that
  continue partners stay by correlated retention (``company_stays``,
  ``other_stays_with_companies``, ``other_stays_without_companies``); members keep paying
  with ``pay_large`` / ``pay_sme`` / ``pay_other`` and the others' membership ends (their
  shared projects stay).
- ``inkanteling``: each facilitated project continues with ``host_continuation``, a
  company-coordinated one with at least ``company_led_kept`` (the steering indicator);
  companies stay with ``r + (1 - r) x safeguard_effect x company_led_kept``
  (``r = company_retention_host``) in projects and as members; then c is merged into its host.
- ``base_mission``: ``extra_project_share`` x (c's facilitated projects) new projects, each
  with c, one SME and one knowledge institution of c's ecosystem.
- ``transformation``: ``civic_projects`` new projects per cluster, each with c, a citizen or
  government organisation and a company or knowledge institution of c's ecosystem; and
  ``programme_projects`` joint projects per programme with all its transformation clusters
  and one knowledge partner of each.

Fractional counts are rounded at random (floor plus one with the fractional part's
probability), so their mean is the parameter.

**Fair unit.** "Before" is the baseline with every absorbed cluster merged into its host
(no losses): the unit compared is the merged entity, so an absorption is never reported
as a gain the host already had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import numpy as np

from helixnet.scenarios import twomode as tm_ops
from helixnet.scenarios.twomode import COMPANY, KNOWLEDGE, TwoMode

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.io.loader import Dataset
    from helixnet.scenarios.plan import ParameterRange, Plan

#: Default analysis window: the last five project start years of the data.
DEFAULT_WINDOW_YEARS = 5


@dataclass(frozen=True, eq=False)
class Context:
    """Everything a draw needs, built once: the baseline window and each plan's hosts."""

    base: TwoMode
    clusters: tuple[str, ...]
    plans: tuple["Plan", ...]
    hosts: tuple[dict[str, str], ...]
    ecosystems: dict[str, np.ndarray]
    parameter_names: tuple[str, ...]
    start_year: int | None
    end_year: int | None


def default_window(ds: "Dataset", start_year: int | None, end_year: int | None) -> tuple[int | None, int | None]:
    """The window analysed: the given years, else the last :data:`DEFAULT_WINDOW_YEARS`
    start years of the data (ending at the last start year)."""
    first, last = ds.years
    if last is None:
        return start_year, end_year
    end = last if end_year is None else end_year
    start = max(first, end - DEFAULT_WINDOW_YEARS + 1) if start_year is None else start_year
    return start, end


def build_context(ds: "Dataset", plans: list["Plan"], parameters: list["ParameterRange"],
                  clusters: list[str] | None = None, start_year: int | None = None,
                  end_year: int | None = None) -> Context:
    """Prepare the baseline window, the clusters, the hosts of every plan and each cluster's
    ecosystem (its members and the partners of the projects it facilitated, at baseline).

    Raises
    ------
    OptionError
        For an unknown cluster id.
    DataError
        For a plan whose absorbed cluster has no host (see :func:`plan.resolve_hosts`).
    """
    from helixnet.errors import OptionError
    from helixnet.scenarios.plan import resolve_hosts

    start_year, end_year = default_window(ds, start_year, end_year)
    base = tm_ops.from_dataset(ds, start_year, end_year)
    present = sorted(ds.clusters.index)
    if clusters:
        unknown = [c for c in clusters if c not in present]
        if unknown:
            raise OptionError(f"cluster {unknown[0]!r} is not a cluster organisation of the data; "
                              f"expected one of {', '.join(present) or '(none)'}")
        present = sorted(set(clusters))
    partners = {c: _knowledge_partners(base, c) for c in present}
    hosts = tuple(resolve_hosts(plan, present, partners, ds.organisations.index) for plan in plans)
    return Context(base, tuple(present), tuple(plans), hosts,
                   {c: _ecosystem(base, c) for c in present},
                   tuple(p.name for p in parameters), start_year, end_year)


def draw_parameters(parameters: list["ParameterRange"], n_draws: int, seed: int) -> "pd.DataFrame":
    """``n_draws`` Latin hypercube rows (scipy.stats.qmc, seeded by ``seed``) scaled to each
    parameter's ``[low, high]``; index ``draw``, one column per parameter."""
    import pandas as pd
    from scipy.stats import qmc

    unit = qmc.LatinHypercube(d=len(parameters), rng=np.random.default_rng([seed, 0x5A17])).random(n_draws)
    lows = np.array([p.low for p in parameters])
    highs = np.array([p.high for p in parameters])
    values = lows + unit * (highs - lows)
    return pd.DataFrame(values, columns=[p.name for p in parameters],
                        index=pd.RangeIndex(n_draws, name="draw"))


def before(ctx: Context, plan_index: int) -> tuple[TwoMode, dict[str, int | None]]:
    """The comparison state of a plan: the baseline with its absorbed clusters merged into
    their hosts, and each cluster's unit (organisation row)."""
    tm = ctx.base
    units = {c: tm.index(c) for c in ctx.clusters}
    for cluster, host in ctx.hosts[plan_index].items():
        tm = tm_ops.absorb(tm, units[cluster], tm.index(host))
    return tm, {c: (tm.index(ctx.hosts[plan_index][c]) if c in ctx.hosts[plan_index] else units[c])
                for c in ctx.clusters}


def apply_plan(ctx: Context, plan_index: int, params: dict[str, float],
               rng: np.random.Generator) -> tuple[TwoMode, dict[str, int | None]]:
    """One draw of plan ``plan_index``: the state after and each cluster's unit (None after
    removal). Clusters are treated in id order; absorptions happen last, so that every
    cluster's own choices act on its own projects first."""
    plan, hosts = ctx.plans[plan_index], ctx.hosts[plan_index]
    tm = ctx.base
    units: dict[str, int | None] = {}
    for cluster in ctx.clusters:
        scenario = plan.choice(cluster).scenario
        row = tm.index(cluster)
        units[cluster] = row
        if scenario == "removal":
            tm = tm_ops.remove_org(tm_ops.drop_projects(tm, tm_ops.facilitated(tm, cluster)), row)
            units[cluster] = None
        elif scenario == "commercial":
            tm = _commercial(tm, cluster, row, params, rng)
        elif scenario == "inkanteling":
            tm = _inkanteling(tm, cluster, row, tm.index(hosts[cluster]), params, rng)
        elif scenario == "base_mission":
            tm = _base_mission(tm, cluster, row, ctx.ecosystems[cluster], params, rng)
        elif scenario == "transformation":
            tm = _civic(tm, cluster, row, ctx.ecosystems[cluster], params, rng)
    tm = _programmes(tm, ctx, plan, params, rng)
    for cluster, host in hosts.items():
        tm = tm_ops.absorb(tm, tm.index(cluster), tm.index(host))
        units[cluster] = tm.index(host)
    return tm, units


def _random_round(value: float, rng: np.random.Generator) -> int:
    whole = int(np.floor(max(value, 0.0)))
    return whole + int(rng.random() < max(value, 0.0) - whole)


def _commercial(tm: TwoMode, cluster: str, row: int, p: dict, rng: np.random.Generator) -> TwoMode:
    assured = min(1.0, p["earmarked_share"] + p["adhoc_share"])
    continuation = assured + (1.0 - assured) * p["commercial_continuation"]
    tm = tm_ops.keep_projects_at_random(tm, tm_ops.facilitated(tm, cluster), continuation, rng)
    tm = tm_ops.retain_participants(tm, tm_ops.facilitated(tm, cluster), p["company_stays"],
                                    p["other_stays_with_companies"], p["other_stays_without_companies"], rng,
                                    protect=(row,))
    pay = np.where(tm.helix == COMPANY, np.where(tm.sme, p["pay_sme"], p["pay_large"]), p["pay_other"])
    ending = tm_ops.members(tm, row) & (rng.random(tm.n_orgs) >= pay)
    return tm_ops.end_memberships(tm, row, ending)


def _inkanteling(tm: TwoMode, cluster: str, row: int, host: int, p: dict, rng: np.random.Generator) -> TwoMode:
    projects = tm_ops.facilitated(tm, cluster)
    led = np.zeros(len(tm.project_cluster), dtype=bool)
    led[tm.part_project[tm.part_coordinator & (tm.helix[tm.part_org] == COMPANY)]] = True
    continuation = np.where(led[projects], max(p["host_continuation"], p["company_led_kept"]), p["host_continuation"])
    tm = tm_ops.keep_projects_at_random(tm, projects, continuation, rng)
    r = p["company_retention_host"]
    company_stays = r + (1.0 - r) * p["safeguard_effect"] * p["company_led_kept"]
    tm = tm_ops.retain_participants(tm, tm_ops.facilitated(tm, cluster), company_stays,
                                    p["other_stays_with_companies"], p["other_stays_without_companies"], rng,
                                    protect=(row, host))
    ending = tm_ops.members(tm, row) & (tm.helix == COMPANY) & (rng.random(tm.n_orgs) >= company_stays)
    return tm_ops.end_memberships(tm, row, ending)


def _pick(rng: np.random.Generator, pool: np.ndarray) -> int | None:
    return int(pool[rng.integers(len(pool))]) if len(pool) else None


def _base_mission(tm: TwoMode, cluster: str, row: int, eco: np.ndarray, p: dict, rng: np.random.Generator) -> TwoMode:
    n = _random_round(p["extra_project_share"] * len(tm_ops.facilitated(tm, cluster)), rng)
    smes = np.flatnonzero(eco & tm.sme)
    knowledge = np.flatnonzero(eco & (tm.helix == KNOWLEDGE))
    new = []
    for _ in range(n):
        sme, partner = _pick(rng, smes), _pick(rng, knowledge)
        if sme is not None and partner is not None:
            new.append(np.array([row, sme, partner]))
    return tm_ops.add_projects(tm, new, cluster)


def _civic(tm: TwoMode, cluster: str, row: int, eco: np.ndarray, p: dict, rng: np.random.Generator) -> TwoMode:
    from helixnet.scenarios.twomode import CITIZENS, GOVERNMENT

    civic = np.flatnonzero(np.isin(tm.helix, (CITIZENS, GOVERNMENT)))
    partners = np.flatnonzero(eco & np.isin(tm.helix, (COMPANY, KNOWLEDGE)))
    new = []
    for _ in range(_random_round(p["civic_projects"], rng)):
        a, b = _pick(rng, civic), _pick(rng, partners)
        if a is not None and b is not None:
            new.append(np.array([row, a, b]))
    return tm_ops.add_projects(tm, new, cluster)


def _programmes(tm: TwoMode, ctx: Context, plan: "Plan", p: dict, rng: np.random.Generator) -> TwoMode:
    for name in sorted(plan.programmes):
        members = [c for c in plan.programmes[name]
                   if c in ctx.clusters and plan.choice(c).scenario == "transformation"]
        if len(members) < 2:
            continue
        for k in range(_random_round(p["programme_projects"], rng)):
            rows = [tm.index(c) for c in members]
            for c in members:
                partner = _pick(rng, np.flatnonzero(ctx.ecosystems[c] & (tm.helix == KNOWLEDGE)))
                if partner is not None:
                    rows.append(partner)
            tm = tm_ops.add_projects(tm, [np.array(list(dict.fromkeys(rows)))], members[k % len(members)])
    return tm


def _knowledge_partners(tm: TwoMode, cluster: str) -> list[str]:
    """Knowledge institutions sharing projects with ``cluster``, most shared projects first
    (ties by id)."""
    row = tm.index(cluster)
    projects = np.unique(tm.part_project[tm.part_org == row])
    partners = tm.part_org[tm_ops.in_projects(tm, projects) & (tm.helix[tm.part_org] == KNOWLEDGE)]
    counts = np.bincount(partners, minlength=tm.n_orgs)
    order = sorted((-int(counts[i]), str(tm.orgs[i])) for i in np.flatnonzero(counts))
    return [org for _, org in order]


def _ecosystem(tm: TwoMode, cluster: str) -> np.ndarray:
    """Boolean per org row: members of ``cluster`` and partners of its facilitated projects."""
    row = tm.index(cluster)
    eco = tm_ops.members(tm, row)
    eco[tm.part_org[tm_ops.in_projects(tm, tm_ops.facilitated(tm, cluster))]] = True
    eco[row] = False
    return eco


@dataclass
class PlanRuns:
    """Raw draws of every plan: the sampled parameters and the outcomes.

    ``parameters``: draw x parameter (sampled from ``parameter_ranges``). ``draws``: long table with columns
    ``plan, draw, cluster, outcome, before, after, delta``. ``units``: per plan and cluster
    the unit compared before and after (``cluster``, ``cluster+host`` / ``host``, or
    ``removed``).
    """

    parameters: "pd.DataFrame"
    parameter_ranges: list["ParameterRange"]
    draws: "pd.DataFrame"
    units: "pd.DataFrame"
    context: Context
    seed: int
    n_draws: int
    timings: dict[str, float] = field(default_factory=dict)


def evaluate_draw(ctx: Context, parameter_rows: np.ndarray, seeds: list[int], task: int) -> np.ndarray:
    """Outcomes of task ``task`` = plan x n_draws + draw: array cluster x outcome of the
    state after (see :data:`helixnet.scenarios.measures.OUTCOMES`)."""
    from helixnet.scenarios.measures import measure

    n_draws = len(seeds)
    plan_index, draw = divmod(task, n_draws)
    params = dict(zip(ctx.parameter_names, parameter_rows[draw].tolist()))
    state, units = apply_plan(ctx, plan_index, params, np.random.default_rng(seeds[draw]))
    return measure(state, units, ctx.clusters, ctx.ecosystems)


def run_plans(ds: "Dataset", plans: list["Plan"] | None = None, parameters: list["ParameterRange"] | None = None, *,
              clusters: list[str] | None = None, n_draws: int = 200, seed: int = 0, processes: int = 2,
              scheduler: str | None = None, start_year: int | None = None, end_year: int | None = None,
              progress: Callable[[int], None] | None = None) -> PlanRuns:
    """Run every plan ``n_draws`` times with parameter sampling.

    Parameters
    ----------
    ds : Dataset
        The data.
    plans, parameters : list, optional
        Default: the shipped plans and parameter ranges.
    clusters : list of str, optional
        Cluster ids (default: every cluster of the data).
    n_draws : int
        Draws per plan (each samples the parameters and the random parts).
    seed : int
        Master seed: the same seed gives identical results on any number of workers,
        locally or on a Dask cluster.
    processes : int
        Local worker processes (ignored with a scheduler).
    scheduler : str, optional
        Address of a dask.distributed scheduler (see :func:`montecarlo.map_tasks`).
    start_year, end_year : int, optional
        The window (default: :func:`default_window`).
    progress : callable, optional
        Called with the number of tasks once they are known.
    """
    import time

    import pandas as pd

    from helixnet.scenarios.measures import OUTCOMES, measure
    from helixnet.scenarios.montecarlo import map_tasks, run_seeds
    from helixnet.scenarios.plan import load_parameters, load_plans

    started = time.perf_counter()
    plans = load_plans() if plans is None else plans
    parameters = load_parameters() if parameters is None else parameters
    ctx = build_context(ds, plans, parameters, clusters, start_year, end_year)
    table = draw_parameters(parameters, n_draws, seed)
    seeds = run_seeds(seed, n_draws)
    if progress is not None:
        progress(len(plans) * n_draws)
    prepared = time.perf_counter()
    from functools import partial

    results = map_tasks(partial(evaluate_draw, ctx, table.to_numpy(), seeds), list(range(len(plans) * n_draws)),
                        processes=processes, scheduler=scheduler)
    finished = time.perf_counter()
    frames, units = [], []
    for plan_index, plan in enumerate(plans):
        state, unit = before(ctx, plan_index)
        baseline = measure(state, unit, ctx.clusters, ctx.ecosystems)
        after = np.stack(results[plan_index * n_draws:(plan_index + 1) * n_draws])
        n_c, n_o = baseline.shape
        frames.append(pd.DataFrame({
            "plan": plan.id,
            "draw": np.repeat(np.arange(n_draws), n_c * n_o),
            "cluster": np.tile(np.repeat(ctx.clusters, n_o), n_draws),
            "outcome": np.tile(OUTCOMES, n_draws * n_c),
            "before": np.tile(baseline.ravel(), n_draws),
            "after": after.ravel(),
        }))
        for cluster in ctx.clusters:
            choice = plan.choice(cluster)
            host = ctx.hosts[plan_index].get(cluster)
            units.append({"plan": plan.id, "cluster": cluster, "scenario": choice.scenario, "host": host or "",
                          "unit_before": f"{cluster}+{host}" if host else cluster,
                          "unit_after": host or ("(removed)" if choice.scenario == "removal" else cluster)})
    draws = pd.concat(frames, ignore_index=True)
    draws["delta"] = draws["after"] - draws["before"]
    return PlanRuns(table, list(parameters), draws, pd.DataFrame(units), ctx, seed, n_draws,
                    {"prepare_s": prepared - started, "draws_s": finished - prepared,
                     "total_s": time.perf_counter() - started})

