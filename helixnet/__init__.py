"""helixnet: quadruple-helix innovation ecosystem analysis.

Load companies, knowledge institutions, government and citizens as typed nodes linked by
project collaborations; measure how each innovation cluster connects the helices; draw
interactive maps and static reports.

The public API is re-exported here lazily, so that ``import helixnet`` (and
``helixnet --help``) stays fast: pandas, networkx and igraph load on first use.
"""

from __future__ import annotations

from helixnet._lazy import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "HelixnetError": "helixnet.errors",
    "DataError": "helixnet.errors",
    "DataDirectoryError": "helixnet.errors",
    "OptionError": "helixnet.errors",
    "OutputError": "helixnet.errors",
    "LimitError": "helixnet.errors",
    "Dataset": "helixnet.io.loader",
    "load": "helixnet.io.loader",
    "two_mode_graph": "helixnet.graph",
    "collaboration_graph": "helixnet.graph",
    "degree": "helixnet.metrics.centrality",
    "strength": "helixnet.metrics.centrality",
    "betweenness": "helixnet.metrics.centrality",
    "closeness": "helixnet.metrics.centrality",
    "harmonic_closeness": "helixnet.metrics.centrality",
    "eigenvector": "helixnet.metrics.centrality",
    "pagerank": "helixnet.metrics.centrality",
    "constraint": "helixnet.metrics.structural_holes",
    "effective_size": "helixnet.metrics.structural_holes",
    "efficiency": "helixnet.metrics.structural_holes",
    "hierarchy": "helixnet.metrics.structural_holes",
    "structural_holes": "helixnet.metrics.structural_holes",
    "brokerage": "helixnet.metrics.brokerage",
    "BrokerageResult": "helixnet.metrics.brokerage",
    "participation_coefficient": "helixnet.metrics.mixing",
    "ei_index": "helixnet.metrics.mixing",
    "ei_index_groups": "helixnet.metrics.mixing",
    "ei_index_global": "helixnet.metrics.mixing",
    "helix_reach": "helixnet.metrics.mixing",
    "cross_helix_betweenness": "helixnet.metrics.bridging",
    "bridging_centrality": "helixnet.metrics.bridging",
    "partner_concentration": "helixnet.metrics.bridging",
    "helix_synergy": "helixnet.metrics.synergy",
    "consortium_presence": "helixnet.metrics.synergy",
    "synergy_table": "helixnet.metrics.synergy",
    "cluster_evidence": "helixnet.metrics.evidence",
    "ClusterEvidence": "helixnet.metrics.evidence",
    "curveball": "helixnet.metrics.nullmodel",
    "two_mode_measures": "helixnet.metrics.twomode",
    "organisation_metrics": "helixnet.metrics.table",
    "cluster_metrics": "helixnet.metrics.table",
    "network_summary": "helixnet.metrics.table",
    "dataset_in_window": "helixnet.graph",
    "analyse": "helixnet.analysis",
    "with_evidence": "helixnet.analysis",
    "Analysis": "helixnet.analysis",
    "map_html": "helixnet.pipeline",
    "render_map": "helixnet.viz.interactive",
    "NetworkMap": "helixnet.viz.interactive",
}

__all__ = ["__version__", *_EXPORTS]


__getattr__, __dir__ = lazy_exports("helixnet", _EXPORTS, globals())
