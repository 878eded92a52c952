"""compare(): two snapshots (tiny vs a hand-modified copy) and two periods of one dataset."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helixnet.compare import KEY_METRICS, cluster_differences, compare, network_differences, render_comparison_text
from helixnet.errors import OptionError
from helixnet.pipeline import analyse

TINY = Path(__file__).parent / "data" / "tiny"


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory) -> tuple:
    """tiny (A) and a copy (B) with SME 'n1' added to project p3 and the isolated 'iso' removed."""
    copy = tmp_path_factory.mktemp("snap") / "tiny_b"
    shutil.copytree(TINY, copy)
    with open(copy / "nodes" / "organisations.csv", "a", encoding="utf-8", newline="") as f:
        f.write("n1,New SME,bedrijf,kmo,true,BE\r\n")
    extra = copy / "nodes" / "organisations_extra.csv"
    lines = extra.read_bytes().split(b"\r\n") if b"\r\n" in extra.read_bytes() else extra.read_bytes().split(b"\n")
    kept = [line for line in lines if not line.startswith(b"iso;")]
    assert len(kept) == len(lines) - 1
    extra.write_bytes(b"\n".join(kept))
    with open(copy / "edges" / "participations.csv", "a", encoding="utf-8", newline="") as f:
        f.write("p3,n1,partner,1000\n")
    return analyse(TINY), analyse(copy)


def test_snapshots_network_deltas(snapshots):
    c = compare(*snapshots)
    net = c.network
    # by hand: n1 in p3 adds ties n1-clu, n1-g1, n1-b1; one org in (n1), one out (iso)
    assert (net.loc["organisations", "a"], net.loc["organisations", "b"], net.loc["organisations", "delta"]) == (7, 7, 0)
    assert net.loc["edges", "delta"] == 3 and net.loc["edges", "b"] == 13
    assert net.loc["participations", "delta"] == 1
    assert net.loc["isolates", "delta"] == -1  # iso was the only isolate
    assert net.loc["sme", "delta"] == 0  # iso (SME) out, n1 (SME) in
    assert math.isnan(net.loc["title", "delta"]) and math.isnan(net.loc["synthetic", "delta"])
    assert (c.edges_added, c.edges_removed, c.edges_kept) == (3, 0, 10)
    assert c.organisations_added.index.tolist() == ["n1"]
    assert c.organisations_added.loc["n1", "name"] == "New SME"
    assert c.organisations_removed.index.tolist() == ["iso"]
    assert c.organisations_entered.index.tolist() == ["n1"]
    assert c.organisations_left.empty  # iso took part in nothing


def test_snapshots_cluster_deltas(snapshots):
    c = compare(*snapshots)
    row = c.clusters.loc["clu"]
    assert row["status"] == "both" and row["name"] == "Cluster A"
    assert (row["degree_a"], row["degree_b"], row["degree_delta"]) == (5, 6, 1)  # + n1
    assert (row["partners_sme_a"], row["partners_sme_b"]) == (1, 2)  # c1; c1 and n1
    assert row["projects_facilitated_delta"] == 0 and row["projects_joined_delta"] == 0
    assert row["members_delta"] == 0
    # every delta is B - A, computed independently from the two cluster tables
    a, b = snapshots
    for metric in c.metrics:
        assert row[f"{metric}_delta"] == pytest.approx(float(b.clusters.loc["clu", metric]) - float(a.clusters.loc["clu", metric]), nan_ok=True)
    assert set(c.metrics) == set(KEY_METRICS)


def test_two_periods_of_one_dataset():
    c = compare(analyse(TINY, 2019, 2020), analyse(TINY, 2021, 2022))
    # A: p1, p2 (6 participations); B: p3, p4 (5); tie c2-clu ends 2019, c1-clu is open-ended
    assert c.label_a == "tiny (2019-2020)" and c.label_b == "tiny (2021-2022)"
    assert (c.network.loc["participations", "a"], c.network.loc["participations", "b"]) == (6, 5)
    assert (c.network.loc["edges", "a"], c.network.loc["edges", "b"]) == (6, 5)
    assert (c.edges_added, c.edges_removed, c.edges_kept) == (4, 5, 1)  # only clu-c1 in both
    assert c.organisations_added.empty and c.organisations_removed.empty
    assert c.organisations_entered.index.tolist() == ["b1", "g1"]
    assert c.organisations_left.index.tolist() == ["c1", "u1"]
    row = c.clusters.loc["clu"]
    assert (row["degree_a"], row["degree_b"]) == (3, 3)  # u1, c1, c2 -> g1, b1, c1
    assert (row["members_a"], row["members_b"]) == (2, 1)
    assert (row["projects_facilitated_a"], row["projects_facilitated_b"]) == (1, 1)


def test_cluster_only_on_one_side():
    a = pd.DataFrame({"name": ["X", "Y"], "degree": [2, 3]}, index=pd.Index(["x", "y"], name="id"))
    b = pd.DataFrame({"name": ["Y", "Z"], "degree": [5, 1]}, index=pd.Index(["y", "z"], name="id"))
    table = cluster_differences(a, b, ("degree",))
    assert table["status"].to_dict() == {"x": "only_a", "y": "both", "z": "only_b"}
    assert table.loc["y", "degree_delta"] == 2
    assert math.isnan(table.loc["x", "degree_delta"]) and table.loc["z", "degree_b"] == 1


def test_network_differences_numbers_only():
    a = pd.Series({"title": "A", "nodes": 3, "flag": True, "density": 0.5})
    b = pd.Series({"title": "B", "nodes": 5, "flag": False, "density": 0.25, "new": 1})
    table = network_differences(a, b)
    assert table.loc["nodes", "delta"] == 2 and table.loc["density", "delta"] == -0.25
    assert math.isnan(table.loc["title", "delta"]) and math.isnan(table.loc["flag", "delta"])
    assert math.isnan(table.loc["new", "delta"]) and table.loc["new", "b"] == 1


def test_render_text_en_and_nl(snapshots):
    c = compare(*snapshots)
    text = render_comparison_text(c)
    assert text.startswith("Comparison: A = tiny (2019-2022), B = tiny_b (2019-2022)\n")
    assert "Collaboration ties: 3 new, 0 gone, 10 in both" in text
    assert "  added: n1 New SME [bedrijf]" in text and "  removed: iso Lonely SME [bedrijf]" in text
    assert "clu Cluster A (in both)" in text
    degree_line = next(line for line in text.splitlines() if line.strip().startswith("degree "))
    assert degree_line.split() == ["degree", "5", "6", "+1"]
    dutch = render_comparison_text(c, lang="nl")
    assert "Samenwerkingsbanden: 3 nieuw, 0 verdwenen, 10 in beide" in dutch and "(in beide)" in dutch
    with pytest.raises(OptionError, match="language 'fr' is not available; expected one of en, nl"):
        render_comparison_text(c, lang="fr")


def test_render_text_limits_long_lists(snapshots):
    c = compare(*snapshots)
    text = render_comparison_text(c, limit=0)
    assert "  ... and 1 more" in text and "n1 New SME" not in text
