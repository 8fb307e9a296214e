"""Media hashes: hash the images beside an export, import hash lists, match, cluster re-use.

Every function returns JSON-serialisable dicts and lists (for the CLI and the HTTP API). Writes
happen in one transaction at the end, so bad input or a failure leaves the store as it was.
File names in reports come from the items (hostile channels): they are reported with ``repr``
escaping, never interpreted.
"""

from __future__ import annotations

import csv
import hashlib
import multiprocessing
import os
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

import tyndau
from tyndau.analysis.media import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DISTANCE,
    DEFAULT_MAX_PIXELS,
    HASH_BITS,
    MIN_PDQ_QUALITY,
    ExportIndex,
    ImageHashes,
    UnreadableImage,
    check_hex,
    hamming_hex,
    hash_image_file,
    hex_to_words,
    is_image_ref,
    near_duplicate_groups,
    pairs_within,
    unique_rows,
)
from tyndau.connectors.telegram_desktop import TelegramDesktopConnector
from tyndau.errors import InputError
from tyndau.schema import HashListEntry, MediaHash, Run
from tyndau.store import Store

#: Columns a hash list must have (others are ignored).
LIST_COLUMNS = ("hash", "type", "label", "source")
HASH_TYPES = tuple(HASH_BITS)
MAX_TEXT = 1_000  # longest label or source accepted from a hash list
MAX_LISTED = 100  # file names listed per kind of problem in a report
_POOL_MIN = 32  # fewer images than this are hashed in-process


# -- hashing the files beside exports -----------------------------------------------------------
def _hash_one(path: str, max_pixels: int, max_bytes: int) -> ImageHashes | str:
    try:
        return hash_image_file(path, max_pixels=max_pixels, max_bytes=max_bytes)
    except UnreadableImage as exc:
        return str(exc)


def _hash_all(paths: list[str], max_pixels: int, max_bytes: int,
              workers: int) -> dict[str, ImageHashes | str]:
    if workers <= 1 or len(paths) < _POOL_MIN:
        return {p: _hash_one(p, max_pixels, max_bytes) for p in paths}
    # pdqhash holds the GIL: processes, started fresh (no fork of the open store's threads).
    ctx = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            results = pool.map(_hash_one, paths, [max_pixels] * len(paths),
                               [max_bytes] * len(paths), chunksize=16)
            return dict(zip(paths, results, strict=True))
    except (BrokenProcessPool, OSError):
        # No worker processes here (e.g. a __main__ that cannot be re-imported): hash in-process.
        return {p: _hash_one(p, max_pixels, max_bytes) for p in paths}


def _listed(bucket: list, value: object) -> None:
    if len(bucket) < MAX_LISTED:
        bucket.append(value)


