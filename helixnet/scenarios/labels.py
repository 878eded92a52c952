"""Display names of the scenario outcomes, which direction is better, and how changes are written.

Used by the scenario figures (:func:`helixnet.viz.static.scenario_matrix`) and the
scenario section of the report. Importing this module is cheap (no pandas, no
matplotlib). The words live in the text catalogue (``texts/locale/<lang>/scenarios.json``).

"Better for the ecosystem" is the direction the issue and the green paper read as an
improvement of the quadruple-helix network: more organisations connected, shorter
distances between the helices, more ties across helices, a focal cluster that brokers
more between helices and is less dependent on one partner. It orients the colours only;
the numbers are shown as they are.
"""

from __future__ import annotations

import math

from helixnet import languages as style  # check_lang; the layer below scenarios
from helixnet.texts import LANGUAGES, catalogue

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

#: The scenario texts per language, from the text catalogue (namespace ``scenario_labels``).
_TEXT: dict[str, dict] = {lang: catalogue(lang)["scenario_labels"] for lang in LANGUAGES}


def _outcome_labels(lang: str) -> dict[str, str]:
    """The outcome names of ``lang``, with one ``brokerage_<role>_z`` per Gould-Fernandez role
    (the role names of :func:`helixnet.metrics.catalogue.role_name`)."""
    from helixnet.metrics.catalogue import ROLES, role_name

    text = _TEXT[lang]
    return {**text["outcomes"],
            **{f"brokerage_{role}_z": text["role_z"].format(role=role_name(role, lang)) for role in ROLES}}


#: Display names of the outcomes per language.
OUTCOME_LABELS: dict[str, dict[str, str]] = {lang: _outcome_labels(lang) for lang in LANGUAGES}

#: One-line definitions of the outcomes (shown next to the scenario results).
OUTCOME_GUIDES: dict[str, dict[str, str]] = {lang: _TEXT[lang]["guides"] for lang in LANGUAGES}

#: How "better" reads per direction, per language.
BETTER_TEXT: dict[str, dict[int, str]] = {lang: {1: _TEXT[lang]["higher_better"], -1: _TEXT[lang]["lower_better"]}
                                          for lang in LANGUAGES}

#: A change that cannot be computed (e.g. the focal cluster was removed).
NOT_AVAILABLE: dict[str, str] = {lang: _TEXT[lang]["not_available"] for lang in LANGUAGES}


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
