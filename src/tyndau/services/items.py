"""Items for analysts: filtered lists, search across scripts, one item in full, aggregates.

Listings never carry an author (pseudonymised or not): analysis is about narratives and
channels, not individuals. Search understands ``"exact phrases"``, ``OR`` between alternatives,
``-word`` / ``NOT word`` to exclude, and matches every word both in the normalised text and in
the script-independent match key, so a Latin query finds Cyrillic text and the reverse.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from tyndau.errors import InputError, NotFoundError
from tyndau.store import Store
from tyndau.text.normalise import normalise
from tyndau.text.scripts import match_key

MAX_PAGE = 500
MAX_QUERY = 500


@dataclass
class ItemFilter:
    """What a list of items is narrowed to; every field optional."""

    since: datetime | None = None
    until: datetime | None = None
    platform: str | None = None
    source: str | None = None
    lang: str | None = None
    function: str | None = None
    narrative: str | None = None
    grievance: str | None = None
    min_score: float | None = None
    query: str | None = None
    keys: list[str] = field(default_factory=list)

    def sql(self) -> tuple[str, list[Any]]:
        """A WHERE clause over the item index ``x`` (see :mod:`tyndau.store.item_index`)."""
        where, params = ["true"], []
        if self.since:
            where.append("x.published_at >= ?")
            params.append(self.since)
        if self.until:
            where.append("x.published_at < ?")
            params.append(self.until)
        for column, value in (("x.platform", self.platform), ("x.source_key", self.source),
                              ("x.lang", self.lang), ("x.function", self.function)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if self.min_score is not None:
            if not self.function:
                where.append("x.function = 've_support'")
            where.append("x.score >= ?")
            params.append(self.min_score)
        for axis, value in (("narrative", self.narrative), ("grievance", self.grievance)):
            if value:
                where.append("x.item_key IN (SELECT item_key FROM annotation "
                             "WHERE axis = ? AND label = ?)")
                params += [axis, value]
        if self.query:
            clause, qp = search_clause(self.query)
            where.append(clause)
            params += qp
        return " AND ".join(where), params


# -- search --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False


def parse_query(query: str) -> list[list[Term]]:
    """Alternatives (joined by OR), each a list of terms that must all match (or not match)."""
    query = (query or "").strip()
    if not query:
        raise InputError("empty search", field="q")
    if len(query) > MAX_QUERY:
        raise InputError(f"a search may have at most {MAX_QUERY} characters", field="q")
    try:
        tokens = shlex.split(query.replace("«", '"').replace("»", '"'), posix=True)
    except ValueError:
        raise InputError("unbalanced quotes in the search", field="q") from None
    groups: list[list[Term]] = [[]]
    negate = False
    for tok in tokens:
        if tok == "OR":
            if groups[-1]:
                groups.append([])
            continue
        if tok in ("AND", "&&"):
            continue
        if tok == "NOT":
            negate = True
            continue
        neg = negate or (tok.startswith("-") and len(tok) > 1)
        text = tok[1:] if tok.startswith("-") and len(tok) > 1 else tok
        negate = False
        text = normalise(text).lower().strip()
        if text:
            groups[-1].append(Term(text, neg))
    groups = [g for g in groups if g]
    if not groups or all(all(t.negated for t in g) for g in groups):
        raise InputError("a search needs at least one word that must appear", field="q")
    if sum(len(g) for g in groups) > 30:
        raise InputError("a search may have at most 30 words", field="q")
    return groups


def search_clause(query: str) -> tuple[str, list[Any]]:
    """SQL over ``x.match_key`` (and the normalised text for words without one) for a query (see
    :func:`parse_query`). The match key is the normalised text folded to one Latin spelling, so
    a word matches there in any script, and one column is scanned instead of two."""
    ors, params = [], []
    for group in parse_query(query):
        ands = []
        for term in group:
            key = re.sub(r"\s+", " ", match_key(term.text)).strip()
            if key:
                cond = "contains(x.match_key, ?)"
                params.append(key)
            else:  # digits, symbols, emoji: nothing in the match key
                cond = ("x.item_key IN (SELECT item_key FROM item_text "
                        "WHERE contains(lower(text_norm), ?))")
                params.append(term.text)
            ands.append(f"NOT {cond}" if term.negated else cond)
        ors.append("(" + " AND ".join(ands) + ")")
    return "(" + " OR ".join(ors) + ")", params


# -- lists and single items ----------------------------------------------------------------

_LIST_SQL = """
    WITH page AS (
        SELECT x.* FROM item_index x WHERE {where}
        ORDER BY x.published_at DESC NULLS LAST, x.item_key
        LIMIT ? OFFSET ?
    ), extra AS (
        SELECT a.item_key, list(a.label ORDER BY a.label) FILTER (WHERE a.axis = 'narrative')
               AS narratives,
               list(a.label ORDER BY a.label) FILTER (WHERE a.axis = 'grievance') AS grievances
        FROM annotation a SEMI JOIN page USING (item_key)
        WHERE a.axis IN ('narrative', 'grievance') GROUP BY a.item_key
    )
    SELECT p.item_key, p.platform, p.source_key, s.title, p.published_at, p.lang, p.script,
           p.function, p.score, i.views, left(i.text, 280), e.narratives, e.grievances
    FROM page p JOIN item i USING (item_key) LEFT JOIN extra e USING (item_key)
         LEFT JOIN source s ON s.source_key = p.source_key
    ORDER BY p.published_at DESC NULLS LAST, p.item_key