def hash_media(store: Store, folders: Sequence[str | os.PathLike[str]], *,
               run_id: str | None = None, max_pixels: int = DEFAULT_MAX_PIXELS,
               max_bytes: int = DEFAULT_MAX_BYTES, workers: int = 1) -> dict[str, Any]:
    """Hash the image files the stored items name, found in the export folders they came from.

    The given folders (and their sub-folders) are searched for the items' export files (a
    Telegram Desktop export's ``result.json``), and each export file is read for the chats it
    holds. An item's media ``file`` is looked up only in a folder whose export file (of the
    item's ``origin_file`` name) holds the item's source: relative to that folder, else by bare
    file name when exactly one file of that name lies in it. Items whose export folder is not
    found (another format, or a channel none of the given exports holds) are counted as
    ``no_export_folder`` and not hashed. Paths that would leave a folder are refused and
    counted; files already hashed for an item are skipped, so a re-run adds nothing.
    """
    if not folders:
        raise InputError("give at least one export folder")
    for folder in folders:
        if not os.path.isdir(folder):
            raise InputError("not a folder (give the folder that holds the export file)",
                             path=str(folder))
    index = ExportIndex(folders)
    started = time.perf_counter()
    run_id = run_id or "media-" + uuid.uuid4().hex[:12]
    stored = set(store.query("SELECT item_key, file FROM media_hash"))
    rows = store.query("SELECT item_key, source_key, origin_format, origin_file, media FROM item "
                       "WHERE media IS NOT NULL AND media LIKE '%\"file\"%' ORDER BY item_key")
    counts: Counter[str] = Counter()
    refused: list[dict[str, str]] = []
    missing: list[dict[str, str]] = []
    unplaced: Counter[str] = Counter()  # source → images with no export folder found
    work: list[tuple[str, str, str]] = []  # item key, file as named, real path
    seen: set[tuple[str, str]] = set()
    for item_key, source, origin_format, origin_file, media in rows:
        try:
            entries = orjson.loads(media)
        except orjson.JSONDecodeError:
            counts["bad_media_json"] += 1
            continue
        if not isinstance(entries, list):
            continue
        candidates = None  # the item's export folders, found when first needed
        has_file = False
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
                continue
            has_file = True
            ref = entry["file"]
            if not is_image_ref(entry):
                counts["not_image"] += 1
                continue
            if (item_key, ref) in seen:
                continue
            seen.add((item_key, ref))
            counts["images"] += 1
            if (item_key, ref) in stored:
                counts["already_stored"] += 1
                continue
            if ref.startswith("(") and ref.endswith(")"):
                counts["missing"] += 1  # "(File not included. Change data exporting settings…)"
                _listed(missing, {"item_key": item_key, "file": ref, "why": "not exported"})
                continue
            if candidates is None:
                candidates = (index.folders_for(origin_file or "", source or "")
                              if origin_format == TelegramDesktopConnector.name else [])
            if not candidates:
                counts["no_export_folder"] += 1
                unplaced[source or ""] += 1
                continue
            found = [e.resolve(ref) for e in candidates]
            ok = next((r for r in found if r.status == "ok"), None)
            if ok is not None and ok.path is not None:
                work.append((item_key, ref, ok.path))
                continue
            bad = next((r for r in found if r.status == "refused"), None)
            if bad is not None:
                counts["refused"] += 1
                _listed(refused, {"item_key": item_key, "file": ref, "why": bad.why})
            else:
                counts["missing"] += 1
                _listed(missing, {"item_key": item_key, "file": ref, "why": found[0].why})
        counts["items_with_files"] += has_file
    paths = sorted({p for _, _, p in work})
    results = _hash_all(paths, max_pixels, max_bytes, max(1, workers))
    records: list[MediaHash] = []
    unreadable: list[dict[str, str]] = []
    for item_key, ref, path in work:
        result = results[path]
        if isinstance(result, str):
            counts["unreadable"] += 1
            _listed(unreadable, {"item_key": item_key, "file": ref, "why": result})
            continue
        counts["low_quality"] += result.pdq_quality < MIN_PDQ_QUALITY
        records.append(MediaHash(
            item_key=item_key, file=ref, sha256=result.sha256, pdq=result.pdq,
            pdq_quality=result.pdq_quality, phash=result.phash, dhash=result.dhash,
            width=result.width, height=result.height, run_id=run_id))
    seconds = time.perf_counter() - started
    report: dict[str, Any] = {
        "run_id": run_id,
        "folders": [str(f) for f in folders],
        "items_with_files": counts["items_with_files"],
        "images": counts["images"],
        "hashed": len(records),
        "new": 0,
        "already_stored": counts["already_stored"],
        "missing": counts["missing"],
        "unreadable": counts["unreadable"],
        "refused": counts["refused"],
        "no_export_folder": counts["no_export_folder"],
        "not_image": counts["not_image"],
        "low_quality": counts["low_quality"],
        "bad_media_json": counts["bad_media_json"],
        "files_read": len(paths),
        "seconds": round(seconds, 3),
        "images_per_second": round(len(paths) / seconds, 1) if paths and seconds > 0 else None,
        "refused_paths": refused,
        "unreadable_files": unreadable,
        "missing_files": missing,
        "no_export_folder_sources": [{"source_key": k, "images": n}
                                     for k, n in sorted(unplaced.items())[:MAX_LISTED]],
        "export_files": [{"file": e.path, "sources": len(e.sources)} for e in index.files()],
        "export_file_errors": [{"file": f, "why": why} for f, why in index.errors[:MAX_LISTED]],
    }
    if records:
        with store.transaction():
            report["new"] = store.insert_new(MediaHash, records)
            now = datetime.now(UTC)
            settings = {"folders": report["folders"], "max_pixels": max_pixels,
                        "max_bytes": max_bytes}
            totals = {k: report[k] for k in ("images", "hashed", "new", "already_stored",
                                              "missing", "unreadable", "refused",
                                              "no_export_folder")}
            store.insert_new(Run, [Run(
                run_id=run_id, kind="media", started_at=now, finished_at=now, status="done",
                stages=orjson.dumps([{"name": "media.hash", "version": "v1"}]).decode(),
                settings=orjson.dumps(settings).decode(), counts=orjson.dumps(totals).decode(),
                tyndau_version=tyndau.__version__, error=None)])
    report["warnings"] = _warnings(report, len(unplaced))
    return report


