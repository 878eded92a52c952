"""Tests of the generic table importer (mapping files, CSV and XLSX)."""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

import pandas as pd
import pytest

from helixnet.errors import DataError
from helixnet.io.imports.mapping import load_mapping, parse_mapping, shipped_mappings
from helixnet.io.toml import find_key_line
from helixnet.io.imports.table import import_table

H2020 = Path(__file__).parents[2] / "shared" / "data" / "cordis" / "h2020" / "h2020.csv"
FRIS_DIR = Path(__file__).parent / "data" / "fris"


def _sample_module():
    spec = importlib.util.spec_from_file_location("fris_make_sample", FRIS_DIR / "make_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SAMPLE = _sample_module()

BASIC_MAPPING = """\
source = "tiny"
layout = "participations"
na_values = { budget = ["NA"] }

[id_prefix]
organisations = "org-"
projects = "prj-"

[columns.organisations]
id = "pic"
helix = "type"
kind = "type"
country = "country"

[columns.projects]
id = "project"
start_date = "start"
end_year = "end"

[columns.participations]
role = "role"
budget_eur = "budget"

[values.helix]
PRC = "bedrijf"
HES = "kennisinstelling"

[values.kind]
PRC = "onderneming"
HES = "universiteit"

[defaults.organisations]
name = "Organisation {id}"

[defaults.projects]
title = "Project {id}"
programme = "TEST"
"""

BASIC_CSV = """\
project,pic,type,country,role,budget,start,end
P1,1,PRC,BE,coordinator,100.5,2019-03-01,2021
P1,2,HES,NA,participant,NA,2019-03-01,2021
P2,1,prc,BE,participant,20,01/01/2020,2022
,,,,,,,
P2,1,PRC,BE,partner,5,01/01/2020,2022
P2,3,HES,DE,participant,,01/01/2020,2022
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, csv_text: str, mapping_text: str = BASIC_MAPPING) -> str:
    data = _write(tmp_path, "export.csv", csv_text)
    mapping = _write(tmp_path, "map.toml", mapping_text)
    with pytest.raises(DataError) as info:
        import_table(data, mapping)
    return str(info.value)


# -- tiny CSV: hand-checked ---------------------------------------------------------------
def test_tiny_csv_imports_as_worked_out_by_hand(tmp_path):
    batch = import_table(_write(tmp_path, "export.csv", BASIC_CSV), _write(tmp_path, "map.toml", BASIC_MAPPING))
    assert batch.source == "tiny"
    assert batch.counts() == {"organisations": 3, "projects": 2, "participations": 4}
    orgs = batch.organisations
    assert list(orgs.index) == ["org-1", "org-2", "org-3"]
    assert list(orgs["helix"]) == ["bedrijf", "kennisinstelling", "kennisinstelling"]
    assert list(orgs["kind"]) == ["onderneming", "universiteit", "universiteit"]
    assert list(orgs["name"]) == ["Organisation 1", "Organisation 2", "Organisation 3"]
    assert orgs.loc["org-2", "country"] == "NA"  # Namibia: "NA" is only missing in 'budget'
    projects = batch.projects
    assert list(projects.index) == ["prj-P1", "prj-P2"]
    assert list(projects["start_year"]) == [2019, 2020]
    assert list(projects["end_year"]) == [2021, 2022]
    assert list(projects["title"]) == ["Project P1", "Project P2"]
    assert list(projects["programme"]) == ["TEST", "TEST"]
    parts = batch.participations.set_index(["project_id", "org_id"])
    assert parts.loc[("prj-P1", "org-1"), "budget_eur"] == 100.5
    assert pd.isna(parts.loc[("prj-P1", "org-2"), "budget_eur"])
    # org 1 twice in P2: combined, budgets added, first role kept
    assert parts.loc[("prj-P2", "org-1"), "budget_eur"] == 25.0
    assert parts.loc[("prj-P2", "org-1"), "role"] == "participant"
    assert pd.isna(parts.loc[("prj-P2", "org-3"), "budget_eur"])
    assert batch.skipped == {"rows of " + str(tmp_path / "export.csv") + " with every mapped column empty": 1}
    assert any(note.startswith("1 participation rows repeat") for note in batch.notes)
    assert list(batch.participations.columns) == ["project_id", "org_id", "role", "budget_eur"]


def test_decimal_comma_and_semicolon(tmp_path):
    mapping = BASIC_MAPPING.replace('layout = "participations"', 'layout = "participations"\ndecimal = ","\ndelimiter = ";"')
    csv_text = "project;pic;type;country;role;budget;start;end\nP1;1;PRC;BE;coordinator;1.250.000,5;2019;2020\n"
    batch = import_table(_write(tmp_path, "e.csv", csv_text), _write(tmp_path, "m.toml", mapping))
    assert batch.participations["budget_eur"].tolist() == [1250000.5]


def test_conflicting_organisation_rows_are_noted(tmp_path):
    csv_text = BASIC_CSV.replace("P2,1,prc,BE", "P2,1,prc,NL")
    batch = import_table(_write(tmp_path, "e.csv", csv_text), _write(tmp_path, "m.toml", BASIC_MAPPING))
    assert batch.organisations.loc["org-1", "country"] == "BE"
    assert any("1 organisations have differing values of 'country'" in n for n in batch.notes)


# -- errors in the data -------------------------------------------------------------------
def test_unmapped_helix_value_names_file_line_column_value(tmp_path):
    message = _error(tmp_path, BASIC_CSV.replace("P2,3,HES", "P2,3,PUB"))
    assert message.startswith(f"{tmp_path / 'export.csv'}:7: column 'type': 'PUB' is not translated by "
                              f"[values.helix] of mapping {tmp_path / 'map.toml'}:")
    assert "expected one of 'prc', 'hes'" in message


def test_missing_source_column_names_mapping_key(tmp_path):
    message = _error(tmp_path, BASIC_CSV.replace("country", "land"))
    assert message.startswith(f"{tmp_path / 'export.csv'}:1: column 'country' (mapping {tmp_path / 'map.toml'}:13, "
                              "columns.organisations.country) is missing from the header; expected one of")


def test_bad_number(tmp_path):
    message = _error(tmp_path, BASIC_CSV.replace("100.5", '"100,5"'))
    assert message.startswith(f"{tmp_path / 'export.csv'}:2: column 'budget': '100,5' expected a number >= 0")


def test_negative_number_and_bad_date(tmp_path):
    assert ":6: column 'budget': '-5' expected a number >= 0" in _error(tmp_path, BASIC_CSV.replace(",5,", ",-5,"))
    message = _error(tmp_path, BASIC_CSV.replace("2019-03-01", "soon", 1))
    assert ":2: column 'start': 'soon' expected a date with a four-digit year" in message


def test_end_before_start(tmp_path):
    message = _error(tmp_path, BASIC_CSV.replace("01/01/2020,2022\n,", "01/01/2020,2010\n,"))
    assert ":4: column 'end': '2010' is before the start year 2020" in message


def test_empty_id(tmp_path):
    message = _error(tmp_path, BASIC_CSV.replace("P2,3,HES", "P2,,HES"))
    assert message == f"{tmp_path / 'export.csv'}:7: column 'pic': '' is empty; expected an id"


def test_wrong_delimiter(tmp_path):
    mapping = BASIC_MAPPING.replace('layout = "participations"', 'layout = "participations"\ndelimiter = ","')
    message = _error(tmp_path, BASIC_CSV.replace(",", ";"), mapping)
    assert "the file is ';'-delimited; expected ','" in message


def test_sheets_layout_needs_xlsx(tmp_path):
    data = _write(tmp_path, "e.csv", BASIC_CSV)
    with pytest.raises(DataError, match="layout = 'sheets'; expected an XLSX workbook"):
        import_table(data, "fris")


# -- errors in the mapping ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('source = "tiny"', 'source = "tiny"\ncolour = "red"'), r"map\.toml:2: key 'colour': is not a known key"),
        (("role = \"role\"", "rol = \"role\""), r"map\.toml:21: key 'columns\.participations\.rol': is not a known key"),
        (('title = "Project {id}"', 'title = "Project {acronym}"'),
         r"map\.toml:36: key 'defaults\.projects\.title': template 'Project \{acronym\}' uses \{acronym\}"),
        (('HES = "kennisinstelling"', 'HES = "academy"'),
         r"map\.toml:26: key 'values\.helix\.HES': maps to 'academy'; expected a helix"),
        (('layout = "participations"', 'layout = "rows"'), r"map\.toml:2: key 'layout': is 'rows'; expected one of"),
        (('kind = "type"\n', ''), r"key 'columns\.organisations': does not map the field 'kind'"),
        (('[columns.participations]', '[columns.participations]\norg_id = "pic"'),
         r"key 'columns\.participations\.org_id': is only used with layout = 'sheets'"),
        (('end_year = "end"', 'end_year = "end"\nend_date = "end"'), r"key 'columns\.projects\.end_date': and end_year are both mapped"),
        (('[id_prefix]', 'source = "again"\n[id_prefix]'), r"map\.toml:5: is not valid TOML"),
    ],
)
def test_mapping_errors_name_file_line_and_key(tmp_path, change, expected):
    text = BASIC_MAPPING.replace(*change)
    assert text != BASIC_MAPPING
    path = _write(tmp_path, "map.toml", text)
    with pytest.raises(DataError) as info:
        load_mapping(path)
    assert re.search(expected, str(info.value)), str(info.value)


def test_missing_mapping_file(tmp_path):
    with pytest.raises(DataError, match="mapping file not found"):
        load_mapping(tmp_path / "nope.toml")


def test_find_key_line():
    text = 'a = 1\n[values.helix]\n"Vzw/burger" = "burger"\nPRC = "bedrijf"\n'
    assert find_key_line(text, ("values", "helix", "Vzw/burger")) == 3
    assert find_key_line(text, ("values", "helix", "PRC")) == 4
    assert find_key_line(text, ("values", "helix")) == 2
    assert find_key_line(text, ("a",)) == 1
    assert find_key_line(text, ("zzz",)) is None


def test_shipped_mappings_parse():
    assert {"h2020", "fris"} <= set(shipped_mappings())
    h2020 = load_mapping("h2020")
    assert h2020.tables["organisations"].id_prefix == "pic-"
    assert h2020.tables["projects"].id_prefix == "h2020-"
    assert h2020.na_for("country") == frozenset() and h2020.na_for("total_cost") == {"NA"}
    assert load_mapping("fris").layout == "sheets"


# -- FRIS-style XLSX ----------------------------------------------------------------------
@pytest.fixture()
def fris_file(tmp_path):
    return SAMPLE.build_workbook(tmp_path / "fris_export.xlsx")


def test_fris_sample_imports_exactly(fris_file):
    batch = import_table(fris_file, "fris")
    sheets = pd.read_excel(fris_file, sheet_name=None, dtype=str)
    orgs, projects, deel = sheets["Organisaties"], sheets["Projecten"], sheets["Deelnames"].dropna(how="all")
    pairs = deel[["Projectnummer", "KBO-nummer"]].drop_duplicates()
    assert batch.counts() == {"organisations": len(orgs), "projects": len(projects), "participations": len(pairs)}
    assert batch.counts() == {"organisations": 30, "projects": 15, "participations": 54}
    assert set(batch.organisations.index) == {"kbo-" + k for k in orgs["KBO-nummer"]}
    assert set(batch.projects.index) == {"fris-" + p for p in projects["Projectnummer"]}
    assert batch.organisations["vat"].tolist() == orgs["KBO-nummer"].tolist()
    helix_counts = batch.organisations["helix"].value_counts().to_dict()
    assert helix_counts == {"bedrijf": 10, "intermediair": 6, "kennisinstelling": 8, "overheid": 3, "burger": 3}
    assert int(batch.organisations["sme"].sum()) == int((orgs["KMO"].str.lower() == "ja").sum()) == 7
    assert int((batch.organisations["sme"] == False).sum()) == 3  # noqa: E712
    assert batch.organisations["sme"].isna().sum() == 20
    assert batch.organisations.loc["kbo-0899.400.402", "name"] == "Patiëntenplatform Gezond Leven vzw"
    assert batch.organisations.loc["kbo-0899.500.509", "helix"] == "bedrijf"  # "bedrijf" lower case
    assert batch.organisations.loc["kbo-0899.100.106", "municipality"] == "Brussel"
    assert set(batch.organisations["country"]) == {"BE"}
    proj = batch.projects
    assert proj.loc["fris-HBC.2020.0203", "budget_eur"] == 1250000.5  # text with decimal comma
    assert proj.loc["fris-HBC.2019.0102", "budget_eur"] == 1875000.5  # number cell
    assert proj.loc["fris-HBC.2021.0302", "cluster_id"] == "kbo-0899.100.101"  # "catalisti" by name
    assert proj.loc["fris-HBC.2021.0301", "cluster_id"] == "kbo-0899.100.106"  # Flanders' FOOD
    assert pd.isna(proj.loc["fris-HBC.2023.0501", "cluster_id"])
    assert pd.isna(proj.loc["fris-HBC.2022.0402", "end_year"])
    assert proj["start_year"].tolist() == [int(p[4].year) for p in SAMPLE.PROJECTS]
    parts = batch.participations
    assert set(parts["role"]) == {"coordinator", "partner", "user_group", "subcontractor"}
    assert (parts["role"] == "coordinator").sum() == 15
    repeated = SAMPLE.participations()[1]
    row = parts[(parts["project_id"] == "fris-" + repeated[0]) & (parts["org_id"] == "kbo-" + repeated[1])]
    assert row["budget_eur"].tolist() == [repeated[3] + 125000.0]
    assert batch.skipped == {}
    unused = len(orgs) - deel["KBO-nummer"].nunique()
    assert f"{unused} organisations take part in no project of this export (kept)" in batch.notes


def test_shipped_fris_sample_matches_generator(tmp_path):
    shipped = import_table(FRIS_DIR / "fris_export.xlsx", "fris")
    fresh = import_table(SAMPLE.build_workbook(tmp_path / "f.xlsx"), "fris")
    pd.testing.assert_frame_equal(shipped.organisations, fresh.organisations)
    pd.testing.assert_frame_equal(shipped.participations, fresh.participations)


def test_formula_cell_is_refused(tmp_path):
    path = SAMPLE.build_workbook(tmp_path / "f.xlsx", formula_cell="D5")
    with pytest.raises(DataError) as info:
        import_table(path, "fris")
    assert str(info.value) == (f"{path} [Deelnames] cell D5: column 'Budget (EUR)': '=1000*D2/1000' is a formula; "
                               "expected a value (copy the column and paste it as values)")


def test_merged_header_is_refused(tmp_path):
    path = SAMPLE.build_workbook(tmp_path / "f.xlsx", merge_header=True)
    with pytest.raises(DataError) as info:
        import_table(path, "fris")
    assert str(info.value) == (f"{path} [Projecten] cell F1: header cells F1:G1 are merged; expected one column "
                               "name per cell (unmerge them and name each column)")


def test_unknown_type_value_names_the_cell(tmp_path):
    orgs = list(SAMPLE.ORGANISATIONS)
    orgs[3] = (*orgs[3][:2], "Ziekenhuis", *orgs[3][3:])
    path = SAMPLE.build_workbook(tmp_path / "f.xlsx", organisations=orgs)
    with pytest.raises(DataError) as info:
        import_table(path, "fris")
    assert str(info.value).startswith(f"{path} [Organisaties] cell C5: column 'Type organisatie': 'Ziekenhuis' "
                                      "is not translated by [values.helix]")


def test_unknown_organisation_in_deelnames(tmp_path):
    rows = SAMPLE.participations()
    rows[4] = (rows[4][0], "0123.456.789", *rows[4][2:])
    path = SAMPLE.build_workbook(tmp_path / "f.xlsx", deelnames=rows)
    with pytest.raises(DataError) as info:
        import_table(path, "fris")
    assert str(info.value).startswith(f"{path} [Deelnames] cell B6: column 'KBO-nummer': '0123.456.789' is not a "
                                      "known organisation id")


def test_unknown_cluster_name(tmp_path):
    projects = list(SAMPLE.PROJECTS)
    projects[0] = (*projects[0][:7], "Blue Cluster")
    path = SAMPLE.build_workbook(tmp_path / "f.xlsx", projects=projects)
    with pytest.raises(DataError, match=r"\[Projecten\] cell H2: column 'Speerpuntcluster': 'Blue Cluster' "
                                        "expected the name of an organisation of helix intermediair"):
        import_table(path, "fris")


def test_duplicate_organisation_row(tmp_path):
    orgs = [*SAMPLE.ORGANISATIONS, SAMPLE.ORGANISATIONS[0]]
    path = SAMPLE.build_workbook(tmp_path / "f.xlsx", organisations=orgs)
    with pytest.raises(DataError, match=r"\[Organisaties\] cell A32: column 'KBO-nummer': '0899.100.101' "
                                        "repeats the id of row 2"):
        import_table(path, "fris")


def test_missing_sheet(tmp_path, fris_file):
    text = load_mapping("fris").text.replace('"Deelnames"', '"Deelname"')
    mapping = parse_mapping(text, path="fris-copy.toml")
    with pytest.raises(DataError, match=r"has no sheet 'Deelname' \(mapping fris-copy.toml:\d+\); expected one of"):
        import_table(fris_file, mapping)


# -- full H2020 table ---------------------------------------------------------------------
@pytest.mark.skipif(not H2020.exists(), reason="shared CORDIS data not available")
def test_h2020_counts_match_independent_pandas():
    started = time.perf_counter()
    batch = import_table(H2020, "h2020")
    seconds = time.perf_counter() - started
    raw = pd.read_csv(H2020, dtype=str, keep_default_na=False)
    assert batch.counts() == {
        "organisations": raw["pic"].nunique(),
        "projects": raw["rcn"].nunique(),
        "participations": len(raw[["rcn", "pic"]].drop_duplicates()),
    }
    assert batch.counts() == {"organisations": 35_871, "projects": 31_451, "participations": 144_726}
    assert batch.skipped == {} and not any("repeat" in n for n in batch.notes)
    # ids carry the prefixes
    assert batch.organisations.index.str.startswith("pic-").all()
    assert batch.projects.index.str.startswith("h2020-").all()
    assert batch.participations["project_id"].str.startswith("h2020-").all()
    # Namibia: 11 rows with country "NA" keep it
    namibian = raw.loc[raw["country"] == "NA", "pic"]
    assert len(namibian) == 11
    orgs = batch.organisations
    assert set(orgs.index[orgs["country"] == "NA"]) == {"pic-" + p for p in namibian}
    assert orgs["country"].notna().all()
    # helix per distinct organisation
    expected_helix = (raw.drop_duplicates("pic")["type"]
                      .map({"PRC": "bedrijf", "HES": "kennisinstelling", "REC": "kennisinstelling",
                            "PUB": "overheid", "OTH": "burger"}).value_counts().to_dict())
    assert orgs["helix"].value_counts().to_dict() == expected_helix
    assert orgs.loc["pic-998616262", "name"] == "PIC 998616262"
    # budgets: NA -> missing, others equal
    first = raw.drop_duplicates("rcn").set_index("h2020-" + raw.drop_duplicates("rcn")["rcn"])
    assert batch.projects["budget_eur"].isna().sum() == (first["total_cost"] == "NA").sum()
    assert batch.participations["budget_eur"].isna().sum() == (raw["contribution"] == "NA").sum() == 13_754
    assert batch.participations["budget_eur"].sum() == pytest.approx(
        pd.to_numeric(raw["contribution"], errors="coerce").sum())
    assert batch.projects["start_year"].isna().sum() == (first["start_year"] == "NA").sum()
    assert (batch.projects["programme"] == "H2020").all()
    print(f"h2020.csv imported in {seconds:.2f} s")
    assert seconds < 30


def test_year_and_country_filters_count_what_they_leave_out():
    from helixnet.io.imports.batch import within_country, within_years
    from helixnet.io.imports.table import import_table
    from tests.helpers import DATA

    batch = import_table(DATA / "fris" / "fris_export.xlsx", "fris")
    recent = within_years(batch, from_year=2022)
    assert (recent.projects["start_year"] >= 2022).all()
    assert len(recent.projects) + recent.skipped[
        "projects that started outside 2022-... or have no start year"] == len(batch.projects)
    assert within_country(batch, None) is batch
