"""Tests of the CORDIS importer (helixnet.io.imports.cordis).

Expected counts are computed independently with plain pandas on the same files.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pandas as pd
import pytest

from helixnet import schema
from helixnet.errors import DataError, OptionError
from helixnet.io.imports.batch import (
    ORGANISATION_COLUMNS,
    PARTICIPATION_COLUMNS,
    PROJECT_COLUMNS,
)
from helixnet.io.imports.cordis import read_cordis

DATA = Path(__file__).parent / "data" / "cordis"
EXTRACT = DATA / "organizations_extract.csv"
PROJECTS = DATA / "projects_current.csv"
PRE_ORGS = DATA / "pre2021_organizations.csv"
PRE_PROJECTS = DATA / "pre2021_projects.csv"
REAL = (Path(__file__).resolve().parents[2] / "shared" / "data" / "cordis" / "h2020"
        / "h2020_organizations_out_formatted_latest.csv")


def _raw(path: Path) -> pd.DataFrame:
    """The file as plain pandas reads it: every cell text, nothing turned into NaN."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _expected_counts(raw: pd.DataFrame) -> dict[str, int]:
    return {
        "organisations": raw["organisationID"].nunique(),
        "projects": raw["projectID"].nunique(),
        "participations": len(raw.drop_duplicates(["projectID", "organisationID"])),
    }


def _check_contract(batch) -> None:
    orgs, projects, parts = batch.organisations, batch.projects, batch.participations
    assert list(orgs.columns[: len(ORGANISATION_COLUMNS)]) == list(ORGANISATION_COLUMNS)
    assert list(projects.columns[: len(PROJECT_COLUMNS)]) == list(PROJECT_COLUMNS)
    assert list(parts.columns) == list(PARTICIPATION_COLUMNS)
    assert orgs.index.is_unique and projects.index.is_unique
    assert not parts.duplicated(["project_id", "org_id"]).any()
    assert set(parts["org_id"]) == set(orgs.index)
    assert set(parts["project_id"]) == set(projects.index)
    assert set(orgs["helix"]) <= set(schema.QUADRUPLE_HELIX)
    assert orgs["name"].str.len().gt(0).all()
    assert str(projects["start_year"].dtype) == "Int64"
    assert (parts["budget_eur"].dropna() >= 0).all()


# --------------------------------------------------------------------------- real file


@pytest.mark.skipif(not REAL.exists(), reason="shared CORDIS data not beside the checkout")
def test_real_file_counts_match_pandas():
    raw = _raw(REAL)
    start = time.perf_counter()
    batch = read_cordis(REAL)
    elapsed = time.perf_counter() - start
    assert batch.counts() == _expected_counts(raw)
    assert batch.skipped == {}
    _check_contract(batch)
    orgs = raw.drop_duplicates("organisationID").set_index("organisationID")
    assert int(batch.organisations["sme"].eq(True).sum()) == int((orgs["SME"] == "True").sum())
    helix = orgs["activityType"].map(schema.normalise_helix).value_counts().sort_index()
    assert batch.organisations["helix"].value_counts().sort_index().to_dict() == helix.to_dict()
    assert int(batch.organisations["possible_person"].sum()) == int(
        ((orgs["activityType"] == "PRC") & (orgs["SME"] == "")).sum())
    budget = pd.to_numeric(raw["ecContribution"].replace("", None)).sum()
    assert batch.participations["budget_eur"].sum() == pytest.approx(budget)
    assert elapsed < 5, f"import took {elapsed:.2f} s"


@pytest.mark.skipif(not REAL.exists(), reason="shared CORDIS data not beside the checkout")
def test_real_file_country_filter_keeps_all_partners():
    raw = _raw(REAL)
    be_projects = set(raw.loc[raw["country"] == "BE", "projectID"])
    kept = raw[raw["projectID"].isin(be_projects)]
    batch = read_cordis(REAL, country="BE")
    assert batch.counts() == _expected_counts(kept)
    assert batch.skipped["projects without a participant from BE"] == raw["projectID"].nunique() - len(be_projects)
    dropped = raw[~raw["projectID"].isin(be_projects)]
    assert batch.skipped["participations without a participant from BE"] == len(
        dropped.drop_duplicates(["projectID", "organisationID"]))
    assert batch.skipped["organisations in no kept project without a participant from BE"] == len(
        set(dropped["organisationID"]) - set(kept["organisationID"]))
    # partners from other countries are kept too
    assert (batch.organisations["country"] != "BE").sum() > 0


