"""Tests of the full report directory (helixnet.report.writer, gephi, pdf) and the report command."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from helixnet.cli import main
from helixnet.errors import OutputError
from tests.helpers import REPO, TINY, copy_tiny


@pytest.fixture(scope="module")
def tiny_analysis():
    from helixnet.pipeline import analyse

    return analyse(TINY, communities=True, periods=True, seed=3)


@pytest.fixture(scope="module")
def written(tiny_analysis, tmp_path_factory) -> dict[str, Path]:
    from helixnet.pipeline import write_report

    out = {}
    for lang in ("en", "nl"):
        out[lang] = tmp_path_factory.mktemp(lang) / "report"
        write_report(tiny_analysis, out[lang], lang=lang)
    return out


@pytest.fixture(scope="module")
def built(tiny_analysis):
    from helixnet.pipeline import build_report

    return {lang: build_report(tiny_analysis, lang=lang, data_links=True) for lang in ("en", "nl")}


def test_report_directory_layout(written, built):
    out = written["en"]
    report = built["en"]
    assert (out / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
    figures = [f.stem for f in report.figures]
    assert figures == ["fig_composition", "fig_comparison", "fig_profile", "fig_brokerage",
                       "fig_neutrality", "fig_communities", "fig_time", "fig_degree"]
    for stem in figures:
        assert (out / "figures" / f"{stem}.png").read_bytes().startswith(b"\x89PNG")
        assert (out / "figures" / f"{stem}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for stem in [*figures, *(t.stem for t in report.tables)]:
        assert (out / "tables" / f"{stem}.csv").is_file(), stem
        assert (out / "tables" / f"{stem}.xlsx").read_bytes().startswith(b"PK"), stem
    for name in ("organisations.csv", "clusters.csv", "network.csv"):  # the full metric tables too
        assert (out / "tables" / name).is_file()
    assert sorted(p.name for p in (out / "maps").iterdir()) == ["cluster-Cluster_A.html", "network.html"]
    assert not list(out.parent.glob(".report.*"))  # no staging or backup left behind


def test_every_figure_and_table_has_its_data_file_named(written, built):
    html = (written["en"] / "index.html").read_text(encoding="utf-8")
    for figure in built["en"].figures:
        assert f'<a href="tables/{figure.stem}.csv">' in html
    for label, href in re.findall(r'<li><a href="(maps/[^"]+)">([^<]+)</a></li>', html):
        assert (written["en"] / label).is_file()
    assert 'href="maps/cluster-Cluster_A.html">Focus map: Cluster A<' in html


def test_csv_holds_the_numbers_each_figure_draws(written, built):
    """The figure's own artists against the CSV written beside it."""
    from helixnet.viz.static import connector_percentiles

    out = written["en"] / "tables"
    figures = {f.anchor: f for f in built["en"].figures}
    # percentile small multiples: bar lengths per cluster panel
    csv = pd.read_csv(out / f"{figures['fig-profile'].stem}.csv", index_col=0)
    panel = figures["fig-profile"].figure.axes[0]
    assert [p.get_width() for p in panel.patches] == pytest.approx(csv.drop(columns="name").iloc[0].fillna(0).tolist())
    assert list(csv.columns[1:]) == list(connector_percentiles(written_clusters(written["en"])).columns)
    # time series: every line's y values
    csv = pd.read_csv(out / f"{figures['fig-time'].stem}.csv")
    first = figures["fig-time"].figure.axes[0]
    rows = csv[csv["cluster"] == "clu"]  # the first panel: projects per year, solid over the complete windows
    expected = rows["projects_per_year"].where(rows["complete"].astype(bool)).to_numpy(dtype=float)
    np.testing.assert_allclose(first.lines[0].get_ydata(), expected, equal_nan=True)
    # helix composition: segment widths in percent
    csv = pd.read_csv(out / f"{figures['fig-composition'].stem}.csv", index_col=0)
    widths = [p.get_width() for p in figures["fig-composition"].figure.axes[0].patches]
    assert widths == pytest.approx(csv.drop(columns="name").iloc[0].fillna(0).tolist())
    # neutrality scatter: the cluster point
    csv = pd.read_csv(out / f"{figures['fig-neutrality'].stem}.csv", index_col=0)
    ax = figures["fig-neutrality"].figure.axes[0]
    cluster = next(c for c in ax.collections if c.get_gid() == "clusters").get_offsets()
    np.testing.assert_allclose(cluster, csv[csv["is_cluster"]][["participation", "top1_share"]].to_numpy())
    # communities: recent projects (x) and the share of them a cluster facilitated (y) of the drawn circles
    csv = pd.read_csv(out / f"{figures['fig-communities'].stem}.csv", index_col=0)
    ax = figures["fig-communities"].figure.axes[0]
    assert len(csv)  # circles to compare
    drawn = np.vstack([np.asarray(c.get_offsets()).reshape(-1, 2) for c in ax.collections
                       if len(np.asarray(c.get_offsets()))])
    assert sorted(map(tuple, drawn.round(9))) == sorted(
        map(tuple, np.column_stack([csv["projects_recent"], csv["facilitated_recent"] * 100]).round(9)))


