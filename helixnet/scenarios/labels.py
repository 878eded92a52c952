"""Display names of the scenario outcomes, which direction is better, and how changes are written.

Used by the scenario figures (:func:`helixnet.viz.static.scenario_matrix`) and the
scenario section of the report. Importing this module is cheap (no pandas, no
matplotlib).

"Better for the ecosystem" is the direction the issue and the green paper read as an
improvement of the quadruple-helix network: more organisations connected, shorter
distances between the helices, more ties across helices, a focal cluster that brokers
more between helices and is less dependent on one partner. It orients the colours only;
the numbers are shown as they are.
"""

from __future__ import annotations

import math

from helixnet import languages as style  # check_lang; the layer below scenarios

#: ``+1``: higher is better for the ecosystem; ``-1``: lower is better.
OUTCOME_BETTER: dict[str, int] = {
    "giant_share": 1,
    "fragmentation": -1,
    "distance_fragmentation": -1,
    "sme_knowledge_reach": 1,
    "helix_distance": 1,
    "cross_helix_ties": 1,
    "cross_helix_weight": 1,
    "participation_coefficient": 1,
    "top1_share": -1,
    "top3_share": -1,
    "herfindahl": -1,
}

#: Gould-Fernandez roles of the focal-node brokerage outcomes ``brokerage_<role>_z``.
_ROLES: dict[str, dict[str, str]] = {
    "en": {"w_I": "coordinator", "w_O": "itinerant broker", "b_IO": "representative", "b_OI": "gatekeeper",
           "b_O": "liaison", "t": "total brokerage"},
    "nl": {"w_I": "coördinator", "w_O": "rondtrekkende makelaar", "b_IO": "vertegenwoordiger",
           "b_OI": "poortwachter", "b_O": "verbindingspersoon", "t": "totale bemiddeling"},
}

OUTCOME_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "giant_share": "share in the largest component",
        "fragmentation": "fragmentation",
        "distance_fragmentation": "distance-weighted fragmentation",
        "sme_knowledge_reach": "SMEs within 2 steps of a knowledge institution",
        "helix_distance": "closeness between helices",
        "cross_helix_ties": "cross-helix ties",
        "cross_helix_weight": "cross-helix tie weight",
        "participation_coefficient": "cluster: participation coefficient",
        "top1_share": "cluster: weight on top partner",
        "top3_share": "cluster: weight on top 3 partners",
        "herfindahl": "cluster: partner concentration (Herfindahl)",
        **{f"brokerage_{role}_z": f"cluster: {label} z-score" for role, label in _ROLES["en"].items()},
    },
    "nl": {
        "giant_share": "aandeel in de grootste component",
        "fragmentation": "fragmentatie",
        "distance_fragmentation": "afstandsgewogen fragmentatie",
        "sme_knowledge_reach": "kmo's binnen 2 stappen van een kennisinstelling",
        "helix_distance": "nabijheid tussen de helices",
        "cross_helix_ties": "banden tussen helices",
        "cross_helix_weight": "bandgewicht tussen helices",
        "participation_coefficient": "cluster: participatiecoëfficiënt",
        "top1_share": "cluster: gewicht op sterkste partner",
        "top3_share": "cluster: gewicht op 3 sterkste partners",
        "herfindahl": "cluster: partnerconcentratie (Herfindahl)",
        **{f"brokerage_{role}_z": f"cluster: z-score {label}" for role, label in _ROLES["nl"].items()},
    },
}

#: One-line definitions of the outcomes (shown next to the scenario results).
OUTCOME_GUIDES: dict[str, dict[str, str]] = {
    "en": {
        "giant_share": "Share of all organisations in the largest connected component.",
        "fragmentation": "Share of pairs of organisations that cannot reach each other (Borgatti 2006).",
        "distance_fragmentation": "1 minus the mean of 1/distance over all pairs: 0 = everyone tied to everyone, "
                                  "1 = nobody reachable (Borgatti 2006).",
        "sme_knowledge_reach": "Share of SMEs with a knowledge institution at most two ties away.",
        "helix_distance": "Mean of 1/distance between organisations of two different helices, over the pairs of "
                          "helices: higher = the helices are closer.",
        "cross_helix_ties": "Number of ties between organisations of different helices.",
        "cross_helix_weight": "Total weight of the ties between organisations of different helices.",
        "brokerage_b_O_z": "z-score of the cluster's (or its successor's) liaison brokerage between three different "
                           "helices against chance (Gould & Fernandez 1989); n/a when the cluster is gone.",
        "participation_coefficient": "Balance of the cluster's (or its successor's) partners over the helices "
                                     "(Guimerà & Amaral 2005); n/a when the cluster is gone.",
        "top1_share": "Share of the cluster's tie weight on its strongest partner; n/a when the cluster is gone.",
        "herfindahl": "Concentration of the cluster's tie weight over its partners; n/a when the cluster is gone.",
    },
    "nl": {
        "giant_share": "Aandeel van alle organisaties in de grootste samenhangende component.",
        "fragmentation": "Aandeel van de paren organisaties die elkaar niet kunnen bereiken (Borgatti 2006).",
        "distance_fragmentation": "1 min het gemiddelde van 1/afstand over alle paren: 0 = iedereen met iedereen "
                                  "verbonden, 1 = niemand bereikbaar (Borgatti 2006).",
        "sme_knowledge_reach": "Aandeel kmo's met een kennisinstelling op hoogstens twee banden afstand.",
        "helix_distance": "Gemiddelde van 1/afstand tussen organisaties van twee verschillende helices, over de "
                          "paren helices: hoger = de helices liggen dichter bij elkaar.",
        "cross_helix_ties": "Aantal banden tussen organisaties van verschillende helices.",
        "cross_helix_weight": "Totaal gewicht van de banden tussen organisaties van verschillende helices.",
        "brokerage_b_O_z": "z-score van de bemiddeling van de cluster (of haar opvolger) als verbindingspersoon "
                           "tussen drie verschillende helices, tegenover toeval (Gould & Fernandez 1989); n.v.t. "
                           "als de cluster verdwenen is.",
        "participation_coefficient": "Evenwicht van de partners van de cluster (of haar opvolger) over de helices "
                                     "(Guimerà & Amaral 2005); n.v.t. als de cluster verdwenen is.",
        "top1_share": "Aandeel van het bandgewicht van de cluster bij haar sterkste partner; n.v.t. als de "
                      "cluster verdwenen is.",
        "herfindahl": "Concentratie van het bandgewicht van de cluster over haar partners; n.v.t. als de cluster "
                      "verdwenen is.",
    },
}

