"""Hostile text in exports: spreadsheet formulas neutralised in CSV and XLSX, HTML shown as text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from helixnet.io.tables import safe_sheet_names, write_xlsx
from tests.helpers import parse_html

TRIGGERS = ["=1+1", "+32 2 000", "-cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"]


def _sheet_rows(path, title):
    return [list(row) for row in load_workbook(path)[title].iter_rows(values_only=True)]


def test_write_xlsx_neutralises_text_and_keeps_numbers(tmp_path):
    frame = pd.DataFrame({"name": TRIGGERS, "score": [-0.5, 1, 2.25, np.nan, 3, 4],
                          "sme": [True, False, True, False, True, False]},
                         index=pd.Index([f"@{i}" if i == 0 else str(i) for i in range(6)], name="id"))
    path = write_xlsx(frame, tmp_path / "t.xlsx")
    rows = _sheet_rows(path, "Sheet1")
    assert rows[0] == ["id", "name", "score", "sme"]
    # XML turns a bare CR into LF when read back unless the writer escapes it (openpyxl does
    # with lxml); the neutralising quote is what matters
    assert [r[1].replace("\r", "\n") for r in rows[1:]] == ["'" + t.replace("\r", "\n") for t in TRIGGERS]
    assert rows[1][0] == "'@0"
    assert [r[2] for r in rows[1:]] == [-0.5, 1, 2.25, None, 3, 4]
    assert [type(r[2]) for r in rows[1:] if r[2] is not None] == [float, int, float, int, int]
    assert [r[3] for r in rows[1:]] == [True, False, True, False, True, False]
    sheet = load_workbook(path)["Sheet1"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert frame.loc["@0", "name"] == "=1+1"  # the caller's frame is not changed


def test_write_xlsx_header_is_bold_and_frozen_and_widths_fit(tmp_path):
    frame = pd.DataFrame({"short": [1, 2], "long": ["x" * 200, "y"], "mid": ["abcdefghijklmnopqrst", ""]})
    sheet = load_workbook(write_xlsx({"t": frame}, tmp_path / "w.xlsx", index=False))["t"]
    assert [c.font.b for c in sheet[1]] == [True, True, True]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 8  # minimum
    assert sheet.column_dimensions["B"].width == 60  # capped
    assert sheet.column_dimensions["C"].width == 22  # 20 characters + 2


def test_write_xlsx_several_sheets_with_unsafe_names(tmp_path):
    frames = {"a/b:c": pd.DataFrame({"v": [1]}), "[x]*?\\": pd.DataFrame({"v": [2]}),
              "n" * 40: pd.DataFrame({"v": [3]}), "N" * 40 + "z": pd.DataFrame({"v": [4]}),
              "'quoted'": pd.DataFrame({"v": [5]}), "": pd.DataFrame({"v": [6]})}
    path = write_xlsx(frames, tmp_path / "s.xlsx", index=False)
    titles = load_workbook(path).sheetnames
    assert titles == ["a_b_c", "_x____", "n" * 31, "N" * 29 + "-2", "quoted", "Sheet"]
    assert [_sheet_rows(path, t)[1][0] for t in titles] == [1, 2, 3, 4, 5, 6]


def test_safe_sheet_names_rules():
    names = safe_sheet_names(["History", "history", "ok", "OK", "x\x00y"])
    assert names == {"History": "History_", "history": "history_-2", "ok": "ok", "OK": "OK-2", "x\x00y": "x_y"}
    assert all(len(v) <= 31 for v in safe_sheet_names(["é" * 100, "é" * 100 + "x"]).values())


def test_write_xlsx_drops_xml_illegal_characters_and_keeps_hostile_text(tmp_path):
    hostile = ["<img src=x onerror=alert(1)>", "</script>", "a\"b'c", "line\nbreak", "\u202eevil", "z" * 5000,
               "nul\x00byte\x1b"]
    path = write_xlsx(pd.DataFrame({"name": hostile}), tmp_path / "h.xlsx", index=False)
    values = [r[0] for r in _sheet_rows(path, "Sheet1")[1:]]
    assert values == hostile[:-1] + ["nulbyte"]


def test_write_xlsx_is_atomic_and_keeps_previous_file_on_failure(tmp_path):
    target = write_xlsx(pd.DataFrame({"v": [1]}), tmp_path / "k.xlsx")
    before = target.read_bytes()

    class Unprintable:
        def __str__(self):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_xlsx(pd.DataFrame({"v": [Unprintable()]}), target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.xlsx"]


def test_write_xlsx_multiindex_and_duplicate_columns(tmp_path):
    frame = pd.DataFrame([[1, 2], [3, 4]], columns=["a", "a"],
                         index=pd.MultiIndex.from_tuples([("x", 1), ("=y", 2)], names=["k", "n"]))
    rows = _sheet_rows(write_xlsx(frame, tmp_path / "m.xlsx"), "Sheet1")
    assert rows == [["k", "n", "a", "a"], ["x", 1, 1, 2], ["'=y", 2, 3, 4]]


def test_write_xlsx_is_reproducible(tmp_path):
    import time

    frame = pd.DataFrame({"v": [1, 2]})
    first = write_xlsx(frame, tmp_path / "a.xlsx").read_bytes()
    time.sleep(1.1)  # zip member and document times have a one-second resolution
    assert write_xlsx(frame, tmp_path / "b.xlsx").read_bytes() == first


def test_carriage_return_in_a_cell_keeps_the_row_whole(tmp_path):
    import csv

    from helixnet.io.tables import write_csv

    frame = pd.DataFrame({"name": ["a\rb", "plain"], "n": [1, 2]})
    path = write_csv(frame, tmp_path / "cr.csv", index=False)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["name", "n"], ["a\rb", "1"], ["plain", "2"]]


# -- the report of a dataset with hostile names ------------------------------------------------
HOSTILE_CLUSTER_ID = "../../escape"
HOSTILE_CLUSTER_NAME = "</script><img src=x onerror=alert('cluster')>"
HOSTILE = ["<img src=x onerror=alert(1)>", "</script><script>alert('x')</script>", 'Quote "dq" \'sq\' `bt`',
           "Line\nbreak", "\u202eevil.exe\u202c", "=HYPERLINK(\"http://x\",\"y\")", "+32 2 000", "-1+1", "@SUM(A1)",
           "\tTab", "L" * 5000]


def _hostile_data(root):
    """Tiny with a hostile cluster (id and name) and organisations with hostile names in its projects."""
    import shutil

    from tests.helpers import TINY, replace_in

    data = root / "data"
    shutil.copytree(TINY, data)
    for name in ("nodes/projects.csv", "edges/participations.csv", "edges/ties.csv"):
        text = (data / name).read_text(encoding="utf-8").replace(",clu,", f",{HOSTILE_CLUSTER_ID},")
        (data / name).write_text(text.replace(",clu\n", f",{HOSTILE_CLUSTER_ID}\n"), encoding="utf-8")
    quoted = HOSTILE_CLUSTER_NAME.replace('"', '""')
    replace_in(data / "nodes" / "organisations.csv", "clu,Cluster A,", f'{HOSTILE_CLUSTER_ID},"{quoted}",')
    with open(data / "nodes" / "organisations.csv", "a", encoding="utf-8", newline="") as out:
        for i, name in enumerate(HOSTILE):
            out.write(f'h{i},"{name.replace(chr(34), chr(34) * 2)}",bedrijf,kmo,,BE\n')
    with open(data / "edges" / "participations.csv", "a", encoding="utf-8") as out:
        for i in range(len(HOSTILE)):
            out.write(f"p{1 + i % 4},h{i},partner,{i}\n")
    return data


def _snapshot(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    from click.testing import CliRunner

    from helixnet.cli import main

    root = tmp_path_factory.mktemp("hostile")
    data = _hostile_data(root)
    before = _snapshot(data)
    result = CliRunner().invoke(main, ["report", str(data), "--out", str(root / "out" / "report")],
                                env={"HELIXNET_MAX_EDGES": None})
    assert result.exit_code == 0, result.output
    return root, data, before


def test_report_shows_hostile_names_as_text_only(hostile_report):
    root, data, before = hostile_report
    page = parse_html((root / "out" / "report" / "index.html").read_text(encoding="utf-8"))
    assert not [t for t in page.tags if t[0] == "img" and "onerror" in t[1]], "an injected <img> element"
    assert not [a for a in page.attributes if a[1].startswith("on")], "an event-handler attribute"
    assert not [a for a in page.attributes if a[2] and "alert(" in a[2]], "injected text inside an attribute"
    scripts = [t for t in page.tags if t[0] == "script"]
    assert all("src" not in attributes for _, attributes in scripts), "no script loads from anywhere"
    text = " ".join(page.text)
    assert HOSTILE_CLUSTER_NAME in text, "the cluster's hostile name is shown, as text"


def test_maps_hold_hostile_names_only_escaped(hostile_report):
    root, data, before = hostile_report
    maps = sorted((root / "out" / "report" / "maps").glob("*.html"))
    assert len(maps) == 2  # the network and the one cluster
    for path in maps:
        raw = path.read_text(encoding="utf-8")
        assert HOSTILE_CLUSTER_NAME not in raw and HOSTILE[0] not in raw, f"{path.name}: a name written raw"
        page = parse_html(path.read_text(encoding="utf-8"))
        assert not [a for a in page.attributes if a[1].startswith("on")], f"{path.name}: an event handler"
        assert not [t for t in page.tags if t[0] == "img"], f"{path.name}: an injected <img>"


def test_report_writes_only_inside_its_directory_with_safe_names(hostile_report):
    root, data, before = hostile_report
    report = root / "out" / "report"
    outside = [p for p in root.rglob("*") if p.is_file() and data not in p.parents and report not in p.parents]
    assert outside == [], "a name from the data steered a write outside the report directory"
    for path in report.rglob("*"):
        name = path.relative_to(report).as_posix()
        assert ".." not in name and "<" not in name and "\u202e" not in name, name
    assert _snapshot(data) == before, "the data directory is never changed by a report"


def test_every_csv_and_xlsx_export_is_neutralised(hostile_report):
    import csv

    root, data, before = hostile_report
    tables = sorted((root / "out" / "report").rglob("*.csv"))
    workbooks = sorted((root / "out" / "report").rglob("*.xlsx"))
    assert tables and workbooks
    seen_hostile = 0
    for path in tables:
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    seen_hostile += cell.startswith("'=HYPERLINK")
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")) or _is_number(cell), (path.name, cell)
                    assert not cell.startswith("-") or _is_number(cell), (path.name, cell)
    for path in workbooks:
        for sheet in load_workbook(path):
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), (path.name, cell.value)
    assert seen_hostile, "the hostile names reach the exports (neutralised)"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_data_directory_keeps_raw_values(hostile_report):
    import helixnet

    root, data, before = hostile_report
    names = helixnet.load(data).organisations["name"]
    assert [names[f"h{i}"] for i in range(len(HOSTILE))] == [n.strip() for n in HOSTILE]  # cells are stripped
    assert names[HOSTILE_CLUSTER_ID] == HOSTILE_CLUSTER_NAME


def test_report_and_map_run_no_injected_script_in_a_browser(hostile_report, chromium):
    from tests.browser_support import open_page

    root, data, before = hostile_report
    report = root / "out" / "report"
    for path in [report / "index.html", *sorted((report / "maps").glob("*.html"))]:
        page, log = open_page(chromium, path)
        try:
            page.wait_for_timeout(300)
            assert log.dialogs == [], f"{path.name}: an injected script ran: {log.dialogs}"
            assert log.page_errors == [], f"{path.name}: {log.page_errors}"
            assert page.locator("img[onerror]").count() == 0
            assert HOSTILE_CLUSTER_NAME in page.locator("body").inner_text()
        finally:
            page.context.close()


def test_write_xlsx_cuts_text_beyond_the_excel_cell_limit(tmp_path):
    from helixnet.io.tables import XLSX_CELL_MAX

    path = write_xlsx(pd.DataFrame({"t": ["x" * 40_000, "=" + "y" * 40_000, "z" * XLSX_CELL_MAX]}),
                      tmp_path / "long.xlsx", index=False)
    values = [r[0] for r in _sheet_rows(path, "Sheet1")[1:]]
    assert [len(v) for v in values] == [XLSX_CELL_MAX] * 3
    assert values[0].endswith("\u2026") and values[1].startswith("'=") and values[2] == "z" * XLSX_CELL_MAX
