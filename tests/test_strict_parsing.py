"""Strict, documented parsing of data cells (helixnet.io.cells) and data files: years,
numbers per delimiter convention, ids, control characters, kind, symbolic links."""

from __future__ import annotations

import csv
import os
import re
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import helixnet
from helixnet import schema
from helixnet.cli import main
from helixnet.errors import DataError
from helixnet.io.cells import MAX_NUMBER, parse_cell
from tests.helpers import copy_tiny, replace_in
from tests.strategies import invisible_ids, numeric_forms

YEAR = schema.Column("start_year", "year", nonempty=False)
BUDGET = schema.Column("budget_eur", "float", nonempty=False)
WEIGHT = schema.Column("weight", "positive", nonempty=False)
ID = schema.Column("id", "id")
NAME = schema.Column("name")


def cell(raw: str, column: schema.Column, delimiter: str = ","):
    return parse_cell(raw, column, path="f.csv", line=2, delimiter=delimiter)


# --------------------------------------------------------------------------- years
@pytest.mark.parametrize("raw", ["2020", " 2020 "])
def test_years_are_four_ascii_digits(raw):
    assert cell(raw, YEAR) == 2020


@pytest.mark.parametrize("raw", ["2020.0", "2e3", "2_020", "+2020", "\u0662\u0660\u0662\u0660", "２０２０", "020",
                                 "02020", "1899", "2101"])
def test_other_year_forms_are_refused(raw):
    with pytest.raises(DataError, match=r"f\.csv:2: column 'start_year': .* expected a year between 1900 and 2100 \(four digits\)"):
        cell(raw, YEAR)


# --------------------------------------------------------------------------- numbers
@pytest.mark.parametrize("raw, delimiter, value", [
    ("1234", ",", 1234.0), ("1234.5", ",", 1234.5), ("0", ",", 0.0),
    ("1234", ";", 1234.0), ("1234,5", ";", 1234.5), ("1.234,00", ";", 1234.0), ("1.234.567", ";", 1234567.0),
    ("1.234.567,5", ";", 1234567.5), ("1234.5", ";", 1234.5), ("1.5", ";", 1.5), ("12.3456", ";", 12.3456),
])
def test_documented_number_forms(raw, delimiter, value):
    assert cell(raw, BUDGET, delimiter) == value


@pytest.mark.parametrize("raw", ["1.234", "12.345", "999.000"])
def test_a_single_point_group_is_ambiguous_in_a_semicolon_file(raw):
    with pytest.raises(DataError, match=r"column 'budget_eur': '[\d.]+' is ambiguous in a ';'-delimited file"):
        cell(raw, BUDGET, ";")
    assert cell(raw, BUDGET, ",") == float(raw)  # a decimal point in a ',' file


@pytest.mark.parametrize("thousands, raw, value", [
    ("point", "1.234", 1234.0), ("point", "12.345.678", 12345678.0), ("point", "1.234,5", 1234.5),
    ("point", "1234,5", 1234.5), ("point", "1234", 1234.0),
    ("none", "1.234", 1.234), ("none", "1234,5", 1234.5), ("none", "12.5", 12.5), ("none", "1234", 1234.0),
])
def test_thousands_says_how_a_semicolon_file_writes_numbers(thousands, raw, value):
    assert parse_cell(raw, BUDGET, path="f.csv", line=2, delimiter=";", thousands=thousands) == value
    assert parse_cell(raw.replace(",", "."), BUDGET, path="f.csv", line=2, delimiter=",",
                      thousands=thousands) == float(raw.replace(",", ".")) if raw.count(".") + raw.count(",") <= 1 \
        else True  # no effect on ','-delimited files


@pytest.mark.parametrize("thousands, raw, forms", [
    ("point", "1234.5", "1234,5 or 1.234,5"),       # a point that does not group thousands
    ("point", "1.23", "1234,5 or 1.234,5"),
    ("none", "1.234.567", "1234.5 or 1234,5"),      # grouped forms have no reading without separators
    ("none", "1.234,5", "1234.5 or 1234,5"),
])
def test_forms_that_contradict_thousands_are_refused(thousands, raw, forms):
    with pytest.raises(DataError, match=re.escape(f"'{raw}' expected a number >= 0 (in plain digits, at most 1e+15: "
                                                  f"{forms})")):
        parse_cell(raw, BUDGET, path="f.csv", line=2, delimiter=";", thousands=thousands)


