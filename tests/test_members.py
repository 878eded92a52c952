"""helixnet import members: identifier first, then normalised name; unmatched listed or added."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import helixnet
from helixnet.cli import main
from helixnet.errors import DataError, OptionError
from helixnet.io.imports.members import import_members, read_member_list
from helixnet.io.imports.refresh import apply_batch
from tests.test_refresh import make_batch, snapshot


@pytest.fixture
def data(tmp_path):
    """acme (VAT BE0123.456.789), ugent (PIC 999111222, no VAT), city; a cluster 'Flux50'."""
    root = tmp_path / "data"
    batch = make_batch(orgs=[
        ("acme", "Acme NV", "bedrijf", "kmo", True, "BE0123.456.789", None, "BE"),
        ("ugent", "Universiteit Gent", "kennisinstelling", "universiteit", False, None, "999111222", "BE"),
        ("city", "Stad Gent", "overheid", "stad", None, None, None, "BE"),
        ("Flux50", "Flux50", "bedrijf", "andere", None, None, None, "BE"),
    ], parts=[("p1", "acme", "coordinator", 500.0), ("p1", "ugent", "partner", None),
              ("p2", "city", "partner", 0.1), ("p2", "Flux50", "partner", 1.0)])
    apply_batch(root, batch)
    (root / "curation.toml").write_text('[[cluster]]\nid = "Flux50"\n', encoding="utf-8")
    return root


def write_list(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_member_vat_match_and_name_only_match_give_exactly_three_outcomes(data, tmp_path):
    members = write_list(tmp_path / "leden.csv", "naam;btw;sinds\nACME bv;BE 0123 456 789;2018\n"
                                                 "universiteit gent;;\nNobody Ltd;;2020\n")
    result = import_members(data, members, "flux50")
    assert result.cluster == "Flux50"
    assert result.members[["line", "outcome", "org_id"]].values.tolist() == [
        [2, "vat", "acme"], [3, "name", "ugent"], [4, "unmatched", ""]]
    assert result.counts() == {"vat": 1, "pic": 0, "name": 1, "unmatched": 1, "added": 0}
    ties = pd.read_csv(data / "edges" / "ties_members-Flux50.csv", dtype=str, keep_default_na=False)
    assert ties[["source", "target", "relation", "start_year", "end_year"]].values.tolist() == [
        ["acme", "Flux50", "membership", "2018", ""], ["ugent", "Flux50", "membership", "", ""]]
    ds = helixnet.load(data)
    assert len(ds.ties) == 2 and "unmatched: line 4: Nobody Ltd" in result.details()
    G = helixnet.collaboration_graph(ds)
    assert G.edges["acme", "Flux50"]["relation"] == "membership"


def test_the_same_list_twice_changes_nothing(data, tmp_path):
    members = write_list(tmp_path / "leden.csv", "name,pic\nSomething else,999111222\n")
    first = import_members(data, members, "Flux50")
    assert first.changed and first.members["outcome"].tolist() == ["pic"]
    before = snapshot(data)
    assert not import_members(data, members, "Flux50").changed
    assert snapshot(data) == before


def test_similar_names_are_candidates_never_matches(data, tmp_path):
    members = write_list(tmp_path / "leden.csv", "name\nUniversiteit Gentt\n")
    result = import_members(data, members, "Flux50")
    assert result.members["outcome"].tolist() == ["unmatched"]
    duplicates = pd.read_csv(data / "possible_duplicates.csv", dtype=str, keep_default_na=False)
    row = duplicates[duplicates["source"] == "members-Flux50"].iloc[0]
    assert (row["id"], row["name"], row["other_id"], row["match"]) == (
        "line 2", "Universiteit Gentt", "ugent", "similar name (0.97)")


def test_unmatched_members_can_be_added(data, tmp_path):
    members = write_list(tmp_path / "leden.csv", "name,vat,helix\nNew Co,BE 0987.654.321,company\nNew Lab,,\n")
    with pytest.raises(OptionError, match="leden.csv:2: member 'New Co' is new and has no kind"):
        import_members(data, members, "Flux50", add_unmatched=True)
    result = import_members(data, members, "Flux50", add_unmatched=True, helix="kennisinstelling",
                            kind="onderzoekscentrum")
    assert result.members[["outcome", "org_id"]].values.tolist() == [["added", "vat-0987654321"],
                                                                     ["added", "member-new-lab"]]
    orgs = helixnet.load(data).organisations
    assert orgs.loc["vat-0987654321", ["name", "helix"]].tolist() == ["New Co", "bedrijf"]
    assert orgs.loc["member-new-lab", ["helix", "kind"]].tolist() == ["kennisinstelling", "onderzoekscentrum"]
    assert not import_members(data, members, "Flux50", add_unmatched=True, helix="kennisinstelling",
                              kind="onderzoekscentrum").changed


def test_xlsx_member_list(data, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Organisatie", "KBO", "Lid sinds"])
    sheet.append(["Acme", "0123456789", 2019])
    workbook.save(tmp_path / "leden.xlsx")
    result = import_members(data, tmp_path / "leden.xlsx", "Flux50")
    assert result.members[["line", "outcome", "start_year"]].values.tolist() == [[2, "vat", 2019]]


@pytest.mark.parametrize("text, message", [
    ("vat\n123\n", "leden.csv:1: has no name column"),
    ("name,since\nAcme,soon\n", "leden.csv:2: column 'since': 'soon' expected a year"),
    ("name,vat\n,123\n", "leden.csv:2: column 'name': '' is empty; expected the member's name"),
])
def test_bad_member_lists(tmp_path, text, message):
    with pytest.raises(DataError) as caught:
        read_member_list(write_list(tmp_path / "leden.csv", text))
    assert message in str(caught.value)


def test_cli_members_and_its_errors(data, tmp_path):
    members = write_list(tmp_path / "leden.csv", "name,vat\nAcme,BE0123456789\nNobody,\n")
    runner = CliRunner()
    result = runner.invoke(main, ["import", "members", str(members), "--cluster", "FLUX50", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        f"members of Flux50 -> {data}", "2 members of Flux50: 1 matched by vat, 1 unmatched",
        "  unmatched: line 3: Nobody"]
    assert result.output.endswith("data directory updated\n")
    wrong = runner.invoke(main, ["import", "members", str(members), "--cluster", "acme", "--data", str(data)])
    assert wrong.exit_code == 1
    assert wrong.stderr == "Error: cluster 'acme' is not a cluster organisation of the data; expected one of Flux50\n"
