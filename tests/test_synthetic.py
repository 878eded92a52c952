"""Tests of the synthetic-data generator and of the committed demonstration data in data/."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from helixnet import synthetic
from helixnet.schema import HELICES

DATA = Path(__file__).resolve().parent.parent / "data"
SPEARHEADS = ("catalisti", "de-blauwe-cluster", "flanders-food", "flux50", "medvia", "vil")
CLUSTER_NAMES = {
    "catalisti": "Catalisti",
    "de-blauwe-cluster": "De Blauwe Cluster",
    "flanders-food": "Flanders'FOOD",
    "flux50": "Flux50",
    "medvia": "MEDVIA",
    "vil": "VIL",
    "entertainment-tech": "Entertainmenttechnologie (in oprichting)",
}
HEADERS = {
    "nodes/organisations.csv": "id,name,helix,kind,sme,vat,country,region,domain",
    "nodes/projects.csv": "id,title,programme,theme,start_year,end_year,budget_eur,cluster_id",
    "edges/participations.csv": "project_id,org_id,role,budget_eur",
    "edges/ties.csv": "source,target,relation,weight,start_year,end_year",
}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return synthetic.generate()


@pytest.fixture(scope="module", params=[synthetic.DEFAULT_SEED, 1, 2])
def seeded(request) -> tuple[int, dict[str, pd.DataFrame]]:
    return request.param, synthetic.generate(request.param)


@pytest.fixture(scope="module")
def any_seed_tables(seeded) -> dict[str, pd.DataFrame]:
    """The designed structure must hold for other seeds too, not only the committed one."""
    return seeded[1]


# ----------------------------------------------------------------- determinism and files


def test_same_seed_gives_identical_tables(tables):
    again = synthetic.generate(synthetic.DEFAULT_SEED)
    assert list(again) == ["organisations", "projects", "participations", "ties"]
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, again[name])


def test_tables_differ_exactly_when_the_seed_differs(tables, seeded):
    seed, other = seeded
    same = seed == synthetic.DEFAULT_SEED
    assert other["organisations"]["name"].equals(tables["organisations"]["name"]) is same
    assert other["participations"].equals(tables["participations"]) is same
    assert other["projects"]["budget_eur"].equals(tables["projects"]["budget_eur"]) is same


def test_write_reproduces_committed_data_byte_for_byte(tmp_path):
    synthetic.write(tmp_path)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file())
    assert written == committed == sorted([*HEADERS, "README.md", "dataset.toml"])
    for relative in written:
        assert (tmp_path / relative).read_bytes() == (DATA / relative).read_bytes(), (
            f"data/{relative} differs from its generator: run `python -m helixnet.synthetic data`"
        )


@pytest.mark.parametrize("relative", sorted(HEADERS))
def test_csv_format(relative):
    raw = (DATA / relative).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    text = raw.decode("utf-8")
    assert text.split("\n", 1)[0] == HEADERS[relative]


def test_to_csv_formats_cells_exactly():
    frame = pd.DataFrame({
        "id": ["b", "a,1"],
        "flag": [True, False],
        "year": pd.array([2020, None], dtype="Int64"),
        "amount": [1234.5, float("nan")],
        "note": ['say "hi"', None],
    })
    assert synthetic.to_csv(frame) == (
        'id,flag,year,amount,note\n'
        'b,true,2020,1234.50,"say ""hi"""\n'
        '"a,1",false,,,\n'
    )


def test_dataset_toml():
    meta = tomllib.loads((DATA / "dataset.toml").read_text(encoding="utf-8"))
    assert meta == {
        "title": "Synthetic Flemish innovation ecosystem (demonstration data)",
        "source": "helixnet.synthetic, seed 20261127",
        "synthetic": True,
        "generator": "python -m helixnet.synthetic",
        "seed": 20261127,
        "created": "2026-11-27",
    }


def test_main_writes_a_dataset_for_another_seed(tmp_path, capsys):
    assert synthetic.main([str(tmp_path / "out"), "--seed", "3"]) == 0
    assert "seed 3" in capsys.readouterr().out
    meta = tomllib.loads((tmp_path / "out" / "dataset.toml").read_text(encoding="utf-8"))
    assert (meta["seed"], meta["source"]) == (3, "helixnet.synthetic, seed 3")
    for relative, header in HEADERS.items():
        assert (tmp_path / "out" / relative).read_text(encoding="utf-8").startswith(header + "\n")


