"""Trends, bursts with their explanation, comparisons and "what changed".

**Dimensions.** A series counts items per day or week (ISO weeks, from Monday, UTC) for each
value of a dimension: ``function``, ``narrative`` or ``grievance`` label (from the
annotations; an item counts once per label it carries), ``lang``, ``platform``, ``source``,
``country`` (of the source, from an optional mapping such as the attribution registry's —
sources carry no country of their own, so without a mapping every source is ``unknown``) or
``all`` (every analysed item). When the store holds discovered narratives (a
``narrative_member`` table with ``item_key`` and ``narrative_id``), the ``narrative`` dimension
also holds them, as ``discovered:<narrative_id>``, beside the taxonomy's labels.

**Bursts** (:func:`bursts`): daily counts per value and per source, aggregated to the period
and tested against a baseline robust to weekly cycles and to one source posting in bulk; the
method and thresholds are in :mod:`tyndau.analysis.trends`. Each burst carries its
explanation: distinctive terms (match-key words with their original-script spelling), the
sources with their counts and usual rates, languages, platforms, near-duplicate copies, example
item keys, and whether one source, a few or many drove it.

**What changed** (:func:`changes`): for the window from ``since`` to ``until`` (default: the day
after the newest item) against the window of the same length before it — labels and discovered
narratives first seen in the window; labels whose *share* of all items rose or fell (a
conditional binomial test: given the label's items in both windows, is the split between them
what the two windows' total volumes predict? ``p < 0.01`` and at least 3 items in the window
that counts), bursts that overlap the window, and sources whose first item falls in it — each
with its evidence.

**Comparisons** (:func:`compare`): a label's share of the items of each language, platform and
country, and when it first appears in each language (the order in which it crosses from one
language community into the next, with the near-duplicate origin when the first item in a
language is a copy of an item in another; items of undetermined language are left out of it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np

from tyndau.analysis.trends import (
    DEFAULT_BASELINE,
    DEFAULT_MIN_BASELINE,
    DEFAULT_MIN_COUNT,
    DEFAULT_P,
    METHOD,
    baseline_indices,
    binom_cdf,
    binom_sf,
    capped_count,
    concentration,
    distinctive_terms,
    driven_by,
    expectation,
    surface_forms,
)
from tyndau.errors import InputError
from tyndau.store import Store

AXES = ("function", "narrative", "grievance")
DIMENSIONS = ("all", *AXES, "lang", "platform", "source", "country")
PERIODS = ("day", "week")
DISCOVERED = "discovered:"
UNKNOWN_COUNTRY = "unknown"
NO_COUNTRIES = ("sources carry no country: every source counts as 'unknown' (pass an attribution "
                "registry with a country column to map sources to countries)")
DEFAULT_CHANGE_P = 0.01
DEFAULT_CHANGE_MIN = 3
_COLUMN = {"all": "'all'", "function": "x.function", "lang": "x.lang",
           "platform": "x.platform", "source": "x.source_key", "country": "x.source_key"}
_SAMPLE = 5000


# -- helpers --------------------------------------------------------------------------------

def as_utc(value: date | datetime | None) -> datetime | None:
    """A date (midnight UTC) or datetime (naive = UTC) as an aware UTC datetime."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _check(by: str, period: str) -> None:
    if by not in DIMENSIONS:
        raise InputError(f"unknown dimension {by!r} (one of {', '.join(DIMENSIONS)})", field="by")
    if period not in PERIODS:
        raise InputError(f"unknown period {period!r} (day or week)", field="period")


