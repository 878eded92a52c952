"""Scenario files: TOML descriptions of what-if changes to the collaboration graph.

A scenario file holds one or more ``[[scenario]]`` tables::

    [[scenario]]
    id = "commercial"
    title_en = "Commercial continuation"
    title_nl = "Commerciële voortzetting"
    description_en = "..."
    description_nl = "..."

    [scenario.parameters.retention_sme]
    value = 0.4
    rationale_en = "SMEs pay a membership fee least readily."
    rationale_nl = "Kmo's betalen het minst vlot lidgeld."

    [scenario.hosts]                       # optional: per-cluster host ($host)
    flux50 = "vito"                        # or {id = "vito", rationale_en = "...", rationale_nl = "..."}

    [scenario.programmes.energy]           # optional: transition programmes ($programme)
    clusters = ["flux50", "catalisti", "vil"]
    rationale_en = "..."
    rationale_nl = "..."

    [[scenario.operation]]
    op = "drop_ties"                       # drop_ties | contract | remove_nodes | add_ties | relabel
    around = "$cluster"
    relation = "membership"
    partner_sme = true
    retention = "$retention_sme"

Operation fields are the keyword arguments of the functions in
:mod:`helixnet.scenarios.operations`. A string ``"$name"`` anywhere in a field refers to
the scenario parameter ``name``; ``"$cluster"`` is the focal cluster the scenario is
applied to, ``"$host"`` its host (from ``[scenario.hosts]``) and ``"$programme"`` the
list of clusters sharing a transition programme with it (itself included; empty when it
is in none). ``add_ties`` takes ``n`` (a count or ``"all"``) or ``share`` + ``share_of``:
``n = ceil(share * number of the focal cluster's partners matching the filter share_of)``,
counted in the graph as it is when the operation runs (after the operations before it).

Errors in a file are :class:`~helixnet.errors.DataError` naming the file, the line of
the offending key and what was expected: at load time for the structure, unknown
operations, fields and parameter references, and values out of range; at apply time
for unknown node ids (e.g. a host that is not in the graph).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helixnet.errors import DataError, OptionError
from helixnet.io.cells import MAX_NUMBER
from helixnet.io.toml import check_keys, key_lines, parse_toml, read_toml
from helixnet.schema import HELICES

if TYPE_CHECKING:  # pragma: no cover - typing only
    import networkx as nx
    import numpy as np
    import pandas as pd

    from helixnet.io.loader import Dataset

#: References resolved when a scenario is applied to a cluster.
APPLY_REFERENCES: tuple[str, ...] = ("cluster", "host", "programme")
_SCENARIO_KEYS = ("id", "title_en", "title_nl", "description_en", "description_nl",
                  "parameters", "hosts", "programmes", "operation")
_TEXT_KEYS = ("title_en", "title_nl", "description_en", "description_nl")
_PARAMETER_KEYS = ("value", "rationale_en", "rationale_nl")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# field kinds: node, nodes, helix, helices, strings, text, bool, probability, count,
# share, positive, filter, between
_OPS: dict[str, dict[str, str]] = {
    "remove_nodes": {"nodes": "nodes"},
    "contract": {"node": "node", "host": "node"},
    "drop_ties": {"around": "node", "partner_helix": "helices", "partner_kind": "strings",
                  "partner_sme": "bool", "relation": "text", "facilitated_by": "node",
                  "retention": "probability"},
    "add_ties": {"n": "count", "share": "share", "share_of": "filter", "between": "between",
                 "via": "node", "weight": "positive", "relation": "text"},
    "relabel": {"nodes": "nodes", "helix": "helix", "kind": "text", "sme": "bool", "name": "text"},
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "remove_nodes": ("nodes",),
    "contract": ("node", "host"),
    "drop_ties": ("retention",),
    "add_ties": ("between",),
    "relabel": ("nodes",),
}


# --------------------------------------------------------------------------- locating keys


# --------------------------------------------------------------------------- model
@dataclass(frozen=True)
class Parameter:
    """A named assumption: its value and a one-line rationale in English and Dutch."""

    name: str
    value: Any
    rationale_en: str
    rationale_nl: str
    line: int | None = None


@dataclass(frozen=True)
class Host:
    """The research centre a cluster is absorbed into (inkanteling), with its rationale."""

    cluster: str
    host: str
    rationale_en: str = ""
    rationale_nl: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Programme:
    """A transition programme: clusters that a transformation scenario links."""

    name: str
    clusters: tuple[str, ...]
    rationale_en: str = ""
    rationale_nl: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Operation:
    """One step of a scenario: ``op`` and its fields, parameters already substituted.

    Strings ``"$cluster"``, ``"$host"`` and ``"$programme"`` stay until apply time.
    ``lines`` holds the line of the operation and of each field.
    """

    op: str
    fields: dict[str, Any]
    index: int
    line: int | None = None
    lines: dict[str, int | None] = field(default_factory=dict)


@dataclass
class Scenario:
    """A validated scenario; apply it per cluster with :meth:`apply`."""

    id: str
    title_en: str
    title_nl: str
    description_en: str
    description_nl: str
    parameters: dict[str, Parameter]
    hosts: dict[str, Host]
    programmes: dict[str, Programme]
    operations: list[Operation]
    path: str = "<scenarios>"
    line: int | None = None
    hosts_line: int | None = None

    @property
    def stochastic(self) -> bool:
        """True if applying the scenario draws random numbers that matter (Monte Carlo
        needed): a ``drop_ties`` with retention strictly between 0 and 1, or an
        ``add_ties`` that does not add all eligible pairs."""
        for operation in self.operations:
            f = operation.fields
            if operation.op == "drop_ties" and 0.0 < f["retention"] < 1.0:
                return True
            if operation.op == "add_ties" and f.get("n") != "all":
                return True
        return False

    def programme_of(self, cluster_id: str) -> list[str]:
        """Clusters sharing a transition programme with ``cluster_id`` (itself included)."""
        members = [c for p in self.programmes.values() if cluster_id in p.clusters for c in p.clusters]
        return list(dict.fromkeys(members))

    def assumptions(self, cluster_id: str | None = None) -> list[dict[str, Any]]:
        """The scenario's assumptions as rows ``name, value, rationale_en, rationale_nl``.

        Every parameter; with ``cluster_id`` also its host and its programme(s).
        """
        rows = [{"name": p.name, "value": p.value, "rationale_en": p.rationale_en, "rationale_nl": p.rationale_nl}
                for p in self.parameters.values()]
        if cluster_id is not None and cluster_id in self.hosts:
            h = self.hosts[cluster_id]
            rows.append({"name": "host", "value": h.host, "rationale_en": h.rationale_en,
                         "rationale_nl": h.rationale_nl})
        for p in self.programmes.values():
            if cluster_id is None or cluster_id in p.clusters:
                rows.append({"name": f"programme.{p.name}", "value": ", ".join(p.clusters),
                             "rationale_en": p.rationale_en, "rationale_nl": p.rationale_nl})
        return rows

    def apply(
        self,
        G: "nx.Graph",
        cluster_id: str,
        rng: "np.random.Generator | int | None",
        ds: "Dataset | None" = None,
        *,
        shares: "pd.DataFrame | None" = None,
    ) -> tuple["nx.Graph", str | None]:
        """Apply the scenario to ``G`` for the focal cluster ``cluster_id``.

        Parameters
        ----------
        G : networkx.Graph
            A collaboration graph; not changed.
        cluster_id : str
            The focal cluster (``$cluster``); must be a node of ``G``.
        rng : numpy.random.Generator or int
            Source of randomness (an int is a seed).
        ds : Dataset, optional
            Needed by operations with ``facilitated_by`` (unless ``shares`` is given).
        shares : pandas.DataFrame, optional
            :func:`~helixnet.scenarios.operations.facilitated_share` of ``ds`` and ``G``,
            computed once and reused across Monte Carlo runs.

        Returns
        -------
        (networkx.Graph, str or None)
            The new graph and the focal cluster's *successor*: the cluster itself, its
            host after a contraction, or None when it was removed.

        Raises
        ------
        OptionError
            If ``cluster_id`` is not in ``G``, or ``facilitated_by`` is used without ``ds``.
        DataError
            If the file names an organisation that is not in ``G`` (e.g. a host), or an
            operation cannot be carried out (e.g. too few eligible pairs); the message
            names the file and line.
        """
        import numpy as np

        from helixnet.scenarios import operations as ops

        if cluster_id not in G:
            raise OptionError(f"cluster {cluster_id!r} is not in the graph; expected the id of a cluster organisation")
        rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        successor: str | None = cluster_id
        H = G.copy()  # the one copy: the operations below change H in place
        for operation in self.operations:
            kwargs = self._bind(operation, H, cluster_id)
            if kwargs.get("facilitated_by") is not None and shares is None:
                if ds is None:
                    raise OptionError(f"scenario {self.id!r} uses facilitated_by; expected the dataset (ds=...)")
                shares = ops.facilitated_share(ds, H)
            successor = _successor(operation.op, kwargs, successor)
            try:
                self._run(operation.op, H, rng, kwargs, shares, cluster_id)
            except OptionError as exc:
                raise self._fail(operation, None, f"{exc} (cluster {cluster_id!r})") from None
        return H, successor

    # -- apply helpers ---------------------------------------------------------------
    def _bind(self, operation: Operation, G: "nx.Graph", cluster_id: str) -> dict[str, Any]:
        """The operation's fields with ``$cluster``, ``$host``, ``$programme`` filled in."""
        values = {"cluster": cluster_id, "programme": self.programme_of(cluster_id)}
        if _uses(operation.fields, "host"):
            values["host"] = self._host(operation, cluster_id, G)
        if _uses(operation.fields, "programme"):
            self._check_programmes(cluster_id, G)
        kwargs = {key: _substitute(value, values) for key, value in operation.fields.items()}
        for key, kind in _OPS[operation.op].items():
            if kind in ("node", "nodes") and key in kwargs:
                ids = kwargs[key] if isinstance(kwargs[key], list) else [kwargs[key]]
                missing = [i for i in ids if i not in G]
                if missing:
                    raise self._fail(operation, key, f"{missing[0]!r} is not an organisation in the graph; "
                                                     "expected an organisation id")
        return kwargs

    def _host(self, operation: Operation, cluster_id: str, G: "nx.Graph") -> str:
        host = self.hosts.get(cluster_id)
        if host is None:
            line = self.hosts_line or operation.lines.get("host", operation.line)
            raise DataError(f"scenario {self.id!r} has no host for cluster {cluster_id!r}; expected an entry "
                            f"{cluster_id} = \"<host id>\" in [scenario.hosts]", path=self.path, line=line)
        if host.host not in G:
            raise DataError(f"host {host.host!r} of cluster {cluster_id!r} is not an organisation in the graph; "
                            "expected the id of a research centre", path=self.path, line=host.line)
        return host.host

    def _check_programmes(self, cluster_id: str, G: "nx.Graph") -> None:
        for programme in self.programmes.values():
            missing = [c for c in programme.clusters if c not in G]
            if cluster_id in programme.clusters and missing:
                raise DataError(f"programme {programme.name!r} lists {missing[0]!r}, which is not an organisation "
                                "in the graph; expected cluster ids", path=self.path, line=programme.line)

    def _run(self, op: str, H: "nx.Graph", rng: "np.random.Generator", kwargs: dict, shares, cluster_id: str) -> None:
        """Run one operation on ``H`` in place (``apply`` copied the input graph once)."""
        from helixnet.scenarios import operations as ops

        if op == "remove_nodes":
            ops.remove_nodes_inplace(H, kwargs["nodes"])
        elif op == "contract":
            ops.contract_inplace(H, kwargs["node"], kwargs["host"])
        elif op == "relabel":
            ops.relabel_inplace(H, kwargs.pop("nodes"), **kwargs)
        elif op == "drop_ties":
            ops.drop_ties_inplace(H, rng, shares=shares if kwargs.get("facilitated_by") is not None else None,
                                  **kwargs)
        else:
            between = tuple(kwargs.pop("between"))
            n = kwargs.pop("n", None)
            share, share_of = kwargs.pop("share", None), kwargs.pop("share_of", None)
            if share is not None:
                n = self._share_count(H, cluster_id, share, share_of)
            ops.add_ties_inplace(H, rng, n=None if n == "all" else n, between=between, **kwargs)

    @staticmethod
    def _share_count(H: "nx.Graph", cluster_id: str, share: float, share_of: dict | None) -> int:
        """``ceil(share * number of cluster_id's partners matching share_of)``."""
        from helixnet.scenarios import operations as ops

        partners = [v for v in H.adj[cluster_id] if v != cluster_id] if cluster_id in H else []
        mask = ops.node_mask(H.subgraph(partners), share_of or {}, "share_of")
        return math.ceil(share * int(mask.sum()) - 1e-9)

    def _fail(self, operation: Operation, key: str | None, message: str) -> DataError:
        where = f"scenario {self.id!r} operation {operation.index + 1} ({operation.op})"
        where += f" field {key!r}" if key else ""
        line = operation.lines.get(key, operation.line) if key else operation.line
        return DataError(f"{where}: {message}", path=self.path, line=line)


