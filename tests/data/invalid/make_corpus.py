"""Build the bad-input corpus: one directory per case and the manifest ``cases.toml``.

Run ``python tests/data/invalid/make_corpus.py`` to rewrite every case directory and the
manifest (the files are committed; the tests only read them). Each case is a copy of the
tiny fixture (``tests/data/tiny``) or a small import input with exactly ONE defect, or a
valid edge case that must load. ``tests/test_invalid_corpus.py`` runs the command of each
case through the real CLI and checks the outcome the manifest states.

Manifest fields: ``id`` (= directory), ``defect``, ``outcome`` (``fail`` or ``load``),
``data`` (what ``{data}`` is: ``case`` = the case directory itself, ``tiny`` = a fresh copy
of the tiny fixture, ``empty`` = an empty directory, ``missing`` = a path that does not
exist), ``command`` (CLI arguments; ``{case}``, ``{data}`` and ``{out}`` are replaced by
the copied case directory, the data directory and a fresh output path), and for failing
cases the expected message parts ``file`` (``{case}``/``{data}``-relative path the message
starts with), ``line``, ``column``, ``value`` and ``expect`` (the expectation text); for
loading cases ``stdout`` (a text the output must contain).
"""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from pathlib import Path

from helixnet.io.tables import reproducible_xlsx

HERE = Path(__file__).parent
FIXTURES = HERE.parent
TINY = FIXTURES / "tiny"

ORG_HEADER = "id,name,helix,kind,sme,country\n"
EXPORT = ("project,title,org,org_name,type,year,budget\n"
          "P1,Alpha,O1,Org One,company,2020,1000\n"
          "P1,Alpha,O2,Org Two,university,2020,2000\n"
          "P2,Beta,O1,Org One,company,2021,500\n")
MAPPING = ('source = "corpus"\n'
           'layout = "participations"\n'
           "\n"
           "[columns.organisations]\n"
           'id = "org"\n'
           'name = "org_name"\n'
           'helix = "type"\n'
           'kind = "type"\n'
           "\n"
           "[columns.projects]\n"
           'id = "project"\n'
           'title = "title"\n'
           'start_year = "year"\n'
           "\n"
           "[columns.participations]\n"
           'budget_eur = "budget"\n')
SCENARIO = ('[[scenario]]\n'
            'id = "s"\n'
            'title_en = "S"\n'
            'title_nl = "S"\n'
            'description_en = "A scenario."\n'
            'description_nl = "Een scenario."\n'
            "\n"
            "[[scenario.operation]]\n"
            'op = "drop_ties"\n'
            'around = "$cluster"\n'
            "retention = 0.5\n")
HOSTILE_NAMES = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert('x')</script>",
    'Quote "double" and \'single\'',
    "Line\nbreak",
    "\u202eevil.exe\u202c RTL",
    "=HYPERLINK(\"http://x\",\"click\")",
    "L" * 5000,
]

VALIDATE = ["validate", "{data}"]
IMPORT = ["import", "table", "{case}/export.csv", "--mapping", "{case}/mapping.toml", "--data", "{data}"]
IMPORT_XLSX = ["import", "table", "{case}/export.xlsx", "--mapping", "{case}/mapping.toml", "--data", "{data}"]
SCENARIOS = ["scenarios", "{data}", "--scenario", "{case}/scenario.toml", "--cluster", "clu", "--runs", "2",
             "--out", "{out}"]
ORGS = "{data}/nodes/organisations.csv"
EXTRA = "{data}/nodes/organisations_extra.csv"
PROJECTS = "{data}/nodes/projects.csv"
PARTS = "{data}/edges/participations.csv"
TIES = "{data}/edges/ties.csv"


def tiny() -> dict[str, bytes]:
    """The files of the tiny fixture, by relative path."""
    return {p.relative_to(TINY).as_posix(): p.read_bytes() for p in sorted(TINY.rglob("*")) if p.is_file()}


def edited(relative: str, old: str, new: str, *, encoding: str = "utf-8") -> dict[str, bytes]:
    """Tiny with ``old`` replaced by ``new`` once in ``relative`` (written in ``encoding``)."""
    files = tiny()
    text = files[relative].decode("utf-8")
    assert old in text, (relative, old)
    files[relative] = text.replace(old, new, 1).encode(encoding)
    return files


def replaced(relative: str, data: bytes | str) -> dict[str, bytes]:
    """Tiny with ``relative`` replaced by ``data`` (None: removed)."""
    files = tiny()
    if data is None:
        del files[relative]
    else:
        files[relative] = data.encode("utf-8") if isinstance(data, str) else data
    return files


def export(old: str = "", new: str = "", mapping: str = MAPPING, name: str = "export.csv") -> dict[str, bytes]:
    """The small import export and its mapping, ``old`` replaced by ``new`` in the export."""
    assert old in EXPORT
    return {name: EXPORT.replace(old, new, 1).encode("utf-8"), "mapping.toml": mapping.encode("utf-8")}


