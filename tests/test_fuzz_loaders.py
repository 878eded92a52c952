"""Property and fuzz tests over every reader of outside input.

For any bytes or generated table, the loader and the importers either succeed or raise a
:class:`~helixnet.errors.HelixnetError` (never another exception), and valid generated
data written with the project's own writers loads back unchanged. Hypothesis runs
derandomized and without an example database, so CI sees the same examples every time.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helixnet
from helixnet.errors import HelixnetError
from helixnet.io.imports.batch import ImportBatch
from helixnet.io.imports.cordis import read_cordis
from helixnet.io.imports.mapping import parse_mapping
from helixnet.io.imports.refresh import apply_batch, read_merges
from helixnet.io.imports.table import import_table
from helixnet.scenarios.spec import load_scenarios, parse_scenarios
from helixnet.schema import HELICES
from tests.helpers import DATA, TINY

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SMALL = settings(FUZZ, max_examples=60)

CSV_ALPHABET = st.sampled_from(list('abcXYZ019 ,;"\'\n\r\t.-=+@é€\ufeff\x00\x85\u2028|'))
#: Cells that exercise every parser path: valid and invalid helix, years, numbers, booleans.
CELLS = st.one_of(
    st.sampled_from(["", " ", "bedrijf", "PRC", "University", "alien", "true", "nee", "maybe", "2020", "1850",
                     "2020.5", "-1", "1.5", "1.000,50", "nan", "inf", "1e400", "clu", "p1", "u1", '"', "a\nb",
                     "=1+1", "\u202e"]),
    st.text(CSV_ALPHABET, max_size=8),
)
CORPUS_MAPPING = (DATA / "invalid" / "load_import_csv" / "mapping.toml").read_text(encoding="utf-8")
SCENARIO = (DATA / "invalid" / "scenario_unknown_operation" / "scenario.toml").read_text(encoding="utf-8") \
    .replace("explode", "drop_ties")


@contextmanager
def scratch():
    """A fresh temporary directory (hypothesis examples cannot use function-scoped fixtures)."""
    directory = Path(tempfile.mkdtemp(prefix="helixnet-fuzz-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def loads_or_helixnet_error(function, *args, **kwargs):
    """Call ``function``; a HelixnetError is a fine answer, any other exception fails the test."""
    try:
        return function(*args, **kwargs)
    except HelixnetError as exc:
        assert str(exc).strip(), "an error needs a message"
        return None


def reads_file(name: str, data: bytes, function, *args):
    """Write ``data`` as ``name`` in a scratch directory and read it with ``function(path, *args)``."""
    with scratch() as directory:
        (directory / name).write_bytes(data)
        return loads_or_helixnet_error(function, directory / name, *args)


def tiny_with(directory: Path, relative: str, data: bytes) -> Path:
    root = directory / "data"
    shutil.copytree(TINY, root)
    (root / relative).write_bytes(data)
    return root


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    import csv

    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


# -- the loader ------------------------------------------------------------------------------
@FUZZ
@given(st.sampled_from(["nodes/organisations.csv", "nodes/projects.csv", "edges/participations.csv",
                        "edges/ties.csv", "dataset.toml"]), st.binary(max_size=300))
def test_load_any_bytes(relative, data):
    with scratch() as directory:
        loads_or_helixnet_error(helixnet.load, tiny_with(directory, relative, data))


@FUZZ
@given(st.sampled_from(["nodes/organisations.csv", "edges/participations.csv"]), st.text(CSV_ALPHABET, max_size=200))
def test_load_any_csv_like_text(relative, text):
    with scratch() as directory:
        header = (TINY / relative).read_text(encoding="utf-8").splitlines()[0]
        loads_or_helixnet_error(helixnet.load, tiny_with(directory, relative, (header + "\n" + text).encode()))


@FUZZ
@given(st.lists(st.lists(CELLS, min_size=4, max_size=8), max_size=6), st.sampled_from([",", ";"]))
def test_load_generated_organisation_rows(rows, delimiter):
    with scratch() as directory:
        header = ["id", "name", "helix", "kind", "sme", "country"]
        text = csv_text([header] + [row[:len(header)] for row in rows], delimiter)
        loads_or_helixnet_error(helixnet.load, tiny_with(directory, "nodes/organisations_fuzz.csv", text.encode()))


@FUZZ
@given(st.lists(st.lists(CELLS, min_size=8, max_size=8), max_size=6))
def test_load_generated_project_rows(rows):
    with scratch() as directory:
        header = ["id", "title", "programme", "theme", "start_year", "end_year", "budget_eur", "cluster_id"]
        loads_or_helixnet_error(helixnet.load, tiny_with(directory, "nodes/projects_fuzz.csv",
                                                         csv_text([header] + rows).encode()))


# -- round trip: write with the import writer, load, compare ------------------------------------
# the loader refuses control characters in text (tab and line breaks excepted) and invisible
# (format) characters in ids, and reads ids in NFC: generated data keeps to that
NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r"), min_size=1,
                max_size=30).map(str.strip).filter(bool)
IDS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zs", "Zl", "Zp")), min_size=1,
              max_size=12).map(lambda text: unicodedata.normalize("NFC", text))
YEARS = st.one_of(st.none(), st.integers(1900, 2100))
MONEY = st.one_of(st.none(), st.floats(0, 1e12, allow_nan=False, allow_infinity=False))


@st.composite
def batches(draw) -> ImportBatch:
    org_ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    project_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    helices = [draw(st.sampled_from(HELICES)) for _ in org_ids]
    organisations = pd.DataFrame({
        "name": [draw(NAMES) for _ in org_ids],
        "helix": helices,
        "kind": ["cluster" if h == "intermediair" else draw(st.sampled_from(["kmo", "universiteit", "stad"]))
                 for h in helices],
        "sme": pd.array([draw(st.sampled_from([True, False, None])) for _ in org_ids], dtype="boolean"),
        "vat": [None] * len(org_ids), "pic": [None] * len(org_ids),
        "country": [draw(st.sampled_from([None, "BE", "NL"])) for _ in org_ids],
    }, index=pd.Index(org_ids, name="id"))
    clusters = [i for i, h in zip(org_ids, helices) if h == "intermediair"]
    starts = [draw(YEARS) for _ in project_ids]
    projects = pd.DataFrame({
        "title": [draw(NAMES) for _ in project_ids],
        "programme": [draw(st.one_of(st.none(), NAMES)) for _ in project_ids],
        "theme": [None] * len(project_ids),
        "start_year": pd.array(starts, dtype="Int64"),
        "end_year": pd.array([None if s is None else s + draw(st.integers(0, 2100 - s)) for s in starts],
                             dtype="Int64"),
        "budget_eur": [draw(MONEY) for _ in project_ids],
        "cluster_id": [draw(st.sampled_from([None, *clusters])) for _ in project_ids],
    }, index=pd.Index(project_ids, name="id"))
    pairs = draw(st.lists(st.tuples(st.sampled_from(project_ids), st.sampled_from(org_ids)), unique=True, max_size=12))
    participations = pd.DataFrame({
        "project_id": [p for p, _ in pairs], "org_id": [o for _, o in pairs],
        "role": [draw(st.sampled_from([None, "partner", "coordinator"])) for _ in pairs],
        "budget_eur": [draw(MONEY) for _ in pairs],
    }, columns=["project_id", "org_id", "role", "budget_eur"])
    participations["budget_eur"] = participations["budget_eur"].astype("float64")
    projects["budget_eur"] = projects["budget_eur"].astype("float64")
    return ImportBatch(source="fuzz", files=["fuzz.csv"], organisations=organisations, projects=projects,
                       participations=participations)


@FUZZ
@given(batches())
def test_generated_data_round_trips(batch):
    with scratch() as directory:
        apply_batch(directory / "data", batch, imported_at="2026-01-01T00:00:00+00:00")
        ds = helixnet.load(directory / "data")
    orgs = ds.organisations.loc[list(batch.organisations.index)]
    for column in ("name", "helix", "kind", "country"):
        assert plain(orgs[column]) == plain(batch.organisations[column]), column
    explicit = batch.organisations["sme"].notna().to_numpy()
    assert plain(orgs["sme"][explicit]) == plain(batch.organisations["sme"][explicit].astype(bool))
    projects = ds.projects.loc[list(batch.projects.index)]
    for column in ("title", "programme", "cluster_id", "start_year", "end_year", "budget_eur"):
        assert plain(projects[column]) == plain(batch.projects[column]), column
    got = ds.participations.sort_values(["project_id", "org_id"])
    want = batch.participations.sort_values(["project_id", "org_id"])
    for column in ("project_id", "org_id", "role", "budget_eur"):
        assert plain(got[column]) == plain(want[column]), column


def plain(values) -> list:
    """Values as plain Python objects, every kind of missing as None."""
    return [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in values]


# -- importers ----------------------------------------------------------------------------------
@FUZZ
@given(st.binary(max_size=400))
def test_import_table_any_bytes(data):
    reads_file("export.csv", data, import_table, parse_mapping(CORPUS_MAPPING))


@FUZZ
@given(st.lists(st.lists(CELLS, min_size=7, max_size=7), max_size=8))
def test_import_table_generated_rows(rows):
    with scratch() as directory:
        header = ["project", "title", "org", "org_name", "type", "year", "budget"]
        (directory / "export.csv").write_text(csv_text([header] + rows), encoding="utf-8")
        batch = loads_or_helixnet_error(import_table, directory / "export.csv", parse_mapping(CORPUS_MAPPING))
        if batch is not None:  # what an importer accepts, the data directory accepts
            loads_or_helixnet_error(apply_batch, directory / "data", batch)


@SMALL
@given(st.lists(st.lists(st.one_of(CELLS, st.integers(-10, 3000), st.floats(allow_nan=True), st.booleans(),
                                   st.none(), st.datetimes(), st.just("=SUM(F2:F3)")), min_size=7, max_size=7),
                max_size=5))
def test_import_table_generated_workbooks(rows):
    from openpyxl import Workbook

    with scratch() as directory:
        book = Workbook()
        sheet = book.active
        sheet.append(["project", "title", "org", "org_name", "type", "year", "budget"])
        for row in rows:
            sheet.append([_xlsx_safe(v) for v in row])
        book.save(directory / "export.xlsx")
        loads_or_helixnet_error(import_table, directory / "export.xlsx", parse_mapping(CORPUS_MAPPING))


def _xlsx_safe(value):
    """Cells openpyxl can store (it refuses control characters and infinite floats itself)."""
    import math
    import re

    if isinstance(value, str):
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@SMALL
@given(st.binary(max_size=400))
def test_import_xlsx_any_bytes(data):
    reads_file("export.xlsx", b"PK\x03\x04" + data, import_table, parse_mapping(CORPUS_MAPPING))


@FUZZ
@given(st.binary(max_size=400))
def test_import_cordis_any_bytes(data):
    reads_file("organizations.csv", data, read_cordis)


@FUZZ
@given(st.lists(st.lists(CELLS, min_size=6, max_size=6), max_size=5))
def test_import_cordis_generated_rows(rows):
    header = ["projectID", "organisationID", "name", "SME", "activityType", "country", "role", "ecContribution",
              "totalCost", "vatNumber"]
    with scratch() as directory:
        (directory / "organizations.csv").write_text(
            csv_text([header] + [(r * 2)[:len(header)] for r in rows], ";"), encoding="utf-8")
        loads_or_helixnet_error(read_cordis, directory / "organizations.csv")


# -- TOML inputs: mappings, scenarios, merges ---------------------------------------------------
TOML_KEYS = st.sampled_from(["source", "layout", "delimiter", "decimal", "na_values", "cluster_key", "sheet",
                             "columns", "values", "defaults", "extras", "id_prefix", "sheets", "organisations",
                             "projects", "participations", "id", "name", "helix", "kind", "start_year", "op",
                             "scenario", "operation", "retention", "value", "parameters", "merge", "into",
                             "distinct", "other", "hosts", "n", "share", "title_en", "x"])
TOML_VALUES = st.one_of(st.text(CSV_ALPHABET.filter(lambda c: c not in "\x00\r"), max_size=6), st.integers(-3, 3000),
                        st.floats(-2, 2, allow_nan=False), st.booleans(), st.lists(st.integers(0, 3), max_size=3),
                        st.just("$cluster"), st.just("{id}"))


def toml_value(value) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


@st.composite
def toml_documents(draw, base: str = "") -> str:
    """``base`` plus random tables (plain or arrays) of random keys and values."""
    lines = [base]
    for _ in range(draw(st.integers(0, 4))):
        path = ".".join(draw(st.lists(TOML_KEYS, min_size=1, max_size=3)))
        lines.append(f"[[{path}]]" if draw(st.booleans()) else f"[{path}]")
        for key in draw(st.lists(TOML_KEYS, max_size=4, unique=True)):
            lines.append(f"{key} = {toml_value(draw(TOML_VALUES))}")
    return "\n".join(lines) + "\n"


@FUZZ
@given(st.one_of(st.text(max_size=300), toml_documents(), toml_documents(CORPUS_MAPPING)))
def test_mapping_any_text(text):
    loads_or_helixnet_error(parse_mapping, text, path="m.toml")


@FUZZ
@given(st.one_of(st.text(max_size=300), toml_documents(), toml_documents(SCENARIO)))
def test_scenario_any_text(text):
    loads_or_helixnet_error(parse_scenarios, text, path="s.toml")


@SMALL
@given(st.binary(max_size=300))
def test_scenario_file_any_bytes(data):
    reads_file("s.toml", data, load_scenarios)


@FUZZ
@given(st.one_of(st.binary(max_size=200), toml_documents().map(str.encode),
                 toml_documents('[[merge]]\nid = "a"\ninto = "b"\n').map(str.encode)))
def test_merges_any_content(data):
    reads_file("merges.toml", data, read_merges)


@SMALL
@given(st.one_of(st.binary(max_size=200), toml_documents('[[merge]]\nid = "c1"\ninto = "u1"\n').map(str.encode)))
def test_import_with_any_merges_file(data):
    """A whole import into a data directory whose merges.toml is anything."""
    with scratch() as directory:
        root = tiny_with(directory, "merges.toml", data)
        (directory / "export.csv").write_bytes((DATA / "invalid" / "load_import_csv" / "export.csv").read_bytes())
        batch = import_table(directory / "export.csv", parse_mapping(CORPUS_MAPPING))
        loads_or_helixnet_error(apply_batch, root, batch)
