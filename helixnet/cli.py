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


@main.command()
@data_argument
def validate(data: Path) -> None:
    """Check DATA against the data model and print what it holds."""
    from helixnet.io.loader import load

    ds = load(data)
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
@click.option("--seed", default=0, show_default=True, help="With --approximate: seed of the sampler.")
def metrics(data: Path, out_dir: Path, from_year: int | None, to_year: int | None, approximate: bool,
            epsilon: float, delta: float, seed: int) -> None:
    """Compute organisation, cluster and network metrics and write them as CSV."""
    from helixnet.errors import OptionError
    from helixnet.metrics.sampling import Approximation
    from helixnet.pipeline import analyse, write_metrics

    started = time.perf_counter()
    source = click.get_current_context().get_parameter_source
    if not approximate:
        given = [f"--{name}" for name in ("epsilon", "delta", "seed")
                 if source(name) is not click.core.ParameterSource.DEFAULT]
        if given:
            raise OptionError(f"{', '.join(given)} can only be used with --approximate")
    approximation = Approximation(epsilon, delta, seed) if approximate else None
    analysis = analyse(data, from_year, to_year, approximate=approximation, progress=True)
    for path in write_metrics(analysis, out_dir):
        click.echo(f"wrote {path}")
    if approximation is not None:
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
@click.option("--seed", default=0, show_default=True, help="Seed of the layout.")
@click.option("--colour-by", type=click.Choice(["helix", "community", "theme", "country"]), default="helix",
              show_default=True, help="Colouring the page opens with (switchable in the page).")
@click.option("--group-by", type=click.Choice(["community", "theme", "none"]), default="community", show_default=True,
              help="Pull the organisations of one community (or main theme) together in the layout.")
@click.option("--backbone-alpha", default=0.05, show_default=True, type=click.FloatRange(0, 1, min_open=True, max_open=True),
              help="Significance level of the disparity-filter backbone drawn by default (the page can show all ties).")
@from_year_option
@to_year_option
def map_command(data: Path, out_file: Path, size_by: str, cluster: str | None, depth: int, max_nodes: int, lang: str,
                seed: int, colour_by: str, group_by: str, backbone_alpha: float, from_year: int | None,
                to_year: int | None) -> None:
    """Draw the collaboration network (or one cluster's part of it) as one interactive HTML map that works offline."""
    from helixnet.pipeline import analyse, map_html

    analysis = analyse(data, from_year, to_year)
    page = map_html(analysis, size_by=size_by, seed=seed, lang=lang, cluster=cluster, depth=depth, max_nodes=max_nodes,
                    colour_by=colour_by, group_by=None if group_by == "none" else group_by,
                    backbone_alpha=backbone_alpha)
    selection = page.selection
    click.echo(f"wrote {page.save(out_file)}: {selection.graph.number_of_nodes():,} organisations, "
               f"{selection.graph.number_of_edges():,} links")
    if selection.reduced:
        click.echo(f"  left out {selection.omitted_nodes:,} of {selection.source_nodes:,} organisations and "
                   f"{selection.omitted_edges:,} links (--max-nodes {max_nodes}); the page says which")


@main.command()
@data_argument
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT),
              show_default=True, help="Report directory: index.html, report.pdf, tables/, figures/, maps/, "
                                      "graph.gexf, graph.graphml (replaced as a whole at the end).")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, help="Report language.")
@click.option("--scenarios/--no-scenarios", "with_scenarios", default=False, show_default=True,
              help="Also simulate the green paper's scenarios per cluster (minutes on 2 cores at 200 runs).")
@click.option("--runs", "n_runs", default=200, show_default=True, help="Monte Carlo runs per random scenario and cluster.")
@click.option("--seed", default=0, show_default=True, help="Seed of the scenarios, the communities and the map layout.")
@from_year_option
@to_year_option
def report(data: Path, out_dir: Path, lang: str, with_scenarios: bool, n_runs: int, seed: int,
           from_year: int | None, to_year: int | None) -> None:
    """Write the report of DATA: HTML and PDF, tables, figures, maps and Gephi files."""
    from helixnet.pipeline import analyse, run_scenario_analysis, write_report

    started = time.perf_counter()
    analysis = analyse(data, from_year, to_year, progress=True)
    results = None
    if with_scenarios:
        results = run_scenario_analysis(analysis.dataset, n_runs=n_runs, seed=seed, start_year=from_year,
                                        end_year=to_year)
    parameters = {"from_year": from_year, "to_year": to_year}
    if with_scenarios:
        parameters["runs"] = n_runs
    written = write_report(analysis, out_dir, lang=lang, scenario_results=results, seed=seed, parameters=parameters,
                           progress=True)
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


