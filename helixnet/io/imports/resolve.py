"""Entity resolution: recognise the same organisation across sources.

Two organisations are the *same by key* when their normalised VAT/KBO numbers or their
EU participant identification codes (PIC) are equal and their countries do not
contradict each other; such matches are merged automatically by
:func:`helixnet.io.imports.refresh.apply_batch`. Two organisations whose normalised
*names* are equal are only *candidates*: they are listed for the user to confirm, never
merged silently (a university and its spin-off, or two cities called Sint-Niklaas in
different countries, share names but not identity).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from helixnet.schema import iso_country

if TYPE_CHECKING:
    import pandas as pd

#: Legal-form words stripped from the end of a name (after lower-casing, removing accents
#: and dots). Multi-word forms are given with spaces.
LEGAL_FORMS: tuple[str, ...] = (
    # Belgium / Netherlands
    "nv", "bv", "bvba", "cvba", "cv", "comm v", "commv", "vof", "vzw", "ivzw", "sa", "srl", "sprl",
    "scrl", "scrlfs", "asbl", "aisbl", "sc", "scs", "snc", "ez", "bvba so",
    # Germany / Austria / Switzerland
    "gmbh", "ag", "kg", "ohg", "ug", "ev", "gbr", "kgaa", "gmbh co kg", "co kg",
    # France / Spain / Italy / Portugal
    "sas", "sasu", "sarl", "eurl", "sl", "slu", "spa", "srl", "sapa", "lda", "scarl",
    # Nordic / central and eastern Europe
    "ab", "as", "a s", "aps", "oy", "oyj", "asa", "sro", "s r o", "spzoo", "sp z oo", "sp zoo",
    "doo", "d o o", "kft", "zrt", "nyrt", "ad", "ood", "eood", "oü", "ou", "uab", "sia",
    # English-speaking
    "ltd", "limited", "plc", "inc", "incorporated", "corp", "corporation", "co", "llc", "llp",
    "lp", "company",
    # European forms
    "se", "eeig", "egtc", "eesv",
)

_FORMS_BY_LENGTH: tuple[tuple[tuple[str, ...], ...], ...] = tuple(
    tuple(sorted({tuple(f.split()) for f in LEGAL_FORMS if len(f.split()) == n}))
    for n in (4, 3, 2, 1)
)


_VAT_PREFIX = re.compile(r"^([A-Z]{2})(?=[0-9A-Z]*[0-9])")
_VAT_DROP = re.compile(r"[\s.\-/_,]+")
_NAME_JOIN = re.compile(r"[.'’`´]")
_NAME_SPLIT = re.compile(r"[^0-9a-z]+")


def _text(value: object) -> str | None:
    """``value`` as stripped text, or None for NA/None/empty."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():  # a number read from a spreadsheet, e.g. 123456789.0
            value = int(value)
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    text = str(value).strip()
    return text or None


def normalise_vat(value: object) -> str | None:
    """Normalise a VAT/KBO number so that spellings of one number compare equal.

    Spaces, dots, dashes and slashes are removed, letters upper-cased and a leading
    two-letter country prefix dropped. A Belgian number of 9 digits (the pre-2005 form)
    gets its leading ``0``, so ``BE0123.456.789``, ``0123456789``, ``BE 0123 456 789``
    and ``BE 123.456.789`` are all ``0123456789``.

    Parameters
    ----------
    value : object
        The number as found in the source (text, or a number read from a spreadsheet).

    Returns
    -------
    str or None
        The normalised number, or None when ``value`` is empty or holds no digit.

    Examples
    --------
    >>> normalise_vat("BE 0123.456.789")
    '0123456789'
    >>> normalise_vat("nl-8091.23.456.B01")
    '809123456B01'
    """
    text = _text(value)
    if text is None:
        return None
    compact = _VAT_DROP.sub("", text.upper())
    prefix = None
    match = _VAT_PREFIX.match(compact)
    if match:
        prefix = match.group(1)
        compact = compact[2:]
    if not any(ch.isdigit() for ch in compact):
        return None
    if prefix == "BE" and len(compact) == 9 and compact.isdigit():
        compact = "0" + compact
    return compact


def normalise_pic(value: object) -> str | None:
    """Normalise an EU participant identification code (PIC): digits, no leading zeros.

    Returns None for an empty value or one without digits.
    """
    text = _text(value)
    if text is None:
        return None
    digits = re.sub(r"\D", "", text)
    return digits.lstrip("0") or (digits and "0") or None


def normalise_country(value: object) -> str | None:
    """Upper-case ISO code with the EU aliases (``EL`` -> ``GR``, ``UK`` -> ``GB``) resolved."""
    text = _text(value)
    return None if text is None else iso_country(text)


def normalise_name(value: object) -> str | None:
    """Normalise an organisation name for duplicate detection.

    Accents are removed (Unicode NFKD), case folded, dots and apostrophes dropped
    (``N.V.`` -> ``nv``), every other run of punctuation becomes one space (``&`` too),
    and legal-form words such as ``nv``, ``bvba``, ``vzw``, ``gmbh``, ``ltd``, ``s.p.a.``
    (:data:`LEGAL_FORMS`) are removed from the end, repeatedly, as whole words. A name
    made only of a legal form keeps it.

    Parameters
    ----------
    value : object
        The name as found in the source.

    Returns
    -------
    str or None
        Lower-case words separated by single spaces, or None for an empty name.

    Examples
    --------
    >>> normalise_name("Université Libre de Bruxelles")
    'universite libre de bruxelles'
    >>> normalise_name("ACME Chemicals N.V.")
    'acme chemicals'
    >>> normalise_name("Müller GmbH & Co. KG")
    'muller'
    """
    text = _text(value)
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = plain.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("œ", "oe").replace("ł", "l")
    words = _NAME_SPLIT.split(_NAME_JOIN.sub("", plain))
    words = [w for w in words if w]
    if not words:
        return None
    return " ".join(_strip_legal_forms(words))


