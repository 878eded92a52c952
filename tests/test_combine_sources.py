"""Two CORDIS sources combine (no self-merge), fill-ins keep provenance, curation survives re-imports."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import helixnet
from helixnet.io.imports.cordis import read_cordis
from helixnet.io.imports.refresh import apply_batch
from helixnet.io.imports.table import import_table
from tests.test_refresh import make_batch, snapshot

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cordis-be"
EXTRACT = EXAMPLE / "exports" / "h2020-extract.csv"
NAMED = EXAMPLE / "exports" / "organisations-named.csv"


def expected_counts():
    """What pandas says the combined directory holds."""
    extract = pd.read_csv(EXTRACT, dtype=str, keep_default_na=False)
    named = pd.read_csv(NAMED, dtype=str, keep_default_na=False)
    pics = set(extract["pic"])
    both = sorted(pics & set(named["organisationID"]))
    return extract, named, pics, both


@pytest.fixture(scope="module")
def batches():
    return import_table(EXTRACT, "h2020"), read_cordis(NAMED)


def combine(root: Path, batches, fill_only: bool) -> list:
    table_batch, named_batch = batches
    return [apply_batch(root, table_batch, imported_at="2024-01-01T00:00:00+00:00"),
            apply_batch(root, replace(named_batch, fill_only=fill_only), imported_at="2024-01-02T00:00:00+00:00")]


def test_the_named_source_fills_in_names_without_merging_into_itself(tmp_path, batches):
    extract, named, pics, both = expected_counts()
    root = tmp_path / "data"
    _, second = combine(root, batches, fill_only=False)
    assert second.merged_by_key.empty  # the same id is the same organisation: no merge, no cycle
    assert "no project has start years (time windows and trends need them): add the CORDIS projects file with " \
        "--projects project.csv" in second.notes
    ds = helixnet.load(root)
    first_name = named.drop_duplicates("organisationID").set_index("organisationID")["name"].str.strip()
    orgs = ds.organisations
    assert len(orgs) == len(pics | set(named["organisationID"]))
    assert (orgs.loc[[f"pic-{p}" for p in both], "name"].to_numpy() == first_name[both].to_numpy()).all()
    assert orgs.loc[[f"pic-{p}" for p in both], "filled_from"].str.contains("name: cordis").all()
    unnamed = sorted(pics - set(both))
    assert (orgs.loc[[f"pic-{p}" for p in unnamed], "name"] == [f"PIC {p}" for p in unnamed]).all()
    named_projects = named["projectID"].nunique()
    assert len(ds.projects) == extract["rcn"].nunique() + named_projects
    sme = named.drop_duplicates("organisationID").set_index("organisationID")["SME"].str.lower()
    known = [p for p in both if sme[p] in ("true", "false")]
    assert (orgs.loc[[f"pic-{p}" for p in known], "sme"].to_numpy() == (sme[known] == "true").to_numpy()).all()


def test_fill_only_imports_nothing_else_and_a_rerun_changes_nothing(tmp_path, batches):
    extract, named, pics, both = expected_counts()
    root = tmp_path / "data"
    _, second = combine(root, batches, fill_only=True)
    assert not [n for n in second.notes if n.startswith("no project has")]  # it imports no projects
    fills = pd.read_csv(root / "nodes" / "fills_cordis.csv", dtype=str, keep_default_na=False)
    assert list(fills.columns) == ["id", "field", "value", "source", "source_file", "imported_at"]
    assert set(fills["id"]) == {f"pic-{p}" for p in both}
    assert set(fills["source_file"]) == {"organisations-named.csv"}
    ds = helixnet.load(root)
    assert len(ds.organisations) == len(pics)
    assert len(ds.projects) == extract["rcn"].nunique() and len(ds.participations) == len(extract)
    before = snapshot(root)
    for result in combine(root, batches, fill_only=True):
        assert not result.changed
    assert snapshot(root) == before


def test_the_fill_order_does_not_matter_for_names(tmp_path, batches):
    table_batch, named_batch = batches
    root = tmp_path / "data"
    apply_batch(root, named_batch)
    apply_batch(root, table_batch)  # the table's organisations held by the named source are not written again
    orgs = helixnet.load(root).organisations
    _, named, _, both = expected_counts()
    assert not orgs.loc[[f"pic-{p}" for p in both], "name"].str.startswith("PIC ").any()


def test_curation_survives_a_reimport_byte_for_byte(tmp_path, batches):
    root = tmp_path / "data"
    combine(root, batches, fill_only=True)
    shutil.copy(EXAMPLE / "curation.toml", root / "curation.toml")
    original = (root / "curation.toml").read_bytes()
    newer = replace(batches[0], organisations=batches[0].organisations.assign(country="BE"))  # a changed export
    result = apply_batch(root, newer)
    assert result.changed
    apply_batch(root, batches[0])
    assert (root / "curation.toml").read_bytes() == original
    ds = helixnet.load(root)
    assert sorted(ds.clusters.index) == ["pic-939128878", "pic-956397691"]
    assert ds.organisations.loc["pic-950630944", "helix"] == "bedrijf"
    assert [d.count for d in ds.curation] == [3, 1, 1, 1]


def test_a_reimport_over_a_hand_edited_source_file_warns_and_names_it(tmp_path):
    root = tmp_path / "data"
    apply_batch(root, make_batch())
    edited = root / "nodes" / "organisations_src.csv"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Stad Gent,overheid,stad", "Stad Gent,intermediair,cluster"),
                      encoding="utf-8")
    result = apply_batch(root, make_batch())
    assert result.diff["organisations"].changed == ["city"]
    assert result.warnings == [f"{edited} was edited by hand since the last import; this import replaces those edits "
                               "(keep hand decisions in curation.toml or merges.toml, which imports never touch)"]
    assert f"  warning: {result.warnings[0]}" in result.details()
    assert apply_batch(root, make_batch()).warnings == []  # the import's own file is not a hand edit


def test_the_first_import_sets_title_and_source_unless_the_user_did(tmp_path, batches):
    root = tmp_path / "data"
    apply_batch(root, batches[0])
    meta = helixnet.load(root).meta
    assert meta.title == "CORDIS Horizon 2020 participations, reduced table (rcn, role, pic, type, ...)"
    assert meta.source == "cordis-h2020-table: h2020-extract.csv; programme_parts.csv"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "dataset.toml").write_text('title = "Mijn ecosysteem"\n', encoding="utf-8")
    apply_batch(mine, batches[0])
    meta = helixnet.load(mine).meta
    assert meta.title == "Mijn ecosysteem" and meta.source.startswith("cordis-h2020-table: ")


def test_assumptions_are_counted_said_and_written(tmp_path, batches):
    root = tmp_path / "data"
    result = apply_batch(root, batches[1])
    table = pd.read_csv(root / "assumptions_cordis.csv", keep_default_na=False)
    orgs = batches[1].organisations
    expected = orgs.groupby(["activity_type", "helix", "kind"]).size()
    got = table.set_index(["code", "helix", "kind"])["organisations"]
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    oth = table[table["code"] == "OTH"].iloc[0]
    import unicodedata

    from helixnet.io.imports.assumptions import ASSOCIATION_WORDS

    def plain(name: str) -> set[str]:
        text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()
        return set("".join(c if c.isalnum() else " " for c in text).split())

    words = set(ASSOCIATION_WORDS)
    expected_associations = sum(bool(plain(n) & words) for n in orgs.loc[orgs["activity_type"] == "OTH", "name"])
    assert 0 < oth["look_like_associations"] == expected_associations
    assert (f"assumption: OTH -> burger (andere): {oth['organisations']} organisations; {expected_associations} look "
            "like associations") in result.details()
    assert f"(+{expected_associations - 5} more)" in result.details()  # five are named, the rest counted


def test_cli_imports_a_windows_1252_export_with_encoding_and_fill_only(tmp_path):
    from click.testing import CliRunner

    from helixnet.cli import main

    text = NAMED.read_text(encoding="utf-8")
    assert any(ord(c) > 127 for c in text)  # the extract has accented names
    latin = tmp_path / "organisations-excel.csv"
    latin.write_bytes(text.encode("cp1252"))
    runner = CliRunner()
    data = tmp_path / "data"
    assert runner.invoke(main, ["import", "table", str(EXTRACT), "--mapping", "h2020", "--data", str(data)]).exit_code == 0
    refused = runner.invoke(main, ["import", "cordis", str(latin), "--fill-only", "--data", str(data)])
    assert refused.exit_code == 1 and "is not valid UTF-8" in refused.stderr
    result = runner.invoke(main, ["import", "cordis", str(latin), "--fill-only", "--encoding", "cp1252",
                                  "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "organisations +0 -0 ~0, projects +0 -0 ~0, participations +0 -0 ~0, fills +" in result.output
    names = helixnet.load(data).organisations["name"]
    utf8 = read_cordis(NAMED).organisations["name"]
    shared = names.index.intersection(utf8.index)
    assert len(shared) and (names[shared] == utf8[shared]).all()
