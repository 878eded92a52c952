"""The loader: tolerant of real-world CSV, strict about the data model."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import helixnet
from helixnet.errors import DataDirectoryError, DataError
from tests.helpers import TINY, copy_tiny, replace_in


def test_tiny_loads_with_aliases_bom_semicolons_and_multiline_fields():
    ds = helixnet.load(TINY)
    orgs = ds.organisations
    assert list(orgs.index) == ["clu", "u1", "c1", "c2", "g1", "b1", "iso"]
    assert orgs.loc["u1", "helix"] == "kennisinstelling"  # alias 'University'
    assert orgs.loc["c1", "helix"] == "bedrijf"  # CORDIS code PRC
    assert orgs.loc["b1", "helix"] == "burger"  # 'civil society', from a ';' file with BOM
    assert orgs.loc["b1", "name"] == 'Coop; the "citizens"'
    assert ds.projects.loc["p2", "title"] == "Sensors,\nmulti-line title"
    assert ds.projects.loc["p2", "budget_eur"] == 500000.5
    assert pd.isna(ds.projects.loc["p4", "end_year"])
    assert math.isnan(ds.projects.loc["p4", "budget_eur"])
    assert ds.projects["start_year"].dtype == "Int64"
    assert len(ds.participations) == 11
    assert list(ds.ties["weight"]) == [1.0, 1.0]  # empty weight defaults to 1
    assert list(ds.clusters.index) == ["clu"]
    assert ds.years == (2019, 2022)


def test_sme_flag_explicit_or_from_kind():
    orgs = helixnet.load(TINY).organisations
    assert orgs["sme"].dtype == bool
    assert orgs.loc["c1", "sme"]  # kind kmo, empty flag
    assert orgs.loc["iso", "sme"]  # explicit true
    assert not orgs.loc["c2", "sme"]
    assert not orgs.loc["u1", "sme"]


def test_extra_columns_are_kept_across_files():
    orgs = helixnet.load(TINY).organisations
    assert orgs.loc["c2", "country"] == "NL"
    assert orgs.loc["b1", "country"] == "BE"


def test_metadata_defaults_without_dataset_toml():
    meta = helixnet.load(TINY).meta
    assert meta.title == "tiny"
    assert meta.synthetic is False
    assert len(meta.files) == 5


def test_metadata_from_dataset_toml(tmp_path):
    data = copy_tiny(tmp_path)
    (data / "dataset.toml").write_text('title = "Demo"\nsource = "unit test"\nsynthetic = true\n', encoding="utf-8")
    meta = helixnet.load(data).meta
    assert (meta.title, meta.source, meta.synthetic) == ("Demo", "unit test", True)


# (file, old text, new text, expected message fragment) - one defect each
DEFECTS = [
    ("nodes/organisations.csv", "u1,University One,University", "u1,University One,alien",
     "organisations.csv:3: column 'helix': 'alien' expected a helix: one of bedrijf"),
    ("nodes/organisations.csv", "g1,City Hall", "u1,City Hall",
     "organisations.csv:6: column 'id': 'u1' duplicate organisations key (id) = u1; first defined at"),
    ("nodes/organisations.csv", "id,name,helix,kind", "id,label,helix,kind",
     "organisations.csv:1: column 'name': required column is missing from the header"),
    ("nodes/organisations.csv", "c1,SME One,PRC,kmo,,BE", "c1,SME One,PRC,kmo,maybe,BE",
     "organisations.csv:4: column 'sme': 'maybe' expected true or false"),
    ("nodes/organisations.csv", "c1,SME One,PRC,kmo", "c1,,PRC,kmo",
     "organisations.csv:4: column 'name': '' is empty; expected a value"),
    ("nodes/organisations.csv", "g1,City Hall,overheid,stad,,BE", "g1,City Hall,overheid,stad,,BE,extra",
     "organisations.csv:6: row has 7 fields; expected 6 as in the header"),
    ("nodes/projects.csv", "p3,Energy commons,COOCK,energy,2021", "p3,Energy commons,COOCK,energy,20x1",
     "projects.csv:5: column 'start_year': '20x1' expected a year between 1900 and 2100"),
    ("nodes/projects.csv", "2021,2023,250000", "2021,2023,-5",
     "projects.csv:5: column 'budget_eur': '-5' expected a number >= 0"),
    ("nodes/projects.csv", "2021,2023,250000", "2021,2019,250000",
     "projects.csv:5: column 'end_year': '2019' is before start_year 2021"),
    ("nodes/projects.csv", "250000,clu", "250000,nobody",
     "projects.csv:5: column 'cluster_id': 'nobody' is not a known organisation id"),
    ("nodes/projects.csv", "250000,clu", "250000,u1",
     "projects.csv:5: column 'cluster_id': 'u1' is an organisation of helix 'kennisinstelling'; expected a cluster"),
    ("edges/participations.csv", "p4,g1,partner", "p9,g1,partner",
     "participations.csv:12: column 'project_id': 'p9' is not a known project id"),
    ("edges/participations.csv", "p4,g1,partner", "p4,X99,partner",
     "participations.csv:12: column 'org_id': 'X99' is not a known organisation id"),
    ("edges/participations.csv", "p4,g1,partner", "p4,c2,partner",
     "participations.csv:12: column 'org_id': 'c2' duplicate participations key (project_id, org_id) = p4, c2"),
    ("edges/ties.csv", "c2,clu,membership,,", "c2,c2,membership,,",
     "ties.csv:3: column 'target': 'c2' is both source and target"),
    ("edges/ties.csv", "c2,clu,membership,,", "c2,clu,membership,0,",
     "ties.csv:3: column 'weight': '0' expected a number > 0"),
    ("edges/ties.csv", "c2,clu,membership,,", "c2,ghost,membership,,",
     "ties.csv:3: column 'target': 'ghost' is not a known organisation id"),
    ("nodes/projects.csv", "p4,Smart city", 'p4,"Smart city',
     "projects.csv:6: cannot parse CSV"),
]


@pytest.mark.parametrize("file,old,new,message", DEFECTS, ids=[f"{i}-{d[0]}" for i, d in enumerate(DEFECTS)])
def test_each_defect_is_an_error_naming_file_line_column_value(tmp_path, file, old, new, message):
    data = copy_tiny(tmp_path)
    replace_in(data / file, old, new)
    with pytest.raises(DataError) as caught:
        helixnet.load(data)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(data / file))


def test_empty_file(tmp_path):
    data = copy_tiny(tmp_path)
    (data / "edges" / "ties.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"ties.csv:1: the file is empty; expected a header row"):
        helixnet.load(data)


def test_header_only_file_is_valid_and_empty(tmp_path):
    data = copy_tiny(tmp_path)
    (data / "edges" / "ties.csv").write_text("source,target,relation,weight,start_year,end_year\n", encoding="utf-8")
    assert helixnet.load(data).ties.empty


def test_latin1_file_names_line_and_encoding(tmp_path):
    data = copy_tiny(tmp_path)
    path = data / "nodes" / "organisations.csv"
    path.write_bytes(path.read_bytes().replace(b"City Hall", "Stad Liège".encode("latin-1")))
    with pytest.raises(DataError, match=r"organisations.csv:6: column 'name': 'Stad Li\ufffdge' byte 0xe8 is not valid UTF-8; expected UTF-8"):
        helixnet.load(data)


def test_utf16_file(tmp_path):
    data = copy_tiny(tmp_path)
    path = data / "nodes" / "organisations.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(DataError, match=r"organisations.csv: the file is UTF-16 encoded; expected UTF-8"):
        helixnet.load(data)


def test_binary_file(tmp_path):
    data = copy_tiny(tmp_path)
    (data / "edges" / "ties.csv").write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(DataError, match=r"ties.csv:1: the file holds binary data"):
        helixnet.load(data)


def test_decimal_comma_in_semicolon_file(tmp_path):
    data = copy_tiny(tmp_path)
    (data / "edges" / "participations.csv").unlink()
    (data / "edges" / "participations_a.csv").write_text(
        "project_id;org_id;role;budget_eur\n" + "".join(
            f"{p};{o};partner;1.234,5\n" for p, o in [("p1", "clu"), ("p1", "u1"), ("p2", "c1"), ("p2", "u1")]),
        encoding="utf-8")
    parts = helixnet.load(data).participations
    assert list(parts["budget_eur"]) == [1234.5] * 4


def test_several_files_of_one_kind_are_combined_and_checked_across_files(tmp_path):
    data = copy_tiny(tmp_path)
    (data / "nodes" / "organisations_more.csv").write_text("id,name,helix,kind\nc1,Again,bedrijf,kmo\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"organisations_more.csv:2: column 'id': 'c1' duplicate .* first defined at .*organisations.csv:4"):
        helixnet.load(data)


def test_missing_directory():
    with pytest.raises(DataDirectoryError, match="does not exist"):
        helixnet.load("/nonexistent/helixnet-data")


def test_empty_directory(tmp_path):
    with pytest.raises(DataDirectoryError, match=r"no organisations, projects, participations file found; expected nodes/organisations\*.csv"):
        helixnet.load(tmp_path)


def test_a_file_is_not_a_directory(tmp_path):
    path = tmp_path / "file.csv"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(DataDirectoryError, match="is not a directory"):
        helixnet.load(path)


def test_bad_dataset_toml(tmp_path):
    data = copy_tiny(tmp_path)
    (data / "dataset.toml").write_text("title = \n", encoding="utf-8")
    with pytest.raises(DataError, match=r"dataset.toml:1: is not valid TOML .*; expected TOML dataset metadata"):
        helixnet.load(data)
    (data / "dataset.toml").write_text("synthetic = 'yes'\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"column 'synthetic': 'yes' expected true or false"):
        helixnet.load(data)
