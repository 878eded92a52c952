"""The catalogue of organisation measures: column, computing function, labels and reading guides.

One entry per column of ``organisations.csv``. The report takes its labels and its
one-line reading guides ("what does this say about a neutral connector?") from here, in
Dutch and English, and ``docs/metrics.md`` is generated from this catalogue together with
the docstrings of the functions that compute each measure (see :func:`reference_markdown`).
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass, field

ROLES = ("w_I", "w_O", "b_IO", "b_OI", "b_O", "t")


@dataclass(frozen=True)
class Measure:
    """One organisation-level measure."""

    column: str
    family: str
    function: str  # dotted path of the function that computes it
    call: str  # how the table calls it, e.g. "betweenness(G)"
    label_en: str
    label_nl: str
    guide_en: str
    guide_nl: str
    #: which end speaks for a neutral, brokering connector: "high", "low" or "" (no direction)
    connector_end: str = ""
    extra: dict = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """The measure's label in ``lang`` (en or nl)."""
        return self.label_nl if lang == "nl" else self.label_en

    def guide(self, lang: str) -> str:
        """The one-line reading guide in ``lang`` (en or nl)."""
        return self.guide_nl if lang == "nl" else self.guide_en


_C = "helixnet.metrics.centrality."
_S = "helixnet.metrics.structural_holes."
_M = "helixnet.metrics.mixing."
_B = "helixnet.metrics.bridging."
_K = "helixnet.metrics.brokerage."

FAMILIES = {
    "centrality": ("Centrality", "Centraliteit"),
    "structural_holes": ("Structural holes (Burt)", "Structurele gaten (Burt)"),
    "mixing": ("Helix mixing", "Helixmenging"),
    "bridging": ("Cross-helix bridging", "Overbrugging tussen helices"),
    "brokerage": ("Brokerage roles (Gould-Fernandez)", "Makelaarsrollen (Gould-Fernandez)"),
}

_ROLE_TEXT = {
    "w_I": ("coordinator", "coördinator", "brokers between two members of its own helix",
            "bemiddelt tussen twee leden van de eigen helix"),
    "w_O": ("itinerant broker", "consultant", "brokers between two members of one other helix it does not belong to",
            "bemiddelt tussen twee leden van één andere helix waartoe ze zelf niet behoort"),
    "b_IO": ("representative", "vertegenwoordiger", "passes ties from its own helix out to another helix",
             "brengt banden van de eigen helix naar een andere helix"),
    "b_OI": ("gatekeeper", "poortwachter", "lets ties from another helix into its own helix",
             "laat banden van een andere helix binnen in de eigen helix"),
    "b_O": ("liaison", "liaison", "brokers between two different helices, neither of them its own",
            "bemiddelt tussen twee verschillende helices, geen van beide de eigen"),
    "t": ("total brokerage", "totale makelaarsrol", "all open two-paths it brokers, whatever the helices",
          "alle open tweestapspaden waarin ze bemiddelt, ongeacht de helices"),
}


#: How sna's Bernoulli z-scores are labelled everywhere (its expectation is the same for
#: every node of a group, so the z-score grows with degree).
SNA_NULL_EN = "sna null (grows with degree)"
SNA_NULL_NL = "sna-nulmodel (groeit met de graad)"

#: Roles left out of ``organisations.csv``: on an undirected graph every brokered pair
#: counts both ways, so the gatekeeper count b_OI always equals the representative count
#: b_IO (``brokerage_global.csv`` keeps both, as sna reports them).
UNDIRECTED_DUPLICATE_ROLES = ("b_OI",)


def role_name(role: str, lang: str = "en") -> str:
    """The name of a Gould-Fernandez role in ``lang``, e.g. ``gatekeeper`` / ``poortwachter``.

    The Dutch names are those of Dutch-language network analysis, which keeps the loan words
    "consultant" (Hanneman & Riddle's name for the itinerant broker) and "liaison" and
    translates the others (coördinator, vertegenwoordiger, poortwachter)."""
    english, dutch, *_ = _ROLE_TEXT[role]
    return dutch if lang == "nl" else english


def role_label(role: str, lang: str = "en") -> str:
    """The name of a Gould-Fernandez role with its code, e.g. ``gatekeeper (b_OI)`` (also for
    the roles left out of the organisation table)."""
    return f"{role_name(role, lang)} ({role})"