def _semicolon_budget(tmp_path, budget: str, meta: str | None = None):
    """The tiny data with projects.csv rewritten ';'-delimited (decimal commas) and p1's budget
    written as ``budget``."""
    data = copy_tiny(tmp_path)
    projects = data / "nodes" / "projects.csv"
    with projects.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("budget_eur")
    for row in rows[2:]:
        row[column] = row[column].replace(".", ",")  # decimal commas, as a Dutch-locale spreadsheet writes them
    rows[1][column] = budget
    with projects.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    if meta is not None:
        (data / "dataset.toml").write_text(meta, encoding="utf-8")
    return data, projects


def test_cli_thousands_option_resolves_an_ambiguous_number(tmp_path):
    data, projects = _semicolon_budget(tmp_path, "1.234")
    refused = CliRunner().invoke(main, ["validate", str(data)])
    assert refused.exit_code == 1
    assert f"{projects}:2: column 'budget_eur': '1.234' is ambiguous" in refused.stderr
    assert "--thousands point|none" in refused.stderr
    for thousands, value in (("point", 1234.0), ("none", 1.234)):
        assert CliRunner().invoke(main, ["validate", str(data), "--thousands", thousands]).exit_code == 0
        assert helixnet.load(data, thousands=thousands).projects.loc["p1", "budget_eur"] == value
    out = tmp_path / "metrics"
    ran = CliRunner().invoke(main, ["metrics", str(data), "--thousands", "point", "--null-replicates", "0",
                                    "--out", str(out)])
    assert ran.exit_code == 0, ran.output
    assert (out / "organisations.csv").exists()


