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
    """A click group that turns HelixnetError into a clean ``Error:`` message."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except HelixnetError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)


data_argument = click.argument("data", default=DEFAULT_DATA, type=click.Path(path_type=Path))
from_year_option = click.option("--from-year", type=int, default=None, help="First project start year to include.")
to_year_option = click.option("--to-year", type=int, default=None, help="Last project start year to include.")


@click.group(cls=HelixnetGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="helixnet")
def main() -> None:
    """Analyse quadruple-helix innovation ecosystems: who connects companies, knowledge
    institutions, government and citizens, and how neutral each cluster's connector role is.

    DATA is a directory with nodes/ and edges/ CSV files (default: ./data).
    """


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
def metrics(data: Path, out_dir: Path, from_year: int | None, to_year: int | None) -> None:
    """Compute organisation, cluster and network metrics and write them as CSV."""
    from helixnet.pipeline import analyse, write_metrics

    started = time.perf_counter()
    analysis = analyse(data, from_year, to_year)
    for path in write_metrics(analysis, out_dir):
        click.echo(f"wrote {path}")
    click.echo(f"{len(analysis.organisations):,} organisations, {len(analysis.clusters):,} clusters "
               f"in {time.perf_counter() - started:.1f} s")


@main.command(name="map")
@data_argument
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT) / "map.html",
              show_default=True, help="The HTML file to write.")
@click.option("--size-by", default="betweenness", show_default=True, help="Metric that sets node size.")
@click.option("--seed", default=0, show_default=True, help="Seed of the layout.")
@from_year_option
@to_year_option
def map_command(data: Path, out_file: Path, size_by: str, seed: int, from_year: int | None, to_year: int | None) -> None:
    """Draw the collaboration network as one interactive HTML map that works offline."""
    from helixnet.io.atomic import write_text
    from helixnet.pipeline import analyse, map_html

    analysis = analyse(data, from_year, to_year)
    click.echo(f"wrote {write_text(out_file, map_html(analysis, size_by=size_by, seed=seed))}")


@main.command()
@data_argument
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path(DEFAULT_OUT),
              show_default=True, help="Directory for index.html, map.html and the metric tables.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, help="Report language.")
@click.option("--scenarios/--no-scenarios", "with_scenarios", default=False, show_default=True,
              help="Also simulate the green paper's scenarios per cluster (minutes on 2 cores at 200 runs).")
@click.option("--runs", "n_runs", default=200, show_default=True, help="Monte Carlo runs per random scenario and cluster.")
@click.option("--seed", default=0, show_default=True, help="Seed of the scenarios and the map layout.")
@from_year_option
@to_year_option
def report(data: Path, out_dir: Path, lang: str, with_scenarios: bool, n_runs: int, seed: int,
           from_year: int | None, to_year: int | None) -> None:
    """Write the static report (index.html), the map and the metric tables for DATA."""
    from helixnet.io.atomic import write_text
    from helixnet.pipeline import (
        analyse,
        map_html,
        report_html,
        run_scenario_analysis,
        write_metrics,
        write_scenario_outputs,
    )

    started = time.perf_counter()
    steps = ["analyse", "tables", "map", *(["scenarios"] if with_scenarios else []), "report"]
    written: list[Path] = []
    results = None
    with click.progressbar(steps, label="helixnet report", item_show_func=lambda s: s or "") as bar:
        for step in bar:
            if step == "analyse":
                analysis = analyse(data, from_year, to_year)
            elif step == "tables":
                written += write_metrics(analysis, out_dir / "tables")
            elif step == "map":
                written.append(write_text(out_dir / "map.html", map_html(analysis, seed=seed, lang=lang)))
            elif step == "scenarios":
                results = run_scenario_analysis(analysis.dataset, n_runs=n_runs, seed=seed,
                                                start_year=from_year, end_year=to_year)
                written += write_scenario_outputs(results, out_dir / "scenarios", lang=lang)
            else:
                written.append(write_text(out_dir / "index.html", report_html(analysis, lang=lang,
                                                                               scenario_results=results)))
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"report of {len(analysis.organisations):,} organisations in {time.perf_counter() - started:.1f} s: "
               f"open {out_dir / 'index.html'}")


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