def discovered_available(store: Store) -> bool:
    """Whether the store holds discovered narratives (``narrative_member``)."""
    cols = {r[0] for r in store.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'narrative_member'")}
    return {"item_key", "narrative_id"} <= cols


def _labelled(store: Store, axis: str) -> str:
    """SQL of ``(item_key, value)`` pairs for a label axis (with discovered narratives)."""
    sql = f"SELECT DISTINCT item_key, label AS value FROM annotation WHERE axis = '{axis}'"
    if axis == "narrative" and discovered_available(store):
        sql += (f" UNION SELECT DISTINCT item_key, '{DISCOVERED}' || CAST(narrative_id AS VARCHAR)"
                " FROM narrative_member")
    return sql


def value_condition(store: Store, by: str, value: str, countries: dict[str, str] | None
          ) -> tuple[str, list[Any]]:
    """SQL over the item index ``x`` selecting the items of one value of a dimension."""
    if by == "all":
        return "true", []
    if by in ("narrative", "grievance"):
        if value.startswith(DISCOVERED) and by == "narrative" and discovered_available(store):
            return ("x.item_key IN (SELECT item_key FROM narrative_member "
                    "WHERE CAST(narrative_id AS VARCHAR) = ?)", [value[len(DISCOVERED):]])
        return ("x.item_key IN (SELECT item_key FROM annotation WHERE axis = ? AND label = ?)",
                [by, value])
    if by == "country":
        mapped = sorted(countries or {})
        if value == UNKNOWN_COUNTRY:
            return ("NOT list_contains(?, x.source_key)", [mapped]) if mapped else ("true", [])
        keys = sorted(s for s, c in (countries or {}).items() if c == value)
        return "list_contains(?, x.source_key)", [keys]
    return f"{_COLUMN[by]} = ?", [value]


def _value_sql(store: Store, by: str) -> tuple[str, str]:
    """FROM clause and value expression of a dimension."""
    if by in ("narrative", "grievance"):
        return f"item_index x JOIN ({_labelled(store, by)}) v USING (item_key)", "v.value"
    return "item_index x", _COLUMN[by]


def _titles(store: Store, by: str, values: list[str]) -> dict[str, str]:
    if by == "source" and values:
        return {k: t for k, t in store.query(
            "SELECT source_key, title FROM source WHERE list_contains(?, source_key)",
            [values]) if t}
    if by == "narrative" and any(v.startswith(DISCOVERED) for v in values):
        cols = [r[0] for r in store.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'narrative'")]
        title = next((c for c in ("label", "title", "name") if c in cols), None)
        if title and "narrative_id" in cols:
            return {DISCOVERED + str(k): str(t) for k, t in store.query(
                f"SELECT narrative_id, {title} FROM narrative") if t is not None}
    return {}


def _source_titles(store: Store, keys: list[str]) -> dict[str, str]:
    return _titles(store, "source", keys)


def _bounds(store: Store, since: datetime | None, until: datetime | None
            ) -> tuple[date, date] | None:
    row = store.query("SELECT min(published_at), max(published_at) FROM item_index "
                      "WHERE published_at >= coalesce(?::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ) "
                      "AND published_at < coalesce(?::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ)",
                      [since, until])[0]
    if row[0] is None:
        return None
    return row[0].astimezone(UTC).date(), row[1].astimezone(UTC).date()


def _period_starts(first: date, last: date, period: str) -> list[date]:
    step = 7 if period == "week" else 1
    origin = first - timedelta(days=first.weekday()) if period == "week" else first
    return [origin + timedelta(days=step * t) for t in range((last - origin).days // step + 1)]


# -- series ---------------------------------------------------------------------------------

def series(store: Store, by: str = "function", *, period: str = "week", label: str | None = None,
           since: date | datetime | None = None, until: date | datetime | None = None,
           countries: dict[str, str] | None = None, limit: int = 50) -> dict[str, Any]:
    """Items per period for each value of a dimension, with its share of all items."""
    _check(by, period)
    since, until = as_utc(since), as_utc(until)
    out: dict[str, Any] = {"by": by, "period": period, "label": label,
                           "since": since.isoformat() if since else None,
                           "until": until.isoformat() if until else None,
                           "periods": [], "totals": [], "values": []}
    if by == "country" and not countries:
        out["note"] = NO_COUNTRIES
    bounds = _bounds(store, since, until)
    if bounds is None:
        return out
    starts = _period_starts(*bounds, period)
    index = {d: i for i, d in enumerate(starts)}
    window = ("x.published_at IS NOT NULL AND x.published_at >= coalesce(?::TIMESTAMPTZ, "
              "'-infinity'::TIMESTAMPTZ) AND x.published_at < coalesce(?::TIMESTAMPTZ, "
              "'infinity'::TIMESTAMPTZ)")
    totals = np.zeros(len(starts), dtype=np.int64)
    for p, n in store.query(f"SELECT CAST(date_trunc('{period}', x.published_at) AS DATE), "
                            f"count(*) FROM item_index x WHERE {window} GROUP BY 1",
                            [since, until]):
        totals[index[p]] = n
    source, expr = _value_sql(store, by)
    where, params = window, [since, until]
    if label is not None and by != "country":
        where += f" AND {expr} = ?"
        params.append(label)
    counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(starts), dtype=np.int64))
    seen: dict[str, list[datetime]] = {}
    for value, p, n, first, last in store.query(
            f"SELECT {expr}, CAST(date_trunc('{period}', x.published_at) AS DATE), count(*), "
            f"min(x.published_at), max(x.published_at) FROM {source} WHERE {where} "
            f"AND {expr} IS NOT NULL GROUP BY 1, 2", params):
        if by == "country":
            value = (countries or {}).get(value, UNKNOWN_COUNTRY)
            if label is not None and value != label:
                continue
        counts[value][index[p]] += n
        lo, hi = seen.get(value, [first, last])
        seen[value] = [min(lo, first), max(hi, last)]
    ranked = sorted(counts, key=lambda v: (-int(counts[v].sum()), v))[:limit]
    titles = _titles(store, by, ranked)
    out["periods"] = [d.isoformat() for d in starts]
    out["totals"] = totals.tolist()
    for v in ranked:
        c = counts[v]
        out["values"].append({
            "value": v, "title": titles.get(v), "total": int(c.sum()),
            "first_seen": seen[v][0].isoformat(), "last_seen": seen[v][1].isoformat(),
            "counts": c.tolist(),
            "shares": [round(int(a) / int(t), 4) if t else None for a, t in zip(c, totals,
                                                                                  strict=True)]})
    return out


# -- bursts ---------------------------------------------------------------------------------

def bursts(store: Store, *, by: str = "all", period: str = "week", p: float = DEFAULT_P,
           baseline_periods: int = DEFAULT_BASELINE, min_count: int = DEFAULT_MIN_COUNT,
           min_baseline: int = DEFAULT_MIN_BASELINE, label: str | None = None,
           since: date | datetime | None = None, until: date | datetime | None = None,
           countries: dict[str, str] | None = None, explain: bool = True) -> dict[str, Any]:
    """Periods whose count is significantly above its baseline, each with its explanation.

    ``since``/``until`` choose the periods reported (those overlapping them); the baseline
    reaches back before ``since``."""
    _check(by, period)
    if not 0 < p < 1:
        raise InputError(f"a p-value threshold must lie between 0 and 1, not {p}", field="p")
    since, until = as_utc(since), as_utc(until)
    settings = {"by": by, "period": period, "p": p, "baseline_periods": baseline_periods,
                "min_count": min_count, "min_baseline": min_baseline, "label": label,
                "since": since.isoformat() if since else None,
                "until": until.isoformat() if until else None}
    out: dict[str, Any] = {
        "method": METHOD.format(n=baseline_periods, p=p, min_count=min_count),
        "settings": settings, "tests": 0, "bursts": []}
    if by == "country" and not countries:
        out["note"] = NO_COUNTRIES
    bounds = _bounds(store, None, until)
    if bounds is None:
        return out
    first, last = bounds
    starts = _period_starts(first, last, period)
    step = 7 if period == "week" else 1
    valid = np.array([s >= first and s + timedelta(days=step - 1) <= last for s in starts])
    source, expr = _value_sql(store, by)
    where, params = ("x.published_at IS NOT NULL AND x.published_at < coalesce(?::TIMESTAMPTZ, "
                     "'infinity'::TIMESTAMPTZ)"), [until]
    if label is not None and by != "country":
        where += f" AND {expr} = ?"
        params.append(label)
    groups: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for value, day, src, n in store.query(
            f"SELECT {expr}, CAST(x.published_at AS DATE), x.source_key, count(*) "
            f"FROM {source} WHERE {where} AND {expr} IS NOT NULL GROUP BY 1, 2, 3", params):
        if by == "country":
            value = (countries or {}).get(value, UNKNOWN_COUNTRY)
            if label is not None and value != label:
                continue
        groups[value].append(((day - starts[0]).days // step, src, n))
    found = []
    for value in sorted(groups):
        pidx = np.array([r[0] for r in groups[value]])
        srcs = np.array([r[1] for r in groups[value]], dtype=object)
        ns = np.array([r[2] for r in groups[value]], dtype=float)
        totals = np.bincount(pidx, weights=ns, minlength=len(starts))
        for t in range(len(starts)):
            end = datetime.combine(starts[t] + timedelta(days=step), time(), tzinfo=UTC)
            if (since and end <= since) or totals[t] < min_count:
                continue
            base = baseline_indices(t, period=period, n=baseline_periods, valid=valid)
            if len(base) < min_baseline:
                continue
            out["tests"] += 1
            exp = expectation(totals[base])
            pv = exp.p(totals[t])
            if pv >= p:
                continue
            counts = _sum_by(srcs[pidx == t], ns[pidx == t])
            base_rates = {s: c / len(base)
                          for s, c in _sum_by(srcs[np.isin(pidx, base)],
                                              ns[np.isin(pidx, base)]).items()}
            capped, typical = capped_count(counts, base_rates)
            capped, typical = float(capped), float(typical)
            pc = exp.p(capped)
            conc = concentration(counts, base_rates)
            found.append({
                "by": by, "value": value, "period": period,
                "start": starts[t].isoformat(), "end": (end.date()).isoformat(),
                "partial": not bool(valid[t]), "count": int(totals[t]),
                "expected": round(exp.expected, 2),
                "ratio": round(float(totals[t]) / exp.expected, 2),
                "baseline": [int(v) for v in exp.baseline], "test": exp.test,
                "dispersion": round(exp.alpha, 4), "p": pv,
                "capped": {"count": round(capped, 2), "p": pc, "significant": pc < p,
                           "typical_source_count": round(typical, 2)},
                "driven_by": driven_by(conc, pc < p), "concentration": conc,
                "_t": t, "_base": base, "_counts": counts, "_rates": base_rates})
    out["expected_by_chance"] = round(out["tests"] * p, 2)
    titles = _titles(store, by, sorted({b["value"] for b in found}))
    for b in found:
        b["title"] = titles.get(b["value"])
        t, base, counts, rates = (b.pop("_t"), b.pop("_base"), b.pop("_counts"), b.pop("_rates"))
        ranges = [(starts[i], starts[i] + timedelta(days=step)) for i in base]
        b["explanation"] = (_explain(store, by, b["value"], countries,
                                     (starts[t], starts[t] + timedelta(days=step)), ranges,
                                     counts, rates) if explain else None)
    found.sort(key=lambda b: (b["start"], b["p"], b["value"]))
    out["bursts"] = found
    return out


def _sum_by(keys: np.ndarray, weights: np.ndarray) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for k, w in zip(keys, weights, strict=True):
        out[k] += float(w)
    return dict(out)


def _dt(d: date) -> datetime:
    return datetime.combine(d, time(), tzinfo=UTC)


def _explain(store: Store, by: str, value: str, countries: dict[str, str] | None,
             window: tuple[date, date], ranges: list[tuple[date, date]],
             counts: dict[str, float], rates: dict[str, float]) -> dict[str, Any]:
    """What drove a burst: terms, sources, languages, platforms, copies, example items."""
    cond, cp = value_condition(store, by, value, countries)
    lo, hi = _dt(window[0]), _dt(window[1])
    items = store.query(f"SELECT x.item_key, x.source_key, x.lang, x.platform, x.match_key "
                        f"FROM item_index x WHERE {cond} AND x.published_at >= ? AND "
                        f"x.published_at < ? ORDER BY hash(x.item_key) LIMIT {_SAMPLE}",
                        [*cp, lo, hi])
    base_where = " OR ".join("(x.published_at >= ? AND x.published_at < ?)" for _ in ranges)
    base_params = [v for a, b in ranges for v in (_dt(a), _dt(b))]
    baseline = [r[0] for r in store.query(
        f"SELECT x.match_key FROM item_index x WHERE {cond} AND ({base_where or 'false'}) "
        f"ORDER BY hash(x.item_key) LIMIT {_SAMPLE}", [*cp, *base_params])]
    evidence = _evidence(store, cond, cp, lo, hi)
    terms = distinctive_terms([(r[1], r[4] or "") for r in items], baseline)
    if terms:
        keys = [r[0] for r in items if any(t["term"] in (r[4] or "").split() for t in terms)]
        texts = [r[0] for r in store.query("SELECT text_norm FROM item_text WHERE "
                                           "list_contains(?, item_key)", [keys[:2000]])]
        forms = surface_forms([str(t["term"]) for t in terms], texts)
        for t in terms:
            t["surface"] = forms.get(str(t["term"]), t["term"])
    titles = _source_titles(store, list(counts))
    top = sorted(counts, key=lambda s: (-counts[s], s))[:8]
    evidence["sources"] = [{"source_key": s, "title": titles.get(s), "items": int(counts[s]),
                            "usual": round(rates.get(s, 0.0), 2),
                            "excess": round(counts[s] - rates.get(s, 0.0), 2)} for s in top]
    evidence["terms"] = terms
    return evidence


def _evidence(store: Store, cond: str, params: list[Any], lo: datetime, hi: datetime,
              *, examples: int = 6) -> dict[str, Any]:
    """Sources, languages, platforms, near-duplicate copies and example keys of the items
    selected by ``cond`` published in ``[lo, hi)``."""
    where = f"{cond} AND x.published_at >= ? AND x.published_at < ?"
    args = [*params, lo, hi]
    rows = store.query(f"SELECT x.item_key, x.source_key, x.lang, x.platform FROM item_index x "
                       f"WHERE {where} ORDER BY x.published_at, x.item_key", args)
    by_source: dict[str, list[str]] = defaultdict(list)
    for key, src, _, _ in rows:
        by_source[src].append(key)
    order = sorted(by_source, key=lambda s: (-len(by_source[s]), s))
    picked: list[str] = []
    for i in range(examples):  # round-robin over the sources, busiest first
        picked += [by_source[s][i] for s in order if i < len(by_source[s])]
        if len(picked) >= examples:
            break
    titles = _source_titles(store, order[:8])
    copies = store.query(
        f"SELECT count(*), count(DISTINCT n.cluster_id) FROM near_duplicate n "
        f"JOIN item_index x USING (item_key) WHERE {where} AND n.item_key <> n.origin_key", args)[0]
    largest = store.query(
        f"SELECT n.cluster_id, count(*) FROM near_duplicate n JOIN item_index x "
        f"USING (item_key) WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1", args)
    return {
        "items": len(rows),
        "sources": [{"source_key": s, "title": titles.get(s), "items": len(by_source[s])}
                    for s in order[:8]],
        "source_count": len(order),
        "languages": [{"lang": k, "items": n} for k, n in
                      Counter(r[2] for r in rows).most_common()],
        "platforms": [{"platform": k, "items": n} for k, n in
                      Counter(r[3] for r in rows).most_common()],
        "near_duplicates": {"copies": copies[0], "clusters": copies[1],
                            "largest_cluster": ({"cluster_id": largest[0][0],
                                                 "items": largest[0][1]} if largest else None)},
        "examples": picked[:examples]}


# -- what changed ---------------------------------------------------------------------------

def changes(store: Store, *, since: date | datetime, until: date | datetime | None = None,
            p: float = DEFAULT_CHANGE_P, min_count: int = DEFAULT_CHANGE_MIN,
            burst_p: float = DEFAULT_P, period: str = "week",
            countries: dict[str, str] | None = None) -> dict[str, Any]:
    """New labels and narratives, rising and falling ones, bursts and newly active sources in
    the window from ``since`` (see the module's description), each with its evidence."""
    lo = as_utc(since)
    assert lo is not None
    hi = as_utc(until)
    if hi is None:
        last = store.query("SELECT max(published_at) FROM item_index")[0][0]
        hi = _dt(last.astimezone(UTC).date() + timedelta(days=1)) if last else lo
    if hi <= lo:
        raise InputError(f"nothing to compare: the window ends ({hi.date()}) before it begins "
                         f"({lo.date()})", field="since")
    before = lo - (hi - lo)
    totals = store.query("SELECT count(*) FILTER (WHERE published_at >= ?), count(*) FILTER "
                         "(WHERE published_at < ?) FROM item_index WHERE published_at >= ? "
                         "AND published_at < ?", [lo, lo, before, hi])[0]
    now_total, before_total = int(totals[0]), int(totals[1])
    out: dict[str, Any] = {
        "window": {"since": lo.isoformat(), "until": hi.isoformat(), "items": now_total},
        "previous": {"since": before.isoformat(), "until": lo.isoformat(),
                     "items": before_total},
        "method": (f"shares in the window against the same-length window before it; rising or "
                   f"falling when a conditional binomial test gives p < {p} with ≥ {min_count} "
                   "items; new = first item ever in the window"),
        "new": [], "rising": [], "falling": [], "bursts": [], "new_sources": []}
    pairs = " UNION ALL ".join(
        ["SELECT 'function' AS axis, item_key, function AS value FROM item_index "
         "WHERE function IS NOT NULL"] +
        [f"SELECT '{a}', item_key, value FROM ({_labelled(store, a)})"
         for a in ("narrative", "grievance")])
    rows = store.query(
        f"SELECT v.axis, v.value, min(x.published_at), "
        f"count(*) FILTER (WHERE x.published_at >= ? AND x.published_at < ?), "
        f"count(*) FILTER (WHERE x.published_at >= ? AND x.published_at < ?) "
        f"FROM ({pairs}) v JOIN item_index x USING (item_key) GROUP BY 1, 2 ORDER BY 1, 2",
        [lo, hi, before, lo])
    share = now_total / (now_total + before_total) if now_total + before_total else 0.5
    for axis, value, first, a, b in rows:
        entry: dict[str, Any] = {"axis": axis, "label": value, "items": a, "previous_items": b,
                                 "share": round(a / now_total, 4) if now_total else None,
                                 "previous_share": (round(b / before_total, 4)
                                                    if before_total else None)}
        kind = None
        if first is not None and lo <= first < hi:
            kind = "new"
            entry["first_seen"] = first.isoformat()
        elif a + b and a >= min_count and a / max(now_total, 1) > b / max(before_total, 1):
            entry["p"] = binom_sf(a, a + b, share)
            kind = "rising" if entry["p"] < p else None
        elif a + b and b >= min_count and a / max(now_total, 1) < b / max(before_total, 1):
            entry["p"] = binom_cdf(a, a + b, share)
            kind = "falling" if entry["p"] < p else None
        if kind is None:
            continue
        if b and a:
            entry["ratio"] = round((a / now_total) / (b / before_total), 2)
        cond, cp = value_condition(store, axis, value, countries)
        # a falling label is shown where it was: the previous window
        entry["evidence_window"] = "previous" if kind == "falling" else "window"
        entry["evidence"] = (_evidence(store, cond, cp, before, lo) if kind == "falling"
                             else _evidence(store, cond, cp, lo, hi))
        out[kind].append(entry)
    out["rising"].sort(key=lambda e: (e["p"], e["axis"], e["label"]))
    out["falling"].sort(key=lambda e: (e["p"], e["axis"], e["label"]))
    for by in ("all", *AXES):
        out["bursts"] += bursts(store, by=by, period=period, p=burst_p, since=lo,
                                until=hi)["bursts"]
    for key, title, platform, first, n in store.query(
            "SELECT x.source_key, s.title, x.platform, min(x.published_at) AS first, "
            "count(*) FILTER (WHERE x.published_at < ?) FROM item_index x "
            "LEFT JOIN source s USING (source_key) WHERE x.published_at IS NOT NULL "
            "GROUP BY 1, 2, 3 HAVING first >= ? AND first < ? ORDER BY first, 1", [hi, lo, hi]):
        ev = _evidence(store, "x.source_key = ?", [key], lo, hi)
        ev["functions"] = [{"function": f, "items": c} for f, c in store.query(
            "SELECT coalesce(function, 'unlabelled'), count(*) FROM item_index x "
            "WHERE source_key = ? AND published_at >= ? AND published_at < ? GROUP BY 1 "
            "ORDER BY 2 DESC, 1", [key, lo, hi])]
        out["new_sources"].append({"source_key": key, "title": title, "platform": platform,
                                   "first_seen": first.isoformat(), "items": n, "evidence": ev})
    return out


# -- comparisons ----------------------------------------------------------------------------

def countries_from_registry(store: Store, registry: list) -> dict[str, str]:
    """``source_key → country`` for the registry's entries that name a country and a source in
    the store (:func:`tyndau.services.attribution.load_registry`)."""
    from tyndau.services.attribution import match_registry

    return {e["source_key"]: e["country"] for e in match_registry(store, registry)
            if e["source_key"] and e["country"]}


def compare(store: Store, *, axis: str = "narrative", label: str,
            countries: dict[str, str] | None = None) -> dict[str, Any]:
    """A label's share of each language's, platform's and country's items, and the order in
    which it first appears in each language."""
    if axis not in AXES:
        raise InputError(f"unknown axis {axis!r} (one of {', '.join(AXES)})", field="axis")
    cond, cp = value_condition(store, axis, label, countries)
    out: dict[str, Any] = {"axis": axis, "label": label}
    for by, column in (("lang", "x.lang"), ("platform", "x.platform"),
                       ("country", "x.source_key")):
        groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for g, a, n in store.query(f"SELECT {column}, count(*) FILTER (WHERE {cond}), count(*) "
                                   f"FROM item_index x GROUP BY 1", cp):
            if by == "country":
                g = (countries or {}).get(g, UNKNOWN_COUNTRY)
            groups[g][0] += a
            groups[g][1] += n
        out[by] = sorted(({by: g, "items": a, "of": n, "share": round(a / n, 4) if n else None}
                          for g, (a, n) in groups.items()),
                         key=lambda r: (-(r["share"] or 0), -r["items"], r[by]))
    if not countries:
        out["country_note"] = NO_COUNTRIES
    crossing = []
    rows = store.query(
        f"SELECT x.lang, min(x.published_at), arg_min(x.item_key, x.published_at), "
        f"arg_min(x.source_key, x.published_at), count(*) FROM item_index x WHERE {cond} "
        f"AND x.published_at IS NOT NULL AND x.lang <> 'und' GROUP BY 1 ORDER BY 2, 1", cp)
    start = rows[0][1] if rows else None
    for order, (lang, first, key, src, n) in enumerate(rows, 1):
        via = store.query(
            "SELECT n.origin_key, t.lang FROM near_duplicate n JOIN item_text t "
            "ON t.item_key = n.origin_key WHERE n.item_key = ? AND n.origin_key <> n.item_key",
            [key])
        crossing.append({
            "order": order, "lang": lang, "first_seen": first.isoformat(),
            "week": (first.astimezone(UTC).date()
                     - timedelta(days=first.astimezone(UTC).weekday())).isoformat(),
            "days_after_first": round((first - start).total_seconds() / 86400, 1),
            "first_item": key, "first_source": src, "items": n,
            "copy_of": ({"item_key": via[0][0], "lang": via[0][1]}
                        if via and via[0][1] != lang else None)})
    out["crossing"] = crossing
    return out
