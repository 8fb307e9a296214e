"""The uncertainty queue: the analysed items the classifier is least sure about.

Ranked by the margin between the two most likely functions (smallest first), so that a human
label teaches the model most; the review workflow and ``tyndau train`` consume what reviewers
decide. Rows come out in gold format with the labels left empty (``function: null``) and the
model's suggestion beside them, so a file cannot be fed back to ``tyndau train`` before a human
has filled in every label. Authors never appear: only item key, text, language and labels.
"""

from __future__ import annotations

from typing import Any

import orjson

from tyndau.store import Store


def uncertainty_queue(store: Store, *, limit: int = 100, lang: str | None = None,
                      include_functions: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    params: list[Any] = []
    where = ["a.axis = 'function'"]
    if lang:
        where.append("t.lang = ?")
        params.append(lang)
    if include_functions:
        where.append(f"a.label IN ({', '.join('?' for _ in include_functions)})")
        params.extend(include_functions)
    sql = f"""
        WITH scored AS (
            SELECT a.item_key, a.label, a.rationale, t.lang,
                   list_sort(map_values(json_transform(a.rationale -> 'function_scores',
                                                       '"MAP(VARCHAR, DOUBLE)"')), 'DESC') AS s
            FROM annotation a JOIN item_text t USING (item_key)
            WHERE {' AND '.join(where)}
        )
        SELECT s.item_key, i.text, s.lang, s.label, s.rationale,
               s.s[1] - coalesce(s.s[2], 0.0) AS margin
        FROM scored s JOIN item i USING (item_key)
        WHERE length(trim(i.text)) > 0
        ORDER BY margin ASC, s.item_key
        LIMIT ?
    """
    rows = store.query(sql, [*params, limit])
    out = []
    for key, text, item_lang, label, rationale, margin in rows:
        why = orjson.loads(rationale) if rationale else {}
        out.append({"id": key, "text": text, "lang": item_lang, "function": None,
                    "narratives": None, "grievances": None,
                    "suggested": {"function": label,
                                  "function_scores": why.get("function_scores", {})},
                    "margin": round(float(margin), 4)})
    return out