def _brokerage_measures() -> tuple[Measure, ...]:
    measures = []
    for role, (name_en, name_nl, what_en, what_nl) in _ROLE_TEXT.items():
        if role in UNDIRECTED_DUPLICATE_ROLES:
            continue
        measures.append(Measure(
            f"brokerage_{role}", "brokerage", _K + "brokerage", "brokerage(G, attr='helix').raw",
            f"{name_en} ({role})", f"{name_nl} ({role})",
            f"Open two-paths (ordered pairs of unlinked partners) in which it {what_en}.",
            f"Open tweestapspaden (geordende paren niet-verbonden partners) waarin ze {what_nl}.",
            "high",
        ))
        measures.append(Measure(
            f"brokerage_{role}_z", "brokerage", _K + "brokerage", "brokerage(G, attr='helix').z",
            f"{name_en} z-score, {SNA_NULL_EN}", f"{name_nl} z-score, {SNA_NULL_NL}",
            f"{name_en.capitalize()} count standardised against sna's Bernoulli graph of equal density, "
            f"which expects the same of every organisation: it grows with degree and ranks by size, not by "
            f"brokering more than chance (for that, see {role}_null_z in clusters.csv: the degree-preserving null).",
            f"{name_nl.capitalize()}-telling gestandaardiseerd tegenover sna's Bernoulli-graaf met gelijke "
            f"dichtheid, die van elke organisatie hetzelfde verwacht: ze groeit met de graad en rangschikt naar "
            f"omvang, niet naar meer bemiddelen dan toeval (zie daarvoor {role}_null_z in clusters.csv: het "
            f"graadbewarende nulmodel).",
            "high",
        ))
    return tuple(measures)