def _strip_legal_forms(words: list[str]) -> list[str]:
    """Drop legal-form words from the end while at least one other word remains."""
    stripped = True
    while stripped:
        stripped = False
        for forms in _FORMS_BY_LENGTH:
            if not forms:
                continue
            n = len(forms[0])
            if len(words) > n and tuple(words[-n:]) in forms:
                words = words[:-n]
                stripped = True
                break
    return words


@dataclass
class OrganisationMatches:
    """Matches of new organisations against existing ones.

    Attributes
    ----------
    by_key : pandas.DataFrame
        One row per new organisation with an exact key match: columns ``id`` (new),
        ``other_id`` (existing), ``match`` (``vat`` or ``pic``). VAT is tried first; when
        a key matches several existing organisations the smallest ``other_id`` is taken.
    by_name : pandas.DataFrame
        Name-only candidates (new organisations without a key match): columns ``id``,
        ``name``, ``other_id``, ``other_name``, ``match`` (``name``, or
        ``name; vat differs`` when both have different VAT numbers), one row per pair.
    """

    by_key: "pd.DataFrame"
    by_name: "pd.DataFrame"


def match_organisations(new_orgs: "pd.DataFrame", existing_orgs: "pd.DataFrame") -> OrganisationMatches:
    """Find organisations of ``new_orgs`` that are already in ``existing_orgs``.

    Parameters
    ----------
    new_orgs, existing_orgs : pandas.DataFrame
        Indexed by organisation id, with a ``name`` column and optionally ``vat``,
        ``pic`` and ``country`` (missing columns count as empty).

    Returns
    -------
    OrganisationMatches
        Exact matches by VAT or PIC (countries, when both are known, must agree) and
        name-only candidates for the remaining new organisations.

    Examples
    --------
    >>> import pandas as pd
    >>> new = pd.DataFrame({"name": ["Acme NV"], "vat": ["BE0123.456.789"]}, index=["n1"])
    >>> old = pd.DataFrame({"name": ["ACME"], "vat": ["0123456789"]}, index=["o1"])
    >>> match_organisations(new, old).by_key[["id", "other_id", "match"]].values.tolist()
    [['n1', 'o1', 'vat']]
    """
    new = _keys(new_orgs)
    old = _keys(existing_orgs)
    found = []
    for key in ("vat", "pic"):
        pairs = _pairs_on(new, old, key)
        pairs = pairs[~pairs["id"].isin([p for f in found for p in f["id"]])]
        found.append(pairs.assign(match=key))
    import pandas as pd

    by_key = pd.concat(found, ignore_index=True)[["id", "other_id", "match"]]
    by_key = by_key.sort_values(["id", "other_id"]).drop_duplicates("id").reset_index(drop=True)
    rest = new[~new["id"].isin(by_key["id"])]
    by_name = _pairs_on(rest, old, "name_key")
    vat_differs = by_name["vat"].notna() & by_name["other_vat"].notna() & (by_name["vat"] != by_name["other_vat"])
    by_name = by_name.assign(match=vat_differs.map({True: "name; vat differs", False: "name"}))
    by_name = by_name[["id", "name", "other_id", "other_name", "match"]]
    return OrganisationMatches(by_key=by_key, by_name=by_name.sort_values(["id", "other_id"]).reset_index(drop=True))


def _keys(orgs: "pd.DataFrame") -> "pd.DataFrame":
    """``id, name, vat, pic, country, name_key`` with normalised keys (one call per distinct value)."""
    import pandas as pd

    def column(name: str) -> "pd.Series":
        if name in orgs.columns:
            return orgs[name]
        return pd.Series(None, index=orgs.index, dtype=object)

    def normalised(series: "pd.Series", func) -> "pd.Series":
        values = series.astype(object)
        mapping = {v: func(v) for v in pd.unique(values.dropna())}
        return values.map(mapping).astype(object).where(values.notna(), None)

    return pd.DataFrame({
        "id": orgs.index.astype(str),
        "name": column("name").astype(object).to_numpy(),
        "vat": normalised(column("vat"), normalise_vat).to_numpy(),
        "pic": normalised(column("pic"), normalise_pic).to_numpy(),
        "country": normalised(column("country"), normalise_country).to_numpy(),
        "name_key": normalised(column("name"), normalise_name).to_numpy(),
    })


def _pairs_on(new: "pd.DataFrame", old: "pd.DataFrame", key: str) -> "pd.DataFrame":
    """Pairs with equal, non-empty ``key`` whose countries do not contradict each other."""
    left = new[new[key].notna()]
    right = old[old[key].notna()].add_prefix("other_")
    pairs = left.merge(right, left_on=key, right_on=f"other_{key}", how="inner")
    conflict = pairs["country"].notna() & pairs["other_country"].notna() & (pairs["country"] != pairs["other_country"])
    return pairs[~conflict]
