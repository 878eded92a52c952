"""The report's rows as displayed: numbers formatted for the language, names, percentiles.

The sections (:mod:`helixnet.report.sections`) take their table rows and texts from these
functions; they format what the analysis computed and compute nothing themselves.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from helixnet.metrics import catalogue as measures_catalogue
from helixnet.texts import catalogue, kind_label
from helixnet.schema import HELICES
from helixnet.viz import style

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.report.inputs import ReportData

#: How many organisations the "top organisations" table lists.
TOP_N = 15

REFERENCES: tuple[str, ...] = (
    "Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures. Connections 20(1), 35-38.",
    "Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of Mathematical Sociology 25(2), "
    "163-177.",
    "Brandes, U. (2008). On variants of shortest-path betweenness centrality and their generic computation. "
    "Social Networks 30(2), 136-145.",
    "Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. Harvard University Press.",
    "Butts, C. T. (2023). sna: Tools for Social Network Analysis. R package version 2.7, function brokerage.",
    "Freeman, L. C. (1977). A set of measures of centrality based on betweenness. Sociometry 40(1), 35-41.",
    "Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to brokerage in "
    "transaction networks. Sociological Methodology 19, 89-126.",
    "Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex metabolic networks. Nature 433, "
    "895-900.",
    "Hirschman, A. O. (1964). The paternity of an index. American Economic Review 54(5), 761.",
    "Hwang, W., Cho, Y., Zhang, A. & Ramanathan, M. (2006). Bridging centrality: identifying bridging nodes in "
    "scale-free networks. Technical report 2006-05, Department of Computer Science and Engineering, University at "
    "Buffalo.",
    "Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises: an experimental "
    "simulation. Social Psychology Quarterly 51(2), 123-140.",
    "Leydesdorff, L. (2003). The mutual information of university-industry-government relations: an indicator of "
    "the Triple Helix dynamics. Scientometrics 58(2), 445-467.",
    "Leydesdorff, L. & Ivanova, I. A. (2014). Mutual redundancies in interhuman communication systems: steps "
    "toward a calculus of processing meaning. Journal of the Association for Information Science and Technology "
    "65. arXiv:1301.6849.",
    "Leydesdorff, L., Park, H. W. & Lengyel, B. (2014). A routine for measuring synergy in "
    "university-industry-government relations: mutual information as a Triple-Helix and Quadruple-Helix "
    "indicator. Scientometrics 99, 27-35.",
    "Newman, M. E. J. (2006). Modularity and community structure in networks. PNAS 103(23), 8577-8582.",
    "Okabe, M. & Ito, K. (2008). Color Universal Design: colour-blind-safe palette used for the helices.",
    "Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to Leiden: guaranteeing well-connected "
    "communities. Scientific Reports 9, 5233.",
)

#: Columns of the cluster comparison table, in order (those present are shown).
CLUSTER_COLUMNS: tuple[str, ...] = (
    "members", "projects_facilitated", "degree", "strength", "betweenness", "constraint", "effective_size",
    "share_sme",
)

#: Measure columns of the top-organisations table (those present are shown).
TOP_COLUMNS: tuple[str, ...] = ("degree", "betweenness", "constraint")


#: The connector profile is shown as two tables (one row per cluster each, so that both fit
#: the page): the measures of central position, then every other profile measure.
PROFILE_POSITION: tuple[str, ...] = (
    "degree", "betweenness", "cross_helix_betweenness", "sme_knowledge_betweenness", "constraint", "effective_size",
)


def profile_parts(columns: list[str]) -> list[tuple[str, list[str]]]:
    """``columns`` (catalogue order) split into ("position", ...) and ("neutrality", ...); empty parts left out."""
    parts = [("position", [c for c in columns if c in PROFILE_POSITION]),
             ("neutrality", [c for c in columns if c not in PROFILE_POSITION])]
    return [(part, cols) for part, cols in parts if cols]


#: Header mark of a profile measure by the end that speaks for a connector.
END_ARROWS = {"high": "↑", "low": "↓", "": ""}

#: A cluster's percentile is emphasised when it is this far towards the connector end.
CONNECTOR_DECILE = 90.0


def measure_label(key: str, lang: str) -> str:
    """Display label of a measure: the report's own labels, then the catalogue's, then the style's."""
    labels = catalogue(lang)["measure_labels"]
    if key in labels:
        return labels[key]
    if key in measures_catalogue.BY_COLUMN:
        return measures_catalogue.measure(key).label(lang)
    return style.metric_label(key, lang)


