"""What the store holds: counts by platform, kind and language."""

from __future__ import annotations

from typing import Any

from tyndau.store import Store


def status(store: Store) -> dict[str, Any]:
    q = store.query
    by_kind = dict(q("SELECT kind, count(*) FROM item GROUP BY kind ORDER BY kind"))
    platforms: dict[str, dict[str, int]] = {}
    for platform, n in q("SELECT platform, count(*) FROM source GROUP BY 1 ORDER BY 1"):
        platforms.setdefault(platform, {"sources": 0, "items": 0})["sources"] = n
    for platform, n in q("SELECT platform, count(*) FROM item GROUP BY 1 ORDER BY 1"):
        platforms.setdefault(platform, {"sources": 0, "items": 0})["items"] = n
    by_language = dict(q("SELECT lang, count(*) FROM item_text GROUP BY 1 ORDER BY 2 DESC, 1"))
    analysed = q("SELECT count(*) FROM item_text")[0][0]
    items = q("SELECT count(*) FROM item")[0][0]
    runs = [
        {"run_id": r[0], "kind": r[1], "status": r[2], "started_at": r[3].isoformat(),
         "finished_at": r[4].isoformat() if r[4] else None}
        for r in q("SELECT run_id, kind, status, started_at, finished_at FROM run "
                   "ORDER BY started_at DESC LIMIT 5")
    ]
    return {
        "store": str(store.path),
        "schema_version": store.schema_version(),
        "sources": q("SELECT count(*) FROM source")[0][0],
        "items": items,
        "items_by_kind": by_kind,
        "service_events": q("SELECT count(*) FROM service_event")[0][0],
        "snapshots": q("SELECT count(*) FROM source_snapshot")[0][0],
        "annotations": q("SELECT count(*) FROM annotation")[0][0],
        "runs": q("SELECT count(*) FROM run")[0][0],
        "analysed": analysed,
        "not_analysed": items - analysed,
        "by_platform": platforms,
        "by_language": by_language,
        "recent_runs": runs,
    }
