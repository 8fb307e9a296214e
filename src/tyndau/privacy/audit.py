"""The tamper-evident audit log: who logged in, viewed, searched, exported and decided what.

Every entry is appended with its position (``seq``), time, user, action, target and detail, and
``entry_hash`` = HMAC-SHA-256 over those fields and the previous entry's hash, keyed with a key
derived from the pseudonymisation key (which lives outside the store): changing or deleting an
entry breaks the chain from there on, and someone who can write the store file but lacks the
key cannot forge a new chain. After every append the head of the chain (last ``seq`` and hash)
is written to ``<store>.audit-head`` beside the store, so that deleting the newest entries is
detected too. :func:`verify` reports the first break. Entries are only ever appended.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from tyndau.config import Settings
from tyndau.privacy.pseudonymise import load_or_create_key
from tyndau.schema import AuditEntry
from tyndau.store import Store

GENESIS = "0" * 64
ACTIONS = ("login", "login_failed", "logout", "view_item", "search", "list_items", "export",
           "review",
           "user_add", "user_disable", "user_role", "token_create", "settings")


_KEYS: dict[str, bytes] = {}


def _key() -> bytes:
    """The audit key: derived from the pseudonymisation key file (never stored in the store)."""
    path = Settings.resolve().key_file
    cached = _KEYS.get(str(path))
    if cached is None:
        base = load_or_create_key(path)
        cached = _KEYS[str(path)] = hmac.new(base, b"tyndau audit log v1", hashlib.sha256).digest()
    return cached


def _digest(seq: int, at: datetime, username: str | None, action: str, target: str | None,
            detail: str | None, prev_hash: str) -> str:
    payload = orjson.dumps([seq, at.astimezone(UTC).isoformat(timespec="microseconds"),
                            username, action, target, detail, prev_hash])
    return hmac.new(_key(), payload, hashlib.sha256).hexdigest()


def head_file(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".audit-head")


def _write_head(store: Store, seq: int, entry_hash: str) -> None:
    path = head_file(store)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(orjson.dumps({"seq": seq, "hash": entry_hash}).decode(), "utf-8")
    os.replace(tmp, path)


def append(store: Store, action: str, *, username: str | None, target: str | None = None,
           detail: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry (inside the caller's transaction, or its own)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    with store.transaction():
        last = store.query("SELECT seq, entry_hash FROM audit_entry ORDER BY seq DESC LIMIT 1")
        seq, prev = (last[0][0] + 1, last[0][1]) if last else (1, GENESIS)
        at = datetime.now(UTC)
        text = orjson.dumps(detail, option=orjson.OPT_SORT_KEYS).decode() if detail else None
        target = target[:500] if target else target
        entry = AuditEntry(seq=seq, occurred_at=at, username=username, action=action,
                           target=target, detail=text, prev_hash=prev,
                           entry_hash=_digest(seq, at, username, action, target, text, prev))
        # a plain INSERT: an entry that collides with another must fail, never vanish
        store.con.execute(
            "INSERT INTO audit_entry (seq, occurred_at, username, action, target, detail, "
            "prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [seq, at, username, action, target, text, prev, entry.entry_hash])
    _write_head(store, seq, entry.entry_hash)
    return entry


def verify(store: Store) -> dict[str, Any]:
    """Walk the chain; report the first entry that was changed, inserted or deleted."""
    prev, expected_seq, count = GENESIS, 1, 0
    cur = store.con.execute("SELECT seq, occurred_at, username, action, target, detail, "
                            "prev_hash, entry_hash FROM audit_entry ORDER BY seq")
    while rows := cur.fetchmany(10_000):
        for seq, at, user, action, target, detail, prev_hash, entry_hash in rows:
            if seq != expected_seq:
                return _broken(count, expected_seq,
                               f"entry {expected_seq} is missing (next is {seq})")
            if prev_hash != prev:
                return _broken(count, seq, f"entry {seq} does not follow entry {seq - 1} "
                                           "(an entry before it was changed or deleted)")
            if _digest(seq, at, user, action, target, detail, prev_hash) != entry_hash:
                return _broken(count, seq, f"entry {seq} was changed after it was written"
                               + (" (or this is not the key file the log was written with)"
                                  if seq == 1 else ""))
            prev, expected_seq, count = entry_hash, seq + 1, count + 1
    head = head_file(store)
    if head.exists():
        try:
            recorded = orjson.loads(head.read_bytes())
        except orjson.JSONDecodeError:
            return _broken(count, expected_seq, f"{head.name} is unreadable")
        if recorded.get("seq") != count or recorded.get("hash") != prev:
            return _broken(count, expected_seq,
                           f"the log ends at entry {count} but {head.name} says it ended at "
                           f"entry {recorded.get('seq')}: the newest entries were deleted or "
                           "replaced")
    elif count:
        return _broken(count, expected_seq, f"{head.name} is missing beside the store")
    return {"ok": True, "entries": count, "last_hash": prev}


def _broken(count: int, seq: int, message: str) -> dict[str, Any]:
    return {"ok": False, "entries_checked": count, "first_bad_seq": seq, "problem": message}


def entries(store: Store, *, limit: int = 100, offset: int = 0, action: str | None = None,
            username: str | None = None) -> list[dict[str, Any]]:
    """Recent entries, newest first."""
    where, params = [], []
    if action:
        where.append("action = ?")
        params.append(action)
    if username:
        where.append("username = ?")
        params.append(username)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    rows = store.query(f"SELECT seq, occurred_at, username, action, target, detail, entry_hash "
                       f"FROM audit_entry {clause} ORDER BY seq DESC LIMIT ? OFFSET ?",
                       [*params, limit, offset])
    return [{"seq": s, "at": at.isoformat(), "username": u, "action": a, "target": t,
             "detail": orjson.loads(d) if d else None, "hash": h[:16]}
            for s, at, u, a, t, d, h in rows]