def end_text(end: str, text: dict[str, str]) -> str:
    return {"high": text["end_high"], "low": text["end_low"]}.get(end, "")


def _percentile(value: object) -> str:
    """A percentile in [0, 100] as ``P<n>``, rounded down (P99 = at least 99%); missing as ``–``."""
    number = style.plain(value)
    if number is None:
        return "–"
    return f"P{math.floor(float(number) + 1e-9)}"


def profile_rows(cluster_table: "pd.DataFrame", columns: list[str], lang: str) -> list[dict[str, Any]]:
    """One row per cluster: name and, per column, (value, percentile, on the connector end?)."""
    rows = []
    for cluster_id, row in cluster_table.iterrows():
        cells = []
        for column in columns:
            value = style.format_number(style.plain(row[column]), lang)
            pct = style.plain(row.get(f"{column}_pct"))
            end = measures_catalogue.measure(column).connector_end
            strong = pct is not None and ((end == "high" and pct >= CONNECTOR_DECILE)
                                          or (end == "low" and pct <= 100.0 - CONNECTOR_DECILE))
            cells.append((value, _percentile(pct) if f"{column}_pct" in cluster_table.columns else None, strong))
        rows.append({"name": _name(row, cluster_id), "cells": cells})
    return rows


def helix_network_rows(network: "pd.Series", lang: str) -> list[tuple[str, str, str]]:
    """(label, value, explanation) of the network's E-I index and T_UIG / T_UIGC that are present."""
    unit = catalogue(lang)["text"]["bits"]
    rows = []
    for key, (label, explanation) in catalogue(lang)["helix_network_rows"].items():
        if key not in network.index:
            continue
        value = style.format_number(style.plain(network[key]), lang)
        if key.startswith("T_") and value != "–":
            value = f"{value} {unit}"
        rows.append((label, value, explanation))
    return rows


def ei_rows(ei_groups: "pd.DataFrame | None", lang: str) -> list[list[str]]:
    if ei_groups is None:
        return []
    return [
        [style.helix_label(helix, lang) if isinstance(helix, str) else str(helix)]
        + [style.format_number(style.plain(row[c]), lang) for c in ("nodes", "E", "I", "ei_index")]
        for helix, row in ei_groups.iterrows()
    ]


def brokerage_rows(brokerage_global: "pd.DataFrame | None", lang: str) -> list[list[str]]:
    from helixnet.viz.static import format_z

    if brokerage_global is None:
        return []
    rows = []
    for role, row in brokerage_global.iterrows():
        label = measures_catalogue.role_label(str(role), lang)
        rows.append([label] + [style.format_number(style.plain(row[c]), lang) for c in ("raw", "expected", "sd")]
                    + [format_z(float(row["z"]), lang)])
    return rows


def synergy_groups(synergy: "pd.DataFrame | None", cluster_table: "pd.DataFrame", org_metrics: "pd.DataFrame",
                    text: dict[str, str], lang: str) -> list[tuple[str, list[list[str]]]]:
    """(group heading, rows) per scope of the synergy table, in the order network, cluster, period."""
    if synergy is None or not len(synergy):
        return []
    def display_name(key: Any) -> str:  # a facilitator's name: from the cluster table, else the organisations
        for table in (cluster_table, org_metrics):
            if key in table.index:
                return _name(table.loc[key], key)
        return str(key)

    headings = {"network": text["scope_network"], "cluster": text["scope_cluster"], "period": text["scope_period"]}
    groups = []
    for scope, heading in headings.items():
        if scope not in synergy.index.get_level_values(0):
            continue
        rows = []
        for name, row in synergy.xs(scope, level=0).iterrows():
            if scope == "network":
                shown = text["scope_network_all"] if name == "all" else str(name)
            else:
                shown = display_name(name)
            rows.append([shown, style.format_number(style.plain(row["projects"]), lang),
                         style.format_number(style.plain(row["T_UIG"]), lang),
                         style.format_number(style.plain(row["T_UIGC"]), lang)])
        groups.append((heading, rows))
    return groups


