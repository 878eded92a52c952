"""The ``helixnet`` command line: one thin function per command.

Every command parses its options, calls one library function and prints. User errors
(:class:`~helixnet.errors.HelixnetError`) are printed as ``Error: ...`` on stderr with exit
code 1 and no traceback; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from helixnet import __version__
from helixnet.errors import HelixnetError
from helixnet.io.cells import THOUSANDS

DEFAULT_DATA = "data"
DEFAULT_OUT = "reports"


class HelixnetGroup(click.Group):
    """A click group that turns HelixnetError (and running out of memory) into a clean
    ``Error:`` message."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except HelixnetError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except MemoryError:
            click.echo("Error: the machine ran out of memory; expected an input that fits: analyse fewer years "
                       "(--from-year/--to-year), import one country (--country), or lower the edge budget "
                       "(--max-edges) to be stopped before building too large a graph", err=True)
            ctx.exit(1)


data_argument = click.argument("data", default=DEFAULT_DATA, type=click.Path(path_type=Path))
from_year_option = click.option("--from-year", type=int, default=None, help="First project start year to include.")
to_year_option = click.option("--to-year", type=int, default=None, help="Last project start year to include.")
#: Seeds are non-negative integers everywhere (numpy's generators refuse negative ones).
SEED = click.IntRange(min=0)
force_option = click.option("--force", is_flag=True, default=False,
                            help="Replace an existing non-empty --out directory that helixnet did not write.")


@click.group(cls=HelixnetGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="helixnet")
@click.option("--max-edges", type=click.IntRange(min=1), default=None, envvar="HELIXNET_MAX_EDGES",
              show_envvar=True, help="Edge budget: refuse to build a collaboration graph that could have more "
              "edges (default 20,000,000).")
def main(max_edges: int | None) -> None:
    """Analyse quadruple-helix innovation ecosystems: who connects companies, knowledge
    institutions, government and citizens, and how neutral each cluster's connector role is.

    DATA is a directory with nodes/ and edges/ CSV files (default: ./data).
    """
    from helixnet.graph import set_edge_budget

    set_edge_budget(max_edges)


thousands_option = click.option(
    "--thousands", type=click.Choice(THOUSANDS), default=None,
    help="How ';'-delimited data files write numbers: 'point' reads 1.234 as 1234 (a point separates thousands), "
         "'none' reads it as 1.234 (a point is a decimal point); default: the key thousands in dataset.toml, else "
         "an ambiguous 1.234 is an error.")


def _dataset(data: Path, thousands: str | None):
    """DATA as the analyses take it: the path, or with --thousands the dataset read with that convention."""
    if thousands is None:
        return data
    from helixnet.io.loader import load

    return load(data, thousands=thousands)


null_path_sources_option = click.option(
    "--null-path-sources", "path_sources", default=None, type=click.IntRange(min=1), metavar="K",
    help="Estimate the betweenness measures of each null and bootstrap sample from the clusters' neighbourhoods "
         "and K other sampled sources (unbiased; its error is added to the null's sd) instead of exactly: for "
         "large data such as a country's H2020 participations. Observed values stay exact.  [default: exact]")

encoding_option = click.option("--encoding", default=None, metavar="NAME",
                               help="Encoding of the CSV files, e.g. cp1252 for an Excel CSV export (default UTF-8, "
                                    "BOM optional).")


@main.command()
@data_argument
@click.option("--max-errors", default=50, show_default=True, type=click.IntRange(min=1),
              help="List up to this many errors (the rest are counted).")
@encoding_option
@thousands_option
def validate(data: Path, max_errors: int, encoding: str | None, thousands: str | None) -> None:
    """Check DATA against the data model, list every error and print what it holds."""
    from helixnet.io.loader import load

    ds = load(data, encoding=encoding, max_errors=max_errors, thousands=thousands)
    helix_counts = ds.organisations["helix"].value_counts()
    first, last = ds.years
    click.echo(f"{data}: valid ({ds.meta.title})")
    click.echo(f"  organisations  {len(ds.organisations):>7,}  " + ", ".join(f"{h} {n:,}" for h, n in helix_counts.items()))
    click.echo(f"  clusters       {len(ds.clusters):>7,}")
    years = f"start years {first}-{last}" if first is not None else "no start years"
    click.echo(f"  projects       {len(ds.projects):>7,}  {years}")
    click.echo(f"  participations {len(ds.participations):>7,}")
    click.echo(f"  ties           {len(ds.ties):>7,}")
    click.echo(f"  files          {len(ds.meta.files):>7,}")
    for decision in ds.curation:
        click.echo(f"  curation: {decision}")


