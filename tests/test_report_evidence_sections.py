"""The report's baselines, scenario-plan and themes sections: present, in both languages,
and every word in them follows its stated rule from the numbers."""

from dataclasses import replace

import pytest

from helixnet.analysis import EvidenceRequest, PlanRequest, analyse
from helixnet.report.assemble import report_for
from helixnet.texts import texts
from helixnet.report.document import Cell, Heading, Paragraph, Table
from tests.helpers import TINY


@pytest.fixture(scope="module")
def full_analysis():
    return analyse(TINY, themes=True, seed=1, evidence=EvidenceRequest(40), plans=PlanRequest(n_draws=6, processes=1))


def blocks_of(analysis, lang):
    return report_for(analysis, lang=lang).document.blocks


def tables_by_name(blocks):
    return {b.name: b for b in blocks if isinstance(b, Table)}


def cell_text(cell):
    return cell.text if isinstance(cell, Cell) else str(cell)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_three_sections_are_there(full_analysis, lang):
    text = texts(lang)
    blocks = blocks_of(full_analysis, lang)
    headings = [b.text for b in blocks if isinstance(b, Heading) and b.level == 2]
    for key in ("baselines", "plans", "themes_title"):
        assert text[key] in headings
    names = tables_by_name(blocks)
    assert "baseline_brokerage_t" in names and "plan_assumptions" in names and "themes" in names
    assert any(name.startswith("plan_all-") for name in names)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_baseline_words_follow_the_null_side_rule(full_analysis, lang):
    text = texts(lang)
    clusters = full_analysis.clusters
    for name, table in tables_by_name(blocks_of(full_analysis, lang)).items():
        if not name.startswith("baseline_"):
            continue
        measure = name.removeprefix("baseline_")
        side_column = table.header.index(text["null_side"])
        for (cluster, row), shown in zip(clusters.iterrows(), table.rows):
            p, mean, observed = row[f"{measure}_null_p"], row[f"{measure}_null_mean"], row[measure]
            expected = "within" if not p < 0.05 else ("above" if observed > mean else "below")
            assert row[f"{measure}_null_side"] == expected
            assert cell_text(shown[side_column]) == text[f"side_{expected}"]


def test_too_few_null_samples_are_said(full_analysis):
    text = texts("en")
    few = replace(full_analysis, evidence=replace(full_analysis.evidence, settings={
        **full_analysis.evidence.settings, "null_replicates": 20}))
    notes = [b.text for b in blocks_of(few, "en") if isinstance(b, Paragraph)]
    assert text["baselines_too_few"].format(replicates=20, needed=40) in notes
    enough = [b.text for b in blocks_of(full_analysis, "en") if isinstance(b, Paragraph)]
    assert not any("--null-replicates" in note for note in enough)


def test_plan_cells_are_the_plan_results(full_analysis):
    results = full_analysis.plan_tables["plan_results"]
    tables = tables_by_name(blocks_of(full_analysis, "en"))
    for plan in results["plan"].unique():
        table = tables[f"plan_{plan}"]
        column = table.header.index("cross-helix ties in the ecosystem")
        for shown in table.rows:
            cluster_rows = results[(results["plan"] == plan) & (results["outcome"] == "cross_helix_ties")]
            row = cluster_rows[cluster_rows["cluster"].map(
                lambda c: full_analysis.clusters.at[c, "name"]) == shown[0]].iloc[0]
            share = row["share_up"] if row["delta_mean"] >= 0 else row["share_down"]
            assert cell_text(shown[column]).startswith(
                ("+" if round(row["pct_mean"]) > 0 else "−" if round(row["pct_mean"]) < 0 else "") if
                row["pct_mean"] == row["pct_mean"] else "")
            assert shown[column].detail.endswith(f"{round(100 * share)}%")
            named = cell_text(shown[-1])  # the main driver: a parameter of the plan, or none ("–", never "nan")
            assert named == "–" or named in set(full_analysis.plan_tables["assumptions"]["parameter"])


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_theme_verdicts_follow_the_gap_rule(full_analysis, lang):
    text = texts(lang)
    table = tables_by_name(blocks_of(full_analysis, lang))["themes"]
    verdicts = [cell_text(row[-1]) for row in table.rows]
    for (theme, row), verdict in zip(full_analysis.themes.table.iterrows(), verdicts):
        rule = full_analysis.themes.rule
        active = row["projects_recent"] >= rule.min_projects and row["growth"] >= rule.min_growth
        little = row["facilitated_recent"] <= rule.max_facilitated
        expected = ("verdict_gap" if active and little and row["facilitated_recent_high"] <= rule.max_facilitated
                    else "verdict_gap_weak" if active and little else "verdict_inactive" if not active
                    else "verdict_served")
        assert verdict == text[expected]


def test_no_sections_without_their_analyses():
    plain = blocks_of(analyse(TINY), "en")
    names = tables_by_name(plain)
    assert not any(n.startswith(("baseline_", "plan_")) or n == "themes" for n in names)
