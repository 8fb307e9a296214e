"""Local accounts, roles, sessions and login rate limiting for the workbench and the API.

Roles, each including the ones before it:

- ``viewer``: aggregates only, and none computed over fewer than ``k`` items;
- ``analyst``: also items, their text, search and exports;
- ``reviewer``: also review decisions;
- ``admin``: also accounts and settings.

Passwords are hashed with argon2id (``argon2-cffi``); sessions are random 256-bit tokens of
which the store keeps only the SHA-256, with a CSRF token for browser sessions. Failed logins
are limited per username and per client address.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from tyndau.errors import AuthError, InputError
from tyndau.privacy import audit
from tyndau.schema import Account, WebSession
from tyndau.store import Store

ROLES = ("viewer", "analyst", "reviewer", "admin")
SESSION_HOURS = 12
API_TOKEN_DAYS = 90
RESERVED = frozenset({"cli", "system", "admin-cli"})  # names the audit log uses for non-users
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) defaults
_DUMMY = _hasher.hash("not a password")


@dataclass(frozen=True, slots=True)
class User:
    username: str
    role: str

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_password_strength(password: str) -> None:
    if len(password) < 12:
        raise InputError("a password needs at least 12 characters", field="password")
    if len(password) > 1024:
        raise InputError("a password may have at most 1024 characters", field="password")


def add_user(store: Store, username: str, password: str, role: str, *,
             created_by: str | None = "cli") -> User:
    username = username.strip().lower()
    if not _USERNAME.match(username) or username in RESERVED:
        raise InputError("a username is 2–32 of a-z, 0-9, '.', '_', '-' (starting with a "
                         f"letter or digit), not {', '.join(sorted(RESERVED))}: "
                         f"{username[:40]!r}", field="username")
    if role not in ROLES:
        raise InputError(f"unknown role {role[:40]!r} (one of {', '.join(ROLES)})", field="role")
    check_password_strength(password)
    with store.transaction():
        if store.query("SELECT 1 FROM account WHERE username = ?", [username]):
            raise InputError(f"user {username!r} exists already", field="username")
        store.insert_new(Account, [Account(
            username=username, role=role, password_hash=_hasher.hash(password),
            created_at=datetime.now(UTC), created_by=created_by, disabled=False)])
        audit.append(store, "user_add", username=created_by, target=username,
                     detail={"role": role})
    return User(username, role)


def set_role(store: Store, username: str, role: str, *, by: str | None = "cli") -> None:
    if role not in ROLES:
        raise InputError(f"unknown role {role[:40]!r} (one of {', '.join(ROLES)})", field="role")
    with store.transaction():
        _require_account(store, username)
        store.con.execute("UPDATE account SET role = ? WHERE username = ?", [role, username])
        audit.append(store, "user_role", username=by, target=username, detail={"role": role})


def disable_user(store: Store, username: str, *, by: str | None = "cli") -> None:
    with store.transaction():
        _require_account(store, username)
        store.con.execute("UPDATE account SET disabled = true WHERE username = ?", [username])
        store.con.execute("DELETE FROM web_session WHERE username = ?", [username])
        audit.append(store, "user_disable", username=by, target=username)


def _require_account(store: Store, username: str) -> None:
    if not store.query("SELECT 1 FROM account WHERE username = ?", [username]):
        raise InputError(f"no user {username[:40]!r}", field="username")


def list_users(store: Store) -> list[dict[str, object]]:
    return [{"username": u, "role": r, "created_at": c.isoformat(), "created_by": b,
             "disabled": d}
            for u, r, c, b, d in store.query(
                "SELECT username, role, created_at, created_by, disabled FROM account "
                "ORDER BY username")]


class LoginLimiter:
    """At most ``attempts`` failed logins per username and per address in ``window`` seconds.

    Memory stays bounded: lookups never add keys, expired keys are dropped, and beyond
    ``max_keys`` the oldest are forgotten.
    """

    def __init__(self, attempts: int = 5, window: float = 900.0, max_keys: int = 10_000) -> None:
        self.attempts = attempts
        self.window = window
        self.max_keys = max_keys
        self._failures: dict[str, deque[float]] = {}
        self._block_logged: dict[str, float] = {}
        self._lock = threading.Lock()

    def _count(self, key: str, now: float) -> int:
        q = self._failures.get(key)
        if q is None:
            return 0
        while q and q[0] < now - self.window:
            q.popleft()
        if not q:
            del self._failures[key]
            return 0
        return len(q)

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(self._count(k, now) >= self.attempts for k in keys)

    def first_block(self, *keys: str) -> bool:
        """True once per window for a blocked key: only that attempt is worth an audit entry."""
        now = time.monotonic()
        with self._lock:
            key = "|".join(keys)
            if now - self._block_logged.get(key, -1e18) < self.window:
                return False
            if len(self._block_logged) >= self.max_keys:
                self._block_logged.clear()
            self._block_logged[key] = now
            return True

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) >= self.max_keys:
                for k in list(self._failures)[: self.max_keys // 10]:
                    del self._failures[k]
            for k in keys:
                self._failures.setdefault(k, deque()).append(now)

    def succeeded(self, username_key: str) -> None:
        with self._lock:
            self._failures.pop(username_key, None)


@dataclass
class LoginCheck:
    """The outcome of checking a password (no writes yet): see :func:`record_login`."""

    user: User | None
    name: str
    known: bool
    client: str
    blocked: bool = False
    log: bool = True
    rehash: str | None = None


def check_login(store: Store, username: str, password: str, *, limiter: LoginLimiter,
                client: str = "-") -> LoginCheck:
    """Check a password (slow on purpose: argon2) with only reads, so that a server can do it
    without holding its write lock. Failures count against the limiter."""
    name = (username or "").strip().lower()[:64]
    keys = (f"user:{name}", f"addr:{client}")
    row = store.query("SELECT role, password_hash, disabled FROM account WHERE username = ?",
                      [name])
    if limiter.blocked(*keys):
        return LoginCheck(None, name, bool(row), client, blocked=True,
                          log=limiter.first_block(*keys))
    ok, rehash = False, None
    if row:
        role, stored, disabled = row[0]
        try:
            ok = _hasher.verify(stored, password or "") and not disabled
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        if ok and _hasher.check_needs_rehash(stored):
            rehash = _hasher.hash(password)
    else:
        # the same work for unknown names, so timing does not tell which names exist
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY, password or "")
    if not ok:
        limiter.failed(*keys)
        return LoginCheck(None, name, bool(row), client)
    limiter.succeeded(keys[0])
    return LoginCheck(User(name, role), name, True, client, rehash=rehash)


def record_login(store: Store, check: LoginCheck) -> User:
    """Write what a login check found (audit entry; a stronger hash) and return the user, or
    raise :class:`AuthError`. Typed names of unknown accounts are never recorded (a password
    typed into the name field must not end up in the log)."""
    name = check.name if check.known else None
    if check.blocked:
        if check.log:
            audit.append(store, "login_failed", username=name, target=name,
                         detail={"reason": "rate limited", "client": check.client})
        raise AuthError("too many failed logins: wait 15 minutes and try again")
    if check.user is None:
        audit.append(store, "login_failed", username=name, target=name,
                     detail={"client": check.client})
        raise AuthError("wrong username or password")
    if check.rehash:
        store.con.execute("UPDATE account SET password_hash = ? WHERE username = ?",
                          [check.rehash, check.name])
    audit.append(store, "login", username=check.name, detail={"client": check.client})
    return check.user


def authenticate(store: Store, username: str, password: str, *, limiter: LoginLimiter,
                 client: str = "-") -> User:
    """Check a password and record the outcome in one go (see :func:`check_login`)."""
    return record_login(store, check_login(store, username, password, limiter=limiter,
                                           client=client))


def create_session(store: Store, user: User, *, kind: str = "browser") -> tuple[str, str | None]:
    """A new session: returns (token, csrf token). Only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32) if kind == "browser" else None
    now = datetime.now(UTC)
    life = timedelta(hours=SESSION_HOURS) if kind == "browser" else timedelta(days=API_TOKEN_DAYS)
    with store.transaction():
        store.con.execute("DELETE FROM web_session WHERE expires_at < ?", [now])
        store.insert_new(WebSession, [WebSession(
            token_hash=_token_hash(token), username=user.username, kind=kind, csrf_token=csrf,
            created_at=now, expires_at=now + life)])
        if kind == "api":
            audit.append(store, "token_create", username=user.username)
    return token, csrf


def session_user(store: Store, token: str | None) -> tuple[User, str | None, str] | None:
    """(user, csrf token, kind) for a live session token, else None."""
    if not token or len(token) > 200:
        return None
    row = store.query(
        "SELECT a.username, a.role, s.csrf_token, s.kind FROM web_session s "
        "JOIN account a USING (username) WHERE s.token_hash = ? AND s.expires_at > ? "
        "AND NOT a.disabled", [_token_hash(token), datetime.now(UTC)])
    if not row:
        return None
    username, role, csrf, kind = row[0]
    return User(username, role), csrf, kind


def end_session(store: Store, token: str, username: str) -> None:
    with store.transaction():
        store.con.execute("DELETE FROM web_session WHERE token_hash = ?", [_token_hash(token)])
        audit.append(store, "logout", username=username)


def require(user: User | None, role: str) -> User:
    if user is None:
        raise AuthError("log in first")
    if not user.can(role):
        raise AuthError(f"this needs the {role} role (you are {user.role})")
    return user
