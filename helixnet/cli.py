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
    click.echo(f"  projects       {len(ds.projects):>7,}  start years {first}-{last}")
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
@from_year_option
@to_year_option
def report(data: Path, out_dir: Path, lang: str, from_year: int | None, to_year: int | None) -> None:
    """Write the static report (index.html), the map and the metric tables for DATA."""
    from helixnet.io.atomic import write_text
    from helixnet.pipeline import analyse, map_html, report_html, write_metrics

    started = time.perf_counter()
    steps = ["analyse", "tables", "map", "report"]
    written: list[Path] = []
    with click.progressbar(steps, label="helixnet report", item_show_func=lambda s: s or "") as bar:
        for step in bar:
            if step == "analyse":
                analysis = analyse(data, from_year, to_year)
            elif step == "tables":
                written += write_metrics(analysis, out_dir / "tables")
            elif step == "map":
                written.append(write_text(out_dir / "map.html", map_html(analysis, lang=lang)))
            else:
                written.append(write_text(out_dir / "index.html", report_html(analysis, lang=lang)))
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"report of {len(analysis.organisations):,} organisations in {time.perf_counter() - started:.1f} s: "
               f"open {out_dir / 'index.html'}")
