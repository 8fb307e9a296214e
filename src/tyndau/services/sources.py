"""The source registry: every channel, community and site with its lifecycle.

For each source: platform, handle, title history (renames), first and last item, first and last
import that saw it, status, subscriber time series and growth, lifespan, and the flags analysts
look for — a source that appeared and vanished within 90 days, and its likely successors.

**Status** is inferred from silence, relative to an *as of* time (by default the newest item in
the store, so that an archive analysed later is not all "dormant"): *active* when the last item
is at most ``dormant_after`` days (30) before it, *dormant* up to ``gone_after`` days (90),
*gone* beyond; *unknown* for sources with fewer than two dated items of their own (seen only
as a forward's or a repost's origin, say). A live connector's failed fetch would be stronger
evidence: the status says "inferred from silence" and the thresholds are parameters.

**Successors**: a source that first posts around when a gone source fell silent (from 14 days
before to ``successor_window`` days after) is scored on three pieces of evidence, each shown:
shared near-duplicate clusters (content overlap), title similarity (character trigrams of the
script-independent match key) and shared audience (other sources that forward, repost or copy
from both). A candidate needs shared content or shared audience; title similarity alone is not
enough.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tyndau.errors import InputError, NotFoundError
from tyndau.store import Store
from tyndau.text.scripts import match_key

DORMANT_AFTER_DAYS = 30
GONE_AFTER_DAYS = 90
SHORT_LIVED_DAYS = 90
SUCCESSOR_WINDOW_DAYS = 60
SORTS = {
    "last_item": "last_item_at DESC NULLS LAST",
    "first_item": "first_item_at ASC NULLS LAST",
    "items": "items DESC",
    "subscribers": "subscribers DESC NULLS LAST",
    "growth": "growth_per_30d DESC NULLS LAST",
    "lifespan": "lifespan_days ASC NULLS LAST",
    "title": "title ASC NULLS LAST",
}
STATUS_METHOD = ("status inferred from silence relative to {as_of}: active ≤ {dormant} days "
                 "since the last item, dormant ≤ {gone} days, gone beyond; short-lived = gone "
                 "within {short} days of the first item")

#: A source's own items: not the originals a connector imported from another source's repost
#: (VK ``copy_history``), and none after the *as of* time. Parameters: as_of, as_of.
OWN_ITEMS = """
    SELECT i.* FROM item i
    WHERE (?::TIMESTAMPTZ IS NULL OR i.published_at <= ?::TIMESTAMPTZ)
      AND NOT EXISTS (SELECT 1 FROM item r WHERE r.repost_of_key = i.item_key
                      AND r.source_key <> i.source_key AND r.origin_file = i.origin_file)
"""

_REGISTRY_SQL = f"""
    WITH own AS (
        SELECT source_key, count(*) AS items, min(published_at) AS first_item_at,
               max(published_at) AS last_item_at, sum(views) AS views,
               sum(forwards) AS forwards
        FROM ({OWN_ITEMS}) GROUP BY source_key
    ), snaps AS (
        SELECT source_key, count(*) AS snapshots,
               arg_min(subscribers, observed_at) AS subscribers_first,
               min(observed_at) AS observed_first,
               arg_max(subscribers, observed_at) AS subscribers,
               max(observed_at) AS observed_last
        FROM source_snapshot WHERE (?::TIMESTAMPTZ IS NULL OR observed_at <= ?::TIMESTAMPTZ)
        GROUP BY source_key
    ), titles AS (
        SELECT source_key, count(DISTINCT title) AS titles FROM (
            SELECT source_key, title FROM source_title
            UNION SELECT source_key, title FROM service_event WHERE title IS NOT NULL
        ) GROUP BY source_key
    )
    SELECT s.source_key, s.platform, s.kind, s.handle, s.title, s.url,
           coalesce(o.items, 0) AS items, o.first_item_at, o.last_item_at, o.views, o.forwards,
           s.first_imported_at, s.last_imported_at,
           n.subscribers, n.subscribers_first, n.observed_first, n.observed_last,
           coalesce(n.snapshots, 0) AS snapshots, coalesce(t.titles, 0) AS titles,
           date_diff('second', o.first_item_at, o.last_item_at) / 86400.0 AS lifespan_days,
           date_diff('second', o.last_item_at, ?::TIMESTAMPTZ) / 86400.0 AS silent_days,
           CASE WHEN n.snapshots > 1 AND date_diff('second', n.observed_first, n.observed_last)
                     > 0
                THEN (n.subscribers - n.subscribers_first) * 30 * 86400.0
                     / date_diff('second', n.observed_first, n.observed_last) END
                AS growth_per_30d
    FROM source s LEFT JOIN own o USING (source_key) LEFT JOIN snaps n USING (source_key)
         LEFT JOIN titles t USING (source_key)