# --------------------------------------------------------------------------- extract (current set)


def test_extract_counts_and_contract():
    raw = _raw(EXTRACT)
    batch = read_cordis(EXTRACT, source="cordis-h2020")
    assert batch.source == "cordis-h2020"
    assert batch.files == [str(EXTRACT)]
    assert batch.counts() == _expected_counts(raw)
    _check_contract(batch)
    assert set(batch.projects.index) == {"cordis-" + p for p in raw["projectID"]}
    assert set(batch.organisations.index) == {"pic-" + p for p in raw["organisationID"]}
    assert (batch.projects["programme"] == "H2020").all()
    assert batch.projects["start_year"].isna().all() and batch.projects["budget_eur"].isna().all()
    assert batch.projects.loc["cordis-883204", "title"] == "EU-RADION"


def test_same_organisation_twice_in_a_project_is_combined():
    raw = _raw(EXTRACT)
    batch = read_cordis(EXTRACT)
    parts = batch.participations.set_index(["project_id", "org_id"])
    both = parts.loc[("cordis-833955", "pic-952979120")]
    assert both["role"] == "participant+thirdparty"
    rows = raw[(raw["projectID"] == "833955") & (raw["organisationID"] == "952979120")]
    assert both["budget_eur"] == pytest.approx(pd.to_numeric(rows["ecContribution"]).sum())
    assert parts.loc[("cordis-871428", "pic-945991531"), "role"] == "thirdparty"
    extra = len(raw) - len(raw.drop_duplicates(["projectID", "organisationID"]))
    assert any(note.startswith(f"{extra} rows repeat an organisation") for note in batch.notes)


def test_roles_lower_case_and_budgets():
    raw = _raw(EXTRACT)
    batch = read_cordis(EXTRACT)
    assert set(batch.participations["role"]) == {
        r.lower() for r in raw["role"]} | {"participant+thirdparty"}
    single = raw.drop_duplicates(["projectID", "organisationID"], keep=False)
    parts = batch.participations.set_index(["project_id", "org_id"])
    for _, row in single.head(20).iterrows():
        got = parts.loc[("cordis-" + row["projectID"], "pic-" + row["organisationID"]), "budget_eur"]
        if row["ecContribution"] == "":
            assert pd.isna(got)
        else:
            assert got == pytest.approx(float(row["ecContribution"]))


def test_kinds_sme_and_possible_persons():
    raw = _raw(EXTRACT).drop_duplicates("organisationID").set_index("organisationID")
    orgs = read_cordis(EXTRACT).organisations
    orgs = orgs.set_index(orgs["pic"])
    prc = raw["activityType"] == "PRC"
    assert set(orgs.loc[raw.index[prc & (raw["SME"] == "True")], "kind"]) == {"kmo"}
    assert set(orgs.loc[raw.index[prc & (raw["SME"] == "False")], "kind"]) == {"grote_onderneming"}
    persons = raw.index[prc & (raw["SME"] == "")]
    assert len(persons) == 4
    assert set(orgs.loc[persons, "kind"]) == {"onderneming"}
    assert orgs.loc[persons, "possible_person"].all()
    assert orgs["possible_person"].sum() == len(persons)
    assert orgs.loc[persons, "sme"].isna().all()
    for code, kind in {"HES": "hoger_onderwijs", "REC": "onderzoekscentrum",
                       "PUB": "publieke_instelling", "OTH": "andere"}.items():
        assert set(orgs.loc[raw.index[raw["activityType"] == code], "kind"]) == {kind}
    assert "ALEXANDER SCHILLER" not in set(orgs["name"])  # names kept as written
    assert "Alexander Schiller" in set(orgs["name"])


