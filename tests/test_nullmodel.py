"""The curveball sampler: exact margins, no duplicate incidences, uniformity against exact
enumeration on tiny matrices, strata, seeding and the default mixing length."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helixnet.errors import OptionError
from helixnet.metrics.nullmodel import Incidence, curveball, default_trades, replicate_seeds


def incidence_of(M: np.ndarray) -> Incidence:
    rows, columns = np.nonzero(M)
    return Incidence.from_pairs(rows, columns, *M.shape)


def dense(incidence: Incidence) -> np.ndarray:
    return incidence.to_sparse().toarray().astype(int)


def enumerate_matrices(row_sums, column_sums, strata=None, column_sums_by_stratum=None):
    """Every 0/1 matrix with these margins (and per-stratum column sums), by brute force."""
    n, m = len(row_sums), len(column_sums)
    found = []
    for bits in itertools.product((0, 1), repeat=n * m):
        M = np.array(bits).reshape(n, m)
        if (M.sum(axis=1) != row_sums).any() or (M.sum(axis=0) != column_sums).any():
            continue
        if strata is not None and any((M[strata == s].sum(axis=0) != sums).any()
                                      for s, sums in column_sums_by_stratum.items()):
            continue
        found.append(M.tobytes())
    return found


@st.composite
def matrices_and_strata(draw):
    n = draw(st.integers(1, 7))
    m = draw(st.integers(1, 7))
    cells = draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m))
    strata = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    return np.array(cells, dtype=int).reshape(n, m), np.array(strata)


@settings(max_examples=150, deadline=None)
@given(matrices_and_strata(), st.integers(0, 2**31 - 1), st.integers(0, 60), st.booleans())
def test_curveball_keeps_every_margin_and_creates_no_duplicate(case, seed, trades, stratified):
    M, strata = case
    original = incidence_of(M)
    before = original.indices.copy()
    sample = curveball(original, seed, trades, strata if stratified else None)
    assert (sample.row_sums() == M.sum(axis=1)).all()
    assert (sample.column_sums() == M.sum(axis=0)).all()
    for i in range(sample.n_rows):  # each row strictly increasing: no column twice
        row = sample.indices[sample.indptr[i]:sample.indptr[i + 1]]
        assert (np.diff(row) > 0).all()
    if stratified:
        for s in np.unique(strata):
            assert (dense(sample)[strata == s].sum(axis=0) == M[strata == s].sum(axis=0)).all()
    assert (original.indices == before).all()  # the input is not changed


def test_same_seed_same_sample_and_other_seeds_differ():
    rng = np.random.default_rng(3)
    M = (rng.random((30, 40)) < 0.2).astype(int)
    incidence = incidence_of(M)
    first, again = curveball(incidence, 11), curveball(incidence, 11)
    assert (first.indices == again.indices).all()
    assert not (curveball(incidence, 12).indices == first.indices).all()


def uniformity(M, strata=None, samples=3000):
    """Frequencies of the sampled matrices and the enumerated set of admissible ones."""
    by_stratum = None
    if strata is not None:
        by_stratum = {s: M[strata == s].sum(axis=0) for s in np.unique(strata)}
    admissible = enumerate_matrices(M.sum(axis=1), M.sum(axis=0), strata, by_stratum)
    incidence = incidence_of(M)
    seen = Counter(dense(curveball(incidence, int(seed), strata=strata)).tobytes()
                   for seed in replicate_seeds(5, samples))
    return seen, admissible


@pytest.mark.parametrize("M, strata", [
    (np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]]), None),
    (np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]]), None),
    (np.array([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]]), np.array([0, 0, 1, 1])),
])
def test_samples_are_uniform_over_all_matrices_with_the_margins(M, strata):
    from scipy.stats import chisquare

    seen, admissible = uniformity(M, strata)
    assert set(seen) == set(admissible)  # every admissible matrix is reached, nothing else
    counts = np.array([seen[key] for key in admissible])
    assert len(admissible) >= 3
    assert chisquare(counts).pvalue > 0.001
    expected = counts.sum() / len(admissible)
    assert np.abs(counts - expected).max() < 5 * np.sqrt(expected)


def test_too_few_trades_are_detectably_not_uniform():
    """The uniformity check above can fail: with one trade the start matrix dominates."""
    from scipy.stats import chisquare

    M = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]])
    admissible = enumerate_matrices(M.sum(axis=1), M.sum(axis=0))
    incidence = incidence_of(M)
    seen = Counter(dense(curveball(incidence, int(s), trades=1)).tobytes() for s in replicate_seeds(5, 3000))
    counts = np.array([seen.get(key, 0) for key in admissible])
    assert chisquare(counts).pvalue < 1e-6


def overlap(incidence, trades, seeds):
    """Mean share of the original incidences a sample keeps."""
    original = incidence.to_sparse()
    return float(np.mean([original.multiply(curveball(incidence, int(s), trades).to_sparse()).sum() / original.sum()
                          for s in seeds]))


def test_default_mixing_length_reaches_the_stationary_overlap():
    rng = np.random.default_rng(7)
    # heavy-tailed rows like organisations: a few hubs in most columns, most rows in few
    row_p = np.where(np.arange(60) < 4, 0.7, 0.04)[:, None]
    M = (rng.random((60, 80)) < row_p * np.linspace(0.5, 1.5, 80)).astype(int)
    incidence = incidence_of(M)
    seeds = replicate_seeds(1, 40)
    stationary = overlap(incidence, 10 * default_trades(incidence), seeds)
    mixed = overlap(incidence, default_trades(incidence), seeds)
    short = overlap(incidence, len(incidence.indices) // 10, seeds)  # a tenth of a trade per entry
    assert abs(mixed - stationary) < 0.01
    assert short - stationary > 0.2  # the check can tell an unmixed chain


def test_map_replicates_is_the_same_on_any_number_of_workers():
    from helixnet.metrics.nullmodel import map_replicates

    M = (np.random.default_rng(2).random((20, 30)) < 0.3).astype(int)
    incidence = incidence_of(M)

    def sample(seed):
        return curveball(incidence, seed).indices

    one = map_replicates(sample, replicate_seeds(0, 8), workers=1)
    two = map_replicates(sample, replicate_seeds(0, 8), workers=2)
    assert all((a == b).all() for a, b in zip(one, two))
    with pytest.raises(OptionError, match="workers 0: expected a whole number >= 1"):
        map_replicates(sample, [1], workers=0)


def test_replicate_seeds_depend_only_on_seed_stream_and_index():
    assert (replicate_seeds(0, 5)[:3] == replicate_seeds(0, 3)).all()
    assert not (replicate_seeds(0, 3) == replicate_seeds(0, 3, stream=1)).all()
    assert not (replicate_seeds(0, 3) == replicate_seeds(1, 3)).all()


@pytest.mark.parametrize("call, message", [
    (lambda inc: curveball(inc, 0, trades=-1), "trades -1: expected a number of trades >= 0"),
    (lambda inc: curveball(inc, 0, strata=np.zeros(5)), "strata has 5 codes; expected one per row (2)"),
    (lambda inc: replicate_seeds(-1, 2), "seed -1: expected a whole number >= 0"),
    (lambda inc: Incidence.from_pairs([0, 0], [1, 1], 2, 2), "incidence (0, 1) is given twice; expected each pair once"),
])
def test_errors_name_the_value_and_the_expectation(call, message):
    incidence = incidence_of(np.array([[1, 0], [0, 1]]))
    with pytest.raises(OptionError) as error:
        call(incidence)
    assert str(error.value) == message
