"""Cluster ids and year windows resolve the same way for every command."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import helixnet
from helixnet.cli import main
from helixnet.errors import OptionError
from helixnet.io.lookup import check_window, resolve_cluster_id
from tests.helpers import TINY


def test_cluster_ids_are_case_insensitive_where_unambiguous():
    assert resolve_cluster_id(["vil", "Flux50"], "VIL") == "vil"
    assert resolve_cluster_id(["vil", "Flux50"], "flux50") == "Flux50"
    assert resolve_cluster_id(["vil", "VIL"], "VIL") == "VIL"  # exact wins
    with pytest.raises(OptionError, match=r"matches several cluster ids that differ only in case \(vil, VIL\)"):
        resolve_cluster_id(["vil", "VIL"], "Vil")
    with pytest.raises(OptionError, match="expected one of vil, Flux50"):
        resolve_cluster_id(["vil", "Flux50"], "catalisti")
    with pytest.raises(OptionError, match=r"none: mark clusters in curation.toml"):
        resolve_cluster_id([], "vil")


@given(st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=6, unique=True), st.data())
def test_a_resolved_id_is_one_of_the_ids_and_equal_ignoring_case(ids, data):
    given_id = data.draw(st.sampled_from(ids))
    typed = data.draw(st.sampled_from([given_id, given_id.upper(), given_id.lower()]))
    try:
        resolved = resolve_cluster_id(ids, typed)
    except OptionError:
        assert typed not in ids and sum(i.casefold() == typed.casefold() for i in ids) != 1
    else:
        assert resolved in ids and resolved.casefold() == typed.casefold()


def test_an_empty_window_names_the_years_the_data_holds():
    ds = helixnet.load(TINY)
    check_window(ds, 2019, 2019)
    check_window(ds, None, None)
    with pytest.raises(OptionError) as caught:
        check_window(ds, 2030, 2031)
    assert str(caught.value) == ("no project started in 2030-2031; expected a window within the years the data "
                                 "holds: 2019-2022")
    with pytest.raises(OptionError, match=r"no project started in \.\.\.-2000;"):
        check_window(ds, None, 2000)
    ds.projects["start_year"] = pd.array([None] * len(ds.projects), dtype="Int64")
    with pytest.raises(OptionError, match="no project of the data has a start year"):
        check_window(ds, 2019, 2020)


@pytest.mark.parametrize("command", [["map", "--out", "{out}/m.html"], ["metrics", "--out", "{out}"]])
def test_commands_refuse_an_empty_window(tmp_path, command):
    args = [a.format(out=tmp_path) for a in command]
    result = CliRunner().invoke(main, [args[0], str(TINY), *args[1:], "--from-year", "2030", "--to-year", "2031"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: no project started in 2030-2031; expected a window within the years the data "
                             "holds: 2019-2022\n")
    assert not (tmp_path / "m.html").exists()


def test_map_accepts_a_cluster_id_in_another_case(tmp_path):
    result = CliRunner().invoke(main, ["map", str(TINY), "--cluster", "CLU", "--out", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.html").is_file()
