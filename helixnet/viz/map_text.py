"""The words of the interactive map page, in English and Dutch."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "default_title": "Collaboration network",
        "summary": "{nodes} organisations, {edges} links",
        "source": "Source",
        "period": "Period",
        "all_years": "all years",
        "unknown": "unknown",
        "explain": (
            "Each dot is an organisation, coloured by helix and sized by {metric} (area proportional "
            "to the value). A line joins two organisations that share a project or have a direct "
            "tie (dashed: direct tie only); its width grows with the tie weight. Diamonds with a "
            "dark outline are cluster organisations."
        ),
        "focus_title": "{cluster}: partners within {depth} of the cluster",
        "hop": "1 step",
        "hops": "{depth} steps",
        "focus_explain": (
            "The cluster sits in the centre; its direct partners form the first ring and, further out, "
            "their partners form the next, each ring cut into sectors by helix. Dots are sized by {metric}; "
            "line width grows with the tie weight (dashed: direct tie only)."
        ),
        "reduced": (
            "Showing {shown} of {total} organisations: {rule}. Left out: {left} organisations ({by_helix}) and {edges} links. Tooltips count "
            "each organisation's partners that are not shown; --max-nodes draws more."
        ),
        "rule": "clusters first, then the organisations with the highest {metric}",
        "rule_focus": ("the nearest to the cluster first and, among equally near ones, clusters and then the "
                       "organisations with the highest {metric}"),
        "synthetic": "Synthetic demonstration data: the organisations, projects and ties are invented.",
        "legend": "Legend and filters",
        "helix": "Helix",
        "size": "Size",
        "size_text": "{metric}: {lo} to {hi}",
        "size_missing": "{count} without a value (smallest size)",
        "cluster": "cluster organisation",
        "direct_tie": "direct tie only",
        "filter_kind": "Kind",
        "filter_cluster": "Cluster",
        "all_clusters": "all organisations",
        "partners_of": "{name} and its partners",
        "all": "all",
        "none": "none",
        "visible": "{shown} of {total} organisations shown",
        "search": "Find an organisation",
        "search_button": "Find",
        "no_match": "No match",
        "hidden_match": "{n} match(es) hidden by the filters",
        "match": "match {i} of {n}",
        "kind": "Kind",
        "sme": "SME",
        "yes": "yes",
        "no": "no",
        "hidden_partners": "Partners not shown",
        "distance": "Steps from the cluster",
        "relation": "Relation",
        "rel_collaboration": "shared projects",
        "rel_membership": "direct tie",
        "shared_projects": "Shared projects",
        "weight": "Weight",
        "hint": "Scroll to zoom, drag to pan, hover for details, click an organisation to highlight its partners.",
        "colour_by": "Colour by",
        "size_by": "Size by",
        "colour_helix": "helix",
        "colour_community": "community",
        "colour_theme": "main theme",
        "colour_country": "country",
        "community_n": "community {n}",
        "no_value": "no value",
        "others": "{n} others",
        "ties": "Ties",
        "backbone_note": ("Drawn: the backbone of {kept} of {total} ties (disparity filter, significance level {alpha}, "
                          "plus each organisation's strongest tie; every tie of a focal cluster is kept)."),
        "all_ties": "show all ties",
        "min_weight": "minimum tie weight",
        "years": "Project start years",
        "years_note": "Organisations and ties of the projects started in these years (direct ties only: hidden when narrowed).",
        "country_filter": "Country",
        "all_countries": "all countries",
        "only_through": "only through this cluster",
        "only_through_count": ("{count} organisations shown ({smes} SMEs) reach knowledge institutions within 2 steps "
                               "only through this cluster: each such path passes through it"),
        "partners_title": "Partners of {name}",
        "col_name": "Name",
        "col_helix": "Helix",
        "col_projects": "Shared projects",
        "close": "close",
        "export": "Export",
        "export_png": "PNG",
        "export_svg": "SVG",
        "export_nodes": "organisations (CSV)",
        "export_ties": "ties (CSV)",
        "matches": "{n} match(es)",
        "noscript": "This map needs JavaScript.",
    },
    "nl": {
        "default_title": "Samenwerkingsnetwerk",
        "summary": "{nodes} organisaties, {edges} verbindingen",
        "source": "Bron",
        "period": "Periode",
        "all_years": "alle jaren",
        "unknown": "onbekend",
        "explain": (
            "Elke stip is een organisatie, gekleurd volgens helix en groot volgens {metric} "
            "(oppervlakte evenredig met de waarde). Een lijn verbindt twee organisaties met een "
            "gemeenschappelijk project of een rechtstreekse band (gestreept: alleen een "
            "rechtstreekse band); hoe zwaarder de band, hoe dikker de lijn. Ruiten met een donkere "
            "rand zijn clusterorganisaties."
        ),
        "focus_title": "{cluster}: partners binnen {depth} van de cluster",
        "hop": "1 stap",
        "hops": "{depth} stappen",
        "focus_explain": (
            "De cluster staat in het midden; zijn rechtstreekse partners vormen de eerste ring en verder naar "
            "buiten vormen hun partners de volgende, elke ring verdeeld in sectoren per helix. De grootte volgt "
            "{metric}; hoe zwaarder de band, hoe dikker de lijn (gestreept: alleen een rechtstreekse band)."
        ),
        "reduced": (
            "{shown} van de {total} organisaties getoond: {rule}. Weggelaten: {left} organisaties ({by_helix}) en {edges} verbindingen. De "
            "tooltips tellen per organisatie de partners die niet getoond worden; --max-nodes toont er meer."
        ),
        "rule": "eerst de clusters, dan de organisaties met de hoogste {metric}",
        "rule_focus": ("de dichtste bij de cluster eerst en, bij gelijke afstand, eerst de clusters en dan de "
                       "organisaties met de hoogste {metric}"),
        "synthetic": "Synthetische demonstratiegegevens: de organisaties, projecten en banden zijn verzonnen.",
        "legend": "Legende en filters",
        "helix": "Helix",
        "size": "Grootte",
        "size_text": "{metric}: {lo} tot {hi}",
        "size_missing": "{count} zonder waarde (kleinste grootte)",
        "cluster": "clusterorganisatie",
        "direct_tie": "alleen rechtstreekse band",
        "filter_kind": "Soort",
        "filter_cluster": "Cluster",
        "all_clusters": "alle organisaties",
        "partners_of": "{name} en zijn partners",
        "all": "alle",
        "none": "geen",
        "visible": "{shown} van {total} organisaties getoond",
        "search": "Zoek een organisatie",
        "search_button": "Zoek",
        "no_match": "Niet gevonden",
        "hidden_match": "{n} resultaat/resultaten verborgen door de filters",
        "match": "resultaat {i} van {n}",
        "kind": "Soort",
        "sme": "kmo",
        "yes": "ja",
        "no": "nee",
        "hidden_partners": "Partners niet getoond",
        "distance": "Stappen van de cluster",
        "relation": "Relatie",
        "rel_collaboration": "gemeenschappelijke projecten",
        "rel_membership": "rechtstreekse band",
        "shared_projects": "Gemeenschappelijke projecten",
        "weight": "Gewicht",
        "hint": "Scroll om te zoomen, sleep om te verschuiven, wijs aan voor details, klik een organisatie aan om "
                "haar partners te markeren.",
        "colour_by": "Kleur volgens",
        "size_by": "Grootte volgens",
        "colour_helix": "helix",
        "colour_community": "gemeenschap",
        "colour_theme": "hoofdthema",
        "colour_country": "land",
        "community_n": "gemeenschap {n}",
        "no_value": "geen waarde",
        "others": "{n} andere",
        "ties": "Banden",
        "backbone_note": ("Getekend: de ruggengraat van {kept} van de {total} banden (disparity filter, "
                          "significantieniveau {alpha}, plus de sterkste band van elke organisatie; elke band van "
                          "een centrale cluster blijft)."),
        "all_ties": "toon alle banden",
        "min_weight": "minimaal bandgewicht",
        "years": "Startjaren van projecten",
        "years_note": "Organisaties en banden van de projecten gestart in deze jaren (alleen rechtstreekse banden: verborgen bij inperken).",
        "country_filter": "Land",
        "all_countries": "alle landen",
        "only_through": "alleen via deze cluster",
        "only_through_count": ("{count} getoonde organisaties ({smes} kmo's) bereiken kennisinstellingen binnen 2 "
                               "stappen alleen via deze cluster: elk zo'n pad loopt erdoor"),
        "partners_title": "Partners van {name}",
        "col_name": "Naam",
        "col_helix": "Helix",
        "col_projects": "Gemeenschappelijke projecten",
        "close": "sluiten",
        "export": "Exporteren",
        "export_png": "PNG",
        "export_svg": "SVG",
        "export_nodes": "organisaties (CSV)",
        "export_ties": "banden (CSV)",
        "matches": "{n} resultaat/resultaten",
        "noscript": "Deze kaart heeft JavaScript nodig.",
    },
}

#: Keys the page's script needs (the rest is rendered into the HTML by the template).
SCRIPT_KEYS: tuple[str, ...] = (
    "kind", "sme", "relation", "shared_projects", "weight", "no_match", "match", "hidden_match", "visible",
    "hidden_partners", "distance", "helix", "partners_title", "col_name", "col_helix", "col_projects", "matches",
    "close",
)
