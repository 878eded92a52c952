"""Tests of helixnet.report.builder: the self-contained static HTML report."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

import helixnet
from helixnet.errors import OptionError
from helixnet.report.builder import render_report
from helixnet.schema import HELICES

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
    return frame


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
    return clusters


def network_summary(orgs: pd.DataFrame) -> pd.Series:
    values = {
        "nodes": len(orgs), "edges": 1234, "density": 0.0123456, "components": 2,
        "giant_component_nodes": 19, "giant_share": 0.95,
    }
    for helix in HELICES:
        values[f"organisations_{helix}"] = int((orgs["helix"] == helix).sum())
    values.update(projects=4321, participations=9876, start_year=2014, end_year=2020)
    return pd.Series(values, dtype=object)


@pytest.fixture()
def inputs():
    orgs = org_metrics()
    return META, network_summary(orgs), cluster_table(orgs), orgs


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collect:
    collector = _Collect()
    collector.feed(html)
    collector.close()
    return collector


def images(html: str) -> list[bytes]:
    return [
        base64.b64decode(attrs["src"].split(",", 1)[1])
        for tag, attrs in parse(html).tags
        if tag == "img" and attrs.get("src", "").startswith("data:image/png;base64,")
    ]


def table_rows(html: str, section: str) -> list[list[str]]:
    """Cell texts of the body rows of the first table in the section with id ``section``."""
    block = re.search(rf'<section id="{section}">(.*?)</section>', html, re.DOTALL).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", block, re.DOTALL).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL):
        rows.append([re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)])
    return rows


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("en", ["Dataset", "Network summary", "Clusters compared", "Partner helix mix",
                "Top 15 organisations by betweenness", "Degree distribution", "About the measures"]),
        ("nl", ["Gegevens", "Netwerkoverzicht", "Clusters vergeleken", "Helixmix van de partners",
                "Top 15 organisaties volgens tussenliggendheid", "Graadverdeling", "Over de maten"]),
    ],
)
def test_report_sections_and_figures(inputs, lang, headings):
    html = render_report(*inputs, lang=lang)
    assert f'<html lang="{lang}">' in html
    found = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html)
    for heading in headings:
        assert heading in found
    for section in ("dataset", "network", "clusters", "top", "degree", "measures"):
        assert f'<section id="{section}">' in html
    pngs = images(html)
    assert len(pngs) == 3  # helix composition, cluster comparison, degree distribution
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in pngs)
    captions = re.findall(r"<figcaption><b>(.*?)</b>", html)
    figure_word = "Figure" if lang == "en" else "Figuur"
    assert captions == [f"{figure_word} 1.", f"{figure_word} 2.", f"{figure_word} 3."]
    # every image has a text alternative
    assert all(attrs.get("alt") for tag, attrs in parse(html).tags if tag == "img")


def test_report_is_self_contained(inputs):
    html = render_report(*inputs)
    for tag, attrs in parse(html).tags:
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
    assert [attrs["src"][:22] for tag, attrs in parse(html).tags if tag == "img"] == ["data:image/png;base64,"] * 3


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
    header = re.search(r'<section id="clusters">.*?<thead><tr>(.*?)</tr>', html, re.DOTALL).group(1)
    assert re.findall(r"<th[^>]*>(.*?)</th>", header) == [
        "Cluster", "members", "projects facilitated", "degree", "strength", "betweenness", "constraint",
        "share of SME partners", "betweenness rank",
    ]
    rows = table_rows(html, "clusters")
    # o03: betweenness 0.5/4 = 0.125, the 4th highest of 20; o07: 0.5/8 = 0.0625, 8th
    assert rows[0][1:] == ["30", "12", "17", "34", "0.125", "0.130", "50%", "4 / 20"]
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
    assert rows[0][2:] == ["company", "kmo", "yes", "20", "0.500", "0.100"]
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