def written_clusters(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "tables" / "clusters.csv", index_col=0)


def test_xlsx_equals_csv(written):
    out = written["nl"] / "tables"
    for csv_path in sorted(out.glob("fig*.csv"))[:4] + [out / "table_communities.csv"]:
        csv = pd.read_csv(csv_path)
        xlsx = pd.read_excel(csv_path.with_suffix(".xlsx"))
        assert list(map(str, xlsx.columns)) == list(map(str, csv.columns)), csv_path.name
        csv = csv.replace([np.inf, -np.inf], np.nan)  # an XLSX cell cannot hold an infinity: written empty
        pd.testing.assert_frame_equal(xlsx, csv, check_dtype=False, check_names=False), csv_path.name


SECTIONS = {
    "en": ["Summary", "Cluster cards", "Who connects the helices?", "Clusters compared",
           "How neutral is each cluster's connector role?", "Which communities does no cluster serve?",
           "How has it changed over time?", "Helix synergy per cluster portfolio and period", "Degree distribution",
           "Interactive maps", "Appendix", "Data and provenance", "Network summary", "About the measures",
           "How the summary's words are chosen"],
    "nl": ["Samenvatting", "Clusterkaarten", "Wie verbindt de helices?", "Clusters vergeleken",
           "Hoe neutraal is de verbindersrol van elke cluster?", "Welke gemeenschappen bedient geen enkele cluster?",
           "Hoe is dit veranderd door de tijd?", "Helixsynergie per clusterportefeuille en periode", "Graadverdeling",
           "Interactieve kaarten", "Bijlagen", "Gegevens en herkomst", "Netwerkoverzicht", "Over de maten",
           "Hoe de woorden van de samenvatting gekozen worden"],
}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_html_and_pdf_hold_every_section_figure_and_table(written, built, lang):
    import html as html_module

    report = built[lang]
    page = html_module.unescape((written[lang] / "index.html").read_text(encoding="utf-8"))
    headings = [h.text for h in report.document.sections]
    assert headings == [h for h in SECTIONS[lang] if h not in ("Interactive maps", "Interactieve kaarten")]  # no maps
    assert [h for h in re.findall(r"<h2>(.*?)</h2>", page)] == SECTIONS[lang]
    captions = re.findall(r"<figcaption><b>(?:Figure|Figuur) (\d+)\.</b>", page)
    assert captions == [str(n) for n in range(1, len(report.figures) + 1)]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(written[lang] / "report.pdf"), "-"], check=True,
                              capture_output=True, text=True).stdout
        flat = re.sub(r"\s+", " ", text)
        for heading in SECTIONS[lang]:
            assert heading in flat, heading
        pages = int(re.search(r"of (\d+)|van (\d+)", flat).group(1) or re.search(r"van (\d+)", flat).group(1))
        assert flat.count("Page " if lang == "en" else "Pagina ") == pages


