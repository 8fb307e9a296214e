"""Coordination signals: sources that repeatedly post the same content within a short window.

Follows the co-sharing method of CooRnet (Giglietto et al. 2020, "coordinated link sharing
behaviour": the same URL shared by different accounts within a short coordination interval)
and its content variant, co-similarity (Pacheco et al. 2021): here the shared unit is a
near-duplicate cluster (the same text, across scripts) or a link (the same URL). Two sources
*co-post* when both publish the same unit within ``window`` minutes of each other; a pair that
co-posts on at least ``min_events`` distinct units is an edge of the co-posting network; its
connected components are the groups. Every edge carries its evidence items.

This is a signal, never a verdict: a news agency's feed, a shared owner, syndication or one
person running two channels look the same. Forwards (explicitly attributed copies) are kept but
marked, and can be left out with ``include_forwards=False``.
"""

from __future__ import annotations

from typing import Any

from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from tyndau.errors import InputError
from tyndau.store import Store

CAVEAT = ("a signal, not a verdict: syndication, a shared owner or a news agency feed look the "
          "same — read the evidence before drawing any conclusion")
METHOD = ("co-posting (CooRnet co-link sharing, Giglietto et al. 2020; co-similarity, Pacheco "
          "et al. 2021): two sources co-post when both publish the same near-duplicate cluster "
          "or the same URL within {window} minutes; pairs co-posting on ≥ {min_events} "
          "distinct units are edges; groups are connected components")

#: A URL as a co-posting unit: scheme and ``www.`` dropped, host lower-cased, path and query
#: kept (``watch?v=…`` names one video), tracking parameters removed.
_URL_UNIT = r"""
    regexp_replace(regexp_replace(
        lower(regexp_extract(l, '^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:www\.)?([^/?#]*)', 1))
        || regexp_extract(l, '^(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/?#]*([^#]*)', 1),
        '([?&])(utm_[A-Za-z]+|fbclid|gclid|yclid|si)=[^&]*', '\1', 'g'),
        '[?&/]+$', '')
"""

_EVENTS = """
    WITH units AS (
        SELECT 'cluster:' || n.cluster_id AS unit, i.item_key, i.source_key, i.published_at,
               i.forward_from IS NOT NULL AS forwarded
        FROM near_duplicate n JOIN item i USING (item_key)
        WHERE i.published_at IS NOT NULL AND ({content})
        UNION
        SELECT 'url:' || {url_unit}, i.item_key, i.source_key, i.published_at,
               i.forward_from IS NOT NULL
        FROM (SELECT item_key, unnest(links) AS l FROM item WHERE links IS NOT NULL
              UNION SELECT item_key, unnest(urls) FROM item_text WHERE urls IS NOT NULL) u
             JOIN item i USING (item_key)
        WHERE i.published_at IS NOT NULL AND ({links})
    ), timed AS (
        SELECT *, floor(epoch(published_at) / (? * 60))::BIGINT AS bucket FROM units
    ), probe AS (
        -- each occurrence meets the occurrences of its own and the neighbouring time buckets
        -- only: an equality join, so a link repeated for years costs what it co-occurs with
        SELECT *, unnest([bucket - 1, bucket, bucket + 1]) AS near FROM timed
    ), pairs AS (
        SELECT a.unit, a.source_key AS source_a, b.source_key AS source_b,
               a.item_key AS item_a, b.item_key AS item_b,
               abs(date_diff('second', a.published_at, b.published_at)) / 60.0 AS gap_minutes,
               a.forwarded OR b.forwarded AS via_forward
        FROM probe a JOIN timed b ON a.unit = b.unit AND b.bucket = a.near
             AND a.source_key < b.source_key
        WHERE abs(date_diff('second', a.published_at, b.published_at)) <= ? * 60
          AND ({forwards})
        QUALIFY row_number() OVER (PARTITION BY a.unit, a.source_key, b.source_key
                                   ORDER BY gap_minutes, a.item_key, b.item_key) = 1
    )
"""


def coordination(store: Store, *, window_minutes: float = 60.0, min_events: int = 2,
                 include_forwards: bool = True, basis: tuple[str, ...] = ("content", "links"),
                 evidence_per_edge: int | None = None) -> dict[str, Any]:
    """The co-posting network: edges with evidence, groups, and the method stated."""
    if window_minutes <= 0:
        raise InputError(f"window must be positive, got {window_minutes}", field="window")
    if min_events < 1:
        raise InputError(f"min_events must be at least 1, got {min_events}", field="min_events")
    unknown = set(basis) - {"content", "links"}
    if unknown or not basis:
        raise InputError(f"unknown basis {sorted(unknown) or basis} (content, links)",
                         field="basis")
    sql = _EVENTS.format(url_unit=_URL_UNIT, content="true" if "content" in basis else "false",
                         links="true" if "links" in basis else "false",
                         forwards="true" if include_forwards else "NOT (a.forwarded OR "
                                                                  "b.forwarded)")
    rows = store.query(sql + """
        SELECT source_a, source_b, count(*) AS events,
               count(*) FILTER (WHERE via_forward) AS via_forward,
               median(gap_minutes) AS median_gap,
               list({'unit': unit, 'item_a': item_a, 'item_b': item_b,
                     'gap_minutes': round(gap_minutes, 1), 'via_forward': via_forward}
                    ORDER BY gap_minutes, unit) AS evidence
        FROM pairs GROUP BY source_a, source_b HAVING count(*) >= ?
        ORDER BY events DESC, source_a, source_b""", [window_minutes, window_minutes, min_events])
    titles = dict(store.query("SELECT source_key, title FROM source"))
    edges = [{"source_a": a, "title_a": titles.get(a), "source_b": b, "title_b": titles.get(b),
              "events": n, "via_forward": fwd, "median_gap_minutes": round(gap, 1),
              "evidence": ev[:evidence_per_edge] if evidence_per_edge else ev}
             for a, b, n, fwd, gap, ev in rows]
    return {"method": METHOD.format(window=window_minutes, min_events=min_events),
            "caveat": CAVEAT, "window_minutes": window_minutes, "min_events": min_events,
            "edges": edges, "groups": _groups(edges, titles)}


def _groups(edges: list[dict[str, Any]], titles: dict[str, str]) -> list[dict[str, Any]]:
    if not edges:
        return []
    keys = sorted({e["source_a"] for e in edges} | {e["source_b"] for e in edges})
    index = {k: i for i, k in enumerate(keys)}
    rows = [index[e["source_a"]] for e in edges]
    cols = [index[e["source_b"]] for e in edges]
    graph = coo_matrix(([1] * len(edges), (rows, cols)), shape=(len(keys), len(keys)))
    _, label = connected_components(graph, directed=False)
    groups: dict[int, dict[str, Any]] = {}
    for k, lab in zip(keys, label, strict=True):
        g = groups.setdefault(int(lab), {"sources": [], "edges": 0, "events": 0})
        g["sources"].append({"source_key": k, "title": titles.get(k)})
    for e in edges:
        g = groups[int(label[index[e["source_a"]]])]
        g["edges"] += 1
        g["events"] += e["events"]
    out = sorted(groups.values(), key=lambda g: (-g["events"], g["sources"][0]["source_key"]))
    for number, g in enumerate(out, start=1):
        g["group"] = number
    return out