"""


def list_items(store: Store, flt: ItemFilter, *, limit: int = 50, offset: int = 0,
               count: bool = True) -> dict[str, Any]:
    """A page of analysed items, newest first; ``total`` counts every match."""
    if not 1 <= limit <= MAX_PAGE:
        raise InputError(f"limit must be 1–{MAX_PAGE}", field="limit")
    if offset < 0:
        raise InputError("offset must not be negative", field="offset")
    where, params = flt.sql()
    rows = store.query(_LIST_SQL.format(where=where), [*params, limit, offset])
    total = None
    if count:
        total = store.query(f"SELECT count(*) FROM item_index x WHERE {where}", params)[0][0]
    items = [{"item_key": k, "platform": p, "source_key": sk, "source_title": st,
              "published_at": at.isoformat() if at else None, "lang": lang, "script": script,
              "function": fn, "score": round(sc, 4) if sc is not None else None,
              "views": views, "snippet": snip, "narratives": nar or [],
              "grievances": gr or []}
             for k, p, sk, st, at, lang, script, fn, sc, views, snip, nar, gr in rows]
    return {"total": total if count else None, "limit": limit, "offset": offset,
            "items": items}


def item_detail(store: Store, key: str, *, viewer: str | None = None,
                show_all_reviews: bool = True) -> dict[str, Any]:
    """One item in full: original and normalised text, match key, labels with rationale,
    near-duplicates; the author only as ``has_author`` (never the pseudonym). With
    ``show_all_reviews=False`` other reviewers' decisions stay hidden until ``viewer`` has
    decided (four eyes means two independent judgements)."""
    row = store.query(
        "SELECT i.item_key, i.platform, i.source_key, s.title, i.kind, i.published_at, "
        "i.edited_at, i.text, i.author IS NOT NULL, i.reply_to_key, i.forward_from, "
        "i.forward_from_title, i.repost_of_key, i.views, i.forwards, i.replies, i.reactions, "
        "i.links, i.url, i.origin_format, t.text_norm, t.match_key, t.script, t.lang, "
        "t.lang_score, t.code_switch, t.lang2 "
        "FROM item i LEFT JOIN item_text t USING (item_key) "
        "LEFT JOIN source s ON s.source_key = i.source_key WHERE i.item_key = ?", [key])
    if not row:
        raise NotFoundError(f"no item {key[:120]!r}", field="item_key")
    (k, platform, src, title, kind, at, edited, text, has_author, reply, fwd, fwd_title, repost,
     views, forwards, replies, reactions, links, url, fmt, norm, mkey, script, lang, lscore,
     cs, lang2) = row[0]
    labels = [{"axis": a, "label": lb, "score": round(sc, 4), "stage": st,
               "rationale": orjson.loads(r) if r else None}
              for a, lb, sc, st, r in store.query(
                  "SELECT axis, label, score, stage, rationale FROM annotation "
                  "WHERE item_key = ? ORDER BY axis, score DESC", [key])]
    dup = store.query("SELECT cluster_id, origin_key, similarity FROM near_duplicate "
                      "WHERE item_key = ?", [key])
    reviews = [{"reviewer": r, "decided_at": d.isoformat(), "decision": dec, "function": f,
                "narratives": n or [], "grievances": g or [], "reason": why}
               for r, d, dec, f, n, g, why in store.query(
                   "SELECT reviewer, decided_at, decision, function, narratives, grievances, "
                   "reason FROM review WHERE item_key = ? ORDER BY decided_at", [key])]
    if not show_all_reviews and not any(r["reviewer"] == viewer for r in reviews):
        reviews = [r for r in reviews if r["reviewer"] == viewer]
    return {
        "item_key": k, "platform": platform, "source_key": src, "source_title": title,
        "kind": kind, "published_at": at.isoformat() if at else None,
        "edited_at": edited.isoformat() if edited else None, "text": text,
        "has_author": bool(has_author), "reply_to_key": reply,
        "forward_from": fwd if fwd and not fwd.startswith("p:") else None,
        "forwarded_from_person": bool(fwd and fwd.startswith("p:")),
        "forward_from_title": fwd_title, "repost_of_key": repost, "views": views,
        "forwards": forwards, "replies": replies, "reactions": reactions,
        "links": links or [], "url": url, "origin_format": fmt, "text_norm": norm,
        "match_key": mkey, "script": script, "lang": lang,
        "lang_score": round(lscore, 4) if lscore is not None else None,
        "code_switch": cs, "lang2": lang2, "labels": labels,
        "near_duplicate": {"cluster_id": dup[0][0], "origin_key": dup[0][1],
                           "similarity": dup[0][2]} if dup else None,
        "reviews": reviews,
    }


# -- aggregates ----------------------------------------------------------------------------

def suppress_small(rows: list[dict[str, Any]], k: int, *fields: str,
                   group_by: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Blank every count below ``k`` (and its share or change) for roles that see aggregates
    only. Complementary suppression: where a group (rows sharing ``group_by``; the whole list
    by default) would have exactly one blank, its next smallest count is blanked too, so that
    no blank can be worked out from a total."""
    if k <= 1:
        return [dict(r) for r in rows]
    out = [dict(r) for r in rows]

    def blank(r: dict[str, Any], f: str) -> None:
        r[f] = None
        r["suppressed"] = True
        for derived in ("share", "change"):  # nothing to work a blank back out from
            if derived in r:
                r[derived] = None

    for f in fields:
        groups: dict[tuple, list[dict[str, Any]]] = {}
        for r in out:
            groups.setdefault(tuple(r.get(g) for g in group_by), []).append(r)
        for members in groups.values():
            hidden = 0
            for r in members:
                if r.get(f) is not None and 0 < r[f] < k:
                    blank(r, f)
                    hidden += 1
            if hidden == 1:
                visible = [r for r in members if r.get(f)]
                if visible:
                    blank(min(visible, key=lambda r: r[f]), f)
    return out