def png_bytes() -> bytes:
    """A 1x1 PNG image (binary content with NUL bytes)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def workbook(rows: list[list], merge: str | None = None, formula: tuple[str, str] | None = None) -> bytes:
    """An XLSX workbook with one sheet ``Blad1`` holding ``rows`` (deterministic bytes)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Blad1"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if formula:
        sheet[formula[0]] = formula[1]
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_xlsx(buffer.getvalue())


def export_rows() -> list[list]:
    rows = [line.split(",") for line in EXPORT.strip().split("\n")]
    return [rows[0]] + [[*r[:5], int(r[5]), int(r[6])] for r in rows[1:]]


def header_only() -> dict[str, bytes]:
    files = {rel: data.splitlines(keepends=True)[0] for rel, data in tiny().items()}
    del files["nodes/organisations_extra.csv"], files["edges/ties.csv"]
    return files


def hostile_names() -> dict[str, bytes]:
    rows = "".join(f'h{i},"{n.replace(chr(34), chr(34) * 2)}",bedrijf,kmo,,BE\n' for i, n in enumerate(HOSTILE_NAMES))
    files = tiny()
    files["nodes/organisations.csv"] = files["nodes/organisations.csv"] + rows.encode("utf-8")
    return files


def utf16_without_bom() -> dict[str, bytes]:
    files = tiny()
    files["nodes/organisations.csv"] = files["nodes/organisations.csv"].decode("utf-8").encode("utf-16-le")
    return files


def bom_crlf() -> dict[str, bytes]:
    files = tiny()
    text = files["nodes/organisations.csv"].decode("utf-8").replace("\n", "\r\n")
    files["nodes/organisations.csv"] = b"\xef\xbb\xbf" + text.encode("utf-8")
    return files


def all_quoted() -> dict[str, bytes]:
    files = tiny()
    lines = files["edges/participations.csv"].decode("utf-8").splitlines()
    files["edges/participations.csv"] = "".join(
        ",".join(f'"{f}"' for f in line.split(",")) + "\n" for line in lines).encode("utf-8")
    return files


def without_column(relative: str, position: int) -> str:
    """The ``,``-delimited tiny file ``relative`` without its column at ``position``."""
    lines = tiny()[relative].decode("utf-8").splitlines()
    return "".join(",".join(f for i, f in enumerate(line.split(",")) if i != position) + "\n" for line in lines)


def appended(relative: str, rows: str) -> dict[str, bytes]:
    """Tiny with ``rows`` added at the end of ``relative``."""
    files = tiny()
    files[relative] += rows.encode("utf-8")
    return files


def with_file(base: dict[str, bytes], relative: str, data: str) -> dict[str, bytes]:
    files = dict(base)
    files[relative] = data.encode("utf-8")
    return files


def case(id, defect, files, command=VALIDATE, data="case", outcome="fail", **expected):
    return {"id": id, "defect": defect, "outcome": outcome, "data": data, "command": command,
            "files": files, **expected}


#: A second participations file, ';'-delimited, with one budget to fill in.
SEMICOLON_PARTS = "project_id;org_id;role;budget_eur\np4;u1;partner;{}\n"


