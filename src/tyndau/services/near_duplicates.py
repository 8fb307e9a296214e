"""Near-duplicate clusters in the store: build them, list them, show how content travelled.

:func:`build_near_duplicates` runs the search of :mod:`tyndau.analysis.dedup` over every
analysed item's match key and replaces the ``near_duplicate`` table in one transaction (a run
of kind ``dedup`` records the settings and counts). :func:`duplicate_clusters` lists clusters
with their origin (the first-published item), the order and lag of the copies and the
platforms, sources and scripts they crossed; :func:`cluster_detail` shows one.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

import numpy as np
import orjson
import pyarrow as pa

import tyndau
from tyndau.analysis.dedup import ShingleSets, near_duplicates
from tyndau.errors import InputError, NotFoundError
from tyndau.schema import NearDuplicate, Run
from tyndau.schema.columns import arrow_schema
from tyndau.schema.keys import content_id
from tyndau.store import Store

DEFAULT_THRESHOLD = 0.6
DEFAULT_MIN_CHARS = 40
METHOD = ("near-duplicates: Jaccard similarity of 4-byte shingles of the script-independent "
          "match key ≥ {threshold}; one-permutation MinHash ({num_perm} bins) + LSH "
          "({bands} bands × {rows} rows) for candidates, every candidate pair checked exactly; "
          "clusters are connected components; the origin is the first-published item")


def build_near_duplicates(store: Store, *, threshold: float = DEFAULT_THRESHOLD,
                          min_chars: int = DEFAULT_MIN_CHARS) -> dict[str, Any]:
    """Recompute every near-duplicate cluster of the store; returns what the run found."""
    if not 0.3 <= threshold <= 1.0:
        raise InputError(f"threshold must be between 0.3 and 1.0, got {threshold}",
                         field="threshold")
    started_wall = datetime.now(UTC)
    started = time.perf_counter()
    table = store.arrow(
        "SELECT t.item_key, t.match_key, i.published_at, i.source_key "
        "FROM item_text t JOIN item i USING (item_key) "
        "WHERE length(t.match_key) >= ? ORDER BY i.published_at NULLS LAST, t.item_key",
        [min_chars])
    result = near_duplicates(table.column("match_key"), threshold=threshold,
                             min_bytes=min_chars)
    keys = np.asarray(table.column("item_key").to_numpy(zero_copy_only=False), dtype=object)
    labels = result.labels
    clustered = np.flatnonzero(labels >= 0)
    # rows are in publication order, so a cluster's first row is its origin
    first_of = {}
    for row in clustered:
        first_of.setdefault(int(labels[row]), int(row))
    origin_rows = np.array([first_of[int(labels[r])] for r in clustered], dtype=np.int64)
    sims = _similarity_to_origin(table.column("match_key"), clustered, origin_rows)
    run_id = "dedup-" + uuid.uuid4().hex[:12]
    rows = pa.table({
        "item_key": pa.array(keys[clustered].tolist(), pa.string()),
        "cluster_id": pa.array(["nd-" + content_id(keys[o])[1:13] for o in origin_rows],
                               pa.string()),
        "origin_key": pa.array(keys[origin_rows].tolist(), pa.string()),
        "similarity": pa.array(np.round(sims, 4), pa.float64()),
        "run_id": pa.array([run_id] * len(clustered), pa.string()),
    }, schema=arrow_schema(NearDuplicate))
    counts = {"items_considered": table.num_rows, "items_clustered": len(clustered),
              "clusters": len(first_of), "pairs_verified": len(result.pairs),
              "candidates_checked": result.candidates}
    p = result.params
    settings = {"threshold": threshold, "min_chars": min_chars, "num_perm": p.num_perm,
                "bands": p.bands, "rows": p.rows}
    with store.transaction():
        store.con.execute("DELETE FROM near_duplicate")
        store.insert_arrow_new(NearDuplicate, rows)
        store.insert_new(Run, [Run(
            run_id=run_id, kind="dedup", started_at=started_wall, finished_at=datetime.now(UTC),
            status="done", stages=orjson.dumps(["dedup.v1"]).decode(),
            settings=orjson.dumps(settings).decode(), counts=orjson.dumps(counts).decode(),
            tyndau_version=tyndau.__version__, error=None)])
    return {"run_id": run_id, **counts, "seconds": round(time.perf_counter() - started, 3),
            "method": METHOD.format(**settings)}


def _similarity_to_origin(texts: pa.ChunkedArray, rows: np.ndarray,
                          origins: np.ndarray) -> np.ndarray:
    """Exact Jaccard similarity of each clustered item to its cluster's origin."""
    if rows.size == 0:
        return np.zeros(0)
    needed = np.unique(np.concatenate([rows, origins]))
    local = {int(r): i for i, r in enumerate(needed)}
    sets = ShingleSets(texts.take(pa.array(needed)))
    pairs = np.array([[local[int(a)], local[int(b)]] for a, b in zip(rows, origins,
                                                                         strict=True)])
    return sets.jaccard(pairs)


def dedup_threshold(store: Store) -> float:
    """The similarity threshold of the clusters in the store (a copy of an origin is a member
    at least this similar to it; members further away joined through a chain)."""
    row = store.query("SELECT settings ->> 'threshold' FROM run WHERE kind = 'dedup' AND "
                      "status = 'done' ORDER BY finished_at DESC LIMIT 1")
    return float(row[0][0]) if row and row[0][0] is not None else DEFAULT_THRESHOLD


