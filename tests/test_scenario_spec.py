"""Scenario files: parsing, validation errors with file and line, and the shipped defaults."""

from __future__ import annotations

import re

import networkx as nx
import numpy as np
import pytest

import helixnet
from helixnet.errors import DataError, OptionError
from helixnet.scenarios import facilitated_share, load_scenarios, parse_scenarios
from helixnet.io.toml import key_lines
from tests.helpers import DATA, REPO, TINY

BAD = DATA / "scenarios"

HEAD = """[[scenario]]
id = "s"
title_en = "S"
title_nl = "S"
description_en = "A scenario."
description_nl = "Een scenario."
"""


@pytest.fixture(scope="module")
def tiny_ds():
    return helixnet.load(TINY)


@pytest.fixture
def tiny(tiny_ds):
    return helixnet.collaboration_graph(tiny_ds)


@pytest.fixture(scope="module")
def default_ds():
    return helixnet.load(REPO / "data")


@pytest.fixture(scope="module")
def default_graph(default_ds):
    return helixnet.collaboration_graph(default_ds)


def edges(G: nx.Graph) -> set:
    return {frozenset(e) for e in G.edges()}


def state(G: nx.Graph) -> tuple:
    return (dict(G.nodes(data=True)), {frozenset((u, v)): dict(d) for u, v, d in G.edges(data=True)})


# --------------------------------------------------------------------------- bad files
# file, line of the defect, message fragment, fails only when applied
BAD_FILES = [
    ("unknown_op", 14, r"'shrink_ties' is not a known operation; expected one of remove_nodes, contract", False),
    ("unknown_field", 16, r"operation\[1\]\.partner_colour': unknown field for op 'drop_ties'; expected one of around",
     False),
    ("unknown_parameter", 15, r"unknown parameter reference '\$retention_sme'; expected one of \$keep, \$cluster",
     False),
    ("retention_out_of_range", 11, r"retention': 1\.5 is out of range; expected a probability in \[0, 1\]", False),
    ("parameter_out_of_range", 9, r"-0\.2 \(parameter 'keep'\) is out of range; expected a probability in \[0, 1\]",
     False),
    ("missing_rationale", 8, r"parameters\.keep\.rationale_nl': is missing; expected a non-empty string", False),
    ("unknown_helix", 10, r"'company' is not a helix; expected one of bedrijf, kennisinstelling", False),
    ("add_ties_n_and_share", 8, r"needs exactly one of n and share", False),
    ("add_ties_fractional_n", 10, r"2\.5 is not a count; expected an integer >= 0 or \"all\"", False),
    ("duplicate_id", 9, r"scenario id 's' is used twice; expected unique ids", False),
    ("unknown_scenario_key", 8, r"'scenario\[1\]\.colour': is not a known scenario key; expected one of id", False),
    ("missing_description", 1, r"description_nl': is missing; expected a non-empty string", False),
    ("not_toml", 11, r"is not valid TOML .*expected a TOML scenario file", False),
    ("unknown_host", 9, r"host 'vito' of cluster 'clu' is not an organisation in the graph; expected the id of a "
                        r"research centre", True),
    ("no_host_for_cluster", 8, r"no host for cluster 'clu'; expected an entry clu = \"<host id>\" in "
                               r"\[scenario\.hosts\]", True),
    ("unknown_node", 10, r"field 'nodes': 'vito' is not an organisation in the graph; expected an organisation id",
     True),
    ("unknown_programme_cluster", 8, r"programme 'energy' lists 'flux50', which is not an organisation", True),
    ("add_ties_too_many", 8, r"operation 1 \(add_ties\): n = 5 new ties asked but only 1 eligible", True),
]


def test_every_bad_file_is_tested():
    assert {p.stem for p in BAD.glob("*.toml")} == {name for name, *_ in BAD_FILES}