#: How "better" reads per direction, per language.
BETTER_TEXT: dict[str, dict[int, str]] = {
    "en": {1: "higher is better", -1: "lower is better"},
    "nl": {1: "hoger is beter", -1: "lager is beter"},
}

#: A change that cannot be computed (e.g. the focal cluster was removed).
NOT_AVAILABLE: dict[str, str] = {"en": "n/a", "nl": "n.v.t."}


def outcome_label(outcome: str, lang: str = "en") -> str:
    """The display name of ``outcome`` in ``lang`` (the outcome name itself if unknown)."""
    return OUTCOME_LABELS[style.check_lang(lang)].get(outcome, outcome)


def outcome_guide(outcome: str, lang: str = "en") -> str:
    """The one-line definition of ``outcome`` in ``lang`` (empty if there is none)."""
    return OUTCOME_GUIDES[style.check_lang(lang)].get(outcome, "")


def better_direction(outcome: str) -> int:
    """``+1`` if a higher value of ``outcome`` is better for the ecosystem, ``-1`` if lower is.

    Every focal-node brokerage z-score ``brokerage_<role>_z`` counts as higher = better
    (more brokerage than chance); an outcome not listed in :data:`OUTCOME_BETTER` too.
    """
    return OUTCOME_BETTER.get(outcome, 1)


def better_text(outcome: str, lang: str = "en") -> str:
    """``"higher is better"`` / ``"lower is better"`` for ``outcome`` in ``lang``."""
    return BETTER_TEXT[style.check_lang(lang)][better_direction(outcome)]


def _finite(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def change_decimals(*values: object) -> int:
    """Decimals that show the largest of ``values`` with two significant digits (0 for |x| >= 10).

    Examples
    --------
    >>> change_decimals(0.012, 0.008, 0.015), change_decimals(-523.4, -610.0), change_decimals(0.0)
    (3, 0, 0)
    """
    present = [abs(v) for v in map(_finite, values) if v is not None and v != 0]
    if not present:
        return 0
    return max(0, 1 - math.floor(math.log10(max(present))))


def format_change(mean: object, low: object = None, high: object = None, n_runs: object = 1,
                  lang: str = "en") -> tuple[str, str]:
    """A change from baseline as ``("+0.012", "[0.008, 0.015]")``.

    The mean carries its sign (``+`` for an increase, ``-`` for a decrease, none for 0);
    the interval (5th to 95th percentile of the Monte Carlo runs) uses the same decimals
    (:func:`change_decimals` of the three numbers) and is empty for a deterministic
    result (``n_runs`` <= 1). A missing mean gives ``("n/a", "")`` (``"n.v.t."`` in Dutch).
    Dutch uses a decimal comma.
    """
    text_na = NOT_AVAILABLE[style.check_lang(lang)]
    centre = _finite(mean)
    if centre is None:
        return text_na, ""
    runs = _finite(n_runs)
    ends = [_finite(low), _finite(high)]
    with_interval = runs is not None and runs > 1 and None not in ends
    decimals = change_decimals(centre, *(ends if with_interval else []))

    def number(x: float) -> str:
        text = f"{x:,.{decimals}f}"
        if float(text.replace(",", "")) == 0:
            text = text.lstrip("-")  # no "-0.000"
        if lang == "nl":
            text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return text

    shown = number(centre)
    if centre > 0 and shown.strip("0.,") != "":
        shown = "+" + shown
    interval = f"[{number(ends[0])}; {number(ends[1])}]" if with_interval and lang == "nl" else (
        f"[{number(ends[0])}, {number(ends[1])}]" if with_interval else "")
    return shown, interval
