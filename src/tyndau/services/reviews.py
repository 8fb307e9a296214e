"""Human review: reviewers confirm or correct an item's labels; four eyes before a referral.

Every decision is stored (``review``) and audited with who, when, what and why. An item becomes
a **referral candidate** only when two *different* reviewers' latest decisions agree that its
function is ``ve_support`` (four-eyes principle); one reviewer can never make a candidate alone,
whatever they decide twice. Reviewed labels feed ``tyndau train`` through :func:`export_gold`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from tyndau.errors import InputError, NotFoundError
from tyndau.privacy import audit
from tyndau.schema import Review
from tyndau.services.accounts import User, require
from tyndau.store import Store
from tyndau.taxonomy import load as load_taxonomy

DECISIONS = ("confirm", "correct")
MAX_REASON = 2000


def decide(store: Store, user: User, item_key: str, *, function: str,
           narratives: list[str] | None = None, grievances: list[str] | None = None,
           reason: str | None = None) -> dict[str, Any]:
    """Record a reviewer's labels for an item; ``confirm`` when they equal the model's."""
    require(user, "reviewer")
    tax = load_taxonomy()
    if function not in tax.functions:
        raise InputError(f"unknown function {function[:40]!r}", field="function")
    narratives = sorted(set(narratives or []))
    grievances = sorted(set(grievances or []))
    for axis, values, known in (("narratives", narratives, tax.narratives),
                                ("grievances", grievances, tax.grievances)):
        bad = [v for v in values if v not in known]
        if bad:
            raise InputError(f"unknown {axis[:-1]} {bad[0][:40]!r}", field=axis)
    reason = (reason or "").strip()[:MAX_REASON] or None
    if not store.query("SELECT 1 FROM item WHERE item_key = ?", [item_key]):
        raise NotFoundError(f"no item {item_key[:120]!r}", field="item_key")
    model = store.query("SELECT axis, label FROM annotation WHERE item_key = ?", [item_key])
    model_function = next((lb for (a, lb) in model if a == "function"), None)
    same = (model_function == function
            and sorted(lb for (a, lb) in model if a == "narrative") == narratives
            and sorted(lb for (a, lb) in model if a == "grievance") == grievances)
    decision = "confirm" if same else "correct"
    if decision == "correct" and not reason:
        raise InputError("a correction needs a reason", field="reason")
    review = Review(review_id="r-" + uuid.uuid4().hex[:16], item_key=item_key,
                    reviewer=user.username, decided_at=datetime.now(UTC), decision=decision,
                    function=function, narratives=narratives or None,
                    grievances=grievances or None, model_function=model_function,
                    reason=reason)
    with store.transaction():
        store.insert_new(Review, [review])
        audit.append(store, "review", username=user.username, target=item_key,
                     detail={"decision": decision, "function": function,
                             "narratives": narratives, "grievances": grievances,
                             "model_function": model_function, "reason": reason})
    return {"review_id": review.review_id, "decision": decision, "item_key": item_key,
            "referral_candidate": item_key in {c["item_key"] for c in
                                               referral_candidates(store, item_key=item_key)}}


_LATEST = """
    SELECT * FROM review
    QUALIFY row_number() OVER (PARTITION BY item_key, reviewer
                               ORDER BY decided_at DESC, review_id DESC) = 1
"""


def referral_candidates(store: Store, *, item_key: str | None = None,
                        function: str = "ve_support") -> list[dict[str, Any]]:
    """Items whose latest decisions by two independent reviewers agree on ``function``.

    Independent: both accounts have the reviewer role now (an admin, who can create
    accounts, does not count) and are not disabled, neither created the other's account, and
    no other current reviewer's latest decision dissents.
    """
    extra = "AND l.item_key = ?" if item_key else ""
    rows = store.query(f"""
        WITH latest AS ({_LATEST}),
        counted AS (
            SELECT l.item_key, l.reviewer, l.function, l.decided_at, a.created_by
            FROM latest l JOIN account a ON a.username = l.reviewer
            WHERE a.role = 'reviewer' AND NOT a.disabled {extra}
        ), pairs AS (
            SELECT x.item_key FROM counted x JOIN counted y
                 ON x.item_key = y.item_key AND x.reviewer < y.reviewer
            WHERE x.function = ? AND y.function = ?
              AND coalesce(x.created_by, '') <> y.reviewer
              AND coalesce(y.created_by, '') <> x.reviewer
            GROUP BY x.item_key
        )
        SELECT c.item_key, list(c.reviewer ORDER BY c.reviewer), max(c.decided_at),
               count(*) FILTER (WHERE c.function <> ?) AS dissent
        FROM counted c SEMI JOIN pairs USING (item_key)
        GROUP BY c.item_key
        ORDER BY max(c.decided_at) DESC, c.item_key""",
        [*([item_key] if item_key else []), function, function, function])
    return [{"item_key": k, "reviewers": r, "last_decided_at": at.isoformat(),
             "dissenting_reviewers": d} for k, r, at, d in rows if d == 0]


def review_queue(store: Store, user: User, *, limit: int = 50, offset: int = 0
                 ) -> list[dict[str, Any]]:
    """Items to review: those flagged ``ve_support`` first (highest score), then those one
    reviewer has decided (a second pair of eyes), leaving out what this reviewer decided."""
    require(user, "reviewer")
    rows = store.query(f"""
        WITH latest AS ({_LATEST}),
        counts AS (SELECT item_key, count(*) AS reviews,
                          bool_or(reviewer = ?) AS mine FROM latest GROUP BY item_key)
        SELECT i.item_key, s.title, i.published_at, t.lang, f.label, f.score,
               coalesce(c.reviews, 0) AS reviews, left(i.text, 280)
        FROM item i JOIN item_text t USING (item_key)
             JOIN annotation f ON f.item_key = i.item_key AND f.axis = 'function'
             LEFT JOIN counts c ON c.item_key = i.item_key
             LEFT JOIN source s ON s.source_key = i.source_key
        WHERE NOT coalesce(c.mine, false) AND (f.label = 've_support' OR c.reviews > 0)
        ORDER BY (c.reviews > 0) DESC NULLS LAST, f.label = 've_support' DESC, f.score DESC,
                 i.item_key
        LIMIT ? OFFSET ?""", [user.username, limit, offset])
    return [{"item_key": k, "source_title": st, "published_at": at.isoformat() if at else None,
             "lang": lang, "function": fn, "score": round(sc, 4), "reviews": n, "snippet": sn}
            for k, st, at, lang, fn, sc, n, sn in rows]


def export_gold(store: Store, path: Path) -> int:
    """Reviewed labels as a gold file for ``tyndau train``: per item, the labels its reviewers'
    latest decisions agree on (items where they disagree are left out)."""
    rows = store.query(f"""
        WITH latest AS ({_LATEST})
        SELECT l.item_key, any_value(i.text), any_value(t.lang),
               list(DISTINCT l.function), list(DISTINCT list_sort(coalesce(l.narratives, []))),
               list(DISTINCT list_sort(coalesce(l.grievances, [])))
        FROM latest l JOIN item i USING (item_key) LEFT JOIN item_text t USING (item_key)
        GROUP BY l.item_key ORDER BY l.item_key""")
    n = 0
    with open(path, "wb") as fh:
        for key, text, lang, fns, nars, grs in rows:
            if len(fns) != 1 or len(nars) != 1 or len(grs) != 1 or not (text or "").strip():
                continue
            fh.write(orjson.dumps({"id": key, "text": text, "lang": lang, "function": fns[0],
                                   "narratives": nars[0], "grievances": grs[0]}) + b"\n")
            n += 1
    return n
