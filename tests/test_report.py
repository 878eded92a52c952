"""Tests of helixnet.report.builder: the self-contained static HTML report."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest

import helixnet
from helixnet.errors import OptionError
from helixnet.metrics import catalogue
from helixnet.texts import catalogue as texts_of
from helixnet.report.builder import render_report
from helixnet.schema import HELICES
from tests.helpers import TINY, parse_html

HOSTILE = "<img src=x onerror=alert(1)></script>"

META = {"title": "Demo <b>eco</b>system", "source": "unit test", "synthetic": True, "path": "/data/demo"}


def org_metrics(n: int = 20) -> pd.DataFrame:
    """n organisations; betweenness decreasing with the id number, two clusters among them."""
    ids = [f"o{i:02d}" for i in range(n)]
    helices = [HELICES[i % 4] for i in range(n)]
    frame = pd.DataFrame(
        {
            "name": [f"Org {i}" for i in range(n)],
            "helix": helices,
            "kind": ["kmo" if h == "bedrijf" else "other" for h in helices],
            "sme": [h == "bedrijf" for h in helices],
            "is_cluster": [False] * n,
            "degree": [n - i for i in range(n)],
            "strength": [float(2 * (n - i)) for i in range(n)],
            "betweenness": [round(0.5 / (i + 1), 6) for i in range(n)],
            "constraint": [0.1 + 0.01 * i for i in range(n)],
        },
        index=pd.Index(ids, name="id"),
    )
    frame.loc["o03", ["name", "helix", "kind", "is_cluster", "sme"]] = [HOSTILE, "intermediair", "cluster", True, False]
    frame.loc["o07", ["name", "helix", "kind", "is_cluster", "sme"]] = ["Cluster Seven", "intermediair", "cluster",
                                                                        True, False]
    frame.loc["o19", "degree"] = 0  # an isolated organisation
    frame["participation"] = [0.1 + 0.03 * i for i in range(n)]
    frame["top1_share"] = [0.5 / (i + 1) for i in range(n)]
    frame.loc["o19", ["participation", "top1_share"]] = float("nan")
    return frame


#: Connector profile of the two clusters, (value, percentile) per PROFILE_COLUMNS measure, chosen so the cells
#: test rounding of the percentile, both connector ends and a missing value.
PROFILE = {
    "o03": {"degree": (17, 85.0), "betweenness": (0.125, 82.5), "cross_helix_betweenness": (0.023, 99.4),
            "sme_knowledge_betweenness": (0.0, 10.0), "constraint": (0.13, 5.0), "effective_size": (12.5, 90.0),
            "participation": (0.62, 55.0), "participation_norm": (0.775, 55.0), "ei_index": (0.9, 97.0),
            "top1_share": (0.08, 9.9), "herfindahl": (0.04, 12.0), "brokerage_b_O_z": (145.2, 99.0),
            "brokerage_w_O_z": (-0.35, 40.0)},
    "o07": {"degree": (13, 65.0), "betweenness": (0.0625, 62.5), "cross_helix_betweenness": (0.001, 50.0),
            "sme_knowledge_betweenness": (float("nan"), float("nan")), "constraint": (0.17, 45.0),
            "effective_size": (3.0, 40.0), "participation": (0.3, 20.0), "participation_norm": (0.375, 20.0),
            "ei_index": (-0.2, 30.0), "top1_share": (0.4, 95.0), "herfindahl": (0.3, 96.0),
            "brokerage_b_O_z": (1.5, 70.0), "brokerage_w_O_z": (2.25, 88.0)},
}

#: Brokerage z-scores of the two clusters for the roles not in PROFILE.
Z_OTHER = {"o03": {"w_I": 7.46, "b_IO": 15.7, "b_OI": -0.51}, "o07": {"w_I": -0.2, "b_IO": 0.0, "b_OI": 3.0}}


def cluster_table(orgs: pd.DataFrame) -> pd.DataFrame:
    clusters = orgs.loc[["o03", "o07"], ["name", "degree", "strength", "betweenness", "constraint"]].copy()
    counts = {"o03": [6, 2, 1, 1, 0], "o07": [1, 1, 0, 0, 2]}
    for i, helix in enumerate(HELICES):
        clusters[f"partners_{helix}"] = [counts[c][i] for c in clusters.index]
    total = clusters[[f"partners_{h}" for h in HELICES]].sum(axis=1)
    for helix in HELICES:
        clusters[f"share_{helix}"] = clusters[f"partners_{helix}"] / total
    clusters["share_sme"] = [0.5, 0.25]
    clusters["projects_facilitated"] = [12, 3]
    clusters["members"] = [30, 4]
    for column in catalogue.PROFILE_COLUMNS:
        clusters[column] = [PROFILE[c][column][0] for c in clusters.index]
        clusters[f"{column}_pct"] = [PROFILE[c][column][1] for c in clusters.index]
    for role in ("w_I", "b_IO", "b_OI"):
        clusters[f"brokerage_{role}_z"] = [Z_OTHER[c][role] for c in clusters.index]
    return clusters


def network_summary(orgs: pd.DataFrame) -> pd.Series:
    values = {
        "nodes": len(orgs), "edges": 1234, "density": 0.0123456, "components": 2,
        "giant_component_nodes": 19, "giant_share": 0.95,
    }
    for helix in HELICES:
        values[f"organisations_{helix}"] = int((orgs["helix"] == helix).sum())
    values.update(projects=4321, participations=9876, start_year=2014, end_year=2020)
    values.update(ei_index=0.182638, T_UIG=-0.00794, T_UIGC=-0.000542)
    return pd.Series(values, dtype=object)


def brokerage_global() -> pd.DataFrame:
    frame = pd.DataFrame(
        {"raw": [611506.0, 2554028.0, 549452.0, 549452.0, 1234166.0, 5498604.0],
         "expected": [1141475.3, 316670.9, 316670.9, 316670.9, 150757.3, 2242245.0],
         "sd": [12194.53, 4830.73, 3711.09, 3711.09, 3140.24, 19137.27],
         "z": [-43.459556, 463.150666, 62.725767, 62.725767, float("inf"), float("nan")]},
        index=pd.Index(["w_I", "w_O", "b_IO", "b_OI", "b_O", "t"], name="role"),
    )
    return frame


def ei_groups() -> pd.DataFrame:
    return pd.DataFrame(
        {"nodes": [870.0, 48.0, 7.0], "E": [12712.0, 9999.0, 1849.0], "I": [9131.0, 870.0, 5.0],
         "ei_index": [0.163943, 0.839912, 0.994606]},
        index=pd.Index(["bedrijf", "kennisinstelling", "intermediair"], name="helix"),
    )


def synergy() -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples(
        [("network", "all"), ("cluster", "o03"), ("cluster", "o07"), ("cluster", "x99"), ("period", "2014"),
         ("period", "2015-2016")], names=["scope", "name"])
    return pd.DataFrame(
        {"projects": [100, 12, 3, 1, 40, 60], "T_UIG": [-0.00794, -0.0123, float("nan"), 0.0, 0.00117, -0.061],
         "T_UIGC": [-0.000542, 0.0149, float("nan"), 0.0, 1.5, -0.0413]},
        index=index,
    )


@pytest.fixture()
def inputs():
    orgs = org_metrics()
    return META, network_summary(orgs), cluster_table(orgs), orgs


@pytest.fixture()
def extras():
    """The optional tables the pipeline passes."""
    return {"brokerage_global": brokerage_global(), "ei_groups": ei_groups(), "synergy": synergy()}


def images(html: str) -> list[bytes]:
    return [
        base64.b64decode(attrs["src"].split(",", 1)[1])
        for tag, attrs in parse_html(html).tags
        if tag == "img" and attrs.get("src", "").startswith("data:image/png;base64,")
    ]


def table_rows(html: str, section: str) -> list[list[str]]:
    """Cell texts of the body rows of the first table in the section with id ``section``."""
    block = re.search(rf'<section id="{section}"[^>]*>(.*?)</section>', html, re.DOTALL).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", block, re.DOTALL).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL):
        rows.append([re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)])
    return rows


def section(html: str, name: str) -> str:
    return re.search(rf'<section id="{name}"[^>]*>(.*?)</section>', html, re.DOTALL).group(1)


def table_after(html: str, section_name: str, heading: str) -> tuple[list[str], list[list[str]]]:
    """Header and body cell texts of the first table after the h3 ``heading`` in a section."""
    block = section(html, section_name)
    block = block[block.index(f"<h3>{heading}</h3>"):]
    table = re.search(r"<table[^>]*>(.*?)</table>", block, re.DOTALL).group(1)
    header = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<th[^>]*>(.*?)</th>",
                                                            re.search(r"<thead>(.*?)</thead>", table, re.DOTALL).group(1))]
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.DOTALL).group(1)
    rows = [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)]
    return header, rows


def profile_tables(html: str) -> list[dict]:
    """The connector-profile tables: caption, header texts, and per row the name and (text, bold) cells."""
    tables = []
    for table in re.findall(r'<table class="profile">(.*?)</table>', section(html, "neutral"), re.DOTALL):
        caption = re.search(r"<caption>(.*?)</caption>", table).group(1)
        header = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<th[^>]*>(.*?)</th>",
                                                                re.search(r"<thead>(.*?)</thead>", table).group(1))]
        rows = []
        for row in re.findall(r"<tr><th[^>]*>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.DOTALL).group(1)):
            name, cells = row.split("</th>", 1)
            rows.append((name, [(re.sub(r"<[^>]+>", "", text), "connector" in cls)
                                for cls, text in re.findall(r'<td class="([^"]*)">(.*?)</td>', cells)]))
        tables.append({"caption": caption, "header": header, "rows": rows})
    return tables


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("en", ["Who connects the helices?", "Top 15 organisations by betweenness",
                "Clusters compared", "Partner helix mix", "How neutral is each cluster&#39;s connector role?",
                "Connector profile", "Reading guide", "Helix synergy per cluster portfolio and period",
                "Degree distribution", "Appendix", "Data and provenance", "Network summary", "Helix mixing and synergy",
                "E-I index per helix", "Brokerage in the whole network", "About the measures"]),
        ("nl", ["Wie verbindt de helices?",
                "Top 15 organisaties volgens tussenligging", "Clusters vergeleken", "Helixmix van de partners",
                "Hoe neutraal is de verbindersrol van elke cluster?", "Verbindersprofiel", "Leeswijzer",
                "Helixsynergie per clusterportefeuille en periode", "Graadverdeling", "Bijlagen", "Gegevens en herkomst",
                "Netwerkoverzicht", "Helixmenging en synergie", "E-I-index per helix",
                "Makelaarsrollen in het hele netwerk", "Over de maten"]),
    ],
)
def test_report_sections_and_figures(inputs, extras, lang, headings):
    html = render_report(*inputs, lang=lang, **extras)
    assert f'<html lang="{lang}">' in html
    found = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html)
    assert [h for h in found if h in headings] == headings  # all present, in page order
    sections = ["top", "clusters", "neutral", "synergy", "degree", "appendix", "dataset", "network", "measures"]
    assert re.findall(r'<section id="([^"]+)"[^>]*>', html) == sections
    # the contents list links every section, in order
    nav = re.search(r"<nav.*?</nav>", html, re.DOTALL).group(0)
    assert re.findall(r'href="#([^"]+)"', nav) == sections
    pngs = images(html)
    assert len(pngs) == 6  # helix composition, comparison, profile multiples, brokerage heatmap, scatter, degree
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in pngs)
    captions = re.findall(r"<figcaption><b>(.*?)</b>", html)
    figure_word = "Figure" if lang == "en" else "Figuur"
    assert captions == [f"{figure_word} {i}." for i in range(1, 7)]
    figures = re.findall(r'<figure id="([^"]+)">', html)
    assert figures == ["fig-composition", "fig-comparison", "fig-profile", "fig-brokerage", "fig-neutrality",
                       "fig-degree"]
    neutral = section(html, "neutral")
    assert 'id="fig-brokerage"' in neutral and 'id="fig-neutrality"' in neutral
    # every image has a text alternative
    assert all(attrs.get("alt") for tag, attrs in parse_html(html).tags if tag == "img")


def test_report_is_self_contained(inputs):
    html = render_report(*inputs)
    for tag, attrs in parse_html(html).tags:
        for key in ("src", "href"):
            value = attrs.get(key)
            if value is not None:
                assert value.startswith(("#", "data:")), (tag, key, value)
    assert "<script" not in html  # a static report needs no script at all
    assert "@import" not in html and not re.search(r"url\(", html)
    assert "@media print" in html


def test_report_escapes_hostile_names(inputs):
    meta, network, clusters, orgs = inputs
    html = render_report({**meta, "source": "</title><script>x()</script>"}, network, clusters, orgs)
    assert HOSTILE not in html
    assert "<img src=x" not in html
    assert "<b>eco</b>" not in html
    assert "<script>x()" not in html
    assert "Demo &lt;b&gt;eco&lt;/b&gt;system" in html
    escaped = "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;"
    assert escaped in table_rows(html, "clusters")[0][0]
    assert any(escaped in cell for row in table_rows(html, "top") for cell in row)
    # the only img tags are the embedded figures
    assert [attrs["src"][:22] for tag, attrs in parse_html(html).tags if tag == "img"] == ["data:image/png;base64,"] * 6


def test_report_dataset_and_network_tables(inputs):
    html = render_report(*inputs)
    dataset = dict(table_rows(html, "dataset"))
    assert dataset["Source"] == "unit test"
    assert dataset["Data directory"] == "/data/demo"
    assert dataset["Synthetic data"] == "yes"
    assert dataset["Period (project start years)"] == "2014–2020"
    assert dataset["Organisations"] == "20"
    assert dataset["Cluster organisations"] == "2"
    assert dataset["Projects"] == "4,321"
    network = dict(table_rows(html, "network"))
    assert network["Density"] == "0.0123"
    assert network["Share in the largest component"] == "95.0%"
    assert network["Organisations: company"] == "5"
    assert network["Organisations: intermediary (cluster)"] == "2"
    assert network["First project start year"] == "2014"  # a year, not "2,014"
    nl = dict(table_rows(render_report(*inputs, lang="nl"), "network"))
    assert nl["Dichtheid"] == "0,0123"
    assert nl["Aandeel in de grootste component"] == "95,0%"
    assert dict(table_rows(render_report(*inputs, lang="nl"), "dataset"))["Projecten"] == "4.321"


def test_report_cluster_tables(inputs):
    html = render_report(*inputs)
    header = re.search(r'<section id="clusters"[^>]*>.*?<thead><tr>(.*?)</tr>', html, re.DOTALL).group(1)
    assert re.findall(r"<th[^>]*>(.*?)</th>", header) == [
        "Cluster", "members", "projects facilitated", "degree", "strength", "betweenness", "constraint",
        "effective size", "share of SME partners", "betweenness rank",
    ]
    rows = table_rows(html, "clusters")
    # o03: betweenness 0.5/4 = 0.125, the 4th highest of 20; o07: 0.5/8 = 0.0625, 8th
    assert rows[0][1:] == ["30", "12", "17", "34", "0.125", "0.130", "12.5", "50%", "4 / 20"]
    assert rows[1][0] == "Cluster Seven" and rows[1][-1] == "8 / 20"
    mix = re.search(r"<h3>Partner helix mix</h3>.*?<tbody>(.*?)</tbody>", html, re.DOTALL).group(1)
    assert "6 (60%)" in mix and "2 (50%)" in mix  # o03: 6 of 10 companies; o07: 2 of 4 intermediaries


def test_report_top_organisations(inputs):
    meta, network, clusters, orgs = inputs
    rows = table_rows(render_report(*inputs), "top")
    assert len(rows) == 15
    assert [row[0] for row in rows] == [str(i) for i in range(1, 16)]
    assert [row[1] for row in rows][:3] == ["Org 0", "Org 1", "Org 2"]
    assert rows[3][1].startswith("◆ ")  # the cluster o03 is marked
    assert rows[0][2:] == ["company", "SME", "yes", "20", "0.500", "0.100"]  # the kind code in words
    short = table_rows(render_report(meta, network, clusters, orgs, top_n=3), "top")
    assert len(short) == 3
    # ties in betweenness are broken by id, so the order is reproducible
    tied = orgs.assign(betweenness=0.1)
    assert [row[1] for row in table_rows(render_report(meta, network, clusters, tied, top_n=2), "top")] == [
        "Org 0", "Org 1"]


def test_report_banner_footer_and_parameters(inputs):
    meta, network, clusters, orgs = inputs
    html = render_report(*inputs, parameters={"seed": 7, "start_year": None, "helices": ("a", "b")})
    assert "Synthetic demonstration data" in html
    footer = re.search(r"<footer>(.*?)</footer>", html, re.DOTALL).group(1)
    assert f"helixnet {helixnet.__version__}" in footer
    assert "seed = 7" in footer and "start_year = none" in footer and "helices = a, b" in footer
    assert "language = en" in footer
    real = render_report({**meta, "synthetic": False}, network, clusters, orgs)
    assert "Synthetic demonstration data" not in real
    assert 'class="banner"' not in real
    nl = render_report(*inputs, lang="nl")
    assert "Synthetische demonstratiegegevens" in nl and "Gemaakt met helixnet" in nl


def test_report_without_clusters(inputs):
    meta, network, clusters, orgs = inputs
    html = render_report(meta, network, clusters.iloc[0:0], orgs)
    assert "There are no cluster organisations in this dataset." in html
    assert len(images(html)) == 1  # only the degree distribution
    assert "Figure 1." in html


def test_report_figure_captions_follow_the_compared_measures(inputs):
    meta, network, clusters, orgs = inputs
    html = render_report(*inputs)
    assert "Clusters compared on degree, betweenness, constraint, share of SME partners." in html
    assert "Dotted line: share of SMEs" in html
    without_sme = render_report(meta, network, clusters.drop(columns="share_sme"), orgs)
    assert "Clusters compared on degree, betweenness, constraint. Dashed line" in without_sme
    assert "Dotted line" not in without_sme


def test_report_is_reproducible(inputs):
    assert render_report(*inputs) == render_report(*inputs)


def test_report_errors(inputs):
    meta, network, clusters, orgs = inputs
    with pytest.raises(OptionError, match="language 'fr'"):
        render_report(*inputs, lang="fr")
    with pytest.raises(OptionError, match="top_n"):
        render_report(*inputs, top_n=0)
    with pytest.raises(OptionError, match="'betweenness'"):
        render_report(meta, network, clusters, orgs.drop(columns="betweenness"))


# --------------------------------------------------------------------------- neutral-connector evidence


@pytest.fixture(scope="module")
def full_reports() -> dict[str, str]:
    """The report with every optional table, in both languages (rendered once: figures are slow)."""
    orgs = org_metrics()
    args = (META, network_summary(orgs), cluster_table(orgs), orgs)
    kwargs = {"brokerage_global": brokerage_global(), "ei_groups": ei_groups(), "synergy": synergy()}
    return {lang: render_report(*args, lang=lang, **kwargs) for lang in ("en", "nl")}


def test_connector_profile_table(full_reports):
    tables = profile_tables(full_reports["en"])
    assert [t["caption"] for t in tables] == ["Central position", "Balance, capture and brokerage"]
    # every profile measure once, in catalogue order, labelled from the catalogue with its connector end
    shown = [h for t in tables for h in t["header"][1:]]
    expected = [f"{catalogue.measure(c).label('en')} {'↑' if catalogue.measure(c).connector_end == 'high' else '↓'}"
                for c in catalogue.PROFILE_COLUMNS]
    assert shown == expected
    assert shown[:6] == ["degree ↑", "betweenness ↑", "cross-helix betweenness ↑", "SME-knowledge betweenness ↑",
                         "constraint ↓", "effective size ↑"]
    assert all(t["header"][0] == "Cluster" for t in tables)
    # one row per cluster in each table
    assert [[name for name, _ in t["rows"]] for t in tables] == [["&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;",
                                                                  "Cluster Seven"]] * 2
    o03 = tables[0]["rows"][0][1] + tables[1]["rows"][0][1]
    assert o03 == [
        ("17 (P85)", False), ("0.125 (P82)", False), ("0.0230 (P99)", True), ("0 (P10)", False),
        ("0.130 (P5)", True),  # low end: constraint at P5 is connector-like
        ("12.5 (P90)", True), ("0.620 (P55)", False), ("0.775 (P55)", False), ("0.900 (P97)", True),
        ("0.0800 (P9)", True),  # P9.9 rounds down: at most 10% of organisations share less weight with one partner
        ("0.0400 (P12)", False), ("145 (P99)", True), ("-0.350 (P40)", False),
    ]
    o07 = tables[0]["rows"][1][1] + tables[1]["rows"][1][1]
    assert o07[3] == ("– (–)", False)  # missing value and percentile
    assert o07[9] == ("0.400 (P95)", False) and o07[10] == ("0.300 (P96)", False)  # high share: captured, not bold


def test_connector_profile_table_dutch(full_reports):
    tables = profile_tables(full_reports["nl"])
    assert [t["caption"] for t in tables] == ["Centrale positie", "Evenwicht, gebondenheid en bemiddeling"]
    shown = [h for t in tables for h in t["header"][1:]]
    assert shown == [f"{catalogue.measure(c).label('nl')} {'↑' if catalogue.measure(c).connector_end == 'high' else '↓'}"
                     for c in catalogue.PROFILE_COLUMNS]
    assert "liaison z-score, sna-nulmodel (groeit met de graad) ↑" in shown and "gewicht op sterkste partner ↓" in shown
    assert tables[0]["rows"][0][1][2] == ("0,0230 (P99)", True)
    assert tables[1]["rows"][0][1][-1] == ("-0,350 (P40)", False)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_reading_guides_come_from_the_catalogue(full_reports, lang):
    block = re.search(r'<dl class="guides">(.*?)</dl>', section(full_reports[lang], "neutral"), re.DOTALL).group(1)
    entries = [(dt, re.sub(r"<[^>]+>", "", dd)) for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)]
    ends = {"en": {"high": "Higher = more connector-like.", "low": "Lower = more connector-like."},
            "nl": {"high": "Hoe hoger, hoe meer een verbinder.", "low": "Hoe lager, hoe meer een verbinder."}}[lang]
    expected = []
    for column in catalogue.PROFILE_COLUMNS:
        m = catalogue.measure(column)
        expected.append((m.label(lang), f"{m.guide(lang)} {ends[m.connector_end]}"))
    unescape = __import__("html").unescape
    assert [(unescape(a), unescape(b)) for a, b in entries] == expected


def test_heatmap_and_scatter_captions(full_reports):
    en, nl = full_reports["en"], full_reports["nl"]
    brokerage = re.search(r'<figure id="fig-brokerage">.*?<figcaption>(.*?)</figcaption>', en, re.DOTALL).group(1)
    assert "under the sna null (grows with degree)" in brokerage and "Against fair baselines" in brokerage
    assert "onder het nulmodel van sna (groeit met de graad)" in nl
    scatter = re.search(r'<figure id="fig-neutrality">.*?<figcaption>(.*?)</figcaption>', en, re.DOTALL).group(1)
    assert "participation coefficient" in scatter and "strongest partner" in scatter
    assert "Een neutrale verbinder staat rechtsonder." in nl


def test_network_helix_tables(full_reports):
    en, nl = full_reports["en"], full_reports["nl"]
    header, rows = table_after(en, "network", "Helix mixing and synergy")
    assert header == ["Measure", "Value", "What it says"]
    assert [row[:2] for row in rows] == [["E-I index (all ties)", "0.183"], ["T_UIG (triple helix)", "-0.00794 bits"],
                                         ["T_UIGC (quadruple helix)", "-0.000542 bits"]]
    assert "negative = synergy among the helices" in rows[1][2]
    assert "In four dimensions the sign alternates" in rows[2][2]
    # the general summary does not repeat them under their raw keys
    summary = dict(table_rows(en, "network"))
    assert not {"ei index", "ei_index", "T UIG", "T_UIG", "T UIGC"} & set(summary)
    _, nl_rows = table_after(nl, "network", "Helixmenging en synergie")
    assert [row[:2] for row in nl_rows] == [["E-I-index (alle banden)", "0,183"], ["T_UIG (triple helix)", "-0,00794 bit"],
                                            ["T_UIGC (quadruple helix)", "-0,000542 bit"]]

    header, rows = table_after(en, "network", "E-I index per helix")
    assert header == ["Helix", "Organisations", "External ties (E)", "Internal ties (I)", "E-I index"]
    assert rows == [["company", "870", "12,712", "9,131", "0.164"], ["knowledge institution", "48", "9,999", "870", "0.840"],
                    ["intermediary (cluster)", "7", "1,849", "5", "0.995"]]
    assert table_after(nl, "network", "E-I-index per helix")[1][0] == ["bedrijf", "870", "12.712", "9.131", "0,164"]

    header, rows = table_after(en, "network", "Brokerage in the whole network")
    assert header == ["Role", "Observed", "Expected", "Standard deviation", "z-score"]
    assert rows == [
        ["coordinator (w_I)", "611,506", "1,141,475", "12,195", "-43.5"],
        ["itinerant broker (w_O)", "2,554,028", "316,671", "4,831", "463"],
        ["representative (b_IO)", "549,452", "316,671", "3,711", "62.7"],
        ["gatekeeper (b_OI)", "549,452", "316,671", "3,711", "62.7"],
        ["liaison (b_O)", "1,234,166", "150,757", "3,140", "∞"],
        ["total brokerage (t)", "5,498,604", "2,242,245", "19,137", "–"],
    ]
    header, rows = table_after(nl, "network", "Makelaarsrollen in het hele netwerk")
    assert header == ["Rol", "Waargenomen", "Verwacht", "Standaardafwijking", "z-score"]
    assert rows[0] == ["coördinator (w_I)", "611.506", "1.141.475", "12.195", "-43,5"]
    assert rows[4][0] == "liaison (b_O)"


def synergy_groups(html: str) -> list[tuple[str, list[list[str]]]]:
    table = re.search(r'<table class="synergy">(.*?)</table>', section(html, "synergy"), re.DOTALL).group(1)
    groups = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", table, re.DOTALL):
        heading = re.search(r'<tr class="group"><th[^>]*>(.*?)</th></tr>', body).group(1)
        rows = [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
                for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)]
        groups.append((heading, rows))
    return groups


def test_synergy_table(full_reports):
    groups = synergy_groups(full_reports["en"])
    assert groups == [
        ("Whole network", [["all projects", "100", "-0.00794", "-0.000542"]]),
        ("Cluster portfolios (projects the cluster facilitated)", [
            ["&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;", "12", "-0.0123", "0.0149"],
            ["Cluster Seven", "3", "–", "–"],
            ["x99", "1", "0", "0"],  # a facilitator that is not in the tables keeps its id
        ]),
        ("Periods (project start year)", [["2014", "40", "0.00117", "1.50"], ["2015-2016", "60", "-0.0610", "-0.0413"]]),
    ]
    header = re.findall(r"<th[^>]*>(.*?)</th>", re.search(r'<table class="synergy">\s*<thead>(.*?)</thead>',
                                                           full_reports["en"], re.DOTALL).group(1))
    assert header == ["Set of projects", "Projects", "T_UIG (bits)", "T_UIGC (bits)"]
    nl = synergy_groups(full_reports["nl"])
    assert [heading for heading, _ in nl] == ["Heel het netwerk", "Clusterportefeuilles (projecten die de cluster "
                                              "faciliteerde)", "Periodes (startjaar van de projecten)"]
    assert nl[0][1] == [["alle projecten", "100", "-0,00794", "-0,000542"]]
    assert "T_UIG (bit)" in full_reports["nl"]


def _english_fragments() -> set[str]:
    """Every English text of the report's own vocabulary that differs from its Dutch counterpart."""
    en, nl = texts_of("en"), texts_of("nl")
    pairs = []
    for namespace in ("text", "network_labels", "measure_labels", "measures", "dataset_keys"):
        pairs += [(en[namespace][key], nl[namespace][key]) for key in en[namespace]]
    for key in en["helix_network_rows"]:
        pairs += list(zip(en["helix_network_rows"][key], nl["helix_network_rows"][key]))
    for column in [*catalogue.PROFILE_COLUMNS, *(f"brokerage_{r}" for r in catalogue.ROLES
                                                  if r not in catalogue.UNDIRECTED_DUPLICATE_ROLES)]:
        m = catalogue.measure(column)
        pairs += [(m.label("en"), m.label("nl")), (m.guide("en"), m.guide("nl"))]
    fragments = set()
    for en, nl in pairs:
        if en != nl:
            fragments.update(part.strip() for part in re.split(r"\{[^}]*\}", en) if len(part.strip()) >= 4)
    return fragments


