"""Hand decisions in curation.toml, all errors of a data directory at once, and --encoding."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from helixnet.cli import main
from helixnet.errors import DataError, DataErrors, OptionError
from helixnet.io.loader import load
from tests.helpers import copy_tiny, replace_in


def write_curation(data, text: str) -> None:
    (data / "curation.toml").write_text(text, encoding="utf-8")


def test_cluster_entry_marks_an_organisation_and_sets_its_name(tmp_path):
    data = copy_tiny(tmp_path)
    write_curation(data, '[[cluster]]\nid = "g1"\nname = "City Cluster"\nnote = "runs the city network"\n')
    ds = load(data)
    assert set(ds.clusters.index) == {"clu", "g1"}
    assert ds.organisations.loc["g1", ["name", "helix", "kind"]].tolist() == ["City Cluster", "intermediair", "cluster"]
    [decision] = ds.curation
    assert (decision.kind, decision.line, decision.count, decision.ids) == ("cluster", 1, 1, ("g1",))
    assert str(decision) == ("curation.toml:1: cluster g1 (City Cluster) -> helix intermediair, kind cluster: "
                             "1 organisation (runs the city network)")


def test_rule_by_column_and_name_pattern_then_entry_by_id_wins(tmp_path):
    data = copy_tiny(tmp_path)
    write_curation(data, (
        '[[rule]]\nwhere = { country = "be" }\nname_matches = "\\\\b(one|hall)\\\\b"\n'
        'set = { helix = "burger", kind = "vereniging" }\n\n'
        '[[organisation]]\nid = "u1"\nhelix = "knowledge"\nsme = false\n'))
    ds = load(data)
    orgs = ds.organisations
    # "University One", "SME One", "City Hall" are Belgian and match; "Big Co" is Dutch
    assert sorted(orgs.index[orgs["kind"] == "vereniging"]) == ["c1", "g1", "u1"]
    assert orgs.loc["u1", "helix"] == "kennisinstelling"  # the [[organisation]] entry came last
    rule, entry = ds.curation
    assert (rule.count, sorted(rule.ids)) == (3, ["c1", "g1", "u1"])
    assert entry.description == "u1 -> helix kennisinstelling, sme False"


def test_a_rule_matching_nothing_is_listed_with_zero(tmp_path):
    data = copy_tiny(tmp_path)
    write_curation(data, '[[rule]]\nname_matches = "federation"\nset = { helix = "bedrijf" }\n')
    assert [d.count for d in load(data).curation] == [0]


@pytest.mark.parametrize("text, line, message", [
    ('[[cluster]]\nid = "nobody"\n', 2, "column 'id': 'nobody' [[cluster]] entry 1: is not a known organisation id"),
    ('\n[[organisation]]\nid = "u1"\nhelix = "alien"\n', 4,
     "column 'helix': 'alien' [[organisation]] entry 1: expected a helix"),
    ('[[rule]]\nname_matches = "("\nset = { kind = "x" }\n', 2, "[[rule]] entry 1: is not a regular expression"),
    ('[[rule]]\nset = { kind = "x" }\n', 1, "a rule needs 'where' or 'name_matches'"),
    ('[[cluster]]\nid = "u1"\nhelix = "bedrijf"\n', 3, "column 'helix': 'helix' [[cluster]] entry 1: unknown key"),
    ('[[merge]]\nid = "u1"\n', 1, "'merge' is not a curation entry"),
])
def test_bad_curation_entries_name_file_line_and_value(tmp_path, text, line, message):
    data = copy_tiny(tmp_path)
    write_curation(data, text)
    with pytest.raises(DataError) as caught:
        load(data)
    assert str(caught.value).startswith(f"{data / 'curation.toml'}:{line}: ")
    assert message in str(caught.value)


def test_a_project_may_name_an_organisation_made_a_cluster_by_curation(tmp_path):
    data = copy_tiny(tmp_path)
    replace_in(data / "nodes" / "projects.csv", "EFRO,mobility,2022,,,", "EFRO,mobility,2022,,,g1")
    with pytest.raises(DataError, match="expected a cluster organisation"):
        load(data)
    write_curation(data, '[[cluster]]\nid = "g1"\n')
    assert load(data).projects.loc["p4", "cluster_id"] == "g1"


def three_errors(tmp_path):
    data = copy_tiny(tmp_path)
    replace_in(data / "nodes" / "organisations.csv", "u1,University One,University", "u1,University One,Alien")
    replace_in(data / "nodes" / "projects.csv", "2019,2021", "2019,1999")
    replace_in(data / "edges" / "participations.csv", "p4,g1,partner", "p4,X99,partner")
    return data


def test_all_errors_are_reported_in_file_order(tmp_path):
    data = three_errors(tmp_path)
    with pytest.raises(DataError, match="expected a helix"):  # the default still stops at the first
        load(data)
    with pytest.raises(DataErrors) as caught:
        load(data, max_errors=50)
    errors = caught.value.errors
    assert caught.value.total == 3
    assert [(e.path.split("/")[-1], e.line, e.column) for e in errors] == [
        ("organisations.csv", 3, "helix"), ("projects.csv", 2, "end_year"), ("participations.csv", 12, "org_id")]


def test_validate_lists_every_error_up_to_the_limit(tmp_path):
    data = three_errors(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: 3 errors:"
    assert lines[1].startswith(f"  {data}/nodes/organisations.csv:3: column 'helix': 'Alien' expected a helix")
    assert lines[2] == f"  {data}/nodes/projects.csv:2: column 'end_year': '1999' is before start_year 2019; " \
                       "expected end_year >= start_year"
    assert lines[3] == f"  {data}/edges/participations.csv:12: column 'org_id': 'X99' is not a known organisation id"
    limited = runner.invoke(main, ["validate", str(data), "--max-errors", "2"])
    assert limited.stderr.splitlines()[0] == "Error: 3 errors (the first 2 listed):"
    assert limited.stderr.splitlines()[-1] == "  ... and 1 more"


def test_validate_lists_the_curation(tmp_path):
    data = copy_tiny(tmp_path)
    write_curation(data, '[[cluster]]\nid = "g1"\n')
    result = CliRunner().invoke(main, ["validate", str(data)])
    assert result.exit_code == 0, result.output
    assert "  clusters             2\n" in result.output
    assert "  curation: curation.toml:1: cluster g1 (City Hall) -> helix intermediair, kind cluster: 1 organisation\n" \
        in result.output


def test_encoding_option_reads_a_windows_1252_export(tmp_path):
    data = copy_tiny(tmp_path)
    orgs = data / "nodes" / "organisations.csv"
    orgs.write_bytes(orgs.read_text(encoding="utf-8").replace("City Hall", "Hôtel de Ville").encode("cp1252"))
    runner = CliRunner()
    refused = runner.invoke(main, ["validate", str(data)])
    assert refused.exit_code == 1 and "is not valid UTF-8" in refused.stderr
    (data / "nodes" / "organisations_extra.csv").write_bytes(
        (data / "nodes" / "organisations_extra.csv").read_text(encoding="utf-8-sig").encode("cp1252"))
    accepted = runner.invoke(main, ["validate", str(data), "--encoding", "cp1252"])
    assert accepted.exit_code == 0, accepted.output
    assert load(data, encoding="cp1252").organisations.loc["g1", "name"] == "Hôtel de Ville"
    unknown = runner.invoke(main, ["validate", str(data), "--encoding", "klingon"])
    assert unknown.stderr == "Error: --encoding 'klingon' is not a known encoding; expected e.g. utf-8, cp1252 or latin-1\n"


def test_max_errors_below_one_is_refused(tmp_path):
    with pytest.raises(OptionError):
        load(copy_tiny(tmp_path), max_errors=0)