def cases() -> list[dict]:
    """Every case of the corpus."""
    return [
        # -- data directories: structure ------------------------------------------------
        case("missing_required_column", "organisations.csv has no helix column",
             replaced("nodes/organisations.csv", without_column("nodes/organisations.csv", 2)),
             file=ORGS, line=1, column="helix", expect="required column is missing from the header"),
        case("missing_projects_table", "the data directory has no projects file",
             replaced("nodes/projects.csv", None),
             file="{data}", expect="no projects file found; expected nodes/projects*.csv"),
        case("empty_data_directory", "the data directory is empty", {}, data="empty",
             file="{data}", expect="no organisations, projects, participations file found"),
        case("nonexistent_data_directory", "the data directory does not exist", {}, data="missing",
             file="{data}", expect="data directory does not exist; expected a directory with nodes/ and edges/"),
        case("data_path_is_a_file", "DATA names a CSV file, not a directory", tiny(),
             command=["validate", "{data}/nodes/organisations.csv"],
             file=ORGS, expect="is not a directory; expected a directory with nodes/ and edges/"),
        case("empty_file", "organisations.csv is 0 bytes", replaced("nodes/organisations.csv", b""),
             file=ORGS, line=1, expect="the file is empty; expected a header row"),
        case("whitespace_only_file", "ties.csv holds only blank lines", replaced("edges/ties.csv", "\n  \n\r\n"),
             file=TIES, line=1, expect="the file is empty; expected a header row"),
        case("header_only_everywhere", "every table holds only its header row: no organisations at all",
             header_only(), file=ORGS, expect="holds no organisations (header only); expected at least one row"),
        case("duplicate_header_column", "organisations.csv names the column name twice",
             edited("nodes/organisations.csv", "sme,country", "sme,name"),
             file=ORGS, line=1, column="name", expect="column name appears twice in the header"),
        case("empty_header_field", "organisations.csv has an empty header field",
             edited("nodes/organisations.csv", "sme,country", "sme,"),
             file=ORGS, line=1, expect="header field 6 is empty; expected a column name"),
        # -- data directories: encodings and bytes ------------------------------------
        case("latin1_file", "organisations.csv is Latin-1 encoded (é as byte 0xe9)",
             edited("nodes/organisations.csv", "City Hall", "Hôtel de Ville", encoding="latin-1"),
             file=ORGS, line=6, column="name", value="H\ufffdtel de Ville", expect="is not valid UTF-8"),
        case("utf16_file", "organisations.csv is UTF-16 encoded (with BOM)",
             replaced("nodes/organisations.csv", tiny()["nodes/organisations.csv"].decode().encode("utf-16")),
             file=ORGS, expect="the file is UTF-16 encoded; expected UTF-8"),
        case("utf16_without_bom", "organisations.csv is UTF-16-LE without a BOM", utf16_without_bom(),
             file=ORGS, expect="looks UTF-16 encoded"),
        case("binary_file_named_csv", "organisations.csv holds a PNG image", replaced("nodes/organisations.csv", png_bytes()),
             file=ORGS, line=3, expect="binary data (NUL byte); expected UTF-8 CSV text"),
        case("binary_without_nul", "ties.csv holds random high bytes (no NUL)",
             replaced("edges/ties.csv", bytes(range(0x80, 0x100)) * 4),
             file=TIES, line=1, expect="is not valid UTF-8"),
        case("nul_byte_in_text", "a NUL byte inside an organisation name",
             edited("nodes/organisations.csv", "Big Co", "Big\x00Co"),
             file=ORGS, line=5, expect="binary data (NUL byte)"),
        # -- data directories: CSV syntax ---------------------------------------------
        case("wrong_delimiter_tab", "organisations.csv is tab-delimited",
             edited("nodes/organisations.csv", "id,name,helix,kind,sme,country", "id\tname\thelix\tkind\tsme\tcountry"),
             file=ORGS, line=1, value="id\tname\thelix\tkind\tsme\tcountry", expect="the header has tab delimiters"),
        case("wrong_delimiter_pipe", "ties.csv is pipe-delimited",
             replaced("edges/ties.csv", "source|target|relation|weight|start_year|end_year\nc1|clu|membership|1|2018|\n"),
             file=TIES, line=1, expect="the header has '|' delimiters"),
        case("broken_quoting_unclosed", "the last organisation opens a quote that never closes",
             edited("nodes/organisations.csv", "g1,City Hall", 'g1,"City Hall'),
             file=ORGS, line=6, expect="cannot parse CSV (unexpected end of data)"),
        case("broken_quoting_stray", "text after a closing quote",
             edited("nodes/organisations.csv", "c2,Big Co", 'c2,"Big" Co'),
             file=ORGS, line=5, expect="cannot parse CSV (',' expected after '\"'); expected properly quoted "
             "fields (text follows a closing quote"),
        case("ragged_row_long", "one organisation row has an extra field",
             edited("nodes/organisations.csv", "c1,SME One,PRC,kmo,,BE", "c1,SME One,PRC,kmo,,BE,extra"),
             file=ORGS, line=4, expect="row has 7 fields; expected 6 as in the header"),
        case("ragged_row_truncated", "the file ends in the middle of the last row",
             edited("nodes/organisations.csv", "g1,City Hall,overheid,stad,,BE\n", "g1,City Hall,over"),
             file=ORGS, line=6, expect="the file looks truncated"),
        case("very_long_field", "one name is 140,000 characters long (beyond the CSV field limit)",
             edited("nodes/organisations.csv", "Big Co", "B" * 140_000),
             file=ORGS, line=5, expect="longer than"),
        # -- data directories: cell values --------------------------------------------
        case("unknown_helix", "an organisation of helix 'alien'",
             edited("nodes/organisations.csv", "g1,City Hall,overheid", "g1,City Hall,alien"),
             file=ORGS, line=6, column="helix", value="alien", expect="expected a helix: one of bedrijf"),
        case("empty_required_value", "an organisation without a name",
             edited("nodes/organisations.csv", "c1,SME One,", "c1,,"),
             file=ORGS, line=4, column="name", value="", expect="is empty; expected a value"),
        case("bad_boolean", "sme is 'maybe'",
             edited("nodes/organisations.csv", "universiteit,false", "universiteit,maybe"),
             file=ORGS, line=3, column="sme", value="maybe", expect="expected true or false"),
        case("budget_non_numeric", "a project budget of '1M'",
             edited("nodes/projects.csv", "2019,2021,1000000", "2019,2021,1M"),
             file=PROJECTS, line=2, column="budget_eur", value="1M", expect="expected a number >= 0"),
        case("budget_negative", "a participation budget of -500000",
             edited("edges/participations.csv", "p1,u1,partner,500000", "p1,u1,partner,-500000"),
             file=PARTS, line=3, column="budget_eur", value="-500000", expect="expected a number >= 0"),
        case("budget_nan", "a project budget of 'nan'",
             edited("nodes/projects.csv", "2019,2021,1000000", "2019,2021,nan"),
             file=PROJECTS, line=2, column="budget_eur", value="nan", expect="expected a number >= 0"),
        case("budget_infinite", "a participation budget of 'inf'",
             edited("edges/participations.csv", "p3,g1,partner,100000", "p3,g1,partner,inf"),
             file=PARTS, line=9, column="budget_eur", value="inf", expect="expected a number >= 0"),
        case("year_out_of_range", "a project that started in 1850 (after a multi-line title: line 5)",
             edited("nodes/projects.csv", "COOCK,energy,2021", "COOCK,energy,1850"),
             file=PROJECTS, line=5, column="start_year", value="1850", expect="expected a year between 1900 and 2100"),
        case("year_not_whole", "a start year of 2020.5",
             edited("nodes/projects.csv", "EFRO,mobility,2022", "EFRO,mobility,2020.5"),
             file=PROJECTS, line=6, column="start_year", value="2020.5", expect="expected a year between"),
        case("end_before_start", "a project that ends before it starts",
             edited("nodes/projects.csv", "2019,2021", "2019,2018"),
             file=PROJECTS, line=2, column="end_year", value="2018", expect="expected end_year >= start_year"),
        case("tie_weight_zero", "a tie of weight 0 (weights must be > 0)",
             edited("edges/ties.csv", "c1,clu,membership,1", "c1,clu,membership,0"),
             file=TIES, line=2, column="weight", value="0", expect="expected a number > 0"),
        # -- data directories: keys and references ------------------------------------
        case("duplicate_id", "organisation c1 defined twice in one file",
             appended("nodes/organisations.csv", "c1,SME One again,bedrijf,kmo,,BE\n"),
             file=ORGS, line=7, column="id", value="c1", expect="first defined at"),
        case("duplicate_id_across_files", "organisation c1 also defined in organisations_extra.csv",
             edited("nodes/organisations_extra.csv", "iso;Lonely SME", "c1;Lonely SME"),
             file=EXTRA, line=3, column="id", value="c1", expect="duplicate organisations key"),
        case("duplicate_participation", "the pair (p1, u1) twice",
             appended("edges/participations.csv", "p1,u1,partner,1\n"),
             file=PARTS, line=13, column="org_id", value="u1", expect="duplicate participations key"),
        case("dangling_project_reference", "a participation in project p9, which does not exist",
             edited("edges/participations.csv", "p4,g1", "p9,g1"),
             file=PARTS, line=12, column="project_id", value="p9", expect="is not a known project id"),
        case("dangling_organisation_reference", "a participation of organisation zz, which does not exist",
             edited("edges/participations.csv", "p4,g1", "p4,zz"),
             file=PARTS, line=12, column="org_id", value="zz", expect="is not a known organisation id"),
        case("dangling_cluster_reference", "a project facilitated by an unknown cluster",
             edited("nodes/projects.csv", "250000,clu", "250000,nope"),
             file=PROJECTS, line=5, column="cluster_id", value="nope", expect="is not a known organisation id"),
        case("cluster_is_not_intermediary", "a project facilitated by a university",
             edited("nodes/projects.csv", "250000,clu", "250000,u1"),
             file=PROJECTS, line=5, column="cluster_id", value="u1", expect="expected a cluster organisation"),
        case("tie_self_loop", "a tie from c1 to c1",
             edited("edges/ties.csv", "c1,clu,", "c1,c1,"),
             file=TIES, line=2, column="target", value="c1", expect="is both source and target"),
        case("dataset_toml_syntax", "dataset.toml is not valid TOML",
             with_file(tiny(), "dataset.toml", 'title = "Tiny"\nsource = \n'),
             file="{data}/dataset.toml", line=2, expect="is not valid TOML"),
        case("dataset_toml_type", "dataset.toml says synthetic = \"yes\"",
             with_file(tiny(), "dataset.toml", 'title = "Tiny"\nsynthetic = "yes"\n'),
             file="{data}/dataset.toml", line=2, column="synthetic", value="yes", expect="expected true or false"),
        # -- analysis commands on bad data write nothing -------------------------------
        case("metrics_on_bad_data", "metrics --out on data with an unknown helix",
             edited("nodes/organisations.csv", "g1,City Hall,overheid", "g1,City Hall,alien"),
             command=["metrics", "{data}", "--out", "{out}"],
             file=ORGS, line=6, column="helix", value="alien", expect="expected a helix"),
        case("report_on_bad_data", "report --out on data with a dangling reference",
             edited("edges/participations.csv", "p4,g1", "p4,zz"),
             command=["report", "{data}", "--out", "{out}"],
             file=PARTS, line=12, column="org_id", value="zz", expect="is not a known organisation id"),
        case("edge_budget_exceeded", "the collaboration graph would exceed --max-edges 5", tiny(),
             command=["--max-edges", "5", "metrics", "{data}", "--out", "{out}"],
             expect="exceeds the edge budget of 5"),
        case("output_is_a_directory", "map --out names an existing directory inside the data",
             tiny() | {"map.html/README.txt": b"a directory where the map should go\n"},
             command=["map", "{data}", "--out", "{data}/map.html"],
             file="--out '{data}/map.html'", expect="is inside the input"),
        case("year_window_reversed", "--from-year after --to-year", tiny(),
             command=["metrics", "{data}", "--from-year", "2022", "--to-year", "2019", "--out", "{out}"],
             expect="end year 2019 is before start year 2022"),
        # -- import table ----------------------------------------------------------------
        case("import_mapping_unknown_column", "the mapping names a column the export lacks",
             export() | {"mapping.toml": MAPPING.replace('helix = "type"', 'helix = "organisation_type"').encode()},
             command=IMPORT, data="tiny", file="{case}/export.csv", line=1,
             expect="column 'organisation_type' (mapping {case}/mapping.toml:7"),
        case("import_mapping_unknown_key", "the mapping has a misspelt key",
             export() | {"mapping.toml": MAPPING.replace("[columns.projects]", "[colums.projects]").encode()},
             command=IMPORT, data="tiny", file="{case}/mapping.toml", line=10, expect="is not a known key"),
        case("import_mapping_not_toml", "the mapping is not TOML",
             export() | {"mapping.toml": b"source = corpus\n"},
             command=IMPORT, data="tiny", file="{case}/mapping.toml", line=1, expect="is not valid TOML"),
        case("import_mapping_missing", "the mapping file does not exist", export(),
             command=[*IMPORT[:4], "{case}/nomapping.toml", *IMPORT[5:]], data="tiny",
             file="{case}/nomapping.toml", expect="expected"),
        case("import_unknown_helix", "an export row of type 'alien'",
             export("O2,Org Two,university", "O2,Org Two,alien"),
             command=IMPORT, data="tiny", file="{case}/export.csv", line=3, column="type", value="alien",
             expect="expected a helix"),
        case("import_negative_budget", "an export budget of -2000",
             export("2020,2000", "2020,-2000"),
             command=IMPORT, data="tiny", file="{case}/export.csv", line=3, column="budget", value="-2000",
             expect="expected a number >= 0"),
        case("import_empty_export", "the export is 0 bytes", export() | {"export.csv": b""},
             command=IMPORT, data="tiny", file="{case}/export.csv", line=1, expect="the file is empty"),
        case("import_latin1_export", "the export is Latin-1 encoded",
             export() | {"export.csv": EXPORT.replace("Org Two", "Société Two").encode("latin-1")},
             command=IMPORT, data="tiny", file="{case}/export.csv", line=3, column="org_name",
             expect="is not valid UTF-8"),
        case("import_wrong_suffix", "the export is an .xls file", export(name="export.xls"),
             command=[*IMPORT[:2], "{case}/export.xls", *IMPORT[3:]], data="tiny",
             file="{case}/export.xls", expect="expected .csv or .xlsx"),
        case("import_xlsx_formula", "a formula in a mapped cell of the XLSX export",
             {"export.xlsx": workbook(export_rows(), formula=("G3", "=F3*2")), "mapping.toml": MAPPING.encode()},
             command=IMPORT_XLSX, data="tiny", file="{case}/export.xlsx [Blad1] cell G3", column="budget",
             value="=F3*2", expect="is a formula; expected a value"),
        case("import_xlsx_merged_header", "merged header cells in the XLSX export",
             {"export.xlsx": workbook([["project", "title", "org", "org_name", "type", "year", "budget", None],
                                       *export_rows()[1:]], merge="G1:H1"),
              "mapping.toml": MAPPING.encode()},
             command=IMPORT_XLSX, data="tiny", file="{case}/export.xlsx [Blad1] cell G1",
             expect="header cells G1:H1 are merged"),
        case("import_xlsx_not_a_workbook", "a CSV file named .xlsx",
             {"export.xlsx": EXPORT.encode(), "mapping.toml": MAPPING.encode()},
             command=IMPORT_XLSX, data="tiny", file="{case}/export.xlsx", expect="cannot open the workbook"),
        case("import_bad_merges_file", "the data directory's merges.toml names an unknown key",
             export() | {f"data/{k}": v for k, v in tiny().items()}
             | {"data/merges.toml": b'[[merge]]\nid = "c1"\ninto = "clu"\n\n[[merge]]\ninto = "u1"\n'},
             command=[*IMPORT[:-1], "{case}/data"], file="{case}/data/merges.toml", line=5, column="id",
             expect="merge entry 2 has no text 'id'"),
        case("import_cordis_missing_column", "a CORDIS export without the activityType column",
             {"organizations.csv": (FIXTURES / "cordis" / "bad_missing_column.csv").read_bytes()},
             command=["import", "cordis", "{case}/organizations.csv", "--data", "{data}"], data="tiny",
             file="{case}/organizations.csv", line=1, expect="expected"),
        case("import_cordis_truncated", "a CORDIS export cut inside a quoted field",
             {"organizations.csv": (FIXTURES / "cordis" / "bad_truncated.csv").read_bytes()},
             command=["import", "cordis", "{case}/organizations.csv", "--data", "{data}"], data="tiny",
             file="{case}/organizations.csv", expect="truncated"),
        case("import_export_missing", "the export file does not exist", {"mapping.toml": MAPPING.encode()},
             command=IMPORT, data="tiny", file="{case}/export.csv", expect="file not found"),
        case("import_year_out_of_range", "an export row of year 2999",
             export("P2,Beta,O1,Org One,company,2021", "P2,Beta,O1,Org One,company,2999"),
             command=IMPORT, data="tiny", file="{case}/export.csv", line=4, column="year", value="2999",
             expect="expected a year between 1900 and 2100"),
        case("import_duplicate_header", "the export names the column budget twice",
             export("year,budget", "year,year"),
             command=IMPORT, data="tiny", file="{case}/export.csv", line=1, column="year",
             expect="column name appears twice in the header"),
        case("import_data_is_a_file", "--data names a file, not a directory",
             export() | {"notes.txt": b"not a data directory\n"},
             command=[*IMPORT[:-1], "{case}/notes.txt"], data="tiny", file="--data '{case}/notes.txt'",
             expect="exists and is not a directory; expected a directory"),
        case("import_csv_for_sheets_mapping", "a CSV export with a mapping of layout 'sheets'",
             export() | {"mapping.toml": (MAPPING.replace('layout = "participations"', 'layout = "sheets"')
                                          .replace("[columns.participations]\n",
                                                   '[columns.participations]\nproject_id = "project"\n'
                                                   'org_id = "org"\n')
                                          + '\n[sheets]\norganisations = "O"\nprojects = "P"\n'
                                            'participations = "D"\n').encode()},
             command=IMPORT, data="tiny", file="{case}/export.csv", expect="expected an XLSX workbook"),
        case("import_cordis_latin1", "a Latin-1 CORDIS export",
             {"organizations.csv": (FIXTURES / "cordis" / "bad_latin1.csv").read_bytes()},
             command=["import", "cordis", "{case}/organizations.csv", "--data", "{data}"], data="tiny",
             file="{case}/organizations.csv", expect="is not valid UTF-8"),
        case("import_cordis_tab_delimited", "a tab-delimited CORDIS export",
             {"organizations.tsv": (FIXTURES / "cordis" / "bad_tab.tsv").read_bytes()},
             command=["import", "cordis", "{case}/organizations.tsv", "--data", "{data}"], data="tiny",
             file="{case}/organizations.tsv", line=1, expect="the header has tab delimiters"),
        case("organisations_file_is_a_directory", "nodes/organisations.csv is a directory",
             {k: v for k, v in tiny().items() if not k.startswith("nodes/organisations")}
             | {"nodes/organisations.csv/README.txt": b"a directory named like a table\n"},
             file="{data}", expect="no organisations file found"),
        case("tie_unknown_organisation", "a tie to an unknown organisation",
             edited("edges/ties.csv", "c2,clu,", "c2,ghost,"),
             file=TIES, line=3, column="target", value="ghost", expect="is not a known organisation id"),
        case("scenario_file_missing", "--scenario names a file that does not exist", {"README.txt": b"no scenario\n"},
             command=[*SCENARIOS[:3], "{case}/missing.toml", *SCENARIOS[4:]], data="tiny",
             file="{case}/missing.toml", expect="scenario file not found"),
        # -- scenario files ----------------------------------------------------------------
        case("scenario_unknown_operation", "a scenario operation 'explode'",
             {"scenario.toml": SCENARIO.replace('op = "drop_ties"', 'op = "explode"').encode()},
             command=SCENARIOS, data="tiny", file="{case}/scenario.toml", line=9,
             expect="'explode' is not a known operation; expected one of"),
        case("scenario_bad_value", "a retention of 'half'",
             {"scenario.toml": SCENARIO.replace("retention = 0.5", 'retention = "half"').encode()},
             command=SCENARIOS, data="tiny", file="{case}/scenario.toml", line=11, expect="expected"),
        case("scenario_not_toml", "a scenario file that is not TOML",
             {"scenario.toml": b"[[scenario]\nid = 's'\n"},
             command=SCENARIOS, data="tiny", file="{case}/scenario.toml", line=1, expect="is not valid TOML"),
        case("scenario_binary", "a scenario file holding binary bytes",
             {"scenario.toml": png_bytes()},
             command=SCENARIOS, data="tiny", file="{case}/scenario.toml", expect="expected"),
        # -- valid edge cases that must load -----------------------------------------------
        case("load_bom_crlf", "UTF-8 BOM and CRLF line ends", bom_crlf(), outcome="load",
             stdout="organisations        7"),
        case("load_embedded_newline", "a quoted organisation name spanning two lines",
             edited("nodes/organisations.csv", "g1,City Hall", 'g1,"City\nHall"'), outcome="load",
             stdout="organisations        7"),
        case("load_header_only_table", "ties.csv holds only its header",
             replaced("edges/ties.csv", "source,target,relation,weight,start_year,end_year\n"), outcome="load",
             stdout="ties                 0"),
        case("load_semicolon_decimal_comma", "a ';' projects file with 1.000.000,50 budgets",
             replaced("nodes/projects.csv", tiny()["nodes/projects.csv"].decode().replace(",", ";")
                      .replace("multi-line title\"", "multi-line title\"").replace("1000000", "1.000.000,50")),
             outcome="load", stdout="projects             4"),
        case("load_thousands_from_dataset_toml", "a ';' budget 1.234 with thousands = \"point\" in dataset.toml",
             with_file(with_file(tiny(), "edges/participations_more.csv", SEMICOLON_PARTS.format("1.234")),
                       "dataset.toml", 'title = "Tiny"\nthousands = "point"\n'),
             outcome="load", stdout="participations      12"),
        case("load_blank_lines", "blank lines between and after the rows",
             edited("edges/participations.csv", "p2,u1,", "\n\np2,u1,") | {}, outcome="load",
             stdout="participations      11"),
        case("load_no_final_newline", "the last row has no line end",
             replaced("edges/ties.csv", tiny()["edges/ties.csv"].rstrip(b"\n")), outcome="load",
             stdout="ties                 2"),
        case("load_all_fields_quoted", "every field of participations.csv quoted", all_quoted(), outcome="load",
             stdout="participations      11"),
        case("load_cr_line_ends", "old Mac line ends (CR only)",
             replaced("edges/ties.csv", tiny()["edges/ties.csv"].replace(b"\n", b"\r")), outcome="load",
             stdout="ties                 2"),
        case("load_extra_columns_and_spaces", "unknown extra columns and spaces around values",
             replaced("nodes/organisations.csv", "".join(
                 line + (",website\n" if n == 0 else f", https://x{n} \n")
                 for n, line in enumerate(tiny()["nodes/organisations.csv"].decode().splitlines()))
                 .replace("clu,Cluster A,intermediair,", "clu , Cluster A ,  INTERMEDIAIR ,")),
             outcome="load", stdout="organisations        7"),
        case("load_hostile_names", "names with HTML/JS, quotes, a newline, RTL override, a formula, 5,000 characters",
             hostile_names(), outcome="load", stdout="organisations       14"),
        case("load_import_xlsx", "a clean XLSX export imports", {"export.xlsx": workbook(export_rows()),
                                                                  "mapping.toml": MAPPING.encode()},
             command=IMPORT_XLSX, data="tiny", outcome="load", stdout="data directory updated"),
        case("load_import_csv", "a clean CSV export imports", export(), command=IMPORT, data="tiny",
             outcome="load", stdout="data directory updated"),
        *reliability_cases(),
    ]