@pytest.mark.parametrize("name, line, message, at_apply", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_gives_clear_error(name, line, message, at_apply, tiny, tiny_ds):
    path = BAD / f"{name}.toml"
    if at_apply:
        (scenario,) = load_scenarios(path)
        with pytest.raises(DataError) as info:
            scenario.apply(tiny, "clu", 0, tiny_ds)
    else:
        with pytest.raises(DataError) as info:
            load_scenarios(path)
    error = info.value
    assert error.path == str(path)
    assert error.line == line, str(error)
    assert str(error).startswith(f"{path}:{line}: ")
    assert re.search(message, str(error)), str(error)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(DataError, match="scenario file not found; expected a TOML scenario file"):
        load_scenarios(tmp_path / "nope.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(HEAD.replace("Een", "\xe9\xe9n").encode("latin-1"))
    with pytest.raises(DataError, match="is not UTF-8 text"):
        load_scenarios(latin)
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    assert load_scenarios(bom)[0].id == "s"


def test_reference_in_wrong_place():
    text = HEAD + '\n[[scenario.operation]]\nop = "drop_ties"\nretention = "$cluster"\n'
    with pytest.raises(DataError, match=r"<scenarios>:10: .*'\$cluster' cannot be used here; expected a literal"):
        parse_scenarios(text)


def test_key_lines_index_arrays_of_tables():
    text = HEAD + """
[scenario.parameters.p]
value = 1

[[scenario.operation]]
op = "a"

[[scenario.operation]]
op = "b"
"x.y" = 2

[[scenario]]
id = "t"
"""
    lines = key_lines(text)
    assert lines[("scenario", 0)] == 1
    assert lines[("scenario", 0, "description_nl")] == 6
    assert lines[("scenario", 0, "parameters", "p", "value")] == 9
    assert lines[("scenario", 0, "operation", 0, "op")] == 12
    assert lines[("scenario", 0, "operation", 1)] == 14
    assert lines[("scenario", 0, "operation", 1, "x.y")] == 16
    assert lines[("scenario", 1, "id")] == 19


# --------------------------------------------------------------------------- apply by hand
def test_apply_on_tiny_by_hand(tiny, tiny_ds):
    text = HEAD + """
[scenario.parameters.keep]
value = 0.0
rationale_en = "Nobody pays."
rationale_nl = "Niemand betaalt."

[[scenario.operation]]
op = "drop_ties"
around = "$cluster"
relation = "membership"
retention = "$keep"

[[scenario.operation]]
op = "add_ties"
share = 1.0
share_of = { sme = true }
between = [{ helix = "bedrijf", sme = true }, { helix = "kennisinstelling" }]
via = "$cluster"

[[scenario.operation]]
op = "relabel"
nodes = ["g1"]
helix = "burger"
"""
    (scenario,) = parse_scenarios(text)
    before = state(tiny)
    H, successor = scenario.apply(tiny, "clu", 3)
    assert successor == "clu"
    assert state(tiny) == before  # the input graph is untouched
    # membership ties clu-c1, clu-c2 go; share_of counts clu's partners when add_ties runs
    # (after the drop): no SME partner is left, so n = ceil(1.0 * 0) = 0 ties are added
    assert edges(tiny) - edges(H) == {frozenset(("clu", "c1")), frozenset(("clu", "c2"))}
    assert edges(H) - edges(tiny) == set()
    assert H.nodes["g1"]["helix"] == "burger"
    assert scenario.stochastic is True  # add_ties draws pairs


def test_apply_share_counts_current_partners(tiny):
    text = HEAD + """
[[scenario.operation]]
op = "add_ties"
share = 0.5
share_of = { helix = ["bedrijf", "overheid"] }
between = [{ helix = "bedrijf", sme = true }, { helix = "kennisinstelling" }]
via = "$cluster"
"""
    (scenario,) = parse_scenarios(text)
    # clu's partners among companies and government: c1, c2, g1 -> n = ceil(1.5) = 2, but only iso-u1 is eligible
    with pytest.raises(DataError, match="n = 2 new ties asked but only 1 eligible"):
        scenario.apply(tiny, "clu", 0)
    scenario = parse_scenarios(text.replace("share = 0.5", "share = 0.3"))[0]  # ceil(0.9) = 1
    H, _ = scenario.apply(tiny, "clu", 0)
    assert edges(H) - edges(tiny) == {frozenset(("iso", "u1")), frozenset(("iso", "clu"))}


def test_apply_contract_and_remove_successor(tiny):
    text = HEAD + """
[scenario.hosts]
clu = { id = "u1", rationale_en = "The university.", rationale_nl = "De universiteit." }

[[scenario.operation]]
op = "contract"
node = "$cluster"
host = "$host"
"""
    (scenario,) = parse_scenarios(text)
    H, successor = scenario.apply(tiny, "clu", 0)
    assert successor == "u1" and "clu" not in H
    assert scenario.stochastic is False
    assert scenario.assumptions("clu") == [{"name": "host", "value": "u1", "rationale_en": "The university.",
                                            "rationale_nl": "De universiteit."}]
    removal = parse_scenarios(HEAD + '\n[[scenario.operation]]\nop = "remove_nodes"\nnodes = "$cluster"\n')[0]
    H, successor = removal.apply(tiny, "clu", 0)
    assert successor is None and "clu" not in H


def test_apply_errors(tiny):
    (scenario,) = parse_scenarios(HEAD + '\n[[scenario.operation]]\nop = "drop_ties"\nfacilitated_by = "$cluster"'
                                         '\nretention = 0.5\n')
    with pytest.raises(OptionError, match=r"uses facilitated_by; expected the dataset \(ds=\.\.\.\)"):
        scenario.apply(tiny, "clu", 0)
    with pytest.raises(OptionError, match="cluster 'vil' is not in the graph"):
        scenario.apply(tiny, "vil", 0)


def test_facilitated_by_through_spec_by_hand(tiny, tiny_ds):
    (scenario,) = parse_scenarios(HEAD + '\n[[scenario.operation]]\nop = "drop_ties"\nfacilitated_by = "$cluster"'
                                         '\nretention = 0.0\n')
    H, _ = scenario.apply(tiny, "clu", 0, tiny_ds)
    assert edges(tiny) - edges(H) == {frozenset(e) for e in [("clu", "u1"), ("clu", "g1"), ("clu", "b1"), ("g1", "b1")]}
    H2, _ = scenario.apply(tiny, "clu", 0, shares=facilitated_share(tiny_ds, tiny))
    assert state(H2) == state(H)


# --------------------------------------------------------------------------- shipped defaults
EXPECTED_HOSTS = {"catalisti": "vito", "de-blauwe-cluster": "vliz", "flanders-food": "ilvo", "flux50": "vito",
                  "medvia": "imec", "vil": "flanders-make", "entertainment-tech": "imec"}


def test_defaults_are_complete():
    scenarios = {s.id: s for s in load_scenarios()}
    assert list(scenarios) == ["baseline", "removal", "commercial", "inkanteling", "base_mission", "transformation"]
    for scenario in scenarios.values():
        for text in (scenario.title_en, scenario.title_nl, scenario.description_en, scenario.description_nl):
            assert text.strip()
        for row in scenario.assumptions():
            assert row["rationale_en"].strip() and row["rationale_nl"].strip(), (scenario.id, row)
    assert {c: h.host for c, h in scenarios["inkanteling"].hosts.items()} == EXPECTED_HOSTS
    assert all(h.rationale_en and h.rationale_nl for h in scenarios["inkanteling"].hosts.values())
    assert [s.stochastic for s in scenarios.values()] == [False, False, True, True, True, True]
    retentions = {p.name: p.value for p in scenarios["commercial"].parameters.values()}
    assert retentions == {"retention_large": 0.8, "retention_sme": 0.4, "retention_knowledge": 0.6,
                          "retention_government": 0.3, "retention_citizens": 0.1, "retention_facilitated": 0.5}


def test_default_ids_exist_in_default_data(default_ds):
    orgs = set(default_ds.organisations.index)
    clusters = set(default_ds.clusters.index)
    assert set(EXPECTED_HOSTS) == clusters
    assert set(EXPECTED_HOSTS.values()) <= orgs
    transformation = {s.id: s for s in load_scenarios()}["transformation"]
    for programme in transformation.programmes.values():
        assert set(programme.clusters) <= clusters


def test_every_default_scenario_applies_to_every_cluster(default_ds, default_graph):
    G = default_graph
    before = state(G)
    shares = facilitated_share(default_ds, G)
    total = G.size(weight="weight")
    for scenario in load_scenarios():
        for cluster in default_ds.clusters.index:
            H, successor = scenario.apply(G, cluster, np.random.default_rng(1), default_ds, shares=shares)
            if scenario.id == "baseline":
                assert state(H) == before and successor == cluster
            elif scenario.id == "removal":
                assert successor is None and cluster not in H
                assert H.number_of_nodes() == G.number_of_nodes() - 1
            elif scenario.id == "inkanteling":
                assert successor == EXPECTED_HOSTS[cluster] and cluster not in H
                assert H.size(weight="weight") < total
            elif scenario.id == "commercial":
                assert successor == cluster and H.size(weight="weight") < total
                assert set(H.adj[cluster]) <= set(G.adj[cluster])
            else:
                assert successor == cluster and H.size(weight="weight") > total
                assert edges(G) <= edges(H)
    assert state(G) == before


def test_transformation_links_programme_clusters(default_ds, default_graph):
    transformation = {s.id: s for s in load_scenarios()}["transformation"]
    H, _ = transformation.apply(default_graph, "vil", 2, default_ds)
    assert H.has_edge("vil", "flux50") and H.has_edge("vil", "catalisti")
    assert not default_graph.has_edge("vil", "flux50")
    assert H.edges["vil", "flux50"]["relation"] == "programme"
    added = edges(H) - edges(default_graph)
    civic = [e for e in added if "vil" not in e]
    assert len(civic) == 10
    helices = [{default_graph.nodes[v]["helix"] for v in e} for e in civic]
    assert all(h & {"burger", "overheid"} for h in helices)


def test_default_scenarios_same_seed_same_result(default_ds, default_graph):
    shares = facilitated_share(default_ds, default_graph)
    for scenario in load_scenarios():
        if not scenario.stochastic:
            continue
        runs = [state(scenario.apply(default_graph, "flux50", seed, default_ds, shares=shares)[0])
                for seed in (7, 7, 8)]
        assert runs[0] == runs[1], scenario.id
        assert runs[0] != runs[2], scenario.id


@pytest.mark.parametrize("weight", ["1e308", "inf", "0", "-1"])
def test_tie_weights_are_bounded_so_outcomes_stay_finite(weight):
    """Regression: a scenario weight of 1e308 wrote inf into outcomes.csv."""
    text = HEAD + ('\n[[scenario.operation]]\nop = "add_ties"\nn = 1\nweight = ' + weight +
                   '\nbetween = [{ helix = "bedrijf" }, { helix = "kennisinstelling" }]\n')
    with pytest.raises(DataError, match=r"weight': .* is out of range; expected a positive number of at most 1e\+15"):
        parse_scenarios(text)
    assert parse_scenarios(text.replace(f"weight = {weight}", "weight = 2.5"))[0]
