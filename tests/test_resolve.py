"""Entity resolution: VAT/PIC/name normalisation and matching across sources."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helixnet.io.imports.resolve import (
    match_organisations,
    normalise_country,
    normalise_name,
    normalise_pic,
    normalise_vat,
)


@pytest.mark.parametrize("raw", ["BE0123.456.789", "0123456789", "BE 0123 456 789", "be0123-456-789",
                                 "BE 123.456.789", " 0123.456.789 ", "BE-0123/456/789"])
def test_belgian_vat_spellings_are_equal(raw):
    assert normalise_vat(raw) == "0123456789"


@pytest.mark.parametrize("raw, expected", [
    ("NL809123456B01", "809123456B01"),
    ("nl 8091.23.456.b01", "809123456B01"),
    ("DE 123 456 789", "123456789"),  # 9 digits stay 9 outside Belgium
    ("123456789", "123456789"),  # no prefix: no Belgian padding either
    (123456789.0, "123456789"),  # a number read from a spreadsheet
    ("", None), ("   ", None), (None, None), (math.nan, None), (pd.NA, None), ("n/a", None), ("-", None),
])
def test_vat_other_cases(raw, expected):
    assert normalise_vat(raw) == expected


@pytest.mark.parametrize("raw, expected", [("999111222", "999111222"), (" 999 111 222 ", "999111222"),
                                           (999111222.0, "999111222"), ("0999111222", "999111222"), ("", None)])
def test_pic(raw, expected):
    assert normalise_pic(raw) == expected


def test_country_aliases():
    assert normalise_country("el") == "GR" and normalise_country("UK") == "GB"
    assert normalise_country("NA") == "NA"  # Namibia, not missing
    assert normalise_country(None) is None


@pytest.mark.parametrize("raw, expected", [
    ("Université Libre de Bruxelles", "universite libre de bruxelles"),
    ("UNIVERSITE LIBRE DE BRUXELLES", "universite libre de bruxelles"),
    ("ACME Chemicals N.V.", "acme chemicals"),
    ("Acme Chemicals nv", "acme chemicals"),
    ("Acme Chemicals, NV", "acme chemicals"),
    ("Bakkerij Peeters BVBA", "bakkerij peeters"),
    ("Natuurpunt vzw", "natuurpunt"),
    ("Solvay S.A.", "solvay"),
    ("Müller GmbH & Co. KG", "muller"),
    ("Smith & Sons Ltd.", "smith sons"),
    ("Widget Inc", "widget"),
    ("ENI S.p.A.", "eni"),
    ("Telefónica S.L.", "telefonica"),
    ("Tech A/S", "tech"),
    ("Firma Sp. z o.o.", "firma"),
    ("Ørsted A/S", "orsted"),
    ("Straße AG", "strasse"),
    ("L'Oréal", "loreal"),
    ("NV", "nv"),  # a name that is only a legal form keeps it
    ("Vlaamse Instelling voor Technologisch Onderzoek (VITO)", "vlaamse instelling voor technologisch onderzoek vito"),
    ("Nv Bekaert", "nv bekaert"),  # legal forms are removed at the end only
    ("Saint-Gobain", "saint gobain"),
    ("Inco Sa", "inco"),  # 'sa' as a whole word; 'Inco' itself is not touched
    ("  ", None), (None, None),
])
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz éèàüö", min_size=1, max_size=20))
def test_name_ignores_case_and_accents(text):
    """Upper-casing a name or stripping its accents never changes the normalised form."""
    plain = text.replace("é", "e").replace("è", "e").replace("à", "a").replace("ü", "u").replace("ö", "o")
    assert normalise_name(text.upper()) == normalise_name(text) == normalise_name(plain)


@given(st.lists(st.sampled_from("0123456789"), min_size=10, max_size=10), st.sampled_from(["", " ", ".", "-"]))
def test_vat_formatting_never_matters(digits, sep):
    number = "".join(digits)
    spaced = f"BE{sep}{number[:4]}{sep}{number[4:7]}{sep}{number[7:]}"
    assert normalise_vat(spaced) == normalise_vat(number) == number


def orgs(rows: list[tuple]) -> pd.DataFrame:
    """(id, name, vat, pic, country) rows."""
    frame = pd.DataFrame(rows, columns=["id", "name", "vat", "pic", "country"])
    return frame.set_index("id")


def test_match_by_vat_then_pic_then_name():
    new = orgs([
        ("n-acme", "Acme NV", "BE 0123.456.789", None, "BE"),
        ("n-uni", "Universiteit X", None, "999111222", "BE"),
        ("n-both", "Both", "BE0999999999", "888", "BE"),  # VAT wins over PIC
        ("n-name", "Stad Gent", None, None, "BE"),
        ("n-none", "Nobody", None, None, "BE"),
        ("n-other", "Acme BV", "0555555555", None, "BE"),  # same name as e-acme, different VAT
    ])
    existing = orgs([
        ("e-acme", "ACME", "0123456789", None, "BE"),
        ("e-uni", "University X", None, "999111222", None),  # unknown country is no conflict
        ("e-vat", "Both by VAT", "0999999999", None, "BE"),
        ("e-pic", "Both by PIC", None, "888", "BE"),
        ("e-gent", "STAD GENT", None, None, "BE"),
        ("e-gent-nl", "Stad Gent", None, None, "NL"),  # other country: no candidate
    ])
    result = match_organisations(new, existing)
    assert result.by_key.values.tolist() == [
        ["n-acme", "e-acme", "vat"], ["n-both", "e-vat", "vat"], ["n-uni", "e-uni", "pic"]]
    assert result.by_name[["id", "other_id", "match"]].values.tolist() == [
        ["n-name", "e-gent", "name"], ["n-other", "e-acme", "name; vat differs"]]
    assert result.by_name.loc[0, "other_name"] == "STAD GENT"


def test_key_conflicting_country_is_no_match():
    new = orgs([("n1", "X", "0123456789", None, "UK")])
    existing = orgs([("e1", "X", "0123456789", None, "GB"), ("e2", "Y", "0123456789", None, "DE")])
    result = match_organisations(new, existing)
    assert result.by_key.values.tolist() == [["n1", "e1", "vat"]]  # UK == GB; DE conflicts


def test_several_existing_matches_pick_smallest_id():
    new = orgs([("n1", "X", None, "42", None)])
    existing = orgs([("e2", "X", None, "42", None), ("e1", "X", None, "042", None)])
    assert match_organisations(new, existing).by_key.values.tolist() == [["n1", "e1", "pic"]]


def test_missing_columns_and_empty_frames():
    new = pd.DataFrame({"name": ["Acme NV"]}, index=pd.Index(["n1"], name="id"))
    existing = pd.DataFrame({"name": ["acme"]}, index=pd.Index(["e1"], name="id"))
    result = match_organisations(new, existing)
    assert result.by_key.empty and result.by_name[["id", "other_id"]].values.tolist() == [["n1", "e1"]]
    empty = pd.DataFrame({"name": pd.Series(dtype=object)}, index=pd.Index([], name="id"))
    assert match_organisations(new, empty).by_name.empty
    assert match_organisations(empty, existing).by_key.empty
