"""The payload of the overview report: volumes and label shares, computed in DuckDB."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import tyndau
from tyndau.store import Store
from tyndau.taxonomy import load as load_taxonomy

TOP_SOURCES = 15


def report_data(store: Store) -> dict[str, Any]:
    q = store.query
    tax = load_taxonomy()
    items, analysed = q("SELECT (SELECT count(*) FROM item), (SELECT count(*) FROM item_text)")[0]
    first, last = q("SELECT min(published_at), max(published_at) FROM item")[0]
    by_platform = q("SELECT platform, count(*) FROM item GROUP BY 1 ORDER BY 2 DESC, 1")
    by_language = q("SELECT lang, count(*) FROM item_text GROUP BY 1 ORDER BY 2 DESC, 1")
    by_script = q("SELECT script, count(*) FROM item_text GROUP BY 1 ORDER BY 2 DESC, 1")
    months = [r[0] for r in q(
        "SELECT DISTINCT strftime(published_at, '%Y-%m') m FROM item "
        "WHERE published_at IS NOT NULL ORDER BY m")]
    volume_by_month = dict(q(
        "SELECT strftime(published_at, '%Y-%m'), count(*) FROM item "
        "WHERE published_at IS NOT NULL GROUP BY 1"))
    fn_month = q(
        "SELECT strftime(i.published_at, '%Y-%m'), a.label, count(*) FROM item i "
        "JOIN annotation a USING (item_key) WHERE a.axis = 'function' "
        "AND i.published_at IS NOT NULL GROUP BY 1, 2")
    function_by_month = {f: [0] * len(months) for f in tax.functions}
    month_index = {m: i for i, m in enumerate(months)}
    for m, label, n in fn_month:
        if label in function_by_month:
            function_by_month[label][month_index[m]] = n

    def shares(axis: str, labels: tuple[str, ...]) -> list[dict[str, Any]]:
        counts = dict(q("SELECT label, count(*) FROM annotation WHERE axis = ? GROUP BY 1", [axis]))
        return [{"label": lb, "name": tax.name(lb), "items": counts.get(lb, 0),
                 "share": counts.get(lb, 0) / analysed if analysed else 0.0} for lb in labels]

    lang_function = q(
        "SELECT t.lang, a.label, count(*) FROM item_text t JOIN annotation a USING (item_key) "
        "WHERE a.axis = 'function' GROUP BY 1, 2")
    langs = [lang for lang, _ in by_language]
    matrix = {lang: dict.fromkeys(tax.functions, 0) for lang in langs}
    for lang, label, n in lang_function:
        if lang in matrix and label in matrix[lang]:
            matrix[lang][label] = n
    top = q(f"""
        SELECT s.source_key, s.platform, coalesce(s.title, s.handle, s.source_key) AS title,
               count(i.item_key) AS items,
               count(a.item_key) FILTER (WHERE a.label = 've_support') AS ve,
               min(i.published_at), max(i.published_at),
               (SELECT subscribers FROM source_snapshot ss WHERE ss.source_key = s.source_key
                ORDER BY observed_at DESC LIMIT 1) AS subscribers
        FROM source s JOIN item i USING (source_key)
        LEFT JOIN annotation a ON a.item_key = i.item_key AND a.axis = 'function'
        GROUP BY 1, 2, 3 ORDER BY items DESC, title LIMIT {TOP_SOURCES}""")
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tyndau_version": tyndau.__version__,
        "taxonomy": tax.version,
        "store": str(store.path),
        "totals": {
            "sources": q("SELECT count(*) FROM source")[0][0],
            "items": items, "analysed": analysed,
            "first": first.date().isoformat() if first else None,
            "last": last.date().isoformat() if last else None,
        },
        "by_platform": by_platform,
        "by_language": by_language,
        "by_script": by_script,
        "months": months,
        "volume_by_month": [volume_by_month.get(m, 0) for m in months],
        "function_by_month": function_by_month,
        "functions": shares("function", tax.functions),
        "narratives": shares("narrative", tax.narratives),
        "grievances": shares("grievance", tax.grievances),
        "language_function": {"languages": langs, "functions": list(tax.functions),
                              "counts": matrix},
        "top_sources": [
            {"source_key": r[0], "platform": r[1], "title": r[2], "items": r[3],
             "ve_support": r[4], "ve_share": r[4] / r[3] if r[3] else 0.0,
             "first": r[5].date().isoformat() if r[5] else None,
             "last": r[6].date().isoformat() if r[6] else None, "subscribers": r[7]}
            for r in top
        ],
        "runs": [{"run_id": r[0], "kind": r[1], "status": r[2], "stages": r[3]} for r in q(
            "SELECT run_id, kind, status, stages FROM run WHERE kind = 'analyse' "
            "ORDER BY started_at DESC LIMIT 3")],
    }