"""


def as_of_default(store: Store) -> datetime | None:
    row = store.query("SELECT max(published_at) FROM item")
    return row[0][0] if row else None


def _status(silent_days: float | None, dormant_after: int, gone_after: int) -> str:
    if silent_days is None:
        return "unknown"
    if silent_days <= dormant_after:
        return "active"
    return "dormant" if silent_days <= gone_after else "gone"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _rows(store: Store, as_of: datetime | None, where: str = "",
          params: list | None = None, order: str = "last_item_at DESC NULLS LAST"
          ) -> list[dict[str, Any]]:
    sql = f"SELECT * FROM ({_REGISTRY_SQL}) r {where} ORDER BY {order}, source_key"
    cur = store.con.execute(sql, [as_of, as_of, as_of, as_of, as_of, *(params or [])])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _shape(r: dict[str, Any], dormant_after: int, gone_after: int,
           short_lived_days: int) -> dict[str, Any]:
    # one item is too little evidence of a lifecycle (e.g. a community seen only through a
    # repost of one of its posts)
    enough = r["items"] >= 2
    status = _status(r["silent_days"] if enough else None, dormant_after, gone_after)
    lifespan = r["lifespan_days"] if enough else None
    growth = r["growth_per_30d"]
    first = r["subscribers_first"]
    return {
        "source_key": r["source_key"], "platform": r["platform"], "kind": r["kind"],
        "handle": r["handle"], "title": r["title"], "url": r["url"], "items": r["items"],
        "first_item_at": _iso(r["first_item_at"]), "last_item_at": _iso(r["last_item_at"]),
        "first_imported_at": _iso(r["first_imported_at"]),
        "last_imported_at": _iso(r["last_imported_at"]),
        "status": status,
        "silent_days": round(r["silent_days"], 1) if r["silent_days"] is not None else None,
        "lifespan_days": round(lifespan, 1) if lifespan is not None else None,
        "short_lived": status == "gone" and lifespan is not None
        and lifespan <= short_lived_days,
        "titles": max(r["titles"], 1 if r["title"] else 0),
        "subscribers": r["subscribers"], "snapshots": r["snapshots"],
        "growth_per_30d": round(growth, 1) if growth is not None else None,
        "growth_pct_per_30d": round(100 * growth / first, 2)
        if growth is not None and first else None,
        "views": int(r["views"]) if r["views"] is not None else None,
        "forwards": int(r["forwards"]) if r["forwards"] is not None else None,
    }


def list_sources(store: Store, *, platform: str | None = None, status: str | None = None,
                 short_lived: bool = False, search: str | None = None,
                 sort: str = "last_item", limit: int = 100, offset: int = 0,
                 as_of: datetime | None = None, dormant_after: int = DORMANT_AFTER_DAYS,
                 gone_after: int = GONE_AFTER_DAYS,
                 short_lived_days: int = SHORT_LIVED_DAYS) -> dict[str, Any]:
    """The registry, filtered and sorted; ``method`` states how status was inferred."""
    if sort not in SORTS:
        raise InputError(f"unknown sort {sort[:40]!r} (one of {', '.join(SORTS)})", field="sort")
    if status not in (None, "active", "dormant", "gone", "unknown"):
        raise InputError(f"unknown status {status[:40]!r} (active, dormant, gone or unknown)",
                         field="status")
    as_of = as_of or as_of_default(store)
    where, params = [], []
    if platform:
        where.append("platform = ?")
        params.append(platform)
    if search:
        where.append("(title ILIKE ? OR handle ILIKE ? OR source_key ILIKE ?)")
        params += [f"%{search}%"] * 3
    rows = [_shape(r, dormant_after, gone_after, short_lived_days)
            for r in _rows(store, as_of, ("WHERE " + " AND ".join(where)) if where else "",
                           params, SORTS[sort])]
    if status:
        rows = [r for r in rows if r["status"] == status]
    if short_lived:
        rows = [r for r in rows if r["short_lived"]]
    successors = likely_successors(store, as_of=as_of, gone_after=gone_after) if rows else []
    by_gone: dict[str, list[str]] = {}
    for s in successors:
        by_gone.setdefault(s["gone_key"], []).append(s["successor_key"])
    for r in rows:
        r["likely_successors"] = by_gone.get(r["source_key"], [])
        r["successor_of"] = [s["gone_key"] for s in successors
                             if s["successor_key"] == r["source_key"]]
    return {"as_of": _iso(as_of), "total": len(rows),
            "method": STATUS_METHOD.format(as_of=_iso(as_of), dormant=dormant_after,
                                           gone=gone_after, short=short_lived_days),
            "sources": rows[offset: offset + limit]}


def resolve_source(store: Store, name: str) -> str:
    """A source key from a key, a handle (with or without @) or a title (exact, then partial)."""
    needle = name.strip().lstrip("@")
    for sql, arg in (
        ("SELECT source_key FROM source WHERE source_key = ?", name.strip()),
        ("SELECT source_key FROM source WHERE lower(handle) = lower(?)", needle),
        ("SELECT source_key FROM source WHERE title = ?", name.strip()),
        ("SELECT DISTINCT source_key FROM (SELECT source_key, title FROM source_title UNION "
         "SELECT source_key, title FROM service_event WHERE title IS NOT NULL) "
         "WHERE title = ?", name.strip()),
        ("SELECT source_key FROM source WHERE title ILIKE ?", f"%{needle}%"),
    ):
        keys = [r[0] for r in store.query(sql + " ORDER BY source_key", [arg])]
        if len(keys) == 1:
            return keys[0]
        if len(keys) > 1:
            raise InputError(f"{name[:60]!r} matches {len(keys)} sources: "
                             + ", ".join(keys[:8]) + " — give the source key", field="source")
    raise NotFoundError(f"no source {name[:120]!r} (give a source key, handle or title; "
                     "`tyndau sources` lists them)", field="source")


def source_detail(store: Store, name: str, *, as_of: datetime | None = None,
                  dormant_after: int = DORMANT_AFTER_DAYS, gone_after: int = GONE_AFTER_DAYS,
                  short_lived_days: int = SHORT_LIVED_DAYS) -> dict[str, Any]:
    """One source: lifecycle, title history, subscriber series, labels, successors."""
    key = resolve_source(store, name)
    as_of = as_of or as_of_default(store)
    (row,) = _rows(store, as_of, "WHERE source_key = ?", [key])
    out = _shape(row, dormant_after, gone_after, short_lived_days)
    out["title_history"] = title_history(store, key)
    out["subscriber_series"] = [
        {"observed_at": _iso(at), "subscribers": n, "origin": origin}
        for at, n, origin in store.query(
            "SELECT observed_at, subscribers, origin FROM source_snapshot WHERE source_key = ? "
            "ORDER BY observed_at", [key])]
    out["items_by_month"] = [
        {"month": m.strftime("%Y-%m"), "items": n} for m, n in store.query(
            "SELECT date_trunc('month', published_at) AS m, count(*) FROM item "
            "WHERE source_key = ? AND published_at IS NOT NULL GROUP BY m ORDER BY m", [key])]
    out["labels"] = {
        axis: [{"label": label, "items": n} for a, label, n in rows if a == axis]
        for axis in ("function", "narrative", "grievance")
        for rows in [store.query(
            "SELECT a.axis, a.label, count(DISTINCT a.item_key) FROM annotation a "
            "JOIN item i USING (item_key) WHERE i.source_key = ? "
            "GROUP BY ALL ORDER BY 3 DESC, 2", [key])]}
    out["languages"] = [{"lang": lang, "items": n} for lang, n in store.query(
        "SELECT t.lang, count(*) FROM item_text t JOIN item i USING (item_key) "
        "WHERE i.source_key = ? GROUP BY 1 ORDER BY 2 DESC, 1", [key])]
    successors = likely_successors(store, as_of=as_of, gone_after=gone_after)
    out["likely_successors"] = [s for s in successors if s["gone_key"] == key]
    out["successor_of"] = [s for s in successors if s["successor_key"] == key]
    out["as_of"] = _iso(as_of)
    out["method"] = STATUS_METHOD.format(as_of=_iso(as_of), dormant=dormant_after,
                                         gone=gone_after, short=short_lived_days)
    return out


def title_history(store: Store, key: str) -> list[dict[str, Any]]:
    """Every title the source had, oldest first: from service messages and from imports."""
    rows = store.query(
        "SELECT title, min(seen) AS since, max(seen) AS until, list(DISTINCT how ORDER BY how) "
        "FROM ("
        "  SELECT title, occurred_at AS seen, 'service message: ' || action AS how "
        "  FROM service_event WHERE source_key = ? AND title IS NOT NULL"
        "  UNION ALL SELECT title, first_seen_at, 'seen by an import' FROM source_title "
        "  WHERE source_key = ?"
        "  UNION ALL SELECT title, last_seen_at, 'seen by an import' FROM source_title "
        "  WHERE source_key = ?"
        ") GROUP BY title ORDER BY since NULLS LAST, title", [key, key, key])
    return [{"title": t, "first_seen_at": _iso(a), "last_seen_at": _iso(b), "evidence": how}
            for t, a, b, how in rows]


def _trigrams(text: str) -> set[str]:
    key = f"  {match_key(text or '')} "
    return {key[i:i + 3] for i in range(len(key) - 2)}


def title_similarity(a: str | None, b: str | None) -> float:
    ta, tb = _trigrams(a or ""), _trigrams(b or "")
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


_SUCCESSORS_SQL = f"""
    WITH spans AS (
        SELECT source_key, min(published_at) AS first_at, max(published_at) AS last_at,
               count(*) AS n
        FROM ({OWN_ITEMS}) WHERE published_at IS NOT NULL GROUP BY source_key
    ), gone AS (
        SELECT * FROM spans WHERE n >= 2 AND last_at < ?::TIMESTAMPTZ - to_days(?)
    ), cand AS (
        SELECT g.source_key AS g_key, c.source_key AS s_key, g.last_at AS g_last,
               c.first_at AS s_first, c.n AS s_items
        FROM gone g JOIN spans c ON c.source_key <> g.source_key
             AND c.first_at BETWEEN g.last_at - INTERVAL 14 DAY AND g.last_at + to_days(?)
    ), nd AS (
        SELECT DISTINCT n.cluster_id, i.source_key FROM near_duplicate n JOIN item i
             USING (item_key)
        WHERE n.similarity >= ?
          AND i.source_key IN (SELECT g_key FROM cand UNION SELECT s_key FROM cand)
    ), shared AS (
        SELECT a.source_key AS g_key, b.source_key AS s_key, count(*) AS clusters
        FROM nd a JOIN nd b ON a.cluster_id = b.cluster_id AND a.source_key <> b.source_key
        GROUP BY ALL
    ), fw AS (
        SELECT DISTINCT forward_from AS origin, source_key AS host FROM item
        WHERE forward_from IN (SELECT g_key FROM cand UNION SELECT s_key FROM cand)
    ), audience AS (
        SELECT a.origin AS g_key, b.origin AS s_key, list(DISTINCT a.host ORDER BY a.host)
               AS hosts
        FROM fw a JOIN fw b ON a.host = b.host AND a.origin <> b.origin
        WHERE a.host <> a.origin AND b.host <> b.origin GROUP BY ALL
    )
    SELECT c.g_key, sg.title, c.g_last, c.s_key, ss.title, c.s_first, c.s_items,
           coalesce(sh.clusters, 0), coalesce(au.hosts, [])
    FROM cand c LEFT JOIN shared sh USING (g_key, s_key) LEFT JOIN audience au
         USING (g_key, s_key) LEFT JOIN source sg ON sg.source_key = c.g_key
         LEFT JOIN source ss ON ss.source_key = c.s_key
    WHERE coalesce(sh.clusters, 0) > 0 OR len(coalesce(au.hosts, [])) > 0
