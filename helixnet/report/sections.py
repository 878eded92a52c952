"""The report's sections: one function per section, each returning typed blocks.

Every function takes the report's inputs (:class:`ReportData`), the texts of the language
(``text``, from :mod:`helixnet.texts`) and the language, and returns the section's
blocks (:mod:`helixnet.report.document`), starting with its level-2 :class:`Heading`; a
section that has nothing to show returns ``[]``. :data:`SECTIONS` lists them in page order.

How to add a section
--------------------
1. Write ``def my_section(data, text, lang) -> list[Block]`` here (or in its own module):
   a ``Heading(text["my_title"], anchor="my-section", new_page=True)`` and then
   :class:`Paragraph`, :class:`Table` (give it a stable ``name``: its data file is
   ``tables/table_<name>.csv``) and :class:`Figure` blocks (made with :func:`figure`; file
   ``figures/fig_<name>.png``). Read what it shows from ``data`` (the analysis): compute
   nothing here.
2. Put its texts, in both languages, in the catalogue (``helixnet/texts/locale/en/`` and
   ``nl/``; a new part may have a file of its own; the parity test fails until both
   languages have every key).
3. Add the function to :data:`SECTIONS` where it belongs in the page.

Both renderers (:mod:`helixnet.report.html`, :mod:`helixnet.report.pdf`), the contents,
the figure numbers and the data files follow from the blocks: nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from helixnet.report.document import (
    Block,
    Cell,
    Definitions,
    Figure,
    Heading,
    MapLinks,
    Paragraph,
    References,
    Table,
    figure,
    grouped_rows,
    plain_table,
)
from helixnet.report import rows as display
from helixnet.report.baselines_section import baselines_section
from helixnet.report.plans_section import plans_section
from helixnet.report.themes_section import themes_section
from helixnet.report.communities_section import communities_section
from helixnet.report.summary_section import appendix_section, cards_section, rules_section, summary_section
from helixnet.report.trends_section import time_section
from helixnet.report.inputs import ReportData

if TYPE_CHECKING:
    import pandas as pd


# --------------------------------------------------------------------------- sections


def dataset_section(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """Data and provenance: what the data are, where they come from, how the report was made."""
    import pandas as pd

    rows = display.dataset_rows(data, text, lang)
    blocks: list[Block] = [
        Heading(text["provenance"], anchor="dataset"), Paragraph(text["provenance_intro"]),
        plain_table("provenance", text["provenance"], [text["dataset"], text["value"]], [list(r) for r in rows],
                     pd.DataFrame(rows, columns=["item", "value"]), style="summary", numeric_from=2)]
    if data.provenance is not None:
        imports = list(data.provenance.get("imports") or [])
        blocks.append(Heading(text["imports"], level=3))
        if imports:
            header = [text["import_time"], text["import_source"], text["import_file"], text["import_changes"]]
            blocks.append(plain_table("imports", text["imports"], header, [list(r) for r in imports],
                                       pd.DataFrame(imports, columns=["time", "source", "file", "changes"]),
                                       style="compact", numeric_from=len(header)))
        else:
            blocks.append(Paragraph(text["no_imports"], kind="key"))
    if data.data_links:
        blocks.append(Paragraph(text["tables_note"], kind="note"))
    return blocks


def network_section(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """Network summary, helix mixing and synergy, E-I per helix, brokerage in the whole network."""
    blocks: list[Block] = [Heading(text["network"], anchor="network", new_page=True),
                           plain_table("network", text["network"], [text["measure"], text["value"]],
                                        [list(r) for r in display.network_rows(data.network, lang)],
                                        data.network.to_frame(), style="summary")]
    helix_rows = display.helix_network_rows(data.network, lang)
    if helix_rows:
        import pandas as pd

        blocks += [Heading(text["helix_mixing"], level=3),
                   Table("helix_mixing", text["helix_mixing"], (text["measure"], text["value"], text["explanation"]),
                         tuple(helix_rows), pd.DataFrame(helix_rows, columns=["measure", "value", "explanation"]),
                         numeric=(False, True, False), style="explained", show_caption=False)]
    ei_rows = display.ei_rows(data.ei_groups, lang)
    if ei_rows:
        header = [text["helix"], text["ei_nodes"], text["ei_external"], text["ei_internal"], text["ei_value"]]
        blocks += [Heading(text["ei_helix"], level=3), Paragraph(text["ei_helix_intro"]),
                   plain_table("ei_helix", text["ei_helix"], header, ei_rows, data.ei_groups, style="compact")]
    brokerage_rows = display.brokerage_rows(data.brokerage_global, lang)
    if brokerage_rows:
        header = [text["role"], text["observed"], text["expected"], text["sd"], text["z"]]
        blocks += [Heading(text["brokerage_global"], level=3), Paragraph(text["brokerage_global_intro"]),
                   plain_table("brokerage_global", text["brokerage_global"], header, brokerage_rows,
                                data.brokerage_global, style="compact")]
    return blocks


def top_section(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """Who connects the helices? The top organisations by betweenness."""
    from helixnet.viz import style

    orgs = data.organisations
    top = display.top_organisations(orgs, data.top_n)
    header = [text["rank"], text["name"], text["helix"], text["kind"], text["sme"]] + [
        style.metric_label(m, lang) for m in display.TOP_COLUMNS if m in orgs.columns]
    title = text["top"].format(n=min(data.top_n, len(orgs)))
    columns = [c for c in ("name", "helix", "kind", "sme", "is_cluster", *display.TOP_COLUMNS,
                           "cross_helix_betweenness") if c in orgs.columns]
    rows = display.top_rows(top, text, lang)
    # the name is the row's header cell: the rank comes first, so the name column is moved to the front
    table = Table("top_organisations", title, tuple(header), tuple(tuple(r) for r in rows), top[columns],
                  numeric=tuple(i == 0 or i >= 5 for i in range(len(header))), style="", show_caption=False)
    return [Heading(text["who"], anchor="top", new_page=True), Paragraph(text["who_intro"]),
            Heading(title, level=3), Paragraph(text["top_intro"]), table]


def clusters_section(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """Clusters compared: the cluster table, the partner helix mix and three figures."""
    from helixnet.schema import HELICES
    from helixnet.viz import static, style

    blocks: list[Block] = [Heading(text["clusters"], anchor="clusters", new_page=True)]
    if not data.has_clusters:
        return blocks + [Paragraph(text["no_clusters"])]
    clusters, orgs = data.clusters, data.organisations
    n_orgs = style.format_number(len(orgs), lang)
    shown = [c for c in ("name", *display.CLUSTER_COLUMNS) if c in clusters.columns]
    mix = [c for h in HELICES for c in (f"partners_{h}", f"share_{h}") if c in clusters.columns]
    blocks += [Paragraph(text["clusters_intro"].format(n=n_orgs)),
               plain_table("clusters", text["clusters"], display.cluster_header(clusters, text, lang),
                            display.cluster_rows(clusters, orgs, lang), clusters[shown]),
               Heading(text["mix"], level=3), Paragraph(text["mix_intro"]),
               plain_table("partner_mix", text["mix"],
                            [text["cluster"]] + [style.helix_label(h, lang) for h in HELICES],
                            display.mix_rows(clusters, lang), clusters[[c for c in ("name", *mix)
                                                                         if c in clusters.columns]])]
    blocks.append(figure("composition", static.helix_composition(clusters, lang=lang),
                         display.named(static.partner_helix_shares(clusters) * 100.0, clusters),
                         text["alt_composition"], text["fig_composition"], data.dpi))
    compared = [m for m in static.COMPARISON_METRICS if m in clusters.columns]
    if compared:
        caption = text["fig_comparison"].format(metrics=", ".join(style.metric_label(m, lang) for m in compared))
        if "share_sme" in compared:
            caption += text["fig_comparison_sme"]
        blocks.append(figure("comparison", static.cluster_comparison(clusters, orgs, lang=lang),
                             static.cluster_comparison_data(clusters, orgs, compared), text["alt_comparison"],
                             caption, data.dpi))
    percentiles = static.connector_percentiles(clusters)
    if len(percentiles.columns):
        blocks.append(figure("profile", static.cluster_profile_multiples(clusters, lang=lang),
                             display.named(percentiles, clusters), text["alt_profile"],
                             text["fig_profile"].format(n=n_orgs), data.dpi))
    return blocks


def neutral_section(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """How neutral is each cluster's connector role? Profile tables, heatmap, scatter, guides."""
    from helixnet.metrics import catalogue
    from helixnet.viz import static, style

    blocks: list[Block] = [Heading(text["neutral"], anchor="neutral", new_page=True)]
    if not data.has_clusters:
        return blocks + [Paragraph(text["no_clusters"])]
    clusters, orgs = data.clusters, data.organisations
    blocks.append(Paragraph(text["neutral_intro"].format(n=style.format_number(len(orgs), lang))))
    profile_columns = [c for c in catalogue.PROFILE_COLUMNS if c in clusters.columns]
    parts = display.profile_parts(profile_columns)
    if parts:
        blocks += [Heading(text["profile"], level=3), Paragraph(text["profile_key"], kind="key")]
    for part, columns in parts:
        header = [text["cluster"]] + [
            f"{display.measure_label(c, lang)} {display.END_ARROWS[catalogue.measure(c).connector_end]}".strip()
            for c in columns]
        rows = tuple((row["name"], *(Cell(value, f"({pct})" if pct is not None else "", strong)
                                     for value, pct, strong in row["cells"]))
                     for row in display.profile_rows(clusters, columns, lang))
        table_data = clusters[[x for c in columns for x in (c, f"{c}_pct") if x in clusters.columns]]
        blocks.append(Table(f"profile_{part}", text[f"profile_{part}"], tuple(header), rows,
                            display.named(table_data, clusters), numeric=(False,) + (True,) * len(columns),
                            style="profile"))
    roles = [r for r in static.HEATMAP_ROLES if f"brokerage_{r}_z" in clusters.columns]
    if roles:
        blocks.append(figure("brokerage", static.brokerage_heatmap(clusters, roles, lang=lang),
                             display.named(clusters[[f"brokerage_{r}_z" for r in roles]].astype(float), clusters),
                             text["alt_heatmap"], text["fig_heatmap"], data.dpi))
    if {"participation", "top1_share", "is_cluster"} <= set(orgs.columns):
        blocks.append(figure("neutrality", static.neutrality_scatter(orgs, lang=lang),
                             static.neutrality_scatter_data(orgs), text["alt_scatter"], text["fig_scatter"],
                             data.dpi))
    if profile_columns:
        guides = tuple((display.measure_label(c, lang), catalogue.measure(c).guide(lang),
                        display.end_text(catalogue.measure(c).connector_end, text)) for c in profile_columns)
        blocks += [Heading(text["guides"], level=3), Paragraph(text["guides_intro"]), Definitions(guides)]
    return blocks