def test_dutch_report_has_no_english_text(full_reports):
    import html as html_module

    text = html_module.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", full_reports["nl"],
                                                                    flags=re.DOTALL)))
    text = text.split("Borgatti, S. P. (1997)")[0]  # the reference list keeps the publications' own titles
    fragments = _english_fragments()
    assert {"How neutral is each cluster's connector role?", "itinerant broker (w_O)", "Higher = more connector-like.",
            "Brokerage in the whole network", "weight on top partner"} <= fragments  # the check covers the new parts
    loanwords = {"constraint"}  # "Burts beperking (constraint)" names Burt's term on purpose
    assert sorted(f for f in fragments - loanwords if f in text) == []
    # and the English report does show them (the check can fail)
    english = html_module.unescape(full_reports["en"])
    assert "How neutral is each cluster's connector role?" in english and "Reading guide" in english


def test_new_parts_escape_hostile_names(inputs, extras):
    meta, network, clusters, orgs = inputs
    hostile_helix = "<script>h()</script>"
    groups = extras["ei_groups"].rename(index={"intermediair": hostile_helix})
    html = render_report(meta, network, clusters, orgs, ei_groups=groups, synergy=extras["synergy"],
                         brokerage_global=extras["brokerage_global"])
    assert "<script" not in html and "<img src=x" not in html
    escaped = "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;"
    assert all(t["rows"][0][0] == escaped for t in profile_tables(html))
    assert synergy_groups(html)[1][1][0][0] == escaped
    assert "&lt;script&gt;h()&lt;/script&gt;" in section(html, "network")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_about_the_measures_names_every_reference(full_reports, lang):
    block = section(full_reports[lang], "measures")
    definitions = re.search(r'<dl class="measures">(.*?)</dl>', block, re.DOTALL).group(1)
    references = re.search(r'<ol class="references">(.*?)</ol>', block, re.DOTALL).group(1)
    for cited, listed in [("Gould &amp; Fernandez 1989", "Gould, R. V. &amp; Fernandez, R. M. (1989)"),
                          ("Burt 1992", "Burt, R. S. (1992)"),
                          ("Guimerà &amp; Amaral 2005", "Guimerà, R. &amp; Amaral, L. A. N. (2005)"),
                          ("Krackhardt &amp; Stern 1988", "Krackhardt, D. &amp; Stern, R. N. (1988)"),
                          ("Hwang et al. 2006", "Hwang, W., Cho, Y., Zhang, A. &amp; Ramanathan, M. (2006)"),
                          ("Leydesdorff 2003", "Leydesdorff, L. (2003)"),
                          ("Leydesdorff &amp; Ivanova 2014", "Leydesdorff, L. &amp; Ivanova, I. A. (2014)"),
                          ("Borgatti 1997", "Borgatti, S. P. (1997)"),
                          ("Butts 2023", "Butts, C. T. (2023)")]:
        assert cited in definitions, cited
        assert listed in references, listed
    names = re.findall(r"<dt>(.*?)</dt>", definitions)
    expected = {"en": ["participation coefficient", "E-I index", "bridging centrality", "partner concentration",
                       "Gould–Fernandez brokerage roles", "helix synergy T (Leydesdorff)", "percentile (P)"],
                "nl": ["participatiecoëfficiënt", "E-I-index", "overbruggingscentraliteit", "partnerconcentratie",
                       "makelaarsrollen van Gould-Fernandez", "helixsynergie T (Leydesdorff)", "percentiel (P)"]}[lang]
    assert set(expected) <= set(names)