def _warnings(report: dict[str, Any], unplaced_sources: int = 0) -> list[str]:
    out = []
    for problem in report["export_file_errors"]:
        out.append(f"export file {problem['file']!r}: {problem['why']}")
    if report["no_export_folder"]:
        sources = report["no_export_folder_sources"]
        shown = ", ".join(str(s["source_key"]) or "(no source)" for s in sources[:10])
        more = f" and {unplaced_sources - 10:,} more" if unplaced_sources > 10 else ""
        n = report["no_export_folder"]
        out.append(f"no export folder found: {n:,} image{'s' if n != 1 else ''} of "
                   f"{shown}{more} not hashed (none of the given folders holds an export of "
                   "their source; give the folder of the export they came from)")
    for kind, key in (("refused", "refused_paths"), ("unreadable", "unreadable_files")):
        for problem in report[key]:
            out.append(f"{kind}: {problem['file']!r} ({problem['item_key']}): {problem['why']}")
        more = report[kind] - len(report[key])
        if more > 0:
            out.append(f"… and {more:,} more {kind}")
    return out


# -- hash lists ---------------------------------------------------------------------------------
def import_hash_list(store: Store, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Import a CSV list of known media hashes (columns ``hash,type,label,source``).

    Every row is checked before anything is written: a bad type, a hash that is not hex or has
    the wrong length for its type raise :class:`InputError` naming the file, line and field.
    Entries already stored (same type and hash) are kept as they were; a re-import adds nothing.
    """
    p = Path(path)
    where = str(p)
    if not p.is_file():
        raise InputError("no such file", path=where)
    entries: dict[tuple[str, str], HashListEntry] = {}
    rows = duplicates = 0
    now = datetime.now(UTC)
    line = 0
    try:
        with open(p, encoding="utf-8-sig", errors="strict", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise InputError("empty file: expected a header hash,type,label,source",
                                 path=where)
            names = [h.strip().lower() for h in header]
            missing = [c for c in LIST_COLUMNS if c not in names]
            if missing:
                raise InputError(f"missing column(s) {', '.join(missing)}; the header must "
                                 f"name {','.join(LIST_COLUMNS)}", path=where, record="line 1",
                                 field=missing[0])
            if len(set(names)) != len(names):
                dup = next(n for n in names if names.count(n) > 1)
                raise InputError("column named twice", path=where, record="line 1", field=dup)
            pos = {c: names.index(c) for c in LIST_COLUMNS}
            for row in reader:
                line = reader.line_num
                if not any(v.strip() for v in row):
                    continue
                rec = f"line {line}"
                if len(row) > len(names):
                    raise InputError("more values than header columns", path=where, record=rec)
                values = {c: (row[i].strip() if i < len(row) else "") for c, i in pos.items()}
                kind = values["type"].lower()
                if kind not in HASH_TYPES:
                    raise InputError(f"unknown hash type {kind[:40]!r} (expected "
                                     f"{', '.join(HASH_TYPES)})", path=where, record=rec,
                                     field="type")
                value = values["hash"].lower()
                why = check_hex(value, HASH_BITS[kind])
                if why:
                    raise InputError(f"{kind} hash {why}", path=where, record=rec, field="hash")
                for name in ("label", "source"):
                    text = values[name]
                    if len(text) > MAX_TEXT:
                        raise InputError(f"longer than {MAX_TEXT} characters", path=where,
                                         record=rec, field=name)
                    if any(ord(c) < 32 for c in text):
                        raise InputError("control characters", path=where, record=rec,
                                         field=name)
                rows += 1
                if (kind, value) in entries:
                    duplicates += 1
                    continue
                entries[(kind, value)] = HashListEntry(
                    hash_type=kind, hash=value, label=values["label"],
                    list_source=values["source"], list_name=p.name, imported_at=now)
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 text ({exc.reason}) after line {line}",
                         path=where) from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", path=where, record=f"line {line + 1}") from None
    with store.transaction():
        new = store.insert_new(HashListEntry, list(entries.values()))
    by_type = Counter(k for k, _ in entries)
    return {"file": where, "list_name": p.name, "rows": rows, "entries": len(entries),
            "new": new, "already_stored": len(entries) - new, "duplicates_in_file": duplicates,
            "by_type": {t: by_type[t] for t in HASH_TYPES if by_type[t]}}


# -- matching -----------------------------------------------------------------------------------
_MEDIA_SQL = """
    SELECT m.item_key, m.file, m.sha256, m.pdq, m.pdq_quality, m.phash, m.dhash,
           i.source_key, i.platform, i.published_at
    FROM media_hash m LEFT JOIN item i USING (item_key)
    ORDER BY m.item_key, m.file
"""
_COLS = ("item_key", "file", "sha256", "pdq", "pdq_quality", "phash", "dhash", "source_key",
         "platform", "published_at")


def _media_rows(store: Store) -> list[dict[str, Any]]:
    return [dict(zip(_COLS, r, strict=True)) for r in store.query(_MEDIA_SQL)]


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def _usable(row: dict[str, Any], kind: str, min_pdq_quality: int) -> bool:
    if row[kind] is None:
        return False
    return kind != "pdq" or (row["pdq_quality"] or 0) >= min_pdq_quality


def match_hash_list(store: Store, *, max_distance_pdq: int = DEFAULT_MAX_DISTANCE["pdq"],
                    max_distance_phash: int = DEFAULT_MAX_DISTANCE["phash"],
                    max_distance_dhash: int = DEFAULT_MAX_DISTANCE["dhash"],
                    min_pdq_quality: int = MIN_PDQ_QUALITY) -> list[dict[str, Any]]:
    """Stored media hashes that match an imported hash-list entry, nearest first.

    SHA-256 entries match exactly; PDQ, pHash and dHash within their Hamming distance
    (inclusive). PDQ hashes of quality below ``min_pdq_quality`` are not matched.
    """
    limits = {"pdq": max_distance_pdq, "phash": max_distance_phash, "dhash": max_distance_dhash,
              "sha256": 0}
    for kind, limit in limits.items():
        if not 0 <= limit <= HASH_BITS[kind]:
            raise InputError(f"{kind} distance must be between 0 and {HASH_BITS[kind]}",
                             field=f"max_distance_{kind}")
    media = _media_rows(store)
    entries: dict[str, list[tuple[str, str, str, str]]] = {}
    for kind, value, label, source, name in store.query(
            "SELECT hash_type, hash, label, list_source, list_name FROM hash_list_entry "
            "ORDER BY hash_type, hash"):
        entries.setdefault(kind, []).append((value, label, source, name))
    out: list[dict[str, Any]] = []
    for kind in HASH_TYPES:
        listed = entries.get(kind)
        if not listed:
            continue
        rows = [r for r in media if _usable(r, kind, min_pdq_quality)]
        if not rows:
            continue
        if kind == "sha256":
            exact = {e[0]: e for e in listed}
            pairs = [(r, exact[r["sha256"]], 0) for r in rows if r["sha256"] in exact]
        else:
            bits = HASH_BITS[kind]
            uniq, inverse = unique_rows(hex_to_words([r[kind] for r in rows], bits))
            qi, lj, dist = pairs_within(uniq, hex_to_words([e[0] for e in listed], bits),
                                        limits[kind])
            by_uniq: dict[int, list[int]] = {}
            for row_index, u in enumerate(inverse.tolist()):
                by_uniq.setdefault(u, []).append(row_index)
            pairs = [(rows[k], listed[j], d) for u, j, d in zip(qi.tolist(), lj.tolist(),
                                                                 dist.tolist(), strict=True)
                     for k in by_uniq[u]]
        for r, (value, label, source, name), d in pairs:
            out.append({"item_key": r["item_key"], "source_key": r["source_key"],
                        "platform": r["platform"], "published_at": _iso(r["published_at"]),
                        "file": r["file"], "hash_type": kind, "distance": int(d),
                        "label": label, "list_source": source, "list_name": name,
                        "hash": value, "pdq_quality": r["pdq_quality"]})
    order = {k: i for i, k in enumerate(HASH_TYPES)}
    out.sort(key=lambda m: (m["distance"] / HASH_BITS[m["hash_type"]], order[m["hash_type"]],
                            m["item_key"], m["file"], m["hash"]))
    return out


# -- clusters -----------------------------------------------------------------------------------
def media_clusters(store: Store, *, min_sources: int = 2, hash_type: str = "pdq",
                   max_distance: int | None = None, min_pdq_quality: int = MIN_PDQ_QUALITY,
                   limit: int | None = None) -> list[dict[str, Any]]:
    """Groups of re-used images: files whose ``hash_type`` hashes lie within ``max_distance``
    bits of each other (single linkage, through chains) or whose bytes are identical, kept when
    they span at least ``min_sources`` sources. Largest spread first.

    Each cluster: a stable ``id`` (from its first-seen file), ``sources`` (count),
    ``source_keys``, ``platforms``, ``first_seen`` (the earliest published item) and ``items``
    (each with source, platform, time, file and its distance to the first-seen image).
    """
    if hash_type not in ("pdq", "phash", "dhash"):
        raise InputError(f"unknown hash type {hash_type!r} (expected pdq, phash or dhash)",
                         field="hash_type")
    bits = HASH_BITS[hash_type]
    limit_bits = DEFAULT_MAX_DISTANCE[hash_type] if max_distance is None else max_distance
    if not 0 <= limit_bits <= bits:
        raise InputError(f"distance must be between 0 and {bits}", field="max_distance")
    if min_sources < 1:
        raise InputError("min_sources must be at least 1", field="min_sources")
    media = _media_rows(store)
    hexes = [r[hash_type] if _usable(r, hash_type, min_pdq_quality) else None for r in media]
    labels = near_duplicate_groups(hexes, bits, limit_bits, [r["sha256"] for r in media])
    groups: dict[int, list[int]] = {}
    for k, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(k)
    far = datetime.max.replace(tzinfo=UTC)
    clusters = []
    for members in groups.values():
        if len(members) < 2:
            continue
        rows = sorted((media[k] for k in members),
                      key=lambda r: (r["published_at"] or far, r["item_key"], r["file"]))
        sources = sorted({r["source_key"] or "" for r in rows})
        if len(sources) < min_sources:
            continue
        first = rows[0]
        items = []
        for r in rows:
            distance = None
            if r[hash_type] is not None and first[hash_type] is not None:
                distance = hamming_hex(r[hash_type], first[hash_type])
            items.append({"item_key": r["item_key"], "source_key": r["source_key"],
                          "platform": r["platform"], "published_at": _iso(r["published_at"]),
                          "file": r["file"], "sha256": r["sha256"],
                          "pdq_quality": r["pdq_quality"], "distance": distance,
                          "same_file": r["sha256"] == first["sha256"]})
        cid = hashlib.sha256(f"{first['item_key']}\x00{first['file']}".encode()).hexdigest()
        clusters.append({
            "id": "media:" + cid[:16],
            "sources": len(sources),
            "source_keys": sources,
            "platforms": sorted({r["platform"] or "" for r in rows}),
            "files": len(rows),
            "first_seen": {"item_key": first["item_key"], "source_key": first["source_key"],
                           "published_at": _iso(first["published_at"]), "file": first["file"]},
            "last_seen_at": _iso(rows[-1]["published_at"]),
            "hash_type": hash_type,
            "max_distance": limit_bits,
            "items": items,
        })
    clusters.sort(key=lambda c: (-c["sources"], -c["files"], c["first_seen"]["published_at"]
                                 or "~", c["id"]))
    return clusters[:limit] if limit else clusters
