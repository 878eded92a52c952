"""What-if scenarios.

Engine v2 (plans; ``docs/scenarios.md``):

- :mod:`helixnet.scenarios.twomode`: pure, seeded project-level operations on the two-mode data;
- :mod:`helixnet.scenarios.plan`: ``load_plans``, ``load_parameters`` (ranges and rationales);
- :mod:`helixnet.scenarios.engine`: ``run_plans`` (Latin hypercube draws, local pool or Dask);
- :mod:`helixnet.scenarios.measures`: the per-cluster outcomes;
- :mod:`helixnet.scenarios.summary`: ``plan_results``, ``sensitivity``, ``scenario_tables``.

Engine v1 (one scenario and focal cluster at a time on the projected graph):

- :mod:`helixnet.scenarios.operations`: ``remove_nodes``, ``contract``, ``drop_ties``,
  ``add_ties``, ``relabel`` and ``facilitated_share``;
- :mod:`helixnet.scenarios.spec`: ``load_scenarios`` and :class:`Scenario` (``apply``).

The shipped default set (``defaults.toml``) holds the green paper's four scenarios plus a
baseline and a removal reference. Names are imported lazily so that importing the package
stays cheap.
"""

from __future__ import annotations

from helixnet._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "remove_nodes": "helixnet.scenarios.operations",
    "contract": "helixnet.scenarios.operations",
    "drop_ties": "helixnet.scenarios.operations",
    "add_ties": "helixnet.scenarios.operations",
    "relabel": "helixnet.scenarios.operations",
    "facilitated_share": "helixnet.scenarios.operations",
    "node_mask": "helixnet.scenarios.operations",
    "Scenario": "helixnet.scenarios.spec",
    "Operation": "helixnet.scenarios.spec",
    "Parameter": "helixnet.scenarios.spec",
    "Host": "helixnet.scenarios.spec",
    "Programme": "helixnet.scenarios.spec",
    "load_scenarios": "helixnet.scenarios.spec",
    "parse_scenarios": "helixnet.scenarios.spec",
    "run_plans": "helixnet.scenarios.engine",
    "load_plans": "helixnet.scenarios.plan",
    "load_parameters": "helixnet.scenarios.plan",
    "Plan": "helixnet.scenarios.plan",
    "plan_results": "helixnet.scenarios.summary",
    "scenario_tables": "helixnet.scenarios.summary",
}

__all__ = list(_EXPORTS)


__getattr__, __dir__ = lazy_exports("helixnet.scenarios", _EXPORTS, globals())