MEASURES: tuple[Measure, ...] = (
    Measure("degree", "centrality", _C + "degree", "degree(G)", "degree", "graad",
            "Number of distinct partners (shared projects or direct ties).",
            "Aantal verschillende partners (gedeelde projecten of directe banden).", "high"),
    Measure("strength", "centrality", _C + "strength", "strength(G, weight='weight')", "strength", "sterkte",
            "Sum of tie weights: shared projects plus direct-tie weights.",
            "Som van de bandgewichten: gedeelde projecten plus gewichten van directe banden.", "high"),
    Measure("betweenness", "centrality", _C + "betweenness", "betweenness(G)", "betweenness", "tussenligging",
            "Share of shortest paths between other organisations that run through it: high = others depend on it to connect.",
            "Aandeel van de kortste paden tussen andere organisaties dat erdoor loopt: hoog = anderen hebben haar nodig om elkaar te bereiken.",
            "high"),
    Measure("closeness", "centrality", _C + "closeness", "closeness(G)", "closeness", "nabijheid",
            "How few steps it needs to reach everyone it can reach (Wasserman-Faust for disconnected graphs).",
            "Hoe weinig stappen ze nodig heeft om iedereen te bereiken die ze kan bereiken (Wasserman-Faust bij niet-samenhangende grafen).",
            "high"),
    Measure("harmonic_closeness", "centrality", _C + "harmonic_closeness", "harmonic_closeness(G)",
            "harmonic closeness", "harmonische nabijheid",
            "Mean of 1/distance to all others: high = close to much of the network.",
            "Gemiddelde van 1/afstand tot alle anderen: hoog = dicht bij een groot deel van het netwerk.", "high"),
    Measure("eigenvector", "centrality", _C + "eigenvector", "eigenvector(G)", "eigenvector centrality", "eigenvectorcentraliteit",
            "High when its partners are themselves central: standing in the core of the network.",
            "Hoog als haar partners zelf centraal zijn: een plaats in de kern van het netwerk.", "high"),
    Measure("pagerank", "centrality", _C + "pagerank", "pagerank(G, weight='weight')", "PageRank", "PageRank",
            "Weighted importance from the importance of its partners (damping 0.85).",
            "Gewogen belang afgeleid van het belang van haar partners (demping 0,85).", "high"),
    Measure("constraint", "structural_holes", _S + "structural_holes", "structural_holes(G)", "constraint", "beperking",
            "How much its partners are tied to each other: low = spans structural holes between unconnected groups; high = enclosed in one group.",
            "Hoe sterk haar partners onderling verbonden zijn: laag = overspant structurele gaten tussen losse groepen; hoog = opgesloten in één groep.",
            "low"),
    Measure("effective_size", "structural_holes", _S + "structural_holes", "structural_holes(G)", "effective size", "effectieve omvang",
            "Number of non-redundant partners: partners not already tied to its other partners.",
            "Aantal niet-redundante partners: partners die niet al met haar andere partners verbonden zijn.", "high"),
    Measure("efficiency", "structural_holes", _S + "structural_holes", "structural_holes(G)", "efficiency", "efficiëntie",
            "Effective size per partner: 1 = every partner opens a different world.",
            "Effectieve omvang per partner: 1 = elke partner opent een andere wereld.", "high"),
    Measure("hierarchy", "structural_holes", _S + "structural_holes", "structural_holes(G)", "hierarchy", "hiërarchie",
            "How much its constraint comes from a single partner: high = dependent on one partner.",
            "Hoeveel van haar beperking van één partner komt: hoog = afhankelijk van één partner.", "low"),
    Measure("participation", "mixing", _M + "participation_coefficient", "participation_coefficient(G)",
            "participation coefficient", "participatiecoëfficiënt",
            "Spread of its partners over the helices (0 = all in one helix): high = balanced across helices.",
            "Spreiding van haar partners over de helices (0 = alle in één helix): hoog = evenwichtig over de helices.", "high"),
    Measure("participation_norm", "mixing", _M + "participation_coefficient", "participation_coefficient(G, normalized=True)",
            "participation coefficient (normalised)", "participatiecoëfficiënt (genormaliseerd)",
            "The same divided by its maximum 1 - 1/K: 1 = partners spread evenly over every helix present.",
            "Hetzelfde gedeeld door het maximum 1 - 1/K: 1 = partners gelijk gespreid over alle aanwezige helices.", "high"),
    Measure("participation_weighted", "mixing", _M + "participation_coefficient", "participation_coefficient(G, weight='weight')",
            "participation coefficient (weighted)", "participatiecoëfficiënt (gewogen)",
            "The same with tie weights: balanced in intensity, not only in the number of partners.",
            "Hetzelfde met bandgewichten: evenwichtig in intensiteit, niet alleen in aantal partners.", "high"),
    Measure("ei_index", "mixing", _M + "ei_index", "ei_index(G)", "E-I index", "E-I-index",
            "From -1 (ties only within its own helix) to +1 (ties only to other helices).",
            "Van -1 (banden enkel binnen de eigen helix) tot +1 (banden enkel met andere helices).", "high"),
    Measure("helices_1", "mixing", _M + "helix_reach", "helix_reach(G)", "helices within 1 step", "helices binnen 1 stap",
            "Number of different helices among its direct partners.",
            "Aantal verschillende helices onder haar directe partners.", "high"),
    Measure("sme_1", "mixing", _M + "helix_reach", "helix_reach(G)", "SMEs within 1 step", "kmo's binnen 1 stap",
            "SMEs among its direct partners.", "Kmo's onder haar directe partners.", "high"),
    Measure("knowledge_1", "mixing", _M + "helix_reach", "helix_reach(G)", "knowledge institutions within 1 step",
            "kennisinstellingen binnen 1 stap",
            "Knowledge institutions among its direct partners.", "Kennisinstellingen onder haar directe partners.", "high"),
    Measure("cross_helix_betweenness", "bridging", _B + "cross_helix_betweenness", "cross_helix_betweenness(G)",
            "cross-helix betweenness", "tussenligging tussen helices",
            "Betweenness counting only paths between organisations of different helices: high = a bridge between helices.",
            "Tussenligging die enkel paden tussen organisaties van verschillende helices telt: hoog = een brug tussen helices.",
            "high"),
    Measure("company_knowledge_betweenness", "bridging", _B + "cross_helix_betweenness",
            "cross_helix_betweenness(G, pairs=('bedrijf', 'kennisinstelling'))",
            "company-knowledge betweenness", "tussenligging bedrijf-kennisinstelling",
            "Betweenness on paths from companies to knowledge institutions.",
            "Tussenligging op paden van bedrijven naar kennisinstellingen.", "high"),
    Measure("sme_knowledge_betweenness", "bridging", _B + "cross_helix_betweenness",
            "cross_helix_betweenness(G, pairs='sme-knowledge')",
            "SME-knowledge betweenness", "tussenligging kmo-kennisinstelling",
            "Betweenness on paths from SMEs to knowledge institutions: high = SMEs reach knowledge through it.",
            "Tussenligging op paden van kmo's naar kennisinstellingen: hoog = kmo's bereiken kennis via haar.", "high"),
    Measure("bridging_coefficient", "bridging", _B + "bridging_centrality", "bridging_centrality(G)",
            "bridging coefficient", "overbruggingscoëfficiënt",
            "High when it has few partners compared with its partners' own numbers of partners: it sits between dense regions.",
            "Hoog als ze weinig partners heeft vergeleken met het aantal partners van haar partners: ze zit tussen dichte gebieden.",
            "high"),
    Measure("bridging_centrality", "bridging", _B + "bridging_centrality", "bridging_centrality(G)",
            "bridging centrality", "overbruggingscentraliteit",
            "Betweenness times bridging coefficient: a bridge between dense regions that also carries many paths.",
            "Tussenligging maal overbruggingscoëfficiënt: een brug tussen dichte gebieden die ook veel paden draagt.", "high"),
    Measure("top1_share", "bridging", _B + "partner_concentration", "partner_concentration(G)",
            "weight on top partner", "gewicht op sterkste partner",
            "Share of its tie weight on its strongest partner: high = captured by one partner, not neutral.",
            "Aandeel van haar bandgewicht bij haar sterkste partner: hoog = gevangen door één partner, niet neutraal.", "low"),
    Measure("top3_share", "bridging", _B + "partner_concentration", "partner_concentration(G)",
            "weight on top 3 partners", "gewicht op top-3-partners",
            "Share of its tie weight on its three strongest partners.",
            "Aandeel van haar bandgewicht bij haar drie sterkste partners.", "low"),
    Measure("herfindahl", "bridging", _B + "partner_concentration", "partner_concentration(G)",
            "partner concentration (Herfindahl)", "partnerconcentratie (Herfindahl)",
            "Sum of squared partner shares of tie weight: from 1/degree (even) to 1 (one partner).",
            "Som van de gekwadrateerde partneraandelen in het bandgewicht: van 1/graad (gelijk) tot 1 (één partner).", "low"),
    *_brokerage_measures(),
)

