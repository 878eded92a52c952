"""Tests of the report's figures in helixnet.viz.static: what each figure draws equals the data
the report writes beside it (taken from the matplotlib artists), labels in both languages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helixnet.errors import OptionError
from helixnet.metrics import catalogue
from helixnet.viz import static
from tests.helpers import REPO


@pytest.fixture(scope="module")
def analysis():
    from helixnet.pipeline import analyse

    return analyse(REPO / "data")


def bar_widths(ax) -> list[float]:
    return [patch.get_width() for patch in ax.patches]


def test_connector_percentiles_turn_the_low_end_measures(analysis):
    clusters = analysis.clusters
    data = static.connector_percentiles(clusters)
    # sna's Bernoulli z grows with degree: it has no percentile (issue 14), so it is not drawn
    assert list(data.columns) == [c for c in catalogue.PROFILE_COLUMNS if catalogue.measure(c).connector_end
                                  and not c.endswith("_z")]
    cluster = clusters.index[0]
    assert data.at[cluster, "degree"] == pytest.approx(clusters.at[cluster, "degree_pct"])
    assert data.at[cluster, "constraint"] == pytest.approx(100 - clusters.at[cluster, "constraint_pct"])
    assert data.at[cluster, "top1_share"] == pytest.approx(100 - clusters.at[cluster, "top1_share_pct"])
    assert ((data >= 0) & (data <= 100)).all().all()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_profile_multiples_draw_the_percentiles_on_one_scale(analysis, lang):
    clusters = analysis.clusters
    fig = static.cluster_profile_multiples(clusters, lang=lang)
    data = static.connector_percentiles(clusters)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == len(clusters)
    for ax, (cluster, row) in zip(panels, data.iterrows()):
        assert ax.get_xlim() == (0.0, 100.0)  # one scale for every panel
        assert bar_widths(ax) == pytest.approx(row.fillna(0.0).tolist())
        assert ax.get_title(loc="left") == clusters.at[cluster, "name"].replace("$", r"\$")[:30] or "\n" in \
            ax.get_title(loc="left")
    labels = [t.get_text() for t in panels[0].get_yticklabels()]
    assert labels[0] == catalogue.measure("degree").label(lang)
    assert fig._suptitle.get_text() == static.STRINGS[lang]["profile_title"]


def test_profile_multiples_need_percentiles(analysis):
    with pytest.raises(OptionError, match="no connector profile percentiles"):
        static.cluster_profile_multiples(analysis.clusters[["name", "degree"]])


def test_data_helpers_of_the_earlier_figures_match_their_artists(analysis):
    clusters, orgs = analysis.clusters, analysis.organisations
    # helix composition: stacked segment widths are the percentages
    fig = static.helix_composition(clusters)
    shares = static.partner_helix_shares(clusters) * 100
    widths = np.array(bar_widths(fig.axes[0])).reshape(len(shares.columns), len(shares)).T
    np.testing.assert_allclose(widths, shares.fillna(0).to_numpy())
    # comparison panels: bars and reference lines
    metrics = [m for m in static.COMPARISON_METRICS if m in clusters.columns]
    fig = static.cluster_comparison(clusters, orgs)
    data = static.cluster_comparison_data(clusters, orgs, metrics)
    for ax, metric in zip(fig.axes, metrics):
        assert bar_widths(ax) == pytest.approx(data.loc[clusters.index, metric].fillna(0).tolist())
        assert ax.lines[0].get_xdata()[0] == pytest.approx(data.at["reference", metric])
    # neutrality scatter: grey dots and clusters together are exactly the data rows
    fig = static.neutrality_scatter(orgs)
    data = static.neutrality_scatter_data(orgs)
    ax = fig.axes[0]
    dots = {c.get_gid(): np.asarray(c.get_offsets()) for c in ax.collections}
    assert len(dots["organisations"]) == (~data["is_cluster"]).sum()
    np.testing.assert_allclose(dots["clusters"], data.loc[data["is_cluster"], ["participation", "top1_share"]])
    # degree distribution: one line per group with the ccdf points
    fig = static.degree_distribution(orgs)
    data = static.degree_distribution_data(orgs)
    drawn = [(line.get_xdata().tolist(), line.get_ydata().tolist()) for line in fig.axes[0].lines]
    groups = [g for g in data["group"].unique()]
    assert len(drawn) == len(groups)
    for (xs, ys), group in zip(drawn, groups):
        rows = data[data["group"] == group]
        assert xs == rows["k"].tolist() and ys == pytest.approx(rows["share"].tolist())


def test_scenario_matrix_data_is_the_cells():
    from tests.test_viz import scenario_results

    results = scenario_results()
    outcome = results.outcomes["outcome"].iloc[0]
    data = static.scenario_matrix_data(results, outcome)
    grid = static.scenario_grid(results, outcome)
    assert len(data) == grid["delta_mean"].size
    for _, row in data.iterrows():
        expected = grid["delta_mean"].at[row["cluster"], row["scenario"]]
        assert row["delta_mean"] == pytest.approx(expected, nan_ok=True)
    fig = static.scenario_matrix(results, outcome)
    image = fig.axes[0].images[0].get_array()
    np.testing.assert_allclose(np.ma.filled(image, np.nan), grid["delta_mean"].to_numpy(), equal_nan=True)


def test_new_figures_have_no_untranslated_labels(analysis):
    import re

    english = [v for k, v in static.STRINGS["en"].items() if v != static.STRINGS["nl"][k]]
    figures = [static.cluster_profile_multiples(analysis.clusters, lang="nl")]
    for fig in figures:
        texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
        for text in texts:
            for phrase in english:
                fragment = re.split(r"\{[^}]*\}", phrase)[0].strip()
                assert len(fragment) < 6 or fragment not in text, (fragment, text)
