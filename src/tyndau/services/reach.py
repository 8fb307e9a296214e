"""Reach per source and per narrative: audience, views, forwards, and reach beyond subscribers.

Direct reach is what a source's own posts got: its subscribers (the latest snapshot) and the
views of its posts. Reach *beyond* subscribers is estimated from the copies of its content that
other monitored sources published — Telegram forwards (``forward_from``), VK reposts
(``copy_history``) and near-duplicate copies whose cluster origin is the source — as the views
those copies got; a copy without a view count is given its host's median views per post, and a
host without any view count contributes nothing (counted as ``copies_without_views``). Each copy
counts once even when it is both a forward and a near-duplicate. Sources are identified by key,
so a channel imported from two formats (whose keys are normalised to one) is counted once.
The estimate is a floor: copies in sources that are not monitored are invisible.
"""

from __future__ import annotations

from typing import Any

from tyndau.errors import InputError
from tyndau.services.near_duplicates import dedup_threshold
from tyndau.store import Store

METHOD = ("reach beyond subscribers = views of copies of the content in other monitored "
          "sources (forwards, VK reposts, near-duplicate copies whose first-published item is "
          "the source's); a copy without a view count gets its host's median views per post; "
          "each copy counts once; sources counted once by key; copies in unmonitored sources "
          "are not seen, so the figure is a floor")

# Every copy of a source's content in another source: (copy item, host, origin source,
# origin item when known, how, views with the host's median as a fallback).
_COPIES = """
    host_median AS (
        SELECT source_key, median(views) AS median_views FROM item
        WHERE views IS NOT NULL GROUP BY source_key
    ), raw AS (
        -- a repost names its original exactly; a forward the source it came from (and the
        -- original item where its near-duplicate cluster starts there); a near-duplicate its
        -- cluster's origin (only members at least as similar to it as the clustering
        -- threshold: not those chained in through another member)
        SELECT i.item_key AS copy_key, i.source_key AS host, o.source_key AS origin_source,
               i.repost_of_key AS origin_key, 'repost' AS how, 1 AS rank
        FROM item i JOIN item o ON o.item_key = i.repost_of_key
        UNION ALL
        SELECT i.item_key, i.source_key, i.forward_from,
               CASE WHEN o.source_key = i.forward_from THEN nd.origin_key END, 'forward', 2
        FROM item i LEFT JOIN near_duplicate nd USING (item_key)
             LEFT JOIN item o ON o.item_key = nd.origin_key
        WHERE i.forward_from IS NOT NULL AND i.forward_from NOT LIKE 'p:%'
          AND i.repost_of_key IS NULL
        UNION ALL
        SELECT n.item_key, i.source_key, o.source_key, n.origin_key, 'near-duplicate', 3
        FROM near_duplicate n JOIN item i ON i.item_key = n.item_key
             JOIN item o ON o.item_key = n.origin_key
        WHERE n.item_key <> n.origin_key AND n.similarity >= ?
    ), copies AS (
        SELECT r.copy_key, r.host, r.origin_source, r.origin_key, r.how,
               coalesce(c.views, m.median_views) AS views, c.views IS NULL AS imputed
        FROM (SELECT * FROM raw WHERE host <> origin_source
              QUALIFY row_number() OVER (PARTITION BY copy_key ORDER BY rank) = 1) r
             JOIN item c ON c.item_key = r.copy_key
             LEFT JOIN host_median m ON m.source_key = r.host
    ), latest AS (
        SELECT source_key, arg_max(subscribers, observed_at) AS subscribers
        FROM source_snapshot GROUP BY source_key
    )
"""