def test_vat_is_normalised_and_uk_el_kept():
    orgs = read_cordis(EXTRACT).organisations
    assert not orgs["vat"].dropna().str.contains(r"[\s.a-z]").any()
    assert {"UK", "EL"} <= set(orgs["country"])
    assert (orgs.loc[orgs["country"] == "UK", "iso_country"] == "GB").all()
    assert (orgs.loc[orgs["country"] == "EL", "iso_country"] == "GR").all()


def test_country_filter_keeps_every_partner_of_selected_projects():
    raw = _raw(EXTRACT)
    be = set(raw.loc[raw["country"] == "BE", "projectID"])
    batch = read_cordis(EXTRACT, country="be")
    assert set(batch.projects.index) == {"cordis-" + p for p in be}
    assert batch.counts() == _expected_counts(raw[raw["projectID"].isin(be)])
    assert batch.skipped["projects without a participant from BE"] == raw["projectID"].nunique() - len(be)
    # 871428 has one BE participant; its German, Spanish, Irish and UK partners stay
    countries = set(raw.loc[raw["projectID"] == "871428", "country"])
    kept = batch.participations[batch.participations["project_id"] == "cordis-871428"]
    assert set(batch.organisations.loc[kept["org_id"], "country"]) == countries


def test_country_filter_reads_the_country_of_each_participation(tmp_path):
    """One PIC listed in BE in one project and in DE in another: --country DE keeps the DE
    project (regression: the first row's country decided and the DE project was dropped)."""
    raw = _raw(EXTRACT)
    first, second = raw["projectID"].drop_duplicates().iloc[:2]
    pic = raw.loc[raw["projectID"] == first, "organisationID"].iloc[0]
    one = raw[raw["projectID"] == first].copy()
    two = raw[raw["projectID"] == second].copy()
    one["country"] = "BE"
    two.iloc[0, two.columns.get_loc("organisationID")] = pic
    two["country"] = "FR"
    two.iloc[0, two.columns.get_loc("country")] = "DE"
    path = tmp_path / "organization.csv"
    path.write_text(pd.concat([one, two]).to_csv(index=False, quoting=csv.QUOTE_ALL), encoding="utf-8")
    assert set(read_cordis(path, country="DE").projects.index) == {f"cordis-{second}"}
    assert set(read_cordis(path, country="BE").projects.index) == {f"cordis-{first}"}


def test_country_filter_accepts_iso_code_for_uk():
    raw = _raw(EXTRACT)
    uk = set(raw.loc[raw["country"] == "UK", "projectID"])
    assert set(read_cordis(EXTRACT, country="GB").projects.index) == {"cordis-" + p for p in uk}


def test_semicolon_decimal_comma_unquoted_copy_gives_same_batch(tmp_path):
    """The same export written the way CORDIS writes raw files: ';', decimal comma, BOM."""
    raw = _raw(EXTRACT)
    raw = raw.assign(ecContribution=raw["ecContribution"].str.replace(".", ",", regex=False),
                     SME=raw["SME"].str.upper())
    path = tmp_path / "organization.csv"
    path.write_text("\ufeff" + raw.to_csv(sep=";", index=False, quoting=csv.QUOTE_MINIMAL),
                    encoding="utf-8")
    expected, got = read_cordis(EXTRACT), read_cordis(path)
    pd.testing.assert_frame_equal(got.organisations, expected.organisations)
    pd.testing.assert_frame_equal(got.participations, expected.participations)
    pd.testing.assert_frame_equal(got.projects, expected.projects)


# --------------------------------------------------------------------------- projects file


def test_projects_file_gives_titles_years_budget_theme():
    batch = read_cordis(EXTRACT, PROJECTS)
    projects = batch.projects
    assert batch.files == [str(EXTRACT), str(PROJECTS)]
    row = projects.loc["cordis-833955"]
    assert (row["title"], row["start_year"], row["end_year"]) == ("Hand-made title 833955", 2019, 2022)
    assert row["budget_eur"] == pytest.approx(3999998.75)  # decimal comma
    assert row["theme"] == "SU-DRS02-2018-2019-2020"
    assert projects.loc["cordis-871428", "start_year"] == 2019  # "2019-12-01 00:00:00"
    assert projects.loc["cordis-813920", "theme"] == "H2020-EU.1.3."  # no topics: legal basis
    assert pd.isna(projects.loc["cordis-813920", "budget_eur"])
    # 706221 is not in the projects file: acronym as title, no years
    assert projects.loc["cordis-706221", "title"] == projects.loc["cordis-706221", "acronym"]
    assert pd.isna(projects.loc["cordis-706221", "start_year"])
    assert any("1 projects of the organisation file are not in" in n for n in batch.notes)
    # QFPROBA (741487) has no participant in the extract
    assert batch.skipped == {"projects-file rows without participants in the organisation file": 1}


