"""Leydesdorff helix synergy: known distributions, brute force, invariances, the tiny fixture.

Exact frequency tables are used for the known answers (each pattern of the intended
distribution an equal number of times), so the expected values are exact.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helixnet
import helixnet.graph
from helixnet.errors import OptionError
from helixnet.metrics.synergy import (
    QUADRUPLE_HELIX_UIGC,
    TRIPLE_HELIX,
    consortium_presence,
    helix_synergy,
    joint_entropies,
    synergy_table,
)
from tests.helpers import REPO, TINY, copy_tiny

U, I, G, C = "kennisinstelling", "bedrijf", "overheid", "burger"
#: H(3/4, 1/4) = 2 - (3/4) log2 3
H_QUARTER = 2 - 0.75 * math.log2(3)


def table(rows, columns="UIGC", repeat: int = 1) -> pd.DataFrame:
    """A presence table from a list of patterns, each repeated ``repeat`` times."""
    columns = list(columns)[: len(rows[0])]
    return pd.DataFrame([list(r) for r in rows for _ in range(repeat)], columns=columns)


def cube(n: int) -> list[tuple[int, ...]]:
    return list(itertools.product((0, 1), repeat=n))


# ----------------------------------------------------------------- brute force references


def entropy(rows: list[tuple]) -> float:
    """H in bits of the empirical distribution of ``rows`` (explicit -sum p log2 p)."""
    n = len(rows)
    return -sum((c / n) * math.log2(c / n) for c in Counter(rows).values())


def H(df: pd.DataFrame, cols: str) -> float:
    return entropy([tuple(r) for r in df[list(cols)].itertuples(index=False)])


def t_explicit(df: pd.DataFrame) -> float:
    """The formulas of SCIENCE.md written out term by term."""
    if df.shape[1] == 3:
        return H(df, "U") + H(df, "I") + H(df, "G") - H(df, "UI") - H(df, "UG") - H(df, "IG") + H(df, "UIG")
    singles = sum(H(df, x) for x in "UIGC")
    pairs = sum(H(df, "".join(s)) for s in itertools.combinations("UIGC", 2))
    triples = sum(H(df, "".join(s)) for s in itertools.combinations("UIGC", 3))
    return singles - pairs + triples - H(df, "UIGC")


def co_information_recursive(rows: list[tuple]) -> float:
    """McGill's recursion I(X1..Xn) = I(X1..Xn-1) - I(X1..Xn-1 | Xn), I(X) = H(X).

    A different route from the alternating sum over subsets; conditional terms average the
    (n-1)-variable co-information within each value of the last variable.
    """
    if len(rows[0]) == 1:
        return entropy(rows)
    head = [r[:-1] for r in rows]
    conditional = 0.0
    for value in {r[-1] for r in rows}:
        within = [r[:-1] for r in rows if r[-1] == value]
        conditional += len(within) / len(rows) * co_information_recursive(within)
    return co_information_recursive(head) - conditional


# ------------------------------------------------------------------------ known answers


def test_xor_is_minus_one_bit():
    # X, Y independent fair bits, Z = X xor Y: H_x = 1, H_xy = 2, H_xyz = 2 -> 3 - 6 + 2 = -1
    df = table([(x, y, x ^ y) for x, y in cube(2)], repeat=3)
    assert helix_synergy(df) == pytest.approx(-1.0, abs=1e-12)


def test_three_copies_is_plus_one_bit():
    # every H_S = 1: 3 - 3 + 1 = +1
    df = table([(x, x, x) for x in (0, 1)], repeat=5)
    assert helix_synergy(df) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("n", [3, 4])
def test_independent_fair_bits_are_zero(n):
    # all 2^n patterns equally often: H_S = |S|, and sum_k (-1)^(k+1) C(n,k) k = 0
    df = table(cube(n), repeat=2)
    assert helix_synergy(df) == pytest.approx(0.0, abs=1e-12)


def test_four_copies_is_plus_one_bit():
    # every H_S = 1: 4 - 6 + 4 - 1 = +1 (n copies give 1 - (1 - 1)^n = 1 in any dimension)
    df = table([(x, x, x, x) for x in (0, 1)], repeat=2)
    assert helix_synergy(df) == pytest.approx(1.0, abs=1e-12)


def test_four_dimensional_parity_is_plus_one_bit():
    # C = U xor I xor G, U, I, G independent fair bits: any 3 columns are independent, so
    # H_x = 1, H_xy = 2, H_xyz = 3, H_UIGC = 3 -> 4 - 12 + 12 - 3 = +1: the same as four
    # copies, which is the even-dimension sign caveat in the docstring.
    df = table([(u, i, g, u ^ i ^ g) for u, i, g in cube(3)])
    assert helix_synergy(df) == pytest.approx(1.0, abs=1e-12)


def test_xor_plus_a_copy_is_minus_one_bit():
    # U, I fair, G = U xor I, C = U. Singles 4; pairs UI 2, UG 2, UC 1, IG 2, IC 2, GC 2 = 11;
    # triples 2 each = 8; all four 2 -> 4 - 11 + 8 - 2 = -1
    df = table([(u, i, u ^ i, u) for u, i in cube(2)], repeat=2)
    assert helix_synergy(df) == pytest.approx(-1.0, abs=1e-12)


def test_xor_plus_an_independent_bit_is_zero():
    # a column independent of the others adds nothing: I(X;Y;Z;W) = I(X;Y;Z) - I(X;Y;Z|W) = 0
    df = table([(u, i, u ^ i, c) for u, i, c in cube(3)])
    assert helix_synergy(df) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("n", [3, 4])
def test_a_constant_column_gives_zero(n):
    # e.g. a helix absent from every project of a cluster's portfolio
    rows = [(0, *r) for r in [(0, 1, 1), (1, 1, 0), (1, 0, 1), (1, 1, 1), (0, 0, 0)]]
    df = table([r[: n] for r in rows], columns="GUIC"[:n])
    assert helix_synergy(df) == pytest.approx(0.0, abs=1e-12)


def test_single_row_and_identical_rows_give_zero():
    assert helix_synergy(table([(1, 0, 1)])) == 0.0
    assert helix_synergy(table([(1, 0, 1, 1)], repeat=7)) == pytest.approx(0.0, abs=1e-12)


def test_unequal_frequencies_by_hand():
    # rows (1,1,0) x2, (0,0,1), (0,1,1) [the tiny fixture's consortia]: H_U = H_G = 1,
    # H_I = H(3/4), H_UI = H_IG = H_UIG = 1.5, H_UG = 1 -> T = H(3/4) - 1/2
    df = table([(1, 1, 0), (1, 1, 0), (0, 0, 1), (0, 1, 1)])
    assert helix_synergy(df) == pytest.approx(H_QUARTER - 0.5, abs=1e-12)
    assert helix_synergy(df) == pytest.approx(1.5 - 0.75 * math.log2(3), abs=1e-12)


def test_joint_entropies_by_hand():
    df = table([(x, y, x ^ y) for x, y in cube(2)])
    h = joint_entropies(df)
    assert list(h.index) == ["U", "I", "G", "U+I", "U+G", "I+G", "U+I+G"]
    assert h.to_numpy() == pytest.approx([1, 1, 1, 2, 2, 2, 2], abs=1e-12)
    assert h.dtype == np.float64


@pytest.mark.parametrize("n", [3, 4])
def test_alternating_formula_reduces_to_the_written_out_ones(n):
    # alternating signs read off joint_entropies reproduce SCIENCE.md's formula term by term
    rng = np.random.default_rng(n)
    df = pd.DataFrame(rng.integers(0, 2, size=(50, n)), columns=list("UIGC")[:n])
    h = joint_entropies(df)
    signs = [1 if label.count("+") % 2 == 0 else -1 for label in h.index]
    assert sum(s * v for s, v in zip(signs, h)) == pytest.approx(helix_synergy(df), abs=1e-12)
    assert helix_synergy(df) == pytest.approx(t_explicit(df), abs=1e-12)


# ------------------------------------------------------------------ property tests


@st.composite
def presence_tables(draw):
    n = draw(st.sampled_from([3, 4]))
    rows = draw(st.lists(st.tuples(*[st.integers(0, 1)] * n), min_size=1, max_size=60))
    return pd.DataFrame(rows, columns=list("UIGC")[:n])


@settings(max_examples=200, deadline=None)
@given(presence_tables())
def test_agrees_with_brute_force(df):
    rows = [tuple(r) for r in df.itertuples(index=False)]
    value = helix_synergy(df)
    assert value == pytest.approx(t_explicit(df), abs=1e-9)
    assert value == pytest.approx(co_information_recursive(rows), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(presence_tables(), st.randoms(use_true_random=False))
def test_invariant_to_row_order_column_order_and_relabelling(df, rnd):
    value = helix_synergy(df)
    rows = list(range(len(df)))
    rnd.shuffle(rows)
    columns = list(df.columns)
    rnd.shuffle(columns)
    flip = [c for c in df.columns if rnd.random() < 0.5]
    moved = df.iloc[rows][columns].copy()
    moved[flip] = 1 - moved[flip]
    assert helix_synergy(moved) == pytest.approx(value, abs=1e-9)
    assert helix_synergy(df.astype(bool)) == pytest.approx(value, abs=1e-12)


def test_helices_selects_and_orders_columns():
    df = table([(x, y, x ^ y, 1) for x, y in cube(2)])
    df["extra"] = [0, 1, 1, 0]
    assert helix_synergy(df, ["G", "U", "I"]) == pytest.approx(-1.0, abs=1e-12)
    assert helix_synergy(df, ["U", "I", "G", "C"]) == pytest.approx(0.0, abs=1e-12)


def test_accepts_bool_float_and_nullable_columns():
    df = table([(x, y, x ^ y) for x, y in cube(2)])
    for variant in (df.astype(bool), df.astype(float), df.astype("Int64"), df.astype("boolean")):
        assert helix_synergy(variant) == pytest.approx(-1.0, abs=1e-12)


# ------------------------------------------------------------------- input validation


@pytest.mark.parametrize(
    ("presence", "helices", "message"),
    [
        (table([(0, 1)]), None, "helix synergy needs 3 or 4 helix columns, got 2: 'U', 'I'"),
        (pd.DataFrame([[0, 1, 0, 1, 1]], columns=list("UIGCX")), None, "needs 3 or 4 helix columns, got 5"),
        (pd.DataFrame(columns=list("UIG")), None, "presence table has no rows; expected at least one project"),
        (table([(0, 1, 2)]), None, "presence column 'G', row 0: 2 is not a presence flag; expected 0 or 1"),
        (table([(0, 1, 1), (0.5, 1, 0)]), None, "presence column 'U', row 1: 0.5 is not a presence flag"),
        (table([(0, 1, 1), (np.nan, 1, 0)]), None, "presence column 'U', row 1: nan is not a presence flag"),
        (pd.DataFrame({"U": ["1"], "I": [1], "G": [0]}), None, "presence column 'U', row 0: '1' is not a presence flag"),
        (table([(0, 1, 1)]), ["U", "I", "X"], "presence column(s) 'X' not found; expected some of 'U', 'I', 'G'"),
        (table([(0, 1, 1)]), ["U", "I", "U"], "presence column(s) 'U' given more than once"),
        (pd.DataFrame([[0, 1, 1]], columns=["U", "U", "G"]), None, "presence column(s) 'U' given more than once"),
        (pd.DataFrame([[0, 1, 1]], columns=["U", "U", "G"]), ["U", "G"], "'U' appear more than once in the table"),
        ([[0, 1, 1]], None, "expected a pandas.DataFrame of 0/1 presence flags, got list"),
    ],
)
def test_invalid_input(presence, helices, message):
    with pytest.raises(OptionError) as info:
        helix_synergy(presence, helices)
    assert message in str(info.value)


# ------------------------------------------------------------- presence from a Dataset


@pytest.fixture(scope="module")
def tiny():
    return helixnet.load(TINY)


def test_consortium_presence_tiny_by_hand(tiny):
    # p1: clu (cluster, ignored), u1 (University), c1 (PRC) -> U, I
    # p2: u1, c1, c2 (company)                              -> U, I
    # p3: clu (ignored), g1 (overheid), b1 (civil society)  -> G, C
    # p4: c2, g1                                            -> I, G
    expected = pd.DataFrame(
        [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 1, 1, 0]],
        index=pd.Index(["p1", "p2", "p3", "p4"], name="project_id", dtype=object),  # as the loader
        columns=pd.Index([U, I, G, C], name="helix"),
        dtype="int64",
    )
    pd.testing.assert_frame_equal(consortium_presence(tiny, helices=QUADRUPLE_HELIX_UIGC), expected)
    pd.testing.assert_frame_equal(consortium_presence(tiny), expected[list(TRIPLE_HELIX)])


def test_consortium_presence_options(tiny):
    # a cluster counts only when named as a dimension of its own; aliases are accepted
    got = consortium_presence(tiny, projects=["p4", "p1", "p3"], helices=("University", "PRC", "cluster"))
    assert list(got.columns) == [U, I, "intermediair"]
    assert list(got.index) == ["p4", "p1", "p3"]
    assert got.to_numpy().tolist() == [[0, 1, 0], [1, 1, 1], [0, 0, 1]]
    window = helixnet.graph.projects_in_window(tiny, 2021, 2023)
    assert list(consortium_presence(tiny, projects=window).index) == ["p3", "p4"]
    assert consortium_presence(tiny, projects=[]).shape == (0, 3)


def test_tiny_synergy_by_hand(tiny):
    presence = consortium_presence(tiny, helices=QUADRUPLE_HELIX_UIGC)
    # 3-D: see test_unequal_frequencies_by_hand. 4-D (C = 0, 0, 1, 0): singles 2 + 2H(3/4);
    # pairs UI 1.5, UG 1, UC 1.5, IG 1.5, IC H(3/4), GC 1.5 = 7 + H(3/4); triples 4 x 1.5 = 6;
    # all four 1.5 -> T = H(3/4) - 1/2 as well
    assert helix_synergy(presence, TRIPLE_HELIX) == pytest.approx(H_QUARTER - 0.5, abs=1e-12)
    assert helix_synergy(presence) == pytest.approx(H_QUARTER - 0.5, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"helices": ("kennisinstelling", "students", "overheid")}, "helix 'students' is unknown; expected one of bedrijf, kennisinstelling"),
        ({"helices": ("kennisinstelling", "university")}, "helix 'university' is given more than once (as 'kennisinstelling')"),
        ({"helices": ()}, "helices is empty"),
        ({"helices": "bedrijf"}, "expected a sequence of helix names, got the string 'bedrijf'"),
        ({"projects": ["p1", "p9"]}, "project id(s) 'p9' unknown"),
        ({"projects": ["p1", "p1"]}, "project id(s) 'p1' given more than once"),
        ({"projects": "p1"}, "expected a list of project ids, got the string 'p1'"),
    ],
)
def test_consortium_presence_errors(tiny, kwargs, message):
    with pytest.raises(OptionError) as info:
        consortium_presence(tiny, **kwargs)
    assert message in str(info.value)


# ------------------------------------------------------------------------ synergy table


def test_synergy_table_tiny_by_hand(tiny):
    t = H_QUARTER - 0.5
    expected = pd.DataFrame(
        {
            "projects": [4, 2, 1, 1, 1, 1],
            # clu facilitated p1 (U, I) and p3 (G, C): every column is a function of one
            # fair bit, every H_S = 1 -> +1 in 3-D and 4-D. One project -> 0.
            "T_UIG": [t, 1.0, 0.0, 0.0, 0.0, 0.0],
            "T_UIGC": [t, 1.0, 0.0, 0.0, 0.0, 0.0],
        },
        index=pd.MultiIndex.from_tuples(
            [("network", "all"), ("cluster", "clu"), ("period", "2019"), ("period", "2020"),
             ("period", "2021"), ("period", "2022")],
            names=["scope", "name"],
        ),
    )
    pd.testing.assert_frame_equal(synergy_table(tiny), expected, atol=1e-12)


def test_synergy_table_scopes_and_periods(tiny):
    got = synergy_table(tiny, by=["period"], periods=[(2019, 2020), (2021, None), (None, 2019), (2030, 2031)])
    assert list(got.index.get_level_values("name")) == ["2019-2020", "2021-", "-2019", "2030-2031"]
    assert got["projects"].tolist() == [2, 2, 1, 0]
    # 2019-2020: p1, p2 identical -> 0; 2021-: p3, p4 have no knowledge institution -> U
    # constant -> 0; an empty period has no value
    assert got["T_UIG"].iloc[:3].tolist() == pytest.approx([0.0, 0.0, 0.0], abs=1e-12)
    assert got.iloc[3][["T_UIG", "T_UIGC"]].isna().all()
    assert list(synergy_table(tiny, by="network").index) == [("network", "all")]
    # output follows SCOPES order whatever the order asked
    assert synergy_table(tiny, by=["period", "network"]).index.get_level_values("scope")[0] == "network"


def test_synergy_table_cluster_without_projects(tmp_path):
    root = copy_tiny(tmp_path)
    with open(root / "nodes" / "organisations.csv", "a", encoding="utf-8") as f:
        f.write("clu2,Cluster B,intermediair,cluster,,BE\n")
    with open(root / "nodes" / "projects.csv", "a", encoding="utf-8") as f:
        f.write("p5,No partners yet,ICON,chemistry,2022,,,clu\n")
    ds = helixnet.load(root)
    # p5 has no participation: an all-zero row, not dropped
    assert consortium_presence(ds).loc["p5"].tolist() == [0, 0, 0]
    got = synergy_table(ds, by="cluster")
    assert list(got.index) == [("cluster", "clu"), ("cluster", "clu2")]
    assert got["projects"].tolist() == [3, 0]
    assert got.loc[("cluster", "clu2"), ["T_UIG", "T_UIGC"]].isna().all()
    # clu: (1,1,0), (0,0,1), (0,0,0) -> computed independently from the explicit formula
    df = table([(1, 1, 0), (0, 0, 1), (0, 0, 0)])
    assert got.loc[("cluster", "clu"), "T_UIG"] == pytest.approx(t_explicit(df), abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "cluster_portfolio"}, "scope 'cluster_portfolio' is unknown; expected one of network, cluster, period"),
        ({"by": []}, "by is empty"),
        ({"periods": [(2021, 2019)]}, "end year 2019 is before start year 2021"),
        ({"periods": [(2019, "2020")]}, "year '2020' is not an integer"),
        ({"periods": [2019]}, "period 2019: expected a (start_year, end_year) pair"),
        ({"periods": [(2019, 2020), (2019, 2020)]}, "period '2019-2020' is given more than once"),
    ],
)
def test_synergy_table_errors(tiny, kwargs, message):
    with pytest.raises(OptionError) as info:
        synergy_table(tiny, **kwargs)
    assert message in str(info.value)


def test_default_data_contract():
    ds = helixnet.load(REPO / "data")
    got = synergy_table(ds)
    assert got.loc[("network", "all"), "projects"] == len(ds.projects)
    assert set(got.loc["cluster"].index) == set(ds.clusters.index)
    clusters = got.loc["cluster"]
    assert clusters["projects"].sum() == ds.projects["cluster_id"].notna().sum()
    assert got.loc["period", "projects"].sum() == len(ds.projects)
    assert np.isfinite(got[["T_UIG", "T_UIGC"]].to_numpy()).all()
    presence = consortium_presence(ds, helices=QUADRUPLE_HELIX_UIGC)
    assert got.loc[("network", "all"), "T_UIGC"] == pytest.approx(t_explicit(presence.set_axis(list("UIGC"), axis=1)))