@main.command()
@data_argument
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT) / "metrics",
              show_default=True, help="Directory for organisations.csv, clusters.csv and network.csv.")
@from_year_option
@to_year_option
@click.option("--approximate", is_flag=True, default=False,
              help="Sample the betweenness measures (Riondato-Kornaropoulos) instead of computing them "
                   "exactly; the error bound is written into every table.")
@click.option("--epsilon", type=float, default=0.01, show_default=True,
              help="With --approximate: largest absolute error of a normalised betweenness value.")
@click.option("--delta", type=float, default=0.1, show_default=True,
              help="With --approximate: probability that some value misses the bound.")
@click.option("--seed", default=0, show_default=True, type=SEED,
              help="Seed of the null model, the bootstrap and (with --approximate) the betweenness sampler.")
@click.option("--null-replicates", default=100, show_default=True, type=click.IntRange(min=0),
              help="Samples of the degree-preserving null model (curveball) per cluster profile; 0 leaves out "
                   "the baselines (null, peers, bootstrap, robustness) and cluster_evidence.csv.")
@click.option("--bootstrap-replicates", default=None, type=click.IntRange(min=2),
              help="Project resamples of the bootstrap intervals  [default: --null-replicates]")
@click.option("--null-by-helix", is_flag=True, default=False,
              help="Null model within helices: every project also keeps its helix mix.")
@null_path_sources_option
@force_option
@thousands_option
def metrics(data: Path, out_dir: Path, from_year: int | None, to_year: int | None, approximate: bool,
            epsilon: float, delta: float, seed: int, null_replicates: int, bootstrap_replicates: int | None,
            null_by_helix: bool, path_sources: int | None, force: bool, thousands: str | None) -> None:
    """Compute organisation, cluster and network metrics and write them as CSV, with each
    cluster's profile against a degree-preserving null, its peers, bootstrap intervals and
    robustness flags (clusters.csv, cluster_evidence.csv)."""
    from helixnet.errors import OptionError
    from helixnet.io.outputs import check_output, staged_output
    from helixnet.limits import check_replicates
    from helixnet.metrics.sampling import Approximation
    from helixnet.pipeline import analyse, with_evidence, write_metrics

    started = time.perf_counter()
    source = click.get_current_context().get_parameter_source
    if not approximate:
        given = [f"--{name}" for name in ("epsilon", "delta")
                 if source(name) is not click.core.ParameterSource.DEFAULT]
        if given:
            raise OptionError(f"{', '.join(given)} can only be used with --approximate")
    if null_replicates == 1:
        raise OptionError("--null-replicates 1: expected 0 (no baselines) or at least 2 replicates")
    check_replicates(null_replicates)
    if bootstrap_replicates is not None:
        check_replicates(bootstrap_replicates, "--bootstrap-replicates")
    approximation = Approximation(epsilon, delta, seed) if approximate else None
    check_output(out_dir, [data], force=force)
    analysis = analyse(_dataset(data, thousands), from_year, to_year, approximate=approximation, progress=True)
    if null_replicates:
        analysis = with_evidence(analysis, replicates=null_replicates, bootstrap_replicates=bootstrap_replicates,
                                 path_sources=path_sources,
                                 seed=seed, by_helix=null_by_helix, progress=True)
    with staged_output(out_dir, [data], force=force, label="metrics") as staged:
        written = write_metrics(analysis, staged.path)
    for path in written:
        click.echo(f"wrote {staged.final(path)}")
    method = str(analysis.network.get("betweenness_method", ""))
    if approximation is not None and method.startswith("exact"):
        click.echo(f"betweenness measures computed exactly: {method[len('exact ('):-1]} at --epsilon {epsilon:g}")
    elif approximation is not None:
        click.echo(f"betweenness measures sampled: within {epsilon:g} of the exact values "
                   f"with probability at least {1 - delta:g} (seed {seed})")
    click.echo(f"{len(analysis.organisations):,} organisations, {len(analysis.clusters):,} clusters "
               f"in {time.perf_counter() - started:.1f} s")


@main.command(name="map")
@data_argument
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT) / "map.html",
              show_default=True, help="The HTML file to write.")