def test_year_filter_needs_projects_file():
    with pytest.raises(OptionError, match="need a projects file"):
        read_cordis(EXTRACT, from_year=2018)
    with pytest.raises(OptionError, match="expected from <= to"):
        read_cordis(EXTRACT, PROJECTS, from_year=2020, to_year=2018)


def test_year_filter_with_projects_file():
    dates = pd.read_csv(PROJECTS, dtype=str, keep_default_na=False)
    years = pd.to_numeric(dates["startDate"].str[:4])
    inside = set(dates.loc[(years >= 2018) & (years <= 2020), "id"])
    batch = read_cordis(EXTRACT, PROJECTS, from_year=2018, to_year=2020)
    assert set(batch.projects.index) == {"cordis-" + p for p in inside}
    raw = _raw(EXTRACT)
    assert batch.counts() == _expected_counts(raw[raw["projectID"].isin(inside)])
    n_out = raw["projectID"].nunique() - len(inside)  # includes 706221 (no dates)
    assert batch.skipped["projects that started outside 2018-2020 or have no start year"] == n_out


# --------------------------------------------------------------------------- pre-2021 set


def test_pre2021_file_quirks():
    batch = read_cordis(PRE_ORGS, PRE_PROJECTS)
    orgs, parts, projects = batch.organisations, batch.participations, batch.projects
    _check_contract(batch)
    assert batch.counts() == {"organisations": 6, "projects": 3, "participations": 7}
    assert "pre-2021 column set, ';'-delimited" in batch.notes[0]
    assert orgs.loc["pic-911000003", "country"] == "NA"  # Namibia, not missing
    assert orgs.loc["pic-911000004", ["country", "iso_country"]].tolist() == ["UK", "GB"]
    assert orgs.loc["pic-911000005", ["country", "iso_country"]].tolist() == ["EL", "GR"]
    assert orgs.loc["pic-911000001", "vat"] == "BE0123456789"
    assert orgs.loc["pic-911000006", "vat"] == "DE123456789"
    assert orgs.loc["pic-911000006", "name"] == "SMITH; JONES & CO GMBH"
    assert orgs["sme"].isna().all()  # no SME column before 2021
    assert orgs.loc["pic-911000004", "kind"] == "onderneming"
    assert orgs["possible_person"].isna().all()
    p = parts.set_index(["project_id", "org_id"])
    assert p.loc[("cordis-700001", "pic-911000001"), "budget_eur"] == pytest.approx(1234567.89)
    assert p.loc[("cordis-700001", "pic-911000004"), "role"] == "participant+thirdparty"
    assert p.loc[("cordis-700001", "pic-911000004"), "budget_eur"] == pytest.approx(12345.5 + 1000.5)
    assert pd.isna(p.loc[("cordis-700001", "pic-911000003"), "budget_eur"])
    assert p.loc[("cordis-700002", "pic-911000006"), "budget_eur"] == pytest.approx(250000.75)
    assert any("1 projects have several coordinators" in n for n in batch.notes)
    assert (parts.loc[parts["project_id"] == "cordis-700001", "role"] == "coordinator").sum() == 2
    assert projects.loc["cordis-700001", ["start_year", "end_year"]].tolist() == [2015, 2018]
    assert projects.loc["cordis-700001", "budget_eur"] == pytest.approx(2500000.5)
    assert projects.loc["cordis-700002", "theme"] == "H2020-EU.3.6."  # no topics: programme
    assert pd.isna(projects.loc["cordis-700003", "start_year"])