def redact_sources_for_viewer(rows: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    """What a viewer may see of the source list: public channel facts and counts of at least
    ``k`` — no item dates, views, forwards, lifespans or statuses, which would describe the
    few items behind a blank."""
    keep = ("source_key", "platform", "kind", "handle", "title", "items", "subscribers",
            "suppressed")
    return [{f: r.get(f) for f in keep if f in r or f == "suppressed"}
            for r in suppress_small(rows, k, "items")]


def overview(store: Store, *, k: int = 1) -> dict[str, Any]:
    """Volumes and label shares over time, and what changed in the last week."""
    q = store.query
    total, analysed = q("SELECT (SELECT count(*) FROM item), (SELECT count(*) FROM item_text)")[0]
    last = q("SELECT max(published_at) FROM item")[0][0]
    weekly = [{"week": w.date().isoformat(), "lang": lang, "items": n} for w, lang, n in q(
        "SELECT date_trunc('week', i.published_at) w, t.lang, count(*) FROM item i "
        "JOIN item_text t USING (item_key) WHERE i.published_at IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY 1, 2")]
    by_platform = [{"platform": p, "items": n} for p, n in q(
        "SELECT platform, count(*) FROM item GROUP BY 1 ORDER BY 2 DESC, 1")]
    shares = {axis: [{"label": lb, "items": n, "share": round(n / analysed, 4) if analysed
                      else None}
                     for lb, n in q("SELECT label, count(DISTINCT item_key) FROM annotation "
                                    "WHERE axis = ? GROUP BY 1 ORDER BY 2 DESC, 1", [axis])]
              for axis in ("function", "narrative", "grievance")}
    changes: list[dict[str, Any]] = []
    if last is not None:
        end = last + timedelta(seconds=1)
        this_start, prev_start = end - timedelta(days=7), end - timedelta(days=14)
        for axis, label, now_n, before_n in q(
                "SELECT a.axis, a.label, "
                "count(*) FILTER (WHERE i.published_at >= ?), "
                "count(*) FILTER (WHERE i.published_at < ?) "
                "FROM annotation a JOIN item i USING (item_key) "
                "WHERE i.published_at >= ? AND i.published_at < ? GROUP BY 1, 2",
                [this_start, this_start, prev_start, end]):
            changes.append({"axis": axis, "label": label, "this_week": now_n,
                            "previous_week": before_n, "change": now_n - before_n})
        changes.sort(key=lambda c: (-abs(c["change"]), c["axis"], c["label"]))
    out = {"items": total, "analysed": analysed, "last_item_at": last.isoformat() if last else None,
           "weekly_by_language": suppress_small(weekly, k, "items", group_by=("week",)),
           "by_platform": suppress_small(by_platform, k, "items"),
           "shares": {a: suppress_small(v, k, "items") for a, v in shares.items()},
           "changes_this_week": suppress_small(changes[:20], k, "this_week", "previous_week"),
           "k": k, "generated_at": datetime.now(UTC).isoformat()}
    return out


def label_trends(store: Store, axis: str, *, by: str = "lang", period: str = "week",
                 k: int = 1) -> dict[str, Any]:
    """Items per label per period, split by language or platform (the explorer's series)."""
    if axis not in ("function", "narrative", "grievance"):
        raise InputError(f"unknown axis {axis[:40]!r}", field="axis")
    if by not in ("lang", "platform"):
        raise InputError(f"unknown split {by[:40]!r} (lang or platform)", field="by")
    if period not in ("week", "month"):
        raise InputError(f"unknown period {period[:40]!r} (week or month)", field="period")
    column = "t.lang" if by == "lang" else "i.platform"
    rows = store.query(
        f"SELECT a.label, date_trunc('{period}', i.published_at) p, {column}, count(*) "
        "FROM annotation a JOIN item i USING (item_key) JOIN item_text t USING (item_key) "
        "WHERE a.axis = ? AND i.published_at IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        [axis])
    series = [{"label": lb, "period": p.date().isoformat(), by: g, "items": n}
              for lb, p, g, n in rows]
    return {"axis": axis, "by": by, "period": period,
            "series": suppress_small(series, k, "items", group_by=("label",))}