def _successor(op: str, kwargs: dict, successor: str | None) -> str | None:
    if successor is None:
        return None
    if op == "remove_nodes":
        nodes = kwargs["nodes"] if isinstance(kwargs["nodes"], list) else [kwargs["nodes"]]
        return None if successor in nodes else successor
    if op == "contract" and kwargs["node"] == successor:
        return kwargs["host"]
    return successor


def _uses(value: Any, name: str) -> bool:
    if isinstance(value, str):
        return value == "$" + name
    if isinstance(value, list):
        return any(_uses(v, name) for v in value)
    if isinstance(value, dict):
        return any(_uses(v, name) for v in value.values())
    return False


def _substitute(value: Any, values: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("$") and value[1:] in values:
        return values[value[1:]]
    if isinstance(value, list):
        return [_substitute(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, values) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- loading
def load_scenarios(path: str | Path | None = None) -> list[Scenario]:
    """Read and validate a scenario file (None: the shipped ``defaults.toml``).

    Raises
    ------
    DataError
        The file is missing, not UTF-8 TOML, or not a valid scenario file; the message
        names the file, the line of the offending key and what was expected.
    """
    if path is None:
        from importlib import resources

        text = (resources.files("helixnet.scenarios") / "defaults.toml").read_text(encoding="utf-8")
        return parse_scenarios(text, path="helixnet/scenarios/defaults.toml")
    path = Path(path)
    if not path.is_file():
        raise DataError("scenario file not found; expected a TOML scenario file", path=str(path))
    text, data = read_toml(path, "a TOML scenario file")
    return _Parser(data, text, str(path)).scenarios()


def load_scenario_files(paths: "Iterable[str | Path]") -> list[Scenario]:
    """Read every scenario file of ``paths`` (none: the shipped set) and check that no scenario
    id is used twice across them, before anything runs.

    Raises
    ------
    DataError
        A file is invalid (see :func:`load_scenarios`), or two scenarios share an id; the
        message names both files and lines.
    """
    paths = list(paths)
    scenarios = [s for path in paths for s in load_scenarios(path)] if paths else load_scenarios()
    first: dict[str, Scenario] = {}
    for scenario in scenarios:
        earlier = first.setdefault(scenario.id, scenario)
        if earlier is not scenario:
            raise DataError(f"scenario id {scenario.id!r} is also defined in {earlier.path}:{earlier.line}; "
                            "expected every scenario id once across all --scenario files (rename one)",
                            path=scenario.path, line=scenario.line)
    return scenarios


def parse_scenarios(text: str, *, path: str = "<scenarios>") -> list[Scenario]:
    """Parse and validate scenario ``text`` (TOML); ``path`` names it in messages."""
    return _Parser(parse_toml(text, path, "a TOML scenario file"), text, path).scenarios()


class _Parser:
    """Validates the parsed TOML of one scenario file and builds the scenarios."""

    def __init__(self, data: dict[str, Any], text: str, path: str) -> None:
        self.data = data
        self.path = path
        self.lines = key_lines(text)
        self.origin = ""  # " (parameter 'x')" while a parameter's value is checked

    def line(self, keys: tuple) -> int | None:
        for end in range(len(keys), 0, -1):
            if keys[:end] in self.lines:
                return self.lines[keys[:end]]
        return None

    def fail(self, keys: tuple, message: str, line: int | None = None) -> DataError:
        dotted = _dotted(keys)
        prefix = f"key '{dotted}': " if dotted else ""
        return DataError(prefix + message, path=self.path, line=line if line is not None else self.line(keys))

    def check_keys(self, keys: tuple, table: dict, allowed: tuple[str, ...], what: str) -> None:
        check_keys(table, allowed, lambda key, message: self.fail(keys + (key,), message), what)

    def scenarios(self) -> list[Scenario]:
        self.check_keys((), self.data, ("scenario",), "top-level")
        raw = self.data.get("scenario")
        if not isinstance(raw, list) or not raw or not all(isinstance(s, dict) for s in raw):
            raise self.fail(("scenario",), "expected one or more [[scenario]] tables")
        result = [self.scenario(i, table) for i, table in enumerate(raw)]
        seen: dict[str, int] = {}
        for i, scenario in enumerate(result):
            if scenario.id in seen:
                raise self.fail(("scenario", i, "id"), f"scenario id {scenario.id!r} is used twice; expected unique ids")
            seen[scenario.id] = i
        return result

    def scenario(self, i: int, table: dict) -> Scenario:
        keys = ("scenario", i)
        self.check_keys(keys, table, _SCENARIO_KEYS, "scenario")
        sid = self.text(keys + ("id",), table.get("id"))
        if not _ID.match(sid):
            raise self.fail(keys + ("id",), f"{sid!r} is not a valid id; expected lower-case letters, digits, '-', '_'")
        texts = {key: self.text(keys + (key,), table.get(key)) for key in _TEXT_KEYS}
        parameters = self.parameters(keys, table.get("parameters", {}))
        hosts = self.hosts(keys, table.get("hosts", {}))
        programmes = self.programmes(keys, table.get("programmes", {}))
        raw_ops = table.get("operation", [])
        if not isinstance(raw_ops, list) or not all(isinstance(o, dict) for o in raw_ops):
            raise self.fail(keys + ("operation",), "expected [[scenario.operation]] tables")
        operations = [self.operation(keys + ("operation", j), j, o, parameters) for j, o in enumerate(raw_ops)]
        return Scenario(id=sid, **texts, parameters=parameters, hosts=hosts, programmes=programmes,
                        operations=operations, path=self.path, line=self.line(keys),
                        hosts_line=self.lines.get(keys + ("hosts",)))

    def text(self, keys: tuple, value: Any) -> str:
        if value is None:
            raise self.fail(keys, "is missing; expected a non-empty string")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(keys, f"{value!r} is not a non-empty string; expected a non-empty string")
        return value

    def table(self, keys: tuple, value: Any) -> dict:
        if not isinstance(value, dict):
            raise self.fail(keys, f"{value!r} is not a table; expected a [table]")
        return value

    def parameters(self, keys: tuple, raw: Any) -> dict[str, Parameter]:
        keys += ("parameters",)
        result = {}
        for name, entry in self.table(keys, raw).items():
            where = keys + (name,)
            self.check_keys(where, self.table(where, entry), _PARAMETER_KEYS, "parameter")
            if "value" not in entry:
                raise self.fail(where, "has no value; expected value = ...")
            if isinstance(entry["value"], (dict, list)):
                raise self.fail(where + ("value",), "expected a number, boolean or string")
            result[name] = Parameter(name, entry["value"], self.text(where + ("rationale_en",), entry.get("rationale_en")),
                                     self.text(where + ("rationale_nl",), entry.get("rationale_nl")),
                                     self.line(where + ("value",)))
        return result

    def hosts(self, keys: tuple, raw: Any) -> dict[str, Host]:
        keys += ("hosts",)
        result = {}
        for cluster, entry in self.table(keys, raw).items():
            where = keys + (cluster,)
            if isinstance(entry, str):
                result[cluster] = Host(cluster, self.text(where, entry), line=self.line(where))
                continue
            self.check_keys(where, self.table(where, entry), ("id", "rationale_en", "rationale_nl"), "host")
            result[cluster] = Host(cluster, self.text(where + ("id",), entry.get("id")),
                                   self.text(where + ("rationale_en",), entry.get("rationale_en")),
                                   self.text(where + ("rationale_nl",), entry.get("rationale_nl")), self.line(where))
        return result

    def programmes(self, keys: tuple, raw: Any) -> dict[str, Programme]:
        keys += ("programmes",)
        result = {}
        for name, entry in self.table(keys, raw).items():
            where = keys + (name,)
            self.check_keys(where, self.table(where, entry), ("clusters", "rationale_en", "rationale_nl"), "programme")
            clusters = entry.get("clusters")
            if not isinstance(clusters, list) or not clusters or not all(isinstance(c, str) for c in clusters):
                raise self.fail(where + ("clusters",), f"{clusters!r} is not a list of cluster ids; "
                                                       "expected e.g. clusters = [\"flux50\", \"vil\"]")
            result[name] = Programme(name, tuple(clusters), self.text(where + ("rationale_en",), entry.get("rationale_en")),
                                     self.text(where + ("rationale_nl",), entry.get("rationale_nl")), self.line(where))
        return result

    def operation(self, keys: tuple, index: int, raw: dict, parameters: dict[str, Parameter]) -> Operation:
        op = raw.get("op")
        if op not in _OPS:
            shown = "is missing" if op is None else f"{op!r} is not a known operation"
            raise self.fail(keys + ("op",), f"{shown}; expected one of {', '.join(_OPS)}")
        kinds = _OPS[op]
        fields = {}
        for key, value in raw.items():
            if key == "op":
                continue
            if key not in kinds:
                raise self.fail(keys + (key,), f"unknown field for op {op!r}; expected one of {', '.join(kinds)}")
            fields[key] = self.value(keys + (key,), kinds[key], value, parameters)
        for key in _REQUIRED[op]:
            if key not in fields:
                raise self.fail(keys, f"op {op!r} needs field {key!r}; expected {key} = ...")
        if op == "add_ties":
            self.check_count(keys, fields)
        lines = {key: self.line(keys + (key,)) for key in raw}
        return Operation(op, fields, index, self.line(keys), lines)

    def check_count(self, keys: tuple, fields: dict) -> None:
        if ("n" in fields) == ("share" in fields):
            raise self.fail(keys, "op 'add_ties' needs exactly one of n and share; expected n = <count> "
                                  "or share = <fraction> with share_of = {filter}")
        if "share_of" in fields and "share" not in fields:
            raise self.fail(keys + ("share_of",), "share_of without share; expected share = <fraction> too")

    # -- values ----------------------------------------------------------------------
    def value(self, keys: tuple, kind: str, value: Any, parameters: dict[str, Parameter], line: int | None = None) -> Any:
        """Substitute parameter references in ``value`` and check it against ``kind``."""
        if isinstance(value, str) and value.startswith("$"):
            name = value[1:]
            if name in APPLY_REFERENCES:
                return self.apply_reference(keys, kind, value)
            if name not in parameters:
                known = ", ".join([*(f"${p}" for p in parameters), *(f"${r}" for r in APPLY_REFERENCES)])
                raise self.fail(keys, f"unknown parameter reference {value!r}; expected one of {known}")
            parameter = parameters[name]
            self.origin = f" (parameter {name!r})"
            try:
                return self.value(keys, kind, parameter.value, parameters, line=parameter.line)
            finally:
                self.origin = ""
        check = getattr(self, "kind_" + kind)
        return check(keys, value, parameters, line)

    def apply_reference(self, keys: tuple, kind: str, value: str) -> str:
        allowed = {"node": ("$cluster", "$host"), "nodes": ("$cluster", "$host"),
                   "ids": ("$cluster", "$host", "$programme")}.get(kind, ())
        if value not in allowed:
            expected = f"one of {', '.join(allowed)} or a literal value" if allowed else "a literal value"
            raise self.fail(keys, f"{value!r} cannot be used here; expected {expected}")
        return value

    def bad(self, keys: tuple, value: Any, expected: str, line: int | None) -> DataError:
        return self.fail(keys, f"{value!r}{self.origin} {expected}", line=line)

    def kind_node(self, keys, value, parameters, line):
        if not isinstance(value, str) or not value:
            raise self.bad(keys, value, "is not an organisation id; expected a string id, $cluster or $host", line)
        return value

    def kind_nodes(self, keys, value, parameters, line):
        if isinstance(value, list):
            return [self.value(keys, "node", v, parameters, line) for v in value]
        return self.kind_node(keys, value, parameters, line)

    def kind_ids(self, keys, value, parameters, line):
        if isinstance(value, list):
            return [self.value(keys, "ids", v, parameters, line) for v in value]
        return self.kind_node(keys, value, parameters, line)

    def kind_helix(self, keys, value, parameters, line):
        if value not in HELICES:
            raise self.bad(keys, value, f"is not a helix; expected one of {', '.join(HELICES)}", line)
        return value

    def kind_helices(self, keys, value, parameters, line):
        if isinstance(value, list):
            return [self.value(keys, "helix", v, parameters, line) for v in value]
        return self.kind_helix(keys, value, parameters, line)

    def kind_text(self, keys, value, parameters, line):
        if not isinstance(value, str) or not value:
            raise self.bad(keys, value, "is not a non-empty string; expected a string", line)
        return value

    def kind_strings(self, keys, value, parameters, line):
        if isinstance(value, list):
            return [self.value(keys, "text", v, parameters, line) for v in value]
        return self.kind_text(keys, value, parameters, line)

    def kind_bool(self, keys, value, parameters, line):
        if not isinstance(value, bool):
            raise self.bad(keys, value, "is not a boolean; expected true or false", line)
        return value

    def _number(self, value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    def kind_probability(self, keys, value, parameters, line):
        if not self._number(value) or not 0.0 <= value <= 1.0:
            raise self.bad(keys, value, "is out of range; expected a probability in [0, 1]", line)
        return float(value)

    def kind_share(self, keys, value, parameters, line):
        if not self._number(value) or value < 0:
            raise self.bad(keys, value, "is out of range; expected a fraction >= 0 (e.g. 0.1 for 10%)", line)
        return float(value)

    def kind_positive(self, keys, value, parameters, line):
        # bounded like every number the loader reads, so sums of weights stay finite
        if not self._number(value) or not 0 < value <= MAX_NUMBER:
            raise self.bad(keys, value, f"is out of range; expected a positive number of at most {MAX_NUMBER:.0e}", line)
        return float(value)

    def kind_count(self, keys, value, parameters, line):
        if value == "all":
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.bad(keys, value, "is not a count; expected an integer >= 0 or \"all\"", line)
        return value

    def kind_filter(self, keys, value, parameters, line):
        from helixnet.scenarios.operations import FILTER_KEYS

        if not isinstance(value, dict):
            raise self.bad(keys, value, "is not a node filter; expected a table such as {helix = \"bedrijf\", sme = true}",
                           line)
        kinds = {"id": "ids", "helix": "helices", "kind": "strings", "sme": "bool", "is_cluster": "bool"}
        result = {}
        for key, entry in value.items():
            if key not in FILTER_KEYS:
                raise self.fail(keys, f"node filter key {key!r} is unknown; expected one of {', '.join(FILTER_KEYS)}")
            result[key] = self.value(keys, kinds[key], entry, parameters, line)
        return result

    def kind_between(self, keys, value, parameters, line):
        if not isinstance(value, list) or len(value) != 2:
            raise self.bad(keys, value, "is not a pair of node filters; expected between = [{...}, {...}]", line)
        return [self.kind_filter(keys, v, parameters, line) for v in value]


def _dotted(keys: tuple) -> str:
    parts = []
    for key in keys:
        if isinstance(key, int):
            parts[-1] += f"[{key + 1}]"
        else:
            parts.append(str(key))
    return ".".join(parts)


__all__ = ["Scenario", "Operation", "Parameter", "Host", "Programme", "load_scenarios", "parse_scenarios",
           "key_lines"]

