"""The discovery frontier: sources that monitored sources point at but that are not monitored.

Ranked by how many monitored sources point at them, then how many references, then how recent
the last one is; see :mod:`tyndau.analysis.graph` for what counts as a reference.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from tyndau.analysis.graph import _TMP, KINDS, References, _iso
from tyndau.analysis.links import is_reference, reference_platform, reference_url
from tyndau.store import Store


def frontier_candidates(store: Store, refs: References, *, platform: str | None = None,
                        min_sources: int = 1, limit: int = 50,
                        examples: int = 5) -> list[dict[str, Any]]:
    """Unmonitored nodes referenced from monitored sources' items, best first."""
    index = refs.index
    mon = f"{_TMP}_monitored"
    cond, params = ["r.dst IN (SELECT key FROM {mon})", "r.src NOT IN (SELECT key FROM {mon})"], []
    if platform:
        cond.append("split_part(r.src, ':', 1) = ?")
        params.append(platform)
    front = refs._temp("front_refs", f"SELECT r.* FROM {refs.table} r WHERE "
                       + " AND ".join(c.format(mon=mon) for c in cond), params)
    ranked = store.query(f"""
        SELECT src, count(DISTINCT dst) AS sources, count(*) AS refs,
               count(DISTINCT item_key) AS items, min(published_at) AS first_at,
               max(published_at) AS last_at,
               count(*) FILTER (WHERE kind = 'forward'), count(*) FILTER (WHERE kind = 'repost'),
               count(*) FILTER (WHERE kind = 'link'), count(*) FILTER (WHERE kind = 'mention')
        FROM {front} GROUP BY src
        HAVING count(DISTINCT dst) >= ?
        ORDER BY sources DESC, refs DESC, last_at DESC NULLS LAST, src
        LIMIT ?""", [min_sources, limit])
    if not ranked:
        return []
    chosen = [r[0] for r in ranked]
    name = f"{_TMP}_chosen"
    store.con.register(name, pa.table({"src": pa.array(chosen, pa.string())}))
    try:
        pointing: dict[str, list[dict[str, Any]]] = {}
        for src, dst, n in store.query(f"""
                SELECT src, dst, count(*) AS n FROM {front} SEMI JOIN {name} USING (src)
                GROUP BY ALL ORDER BY src, n DESC, dst"""):
            pointing.setdefault(src, []).append(
                {"key": dst, "title": index.title(dst), "references": int(n)})
        example: dict[str, list[str]] = {}
        for src, key in store.query(f"""
                SELECT src, item_key FROM (
                    SELECT src, item_key, row_number() OVER (
                        PARTITION BY src ORDER BY max(published_at) DESC NULLS LAST, item_key) AS rn
                    FROM {front} SEMI JOIN {name} USING (src) GROUP BY src, item_key)
                WHERE rn <= ? ORDER BY src, rn""", [examples]):
            example.setdefault(src, []).append(key)
        labels: dict[str, dict[str, dict[str, int]]] = {}
        for src, axis, label, n in store.query(f"""
                SELECT f.src, a.axis, a.label, count(DISTINCT f.item_key) AS n
                FROM {front} f SEMI JOIN {name} USING (src)
                     JOIN annotation a ON a.item_key = f.item_key
                WHERE a.axis IN ('function', 'narrative')
                GROUP BY ALL ORDER BY 1, 2, n DESC, 3"""):
            labels.setdefault(src, {}).setdefault(axis, {})[label] = int(n)
    finally:
        store.con.unregister(name)
    out = []
    for src, sources, n_refs, items, first, last, fwd, rep, lnk, men in ranked:
        by_kind = {k: int(v) for k, v in zip(KINDS, (fwd, rep, lnk, men), strict=True) if v}
        got = labels.get(src, {})
        out.append({
            "ref": src, "platform": reference_platform(src), "title": index.title(src),
            "url": reference_url(src) if is_reference(src) else None,
            "known_source": src in index.known,
            "bot": src.startswith("telegram:@") and src.endswith("bot"),
            "sources": int(sources), "references": int(n_refs), "items": int(items),
            "by_kind": by_kind, "first_at": _iso(first), "last_at": _iso(last),
            "pointing_sources": pointing.get(src, [])[:examples],
            "functions": got.get("function", {}), "narratives": got.get("narrative", {}),
            "examples": example.get(src, []),
        })
    return out


