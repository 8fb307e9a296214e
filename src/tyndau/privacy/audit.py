"""The tamper-evident audit log: who logged in, viewed, searched, exported and decided what.

Every entry is appended with its position (``seq``), time, user, action, target and detail, and
``entry_hash`` = SHA-256 over those fields and the previous entry's hash, so that changing or
deleting any entry breaks the chain from there on; :func:`verify` finds the first break.
Entries are only ever appended (the store has no update or delete path for them).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import orjson

from tyndau.schema import AuditEntry
from tyndau.store import Store

GENESIS = "0" * 64
ACTIONS = ("login", "login_failed", "logout", "view_item", "search", "export", "review",
           "user_add", "user_disable", "user_role", "token_create", "settings")


def _digest(seq: int, at: datetime, username: str | None, action: str, target: str | None,
            detail: str | None, prev_hash: str) -> str:
    payload = orjson.dumps([seq, at.astimezone(UTC).isoformat(timespec="microseconds"),
                            username, action, target, detail, prev_hash])
    return hashlib.sha256(payload).hexdigest()


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
        store.insert_new(AuditEntry, [entry])
    return entry


def verify(store: Store) -> dict[str, Any]:
    """Walk the chain; report the first entry that was changed, inserted or deleted."""
    prev, expected_seq, count = GENESIS, 1, 0
    cur = store.con.execute("SELECT seq, occurred_at, username, action, target, detail, "
                            "prev_hash, entry_hash FROM audit_entry ORDER BY seq")
    while rows := cur.fetchmany(10_000):
        for seq, at, user, action, target, detail, prev_hash, entry_hash in rows:
            if seq != expected_seq:
                return _broken(count, seq, f"entry {expected_seq} is missing (next is {seq})")
            if prev_hash != prev:
                return _broken(count, seq, f"entry {seq} does not follow entry {seq - 1} "
                                           "(an entry before it was changed or deleted)")
            if _digest(seq, at, user, action, target, detail, prev_hash) != entry_hash:
                return _broken(count, seq, f"entry {seq} was changed after it was written")
            prev, expected_seq, count = entry_hash, seq + 1, count + 1
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