def source_reach(store: Store, *, platform: str | None = None, limit: int = 100,
                 offset: int = 0) -> dict[str, Any]:
    """Per source: subscribers, views, forwards and the estimated reach beyond subscribers."""
    where = "WHERE s.platform = ?" if platform else ""
    rows = store.query(f"""
        WITH {_COPIES},
        own AS (
            SELECT source_key, count(*) AS items, sum(views) AS views,
                   sum(forwards) AS forwards FROM item GROUP BY source_key
        ), out AS (
            SELECT origin_source AS source_key, count(*) AS copies,
                   count(DISTINCT host) AS hosts, sum(views) AS copy_views,
                   count(*) FILTER (WHERE views IS NULL) AS copies_without_views,
                   count(*) FILTER (WHERE imputed AND views IS NOT NULL) AS imputed
            FROM copies GROUP BY origin_source
        )
        SELECT s.source_key, s.title, s.platform, coalesce(o.items, 0), l.subscribers,
               o.views, o.forwards, coalesce(x.copies, 0), coalesce(x.hosts, 0),
               coalesce(x.copy_views, 0), coalesce(x.copies_without_views, 0),
               coalesce(x.imputed, 0)
        FROM source s LEFT JOIN own o USING (source_key) LEFT JOIN latest l USING (source_key)
             LEFT JOIN out x USING (source_key)
        {where}
        ORDER BY coalesce(x.copy_views, 0) + coalesce(l.subscribers, 0) DESC, s.source_key
        LIMIT ? OFFSET ?""", [dedup_threshold(store), *([platform] if platform else []), limit,
                              offset])
    out = []
    for (key, title, plat, items, subs, views, fwd, copies, hosts, copy_views, no_views,
         imputed) in rows:
        out.append({
            "source_key": key, "title": title, "platform": plat, "items": items,
            "subscribers": subs, "views": _int(views), "forwards": _int(fwd),
            "copies_elsewhere": copies, "sources_reached": hosts,
            "reach_beyond_subscribers": _int(copy_views),
            "copies_without_views": no_views, "copies_with_imputed_views": imputed,
        })
    return {"method": METHOD, "sources": out}


def narrative_reach(store: Store, *, axis: str = "narrative") -> dict[str, Any]:
    """Per label of an axis: items, sources, de-duplicated subscribers, views, forwards and
    the reach of copies of those items in other sources."""
    if axis not in ("function", "narrative", "grievance"):
        raise InputError(f"unknown axis {axis[:40]!r} (function, narrative or grievance)",
                         field="axis")
    rows = store.query(f"""
        WITH {_COPIES},
        copy_keys AS (SELECT copy_key FROM copies),
        labelled AS (
            -- the label's own items: not copies of another source's item (those count as
            -- reach beyond subscribers of the original below, not twice)
            SELECT DISTINCT a.label, a.item_key, i.source_key, i.views, i.forwards
            FROM annotation a JOIN item i USING (item_key)
            WHERE a.axis = ? AND a.item_key NOT IN (SELECT copy_key FROM copy_keys)
        ), per_source AS (
            SELECT DISTINCT label, source_key FROM labelled
        ), audience AS (
            SELECT p.label, sum(l.subscribers) AS subscribers,
                   count(*) FILTER (WHERE l.subscribers IS NULL) AS sources_without_count
            FROM per_source p LEFT JOIN latest l USING (source_key) GROUP BY p.label
        ), copy_labels AS (
            -- a copy carries the labels of its original where the original is known, else
            -- (a forward) its own, which are those of the same text
            SELECT DISTINCT a.label, c.copy_key, c.views
            FROM copies c JOIN annotation a
                 ON a.item_key = coalesce(c.origin_key, c.copy_key) AND a.axis = ?
        ), spread AS (
            SELECT label, count(*) AS copies, sum(views) AS copy_views
            FROM copy_labels GROUP BY label
        )
        SELECT lb.label, count(DISTINCT lb.item_key), count(DISTINCT lb.source_key),
               any_value(a.subscribers), any_value(a.sources_without_count),
               sum(lb.views), sum(lb.forwards), coalesce(any_value(sp.copies), 0),
               any_value(sp.copy_views)
        FROM labelled lb JOIN audience a USING (label) LEFT JOIN spread sp USING (label)
        GROUP BY lb.label ORDER BY 2 DESC, 1""", [dedup_threshold(store), axis, axis])
    out = [{"label": label, "items": items, "sources": sources, "subscribers": _int(subs),
            "sources_without_subscriber_count": no_count, "views": _int(views),
            "forwards": _int(fwd), "copies_elsewhere": copies,
            "reach_beyond_subscribers": _int(copy_views) or 0}
           for label, items, sources, subs, no_count, views, fwd, copies, copy_views in rows]
    return {"axis": axis, "method": METHOD + "; per label: items, views and subscribers of "
            "the label's own items (copies of another source's item are left out there and "
            "counted once, as reach of the original); subscribers = sum over the distinct "
            "sources carrying the label, each source once", "labels": out}


def _int(value: float | int | None) -> int | None:
    return round(value) if value is not None else None