def scenarios_section(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """What does each scenario do? Assumptions per scenario, matrices and the table of changes."""
    from helixnet.scenarios import labels
    from helixnet.viz import static

    results = data.scenarios
    if results is None:
        return []
    section = display.scenario_section(results, text, lang)
    blocks: list[Block] = [Heading(text["scenarios"], anchor="scenarios", new_page=True),
                           Paragraph(section["intro"], kind="note")]
    for scenario in section["scenarios"]:
        blocks.append(Heading(scenario["title"], level=3, anchor=f"scenario-{scenario['id']}"))
        if scenario["description"]:
            blocks.append(Paragraph(scenario["description"]))
        if not scenario["assumptions"]:
            blocks.append(Paragraph(text["no_assumptions"], kind="key"))
            continue
        header = (text["cluster"], text["parameter"], text["value"], text["rationale"])
        subset = results.assumptions[results.assumptions["scenario"] == scenario["id"]]
        blocks.append(Table(f"assumptions_{scenario['id']}", text["assumptions"], header,
                            tuple((a, Cell(b, strong=False), c, d) for a, b, c, d in scenario["assumptions"]),
                            subset, numeric=(False, False, True, False), style="assumptions"))
    if section["outcomes"]:
        blocks.append(Heading(text["scenario_results"], level=3))
        for outcome in section["outcomes"]:
            label = labels.outcome_label(outcome, lang)
            blocks.append(figure(f"scenario_{outcome}", static.scenario_matrix(results, outcome, lang=lang),
                                 static.scenario_matrix_data(results, outcome),
                                 text["alt_scenario"].format(outcome=label),
                                 text["fig_scenario"].format(outcome=display.capital(label),
                                                             better=labels.better_text(outcome, lang)), data.dpi))
        groups = [(g["heading"], [[r["name"], *(Cell(mean, interval) for mean, interval in r["cells"])]
                                  for r in g["rows"]]) for g in section["groups"]]
        blocks += [Paragraph(text["scenario_table_intro"]),
                   Table("scenario_outcomes", text["scenario_results"], tuple(section["header"]), grouped_rows(groups),
                         results.outcomes, numeric=(False,) + (True,) * (len(section["header"]) - 1),
                         style="scenario-table", show_caption=False),
                   Heading(text["outcomes"], level=3),
                   Definitions(tuple((label, guide, f"{better}.") for label, guide, better in section["guides"]))]
    return blocks


def synergy_section(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """Helix synergy per cluster portfolio and period."""
    groups = display.synergy_groups(data.synergy, data.clusters, data.organisations, text, lang)
    if not groups:
        return []
    header = (text["synergy_set"], text["projects"], f"T_UIG ({text['bits']})", f"T_UIGC ({text['bits']})")
    return [Heading(text["synergy"], anchor="synergy", new_page=True), Paragraph(text["synergy_intro"]),
            Table("synergy", text["synergy"], header, grouped_rows(groups), data.synergy,
                  numeric=(False, True, True, True), style="synergy", show_caption=False)]


def degree_section(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """The degree distribution, for all organisations and per helix."""
    from helixnet.viz import static

    blocks: list[Block] = [Heading(text["degree_section"], anchor="degree")]
    if "degree" in data.organisations.columns:
        blocks.append(figure("degree", static.degree_distribution(data.organisations, lang=lang),
                             static.degree_distribution_data(data.organisations), text["alt_degree"],
                             text["fig_degree"], data.dpi))
    return blocks


def maps_section(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """Links to the interactive maps written beside the report."""
    from helixnet.viz import style

    if not data.maps:
        return []
    depth = int(data.maps.get("depth", 1))
    reach = text["maps_depth_one"] if depth == 1 else text["maps_depth_more"].format(depth=depth)
    intro = text["maps_intro"].format(reach=reach, max_nodes=style.format_number(data.maps.get("max_nodes"), lang))
    return [Heading(text["maps"], anchor="maps"), Paragraph(intro),
            MapLinks(tuple(tuple(link) for link in data.maps.get("links") or ()))]


def measures_section(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """About the measures: definitions and references."""
    from helixnet.texts import catalogue

    measures = tuple((display.measure_label(key, lang), definition, "")
                     for key, definition in catalogue(lang)["measures"].items())
    return [Heading(text["measures"], anchor="measures", new_page=True), Definitions(measures, style="measures"),
            References(tuple(display.REFERENCES))]


#: The sections in page order.
SECTIONS: tuple[Callable[[ReportData, dict[str, str], str], list[Block]], ...] = (
    summary_section, cards_section, top_section, clusters_section, neutral_section, baselines_section,
    plans_section, scenarios_section, themes_section, communities_section, time_section, synergy_section,
    degree_section, maps_section,
    # the appendix: provenance and method
    appendix_section, dataset_section, network_section, measures_section, rules_section,
)


def document_blocks(data: ReportData, text: dict[str, str], lang: str) -> list[Block]:
    """The blocks of every section of :data:`SECTIONS`, in page order."""
    return [block for section in SECTIONS for block in section(data, text, lang)]
