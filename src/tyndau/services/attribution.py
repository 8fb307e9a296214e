"""Known-source attribution: a registry you edit, and how attributed content reaches others.

The registry is a CSV file (default ``~/.config/tyndau/attribution.csv``, or
``TYNDAU_ATTRIBUTION``, or ``--registry``) with the columns ``source`` (a source key such as
``telegram:1811000001``, a handle as ``telegram:@name`` / ``vk:@name``, or ``web:domain``),
``attribution`` (one of :data:`ATTRIBUTIONS`), ``country`` (ISO 3166-1 alpha-2, or empty),
``name``, ``reference`` (the public source of the attribution: a URL or a citation — required,
an attribution without one is refused) and ``note``. Nothing is attributed by default: the
package ships only the demo corpus's registry of fictional channels.

:func:`attributed_spread` shows when content that first appeared in an attributed source
reaches other (local) sources: forwards, VK reposts and near-duplicate copies, with their lag.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from tyndau.errors import InputError
from tyndau.services.near_duplicates import dedup_threshold
from tyndau.store import Store

ATTRIBUTIONS = {
    "state_media": "state-owned or state-controlled media of the country given",
    "state_affiliated": "media or accounts with documented state funding or direction",
    "information_operation": "a documented information operation (give the report)",
    "independent_outlet": "an independent news outlet",
    "designated_org_outlet": "an outlet of an organisation designated or banned (say where)",
    "research": "a research or monitoring channel",
    "other": "anything else worth knowing (say what in the note)",
}
COLUMNS = ("source", "attribution", "country", "name", "reference", "note")
_SOURCE = re.compile(r"^(telegram|vk|youtube|web|facebook|tiktok|x):(@[A-Za-z0-9_.]{3,64}|"
                     r"-?[A-Za-z0-9_.\-]{1,120})$")


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str
    attribution: str
    country: str
    name: str
    reference: str
    note: str
    line: int


def sample_registry() -> Path:
    return Path(str(resources.files("tyndau.data").joinpath("attribution", "sample.csv")))


def load_registry(path: Path) -> list[Attribution]:
    """Read and validate a registry; any bad entry fails the whole file with its line."""
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise InputError("no attribution registry here (create one: see README, "
                         "'Known-source attribution')", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the registry: {exc}", path=str(path)) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    unknown = [c for c in header if c not in COLUMNS]
    missing = [c for c in ("source", "attribution", "reference") if c not in header]
    if unknown or missing:
        raise InputError(("unknown column(s) " + ", ".join(unknown) if unknown else
                          "missing column(s) " + ", ".join(missing))
                         + f" (columns: {', '.join(COLUMNS)})", path=str(path), record=1)
    out: list[Attribution] = []
    seen: dict[str, int] = {}
    for row in reader:
        number = reader.line_num  # the file line the record ends on (quoted fields may span)
        if None in row:
            raise InputError("more fields than columns", path=str(path), record=number)
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        if not any(values.values()):
            continue
        src = values["source"]
        if not _SOURCE.match(src):
            raise InputError(f"not a source key, platform:@handle or web:domain: {src[:60]!r}",
                             path=str(path), record=number, field="source")
        key = src.lower() if src.startswith("web:") or ":@" in src else src
        if key in seen:
            raise InputError(f"{src} is listed twice (first on line {seen[key]})",
                             path=str(path), record=number, field="source")
        seen[key] = number
        if values["attribution"] not in ATTRIBUTIONS:
            raise InputError(f"unknown attribution {values['attribution'][:40]!r} (one of "
                             f"{', '.join(ATTRIBUTIONS)})", path=str(path), record=number,
                             field="attribution")
        if len(values["reference"]) < 8:
            raise InputError("every attribution needs its public reference (a URL or a "
                             "citation)", path=str(path), record=number, field="reference")
        country = values["country"].upper()
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            raise InputError(f"not an ISO 3166-1 alpha-2 code: {country[:10]!r}",
                             path=str(path), record=number, field="country")
        out.append(Attribution(source=key, attribution=values["attribution"], country=country,
                               name=values["name"][:200], reference=values["reference"][:500],
                               note=values["note"][:500], line=number))
    return out


def match_registry(store: Store, registry: list[Attribution]) -> list[dict[str, Any]]:
    """Each entry with the store's source it names (``source_key`` None when not in store)."""
    out = []
    for a in registry:
        platform, ref = a.source.split(":", 1)
        if ref.startswith("@"):
            rows = store.query("SELECT source_key FROM source WHERE platform = ? AND "
                               "lower(handle) = lower(?) ORDER BY 1", [platform, ref[1:]])
        else:
            rows = store.query("SELECT source_key FROM source WHERE source_key = ?", [a.source])
        out.append({"source": a.source, "source_key": rows[0][0] if rows else None,
                    "attribution": a.attribution, "country": a.country or None,
                    "name": a.name, "reference": a.reference, "note": a.note, "line": a.line})
    return out


