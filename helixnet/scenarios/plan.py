"""Plans (one scenario per cluster, evaluated together) and the parameter ranges.

A **plan** file (TOML, see ``docs/scenarios.md``) gives an ``id``, titles in English and
Dutch, a ``default`` scenario for every cluster, per-cluster choices under
``[clusters.<cluster id>]`` (``scenario`` and, for ``inkanteling``, ``host``) and the
transition ``[programmes.<name>]`` (``clusters = [...]``) of the transformation scenario.
The shipped plans are in ``helixnet/scenarios/plans/``.

A **parameter** file (``helixnet/scenarios/parameters.toml``) gives every parameter of
the engine a ``low``–``high`` range, the scenario(s) that use it and its rationale.

**Default host.** A cluster under ``inkanteling`` without a ``host`` is absorbed into its
largest knowledge partner: the knowledge institution with which it shares the most
projects in the window (ties broken by id). A cluster without any knowledge partner
cannot be absorbed: the error names it and says how to give a host.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helixnet.errors import DataError

#: The scenarios a plan can assign to a cluster.
SCENARIOS: tuple[str, ...] = ("status_quo", "removal", "commercial", "inkanteling", "base_mission", "transformation")

#: The parameters the engine uses (``helixnet.scenarios.engine``); a parameter file gives each.
ENGINE_PARAMETERS: tuple[str, ...] = (
    "earmarked_share", "adhoc_share", "commercial_continuation", "pay_large", "pay_sme", "pay_other",
    "company_stays", "other_stays_with_companies", "other_stays_without_companies", "host_continuation",
    "company_led_kept", "company_retention_host", "safeguard_effect", "extra_project_share",
    "programme_projects", "civic_projects")

_PLAN_KEYS = ("id", "title_en", "title_nl", "default", "clusters", "programmes")
_CLUSTER_KEYS = ("scenario", "host")
_PARAMETER_KEYS = ("scenario", "low", "high", "rationale_en", "rationale_nl")


@dataclass(frozen=True)
class Choice:
    """The scenario of one cluster in a plan (``host``: only for ``inkanteling``)."""

    scenario: str
    host: str | None = None


@dataclass(frozen=True)
class Plan:
    """One scenario per cluster, applied together."""

    id: str
    title_en: str
    title_nl: str
    default: str
    clusters: dict[str, Choice] = field(default_factory=dict)
    programmes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: str = "<plan>"

    def choice(self, cluster: str) -> Choice:
        """The choice for ``cluster`` (the default scenario when it is not listed)."""
        return self.clusters.get(cluster, Choice(self.default))

    def title(self, lang: str = "en") -> str:
        """The title in ``lang``."""
        return self.title_nl if lang == "nl" else self.title_en


@dataclass(frozen=True)
class ParameterRange:
    """One parameter: the range the draws sample, its scenarios and rationale."""

    name: str
    low: float
    high: float
    scenarios: tuple[str, ...]
    rationale_en: str
    rationale_nl: str


def shipped_plan_paths() -> list[Path]:
    """The plan files shipped with helixnet, in name order."""
    return sorted((Path(__file__).parent / "plans").glob("*.toml"))


def load_plans(paths: "list[str | Path] | None" = None) -> list[Plan]:
    """Read plan files (default: the shipped ones); plan ids must be unique."""
    from helixnet.io.toml import key_lines, read_toml

    plans: list[Plan] = []
    for path in (shipped_plan_paths() if not paths else paths):
        text, data = read_toml(path, "a scenario plan (docs/scenarios.md)")
        plan = _plan(data, key_lines(text), str(path))
        if any(p.id == plan.id for p in plans):
            raise DataError(f"plan id {plan.id!r} is used twice; expected unique plan ids", path=str(path),
                            line=key_lines(text).get(("id",)))
        plans.append(plan)
    return plans


def load_parameters(path: "str | Path | None" = None) -> list[ParameterRange]:
    """Read the parameter ranges (default: the shipped ``parameters.toml``)."""
    from helixnet.io.toml import key_lines, read_toml

    path = Path(__file__).parent / "parameters.toml" if path is None else Path(path)
    text, data = read_toml(path, "scenario parameter ranges (docs/scenarios.md)")
    lines = key_lines(text)
    result = []
    for name, table in data.items():
        where = {"path": str(path), "line": lines.get((name,))}
        if name not in ENGINE_PARAMETERS:
            raise DataError(f"parameter {name!r} is not used by the engine; expected one of {', '.join(ENGINE_PARAMETERS)}",
                            **where)
        if not isinstance(table, dict):
            raise DataError(f"parameter {name!r} is not a table; expected [name] with low, high, scenario and "
                            "rationale_en/_nl", **where)
        _check_keys(table, _PARAMETER_KEYS, f"parameter {name!r}", where)
        low, high = table["low"], table["high"]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high)) or low > high:
            raise DataError(f"parameter {name!r} has low={low!r}, high={high!r}; expected numbers with low <= high",
                            **where)
        scenarios = tuple(s.strip() for s in str(table["scenario"]).split(","))
        unknown = [s for s in scenarios if s not in SCENARIOS]
        if unknown:
            raise DataError(f"parameter {name!r} names scenario {unknown[0]!r}; expected one of {', '.join(SCENARIOS)}",
                            **where)
        result.append(ParameterRange(name, float(low), float(high), scenarios,
                                     str(table["rationale_en"]), str(table["rationale_nl"])))
    missing = [name for name in ENGINE_PARAMETERS if name not in data]
    if missing:
        raise DataError(f"lacks the parameter(s) {', '.join(missing)}; expected a range for every parameter "
                        "(copy helixnet/scenarios/parameters.toml and change the values)", path=str(path))
    return result


def assumptions_table(parameters: list[ParameterRange]) -> "Any":
    """The assumptions table: one row per parameter with its scenarios, range and rationale
    (columns ``parameter, scenarios, low, high, rationale_en, rationale_nl``)."""
    import pandas as pd

    return pd.DataFrame([{"parameter": p.name, "scenarios": ", ".join(p.scenarios), "low": p.low, "high": p.high,
                          "rationale_en": p.rationale_en, "rationale_nl": p.rationale_nl} for p in parameters],
                        columns=["parameter", "scenarios", "low", "high", "rationale_en", "rationale_nl"])


def resolve_hosts(plan: Plan, clusters: list[str], knowledge_partners: dict[str, list[str]],
                  orgs: "Any") -> dict[str, str]:
    """The host of every cluster that ``plan`` absorbs: the plan's ``host`` or the cluster's
    largest knowledge partner (``knowledge_partners[c]``, best first).

    Raises
    ------
    DataError
        If a named host is not an organisation of the data, or a cluster has neither a
        host in the plan nor a knowledge partner; the message names the clusters and how
        to give a host.
    """
    hosts: dict[str, str] = {}
    missing = []
    for cluster in clusters:
        choice = plan.choice(cluster)
        if choice.scenario != "inkanteling":
            continue
        if choice.host is not None:
            if choice.host not in orgs:
                raise DataError(f"the host {choice.host!r} of cluster {cluster!r} is not an organisation of the data; "
                                "expected an organisation id", path=plan.path)
            hosts[cluster] = choice.host
        elif knowledge_partners.get(cluster):
            hosts[cluster] = knowledge_partners[cluster][0]
        else:
            missing.append(cluster)
    if missing:
        raise DataError(
            f"plan {plan.id!r} absorbs cluster(s) {', '.join(missing)} but names no host and they share no project with "
            "a knowledge institution in the window; expected a host for each: add "
            + " ".join(f'[clusters.{c}] scenario = "inkanteling", host = "<organisation id>"' for c in missing)
            + " to a copy of the plan and pass it with --plan", path=plan.path)
    return hosts


def _plan(data: dict, lines: dict, path: str) -> Plan:
    where = {"path": path}
    _check_keys(data, _PLAN_KEYS, "a plan", where, required=("id", "title_en", "title_nl", "default"))
    default = _scenario(data["default"], where | {"line": lines.get(("default",))})
    clusters = {}
    for cluster, table in (data.get("clusters") or {}).items():
        at = where | {"line": lines.get(("clusters", cluster))}
        if not isinstance(table, dict):
            raise DataError(f"clusters.{cluster} is not a table; expected scenario = ... (and host = ...)", **at)
        _check_keys(table, _CLUSTER_KEYS, f"clusters.{cluster}", at, required=("scenario",))
        scenario = _scenario(table["scenario"], at)
        host = table.get("host")
        if host is not None and (scenario != "inkanteling" or not isinstance(host, str)):
            raise DataError(f"clusters.{cluster}: host = {host!r}; expected an organisation id, and only with "
                            "scenario = \"inkanteling\"", **at)
        clusters[str(cluster)] = Choice(scenario, host)
    programmes = {}
    for name, table in (data.get("programmes") or {}).items():
        at = where | {"line": lines.get(("programmes", name))}
        ids = table.get("clusters") if isinstance(table, dict) else None
        if not isinstance(ids, list) or not all(isinstance(c, str) for c in ids) or set(table) != {"clusters"}:
            raise DataError(f"programmes.{name} is {table!r}; expected a table with clusters = [\"id\", ...]", **at)
        programmes[str(name)] = tuple(ids)
    return Plan(str(data["id"]), str(data["title_en"]), str(data["title_nl"]), default, clusters, programmes, path)


def _scenario(value: Any, where: dict) -> str:
    if value not in SCENARIOS:
        raise DataError(f"scenario {value!r} is not known; expected one of {', '.join(SCENARIOS)}", **where)
    return value


def _check_keys(table: dict, allowed: tuple[str, ...], what: str, where: dict, required: tuple[str, ...] = ()) -> None:
    unknown = [k for k in table if k not in allowed]
    if unknown:
        raise DataError(f"{what} has the key {unknown[0]!r}; expected only {', '.join(allowed)}", **where)
    absent = [k for k in (required or allowed) if k not in table]
    if absent:
        raise DataError(f"{what} lacks {absent[0]!r}; expected {', '.join(required or allowed)}", **where)