def dataset_rows(data: "ReportData", text: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """The rows of the provenance table: the data, their counts, the version, the run
    parameters and the further keys of ``dataset.toml``."""
    import helixnet

    extra = (data.provenance or {}).get("extra") or {}
    return (dataset_rows_of(data.meta, data.network, data.clusters, data.organisations, text, lang)
            + [(text["version"], helixnet.__version__),
               (text["parameters"], "; ".join(f"{key} = {value}" for key, value in data.parameters))]
            + [(_dataset_key(key, lang), str(value)) for key, value in extra.items()])


def run_parameters(parameters: Mapping[str, Any], text: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """(label, value) of every run parameter, and the language."""
    shown = [(_parameter_label(key, lang), _parameter_value(value, text, lang)) for key, value in parameters.items()]
    return shown + [(text["language"], lang)]


def dataset_rows_of(meta: Mapping[str, Any], network: "pd.Series", cluster_table: "pd.DataFrame",
                  org_metrics: "pd.DataFrame", text: dict[str, str], lang: str) -> list[tuple[str, str]]:
    def count(key: str, fallback: int | None = None) -> str:
        value = network.get(key, fallback)
        return style.format_number(style.plain(value), lang) if value is not None else "–"

    period = style.format_period(network.get("start_year"), network.get("end_year"), text["all_years"])
    return [
        (text["title"], str(meta.get("title") or "–")),
        (text["source"], str(meta.get("source") or "–")),
        (text["path"], str(meta.get("path") or "–")),
        (text["synthetic_label"], text["yes"] if meta.get("synthetic") else text["no"]),
        (text["period"], period),
        (text["organisations"], count("organisations", network.get("nodes", len(org_metrics)))),
        (text["clusters_count"], style.format_number(len(cluster_table), lang)),
        (text["projects"], count("projects")),
        (text["participations"], count("participations")),
        (text["links"], count("edges")),
    ]


#: Network summary keys left out of the network table: the dataset table shows the first
#: two, the helix mixing and synergy table the others.
_SHOWN_IN_DATASET = frozenset({"title", "synthetic", "ei_index", "T_UIG", "T_UIGC"})


def network_rows(network: "pd.Series", lang: str) -> list[tuple[str, str]]:
    labels = catalogue(lang)["network_labels"]
    rows = []
    for key, value in network.items():
        key = str(key)
        if key in _SHOWN_IN_DATASET:
            continue
        value = style.plain(value)
        helix = next((h for h in HELICES if key in (f"organisations_{h}", f"orgs_{h}", f"n_{h}", h)), None)
        if helix is not None:
            label = f"{labels['organisations']}: {style.helix_label(helix, lang)}"
        else:
            label = labels.get(key, key.replace("_", " "))
        if key.endswith("year"):
            shown = str(value) if value is not None else "–"
        elif isinstance(value, bool):
            shown = catalogue(lang)["text"]["yes" if value else "no"]
        elif "share" in key:
            shown = style.format_percent(value, lang, decimals=1)
        else:
            shown = style.format_number(value, lang)
        rows.append((label, shown))
    return rows


def cluster_header(cluster_table: "pd.DataFrame", text: dict[str, str], lang: str) -> list[str]:
    header = [text["cluster"]] + [style.metric_label(c, lang) for c in CLUSTER_COLUMNS if c in cluster_table.columns]
    if "betweenness" in cluster_table.columns:
        header.append(text["betweenness_rank"])
    return header


def cluster_rows(cluster_table: "pd.DataFrame", org_metrics: "pd.DataFrame", lang: str) -> list[list[str]]:
    columns = [c for c in CLUSTER_COLUMNS if c in cluster_table.columns]
    ranks = org_metrics["betweenness"].astype(float).rank(ascending=False, method="min")
    total = style.format_number(len(org_metrics), lang)
    rows = []
    for cluster_id, row in cluster_table.iterrows():
        cells = [_name(row, cluster_id)]
        for column in columns:
            value = style.plain(row[column])
            cells.append(style.format_percent(value, lang) if column.startswith("share") else style.format_number(
                value, lang))
        if "betweenness" in cluster_table.columns:
            rank = style.plain(ranks.get(cluster_id))
            cells.append(f"{int(rank)} / {total}" if rank is not None else "–")
        rows.append(cells)
    return rows


def mix_rows(cluster_table: "pd.DataFrame", lang: str) -> list[list[str]]:
    from helixnet.viz.static import partner_helix_shares

    if not len(cluster_table):
        return []
    shares = partner_helix_shares(cluster_table)
    rows = []
    for cluster_id, row in cluster_table.iterrows():
        cells = [_name(row, cluster_id)]
        for helix in HELICES:
            share = style.format_percent(style.plain(shares.at[cluster_id, helix]), lang)
            column = f"partners_{helix}"
            if column in cluster_table.columns:
                cells.append(f"{style.format_number(style.plain(row[column]), lang)} ({share})")
            else:
                cells.append(share)
        rows.append(cells)
    return rows


def top_organisations(org_metrics: "pd.DataFrame", top_n: int) -> "pd.DataFrame":
    """The ``top_n`` organisations by betweenness (ties by id), highest first."""
    ordered = org_metrics.assign(_b=org_metrics["betweenness"].astype(float), _id=org_metrics.index.astype(str))
    ordered = ordered.sort_values(["_b", "_id"], ascending=[False, True], na_position="last").head(top_n)
    return ordered.drop(columns=["_b", "_id"])


def top_rows(ordered: "pd.DataFrame", text: dict[str, str], lang: str) -> list[list[str]]:
    """Rank, name (◆ for a cluster), helix, kind, SME and measures of the organisations of
    ``ordered`` (:func:`top_organisations`)."""
    columns = [m for m in TOP_COLUMNS if m in ordered.columns]
    rows = []
    for rank, (org_id, row) in enumerate(ordered.iterrows(), start=1):
        name = _name(row, org_id)
        if style.plain(row.get("is_cluster")) is True:
            name = f"◆ {name}"
        sme = style.plain(row.get("sme"))
        cells = [
            str(rank),
            name,
            style.helix_label(row.get("helix"), lang) if isinstance(row.get("helix"), str) else "–",
            kind_label(row.get("kind"), lang),
            "–" if sme is None else (text["yes"] if sme else text["no"]),
        ]
        cells += [style.format_number(style.plain(row[m]), lang) for m in columns]
        rows.append(cells)
    return rows


def _name(row: "pd.Series", fallback: object) -> str:
    name = row.get("name")
    return str(name) if isinstance(name, str) and name else str(fallback)


def _parameter_value(value: Any, text: dict[str, str], lang: str = "en") -> str:
    if value is None:
        return text["none"]
    if isinstance(value, float):  # a year or a count is an int and shown as it is; a float compactly
        shown = f"{value:g}"
        return shown.replace(".", ",") if lang == "nl" else shown
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)



def _scenario_labels():
    from helixnet.scenarios import labels

    return labels


def scenario_section(results: Any, text: dict[str, str], lang: str) -> dict[str, Any]:
    """Everything the scenario section shows except the figures (added by the caller, so that
    they are numbered in page order): reading note, scenarios with their assumptions, the
    key outcomes present, their guides and the cluster x scenario table."""
    from helixnet.viz import static

    labels = _scenario_labels()
    present = set(results.outcomes["outcome"]) if "outcome" in results.outcomes.columns else set()
    outcomes = [o for o in static.SCENARIO_KEY_OUTCOMES if o in present]
    titles = static.scenario_titles(results, lang)
    names = dict(getattr(results, "cluster_names", {}) or {})
    shown = [s.id for s in results.scenarios if s.id != static.BASELINE]
    return {
        "intro": text["scenarios_intro"].format(n=style.format_number(style.plain(results.n_runs), lang),
                                                seed=str(style.plain(results.seed))),
        "scenarios": [
            {"id": s.id, "title": titles[s.id], "description": str(getattr(s, f"description_{lang}", "") or ""),
             "assumptions": _assumption_rows(results, s.id, names, text, lang)}
            for s in results.scenarios
        ],
        "outcomes": outcomes,
        "guides": [(capital(labels.outcome_label(o, lang)), labels.outcome_guide(o, lang),
                    labels.better_text(o, lang)) for o in outcomes],
        "header": [text["cluster"]] + [titles[s] for s in shown],
        "groups": [_scenario_group(results, o, names, lang) for o in outcomes],
        "figures": [],
    }


def capital(label: str) -> str:
    return label[:1].upper() + label[1:]


def _assumption_rows(results: Any, scenario: str, names: Mapping[str, str], text: dict[str, str],
                     lang: str) -> list[list[str]]:
    """(cluster, parameter, value, rationale) of one scenario: scenario-wide parameters first
    (cluster "all clusters"), then per cluster in ``results.clusters`` order."""
    table = results.assumptions
    if table is None or not len(table):
        return []
    rows = table[table["scenario"] == scenario]
    order = {cluster: i for i, cluster in enumerate(results.clusters)}
    keyed = []
    for position, (_, row) in enumerate(rows.iterrows()):
        cluster = style.plain(row["cluster"])
        cluster = "" if cluster is None else str(cluster)
        rank = -1 if cluster == "" else order.get(cluster, len(order))
        rationale = style.plain(row.get(f"rationale_{lang}"))
        keyed.append(((rank, position), [
            text["all_clusters"] if cluster == "" else str(names.get(cluster, cluster)),
            str(row["name"]),
            _assumption_value(row["value"], text, lang),
            "" if rationale is None else str(rationale),
        ]))
    return [cells for _, cells in sorted(keyed, key=lambda item: item[0])]


def _assumption_value(value: Any, text: dict[str, str], lang: str) -> str:
    """A parameter value as text: numbers compact (``0.5``, ``3``; decimal comma in Dutch),
    booleans as yes/no, lists joined with commas, anything else as it is."""
    value = style.plain(value) if not isinstance(value, (list, tuple)) else value
    if value is None:
        return "–"
    if isinstance(value, bool):
        return text["yes"] if value else text["no"]
    if isinstance(value, (int, float)):
        shown = f"{value:g}"
        return shown.replace(".", ",") if lang == "nl" else shown
    if isinstance(value, (list, tuple)):
        return ", ".join(_assumption_value(v, text, lang) for v in value)
    return str(value)


def _scenario_group(results: Any, outcome: str, names: Mapping[str, str], lang: str) -> dict[str, Any]:
    """One outcome of the scenario table: heading and, per cluster, (mean, interval) per scenario."""
    from helixnet.viz import static

    labels = _scenario_labels()
    grid = static.scenario_grid(results, outcome)
    rows = []
    for i, cluster in enumerate(grid["delta_mean"].index):
        cells = [labels.format_change(grid["delta_mean"].iat[i, j], grid["delta_low"].iat[i, j],
                                      grid["delta_high"].iat[i, j], grid["n_runs"].iat[i, j], lang)
                 for j in range(grid["delta_mean"].shape[1])]
        rows.append({"name": str(names.get(cluster, cluster)), "cells": cells})
    arrow = "↑" if labels.better_direction(outcome) > 0 else "↓"
    return {"heading": f"{capital(labels.outcome_label(outcome, lang))} {arrow}", "rows": rows}


# --------------------------------------------------------------------------- newer sections


def named(frame: "pd.DataFrame", cluster_table: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` (indexed by cluster id) with the clusters' names as its first column."""
    named = frame.copy()
    named.insert(0, "name", [_name(cluster_table.loc[i], i) for i in frame.index])
    return named


def _parameter_label(key: object, lang: str) -> str:
    """The label of a run parameter (``seed``, ``from_year``, ...); others as they are."""
    return catalogue(lang)["parameter_labels"].get(str(key), str(key))


def _dataset_key(key: object, lang: str) -> str:
    """The label of a further dataset.toml key (``generator``, ``seed``, ...); others as they are."""
    return catalogue(lang)["dataset_keys"].get(str(key), str(key))