def test_report_without_the_optional_tables(inputs):
    meta, network, clusters, orgs = inputs
    bare_network = network.drop(["ei_index", "T_UIG", "T_UIGC"])
    html = render_report(meta, bare_network, clusters.drop(columns=[c for c in clusters if c.startswith("brokerage")]),
                         orgs.drop(columns="top1_share"))
    assert '<section id="synergy"' not in html and 'href="#synergy"' not in html
    assert "Helix mixing and synergy" not in html and "E-I index per helix" not in html
    assert "Brokerage in the whole network" not in html
    assert len(images(html)) == 4  # no heatmap without z-scores, no scatter without top1_share
    tables = profile_tables(html)
    assert "liaison z-score ↑" not in [h for t in tables for h in t["header"]]
    # the profile keeps the measures it has, percentiles included
    assert tables[0]["rows"][0][1][0] == ("17 (P85)", False)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_pipeline_report_on_the_tiny_fixture(lang):
    """End to end: the pipeline passes every table; values checked by hand on tests/data/tiny."""
    from helixnet.pipeline import analyse, build_report

    html = build_report(analyse(TINY, communities=True, periods=True), lang=lang).html
    assert re.findall(r'<section id="([^"]+)"[^>]*>', html) == [
        "summary", "cards", "top", "clusters", "neutral", "communities", "time", "synergy", "degree", "appendix",
        "dataset", "network", "measures", "rules"]
    assert len(images(html)) == 8  # with the communities and the time series
    tables = profile_tables(html)
    assert [[name for name, _ in t["rows"]] for t in tables] == [["Cluster A"], ["Cluster A"]]
    # the cluster's partners: u1 (knowledge), c1 and c2 (companies), g1 (government), b1 (citizens):
    # P = 1 - (0.4² + 3 x 0.2²) = 0.72, the 5th of the 6 organisations with partners: P83
    participation = tables[1]["rows"][0][1][0][0]
    assert participation == ("0.720 (P83)" if lang == "en" else "0,720 (P83)")
    groups = dict(synergy_groups(html))
    cluster_rows = groups["Cluster portfolios (projects the cluster facilitated)" if lang == "en"
                          else "Clusterportefeuilles (projecten die de cluster faciliteerde)"]
    assert cluster_rows == [["Cluster A", "2", "1", "1"]]
    _, rows = table_after(html, "network", "E-I index per helix" if lang == "en" else "E-I-index per helix")
    assert rows[0][:4] == (["company", "3", "5", "1"] if lang == "en" else ["bedrijf", "3", "5", "1"])