def test_main_reports_unwritable_directory(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert synthetic.main([str(blocker / "out")]) == 1
    assert capsys.readouterr().err.startswith("Error: ")


def test_committed_data_loads_with_helixnet():
    import helixnet

    ds = helixnet.load(DATA)
    assert ds.meta.synthetic is True
    assert len(ds.organisations) == len(pd.read_csv(DATA / "nodes/organisations.csv"))
    graph = helixnet.collaboration_graph(ds)
    assert graph.number_of_nodes() == len(ds.organisations)
    assert graph.nodes["flux50"]["is_cluster"] is True


# ----------------------------------------------------------------- contents and integrity


def test_sizes(tables):
    assert 1000 <= len(tables["organisations"]) <= 1400
    assert 1500 <= len(tables["projects"]) <= 2100
    assert len(tables["participations"]) > 5 * len(tables["projects"])


def test_rows_sorted_and_keys_unique(tables):
    keys = {"organisations": ["id"], "projects": ["id"], "participations": ["project_id", "org_id"],
            "ties": ["source", "target", "relation"]}
    for name, key in keys.items():
        frame = tables[name]
        assert not frame.duplicated(key).any(), name
        pd.testing.assert_frame_equal(frame, frame.sort_values(key).reset_index(drop=True))


def test_referential_integrity(tables):
    orgs = set(tables["organisations"]["id"])
    projects = tables["projects"]
    participations = tables["participations"]
    assert set(participations["project_id"]) == set(projects["id"])  # every project has a consortium
    assert set(participations["org_id"]) <= orgs
    assert set(tables["ties"]["source"]) | set(tables["ties"]["target"]) <= orgs
    clusters = set(_clusters(tables).index)
    assert set(projects["cluster_id"].dropna()) == clusters
    ids = pd.concat([tables["organisations"]["id"], projects["id"]])
    assert ids.str.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*").all()


def test_one_coordinator_per_project(tables):
    roles = tables["participations"]
    assert set(roles["role"]) == {"coordinator", "partner"}
    assert (roles[roles["role"] == "coordinator"].groupby("project_id").size() == 1).all()
    assert roles.loc[roles["role"] == "coordinator", "project_id"].nunique() == len(tables["projects"])


def test_participation_budgets_split_the_project_budget(tables):
    projects = tables["projects"].set_index("id")
    assert projects["budget_eur"].between(100_000, 10_000_000).all()
    shares = tables["participations"].groupby("project_id")["budget_eur"].sum()
    pd.testing.assert_series_equal(shares, projects["budget_eur"].loc[shares.index], check_names=False)
    assert (tables["participations"]["budget_eur"] > 0).all()


def test_years_and_consortium_sizes(tables):
    projects = tables["projects"]
    assert projects["start_year"].between(2017, 2026).all()
    assert (projects["end_year"] - projects["start_year"]).between(1, 4).all()
    sizes = tables["participations"].groupby("project_id").size()
    assert sizes.min() == 2 and sizes.max() <= 20
    assert sizes.median() <= 6  # skewed small
    assert (sizes >= 10).any()
    programmes = set(projects["programme"])
    assert {"VLAIO ICON", "VLAIO O&O bedrijfsproject", "VLAIO COOCK", "cSBO", "Horizon Europe",
            "Interreg", "EFRO"} <= programmes
    horizon = projects[projects["programme"].str.startswith("Horizon")]
    assert (horizon["programme"] == horizon["start_year"].map(
        lambda y: "Horizon Europe" if y >= 2021 else "Horizon 2020")).all()


def test_themes_per_domain_and_cross_domain(tables):
    projects = tables["projects"]
    for cluster_id in SPEARHEADS:
        assert projects.loc[projects["cluster_id"] == cluster_id, "theme"].nunique() >= 6
    assert {"digitalisation", "circularity", "artificial intelligence"} <= set(projects["theme"])


def test_facilitated_share(tables):
    share = tables["projects"]["cluster_id"].notna().mean()
    assert 0.5 < share < 0.85


def test_every_helix_and_company_majority(tables):
    orgs = tables["organisations"]
    assert set(orgs["helix"]) == set(HELICES)
    companies = orgs[orgs["helix"] == "bedrijf"]
    assert 0.65 <= len(companies) / len(orgs) <= 0.8
    assert companies["sme"].mean() > 0.7
    assert (orgs["sme"] == (orgs["kind"] == "kmo")).all()
    assert set(companies["kind"]) == {"kmo", "grote_onderneming"}
    citizens = orgs[orgs["helix"] == "burger"]
    assert set(citizens["kind"]) == {"burgerorganisatie", "cooperatie"}
    assert orgs["domain"].notna().all() and orgs["region"].notna().all()


def test_clusters_and_named_institutions(tables):
    orgs = tables["organisations"].set_index("id")
    clusters = _clusters(tables)
    assert clusters["name"].to_dict() == CLUSTER_NAMES
    expected_kinds = {
        "imec": "strategisch_onderzoekscentrum", "vito": "strategisch_onderzoekscentrum",
        "vib": "strategisch_onderzoekscentrum", "flanders-make": "strategisch_onderzoekscentrum",
        "ilvo": "onderzoekscentrum", "vliz": "onderzoekscentrum", "sirris": "onderzoekscentrum",
        "ku-leuven": "universiteit", "ugent": "universiteit", "uantwerpen": "universiteit",
        "vub": "universiteit", "uhasselt": "universiteit", "vlaio": "agentschap",
        "stad-antwerpen": "stad", "stad-gent": "stad", "stad-oostende": "stad",
    }
    assert orgs.loc[list(expected_kinds), "kind"].to_dict() == expected_kinds
    assert (orgs.loc[orgs["kind"] == "provincie"].query("country == 'BE'").shape[0]) == 5
    assert (orgs["kind"] == "hogeschool").sum() >= 5


def test_company_names_are_synthetic_and_vat_numbers_well_formed(tables):
    orgs = tables["organisations"]
    companies = orgs[orgs["helix"] == "bedrijf"]
    assert companies["id"].str.fullmatch(r"org-\d{4}").all()
    assert orgs["name"].is_unique
    forms = r"(BV|NV|B\.V\.|N\.V\.|GmbH|AG|SAS|SA|ApS|A/S)"
    assert companies["name"].str.fullmatch(r"[A-Z][a-z]+ [A-Za-z]+ " + forms).all()
    belgian = companies[companies["country"] == "BE"]
    assert belgian["vat"].notna().all() and belgian["vat"].is_unique
    for vat in belgian["vat"]:
        assert re.fullmatch(r"BE0\d{9}", vat)
        assert int(vat[10:]) == 97 - int(vat[2:10]) % 97  # Belgian mod-97 check digits


def test_clusters_take_part_in_the_projects_they_facilitate(tables):
    facilitated = tables["projects"].dropna(subset=["cluster_id"])
    pairs = set(zip(tables["participations"]["project_id"], tables["participations"]["org_id"]))
    assert all((p, c) in pairs for p, c in zip(facilitated["id"], facilitated["cluster_id"]))


def test_cluster_start_years(tables):
    projects = tables["projects"].dropna(subset=["cluster_id"])
    first = projects.groupby("cluster_id")["start_year"].min().to_dict()
    assert first["catalisti"] == first["flux50"] == first["vil"] == 2017
    assert all(first[c] > 2017 for c in ("de-blauwe-cluster", "flanders-food", "medvia"))
    assert first["entertainment-tech"] >= 2024
    assert (projects["cluster_id"] == "entertainment-tech").sum() < 40


def test_membership_ties(tables):
    ties = tables["ties"]
    orgs = tables["organisations"].set_index("id")
    members = ties[ties["relation"] == "membership"]
    assert set(members["target"]) == set(CLUSTER_NAMES)
    assert (orgs.loc[members["source"], "kind"] != "cluster").all()
    first = tables["projects"].dropna(subset=["cluster_id"]).groupby("cluster_id")["start_year"].min()
    assert (members["start_year"].to_numpy() >= first.loc[members["target"]].to_numpy()).all()
    ended = members.dropna(subset=["end_year"])
    assert len(ended) > 0 and (ended["end_year"] >= ended["start_year"]).all()
    assert members.groupby("target").size().min() >= 10
    assert (ties["weight"] == 1.0).all()
    other = ties[ties["relation"] != "membership"]
    assert set(other["relation"]) == {"partnership", "host"}
    partnerships = other[other["relation"] == "partnership"]
    assert (orgs.loc[partnerships["source"], "kind"] == "cluster").all()
    assert (partnerships["source"] < partnerships["target"]).all()
    hosts = other[other["relation"] == "host"]
    assert (orgs.loc[hosts["source"], "kind"] == "strategisch_onderzoekscentrum").all()
    assert (orgs.loc[hosts["target"], "kind"] == "cluster").all()


# ----------------------------------------------------------------- designed structure


def test_activity_is_heavy_tailed(any_seed_tables):
    tables = any_seed_tables
    orgs = tables["organisations"].set_index("id")
    counts = tables["participations"]["org_id"].value_counts()
    top = counts.iloc[: len(orgs) // 100]
    assert top.sum() / counts.sum() > 0.10
    non_clusters = counts[orgs.loc[counts.index, "kind"] != "cluster"]
    assert non_clusters.iloc[: len(orgs) // 100].sum() / counts.sum() > 0.10
    assert {"imec", "ku-leuven", "ugent", "vito"} <= set(non_clusters.index[:10])
    sme = counts.reindex(orgs.index[orgs["sme"]], fill_value=0)
    assert sme.between(1, 3).mean() > 0.5  # most SMEs in 1-3 projects
    assert sme.max() < counts["ku-leuven"]


def test_flux50_leans_on_vito(any_seed_tables):
    share = _partner_share_of_projects(any_seed_tables, "vito")
    assert share["flux50"] > 0.5
    assert all(share[c] < 0.4 for c in SPEARHEADS if c != "flux50")


def test_vil_is_the_most_sme_oriented(any_seed_tables):
    partners = _cluster_partners(any_seed_tables)
    sme = partners.groupby("cluster_id")["sme"].mean()
    knowledge = partners.assign(k=partners["helix"] == "kennisinstelling").groupby("cluster_id")["k"].mean()
    assert sme.idxmax() == "vil" and sme["vil"] > 0.5
    assert knowledge.loc[list(SPEARHEADS)].idxmin() == "vil"


def test_flanders_food_reaches_citizens_and_government(any_seed_tables):
    partners = _cluster_partners(any_seed_tables)
    citizens = partners.assign(x=partners["helix"] == "burger").groupby("cluster_id")["x"].mean()
    societal = partners.assign(x=partners["helix"].isin(["burger", "overheid"])).groupby("cluster_id")["x"].mean()
    assert citizens.idxmax() == "flanders-food"
    assert societal.idxmax() == "flanders-food"
    assert citizens["flanders-food"] > 2 * citizens.drop("flanders-food").max()


def test_blauwe_cluster_partners_rarely_work_with_other_clusters(any_seed_tables):
    partners = _cluster_partners(any_seed_tables)
    shared = {}
    for cluster_id in SPEARHEADS:
        own = set(partners.loc[partners["cluster_id"] == cluster_id, "org_id"])
        elsewhere = set(partners.loc[partners["cluster_id"] != cluster_id, "org_id"])
        shared[cluster_id] = len(own & elsewhere) / len(own)
    assert min(shared, key=shared.get) == "de-blauwe-cluster"
    assert shared["de-blauwe-cluster"] < min(v for c, v in shared.items() if c != "de-blauwe-cluster") - 0.1


def test_medvia_is_university_and_hospital_heavy(any_seed_tables):
    partners = _cluster_partners(any_seed_tables)
    knowledge = partners.assign(k=partners["helix"] == "kennisinstelling").groupby("cluster_id")["k"].mean()
    assert knowledge.loc[list(SPEARHEADS)].idxmax() == "medvia"
    hospitals = partners["kind"].isin(["universitair_ziekenhuis", "ziekenhuis"])
    assert hospitals[partners["cluster_id"] == "medvia"].mean() > 0.1
    assert hospitals[partners["cluster_id"] != "medvia"].mean() < 0.02


def test_catalisti_is_large_company_heavy(any_seed_tables):
    partners = _cluster_partners(any_seed_tables)
    large = partners.assign(x=partners["kind"] == "grote_onderneming").groupby("cluster_id")["x"].mean()
    assert large.idxmax() == "catalisti"
    assert large["catalisti"] > 1.5 * large.drop("catalisti").max()


def test_cluster_summary_agrees_with_the_tables(tables):
    summary = synthetic.cluster_summary(tables)
    assert list(summary.index) == sorted(CLUSTER_NAMES)
    assert summary.loc["flux50", "top_partner"] == "vito"
    assert summary.loc["flux50", "top_partner_share"] == pytest.approx(
        _partner_share_of_projects(tables, "vito")["flux50"])
    counts = tables["projects"]["cluster_id"].value_counts()
    assert summary["projects"].to_dict() == counts.to_dict()
    partners = _cluster_partners(tables)
    assert summary["sme"].to_dict() == pytest.approx(partners.groupby("cluster_id")["sme"].mean().to_dict())


# ----------------------------------------------------------------- helpers


def _clusters(tables) -> pd.DataFrame:
    orgs = tables["organisations"].set_index("id")
    return orgs[(orgs["helix"] == "intermediair") & (orgs["kind"] == "cluster")]


def _cluster_partners(tables) -> pd.DataFrame:
    """Participations in facilitated projects, the cluster's own row left out, with org attributes."""
    rows = tables["participations"].merge(tables["projects"][["id", "cluster_id"]],
                                          left_on="project_id", right_on="id")
    rows = rows[rows["cluster_id"].notna() & (rows["org_id"] != rows["cluster_id"])]
    return rows.join(tables["organisations"].set_index("id")[["helix", "kind", "sme"]], on="org_id")


def _partner_share_of_projects(tables, org_id: str) -> pd.Series:
    """Per cluster, the share of its facilitated projects in which ``org_id`` takes part."""
    projects = tables["projects"].dropna(subset=["cluster_id"])
    with_org = set(tables["participations"].loc[tables["participations"]["org_id"] == org_id, "project_id"])
    return projects.assign(x=projects["id"].isin(with_org)).groupby("cluster_id")["x"].mean()