def _in_order(items: list[str], text: str) -> list[str]:
    """The items of ``items`` found in ``text`` one after the other (each after the previous)."""
    found, position = [], 0
    for item in items:
        at = text.find(item, position)
        if at >= 0:
            found.append(item)
            position = at + len(item)
    return found


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_html_and_pdf_list_the_same_sections_and_captions_in_the_same_order(written, lang):
    """Read back both files: the section headings, then every figure caption ("Figure n." and
    its first words) and table caption, in the order the HTML shows them, occur in that order
    in the PDF's text (after its contents page)."""
    import html as html_module

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    page = (written[lang] / "index.html").read_text(encoding="utf-8")
    body = page.split("</nav>", 1)[1]
    marks = re.findall(r"<h2>(.*?)</h2>|<figcaption><b>(.*?)</b> (.*?)</figcaption>|<caption>(.*?)</caption>", body,
                       re.DOTALL)
    expected = []
    for heading, number, caption, table_caption in marks:
        if heading:
            expected.append(heading)
        elif number:
            words = re.sub(r"<[^>]+>", "", caption).split()[:6]
            expected.append(f"{number} {' '.join(words)}")
        else:
            expected.append(table_caption)
    expected = [html_module.unescape(e) for e in expected]
    assert sum(e.startswith(("Figure", "Figuur")) for e in expected) == 8 and len(expected) > 20
    text = subprocess.run(["pdftotext", str(written[lang] / "report.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    contents_end = text.index("\f")  # the first page is the title and contents page
    flat = re.sub(r"\s+", " ", text[contents_end:])
    assert _in_order(expected, flat) == expected
    # and the check can fail: the same marks in another order are not found in order
    assert _in_order(expected[::-1], flat) != expected[::-1]


def test_dutch_pdf_and_html_have_no_english_leftovers(written):
    import html as html_module

    from helixnet.texts import texts

    NEW = {lang: texts(lang) for lang in ("en", "nl")}
    STRINGS = NEW

    page = html_module.unescape(re.sub(r"<[^>]+>", " ", (written["nl"] / "index.html").read_text(encoding="utf-8")))
    page = page.split("Borgatti, S. P. (1997)")[0]
    # fragments of the English texts that their Dutch counterparts do not share (", seed" is Dutch too)
    english = {part.strip() for key in NEW["en"] for part in re.split(r"\{[^}]*\}", NEW["en"][key])
               if len(part.strip()) >= 6 and part.strip() not in NEW["nl"][key]}
    assert "Which communities does no cluster serve?" in english and "Interactive maps" in english
    assert sorted(e for e in english if e in page) == []
    assert STRINGS["nl"]["communities"] in page
    for word in ("Community", "Organisations", "Period", "Whole network", "Focus map", "Imports", "Generator seed"):
        assert not re.search(rf"\b{word}\b", page), word
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(written["nl"] / "report.pdf"), "-"], check=True, capture_output=True,
                              text=True).stdout
        flat = re.sub(r"\s+", " ", text)
        assert sorted(e for e in english if e in flat) == []
        assert "Pagina 1 van" in flat


def test_gephi_files_load_with_consistent_types(written, tiny_analysis):
    out = written["en"]
    for G in (nx.read_graphml(out / "graph.graphml"), nx.read_gexf(out / "graph.gexf")):
        assert G.number_of_nodes() == tiny_analysis.graph.number_of_nodes()
        assert G.number_of_edges() == tiny_analysis.graph.number_of_edges()
        assert G.nodes["clu"]["label"] == "Cluster A" and G.nodes["clu"]["helix"] == "intermediair"
        assert G.nodes["clu"]["is_cluster"] is True and "community" not in G.nodes["clu"]
        assert isinstance(G.nodes["u1"]["community"], int)
        for _, data in G.nodes(data=True):
            for key, value in data.items():
                assert value is not None and value == value, key  # no None, no NaN
        kinds = {}
        for _, data in G.nodes(data=True):
            for key, value in data.items():
                kinds.setdefault(key, set()).add(type(value))
        assert all(len(types) == 1 for types in kinds.values()), kinds
        # isolated "iso": no partner, so no participation or concentration value
        assert "participation" not in G.nodes["iso"] and G.nodes["iso"]["degree"] == 0
    gexf = (out / "graph.gexf").read_text(encoding="utf-8")
    # the cluster in the intermediary colour (#D55E00), as the <color> element the official schema
    # puts in the GEXF namespace (Gephi reads it by its local name)
    assert '<node id="clu" label="Cluster A">' in gexf
    assert '<color r="213" g="94" b="0" a="1.0" />' in gexf.split('<node id="clu"')[1].split("</node>")[0]


def test_gephi_graph_drops_missing_and_infinite_values():
    from helixnet.report.gephi import gephi_graph

    G = nx.Graph()
    G.add_node("a", name="A", helix="bedrijf", sme=None, kind=float("nan"))
    G.add_node("b", name=None, helix="burger", sme=True, kind="cooperatie")
    G.add_edge("a", "b", weight=2, projects=np.int64(1), newman=float("nan"), relation="collaboration")
    metrics = pd.DataFrame({"degree": [1.0, 1.0], "brokerage_b_O_z": [float("inf"), 0.5]}, index=["a", "b"])
    H = gephi_graph(G, metrics, pd.Series({"a": 2}))
    assert H.nodes["a"] == {"label": "A", "helix": "bedrijf", "degree": 1, "community": 2}
    assert H.nodes["b"] == {"label": "b", "helix": "burger", "kind": "cooperatie", "sme": True, "degree": 1,
                            "brokerage_b_O_z": 0.5}
    assert H.edges["a", "b"] == {"weight": 2.0, "relation": "collaboration"}
    assert type(H.edges["a", "b"]["weight"]) is float


def _contents(directory: Path) -> dict[Path, bytes]:
    """Every file under ``directory`` (relative path -> bytes)."""
    return {p.relative_to(directory): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def _break_the_pdf(monkeypatch):
    from helixnet.report import pdf

    def broken(report):
        raise RuntimeError("killed while typesetting")

    monkeypatch.setattr(pdf, "report_pdf", broken)
    return RuntimeError, "killed while typesetting"


def _break_the_second_process(monkeypatch):
    from helixnet.report import writer
    from tests.background_calls import fail_like_a_full_disk

    monkeypatch.setattr(writer, "write_maps_and_gephi", fail_like_a_full_disk)  # imported by name there
    return OutputError, "no space left on device"


@pytest.mark.parametrize(("processes", "breaking"), [(1, _break_the_pdf), (2, _break_the_second_process)])
def test_a_failed_run_leaves_the_previous_report_intact(tiny_analysis, tmp_path, monkeypatch, processes, breaking):
    """A failure here (the PDF, in one process) or in a second process (the maps, raised
    here with its type and message) leaves the previous report as it was, and no staging."""
    from helixnet.pipeline import write_report

    out = tmp_path / "report"
    write_report(tiny_analysis, out, processes=1)
    before = _contents(out)
    error, message = breaking(monkeypatch)
    with pytest.raises(error, match=message):
        write_report(tiny_analysis, out, lang="nl", processes=processes)
    assert _contents(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # staging removed


def test_processes_1_and_2_write_the_same_files(tiny_analysis, tmp_path):
    from helixnet.pipeline import write_report

    files = {}
    for processes in (1, 2):
        write_report(tiny_analysis, tmp_path / f"report-{processes}", processes=processes)
        files[processes] = _contents(tmp_path / f"report-{processes}")
    assert files[1] == files[2]
    assert any(path.parts[0] == "maps" for path in files[2]) and Path("report.pdf") in files[2]


def test_report_into_a_file_is_an_error(tiny_analysis, tmp_path):
    from helixnet.pipeline import write_report

    target = tmp_path / "report"
    target.write_text("not a directory")
    with pytest.raises(OutputError, match="exists and is not a directory"):
        write_report(tiny_analysis, target)
    assert target.read_text() == "not a directory"


def test_same_seed_same_report(tiny_analysis, tmp_path):
    from helixnet.pipeline import write_report

    first, second = tmp_path / "a", tmp_path / "b"
    write_report(tiny_analysis, first)
    write_report(tiny_analysis, second)
    for name in ("index.html", "report.pdf", "graph.graphml", "tables/table_communities.csv",
                 "figures/fig_profile.svg"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_cli_report_writes_the_directory(tmp_path):
    out = tmp_path / "rapport"
    result = CliRunner().invoke(main, ["report", str(TINY), "--out", str(out), "--lang", "nl", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote \d+ files \([\d.]+ MB\) to ", result.output)
    assert "open " in result.output and "report.pdf" in result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in html and "seed = 2" in html
    # the run parameters in Dutch, in the provenance table and the footer
    assert html.count("vanaf jaar = geen; tot jaar = geen; steekproeven van het nulmodel = 100; trekkingen per "
                      "scenarioplan = 200; seed = 2; detectie van gemeenschappen = leiden; "
                      "resolutie gemeenschappen = 1; taal = nl") == 2  # provenance and footer
    assert "vanaf jaar = geen" in html.split("<footer>")[1]


def test_cli_report_errors(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = CliRunner().invoke(main, ["report", str(TINY), "--out", str(target)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "exists and is not a directory" in result.output
    assert "Traceback" not in result.output
    data = copy_tiny(tmp_path)
    (data / "nodes" / "projects.csv").unlink()
    result = CliRunner().invoke(main, ["report", str(data), "--out", str(tmp_path / "r")])
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert not (tmp_path / "r").exists()


def test_provenance_lists_the_import_log(tmp_path):
    from helixnet.pipeline import analyse, build_report

    data = copy_tiny(tmp_path)
    (data / "import.log").write_text("2026-11-27T06:01:53+00:00\tcordis\th2020.csv\torganisations +7 -0 ~0\n",
                                     encoding="utf-8")
    report = build_report(analyse(data), lang="en")
    assert '<th scope="row" class="name">2026-11-27T06:01:53+00:00</th><td>cordis</td>' in report.html
    imports = next(t for t in report.tables if t.stem == "table_imports")
    assert imports.data.iloc[0].tolist() == ["2026-11-27T06:01:53+00:00", "cordis", "h2020.csv",
                                             "organisations +7 -0 ~0"]
    plain = build_report(analyse(REPO / "data"), lang="nl")
    assert "Geen importlogboek" in plain.html and "Seed van de generator" in plain.html


def test_cli_report_shows_progress_when_asked(tmp_path, monkeypatch):
    """HELIXNET_PROGRESS=1 forces the bars (off a terminal they stay silent, see helixnet.progress)."""
    monkeypatch.setenv("HELIXNET_PROGRESS", "1")
    result = CliRunner().invoke(main, ["report", str(TINY), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    for stage in ("report: maps and Gephi files", "report: sections and figures", "report: html, figures, tables",
                  "report: pdf, maps and Gephi files"):
        assert stage in result.stderr, stage
    monkeypatch.setenv("HELIXNET_PROGRESS", "0")
    quiet = CliRunner().invoke(main, ["report", str(TINY), "--out", str(tmp_path / "q")])
    assert quiet.exit_code == 0 and "report: " not in quiet.stderr


def test_report_with_scenarios_writes_their_figures_tables_and_outputs(tiny_analysis, tmp_path):
    from dataclasses import replace

    from helixnet.pipeline import write_report
    from tests.test_viz import scenario_results

    out = tmp_path / "report"
    write_report(replace(tiny_analysis, scenarios=scenario_results()), out, lang="nl")
    assert (out / "scenarios" / "outcomes.csv").is_file() and (out / "scenarios" / "assumptions.csv").is_file()
    matrices = sorted(p.name for p in (out / "figures").glob("*scenario*.png"))
    assert matrices and all((out / "tables" / name.replace(".png", ".csv")).is_file() for name in matrices)
    cells = pd.read_csv(out / "tables" / matrices[0].replace(".png", ".csv"))
    assert {"cluster", "scenario", "delta_mean", "delta_low", "delta_high", "n_runs"} <= set(cells.columns)
    assert (out / "tables" / "table_assumptions_mission.csv").is_file()
    # the matrices in scenarios/ are the figures the report drew (drawn once)
    for name in matrices:
        stem = name.removeprefix("fig_scenario_").removesuffix(".png")
        assert (out / "scenarios" / f"matrix_{stem}.png").read_bytes() == (out / "figures" / name).read_bytes()
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<section id="scenarios"' in html and "Wat doet elk scenario?" in html
    assert "<script>" not in html  # the rationales are escaped