@click.option("--size-by", default="betweenness", show_default=True, help="Metric that sets node size.")
@click.option("--cluster", default=None, help="Draw this cluster's ego network (cluster id) instead of the whole network.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=1),
              help="Hops from the cluster in a --cluster map.")
@click.option("--max-nodes", default=2000, show_default=True, type=click.IntRange(min=1),
              help="Largest number of organisations drawn; above it the map keeps the most important and says what it left out.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, help="Language of the page.")
@click.option("--seed", default=0, show_default=True, type=SEED, help="Seed of the layout.")
@click.option("--colour-by", type=click.Choice(["helix", "community", "theme", "country"]), default="helix",
              show_default=True, help="Colouring the page opens with (switchable in the page).")
@click.option("--group-by", type=click.Choice(["community", "theme", "none"]), default="community", show_default=True,
              help="Pull the organisations of one community (or main theme) together in the layout.")
@click.option("--backbone-alpha", default=0.05, show_default=True, type=click.FloatRange(0, 1, min_open=True, max_open=True),
              help="Significance level of the disparity-filter backbone drawn by default (the page can show all ties).")
@from_year_option
@to_year_option
@thousands_option
def map_command(data: Path, out_file: Path, size_by: str, cluster: str | None, depth: int, max_nodes: int, lang: str,
                seed: int, colour_by: str, group_by: str, backbone_alpha: float, from_year: int | None,
                to_year: int | None, thousands: str | None) -> None:
    """Draw the collaboration network (or one cluster's part of it) as one interactive HTML map that works offline."""
    from helixnet.io.outputs import check_output, staged_output
    from helixnet.pipeline import analyse, map_html

    check_output(out_file, [data], kind="file")
    analysis = analyse(_dataset(data, thousands), from_year, to_year)
    page = map_html(analysis, size_by=size_by, seed=seed, lang=lang, cluster=cluster, depth=depth, max_nodes=max_nodes,
                    colour_by=colour_by, group_by=None if group_by == "none" else group_by,
                    backbone_alpha=backbone_alpha)
    selection = page.selection
    with staged_output(out_file, [data], kind="file") as staged:
        page.save(staged.path)
    click.echo(f"wrote {out_file}: {selection.graph.number_of_nodes():,} organisations, "
               f"{selection.graph.number_of_edges():,} links")
    if selection.reduced:
        click.echo(f"  left out {selection.omitted_nodes:,} of {selection.source_nodes:,} organisations and "
                   f"{selection.omitted_edges:,} links (--max-nodes {max_nodes}); the page says which")


@main.command()
@data_argument
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT) / "report",
              show_default=True, help="Report directory: index.html, report.pdf, tables/, figures/, maps/, "
                                      "graph.gexf, graph.graphml (replaced as a whole at the end).")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, help="Report language.")
@click.option("--scenarios/--no-scenarios", "with_scenarios", default=True, show_default=True,
              help="Run the scenario plans (one green-paper scenario per cluster, with parameter sampling) and "
                   "show them in the report.")
@click.option("--plan", "plan_files", multiple=True, type=click.Path(path_type=Path),
              help="Plan TOML file (repeatable); default: the shipped plans (docs/scenarios.md).")
@click.option("--runs", "n_runs", default=200, show_default=True, type=click.IntRange(min=1),
              help="Draws per scenario plan (at most 100,000 unless HELIXNET_MAX_RUNS says more).")
@click.option("--null-replicates", default=100, show_default=True, type=click.IntRange(min=0),
              help="Samples of the degree-preserving null model for the baselines section; 0 leaves it out.")
@null_path_sources_option
@click.option("--processes", default=2, show_default=True, type=click.IntRange(min=1),
              help="Local worker processes for the scenario draws; with 2 or more, second processes also compute "
                   "the unweighted communities and write the maps, Gephi files and PDF while this one goes on "
                   "(the same files).")
@click.option("--scheduler", default=None, envvar="HELIXNET_SCHEDULER", show_envvar=True,
              help="Address of a dask.distributed scheduler to run the scenario draws on.")
@click.option("--seed", default=0, show_default=True, type=SEED,
              help="Seed of the scenarios, the baselines, the communities and the map layout.")
