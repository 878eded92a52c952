"""The analysis, complete before anything is presented.

:func:`analyse` loads a dataset and computes, once, everything any output needs: the
collaboration graph of the analysed window, the organisation, cluster and network tables,
brokerage, E-I per helix and helix synergy, and on request the ecosystem's communities
(:class:`Communities`), the per-period series (:class:`PeriodSeries`, one graph per period)
and the scenario results. The report and the maps only render an :class:`Analysis`; they
never build a graph or compute a measure.

Layer: above :mod:`helixnet.scenarios` and :mod:`helixnet.metrics`, below
:mod:`helixnet.report` and :mod:`helixnet.viz` (which may import this module's types).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset
    from helixnet.metrics.brokerage import BrokerageResult
    from helixnet.metrics.consensus import Consensus
    from helixnet.metrics.sampling import Approximation
    from helixnet.metrics.evidence import ClusterEvidence
    from helixnet.metrics.themes import GapRule, ThemeAnalysis
    from helixnet.scenarios.engine import PlanRuns
    from helixnet.scenarios.run import ScenarioResults

#: Community detection settings (recorded in the report's parameters).
COMMUNITY_METHOD = "leiden"
COMMUNITY_RESOLUTION = 1.0
#: Seeded Leiden runs per consensus round (:func:`helixnet.metrics.consensus.consensus_communities`).
COMMUNITY_RUNS = 10
#: The unweighted consensus runs in a second process from this many ties on: starting one
#: costs about 1.5 s, and the consensus takes 0.55 s on the default data's 25,274 ties and
#: 51 s on the 506,646 of the Belgian H2020 subset.
SECOND_PROCESS_MIN_TIES = 100_000


@dataclass(frozen=True)
class Communities:
    """The ecosystem's communities (the network without its cluster organisations), made stable.

    ``labels``: community number per non-cluster organisation, the consensus of
    ``runs`` seeded Leiden runs (:func:`helixnet.metrics.consensus.consensus_communities`);
    ``run_agreement``: mean adjusted Rand index between the single runs;
    ``weighting_agreement``: ARI between the weighted and the unweighted consensus;
    ``profile``: one row per community (:func:`helixnet.metrics.communities.community_profile`)
    with the activity columns of :func:`helixnet.metrics.themes.portfolio_analysis` on the
    communities' projects (each project in the community of most of its participants):
    ``projects_recent``, ``growth``, ``facilitated_recent`` (and its interval), ``active``,
    ``little_facilitated``, ``candidate_gap``; ``candidates``: the rows of ``profile`` that
    are candidate gaps under ``rule`` — active and little facilitated — and only when the
    data have clusters (without clusters nothing is facilitated, so nothing is flagged).
    """

    labels: "pd.Series"
    profile: "pd.DataFrame"
    candidates: "pd.DataFrame"
    rule: "GapRule"
    recent: tuple[int, int] | None
    previous: tuple[int, int] | None
    run_agreement: float
    weighting_agreement: float
    runs: int
    rounds: int
    converged: bool
    modularity: float
    method: str
    resolution: float
    seed: int
    has_clusters: bool
    #: What "facilitated" rests on (:func:`helixnet.metrics.themes.facilitation`).
    basis: str = "recorded"


@dataclass(frozen=True)
class PeriodSeries:
    """The analysed years cut into equal windows (:func:`helixnet.metrics.periods.split_periods`):
    ``clusters`` (:func:`~helixnet.metrics.periods.cluster_time_series`) and ``network``
    (:func:`~helixnet.metrics.periods.network_time_series`), computed on one graph per period."""

    periods: list[tuple[int, int]]
    clusters: "pd.DataFrame"
    network: "pd.DataFrame"


@dataclass(frozen=True)
class ScenarioRequest:
    """Which scenarios to run during :func:`analyse`: scenario TOML ``files`` (empty: the
    shipped set), ``clusters`` (empty: every cluster) and Monte Carlo ``n_runs``."""

    files: tuple[str | Path, ...] = ()
    clusters: tuple[str, ...] = ()
    n_runs: int = 200


@dataclass(frozen=True)
class EvidenceRequest:
    """The baselines to compute during :func:`analyse` (:func:`with_evidence`):
    degree-preserving null ``replicates``, ``bootstrap_replicates`` (default: as many),
    ``by_helix`` (null within helices) and ``path_sources`` (None: exact betweenness in every
    sample; k: the stratified sampled estimate from k sources,
    :func:`helixnet.metrics.evidence.cluster_evidence`)."""

    replicates: int = 100
    bootstrap_replicates: int | None = None
    by_helix: bool = False
    path_sources: int | None = None


@dataclass(frozen=True)
class PlanRequest:
    """The scenario plans to run during :func:`analyse` (:func:`helixnet.scenarios.engine.run_plans`):
    plan TOML ``files`` (empty: the shipped plans), a parameter-range ``parameter_file``
    (None: the shipped ranges), ``clusters`` (empty: every cluster), ``n_draws`` per plan,
    local ``processes`` or a dask ``scheduler``. The plans run on their own window (default
    the last five start years, :func:`helixnet.scenarios.engine.default_window`) unless the
    analysis has one."""

    files: tuple[str | Path, ...] = ()
    parameter_file: str | Path | None = None
    clusters: tuple[str, ...] = ()
    n_draws: int = 200
    processes: int = 2
    scheduler: str | None = None


@dataclass
class Analysis:
    """A dataset with everything computed from it.

    ``window`` is the dataset restricted to the analysed years; ``graph`` its collaboration
    graph. ``organisations`` has one row per organisation (every measure of the
    catalogue), ``clusters`` the cluster connector profiles, ``network`` the network
    summary, ``brokerage`` the Gould-Fernandez result (global values included),
    ``ei_groups`` the E-I index per helix and ``synergy`` Leydesdorff's T per scope
    (network, cluster portfolio, period). ``communities``, ``periods`` and ``scenarios``
    are None unless :func:`analyse` was asked for them; ``seed`` seeded them.
    """

    dataset: "Dataset"
    graph: "nx.Graph"
    organisations: "pd.DataFrame"
    clusters: "pd.DataFrame"
    network: "pd.Series"
    brokerage: "BrokerageResult"
    ei_groups: "pd.DataFrame"
    synergy: "pd.DataFrame"
    window: "Dataset | None" = None
    communities: Communities | None = None
    periods: PeriodSeries | None = None
    scenarios: "ScenarioResults | None" = None
    seed: int = 0
    #: The baselines of :func:`with_evidence` (None until it is called).
    evidence: "ClusterEvidence | None" = None
    #: The scenario plans' runs (:class:`PlanRequest`) and their tables
    #: (:func:`helixnet.scenarios.summary.scenario_tables`).
    plans: "PlanRuns | None" = None
    plan_tables: "dict[str, pd.DataFrame] | None" = None
    #: The theme table and the missing-theme rule (:func:`helixnet.metrics.themes.theme_analysis`).
    themes: "ThemeAnalysis | None" = None

    @property
    def period(self) -> str:
        """The analysed period as text, e.g. ``2017-2026``."""
        first, last = self.graph.graph.get("start_year"), self.graph.graph.get("end_year")
        if first is None and last is None:
            return "-"
        return f"{first}-{last}"


def analyse(data: "str | Path | Dataset", start_year: int | None = None, end_year: int | None = None,
            *, approximate: "Approximation | None" = None, progress: bool = False, communities: bool = False,
            periods: bool = False, scenarios: ScenarioRequest | None = None, seed: int = 0,
            evidence: EvidenceRequest | None = None, plans: PlanRequest | None = None,
            themes: bool = False, processes: int = 2) -> Analysis:
    """Load ``data`` (a directory or a Dataset) and compute every table.

    Parameters
    ----------
    data : str, Path or Dataset
    start_year, end_year : int, optional
        The window of project start years (inclusive); None: open.
    approximate : Approximation, optional
        Sampled betweenness measures with that error bound, stated in the tables; exact otherwise.
    progress : bool
        Show progress bars for the long stages.
    communities : bool
        Also detect the ecosystem's consensus communities (Leiden runs from ``seed``), profile them
        and apply the gap rule.
    periods : bool
        Also compute the per-period series (one collaboration graph per period).
    scenarios : ScenarioRequest, optional
        Also run these v1 scenarios (``seed``) on the analysed graph.
    seed : int
        Seed of the communities, the scenarios, the plans and the baselines.
    evidence : EvidenceRequest, optional
        Also compare each cluster with the degree-preserving null, its peers, bootstrap
        intervals and weighting variants (:func:`with_evidence`).
    plans : PlanRequest, optional
        Also run the scenario plans with parameter sampling.
    themes : bool
        Also describe every project theme and apply the missing-theme rule.
    processes : int
        With 2 or more and a graph of at least :data:`SECOND_PROCESS_MIN_TIES` ties, the
        unweighted consensus communities (the robustness check of the weighted ones; with
        them the slowest part on a large network) are computed in a second Python process
        (:class:`helixnet.background.BackgroundCall`) while this one computes the weighted
        ones; otherwise everything is computed here. The results are the same.

    Returns
    -------
    Analysis

    Raises
    ------
    OptionError
        If ``processes`` is not a whole number of at least 1 (and see :func:`helixnet.load`).
    """
    from helixnet.background import BackgroundCall, check_processes
    from helixnet.graph import collaboration_graph, dataset_in_window
    from helixnet.io.loader import Dataset, load
    from helixnet.metrics.consensus import consensus_communities
    from helixnet.io.lookup import check_window
    from helixnet.metrics._engine import converted_once
    from helixnet.metrics.brokerage import brokerage
    from helixnet.metrics.mixing import ei_index_groups
    from helixnet.metrics.synergy import synergy_table
    from helixnet.metrics.table import cluster_metrics, network_summary, organisation_metrics

    check_processes(processes)
    plan_inputs = load_plan_request(plans) if plans is not None else None  # bad plan files fail before the data load
    dataset = data if isinstance(data, Dataset) else load(data)
    check_window(dataset, start_year, end_year)  # an empty window is an error naming the years the data hold
    graph = collaboration_graph(dataset, start_year, end_year)
    window = dataset_in_window(dataset, start_year, end_year)
    side = contextlib.ExitStack()
    unweighted = weighted = None
    if communities and processes > 1 and graph.number_of_edges() >= SECOND_PROCESS_MIN_TIES:
        # the two consensus runs are the slowest part on a large network: the unweighted one in a
        # second process while this one runs the weighted one (single-threaded), before the
        # measures that use every core
        unweighted = side.enter_context(BackgroundCall(consensus_communities, graph, weight=None,
                                                       **community_options(seed)))
        weighted = consensus_communities(graph, **community_options(seed))
    with side, converted_once(graph):  # one conversion of the graph to arrays for every measure
        brokerage_result = brokerage(graph, attr="helix")
        organisations = organisation_metrics(graph, brokerage_result, approximate=approximate, progress=progress)
        synergy = synergy_table(window)
        analysis = Analysis(
            dataset=dataset,
            graph=graph,
            organisations=organisations,
            clusters=cluster_metrics(graph, organisations, dataset),
            network=network_summary(graph, dataset, synergy, organisations.attrs.get("shortest_paths")),
            brokerage=brokerage_result,
            ei_groups=ei_index_groups(graph, attr="helix"),
            synergy=synergy,
            window=window,
            seed=seed,
        )
        if communities:
            analysis.communities = detect_communities(graph, window, seed, weighted=weighted,
                                                      unweighted=unweighted.result() if unweighted else None)
    if periods:
        analysis.periods = period_series(window, graph, dataset)
    if scenarios is not None:
        analysis.scenarios = run_requested_scenarios(dataset, graph, scenarios, seed=seed)
    if themes:
        from helixnet.metrics.themes import theme_analysis

        analysis.themes = theme_analysis(window)
    if evidence is not None:
        analysis = with_evidence(analysis, replicates=evidence.replicates, path_sources=evidence.path_sources,
                                 bootstrap_replicates=evidence.bootstrap_replicates, by_helix=evidence.by_helix,
                                 seed=seed, progress=progress)
    if plans is not None and len(dataset.clusters):  # plans act on clusters: none, nothing to simulate
        analysis.plans, analysis.plan_tables = run_requested_plans(dataset, plans, seed=seed, start_year=start_year,
                                                                   end_year=end_year, loaded=plan_inputs)
    return analysis


def load_plan_request(request: PlanRequest) -> tuple:
    """The plans and parameter ranges of ``request``, read and checked (with its draw count)
    before any data is read: ``(plans, parameters)``."""
    from helixnet.limits import check_runs
    from helixnet.scenarios.plan import load_parameters, load_plans

    check_runs(request.n_draws)
    return load_plans(list(request.files)), load_parameters(request.parameter_file)


def run_requested_plans(dataset: "Dataset", request: PlanRequest, *, seed: int = 0, start_year: int | None = None,
                        end_year: int | None = None, loaded: tuple | None = None
                        ) -> "tuple[PlanRuns, dict[str, pd.DataFrame]]":
    """Run the plans of ``request`` (:func:`helixnet.scenarios.engine.run_plans`; ``loaded``:
    what :func:`load_plan_request` returned, when already read) and tabulate them
    (:func:`helixnet.scenarios.summary.scenario_tables`)."""
    from helixnet.scenarios.engine import run_plans
    from helixnet.scenarios.summary import scenario_tables

    plans, parameters = loaded if loaded is not None else load_plan_request(request)
    runs = run_plans(dataset, plans, parameters, clusters=list(request.clusters) or None, n_draws=request.n_draws,
                     seed=seed, processes=request.processes, scheduler=request.scheduler, start_year=start_year,
                     end_year=end_year)
    return runs, scenario_tables(runs)


def with_evidence(analysis: Analysis, *, replicates: int = 100, bootstrap_replicates: int | None = None,
                  seed: int = 0, by_helix: bool = False, path_sources: int | None = None,
                  progress: bool = False) -> Analysis:
    """``analysis`` with each cluster's profile against the degree-preserving null, its
    peers, bootstrap intervals and robustness flags
    (:func:`helixnet.metrics.evidence.cluster_evidence`): the wide columns joined onto
    ``clusters``, the T intervals onto ``synergy``, the settings as ``evidence_*`` rows of
    ``network``, and the whole result in ``evidence``."""
    from dataclasses import replace

    import pandas as pd

    from helixnet.metrics.evidence import cluster_evidence

    evidence = cluster_evidence(analysis.dataset, analysis.graph, analysis.organisations, seed=seed,
                                replicates=replicates, bootstrap_replicates=bootstrap_replicates, by_helix=by_helix,
                                synergy=analysis.synergy, path_sources=path_sources, progress=progress)
    new = [c for c in evidence.wide.columns if c not in analysis.clusters.columns]
    clusters = analysis.clusters.join(evidence.wide[new]) if len(evidence.wide) else analysis.clusters
    settings = pd.Series({f"evidence_{k}": v for k, v in evidence.settings.items()}, dtype=object)
    network = pd.concat([analysis.network, settings]).rename(analysis.network.name)
    return replace(analysis, clusters=clusters, network=network, evidence=evidence,
                   synergy=evidence.synergy if evidence.synergy is not None else analysis.synergy)


def community_options(seed: int, runs: int = COMMUNITY_RUNS) -> dict[str, Any]:
    """The options of the consensus communities of an analysis: :data:`COMMUNITY_METHOD`,
    :data:`COMMUNITY_RESOLUTION`, ``runs`` runs from ``seed``."""
    return {"runs": runs, "seed": seed, "method": COMMUNITY_METHOD, "resolution": COMMUNITY_RESOLUTION}


def detect_communities(graph: "nx.Graph", window: "Dataset", seed: int = 0, runs: int = COMMUNITY_RUNS,
                       rule: "GapRule | None" = None, weighted: "Consensus | None" = None,
                       unweighted: "Consensus | None" = None) -> Communities:
    """The consensus communities of ``graph`` without its clusters (:data:`COMMUNITY_METHOD`,
    :data:`COMMUNITY_RESOLUTION`, ``runs`` runs from ``seed``, weighted and unweighted),
    profiled with the projects of ``window`` and judged by the gap ``rule`` (default
    :class:`~helixnet.metrics.themes.GapRule`), as the themes are. ``weighted`` and
    ``unweighted``: the two consensus partitions with :func:`community_options`, when already
    computed (e.g. in another process)."""
    from helixnet.metrics.communities import community_profile, modularity
    from helixnet.metrics.consensus import adjusted_rand_index, consensus_communities
    from helixnet.metrics.themes import GapRule, community_projects, portfolio_analysis

    rule = rule or GapRule()
    options = community_options(seed, runs)
    if weighted is None:
        weighted = consensus_communities(graph, **options)
    if unweighted is None:
        unweighted = consensus_communities(graph, weight=None, **options)
    labels = weighted.communities
    has_clusters = any(d.get("is_cluster") for _, d in graph.nodes(data=True))
    activity = portfolio_analysis(window, community_projects(window, labels), rule)
    columns = ["projects_recent", "projects_previous", "rate_recent", "rate_previous", "growth", "facilitated_recent",
               "facilitated_recent_low", "facilitated_recent_high", "active", "little_facilitated", "candidate_gap"]
    profile = community_profile(graph, labels, window)
    table = activity.table[columns].copy()
    table.index = table.index.astype("int64")
    profile = profile.join(table)
    for flag in ("active", "little_facilitated", "candidate_gap"):
        profile[flag] = profile[flag].fillna(False).astype(bool) & (has_clusters or flag == "active")
    for count in ("projects_recent", "projects_previous"):
        profile[count] = profile[count].fillna(0).astype("int64")
    candidates = profile[profile["candidate_gap"]].sort_values(["projects_recent", "size"], ascending=False,
                                                               kind="stable")
    return Communities(labels=labels, profile=profile, candidates=candidates, rule=rule, recent=activity.recent,
                       previous=activity.previous, run_agreement=weighted.run_agreement,
                       weighting_agreement=adjusted_rand_index(labels.to_numpy(),
                                                               unweighted.communities.reindex(labels.index).to_numpy()),
                       runs=runs, rounds=weighted.rounds, converged=weighted.converged,
                       modularity=modularity(graph.subgraph(labels.index), labels), method=COMMUNITY_METHOD,
                       resolution=COMMUNITY_RESOLUTION, seed=seed, has_clusters=has_clusters, basis=activity.basis)


def period_series(window: "Dataset", graph: "nx.Graph | None" = None, dataset: "Dataset | None" = None) -> PeriodSeries:
    """The per-window series of ``window`` on one collaboration graph per window; ``graph``
    (the whole window's) is reused for a window that spans the whole analysis. The clusters'
    founding years come from ``dataset`` (the data before windowing; default ``window``), so
    that a window of analysis does not move them."""
    from helixnet.metrics.periods import (
        cluster_time_series,
        founding_years,
        network_time_series,
        period_graphs,
        split_periods,
    )

    spans = split_periods(*window.years)
    whole = (graph.graph.get("start_year"), graph.graph.get("end_year")) if graph is not None else None
    graphs = {span: graph for span in spans if span == whole}
    graphs.update(period_graphs(window, [span for span in spans if span not in graphs]))
    founded = founding_years(dataset if dataset is not None else window)
    return PeriodSeries(periods=spans, clusters=cluster_time_series(window, spans, graphs, founded=founded),
                        network=network_time_series(window, spans, graphs))


def run_requested_scenarios(dataset: "Dataset", graph: "nx.Graph", request: ScenarioRequest, *, seed: int = 0,
                            progress: Any = None, on_start: Any = None) -> "ScenarioResults":
    """Run the scenarios of ``request`` per cluster on ``graph`` (the analysed window of
    ``dataset``); ``on_start(total)`` is told how many scenario x cluster pairs will run."""
    from helixnet.scenarios.run import run_scenarios, select_clusters
    from helixnet.scenarios.spec import load_scenario_files

    chosen = load_scenario_files(request.files)
    selected = select_clusters(graph, list(request.clusters) or None)
    if on_start is not None:
        on_start(len(chosen) * len(selected))
    return run_scenarios(dataset, graph, scenarios=chosen, clusters=selected, n_runs=request.n_runs, seed=seed,
                         progress=progress)
