"""Themes: the vocabulary, project -> theme tables, the h2020 mapping's programme parts, theme counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import helixnet
from helixnet.cli import main
from helixnet.errors import DataError, OptionError
from helixnet.io.imports.table import import_table
from helixnet.io.themes import NO_THEME, read_theme_table, split_themes, theme_label, theme_table, theme_vocabulary

EXPORTS = Path(__file__).resolve().parent.parent / "examples" / "cordis-be" / "exports"


def test_vocabulary_names_codes_in_both_languages():
    assert theme_label("SC3") == "Secure, clean and efficient energy"
    assert theme_label("SC3", "nl") == "Veilige, schone en efficiënte energie"
    assert theme_label("unknown code", "nl") == "unknown code"
    assert all(set(names) == {"en", "nl"} for names in theme_vocabulary().values())
    with pytest.raises(OptionError):
        theme_label("SC3", "fr")


def test_every_programme_part_of_the_example_has_a_name():
    parts = pd.read_csv(EXPORTS / "programme_parts.csv", dtype=str)
    assert set(parts["programme_part"]) <= set(theme_vocabulary())


def test_theme_table_joins_several_parts_per_project(tmp_path):
    table = tmp_path / "themes.csv"
    table.write_text("project,code\n1,SC3\n1,LEIT\n1,SC3\n2,ERC\n,SC1\n3,\n", encoding="utf-8")
    themes = read_theme_table(table, "project", "code", id_prefix="p")
    assert themes.to_dict() == {"p1": "LEIT; SC3", "p2": "ERC"}
    assert split_themes("LEIT; SC3") == ["LEIT", "SC3"] and split_themes(None) == []
    with pytest.raises(DataError, match="column 'rcn': column is missing"):
        read_theme_table(table, "rcn", "code")


def test_h2020_mapping_reads_programme_parts_beside_the_export(tmp_path):
    batch = import_table(EXPORTS / "h2020-extract.csv", "h2020")
    parts = pd.read_csv(EXPORTS / "programme_parts.csv", dtype=str)
    expected = parts.groupby("rcn")["programme_part"].agg(lambda p: "; ".join(sorted(set(p))))
    assert batch.projects["theme"].to_dict() == {f"h2020-{rcn}": theme for rcn, theme in expected.items()}
    assert f"themes from programme_parts.csv: {len(expected)} of {len(batch.projects)} projects" in batch.notes
    alone = tmp_path / "h2020-extract.csv"
    shutil.copy(EXPORTS / "h2020-extract.csv", alone)
    without = import_table(alone, "h2020")
    assert without.projects["theme"].isna().all()
    assert any(n.startswith("no project has themes: add a [themes] table") for n in without.gaps)
    assert any(n.startswith("no theme table: ") for n in without.notes)


def test_cli_themes_option_names_another_table(tmp_path):
    alone = tmp_path / "h2020-extract.csv"
    shutil.copy(EXPORTS / "h2020-extract.csv", alone)
    themes = tmp_path / "mine.csv"
    rcn = pd.read_csv(alone, dtype=str)["rcn"].iloc[0]
    themes.write_text(f"rcn,programme_part\n{rcn},SC2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "table", str(alone), "--mapping", "h2020", "--themes", str(themes),
                                       "--data", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    projects = helixnet.load(tmp_path / "data").projects
    assert projects["theme"].dropna().to_dict() == {f"h2020-{rcn}": "SC2"}


def test_theme_table_counts_projects_participations_and_organisations():
    from tests.helpers import TINY

    ds = helixnet.load(TINY)
    ds.projects.loc["p1", "theme"] = "chemistry; energy"
    ds.projects.loc["p4", "theme"] = None
    table = theme_table(ds, lang="nl")
    assert list(table.index) == ["energy", "chemistry", "digital", NO_THEME]
    parts = ds.participations
    assert table.loc["energy", "projects"] == 2
    assert table.loc["energy", "participations"] == int(parts["project_id"].isin(["p1", "p3"]).sum())
    assert table.loc["energy", "organisations"] == parts.loc[parts["project_id"].isin(["p1", "p3"]), "org_id"].nunique()
    assert table.loc[NO_THEME, "projects"] == 1 and table.loc["energy", "share_of_projects"] == 2 / 4
    assert table.loc["energy", "intermediair"] == 1
    assert table[["bedrijf", "kennisinstelling", "overheid", "burger", "intermediair"]].sum(axis=1).equals(
        table["organisations"])