BY_COLUMN: dict[str, Measure] = {m.column: m for m in MEASURES}

#: Measures shown in the cluster connector profile, with their percentile among all organisations.
PROFILE_COLUMNS: tuple[str, ...] = (
    "degree", "betweenness", "cross_helix_betweenness", "sme_knowledge_betweenness", "constraint",
    "effective_size", "participation", "participation_norm", "ei_index", "top1_share", "herfindahl",
    "brokerage_b_O_z", "brokerage_w_O_z",
)


def measure(column: str) -> Measure:
    """The catalogue entry of ``column``."""
    return BY_COLUMN[column]


def reference_markdown() -> str:
    """The metrics reference (``docs/metrics.md``), generated from the catalogue and docstrings."""
    lines = [
        "# Metrics reference",
        "",
        "Generated by `python -m helixnet.metrics.catalogue` from the measure catalogue",
        "(`helixnet/metrics/catalogue.py`) and the docstrings of the functions that compute each",
        "measure; a test keeps this file in sync. All organisation measures run on the",
        "collaboration graph (`helixnet.collaboration_graph`): organisations linked by shared",
        "projects and direct ties, `weight` = shared projects + tie weights. Distances are unweighted",
        "hops unless a function is called with `weight`, in which case a tie of weight w has length 1/w.",
        "",
        "## Columns of organisations.csv",
        "",
        "| column | measure | reading guide | computed by |",
        "| --- | --- | --- | --- |",
    ]
    for m in MEASURES:
        lines.append(f"| `{m.column}` | {m.label_en} | {m.guide_en} | `{m.call}` |")
    lines += ["", "## Retired columns", "", "| column | why |", "| --- | --- |"]
    lines += [f"| `{column}` | {why} |" for column, why in RETIRED_COLUMNS.items()]
    lines += ["", "## Which measures discriminate on which data", "", *DISCRIMINATION_NOTES]
    lines += ["", "## Baselines in clusters.csv and cluster_evidence.csv", "",
              inspect.cleandoc(importlib.import_module("helixnet.metrics.evidence").__doc__ or "")]
    lines += ["", "## Functions", ""]
    seen: list[str] = []
    for path in [m.function for m in MEASURES] + list(EXTRA_FUNCTIONS):
        if path in seen:
            continue
        seen.append(path)
        module_name, name = path.rsplit(".", 1)
        function = getattr(importlib.import_module(module_name), name)
        lines += [f"### `{path}`", "", "```text", inspect.cleandoc(function.__doc__ or "").rstrip(), "```", ""]
    return "\n".join(lines)