def test_pre2021_country_na_means_namibia():
    batch = read_cordis(PRE_ORGS, country="NA")
    assert set(batch.projects.index) == {"cordis-700001", "cordis-700003"}
    assert len(batch.organisations) == 4  # ALPHA's partners from BE, NL, UK too
    assert batch.skipped == {"projects without a participant from NA": 1,
                             "participations without a participant from NA": 2,
                             "organisations in no kept project without a participant from NA": 2}


# --------------------------------------------------------------------------- errors


def _error(path, *args, **kwargs) -> DataError:
    with pytest.raises(DataError) as info:
        read_cordis(path, *args, **kwargs)
    return info.value


def test_missing_column_names_file_line_column_and_accepted_sets():
    err = _error(DATA / "bad_missing_column.csv")
    assert (err.line, err.column) == (1, "activityType")
    assert str(err).startswith(f"{DATA / 'bad_missing_column.csv'}:1: column 'activityType':")
    assert "current: projectID" in str(err) and "pre-2021: projectRcn" in str(err)


def test_truncated_last_row():
    err = _error(DATA / "bad_truncated_row.csv")
    assert err.line == 7
    assert "row has 10 fields; expected 25" in str(err) and "truncated" in str(err)


def test_truncated_inside_quoted_field():
    err = _error(DATA / "bad_truncated.csv")
    assert err.line == 7 and "truncated" in str(err)


def test_latin1_file_says_how_to_convert():
    err = _error(DATA / "bad_latin1.csv")
    assert err.line == 2
    assert "0xc9" in str(err) and "iconv -f WINDOWS-1252 -t UTF-8" in str(err)


def test_tab_delimited_file_says_what_was_expected():
    err = _error(DATA / "bad_tab.tsv")
    assert err.line == 1
    assert "tab delimiters; expected a CORDIS export delimited by ';' or ','" in str(err)


def test_empty_file():
    err = _error(DATA / "empty.csv")
    assert "the file is empty" in str(err)


def _edited(tmp_path: Path, column: str, row: int, value: str) -> Path:
    raw = _raw(EXTRACT)
    raw.loc[row, column] = value
    path = tmp_path / "edited.csv"
    path.write_text(raw.to_csv(index=False, quoting=csv.QUOTE_ALL), encoding="utf-8")
    return path


@pytest.mark.parametrize(("column", "value", "expectation"), [
    ("activityType", "XYZ", "expected a CORDIS activity type"),
    ("ecContribution", "12a", "expected an amount >= 0"),
    ("ecContribution", "-5", "expected an amount >= 0"),
    ("SME", "maybe", "expected True or False"),
])
def test_bad_cell_names_line_column_value(tmp_path, column, value, expectation):
    path = _edited(tmp_path, column, 4, value)
    err = _error(path)
    assert str(err).startswith(f"{path}:6: column '{column}': '{value}' ")
    assert expectation in str(err)


def test_row_with_too_many_fields(tmp_path):
    lines = EXTRACT.read_text(encoding="utf-8").splitlines()
    lines[3] += ',"extra"'
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _error(path)
    assert err.line == 4 and "row has 26 fields; expected 25" in str(err)


def test_booleans_any_case(tmp_path):
    raw = _raw(EXTRACT)
    raw["SME"] = raw["SME"].map({"True": "tRUE", "False": "FALSE", "": ""})
    path = tmp_path / "case.csv"
    path.write_text(raw.to_csv(index=False), encoding="utf-8")
    got = read_cordis(path).organisations["sme"]
    pd.testing.assert_series_equal(got, read_cordis(EXTRACT).organisations["sme"])


def test_pre2021_line_numbers_count_crlf_and_bom(tmp_path):
    text = PRE_ORGS.read_text(encoding="utf-8-sig").replace(";OTH;false;75000;", ";OTHER;false;75000;")
    path = tmp_path / "pre.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    err = _error(path)
    assert (err.line, err.column, err.value) == (9, "activityType", "OTHER")


def test_blank_lines_keep_line_numbers_right(tmp_path):
    lines = EXTRACT.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "")
    lines[5] = lines[5].replace('"PRC"', '"XXX"').replace('"HES"', '"XXX"').replace('"REC"', '"XXX"')
    path = tmp_path / "blank.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _error(path)
    assert (err.line, err.column, err.value) == (6, "activityType", "XXX")
