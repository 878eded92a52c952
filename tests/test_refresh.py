"""Refresh semantics of apply_batch: provenance, diff, dry run, atomicity, entity resolution."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd
import pytest

import helixnet
from helixnet.errors import DataError, OptionError, OutputError
from helixnet.io import atomic
from helixnet.io.imports import refresh
from helixnet.io.imports.batch import ImportBatch
from helixnet.io.imports.refresh import apply_batch, read_merges

T1 = "2024-01-01T00:00:00+00:00"
T2 = "2024-06-01T00:00:00+00:00"
T3 = "2024-09-01T00:00:00+00:00"


def make_batch(source: str = "src", orgs: list[tuple] | None = None, projects: list[tuple] | None = None,
               parts: list[tuple] | None = None, files: tuple[str, ...] = ("/exports/export-2024.csv",)) -> ImportBatch:
    """A batch from plain tuples: orgs (id, name, helix, kind, sme, vat, pic, country),
    projects (id, title, start_year, budget), parts (project_id, org_id, role, budget)."""
    orgs = orgs if orgs is not None else [
        ("acme", "Acme NV", "bedrijf", "kmo", True, "BE0123.456.789", None, "BE"),
        ("ugent", "Universiteit Gent", "kennisinstelling", "universiteit", False, None, "999111222", "BE"),
        ("city", "Stad Gent", "overheid", "stad", None, None, None, "BE"),
    ]
    projects = projects if projects is not None else [("p1", "Green molecules", 2019, 1000.0), ("p2", "Sensors", None, 1234.5)]
    parts = parts if parts is not None else [
        ("p1", "acme", "coordinator", 500.0), ("p1", "ugent", "partner", None), ("p2", "city", "partner", 0.1),
        ("p2", "acme", "partner", 250.0),
    ]
    org_frame = pd.DataFrame(
        {
            "name": [o[1] for o in orgs], "helix": [o[2] for o in orgs], "kind": [o[3] for o in orgs],
            "sme": pd.array([o[4] for o in orgs], dtype="boolean"), "vat": [o[5] for o in orgs],
            "pic": [o[6] for o in orgs], "country": [o[7] for o in orgs],
        },
        index=pd.Index([o[0] for o in orgs], name="id"),
    )
    project_frame = pd.DataFrame(
        {
            "title": [p[1] for p in projects], "programme": "H2020", "theme": None,
            "start_year": pd.array([p[2] for p in projects], dtype="Int64"),
            "end_year": pd.array([p[2] and p[2] + 2 for p in projects], dtype="Int64"),
            "budget_eur": [p[3] for p in projects], "cluster_id": None,
        },
        index=pd.Index([p[0] for p in projects], name="id"),
    )
    part_frame = pd.DataFrame(parts, columns=["project_id", "org_id", "role", "budget_eur"])
    part_frame["budget_eur"] = part_frame["budget_eur"].astype(float)
    return ImportBatch(source, list(files), org_frame, project_frame, part_frame)


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file and directory under ``root`` (``root`` itself too): content hash and mtime."""
    state = {".": ("dir", root.stat().st_mtime_ns)}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_dir():
            state[rel] = ("dir", path.stat().st_mtime_ns)
        else:
            state[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    return state


def own_files(source: str) -> list[str]:
    return [pattern.format(source) for pattern in refresh.TABLE_FILES.values()]


def read(root: Path, relative: str) -> pd.DataFrame:
    return pd.read_csv(root / relative, dtype=str, keep_default_na=False)


def siblings(root: Path) -> list[str]:
    return sorted(p.name for p in root.parent.iterdir())


# --------------------------------------------------------------------------- first import, idempotence


def test_first_import_creates_directory_files_and_log(tmp_path):
    root = tmp_path / "data"
    batch = make_batch()
    result = apply_batch(root, batch, imported_at=T1)
    assert result.changed and not result.dry_run
    assert result.diff["organisations"].added == ["acme", "city", "ugent"]
    assert result.diff["projects"].added == ["p1", "p2"]
    assert result.diff["participations"].added == [("p1", "acme"), ("p1", "ugent"), ("p2", "acme"), ("p2", "city")]
    assert result.summary() == "organisations +3 -0 ~0, projects +2 -0 ~0, participations +4 -0 ~0"
    for relative in own_files("src"):
        frame = read(root, relative)
        assert list(frame.columns[-3:]) == ["source", "source_file", "imported_at"]
        assert set(frame["source"]) == {"src"} and set(frame["source_file"]) == {"export-2024.csv"}
        assert set(frame["imported_at"]) == {T1}
    orgs = read(root, "nodes/organisations_src.csv").set_index("id")
    assert orgs.loc["acme", "sme"] == "true" and orgs.loc["city", "sme"] == ""
    assert orgs.loc["acme", "vat"] == "BE0123.456.789"  # stored as given; normalised only to match
    projects = read(root, "nodes/projects_src.csv").set_index("id")
    assert projects.loc["p1", "budget_eur"] == "1000" and projects.loc["p2", "budget_eur"] == "1234.5"
    assert projects.loc["p2", "start_year"] == ""
    data = helixnet.load(root)
    assert (len(data.organisations), len(data.projects), len(data.participations)) == (3, 2, 4)
    assert data.participations.set_index(["project_id", "org_id"]).loc[("p2", "city"), "budget_eur"] == 0.1
    log = (root / "import.log").read_text(encoding="utf-8").splitlines()
    assert log == [f"{T1}\tsrc\texport-2024.csv\t{result.summary()}"]
    assert siblings(root) == ["data"]  # no temporary or backup directory left


def test_import_twice_changes_no_byte(tmp_path):
    root = tmp_path / "data"
    apply_batch(root, make_batch(), imported_at=T1)
    before = snapshot(root)
    result = apply_batch(root, make_batch(), imported_at=T2)
    assert not result.changed
    assert all(d.empty for d in result.diff.values())
    assert result.summary() == "organisations +0 -0 ~0, projects +0 -0 ~0, participations +0 -0 ~0"
    assert snapshot(root) == before
    assert siblings(root) == ["data"]


def test_same_rows_in_another_order_are_no_change(tmp_path):
    root = tmp_path / "data"
    batch = make_batch()
    apply_batch(root, batch, imported_at=T1)
    before = snapshot(root)
    shuffled = make_batch()
    shuffled.organisations = shuffled.organisations.iloc[::-1]
    shuffled.participations = shuffled.participations.iloc[::-1]
    assert not apply_batch(root, shuffled, imported_at=T2).changed
    assert snapshot(root) == before


def test_newer_export_gives_exactly_its_diff(tmp_path):
    root = tmp_path / "data"
    apply_batch(root, make_batch(), imported_at=T1)
    newer = make_batch(
        orgs=[
            ("acme", "Acme Chemicals NV", "bedrijf", "kmo", True, "BE0123.456.789", None, "BE"),  # renamed
            ("ugent", "Universiteit Gent", "kennisinstelling", "universiteit", False, None, "999111222", "BE"),
            ("city", "Stad Gent", "overheid", "stad", None, None, None, "BE"),
        ],
        projects=[("p1", "Green molecules", 2019, 1000.0), ("p2", "Sensors", None, 1234.5), ("p3", "Blue growth", 2023, 10.0)],
        parts=[("p1", "acme", "coordinator", 500.0), ("p1", "ugent", "partner", None),  # (p2, city) removed
               ("p2", "acme", "partner", 250.0), ("p3", "ugent", "coordinator", 10.0)],
        files=("/exports/export-2025.csv",),
    )
    result = apply_batch(root, newer, imported_at=T2)
    assert result.changed
    d = result.diff
    assert (d["organisations"].added, d["organisations"].removed, d["organisations"].changed) == ([], [], ["acme"])
    assert (d["projects"].added, d["projects"].removed, d["projects"].changed) == (["p3"], [], [])
    assert (d["participations"].added, d["participations"].removed, d["participations"].changed) == (
        [("p3", "ugent")], [("p2", "city")], [])
    assert result.summary() == "organisations +0 -0 ~1, projects +1 -0 ~0, participations +1 -1 ~0"
    orgs = read(root, "nodes/organisations_src.csv").set_index("id")
    assert orgs.loc["acme", "name"] == "Acme Chemicals NV"
    # imported_at / source_file change only on the rows this import added or changed
    assert orgs["imported_at"].to_dict() == {"acme": T2, "ugent": T1, "city": T1}
    assert orgs["source_file"].to_dict() == {"acme": "export-2025.csv", "ugent": "export-2024.csv", "city": "export-2024.csv"}
    projects = read(root, "nodes/projects_src.csv").set_index("id")
    assert projects["imported_at"].to_dict() == {"p1": T1, "p2": T1, "p3": T2}
    log = (root / "import.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 2 and log[1] == f"{T2}\tsrc\texport-2025.csv\t{result.summary()}"


def test_changed_value_in_a_number_column_is_a_change(tmp_path):
    root = tmp_path / "data"
    apply_batch(root, make_batch(), imported_at=T1)
    newer = make_batch()
    newer.participations.loc[0, "budget_eur"] = 500.5
    result = apply_batch(root, newer, imported_at=T2)
    assert result.diff["participations"].changed == [("p1", "acme")]
    assert result.summary().endswith("participations +0 -0 ~1")


def test_other_sources_untouched(tmp_path):
    root = tmp_path / "data"
    other = make_batch("other", orgs=[("kul", "KU Leuven", "kennisinstelling", "universiteit", False, None, None, "BE")],
                       projects=[("q1", "Quantum", 2020, 5.0)], parts=[("q1", "kul", "coordinator", 5.0)])
    apply_batch(root, other, imported_at=T1)
    apply_batch(root, make_batch(), imported_at=T1)
    other_state = {f: snapshot(root)[f] for f in own_files("other")}
    newer = make_batch(parts=[("p1", "acme", "coordinator", 500.0)])
    result = apply_batch(root, newer, imported_at=T2)
    assert len(result.diff["participations"].removed) == 3
    assert {f: snapshot(root)[f] for f in own_files("other")} == other_state
    data = helixnet.load(root)
    assert sorted(data.organisations.index) == ["acme", "city", "kul", "ugent"]
    assert len(data.participations) == 2


def test_dry_run_writes_nothing(tmp_path):
    root = tmp_path / "data"
    result = apply_batch(root, make_batch(), dry_run=True, imported_at=T1)
    assert result.dry_run and result.changed
    assert result.diff["organisations"].added == ["acme", "city", "ugent"]
    assert not root.exists() and siblings(root) == []
    apply_batch(root, make_batch(), imported_at=T1)
    before = snapshot(root)
    result = apply_batch(root, make_batch(parts=[("p1", "acme", "coordinator", 500.0)]), dry_run=True, imported_at=T2)
    assert result.changed and len(result.diff["participations"].removed) == 3
    assert snapshot(root) == before and siblings(root) == ["data"]


# --------------------------------------------------------------------------- atomicity


def test_invalid_batch_leaves_directory_byte_identical(tmp_path):
    root = tmp_path / "data"
    apply_batch(root, make_batch(), imported_at=T1)
    before = snapshot(root)
    bad = make_batch(parts=[("p1", "acme", "coordinator", 500.0), ("p1", "ghost", "partner", 1.0)])
    with pytest.raises(DataError) as info:
        apply_batch(root, bad, imported_at=T2)
    message = str(info.value)
    assert message.startswith(str(root / "edges" / "participations_src.csv") + ":3: column 'org_id': 'ghost' is not a known organisation id")
    assert "the import was not applied" in message
    assert snapshot(root) == before
    assert siblings(root) == ["data"]


def test_invalid_first_import_creates_nothing(tmp_path):
    root = tmp_path / "data"
    bad = make_batch(orgs=[("acme", "Acme", "not-a-helix", "kmo", True, None, None, "BE")],
                     projects=[("p1", "X", 2020, 1.0)], parts=[("p1", "acme", "partner", 1.0)])
    with pytest.raises(DataError, match="column 'helix': 'not-a-helix'"):
        apply_batch(root, bad, imported_at=T1)
    assert siblings(root) == []


def test_failure_during_swap_restores_original(tmp_path, monkeypatch):
    root = tmp_path / "data"
    apply_batch(root, make_batch(), imported_at=T1)
    before = snapshot(root)
    real_rename = os.rename
    calls = []

    def failing_rename(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # data -> backup succeeded; temp -> data fails
            raise OSError(28, "No space left on device")
        return real_rename(src, dst)

    monkeypatch.setattr(refresh.os, "rename", failing_rename)
    monkeypatch.setattr(atomic, "exchange_paths", lambda first, second: False)  # the two-rename fallback
    with pytest.raises(OutputError, match="left unchanged"):
        apply_batch(root, make_batch(parts=[("p1", "acme", "coordinator", 1.0)]), imported_at=T2)
    monkeypatch.undo()
    assert len(calls) == 3  # the third puts the original back
    assert snapshot(root) == before
    assert siblings(root) == ["data"]


def test_malformed_own_file_is_reported_not_overwritten(tmp_path):
    root = tmp_path / "data"
    apply_batch(root, make_batch(), imported_at=T1)
    path = root / "nodes" / "projects_src.csv"
    path.write_bytes(path.read_bytes() + b"p1,dup,H2020,,2019,2021,1,,src,x,y\n")
    before = snapshot(root)
    with pytest.raises(DataError, match=r"projects_src\.csv:4: column 'id': 'p1' duplicate key"):
        apply_batch(root, make_batch(), imported_at=T2)
    assert snapshot(root) == before


def test_bad_source_name_and_duplicate_batch_keys():
    with pytest.raises(OptionError, match="cannot name a file"):
        apply_batch("unused", make_batch("../evil"))
    batch = make_batch(parts=[("p1", "acme", "partner", 1.0), ("p1", "acme", "partner", 2.0)])
    with pytest.raises(DataError, match="column 'project_id, org_id': 'p1, acme' duplicate participations key"):
        apply_batch("unused", batch)


# --------------------------------------------------------------------------- entity resolution


def other_source(root: Path, orgs: list[tuple]) -> None:
    """Import source 'fris' with the given organisations, each in one project of its own."""
    projects = [(f"f{i}", f"Project {i}", 2020, 1.0) for i in range(len(orgs))]
    parts = [(f"f{i}", o[0], "partner", 1.0) for i, o in enumerate(orgs)]
    apply_batch(root, make_batch("fris", orgs=orgs, projects=projects, parts=parts), imported_at=T1)


def test_key_match_across_sources_is_merged(tmp_path):
    root = tmp_path / "data"
    other_source(root, [
        ("kbo-0123456789", "ACME CHEMICALS", "bedrijf", "kmo", True, "0123456789", None, "BE"),  # same VAT
        ("fris-ugent", "Ghent University", "kennisinstelling", "universiteit", False, None, "999111222", "BE"),  # PIC
    ])
    result = apply_batch(root, make_batch(), imported_at=T2)
    merged = result.merged_by_key.set_index("id")
    assert merged["into"].to_dict() == {"acme": "kbo-0123456789", "ugent": "fris-ugent"}
    assert merged["match"].to_dict() == {"acme": "vat", "ugent": "pic"}
    assert set(merged["into_source"]) == {"fris"}
    assert result.diff["organisations"].added == ["city"]
    assert "2 merged by key" in result.summary()
    assert read(root, "nodes/organisations_src.csv")["id"].tolist() == ["city"]
    parts = read(root, "edges/participations_src.csv")
    assert sorted(zip(parts["project_id"], parts["org_id"])) == [
        ("p1", "fris-ugent"), ("p1", "kbo-0123456789"), ("p2", "city"), ("p2", "kbo-0123456789")]
    data = helixnet.load(root)
    assert len(data.organisations) == 3 and len(data.participations) == 6


def test_key_match_needs_compatible_country(tmp_path):
    root = tmp_path / "data"
    other_source(root, [("nl-1", "Acme", "bedrijf", "kmo", True, "NL0123456789", None, "NL")])
    result = apply_batch(root, make_batch(), imported_at=T2)
    assert result.merged_by_key.empty
    assert result.diff["organisations"].added == ["acme", "city", "ugent"]


def test_name_only_match_is_listed_not_merged(tmp_path):
    root = tmp_path / "data"
    other_source(root, [("fris-acme", "ACME n.v.", "bedrijf", "kmo", True, None, None, "BE"),
                        ("fris-city", "Stad Gent", "overheid", "stad", None, None, None, "NL")])  # other country
    result = apply_batch(root, make_batch(), imported_at=T2)
    assert result.merged_by_key.empty
    assert result.diff["organisations"].added == ["acme", "city", "ugent"]
    dups = result.possible_duplicates
    assert dups.to_dict("records") == [{"source": "src", "id": "acme", "name": "Acme NV", "other_source": "fris",
                                        "other_id": "fris-acme", "other_name": "ACME n.v.", "match": "name"}]
    on_disk = read(root, "possible_duplicates.csv")
    assert list(on_disk.columns) == list(refresh.DUPLICATE_COLUMNS)
    assert on_disk.to_dict("records") == dups.to_dict("records")
    assert "1 possible duplicates" in result.summary()
    # importing the same batch again changes nothing, duplicates file included
    before = snapshot(root)
    assert not apply_batch(root, make_batch(), imported_at=T3).changed
    assert snapshot(root) == before


def test_merges_toml_is_honoured(tmp_path):
    root = tmp_path / "data"
    other_source(root, [("fris-acme", "ACME n.v.", "bedrijf", "kmo", True, None, None, "BE"),
                        ("fris-stad", "City of Ghent", "overheid", "stad", None, None, None, "BE")])
    apply_batch(root, make_batch(), imported_at=T2)
    (root / "merges.toml").write_text(
        '# confirmed by hand\n[[merge]]\nid = "acme"\ninto = "fris-acme"\n\n[[merge]]\nid = "city"\ninto = "fris-stad"\n',
        encoding="utf-8")
    result = apply_batch(root, make_batch(), imported_at=T3)
    assert result.merged_by_user[["id", "into", "match"]].values.tolist() == [
        ["acme", "fris-acme", "merges.toml"], ["city", "fris-stad", "merges.toml"]]
    assert result.diff["organisations"].removed == ["acme", "city"]
    assert result.diff["participations"].added == [("p1", "fris-acme"), ("p2", "fris-acme"), ("p2", "fris-stad")]
    assert result.possible_duplicates.empty
    assert read(root, "possible_duplicates.csv").empty  # the src row is gone; the header stays
    data = helixnet.load(root)
    assert sorted(data.organisations.index) == ["fris-acme", "fris-stad", "ugent"]


def test_merge_combines_participations_that_coincide(tmp_path):
    root = tmp_path / "data"
    batch = make_batch(orgs=[("acme", "Acme", "bedrijf", "kmo", True, None, None, "BE"),
                             ("acme2", "Acme Labs", "bedrijf", "kmo", True, None, None, "BE")],
                       projects=[("p1", "X", 2020, 10.0)],
                       parts=[("p1", "acme", "coordinator", 3.0), ("p1", "acme2", "partner", 4.0)])
    (tmp_path / "data").mkdir()
    (root / "merges.toml").write_text('[[merge]]\nid = "acme2"\ninto = "acme"\n', encoding="utf-8")
    result = apply_batch(root, batch, imported_at=T1)
    parts = read(root, "edges/participations_src.csv")
    assert parts[["project_id", "org_id", "role", "budget_eur"]].values.tolist() == [["p1", "acme", "coordinator", "7"]]
    assert any("1 participations combined" in note for note in result.notes)


@pytest.mark.parametrize("text, message", [
    ('[[merge]]\nid = "acme"\ninto = "nobody"\n', "column 'into': 'nobody' is not a known organisation id"),
    ('[[merge]]\nid = "acme"\n', "merge entry 1 has no text 'into'"),
    ('[[merge]]\nid = "a"\ninto = "a"\n', "merges an organisation into itself"),
    ('[[merge]]\nid = "a"\ninto = "b"\n[[merge]]\nid = "b"\ninto = "a"\n', "merges form a cycle"),
    ("[[merge]\nid = ", r"merges.toml:1: is not valid TOML .*expected TOML with \[\[merge\]\]"),
])
def test_bad_merges_file(tmp_path, text, message):
    root = tmp_path / "data"
    apply_batch(root, make_batch(), imported_at=T1)
    (root / "merges.toml").write_text(text, encoding="utf-8")
    before = snapshot(root)
    with pytest.raises(DataError, match=message):
        apply_batch(root, make_batch(parts=[("p1", "acme", "partner", 1.0)]), imported_at=T2)
    assert snapshot(root) == before


def test_read_merges_follows_chains_and_reads_distinct(tmp_path):
    path = tmp_path / "merges.toml"
    path.write_text('[[merge]]\nid = "a"\ninto = "b"\n[[merge]]\nid = "b"\ninto = "c"\n'
                    '[[distinct]]\nid = "x"\nother = "y"\n', encoding="utf-8")
    merges, distinct = read_merges(path)
    assert merges == {"a": "c", "b": "c"}
    assert distinct == {frozenset({"x", "y"})}


def test_distinct_pairs_are_no_longer_listed(tmp_path):
    root = tmp_path / "data"
    other_source(root, [("fris-acme", "ACME n.v.", "bedrijf", "kmo", True, None, None, "BE")])
    (root / "merges.toml").write_text('[[distinct]]\nid = "acme"\nother = "fris-acme"\n', encoding="utf-8")
    result = apply_batch(root, make_batch(), imported_at=T2)
    assert result.possible_duplicates.empty and result.merged_by_key.empty
    assert not (root / "possible_duplicates.csv").exists()


def test_possible_duplicates_file_neutralises_formula_names(tmp_path):
    root = tmp_path / "data"
    other_source(root, [("fris-acme", "=ACME n.v.", "bedrijf", "kmo", True, None, None, "BE")])
    result = apply_batch(root, make_batch(), imported_at=T2)
    assert result.possible_duplicates["other_name"].tolist() == ["=ACME n.v."]  # the data keeps the raw name
    on_disk = read(root, "possible_duplicates.csv")
    assert on_disk["other_name"].tolist() == ["'=ACME n.v."]
    before = snapshot(root)
    assert not apply_batch(root, make_batch(), imported_at=T3).changed  # re-import: no double prefix, no change
    assert snapshot(root) == before