@from_year_option
@to_year_option
@force_option
@thousands_option
def report(data: Path, out_dir: Path, lang: str, with_scenarios: bool, plan_files: tuple[Path, ...], n_runs: int,
           null_replicates: int, path_sources: int | None, processes: int, scheduler: str | None, seed: int,
           from_year: int | None, to_year: int | None, force: bool, thousands: str | None) -> None:
    """Write the report of DATA: HTML and PDF, tables, figures, maps and Gephi files."""
    from helixnet.errors import OptionError
    from helixnet.io.outputs import check_output
    from helixnet.limits import check_replicates, check_runs
    from helixnet.pipeline import EvidenceRequest, PlanRequest, analyse, write_report
    from helixnet.scenarios.plan import load_plans

    started = time.perf_counter()
    check_output(out_dir, [data, *plan_files], force=force)
    if null_replicates == 1:
        raise OptionError("--null-replicates 1: expected 0 (no baselines) or at least 2 replicates")
    check_replicates(null_replicates)
    if with_scenarios:
        check_runs(n_runs)
        load_plans(list(plan_files))  # every plan file checked before the data is read
    evidence = EvidenceRequest(null_replicates, path_sources=path_sources) if null_replicates else None
    plans = PlanRequest(files=tuple(plan_files), n_draws=n_runs, processes=processes,
                        scheduler=scheduler) if with_scenarios else None
    analysis = analyse(_dataset(data, thousands), from_year, to_year, progress=True, communities=True, periods=True,
                       themes=True, seed=seed, evidence=evidence, plans=plans, processes=processes)
    parameters = {"from_year": from_year, "to_year": to_year, "null_replicates": null_replicates}
    if path_sources is not None:
        parameters["null_path_sources"] = path_sources
    if with_scenarios:
        parameters["runs"] = n_runs
    written = write_report(analysis, out_dir, lang=lang, parameters=parameters, progress=True,
                           inputs=[data, *plan_files], force=force, processes=processes)
    size = sum(path.stat().st_size for path in written)
    click.echo(f"wrote {len(written)} files ({size / 1e6:.1f} MB) to {out_dir}")
    click.echo(f"report of {len(analysis.organisations):,} organisations in {time.perf_counter() - started:.1f} s: "
               f"open {out_dir / 'index.html'} or {out_dir / 'report.pdf'}")


@main.group(name="import")
def import_group() -> None:
    """Import project exports into a data directory (per source, idempotent, with a diff)."""


data_dir_option = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DEFAULT_DATA,
                               show_default=True, help="Data directory to update (created if missing).")
dry_run_option = click.option("--dry-run", is_flag=True, help="Show the diff, write nothing.")
fill_only_option = click.option("--fill-only", is_flag=True,
                                help="Only fill in names, SME flag, VAT, ... of organisations other sources hold; "
                                     "import no organisations, projects or participations of its own.")


@import_group.command(name="cordis")
@click.argument("org_file", type=click.Path(path_type=Path))
@click.option("--projects", "projects_file", type=click.Path(path_type=Path), default=None,
              help="CORDIS project file (titles, dates, budgets).")
@data_dir_option
@click.option("--country", default=None, help="Keep projects with a participant of this country (and all their partners).")
@from_year_option
@to_year_option
@click.option("--source", default="cordis", show_default=True, help="Source name: re-importing it replaces its rows only.")
@encoding_option
@fill_only_option
@dry_run_option
def import_cordis(org_file: Path, projects_file: Path | None, data_dir: Path, country: str | None,
                  from_year: int | None, to_year: int | None, source: str, encoding: str | None, fill_only: bool,
                  dry_run: bool) -> None:
    """Import a CORDIS organisation (participant) export, current or pre-2021 columns."""
    from helixnet.io.imports.cordis import read_cordis

    _run_import(lambda: read_cordis(org_file, projects_file, source=source, country=country,
                                    from_year=from_year, to_year=to_year, encoding=encoding),
                data_dir, dry_run, [org_file, projects_file], fill_only)


@import_group.command(name="table")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--mapping", "mapping_file", required=True,
              help="Mapping TOML (a path, or the name of a shipped mapping such as h2020 or fris).")
@data_dir_option
@click.option("--country", default=None, help="Keep projects with a participant of this country (and all their partners).")
@from_year_option
@to_year_option
@click.option("--themes", "themes_file", type=click.Path(path_type=Path), default=None,
              help="Project -> theme table (CSV); default: the mapping's [themes] file beside FILE.")