def test_dataset_toml_thousands_key(tmp_path):
    data, _ = _semicolon_budget(tmp_path, "1.234", meta='title = "t"\nthousands = "point"\n')
    assert helixnet.load(data).projects.loc["p1", "budget_eur"] == 1234.0
    assert helixnet.load(data, thousands="none").projects.loc["p1", "budget_eur"] == 1.234  # the option wins
    assert "thousands" not in helixnet.load(data).meta.extra
    (data / "dataset.toml").write_text('title = "t"\nthousands = "comma"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(data)])
    assert result.exit_code == 1
    assert f"{data / 'dataset.toml'}:2: column 'thousands': 'comma' expected one of 'point', 'none'" in result.stderr


@pytest.mark.parametrize("raw", ["1e3", "1E3", "1_000", "inf", "nan", "Infinity", "1,234", "+5", "١٢", "1 000",
                                 "0x10", "-1", "1" + "0" * 16, "1" * 400])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_other_number_forms_are_refused(raw, delimiter):
    if delimiter == ";" and raw == "1,234":
        return  # a decimal comma there
    with pytest.raises(DataError, match=re.escape("expected a number >= 0 (in plain digits, at most 1e+15: 1234.5")):
        cell(raw, BUDGET, delimiter)


@settings(max_examples=200, deadline=None)
@given(numeric_forms(), st.sampled_from([None, "point", "none"]))
def test_every_number_form_parses_to_a_finite_bounded_value_or_a_clear_error(form, thousands):
    raw, delimiter = form
    try:
        value = parse_cell(raw, BUDGET, path="f.csv", line=2, delimiter=delimiter, thousands=thousands)
    except DataError as exc:
        assert "f.csv:2: column 'budget_eur'" in str(exc)
    else:
        assert value is None or 0 <= value <= MAX_NUMBER


def test_two_huge_ties_on_one_pair_are_refused_by_validate(tmp_path):
    """Regression: two ties of weight 1e308 passed validate, then every analysis failed."""
    data = copy_tiny(tmp_path)
    ties = data / "edges" / "ties.csv"
    header, *rows = ties.read_text(encoding="utf-8").splitlines()
    big = "1" + "0" * 308
    columns = header.split(",")
    first = rows[0].split(",")
    first[columns.index("weight")] = big
    ties.write_text("\n".join([header, ",".join(first), ",".join(first)]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(data)])
    assert result.exit_code == 1
    assert f"{ties}:2: column 'weight': '{big[:77]}...' expected a number > 0" in result.stderr.split("\n")[1]


# --------------------------------------------------------------------------- ids and text
def test_ids_are_nfc_normalised():
    decomposed = unicodedata.normalize("NFD", "café")
    assert decomposed != "café" and cell(decomposed, ID) == "café"


@pytest.mark.parametrize("raw, point", [("u\u200b1", "U+200B ZERO WIDTH SPACE"), ("\ufeffu1", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
                                        ("u1\u2060", "U+2060 WORD JOINER"), ("u\x0b1", "U+000B control character")])
def test_invisible_characters_in_ids_are_refused_with_code_points(raw, point):
    with pytest.raises(DataError, match=re.escape(f"column 'id': {raw!r} holds {point} at position")):
        cell(raw, ID)


@settings(max_examples=100, deadline=None)
@given(invisible_ids())
def test_no_id_with_an_invisible_character_is_accepted(raw):
    with pytest.raises(DataError, match="expected an id without invisible or control characters"):
        cell(raw, ID)


@pytest.mark.parametrize("raw", ["a\x0bb", "nul\x00", "esc\x1b[31m", "del\x7f", "c1\x85"])
def test_control_characters_in_names_are_refused(raw):
    with pytest.raises(DataError, match=r"column 'name': .* holds U\+00[0-9A-F]{2} .*expected text without control"):
        cell(raw, NAME)


def test_tabs_newlines_and_direction_marks_in_names_stay():
    for raw in ["Line\nbreak", "tab\there", "\u202eevil\u202c"]:
        assert cell(raw, NAME) == raw


def test_ids_that_differ_only_by_normalisation_are_one_organisation(tmp_path):
    data = copy_tiny(tmp_path)
    replace_in(data / "nodes" / "organisations.csv", "u1,University One", "caf\u00e9,University One")
    parts = data / "edges" / "participations.csv"
    parts.write_text(parts.read_text(encoding="utf-8").replace("u1", unicodedata.normalize("NFD", "caf\u00e9")),
                     encoding="utf-8")
    ties = data / "edges" / "ties.csv"
    ties.write_text(ties.read_text(encoding="utf-8").replace("u1", "caf\u00e9"), encoding="utf-8")
    ds = helixnet.load(data)
    assert "caf\u00e9" in ds.organisations.index and len(ds.organisations) == 7
    assert set(ds.participations["org_id"]) >= {"caf\u00e9"}


def test_kind_is_case_insensitive_like_helix(tmp_path):
    """Regression: kind 'Cluster' was silently not a cluster."""
    data = copy_tiny(tmp_path)
    replace_in(data / "nodes" / "organisations.csv", "clu,Cluster A,intermediair,cluster",
               "clu,Cluster A,INTERMEDIAIR,Cluster")
    assert list(helixnet.load(data).clusters.index) == ["clu"]


# --------------------------------------------------------------------------- files
@pytest.mark.parametrize("kind", ["broken", "loop"])
def test_broken_or_looping_symlinked_data_files_are_errors(tmp_path, kind):
    data = copy_tiny(tmp_path)
    link = data / "nodes" / "organisations_more.csv"
    if kind == "broken":
        link.symlink_to(data / "nodes" / "missing.csv")
    else:
        os.symlink(link.name, link)  # points at itself
    result = CliRunner().invoke(main, ["validate", str(data)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {link}: is a symbolic link that is broken or loops; expected a readable CSV " \
                            "file (fix or remove the link)\n"


def test_a_csv_of_only_an_empty_quoted_field_is_an_error(tmp_path):
    data = copy_tiny(tmp_path)
    (data / "nodes" / "projects.csv").write_text('""', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(data)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {data / 'nodes' / 'projects.csv'}:1: holds no header")
    assert "Traceback" not in result.output