# --------------------------------------------------------------------------- scenario section


def _scenario_results():
    from tests.test_viz import scenario_results

    return scenario_results()


#: The hostile name of cluster "b" in the scenario results stub.
VIZ_HOSTILE = "<img src=x onerror=alert(1)> </script><script>alert(2)</script>"


@pytest.mark.parametrize(("lang", "heading", "note"), [
    ("en", "What does each scenario do?", "the mean over 200 Monte Carlo runs (seed 11)"),
    ("nl", "Wat doet elk scenario?", "het gemiddelde over 200 Monte-Carlo-runs (seed 11)"),
])
def test_scenario_section_only_when_given(inputs, extras, lang, heading, note):
    without = render_report(*inputs, lang=lang, **extras)
    assert 'id="scenarios"' not in without and heading not in without
    results = _scenario_results()
    outcomes_before = results.outcomes.copy()
    html = render_report(*inputs, lang=lang, scenarios=results, **extras)
    sections = ["top", "clusters", "neutral", "scenarios", "synergy", "degree", "appendix", "dataset", "network",
                "measures"]
    assert re.findall(r'<section id="([^"]+)"[^>]*>', html) == sections
    nav = re.search(r"<nav.*?</nav>", html, re.DOTALL).group(0)
    assert re.findall(r'href="#([^"]+)"', nav) == sections and heading in nav
    block = section(html, "scenarios")
    assert f"<h2>{heading}</h2>" in block and note in block
    # the three key outcomes present get a matrix each, numbered in page order before the degree figure
    figures = re.findall(r'<figure id="([^"]+)">', html)
    assert figures[5:] == ["fig-scenario-sme-knowledge-reach", "fig-scenario-distance-fragmentation",
                           "fig-scenario-brokerage-b-O-z", "fig-degree"]
    assert len(images(html)) == 9
    pd.testing.assert_frame_equal(results.outcomes, outcomes_before)