def dedup_state(store: Store) -> dict[str, Any] | None:
    """The last dedup run, and whether items were analysed after it (clusters stale)."""
    row = store.query("SELECT run_id, finished_at, settings, counts FROM run "
                      "WHERE kind = 'dedup' AND status = 'done' "
                      "ORDER BY finished_at DESC LIMIT 1")
    if not row:
        return None
    run_id, finished, settings, counts = row[0]
    newer = store.query("SELECT count(*) FROM run WHERE kind IN ('analyse', 'ingest') "
                        "AND started_at > ?", [finished])[0][0]
    return {"run_id": run_id, "finished_at": finished.isoformat(),
            "settings": orjson.loads(settings), "counts": orjson.loads(counts),
            "stale": bool(newer)}


_CLUSTER_SQL = """
    WITH m AS (
        SELECT n.cluster_id, n.origin_key, n.item_key, n.similarity, i.source_key, i.platform,
               i.published_at, t.script, t.lang
        FROM near_duplicate n JOIN item i USING (item_key) LEFT JOIN item_text t USING (item_key)
    ), c AS (
        SELECT cluster_id, any_value(origin_key) AS origin_key, count(*) AS size,
               count(DISTINCT source_key) AS sources, list(DISTINCT platform ORDER BY platform)
               AS platforms, list(DISTINCT script ORDER BY script) AS scripts,
               list(DISTINCT lang ORDER BY lang) AS langs, min(published_at) AS first_at,
               max(published_at) AS last_at
        FROM m GROUP BY cluster_id
    )
    SELECT c.*, o.source_key AS origin_source, s.title AS origin_title
    FROM c JOIN item o ON o.item_key = c.origin_key LEFT JOIN source s
         ON s.source_key = o.source_key
    WHERE c.size >= ? AND c.sources >= ? {extra}
    ORDER BY c.sources DESC, c.size DESC, c.first_at, c.cluster_id
    LIMIT ? OFFSET ?
"""


def duplicate_clusters(store: Store, *, min_size: int = 2, min_sources: int = 1,
                       platform: str | None = None, cross_platform: bool = False,
                       cross_script: bool = False, limit: int = 50,
                       offset: int = 0) -> list[dict[str, Any]]:
    """Clusters, largest reach first: origin, size, sources, platforms and scripts crossed."""
    extra, params = [], []
    if platform:
        extra.append("AND list_contains(c.platforms, ?)")
        params.append(platform)
    if cross_platform:
        extra.append("AND len(c.platforms) > 1")
    if cross_script:
        extra.append("AND len(c.scripts) > 1")
    rows = store.query(_CLUSTER_SQL.format(extra=" ".join(extra)),
                       [min_size, min_sources, *params, limit, offset])
    out = []
    for (cid, origin, size, sources, platforms, scripts, langs, first_at, last_at,
         origin_source, origin_title) in rows:
        out.append({
            "cluster_id": cid, "origin_key": origin, "origin_source": origin_source,
            "origin_title": origin_title, "size": size, "sources": sources,
            "platforms": platforms, "scripts": [s for s in scripts if s],
            "langs": [x for x in langs if x],
            "first_at": first_at.isoformat() if first_at else None,
            "last_at": last_at.isoformat() if last_at else None,
            "span_hours": round((last_at - first_at).total_seconds() / 3600, 1)
            if first_at and last_at else None,
        })
    return out


def cluster_detail(store: Store, cluster_id: str) -> dict[str, Any]:
    """One cluster: every copy in publication order with its lag after the origin."""
    rows = store.query(
        "SELECT n.item_key, n.origin_key, n.similarity, i.source_key, s.title, i.platform, "
        "i.published_at, t.lang, t.script, i.views, i.forward_from "
        "FROM near_duplicate n JOIN item i USING (item_key) LEFT JOIN item_text t "
        "USING (item_key) LEFT JOIN source s ON s.source_key = i.source_key "
        "WHERE n.cluster_id = ? ORDER BY i.published_at NULLS LAST, n.item_key", [cluster_id])
    if not rows:
        raise NotFoundError(f"no near-duplicate cluster {cluster_id[:80]!r} (run `tyndau "
                            "duplicates --rebuild` after new imports)", field="cluster_id")
    origin_key = rows[0][1]
    origin_at = next((r[6] for r in rows if r[0] == origin_key), None)
    copies = []
    for order, (key, _o, sim, src, title, platform, at, lang, script, views, fwd) in enumerate(
            rows):
        copies.append({
            "order": order, "item_key": key, "source_key": src, "source_title": title,
            "platform": platform, "published_at": at.isoformat() if at else None,
            "lag_hours": round((at - origin_at).total_seconds() / 3600, 1)
            if at and origin_at else None,
            "similarity": sim, "lang": lang, "script": script, "views": views,
            "via": "origin" if key == origin_key else "forward" if fwd else "copy",
        })
    platforms = list(dict.fromkeys(c["platform"] for c in copies))
    return {"cluster_id": cluster_id, "origin_key": origin_key, "size": len(copies),
            "sources": len({c["source_key"] for c in copies}), "platform_path": platforms,
            "items": copies}
