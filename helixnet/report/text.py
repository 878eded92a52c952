"""Texts of the report's newer parts (provenance, maps, communities, time, PDF), en and nl.

:mod:`helixnet.report.builder` merges them into its ``STRINGS``, so that one dictionary per
language holds every text of the report (and the language tests see all of them).
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "provenance": "Data and provenance",
        "provenance_intro": "Where the data come from, what they hold and how this report was made.",
        "imports": "Imports",
        "import_time": "Imported at (UTC)",
        "import_source": "Source",
        "import_file": "File",
        "import_changes": "Changes",
        "no_imports": "No import log: the data directory was not built with helixnet import.",
        "version": "helixnet version",
        "generated": "Data files",
        "maps": "Interactive maps",
        "maps_intro": "Open these self-contained pages in a browser (no internet needed): the whole network, and "
                      "per cluster {reach}, coloured by helix and sized by betweenness. Networks larger than "
                      "{max_nodes} organisations are reduced to the most central ones.",
        "maps_depth_one": "the cluster with its direct partners",
        "maps_depth_more": "the organisations up to {depth} steps from the cluster",
        "map_overall": "Whole network",
        "map_cluster": "Focus map: {name}",
        "data_file": "Data",
        "fig_profile": "Connector profile of each cluster on one scale: its percentile among all {n} organisations on "
                       "each measure, turned so that right always means more connector-like (for constraint and "
                       "partner concentration, where lower is more connector-like, the bar shows 100 minus the "
                       "percentile). Dashed line: the median organisation.",
        "alt_profile": "Small multiples of percentile bars, one panel per cluster",
        "who": "Who connects the helices?",
        "who_intro": "The organisations that carry most shortest paths between others, and how the clusters rank "
                     "among them. Betweenness counts all pairs; cross-helix betweenness only pairs of organisations "
                     "of different helices.",
        "communities": "Which communities does no cluster serve?",
        "communities_intro": "Collaboration communities found with the Leiden algorithm (modularity, resolution "
                             "{resolution}, seed {seed}) on the network without the cluster organisations, so that "
                             "the communities show who works with whom, not who is a member of which cluster. "
                             "{count} communities, modularity {modularity}. For each: its size, helix mix, the "
                             "project themes of its members' participations, and how far the clusters reach into "
                             "it (members with a direct tie to a cluster). A large community that few cluster ties "
                             "reach is a candidate missing theme.",
        "communities_small": "The {count} communities of fewer than {size} organisations (mostly organisations "
                             "without partners) are left out of the figure and the table; the data file lists all.",
        "communities_rule": "Candidate missing theme: at least {size} organisations and at most {coverage} of them "
                            "tied to a cluster.",
        "communities_none": "No community meets this rule: every large community is reached by the clusters.",
        "communities_no_clusters": "This dataset has no cluster organisations, so no community is reached by a "
                                   "cluster: the table shows where collaboration concentrates.",
        "communities_found": "{count} communities meet this rule (marked ◆ in the table).",
        "communities_table": "The largest communities (at most {n}) and every candidate",
        "community": "Community",
        "size": "Organisations",
        "themes": "Dominant themes (participations)",
        "helix_mix": "Helix mix (%: {helices})",
        "coverage": "Tied to a cluster",
        "facilitated": "Projects facilitated by a cluster",
        "community_clusters": "Clusters reaching it (ties)",
        "no_themes": "The projects in these data have no themes, so the table cannot name the communities' "
                     "themes; the data files list their members.",
        "fig_gaps": "Communities by size (x, log scale) and the share of their members with a direct tie to a "
                    "cluster (y). Circle area grows with the projects among members; the shaded area holds the "
                    "candidate missing themes. Labels: community numbers as in the table.",
        "alt_gaps": "Scatter plot of community size against cluster coverage",
        "time": "How has it changed over time?",
        "time_intro": "The clusters' connector measures per period of project start ({periods}): for each period, "
                      "the collaboration network of the projects that started in it (and ties active in it). Only "
                      "measures of a cluster's own ties are recomputed per period (partners, participation "
                      "coefficient, top-partner share, E-I index, SME partners, projects facilitated); betweenness "
                      "and brokerage z-scores need the whole network and are given for the full period only. A "
                      "short last period holds fewer projects, which lowers partner counts.",
        "fig_time": "Each cluster's measures per period of project start (one line per cluster, the same colour and "
                    "marker in every panel). Shares in percent.",
        "alt_time": "Line charts of cluster measures per period",
        "time_table": "Measures per cluster and period",
        "network_periods": "The network per period",
        "network_periods_intro": "The collaboration network of each period: projects started, organisations with at "
                                 "least one partner, links, partners per organisation, the share of links between "
                                 "two helices, and the share of organisations in the largest connected group.",
        "no_periods": "The projects have no start years, so no time series can be drawn.",
        "pdf_page": "Page {page} of {pages}",
        "pdf_generated": "Generated by helixnet {version}",
        "pdf_interactive": "The interactive maps and every table behind the figures (CSV and Excel) are in the "
                           "folders maps/ and tables/ beside this report.",
        "continued": "(continued)",
        "tables_note": "Every figure and table of this report is also a CSV and Excel file in tables/, and every "
                       "figure a PNG and SVG file in figures/; graph.gexf and graph.graphml open the network in "
                       "Gephi.",
    },
    "nl": {
        "provenance": "Gegevens en herkomst",
        "provenance_intro": "Waar de gegevens vandaan komen, wat ze bevatten en hoe dit rapport gemaakt is.",
        "imports": "Importen",
        "import_time": "Geïmporteerd op (UTC)",
        "import_source": "Bron",
        "import_file": "Bestand",
        "import_changes": "Wijzigingen",
        "no_imports": "Geen importlogboek: de gegevensmap is niet met helixnet import opgebouwd.",
        "version": "helixnet-versie",
        "generated": "Gegevensbestanden",
        "maps": "Interactieve kaarten",
        "maps_intro": "Open deze zelfstandige pagina's in een browser (geen internet nodig): het hele netwerk en, "
                      "per cluster, {reach}, gekleurd per helix en met grootte volgens tussenligging. Netwerken met "
                      "meer dan {max_nodes} organisaties worden herleid tot de meest centrale.",
        "maps_depth_one": "de cluster met haar rechtstreekse partners",
        "maps_depth_more": "de organisaties tot {depth} stappen van de cluster",
        "map_overall": "Heel het netwerk",
        "map_cluster": "Focuskaart: {name}",
        "data_file": "Gegevens",
        "fig_profile": "Verbindersprofiel van elke cluster op één schaal: haar percentiel onder alle {n} "
                       "organisaties op elke maat, zo gedraaid dat rechts altijd meer een verbinder betekent (voor "
                       "beperking en partnerconcentratie, waar lager meer een verbinder is, toont de staaf 100 min "
                       "het percentiel). Streepjeslijn: de mediane organisatie.",
        "alt_profile": "Kleine veelvouden van percentielstaven, één paneel per cluster",
        "who": "Wie verbindt de helices?",
        "who_intro": "De organisaties die de meeste kortste paden tussen andere dragen, en waar de clusters daartussen "
                     "staan. Tussenligging telt alle paren; tussenligging tussen helices enkel paren van organisaties "
                     "uit verschillende helices.",
        "communities": "Welke gemeenschappen bedient geen enkele cluster?",
        "communities_intro": "Samenwerkingsgemeenschappen gevonden met het Leiden-algoritme (modulariteit, resolutie "
                             "{resolution}, seed {seed}) op het netwerk zonder de clusterorganisaties, zodat de "
                             "gemeenschappen tonen wie met wie samenwerkt, niet wie lid is van welke cluster. "
                             "{count} gemeenschappen, modulariteit {modularity}. Voor elke gemeenschap: omvang, "
                             "helixmix, de projectthema's van de deelnames van haar leden, en hoe ver de clusters "
                             "erin reiken (leden met een rechtstreekse band met een cluster). Een grote gemeenschap "
                             "die weinig clusterbanden bereiken, is een kandidaat-ontbrekend thema.",
        "communities_small": "De {count} gemeenschappen met minder dan {size} organisaties (vooral organisaties "
                             "zonder partners) staan niet in de figuur en de tabel; het gegevensbestand bevat ze "
                             "allemaal.",
        "communities_rule": "Kandidaat-ontbrekend thema: minstens {size} organisaties en hoogstens {coverage} ervan "
                            "verbonden met een cluster.",
        "communities_none": "Geen enkele gemeenschap voldoet aan deze regel: elke grote gemeenschap wordt door de "
                            "clusters bereikt.",
        "communities_no_clusters": "Deze gegevens bevatten geen clusterorganisaties, dus geen enkele gemeenschap "
                                   "wordt door een cluster bereikt: de tabel toont waar de samenwerking zich "
                                   "concentreert.",
        "communities_found": "{count} gemeenschappen voldoen aan deze regel (gemarkeerd met ◆ in de tabel).",
        "communities_table": "De grootste gemeenschappen (hoogstens {n}) en elke kandidaat",
        "community": "Gemeenschap",
        "size": "Organisaties",
        "themes": "Belangrijkste thema's (deelnames)",
        "helix_mix": "Helixmix (%: {helices})",
        "coverage": "Verbonden met een cluster",
        "facilitated": "Projecten gefaciliteerd door een cluster",
        "community_clusters": "Clusters die haar bereiken (banden)",
        "no_themes": "De projecten in deze gegevens hebben geen thema's, dus de tabel kan de thema's van de "
                     "gemeenschappen niet noemen; de gegevensbestanden geven hun leden.",
        "fig_gaps": "Gemeenschappen volgens omvang (x, logaritmische schaal) en het aandeel van hun leden met een "
                    "rechtstreekse band met een cluster (y). De oppervlakte van een cirkel groeit met de projecten "
                    "tussen de leden; het gearceerde gebied bevat de kandidaat-ontbrekende thema's. Labels: "
                    "nummers van de gemeenschappen zoals in de tabel.",
        "alt_gaps": "Spreidingsdiagram van de omvang van gemeenschappen tegenover hun bereik door clusters",
        "time": "Hoe is dit veranderd door de tijd?",
        "time_intro": "De verbindersmaten van de clusters per periode van projectstart ({periods}): voor elke "
                      "periode het samenwerkingsnetwerk van de projecten die toen startten (en de banden die toen "
                      "actief waren). Enkel maten van de eigen banden van een cluster worden per periode herberekend "
                      "(partners, participatiecoëfficiënt, aandeel van de sterkste partner, E-I-index, kmo-partners, "
                      "gefaciliteerde projecten); tussenligging en z-scores van de makelaarsrollen vragen het hele "
                      "netwerk en staan er enkel voor de volledige periode. Een korte laatste periode telt minder "
                      "projecten, wat het aantal partners drukt.",
        "fig_time": "De maten van elke cluster per periode van projectstart (één lijn per cluster, in elk paneel met "
                    "dezelfde kleur en markering). Aandelen in procent.",
        "alt_time": "Lijngrafieken van clustermaten per periode",
        "time_table": "Maten per cluster en periode",
        "network_periods": "Het netwerk per periode",
        "network_periods_intro": "Het samenwerkingsnetwerk van elke periode: gestarte projecten, organisaties met "
                                 "minstens één partner, verbindingen, partners per organisatie, het aandeel "
                                 "verbindingen tussen twee helices, en het aandeel organisaties in de grootste "
                                 "samenhangende groep.",
        "no_periods": "De projecten hebben geen startjaren, dus er kan geen tijdreeks getekend worden.",
        "pdf_page": "Pagina {page} van {pages}",
        "pdf_generated": "Gemaakt met helixnet {version}",
        "pdf_interactive": "De interactieve kaarten en alle tabellen achter de figuren (CSV en Excel) staan in de "
                           "mappen maps/ en tables/ naast dit rapport.",
        "continued": "(vervolg)",
        "tables_note": "Elke figuur en tabel van dit rapport staat ook als CSV- en Excelbestand in tables/, en elke "
                       "figuur als PNG- en SVG-bestand in figures/; graph.gexf en graph.graphml openen het netwerk in "
                       "Gephi.",
    },
}

#: Labels of further ``dataset.toml`` keys shown in the provenance (other keys are shown as
#: they are: they come from the data).
DATASET_KEYS: dict[str, dict[str, str]] = {
    "en": {"generator": "Generator", "seed": "Generator seed", "created": "Created", "description": "Description",
           "licence": "Licence", "license": "Licence", "url": "Address"},
    "nl": {"generator": "Generator", "seed": "Seed van de generator", "created": "Aangemaakt",
           "description": "Beschrijving", "licence": "Licentie", "license": "Licentie", "url": "Adres"},
}

#: Labels of the run parameters listed in the provenance and the footer (others as they are).
PARAMETER_LABELS: dict[str, dict[str, str]] = {
    "en": {"from_year": "from year", "to_year": "to year", "seed": "seed", "runs": "Monte Carlo runs",
           "community_method": "community detection", "community_resolution": "community resolution"},
    "nl": {"from_year": "vanaf jaar", "to_year": "tot jaar", "seed": "seed", "runs": "Monte-Carlo-runs",
           "community_method": "detectie van gemeenschappen", "community_resolution": "resolutie gemeenschappen"},
}

#: Labels of the network measures per period (:data:`helixnet.metrics.periods.NETWORK_MEASURES`).
NETWORK_PERIOD_LABELS: dict[str, dict[str, str]] = {
    "en": {"projects": "Projects started", "active": "Organisations with partners", "edges": "Links",
           "mean_degree": "Partners per organisation", "cross_helix_share": "Links between two helices",
           "giant_share": "In the largest connected group"},
    "nl": {"projects": "Gestarte projecten", "active": "Organisaties met partners", "edges": "Verbindingen",
           "mean_degree": "Partners per organisatie", "cross_helix_share": "Verbindingen tussen twee helices",
           "giant_share": "In de grootste samenhangende groep"},
}