def test_scenario_section_assumptions_and_table(inputs):
    html = render_report(*inputs, scenarios=_scenario_results())
    block = section(html, "scenarios")
    titles = re.findall(r'<h3 id="scenario-([^"]+)">(.*?)</h3>', block)
    assert titles == [("baseline", "Baseline"), ("removal", "Removal"), ("mission", "(3) Base mission")]
    assert "What (3) Base mission does &lt;i&gt;" in block
    assert block.count("This scenario has no parameters.") == 2  # baseline and removal
    table = re.search(r'<table class="assumptions">(.*?)</table>', block, re.DOTALL).group(1)
    rows = [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.DOTALL).group(1),
                                  re.DOTALL)]
    # scenario-wide first, then per cluster in the results' cluster order; rationales escaped
    assert rows == [
        ["all clusters", "extra_sme_share", "0.1", "More SME ties &lt;script&gt;x&lt;/script&gt;"],
        ["Alpha $1", "host", "imec", "imec hosts A"],
        [VIZ_HOSTILE.replace("<", "&lt;").replace(">", "&gt;"), "host", "vito", "VITO knows B &amp; co"],
    ]
    # the cluster x scenario table: one group per outcome, mean and interval per cell
    scen = re.search(r'<table class="scenario-table">(.*?)</table>', block, re.DOTALL).group(1)
    header = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<th[^>]*>(.*?)</th>",
                                                            re.search(r"<thead>(.*?)</thead>", scen).group(1))]
    assert header == ["Cluster", "Removal", "(3) Base mission"]
    groups = re.findall(r'<th scope="rowgroup"[^>]*>(.*?)</th>', scen)
    assert groups == ["SMEs within 2 steps of a knowledge institution ↑", "Distance-weighted fragmentation ↓",
                      "Cluster: liaison z-score ↑"]
    cells = re.findall(r'<td class="num">(.*?)</td>', scen)
    assert cells[:4] == ["-0.012", '+0.012 <span class="detail">[0.008, 0.015]</span>', "-0.50",
                         '0.0000 <span class="detail">[-0.0021, 0.0019]</span>']
    assert cells[-4:] == ["n/a", '-523 <span class="detail">[-610, -440]</span>', "n/a",
                          '+12 <span class="detail">[3, 20]</span>']
    # outcome guides with the better direction
    assert "Share of SMEs with a knowledge institution at most two ties away. <em>higher is better.</em>" in block