def attributed_spread(store: Store, registry: list[Attribution]) -> dict[str, Any]:
    """Per attributed source present in the store: where its content went, how fast."""
    entries = [e for e in match_registry(store, registry) if e["source_key"]]
    attributed = {e["source_key"]: e for e in entries}
    if not attributed:
        return {"registry_entries": len(registry), "matched": 0, "sources": [],
                "method": SPREAD_METHOD}
    keys = sorted(attributed)
    marks = ", ".join("?" for _ in keys)
    rows = store.query(f"""
        WITH copies AS (
            SELECT i.item_key AS copy_key, i.source_key AS host, i.published_at AS copy_at,
                   o.source_key AS origin_source, i.repost_of_key AS origin_key,
                   'repost' AS how, 1 AS rank
            FROM item i JOIN item o ON o.item_key = i.repost_of_key
            WHERE o.source_key IN ({marks})
            UNION ALL
            SELECT n.item_key, i.source_key, i.published_at, o.source_key, n.origin_key,
                   'near-duplicate', 3
            FROM near_duplicate n JOIN item i ON i.item_key = n.item_key
                 JOIN item o ON o.item_key = n.origin_key
            WHERE n.item_key <> n.origin_key AND n.similarity >= ?
              AND o.source_key IN ({marks})
            UNION ALL
            -- a forward: its original is known when its cluster's origin is in that source
            SELECT i.item_key, i.source_key, i.published_at, i.forward_from,
                   CASE WHEN o.source_key = i.forward_from THEN nd.origin_key END,
                   'forward', 2
            FROM item i LEFT JOIN near_duplicate nd USING (item_key)
                 LEFT JOIN item o ON o.item_key = nd.origin_key
            WHERE i.forward_from IN ({marks}) AND i.repost_of_key IS NULL
        ), one AS (
            SELECT c.*, date_diff('second', o.published_at, c.copy_at) / 3600.0 AS lag_hours
            FROM copies c LEFT JOIN item o ON o.item_key = c.origin_key
            WHERE c.host <> c.origin_source
            QUALIFY row_number() OVER (PARTITION BY c.copy_key ORDER BY c.rank) = 1
        )
        SELECT origin_source, host, count(*) AS copies, list(DISTINCT how ORDER BY how),
               min(copy_at), median(lag_hours), list(copy_key ORDER BY copy_at)[:5]
        FROM one GROUP BY origin_source, host ORDER BY origin_source, copies DESC, host
    """, [*keys, dedup_threshold(store), *keys, *keys])
    titles = dict(store.query("SELECT source_key, title FROM source"))
    by_origin: dict[str, dict[str, Any]] = {}
    for origin, host, n, how, first, lag, examples in rows:
        entry = by_origin.setdefault(origin, {**attributed[origin], "title": titles.get(origin),
                                              "copies": 0, "reached": []})
        entry["copies"] += n
        entry["reached"].append({
            "source_key": host, "title": titles.get(host),
            "attributed_as": attributed[host]["attribution"] if host in attributed else None,
            "copies": n, "via": how, "first_at": first.isoformat() if first else None,
            "median_lag_hours": round(lag, 1) if lag is not None else None,
            "examples": examples})
    for key, e in attributed.items():
        by_origin.setdefault(key, {**e, "title": titles.get(key), "copies": 0, "reached": []})
    sources = sorted(by_origin.values(), key=lambda e: (-e["copies"], e["source_key"]))
    return {"registry_entries": len(registry), "matched": len(attributed), "sources": sources,
            "method": SPREAD_METHOD}


SPREAD_METHOD = ("content of an attributed source reaching another source: forwards of it, "
                 "VK reposts of its posts, and near-duplicate copies whose first-published "
                 "item is its; lag = time from its post to the copy, where the original is "
                 "known")