def reliability_cases() -> list[dict]:
    """Issue #19: data loss, unbounded work, strict numbers and ids, control characters."""
    return [
        # outputs never touch inputs
        case("output_is_the_data_directory", "report --out names the data directory itself", tiny(),
             command=["report", "{data}", "--out", "{data}"], file="--out '{data}'", expect="is the input"),
        case("output_inside_the_data_directory", "metrics --out names the data's nodes/ directory", tiny(),
             command=["metrics", "{data}", "--out", "{data}/nodes"], file="--out '{data}/nodes'",
             expect="is inside the input"),
        case("output_over_an_input_file", "map --out names the organisations file", tiny(),
             command=["map", "{data}", "--out", ORGS], file=f"--out '{ORGS}'", expect="is inside the input"),
        case("output_contains_the_data", "scenarios --out names the directory holding the data",
             {"scenario.toml": SCENARIO.encode()},
             command=["scenarios", "{data}", "--scenario", "{case}/scenario.toml", "--out", "{case}"], data="tiny",
             file="--out '{case}'", expect="contains the input"),
        case("scenario_duplicate_id_across_files", "the same scenario id in two --scenario files",
             {"scenario.toml": SCENARIO.encode(), "again.toml": SCENARIO.encode()},
             command=[*SCENARIOS[:4], "--scenario", "{case}/again.toml", *SCENARIOS[4:]], data="tiny",
             file="{case}/again.toml", line=1, expect="scenario id 's' is also defined in {case}/scenario.toml:1"),
        # bounded work
        case("runs_above_the_limit", "scenarios --runs 1000000000", {"scenario.toml": SCENARIO.encode()},
             command=[*SCENARIOS[:-3], "1000000000", "--out", "{out}"], data="tiny",
             expect="--runs 1,000,000,000: more than the limit of 100,000 Monte Carlo runs"),
        case("import_xlsx_huge_token", "an XLSX whose sheet holds a 2 MB XML comment (a few KB zipped)",
             {"export.xlsx": padded_workbook(2_000_000), "mapping.toml": MAPPING.encode()}, command=IMPORT_XLSX,
             data="tiny", file="{case}/export.xlsx", expect="holds a token of more than 1,000,000 bytes"),
        # strict numbers and years
        case("year_exponent", "a start year written 2e3",
             edited("nodes/projects.csv", "EFRO,mobility,2022", "EFRO,mobility,2e3"),
             file=PROJECTS, line=6, column="start_year", value="2e3", expect="expected a year between"),
        case("year_non_ascii_digits", "a start year in Arabic-Indic digits",
             edited("nodes/projects.csv", "EFRO,mobility,2022", "EFRO,mobility,\u0662\u0660\u0662\u0662"),
             file=PROJECTS, line=6, column="start_year", value="\u0662\u0660\u0662\u0662",
             expect="expected a year between"),
        case("budget_exponent", "a budget written 1e5",
             edited("edges/participations.csv", "p3,g1,partner,100000", "p3,g1,partner,1e5"),
             file=PARTS, line=9, column="budget_eur", value="1e5", expect="expected a number >= 0 (in plain digits"),
        case("budget_underscore", "a budget written 100_000",
             edited("edges/participations.csv", "p3,g1,partner,100000", "p3,g1,partner,100_000"),
             file=PARTS, line=9, column="budget_eur", value="100_000", expect="expected a number >= 0"),
        case("budget_ambiguous_thousands", "a budget 1.234 in a ';'-delimited file (1234 or 1.234?)",
             with_file(tiny(), "edges/participations_more.csv", SEMICOLON_PARTS.format("1.234")),
             file="{data}/edges/participations_more.csv", line=2, column="budget_eur", value="1.234",
             expect="is ambiguous in a ';'-delimited file"),
        case("dataset_toml_thousands", "dataset.toml says thousands = \"comma\" (point or none expected)",
             with_file(tiny(), "dataset.toml", 'title = "Tiny"\nthousands = "comma"\n'),
             file="{data}/dataset.toml", line=2, column="thousands", value="comma", expect="expected one of 'point'"),
        case("budget_contradicts_thousands", "--thousands point, yet a budget 1234.5 whose point is no thousands mark",
             with_file(tiny(), "edges/participations_more.csv", SEMICOLON_PARTS.format("1234.5")),
             command=VALIDATE + ["--thousands", "point"],
             file="{data}/edges/participations_more.csv", line=2, column="budget_eur", value="1234.5",
             expect="expected a number >= 0 (in plain digits, at most 1e+15: 1234,5 or 1.234,5)"),
        case("weight_overflows", "two ties whose weights (10^308 each) sum to infinity",
             appended("edges/ties.csv", "c1,clu,membership,1" + "0" * 308 + ",2019,\n"),
             file=TIES, line=4, column="weight", expect="expected a number > 0"),
        case("csv_only_an_empty_field", "a projects file holding only \"\"", replaced("nodes/projects.csv", '""'),
             file=PROJECTS, line=1, expect="holds no header, only empty fields"),
        # ids and names
        case("id_zero_width_space", "an organisation id with a zero-width space",
             edited("nodes/organisations.csv", "g1,City Hall", "g\u200b1,City Hall"),
             file=ORGS, line=6, column="id", value="g\u200b1", expect="holds U+200B ZERO WIDTH SPACE"),
        case("id_stray_bom", "a participation org_id starting with a byte order mark",
             edited("edges/participations.csv", "p4,g1,partner", "p4,\ufeffg1,partner"),
             file=PARTS, line=12, column="org_id", value="\ufeffg1", expect="holds U+FEFF"),
        case("name_control_character", "an organisation name holding U+000B",
             edited("nodes/organisations.csv", "City Hall", "City\x0bHall"),
             file=ORGS, line=6, column="name", value="City\x0bHall", expect="holds U+000B"),
        case("load_kind_upper_case", "kind 'Cluster' (any case) is a cluster, as helix is",
             edited("nodes/organisations.csv", "clu,Cluster A,intermediair,cluster", "clu,Cluster A,Intermediair,Cluster"),
             outcome="load", stdout="clusters             1"),
        case("load_id_decomposed", "an id written decomposed (NFD) in participations, composed in organisations",
             {**edited("nodes/organisations.csv", "g1,City Hall", "g\u00e9,City Hall"),
              "edges/participations.csv": tiny()["edges/participations.csv"].decode().replace(
                  "g1", "ge\u0301").encode()},
             outcome="load", stdout="organisations        7"),
    ]