def test_scenario_section_dutch_and_escaped(inputs):
    html = render_report(*inputs, lang="nl", scenarios=_scenario_results())
    block = section(html, "scenarios")
    assert "Meer kmo-banden &lt;script&gt;" in block and "alle clusters" in block and "0,1" in block
    assert "<script" not in html.lower()
    assert "n.v.t." in block and "[0,008; 0,015]" in block
    assert "Kmo&#39;s binnen 2 stappen van een kennisinstelling ↑" in block
    # none of the English vocabulary of the section in the Dutch page
    from helixnet.scenarios import labels
    from helixnet.viz import static

    english = [texts_of("en")["text"][k] for k in ("scenarios", "assumptions", "rationale", "all_clusters",
                                                  "no_assumptions", "scenario_results", "outcomes")]
    english += list(labels.OUTCOME_LABELS["en"].values()) + list(labels.OUTCOME_GUIDES["en"].values())
    english += [static.STRINGS["en"]["matrix_subtitle"], "higher is better", "lower is better"]
    import html as html_module

    text = html_module.unescape(re.sub(r"<[^>]+>", " ", block))
    assert [e for e in english if e in text] == []
    assert texts_of("nl")["text"]["rationale"] in block


def test_scenario_section_without_assumptions_or_key_outcomes(inputs):
    results = _scenario_results()
    results.assumptions = results.assumptions.iloc[0:0]
    results.outcomes = results.outcomes.assign(outcome="giant_share").drop_duplicates(["scenario", "cluster"])
    html = render_report(*inputs, scenarios=results)
    block = section(html, "scenarios")
    assert block.count("This scenario has no parameters.") == 3
    assert "scenario-table" not in block and "fig-scenario" not in html
