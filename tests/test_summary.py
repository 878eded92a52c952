"""The conclusions-first summary and cluster cards (helixnet.findings, helixnet.report.summary_section).

On the embedded data, every sentence of every card is checked against the rule recomputed
here from the numbers of the cluster table, the per-period series and the plan results
(independently of :data:`helixnet.findings.RULES`), in both languages; perturbing a
statistic changes the word; the summary renders in HTML and PDF; and it says what is
missing without baselines, plans or clusters.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from helixnet.findings import MAIN_OUTCOMES, RULES, cluster_findings
from helixnet.report import summary_section as summary
from helixnet.texts import catalogue
from tests.helpers import REPO, TINY

LANGS = ("en", "nl")
CARD_RULES = tuple(r.id for r in RULES if r.id != "plan")
CLUSTERS = tuple(pd.read_csv(REPO / "data" / "nodes" / "organisations.csv").query("kind == 'cluster'")["id"])


@pytest.fixture(scope="module")
def analysis():
    from helixnet.analysis import EvidenceRequest, PlanRequest, analyse

    return analyse(REPO / "data", periods=True, seed=0, evidence=EvidenceRequest(40),
                   plans=PlanRequest(n_draws=10, processes=1))


@pytest.fixture(scope="module")
def findings(analysis):
    from helixnet.findings import findings_of

    return findings_of(analysis)


# ----------------------------------------------------------------- the rules, recomputed here


def expected_word(rule_id: str, row: pd.Series, periods: pd.DataFrame) -> str:
    """The word of ``rule_id`` recomputed from the cluster-table row and the periods."""
    if rule_id == "mix":
        top = max(row[f"share_{h}"] for h in ("bedrijf", "kennisinstelling", "overheid", "burger", "intermediair"))
        return "dominated" if top >= 0.6 else "led" if top >= 0.4 else "balanced"
    if rule_id in ("brokerage", "bridging"):
        measure = {"brokerage": "brokerage_t", "bridging": "cross_helix_betweenness"}[rule_id]
        side, robust = row[f"{measure}_null_side"], bool(row[f"{measure}_robust"])
        if 2 / (row["null_replicates"] + 1) >= 0.05:
            return "too_few"
        if side in ("above", "below"):
            return ({"above": "stands_out", "below": "below"}[side]) if robust else "not_robust"
        return "indistinguishable"
    if rule_id == "change":
        own = periods[periods["cluster"] == row.name]
        active = own[own["founded"].notna() & (own["end_year"] >= own["founded"]) & own["complete"]]
        existed = active["end_year"] - active[["start_year", "founded"]].max(axis=1) + 1
        rate = active["projects_facilitated"] / existed  # per year the cluster existed, from the raw counts
        first, last = rate.iloc[0], rate.iloc[-1]
        if first == 0 and last == 0:
            return "no_facilitation"
        if len(active) <= 1:
            return "single"
        ratio = last / first if first else np.inf
        return "grew" if ratio >= 1.25 else "shrank" if ratio <= 0.8 else "stable"
    measure = {"mix_peers": "participation", "brokerage_peers": "brokerage_t",
               "bridging_peers": "cross_helix_betweenness", "concentration": "top1_share"}[rule_id]
    pct = row[f"{measure}_pct_degree_band"]
    return "high" if pct >= 75 else "low" if pct <= 25 else "typical"


def expected_plan_word(row: pd.Series) -> str:
    if row["share_up"] == 0 and row["share_down"] == 0:
        return "unchanged"
    share = row["share_up"] if row["delta_mean"] > 0 else row["share_down"]
    if row["delta_mean"] > 0:
        return "rises" if share >= 0.95 else "tends_up"
    if row["delta_mean"] < 0:
        return "falls" if share >= 0.95 else "tends_down"
    return "mixed"


def template_key(rule_id: str, word: str) -> str:
    if rule_id in ("brokerage", "bridging"):
        return f"null_{word}"
    if rule_id in ("brokerage_peers", "bridging_peers"):
        return f"peers_{word}"
    return f"{rule_id}_{word}"


def fixed_text(template: str) -> str:
    """The longest literal part of a sentence template (between its {fields})."""
    return max(re.split(r"\{[^}]*\}", template), key=len).strip(" .,:;()")


def rule_words(rule_id: str) -> list[str]:
    return [w.key for w in next(r for r in RULES if r.id == rule_id).words]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rule_id", CARD_RULES)
@pytest.mark.parametrize("cluster", CLUSTERS)
def test_every_card_sentence_follows_from_the_numbers(analysis, findings, cluster, rule_id, lang):
    row = analysis.clusters.loc[cluster]
    word = expected_word(rule_id, row, analysis.periods.clusters)
    (finding,) = findings.of(cluster, rule_id)
    assert finding.word == word
    sentences = dict((f.rule, s) for f, s in summary.card_sentences(findings, cluster, lang))
    templates = catalogue(lang)["summary_sentences"]
    text = sentences[rule_id]
    assert fixed_text(templates[template_key(rule_id, word)]) in text
    for other in rule_words(rule_id):  # and no other word's sentence
        key = template_key(rule_id, other)
        if other != word and key in templates and fixed_text(templates[key]) != fixed_text(templates[template_key(rule_id, word)]):
            assert fixed_text(templates[key]) not in text, (other, text)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("cluster", CLUSTERS)
def test_every_plan_cell_of_a_card_follows_from_the_draws(analysis, findings, cluster, lang):
    results = analysis.plan_tables["plan_results"]
    words = catalogue(lang)["summary_words"]
    checked = 0
    for plan in findings.plans:
        for outcome in MAIN_OUTCOMES:
            row = results[(results["plan"] == plan) & (results["cluster"] == cluster)
                          & (results["outcome"] == outcome)].iloc[0]
            word = expected_plan_word(row)
            cell = summary.plan_cell(findings.plan_finding(cluster, plan, outcome), lang)
            assert cell.text.startswith(words[f"plan_{word}"] + " "), (plan, outcome, cell)
            if word != "unchanged":
                share = max(row["share_up"], row["share_down"]) if word != "mixed" else None
                assert f"{round(100 * share)}" in cell.detail
            checked += 1
    assert checked == len(findings.plans) * len(MAIN_OUTCOMES) > 0


def test_perturbing_a_statistic_changes_the_word(analysis):
    clusters = analysis.clusters.copy()
    cluster = CLUSTERS[0]
    base = cluster_findings(clusters).of(cluster, "brokerage")[0].word
    clusters.loc[cluster, "brokerage_t_null_side"] = "above"
    clusters.loc[cluster, "brokerage_t_robust"] = True
    found = cluster_findings(clusters)
    assert found.of(cluster, "brokerage")[0].word == "stands_out" != base
    (sentence,) = [s for f, s in summary.card_sentences(found, cluster, "en") if f.rule == "brokerage"]
    assert "stands out" in sentence
    clusters.loc[cluster, "brokerage_t_robust"] = False  # above, but not under every weighting: not "stands out"
    (sentence,) = [s for f, s in summary.card_sentences(cluster_findings(clusters), cluster, "nl")
                   if f.rule == "brokerage"]
    assert "valt op" not in sentence and "niet onder elke weging" in sentence
    clusters["null_replicates"] = 20  # too few for p < 0.05: no side can be called
    assert cluster_findings(clusters).of(cluster, "brokerage")[0].word == "too_few"
    clusters.loc[cluster, "top1_share_pct_degree_band"] = 10.0
    assert cluster_findings(clusters).of(cluster, "concentration")[0].word == "low"
    clusters.loc[cluster, "top1_share_pct_degree_band"] = 75.0  # the threshold itself is "high"
    assert cluster_findings(clusters).of(cluster, "concentration")[0].word == "high"


def test_a_plan_word_needs_95_percent_of_draws():
    results = pd.DataFrame({"plan": "p", "cluster": "c", "scenario": "commercial", "outcome": list(MAIN_OUTCOMES),
                            "delta_mean": [-3.0, -3.0, 0.0], "share_up": [0.0, 0.06, 0.0],
                            "share_down": [0.95, 0.94, 0.0], "n_draws": 100,
                            "pct_mean": np.nan, "pct_low": np.nan, "pct_high": np.nan,
                            "delta_low": -5.0, "delta_high": 0.0})
    clusters = pd.DataFrame({"name": ["C"]}, index=pd.Index(["c"], name="id"))
    words = [f.word for f in cluster_findings(clusters, plan_results=results).of("c", "plan")]
    assert words == ["falls", "tends_down", "unchanged"]


def test_rules_table_lists_every_word_of_every_rule_with_its_thresholds():
    for lang in LANGS:
        rows = summary.rule_rows(lang)
        assert len(rows) == sum(len(r.words) for r in RULES)
        labels = catalogue(lang)["summary_rules"]
        for r in RULES:
            assert sum(row[0] == labels[r.id] for row in rows) == len(r.words)
        when = " ".join(row[2] for row in rows)
        assert "≥ 75" in when and "≤ 25" in when and ("≥ 0.6" in when or "≥ 0,6" in when)


# ----------------------------------------------------------------- rendering


def _document(analysis, findings, lang):
    from helixnet.report.document import Document
    from helixnet.report.inputs import ReportData
    from helixnet.texts import texts

    data = ReportData(meta={"period": analysis.period}, network=analysis.network, clusters=analysis.clusters,
                      organisations=analysis.organisations, parameters=[], findings=findings,
                      plan_titles={p.id: getattr(p, f"title_{lang}") for p in analysis.plans.context.plans})
    text = texts(lang)
    blocks = [*summary.summary_section(data, text, lang), *summary.cards_section(data, text, lang),
              *summary.rules_section(data, text, lang)]
    return Document(title="t", subtitle="s", lang=lang, banner="", blocks=blocks, text=text)


@pytest.mark.parametrize("lang", LANGS)
def test_summary_and_cards_render_in_html_and_pdf(analysis, findings, lang, tmp_path):
    import html as html_module

    from helixnet.report.html import render_html
    from helixnet.report.pdf import report_pdf

    document = _document(analysis, findings, lang)
    page = html_module.unescape(render_html(document))
    for _, sentence in summary.card_sentences(findings, CLUSTERS[-1], lang):
        assert sentence in page
    assert catalogue(lang)["summary"]["matrix"] in page
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(report_pdf(document))
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    mix_sentence = summary.card_sentences(findings, CLUSTERS[-1], lang)[0][1]
    assert " ".join(mix_sentence.split()) in flat
    assert catalogue(lang)["summary"]["rules"] in flat


def test_summary_says_what_is_missing_without_baselines_plans_or_clusters():
    from helixnet.analysis import analyse
    from helixnet.findings import findings_of
    from helixnet.report.inputs import ReportData
    from helixnet.texts import texts

    tiny = analyse(TINY, seed=0)  # no baselines, no periods, no plans
    found = findings_of(tiny)
    assert found.clusters and not found.evidence and not found.plans
    assert {f.word for f in found.items if f.rule in ("brokerage", "bridging", "mix_peers", "concentration")} \
        == {"untested"}
    data = ReportData(meta={}, network=tiny.network, clusters=tiny.clusters, organisations=tiny.organisations,
                      parameters=[], findings=found)
    for lang in LANGS:
        words = catalogue(lang)["summary"]
        paragraphs = [b.text for b in summary.summary_section(data, texts(lang), lang) if hasattr(b, "kind")]
        assert any(words["no_evidence"] in p and words["no_plans"] in p for p in paragraphs)
        cards = [b.text for b in summary.cards_section(data, texts(lang), lang) if hasattr(b, "kind")]
        assert words["card_no_plans"] in cards
    no_clusters = replace(found, clusters=(), items=())
    data = replace(data, findings=no_clusters)
    blocks = summary.summary_section(data, texts("en"), "en")
    assert [b.text for b in blocks[1:]] == [catalogue("en")["summary"]["no_clusters"]]
    assert summary.cards_section(data, texts("en"), "en") == []
