"""Exports of the propagation graph for Gephi and other tools: GraphML and GEXF 1.3.

Titles come from hostile channels: characters XML cannot hold are dropped and every attribute
is escaped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tyndau.analysis.graph import CONVENTION, PropagationGraph, iso_strings


def _xml_clean(value: str) -> str:
    """Characters XML 1.0 cannot hold removed (hostile titles may carry them)."""
    return "".join(c for c in value if c in "\t\n\r" or ("\x20" <= c <= "\ud7ff")
                   or ("\ue000" <= c <= "\ufffd") or c >= "\U00010000")


def _attr(value: str) -> str:
    return (_xml_clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
            .replace("\t", "&#9;"))


def write_graphml(graph: PropagationGraph, path: Path) -> None:
    """GraphML (igraph's writer): node ``name`` = key, ``label`` = title or key."""
    import igraph as ig

    g = ig.Graph(n=len(graph.nodes), edges=list(zip(graph.src.tolist(), graph.dst.tolist(),
                                                        strict=True)), directed=True)
    g["convention"] = CONVENTION
    g.vs["name"] = [_xml_clean(k) for k in graph.nodes]
    g.vs["label"] = [_xml_clean(t or k) for k, t in zip(graph.nodes, graph.titles, strict=True)]
    g.vs["platform"] = graph.platforms
    g.vs["monitored"] = graph.monitored.tolist()
    g.vs["items"] = graph.items.tolist()
    g.vs["community"] = (graph.membership.tolist() if graph.membership is not None
                         else [-1] * len(graph.nodes))
    g.vs["in_strength"] = graph.in_strength.tolist()
    g.vs["out_strength"] = graph.out_strength.tolist()
    g.es["kind"] = graph.edges["kind"].to_pylist()
    g.es["weight"] = graph.weight.tolist()
    g.es["first_at"] = [s or "" for s in iso_strings(graph.edges["first_at"])]
    g.es["last_at"] = [s or "" for s in iso_strings(graph.edges["last_at"])]
    g.write_graphml(str(path))


def write_gexf(graph: PropagationGraph, path: Path) -> None:
    """GEXF 1.3 for Gephi, streamed: directed, dynamic edges (``start``/``end`` = first and last
    reference), edge ``kind`` and weight, node attributes."""
    from tyndau import __version__

    node_attrs = [("platform", "string"), ("monitored", "boolean"), ("items", "long"),
                  ("community", "integer"), ("in_strength", "long"), ("out_strength", "long")]
    edge_attrs = [("kind", "string"), ("first_at", "string"), ("last_at", "string")]
    ids = [_attr(k) for k in graph.nodes]
    platforms = graph.platforms
    member = graph.membership
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        w = fh.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<gexf xmlns="http://gexf.net/1.3" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
          'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" '
          'version="1.3">\n')
        w(f'  <meta lastmodifieddate="{datetime.now(UTC).date().isoformat()}">\n'
          f"    <creator>tyndau {_attr(__version__)}</creator>\n"
          f"    <description>{_attr(CONVENTION)}</description>\n  </meta>\n")
        w('  <graph defaultedgetype="directed" mode="dynamic" timeformat="dateTime">\n')
        for cls, attrs in (("node", node_attrs), ("edge", edge_attrs)):
            w(f'    <attributes class="{cls}" mode="static">\n')
            for name, kind in attrs:
                w(f'      <attribute id="{name}" title="{name}" type="{kind}"/>\n')
            w("    </attributes>\n")
        w("    <nodes>\n")
        for i, key in enumerate(graph.nodes):
            label = _attr(graph.titles[i] or key)
            values = (platforms[i], "true" if graph.monitored[i] else "false",
                      int(graph.items[i]), int(member[i]) if member is not None else -1,
                      int(graph.in_strength[i]), int(graph.out_strength[i]))
            att = "".join(f'<attvalue for="{name}" value="{_attr(str(v))}"/>'
                          for (name, _), v in zip(node_attrs, values, strict=True))
            w(f'      <node id="{ids[i]}" label="{label}"><attvalues>{att}</attvalues></node>\n')
        w("    </nodes>\n    <edges>\n")
        kinds = graph.edges["kind"].to_pylist()
        firsts = iso_strings(graph.edges["first_at"])
        lasts = iso_strings(graph.edges["last_at"])
        src, dst, weight = graph.src.tolist(), graph.dst.tolist(), graph.weight.tolist()
        chunk: list[str] = []
        for e in range(len(src)):
            f, la, k = firsts[e], lasts[e], kinds[e]
            span = f' start="{f}" end="{la}"' if f and la else ""
            chunk.append(
                f'      <edge id="{e}" source="{ids[src[e]]}" target="{ids[dst[e]]}" kind="{k}" '
                f'weight="{weight[e]}"{span}><attvalues><attvalue for="kind" value="{k}"/>'
                f'<attvalue for="first_at" value="{f or ""}"/>'
                f'<attvalue for="last_at" value="{la or ""}"/></attvalues></edge>\n')
            if len(chunk) >= 10_000:
                w("".join(chunk))
                chunk.clear()
        w("".join(chunk))
        w("    </edges>\n  </graph>\n</gexf>\n")