def padded_workbook(size: int) -> bytes:
    """The clean export workbook with a ``size``-byte XML comment in its sheet (zipped small)."""
    import zipfile

    plain = workbook(export_rows())
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<!--" + b"x" * size + b"--><sheetData>", 1)
            out.writestr(item, data)
    return buffer.getvalue()


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    text = str(value)
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)
    return f'"{escaped}"'


FIELDS = ("id", "defect", "outcome", "data", "command", "file", "line", "column", "value", "expect", "stdout")


def write() -> None:
    all_cases = cases()
    ids = [c["id"] for c in all_cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for old in HERE.iterdir():
        if old.is_dir():
            shutil.rmtree(old)
    manifest = ["# The bad-input corpus: one defect per case (see make_corpus.py; run it to rebuild).", ""]
    for c in all_cases:
        directory = HERE / c["id"]
        directory.mkdir()
        for relative, data in c["files"].items():
            (directory / relative).parent.mkdir(parents=True, exist_ok=True)
            (directory / relative).write_bytes(data)
        if not c["files"]:
            (directory / "README.txt").write_text(f"{c['defect']}: the test builds this case itself.\n",
                                                  encoding="utf-8")
        manifest.append("[[case]]")
        manifest += [f"{key} = {toml_value(c[key])}" for key in FIELDS if key in c]
        manifest.append("")
    (HERE / "cases.toml").write_text("\n".join(manifest), encoding="utf-8")
    fails = sum(c["outcome"] == "fail" for c in all_cases)
    print(f"{len(all_cases)} cases: {fails} must fail, {len(all_cases) - fails} must load")


if __name__ == "__main__":
    write()
