"""The propagation graph between sources and the discovery frontier, as JSON-ready data.

See :mod:`tyndau.analysis.graph` for what counts as a reference, the edge direction, what
"monitored" means and how communities are found. Everything returned here is made of dicts,
lists, strings, numbers, booleans and ``None``; times are ISO 8601 strings in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tyndau.analysis.frontier import frontier_candidates
from tyndau.analysis.graph import (
    CONVENTION,
    KINDS,
    PropagationGraph,
    aggregate_edges,
    build_graph,
    detect_communities,
    references,
    summarise_communities,
)
from tyndau.analysis.graph_export import write_gexf, write_graphml
from tyndau.errors import InputError
from tyndau.store import Store

EXPORT_FORMATS = {".graphml": "graphml", ".gexf": "gexf"}
PLATFORMS = ("telegram", "vk", "youtube", "web")


def as_utc(value: datetime | date | str | None, option: str) -> datetime | None:
    """A time bound from a datetime, a date or an ISO 8601 string; naive times are UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise InputError(f"{option} {value!r}: not an ISO date or time "
                             "(e.g. 2026-05-01 or 2026-05-01T12:00)") from None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def check_kinds(kinds: Iterable[str] | None) -> tuple[str, ...]:
    if kinds is None:
        return KINDS
    chosen = tuple(dict.fromkeys(kinds))
    for k in chosen:
        if k not in KINDS:
            raise InputError(f"--kind {k!r}: not one of {', '.join(KINDS)}")
    return chosen or KINDS


def method_text(kinds: tuple[str, ...], min_weight: int, communities: bool,
                resolution: float, seed: int) -> str:
    text = (f"References ({', '.join(kinds)}) from items to the sources they forward, repost, "
            "link to or @mention, resolved to stored sources by key, handle, URL or domain. "
            f"{CONVENTION} Edges with weight below {min_weight} are left out. A source is "
            "monitored when it has items of its own (reposted originals do not count).")
    if communities:
        text += (" Communities: Leiden (leidenalg, RB configuration model, resolution "
                 f"{resolution:g}, seed {seed}) on the undirected projection, weights summed "
                 "over kinds and directions.")
    return text


def _graph(store: Store, *, kinds: Iterable[str] | None, since: Any, until: Any,
           min_weight: int, communities: bool, resolution: float,
           seed: int) -> tuple[PropagationGraph, dict[str, Any]]:
    chosen = check_kinds(kinds)
    lo, hi = as_utc(since, "--since"), as_utc(until, "--until")
    if min_weight < 1:
        raise InputError(f"--min-weight {min_weight}: must be 1 or more")
    if resolution <= 0:
        raise InputError(f"--resolution {resolution}: must be above 0")
    with references(store, kinds=chosen, since=lo, until=hi) as refs:
        edges = aggregate_edges(store, refs, min_weight=min_weight)
        graph = build_graph(refs.index, edges)
        stats = dict(refs.stats)
    if communities:
        detect_communities(graph, resolution=resolution, seed=seed)
        graph.communities = summarise_communities(store, graph, since=lo, until=hi)
    params = {"kinds": list(chosen), "since": _iso(lo), "until": _iso(hi),
              "min_weight": min_weight, "communities": communities, "resolution": resolution,
              "seed": seed}
    graph.stats = stats
    return graph, params


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def propagation_graph(store: Store, *, kinds: Iterable[str] | None = None,
                      since: datetime | date | str | None = None,
                      until: datetime | date | str | None = None, min_weight: int = 1,
                      communities: bool = True, resolution: float = 1.0, seed: int = 0,
                      edge_limit: int | None = None) -> dict[str, Any]:
    """The graph: ``nodes``, ``edges`` (heaviest first; the first ``edge_limit`` when given),
    ``communities`` (two nodes or more, largest first), ``counts``, ``params``, ``method``."""
    graph, params = _graph(store, kinds=kinds, since=since, until=until, min_weight=min_weight,
                           communities=communities, resolution=resolution, seed=seed)
    kinds_used = params["kinds"]
    by_kind: dict[str, int] = dict.fromkeys(kinds_used, 0)
    for k in graph.edges["kind"].to_pylist():
        by_kind[k] += 1
    return {
        "convention": CONVENTION,
        "method": method_text(tuple(kinds_used), min_weight, communities, resolution, seed),
        "params": params,
        "counts": {
            "nodes": len(graph.nodes), "monitored": int(graph.monitored.sum()),
            "edges": graph.edges.num_rows, "edges_by_kind": by_kind,
            "weight": int(graph.weight.sum()),
            "communities": len(graph.communities),
            "modularity": round(graph.modularity, 4) if graph.modularity is not None else None,
            **graph.stats,
        },
        "nodes": graph.node_dicts(),
        "edges": graph.edge_dicts(edge_limit),
        "communities": graph.communities,
    }