@import_group.command(name="cordis")
@click.argument("org_file", type=click.Path(path_type=Path))
@click.option("--projects", "projects_file", type=click.Path(path_type=Path), default=None,
              help="CORDIS project file (titles, dates, budgets).")
@data_dir_option
@click.option("--country", default=None, help="Keep projects with a participant of this country (and all their partners).")
@from_year_option
@to_year_option
@click.option("--source", default="cordis", show_default=True, help="Source name: re-importing it replaces its rows only.")
@dry_run_option
def import_cordis(org_file: Path, projects_file: Path | None, data_dir: Path, country: str | None,
                  from_year: int | None, to_year: int | None, source: str, dry_run: bool) -> None:
    """Import a CORDIS organisation (participant) export, current or pre-2021 columns."""
    from helixnet.io.imports.cordis import read_cordis

    _run_import(lambda: read_cordis(org_file, projects_file, source=source, country=country,
                                    from_year=from_year, to_year=to_year), data_dir, dry_run)


@import_group.command(name="table")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--mapping", "mapping_file", required=True,
              help="Mapping TOML (a path, or the name of a shipped mapping such as h2020 or fris).")
@data_dir_option
@click.option("--country", default=None, help="Keep projects with a participant of this country (and all their partners).")
@from_year_option
@to_year_option
@dry_run_option
def import_table_command(file: Path, mapping_file: str, data_dir: Path, country: str | None,
                         from_year: int | None, to_year: int | None, dry_run: bool) -> None:
    """Import any CSV or XLSX export with a mapping file that names its columns and values."""
    from helixnet.io.imports.batch import within_country, within_years
    from helixnet.io.imports.table import import_table

    _run_import(lambda: within_country(within_years(import_table(file, mapping_file), from_year, to_year), country),
                data_dir, dry_run)


def _run_import(read, data_dir: Path, dry_run: bool) -> None:
    """Read a batch, merge it into ``data_dir`` and print the diff (one shared path for all importers)."""
    from helixnet.io.imports.refresh import apply_batch

    with click.progressbar(length=2, label="import", item_show_func=lambda s: s or "") as bar:
        batch = read()
        bar.update(1, f"read {batch.counts()['participations']:,} participations")
        result = apply_batch(data_dir, batch, dry_run=dry_run)
        bar.update(1, "merged")
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
def compare(data_a: Path, data_b: Path | None, a_years: str | None, b_years: str | None, lang: str) -> None:
    """What changed in the network and in each cluster between two snapshots.

    Compare two data directories, or two periods of one (DATA_A with --a-years and
    --b-years).
    """
    from helixnet.compare import compare as compare_analyses
    from helixnet.compare import render_comparison_text
    from helixnet.pipeline import analyse

    first = analyse(data_a, *_years(a_years, "--a-years"))
    second = analyse(data_b or data_a, *_years(b_years, "--b-years"))
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
@click.option("--scenario", "scenario_files", multiple=True, type=click.Path(path_type=Path),
              help="Scenario TOML file (repeatable); default: the shipped green-paper set.")
@click.option("--cluster", "clusters", multiple=True, help="Cluster id (repeatable); default: every cluster.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT) / "scenarios",
              show_default=True, help="Directory for outcomes.csv, assumptions.csv and the matrix figures.")
@click.option("--runs", "n_runs", default=200, show_default=True, help="Monte Carlo runs per random scenario and cluster.")
@click.option("--seed", default=0, show_default=True, help="Master seed: same seed, same results.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, help="Language of the figures.")
@from_year_option
@to_year_option
def scenarios(data: Path, scenario_files: tuple[Path, ...], clusters: tuple[str, ...], out_dir: Path, n_runs: int,
              seed: int, lang: str, from_year: int | None, to_year: int | None) -> None:
    """Simulate the green paper's scenarios per cluster: outcomes as differences from baseline."""
    from helixnet.pipeline import run_scenario_analysis, write_scenario_outputs

    started = time.perf_counter()
    with click.progressbar(length=1, label="scenarios", item_show_func=lambda s: s or "") as bar:
        def progress(label: str) -> None:
            bar.update(1, label)

        results = run_scenario_analysis(data, scenario_files, clusters, n_runs=n_runs, seed=seed,
                                        start_year=from_year, end_year=to_year, progress=progress,
                                        on_start=lambda n: setattr(bar, "length", n))
    for path in write_scenario_outputs(results, out_dir, lang=lang):
        click.echo(f"wrote {path}")
    click.echo(f"{len(results.timings)} scenario x cluster pairs, {n_runs} runs each where random, seed {seed}, "
               f"in {time.perf_counter() - started:.1f} s")