@encoding_option
@fill_only_option
@dry_run_option
def import_table_command(file: Path, mapping_file: str, data_dir: Path, country: str | None,
                         from_year: int | None, to_year: int | None, themes_file: Path | None, encoding: str | None,
                         fill_only: bool, dry_run: bool) -> None:
    """Import any CSV or XLSX export with a mapping file that names its columns and values."""
    from helixnet.io.imports.batch import within_country, within_years
    from helixnet.io.imports.table import import_table

    _run_import(lambda: within_country(within_years(import_table(file, mapping_file, themes=themes_file,
                                                                 encoding=encoding), from_year, to_year), country),
                data_dir, dry_run, [file, mapping_file if Path(mapping_file).exists() else None, themes_file],
                fill_only)


@import_group.command(name="members")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--cluster", required=True, help="The cluster the members belong to (cluster id, case-insensitive).")
@data_dir_option
@click.option("--add-unmatched", is_flag=True, help="Add members that match no organisation as new organisations.")
@click.option("--helix", default=None, help="Helix of added members whose row gives none.")
@click.option("--kind", default=None, help="Kind of added members whose row gives none.")
@click.option("--from-year", type=int, default=None, help="Membership start year of rows that give none.")
@click.option("--to-year", type=int, default=None, help="Membership end year of rows that give none.")
@encoding_option
@dry_run_option
def import_members_command(file: Path, cluster: str, data_dir: Path, add_unmatched: bool, helix: str | None,
                           kind: str | None, from_year: int | None, to_year: int | None, encoding: str | None,
                           dry_run: bool) -> None:
    """Import a cluster's member list (CSV/XLSX: name, VAT/KBO or PIC, years) as membership ties."""
    from helixnet.io.imports.members import import_members
    from helixnet.io.outputs import check_output

    check_output(data_dir, [file], kind="data", option="--data")
    result = import_members(data_dir, file, cluster, add_unmatched=add_unmatched, helix=helix, kind=kind,
                            start_year=from_year, end_year=to_year, encoding=encoding, dry_run=dry_run)
    click.echo(("dry run, nothing written: " if dry_run else "") + f"members of {result.cluster} -> {data_dir}")
    click.echo(result.details())
    if not dry_run:
        click.echo("data directory updated" if result.changed else "no changes: data directory untouched")


def _run_import(read, data_dir: Path, dry_run: bool, inputs: list, fill_only: bool = False) -> None:
    """Read a batch, merge it into ``data_dir`` and print the diff (one shared path for all importers)."""
    from dataclasses import replace

    from helixnet.io.imports.refresh import apply_batch
    from helixnet.io.outputs import check_output
    from helixnet.progress import stage

    check_output(data_dir, inputs, kind="data", option="--data")
    with stage("import: reading", total=2, enabled=True, unit="step") as bar:
        batch = replace(read(), fill_only=fill_only)
        bar.set_description_str(f"import: read {batch.counts()['participations']:,} participations, merging")
        bar.update(1)
        result = apply_batch(data_dir, batch, dry_run=dry_run)
        bar.update(1)
    click.echo(("dry run, nothing written: " if dry_run else "") + f"{batch.source} -> {data_dir}")
    click.echo(result.details())
    if not dry_run:
        click.echo("data directory updated" if result.changed else "no changes: data directory untouched")