def export_format(path: Path, fmt: str | None = None) -> str:
    if fmt is not None:
        if fmt not in EXPORT_FORMATS.values():
            raise InputError(f"--format {fmt!r}: not one of graphml, gexf")
        return fmt
    got = EXPORT_FORMATS.get(Path(path).suffix.lower())
    if got is None:
        raise InputError(f"--export {path}: the file name must end in .graphml or .gexf")
    return got


def export_graph(store: Store, path: str | Path, fmt: str | None = None, *,
                 kinds: Iterable[str] | None = None,
                 since: datetime | date | str | None = None,
                 until: datetime | date | str | None = None, min_weight: int = 1,
                 communities: bool = True, resolution: float = 1.0,
                 seed: int = 0) -> dict[str, Any]:
    """Write the graph as GraphML or GEXF 1.3 (format from ``fmt`` or the file suffix)."""
    path = Path(path)
    chosen = export_format(path, fmt)
    if not path.parent.is_dir():
        raise InputError(f"--export {path}: folder {path.parent} does not exist")
    graph, params = _graph(store, kinds=kinds, since=since, until=until, min_weight=min_weight,
                           communities=communities, resolution=resolution, seed=seed)
    tmp = path.with_name(path.name + ".part")
    try:
        (write_graphml if chosen == "graphml" else write_gexf)(graph, tmp)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"--export {path}: cannot write: {exc.strerror or exc}") from None
    return {"path": str(path), "format": chosen, "nodes": len(graph.nodes),
            "edges": graph.edges.num_rows, "communities": len(graph.communities),
            "params": params}


def frontier(store: Store, *, platform: str | None = None,
             since: datetime | date | str | None = None,
             until: datetime | date | str | None = None, min_sources: int = 1, limit: int = 50,
             kinds: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Sources referenced by monitored sources but not monitored themselves, ranked by distinct
    monitored sources pointing at them, then references, then the latest reference's time.

    Each: ``ref`` (canonical reference or stored key), ``platform``, ``title``, ``url`` (rebuilt
    from a validated reference only), ``known_source`` (a stored source with no items of its
    own), ``bot``, ``sources``, ``references``, ``items``, ``by_kind``, ``first_at``,
    ``last_at``, ``pointing_sources``, ``functions`` and ``narratives`` (labels of the pointing
    items) and ``examples`` (item keys, most recent first).
    """
    if platform is not None and platform not in PLATFORMS:
        raise InputError(f"--platform {platform!r}: not one of {', '.join(PLATFORMS)}")
    if min_sources < 1:
        raise InputError(f"--min-sources {min_sources}: must be 1 or more")
    if limit < 1:
        raise InputError(f"--limit {limit}: must be 1 or more")
    chosen = check_kinds(kinds)
    lo, hi = as_utc(since, "--since"), as_utc(until, "--until")
    with references(store, kinds=chosen, since=lo, until=hi) as refs:
        return frontier_candidates(store, refs, platform=platform, min_sources=min_sources,
                                   limit=limit)