#: Columns retired from ``organisations.csv`` (and so from ``clusters.csv``), with the reason.
RETIRED_COLUMNS: dict[str, str] = {
    "helices_2": "saturated: every cluster reaches all 5 helices within two steps on the embedded data",
    "sme_2": "saturated: every cluster reaches 701-735 of the 740 SMEs within two steps on the embedded data",
    "knowledge_2": "saturated: every cluster reaches all 48 knowledge institutions within two steps",
    "brokerage_b_OI": "identical to brokerage_b_IO by construction on the undirected collaboration graph",
    "brokerage_b_OI_z": "identical to brokerage_b_IO_z by construction on the undirected collaboration graph",
}

#: Which measures discriminate between the clusters on which data (docs/metrics.md).
DISCRIMINATION_NOTES = (
    "Measured on the embedded data (7 clusters among 1,090 organisations):",
    "",
    "- Percentiles among all organisations (`<measure>_pct`) put every cluster at P95-P99 on nearly every "
    "size-related measure: they rank hubs against small companies. Read the peer percentiles "
    "(`<measure>_pct_degree_band`, `_pct_intermediaries`, `_pct_knowledge_hubs`) instead.",
    "- sna's Bernoulli z-scores (`brokerage_<role>_z`, \"sna null (grows with degree)\") are a rescaling of "
    "the raw counts, which are about k(k-1)(1-C): their rank correlation with degree is 0.98. "
    "\"More than chance\" is read from the degree-preserving null (`<measure>_null_z`, `_null_pct`, "
    "`_null_side` in `clusters.csv`), under which every cluster brokers less than a random organisation with "
    "the same number of projects.",
    "- `ei_index` is 0.98-1.00 for every cluster (almost all partners of an intermediary are of another "
    "helix): it does not separate the clusters.",
    "- `brokerage_w_I` (coordinator) counts pairs of intermediaries; with 7 clusters it is 0-2 and its z "
    "is not interpretable.",
    "- `bridging_centrality` is 5-8e-6 for every cluster (a hub's bridging coefficient is tiny): use "
    "`cross_helix_betweenness` against the null.",
    "- Two-step counts (`helices_2`, `sme_2`, `knowledge_2`) were saturated and are retired (see above).",
    "- Weighted measures (`constraint` weighted, `top1_share`, `herfindahl`) reorder the clusters under "
    "another tie weighting or without large consortia: `<measure>_rank_robust` in `clusters.csv` says "
    "where the order holds.",
)

#: Functions documented in the reference although they give no organisation column.
EXTRA_FUNCTIONS: tuple[str, ...] = (
    "helixnet.metrics.mixing.ei_index_groups",
    "helixnet.metrics.mixing.ei_index_global",
    "helixnet.metrics.synergy.helix_synergy",
    "helixnet.metrics.synergy.consortium_presence",
    "helixnet.metrics.synergy.synergy_table",
    "helixnet.graph.collaboration_graph",
    "helixnet.metrics.evidence.cluster_evidence",
    "helixnet.metrics.nullmodel.curveball",
    "helixnet.metrics.peers.peer_percentiles",
    "helixnet.metrics.bootstrap.synergy_intervals",
    "helixnet.metrics.robustness.variant_profiles",
    "helixnet.metrics.profile.helix_diverse_share",
    "helixnet.metrics.twomode.two_mode_measures",
)


if __name__ == "__main__":
    print(reference_markdown())