@main.command()
@click.argument("data_a", type=click.Path(path_type=Path))
@click.argument("data_b", type=click.Path(path_type=Path), required=False)
@click.option("--a-years", default=None, metavar="Y1-Y2", help="Project start years of snapshot A.")
@click.option("--b-years", default=None, metavar="Y1-Y2", help="Project start years of snapshot B.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
@thousands_option
def compare(data_a: Path, data_b: Path | None, a_years: str | None, b_years: str | None, lang: str,
            thousands: str | None) -> None:
    """What changed in the network and in each cluster between two snapshots.

    Compare two data directories, or two periods of one (DATA_A with --a-years and
    --b-years).
    """
    from helixnet.compare import compare as compare_analyses
    from helixnet.compare import render_comparison_text
    from helixnet.pipeline import analyse

    first = analyse(_dataset(data_a, thousands), *_years(a_years, "--a-years"))
    second = analyse(_dataset(data_b or data_a, thousands), *_years(b_years, "--b-years"))
    click.echo(render_comparison_text(compare_analyses(first, second), lang=lang))


def _years(text: str | None, option: str) -> tuple[int | None, int | None]:
    """Parse ``Y1-Y2`` (either end may be empty) into a year window."""
    from helixnet.errors import OptionError

    if text is None:
        return None, None
    start, sep, end = text.partition("-")
    try:
        return (int(start) if start else None), (int(end) if end else (int(start) if not sep else None))
    except ValueError:
        raise OptionError(f"{option} {text!r}: expected years as Y1-Y2, e.g. 2017-2020") from None


@main.command()
@data_argument
@click.option("--plan", "plan_files", multiple=True, type=click.Path(path_type=Path),
              help="Plan TOML file: one scenario per cluster, applied together (repeatable); "
                   "default: the shipped plans (docs/scenarios.md).")
@click.option("--parameters", "parameter_file", type=click.Path(path_type=Path), default=None,
              help="Parameter ranges TOML file; default: the shipped ranges.")
@click.option("--scenario", "scenario_files", multiple=True, type=click.Path(path_type=Path),
              help="v1 scenario TOML file (repeatable): the single-cluster graph-level engine instead of plans.")
@click.option("--cluster", "clusters", multiple=True, help="Cluster id (repeatable); default: every cluster.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT) / "scenarios",
              show_default=True, help="Directory for the result tables and figures.")
@click.option("--runs", "n_runs", default=200, show_default=True, type=click.IntRange(min=1),
              help="Draws per plan, each sampling the parameters and the random parts (at most 100,000 unless "
                   "HELIXNET_MAX_RUNS says more).")
@click.option("--seed", default=0, show_default=True, type=SEED, help="Master seed: same seed, same results.")
@click.option("--processes", default=2, show_default=True, type=click.IntRange(min=1), help="Local worker processes.")
@click.option("--scheduler", default=None, envvar="HELIXNET_SCHEDULER", show_envvar=True,
              help="Address of a dask.distributed scheduler to run the draws on (e.g. tcp://host:8786).")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, help="Language of the figures.")
@click.option("--from-year", type=int, default=None,
              help="First project start year to include (default: the last five start years of the data).")
@to_year_option
@force_option
@thousands_option
def scenarios(data: Path, plan_files: tuple[Path, ...], parameter_file: Path | None, scenario_files: tuple[Path, ...],
              clusters: tuple[str, ...], out_dir: Path, n_runs: int, seed: int, processes: int, scheduler: str | None,
              lang: str, from_year: int | None, to_year: int | None, force: bool, thousands: str | None) -> None:
    """Simulate the green paper's scenarios: plans (one scenario per cluster) on the projects, with parameter
    uncertainty; the change per plan and cluster, its interval, how often it holds and its drivers."""
    from helixnet.io.outputs import check_output, staged_output
    from helixnet.pipeline import run_plan_analysis, run_scenario_analysis, write_plan_outputs, write_scenario_outputs
    from helixnet.progress import stage

    started = time.perf_counter()
    inputs = [data, *scenario_files, *plan_files, parameter_file]
    check_output(out_dir, inputs, force=force)
    if scenario_files:
        with stage("scenarios", enabled=True, unit="pair") as bar:
            def progress(label: str) -> None:
                bar.set_description_str(f"scenarios: {label}")
                bar.update(1)

            def on_start(total: int) -> None:
                bar.total = total
                bar.refresh()

            results = run_scenario_analysis(_dataset(data, thousands), scenario_files, clusters, n_runs=n_runs,
                                            seed=seed, start_year=from_year, end_year=to_year, progress=progress,
                                            on_start=on_start)
        with staged_output(out_dir, inputs, force=force, label="scenarios") as staged:
            written = write_scenario_outputs(results, staged.path, lang=lang)
        for path in written:
            click.echo(f"wrote {staged.final(path)}")
        click.echo(f"{len(results.timings)} scenario x cluster pairs, {n_runs} runs each where random, seed {seed}, "
                   f"in {time.perf_counter() - started:.1f} s")
        return
    runs, tables = run_plan_analysis(_dataset(data, thousands), plan_files, parameter_file, clusters, n_draws=n_runs,
                                     seed=seed, processes=processes, scheduler=scheduler, start_year=from_year,
                                     end_year=to_year)
    with staged_output(out_dir, inputs, force=force, label="scenarios") as staged:
        written = write_plan_outputs(runs, staged.path, lang=lang, tables=tables)
    for path in written:
        click.echo(f"wrote {staged.final(path)}")
    ctx = runs.context
    click.echo(f"{len(ctx.plans)} plans x {len(ctx.clusters)} clusters, {n_runs} draws each, projects started "
               f"{ctx.start_year}-{ctx.end_year}, seed {seed}, in {time.perf_counter() - started:.1f} s")
