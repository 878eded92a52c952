"""The report's conclusions first: the summary, the cluster cards and the rules behind their words.

Renders the :class:`helixnet.findings.Findings` of the analysis (filled in by
:func:`helixnet.report.assemble.report_for`) through the ``summary*`` namespaces of the
catalogue: every sentence is the template of its rule and chosen word, filled with the
statistics the word was chosen from. :func:`rules_section` lists the rules from
:data:`helixnet.findings.RULES` itself. Computes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helixnet.report.document import Block, Cell, Heading, Paragraph, Table, plain_table

if TYPE_CHECKING:
    from helixnet.findings import Finding, Findings
    from helixnet.report.inputs import ReportData

#: Rules whose word goes into the overview table, and the statistic shown with it.
OVERVIEW_RULES = ("mix", "brokerage", "bridging", "concentration", "change")
#: The card's paragraphs, by rule: whom it connects; brokerage and bridging; its ties and their change.
CARD_PARAGRAPHS = (("mix", "mix_peers"), ("brokerage", "brokerage_peers", "bridging", "bridging_peers"),
                   ("concentration", "change"))
#: Arrows of the plan words in the evidence matrix (bracketed: fewer than the clear share agree).
ARROWS = {"rises": "↑", "falls": "↓", "unchanged": "=", "tends_up": "(↑)", "tends_down": "(↓)", "mixed": "?",
          "undefined": "–"}


def _catalogue(lang: str) -> dict[str, Any]:
    from helixnet.texts import catalogue

    return catalogue(lang)


def _num(value: Any, lang: str, digits: int = 3) -> str:
    from helixnet.viz import style

    return style.format_number(value, lang, digits=digits)


def _pct(value: Any) -> str:
    return "–" if value is None else f"{round(float(value)):d}"


def _share(value: Any, lang: str) -> str:
    from helixnet.viz import style

    return style.format_percent(value, lang)


def _signed(value: Any, lang: str) -> str:
    """A signed number: whole above 10, one decimal below (so a change of 0.3% does not read as 0)."""
    if value is None or value != value:
        return "–"
    digits = 0 if abs(value) >= 9.95 else 1
    rounded = round(float(value), digits)
    if rounded == 0:
        return "0"
    text = f"{abs(rounded):.{digits}f}"
    text = text.replace(".", ",") if lang == "nl" else text
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + text


def word_label(finding: "Finding", lang: str) -> str:
    """The short word of ``finding`` (as in the overview table and the rules table)."""
    return _catalogue(lang)["summary_words"][word_key(finding.rule, finding.word)]


def word_key(rule_id: str, word: str) -> str:
    """The catalogue key (``summary_words``) of ``word`` of rule ``rule_id``."""
    if rule_id in ("mix", "mix_peers", "concentration", "change", "plan"):
        if rule_id in ("mix_peers", "concentration") and word == "untested":
            return "untested"
        return f"{rule_id}_{word}"
    return word


def sentence(finding: "Finding", names: dict[str, str], lang: str) -> str:
    """The card sentence of a (non-plan) ``finding``."""
    cat = _catalogue(lang)
    say, stats = cat["summary_sentences"], finding.statistics
    name = names.get(finding.cluster, finding.cluster)
    rule_id, word = finding.rule, finding.word
    if rule_id == "mix":
        helices = cat["summary_helices"]
        shares = sorted(stats.get("shares", {}).items(), key=lambda kv: -kv[1])
        parts = [f"{_share(s, lang)} {helices.get(h, h)}" for h, s in shares if s >= 0.005]
        return say[f"mix_{word}"].format(name=name, helix=helices.get(stats.get("top_helix"), "–"),
                                          share=_share(stats.get("top_helix_share"), lang),
                                          partners=_num(stats.get("partners"), lang), rest=", ".join(parts[1:]),
                                          all=", ".join(parts))
    if rule_id in ("brokerage", "bridging"):
        side = cat["summary_statistics"].get(f"value_{stats.get('null_side')}", "")
        measure = say[f"measure_{rule_id}"].format(value=_num(stats.get("value"), lang))
        return say[f"null_{word}"].format(measure=measure, z=_num(stats.get("null_z"), lang, 2),
                                           p=_num(stats.get("null_p"), lang, 2), side=side,
                                           min_p=_num(stats.get("min_p"), lang, 2))
    fields = dict(name=name, value=_num(stats.get("value"), lang), pct=_pct(stats.get("pct_degree_band")),
                  peers=_num(stats.get("peers"), lang))
    if rule_id in ("brokerage_peers", "bridging_peers"):
        return say[f"peers_{word}"].format(short=say[f"short_{rule_id.split('_')[0]}"], **fields)
    if rule_id == "concentration":
        return say[f"concentration_{word}"].format(top1=_share(stats.get("value"), lang),
                                                    hhi=_num(stats.get("herfindahl"), lang, 2), **fields)
    if rule_id == "change":
        return say[f"change_{word}"].format(name=name, first=_num(stats.get("first_rate"), lang, 2),
                                             last=_num(stats.get("last_rate"), lang, 2),
                                             first_period=stats.get("first_period", ""),
                                             last_period=stats.get("last_period", ""))
    return say[f"{rule_id}_{word}"].format(**fields)


def plan_counts_sentence(findings: "Findings", cluster: str, lang: str) -> str:
    """One sentence: per main outcome, under how many plans each plan word was chosen."""
    from helixnet.findings import MAIN_OUTCOMES
    from helixnet.scenarios.measures import OUTCOME_LABELS

    say = _catalogue(lang)["summary_sentences"]
    counts = []
    for outcome in MAIN_OUTCOMES:
        words: dict[str, int] = {}
        for f in findings.of(cluster, "plan"):
            if f.outcome == outcome:
                words[f.word] = words.get(f.word, 0) + 1
        if words:
            listed = ", ".join(say["plans_count_word"].format(word=word_label_of("plan", w, lang), n=n)
                               for w, n in words.items())
            counts.append(say["plans_count"].format(outcome=OUTCOME_LABELS[lang][outcome], words=listed))
    return say["plans_line"].format(plans=len(findings.plans), counts="; ".join(counts))


def word_label_of(rule_id: str, word: str, lang: str) -> str:
    return _catalogue(lang)["summary_words"][word_key(rule_id, word)]


def card_sentences(findings: "Findings", cluster: str, lang: str) -> list[tuple["Finding", str]]:
    """The card paragraph of ``cluster``: every non-plan finding with its sentence."""
    return [(f, sentence(f, findings.names, lang)) for f in findings.of(cluster) if f.rule != "plan"]


def plan_cell(finding: "Finding | None", lang: str) -> Cell:
    """A card table cell: the word and the change with its 90% interval; the share of draws as detail."""
    if finding is None:
        return Cell("–")
    s = finding.statistics
    if s.get("pct_mean") is not None:
        change = f"{_signed(s['pct_mean'], lang)}% [{_signed(s['pct_low'], lang)}, {_signed(s['pct_high'], lang)}]"
    elif s.get("delta_mean") is not None:
        change = f"{_signed(s['delta_mean'], lang)} [{_signed(s['delta_low'], lang)}, {_signed(s['delta_high'], lang)}]"
    else:
        change = ""
    share = _catalogue(lang)["summary"]["of_draws"].format(share=_share(s.get("holds"), lang))
    return Cell(f"{word_label(finding, lang)} {change}".strip(), share if finding.word != "unchanged" else "")


def matrix_cell(findings: "Findings", cluster: str, plan: str, lang: str) -> Cell:
    """An evidence-matrix cell: the arrows of the main outcomes, the shares of draws as detail."""
    from helixnet.findings import MAIN_OUTCOMES

    found = [findings.plan_finding(cluster, plan, o) for o in MAIN_OUTCOMES]
    arrows = " ".join(ARROWS[f.word] if f is not None else "–" for f in found)
    shares = " · ".join(f"{round(100 * f.statistics['holds']):d}" if f is not None and f.word not in
                        ("unchanged", "undefined") else "–" for f in found)
    return Cell(arrows, shares)


# --------------------------------------------------------------------------- sections


def summary_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """The one-page summary: what is missing, key points per question, the overview table
    and the cluster x plan evidence matrix."""
    import pandas as pd

    from helixnet.findings import CLEAR_SHARE, MAIN_OUTCOMES
    from helixnet.scenarios.measures import OUTCOME_LABELS

    cat = _catalogue(lang)
    words = cat["summary"]
    findings: "Findings | None" = data.findings
    if findings is None:  # not given (a report built from tables alone): no summary
        return []
    blocks: list[Block] = [Heading(words["title"], anchor="summary")]
    if not findings.clusters:
        return blocks + [Paragraph(words["no_clusters"], kind="note")]
    n_projects = data.network.get("projects", None) if data.network is not None else None
    blocks.append(Paragraph(words["intro"].format(
        clusters=len(findings.clusters), orgs=_num(len(data.organisations), lang),
        projects=_num(n_projects, lang), period=data.meta.get("period", "–"), rules=words["rules"])))
    missing = [words[key] for key, present in (("no_evidence", findings.evidence), ("no_periods", findings.periods),
                                               ("no_plans", bool(findings.plans))) if not present]
    if missing:
        blocks.append(Paragraph(" ".join(missing), kind="note"))
    blocks.append(Heading(words["key_points"], level=3))
    say = cat["summary_sentences"]
    for rule_id in OVERVIEW_RULES:
        groups: dict[str, list[str]] = {}
        for cluster in findings.clusters:
            for f in findings.of(cluster, rule_id):
                groups.setdefault(word_label(f, lang), []).append(findings.names.get(cluster, cluster))
        listed = "; ".join(say["key_group"].format(word=w, names=", ".join(n)) for w, n in groups.items())
        blocks.append(Paragraph(say[f"key_{rule_id}"].format(groups=listed)))
    blocks += [Heading(words["overview"], level=3), Paragraph(words["overview_caption"], kind="key")]
    header = [words["cluster"], *(cat["summary_rules"][r] for r in OVERVIEW_RULES)]
    rows, records = [], []
    for cluster in findings.clusters:
        by_rule = {f.rule: f for f in findings.of(cluster) if f.rule in OVERVIEW_RULES}
        rows.append([findings.names.get(cluster, cluster), *(_overview_cell(by_rule.get(r), lang) for r in OVERVIEW_RULES)])
        records.append({"cluster": cluster, "name": findings.names.get(cluster, cluster),
                        **{r: by_rule[r].word for r in OVERVIEW_RULES if r in by_rule}})
    blocks.append(Table("summary_overview", words["overview_caption"], tuple(header), tuple(map(tuple, rows)),
                        pd.DataFrame(records), numeric=(False,) * len(header), style="compact", show_caption=False))
    if findings.plans:
        titles = data.plan_titles or {}
        outcomes = ", ".join(OUTCOME_LABELS[lang][o] for o in MAIN_OUTCOMES)
        blocks += [Heading(words["matrix"], anchor="evidence-matrix", new_page=True),
                   Paragraph(words["matrix_intro"].format(outcomes=outcomes, clear=_share(CLEAR_SHARE, lang)))]
        header = [words["cluster"], *(titles.get(p, p) for p in findings.plans)]
        matrix = [[findings.names.get(c, c), *(matrix_cell(findings, c, p, lang) for p in findings.plans)]
                  for c in findings.clusters]
        table_data = pd.DataFrame([{"cluster": f.cluster, "plan": f.plan, "outcome": f.outcome, "word": f.word,
                                    "share_of_draws": f.statistics.get("holds")}
                                   for f in findings.items if f.rule == "plan"])
        blocks.append(Table("evidence_matrix", words["matrix_caption"], tuple(header), tuple(map(tuple, matrix)),
                            table_data, numeric=(False,) + (True,) * len(findings.plans), style="compact",
                            show_caption=False))
    return blocks


def _overview_cell(finding: "Finding | None", lang: str) -> Cell:
    if finding is None:
        return Cell("–")
    s = finding.statistics
    if finding.rule == "mix":
        helix = _catalogue(lang)["summary_helices"].get(s.get("top_helix"), "–")
        return Cell(word_label(finding, lang), f"{_share(s.get('top_helix_share'), lang)} {helix}")
    if finding.rule in ("brokerage", "bridging"):
        return Cell(word_label(finding, lang), f"z {_num(s.get('null_z'), lang, 2)}",
                    strong=finding.word in ("stands_out", "below"))
    if finding.rule == "concentration":
        return Cell(word_label(finding, lang), f"P{_pct(s.get('pct_degree_band'))}")
    if finding.rule == "change" and s.get("first_rate") is not None:
        return Cell(word_label(finding, lang), f"{_num(s['first_rate'], lang, 2)} → {_num(s['last_rate'], lang, 2)}")
    return Cell(word_label(finding, lang))


def cards_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """One card per cluster: a paragraph of sentences by rule and a small table of the plans."""
    import pandas as pd

    from helixnet.findings import MAIN_OUTCOMES
    from helixnet.io.paths import unique_safe_names
    from helixnet.scenarios.measures import OUTCOME_LABELS

    findings: "Findings | None" = data.findings
    if findings is None or not findings.clusters:
        return []
    cat = _catalogue(lang)
    words = cat["summary"]
    blocks: list[Block] = [Heading(words["cards"], anchor="cards", new_page=True), Paragraph(words["cards_intro"])]
    titles = data.plan_titles or {}
    scenario_words = text
    # file names and anchors from the ids, made safe (an id is data: '..', '<', '/' must not steer a write)
    stems = dict(zip(findings.clusters, unique_safe_names([f"card_{c}" for c in findings.clusters], "card")))
    for cluster in findings.clusters:
        name = findings.names.get(cluster, cluster)
        blocks.append(Heading(name, level=3, anchor=stems[cluster].replace("_", "-", 1)))
        sentences = card_sentences(findings, cluster, lang)
        for part in CARD_PARAGRAPHS:  # three short paragraphs: whom, brokerage and bridging, ties and change
            blocks.append(Paragraph(" ".join(s for f, s in sentences if f.rule in part)))
        if not findings.plans:
            blocks.append(Paragraph(words["card_no_plans"], kind="key"))
            continue
        blocks.append(Paragraph(plan_counts_sentence(findings, cluster, lang)))
        header = (words["plan"], words["scenario"], *(OUTCOME_LABELS[lang][o] for o in MAIN_OUTCOMES))
        rows, records = [], []
        for plan in findings.plans:
            scenario = findings.scenarios.get((plan, cluster), "")
            rows.append((titles.get(plan, plan), scenario_words.get(f"scenario_{scenario}", scenario),
                         *(plan_cell(findings.plan_finding(cluster, plan, o), lang) for o in MAIN_OUTCOMES)))
            records += [{"plan": plan, "scenario": scenario, "outcome": o, "word": f.word,
                         **{k: f.statistics.get(k) for k in ("pct_mean", "pct_low", "pct_high", "holds")}}
                        for o in MAIN_OUTCOMES if (f := findings.plan_finding(cluster, plan, o)) is not None]
        draws = max((f.statistics.get("n_draws", 0) for f in findings.of(cluster, "plan")), default=0)
        blocks += [Paragraph(words["card_plans_intro"].format(name=name, draws=_num(draws, lang)), kind="key"),
                   Table(stems[cluster], words["card_table"].format(name=name), header, tuple(rows),
                         pd.DataFrame(records), numeric=(False, False, True, True, True), style="scenario-table",
                         show_caption=False)]
    return blocks


def rule_rows(lang: str) -> list[list[str]]:
    """The rules table: rule, word, the conditions that choose it — from :data:`helixnet.findings.RULES`."""
    from helixnet.findings import RULES

    cat = _catalogue(lang)
    words, labels = cat["summary"], cat["summary_statistics"]
    rows = []
    for rule in RULES:
        for word in rule.words:
            when = f" {words['and']} ".join(_condition_text(c, labels, words, lang) for c in word.conditions)
            rows.append([cat["summary_rules"][rule.id], word_label_of(rule.id, word.key, lang), when or words["otherwise"]])
    return rows


def _condition_text(condition: Any, labels: dict[str, str], words: dict[str, str], lang: str) -> str:
    label = labels.get(condition.statistic, condition.statistic)
    if condition.op == "missing":
        return f"{label} {words['missing']}"
    value = condition.value
    if isinstance(value, bool):
        shown = words["yes"] if value else words["no"]
    elif isinstance(value, str):
        shown = labels.get(f"value_{value}", value)
    elif isinstance(value, tuple):
        shown = "{" + ", ".join(labels.get(f"value_{v}", str(v)) for v in value) + "}"
    else:
        shown = _num(value, lang)
    op = {"==": "=", ">=": "≥", "<=": "≤", "in": "∈"}.get(condition.op, condition.op)
    return f"{label} {op} {shown}"


def rules_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """The rules behind the summary's words (appendix)."""
    import pandas as pd

    if data.findings is None:
        return []
    words = _catalogue(lang)["summary"]
    rows = rule_rows(lang)
    return [Heading(words["rules"], anchor="rules", new_page=True), Paragraph(words["rules_intro"]),
            plain_table("summary_rules", words["rules_caption"], [words["rule"], words["word"], words["when"]], rows,
                        pd.DataFrame(rows, columns=["rule", "word", "when"]), style="compact", numeric_from=3)]


def appendix_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """The appendix's opening: what follows (provenance, network, measures, rules)."""
    words = _catalogue(lang)["summary"]
    return [Heading(words["appendix"], anchor="appendix", new_page=True), Paragraph(words["appendix_intro"])]