"""


def likely_successors(store: Store, *, as_of: datetime | None = None,
                      gone_after: int = GONE_AFTER_DAYS,
                      window_days: int = SUCCESSOR_WINDOW_DAYS) -> list[dict[str, Any]]:
    """Pairs (gone source, likely successor) with the evidence for each (one query)."""
    from tyndau.services.near_duplicates import dedup_threshold

    as_of = as_of or as_of_default(store)
    if as_of is None:
        return []
    rows = store.query(_SUCCESSORS_SQL, [as_of, as_of, as_of, gone_after, window_days,
                                         dedup_threshold(store)])
    out = []
    for g_key, g_title, g_last, s_key, s_title, s_first, s_items, shared, audience in rows:
        similarity = title_similarity(g_title, s_title)
        score = min(1.0, shared / max(1, min(s_items, 10))) * 0.6 + \
            min(1.0, len(audience) / 2) * 0.2 + similarity * 0.2
        out.append({
            "gone_key": g_key, "gone_title": g_title, "gone_last_item_at": _iso(g_last),
            "successor_key": s_key, "successor_title": s_title,
            "successor_first_item_at": _iso(s_first),
            "gap_days": round((s_first - g_last).total_seconds() / 86400, 1),
            "shared_clusters": shared, "shared_audience": audience,
            "title_similarity": round(similarity, 2), "score": round(score, 2),
        })
    out.sort(key=lambda r: (-r["score"], r["gone_key"], r["successor_key"]))
    return out
