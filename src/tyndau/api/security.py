"""Who is asking: sessions from the cookie or a bearer token, roles, CSRF, and safe headers."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Request
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse, Response

from tyndau.errors import AuthError
from tyndau.services.accounts import User, require, session_user

COOKIE = "tyndau_session"
CSRF_HEADER = "x-csrf-token"
#: No inline script, no remote anything: content from hostile channels cannot run or call out.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Caller:
    user: User
    csrf: str | None
    kind: str  # browser or api
    token: str


def caller(request: Request) -> Caller | None:
    """The logged-in caller of a request, if any (cached on the request)."""
    if hasattr(request.state, "caller"):
        return request.state.caller
    token, via_cookie = None, False
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
    else:
        token = request.cookies.get(COOKIE)
        via_cookie = True
    found = None
    if token:
        with request.app.state.holder.reading() as store:
            found = session_user(store, token)
    result = None
    if found is not None:
        user, csrf, kind = found
        if (kind == "browser") == via_cookie:  # a cookie token only as cookie, and vice versa
            result = Caller(user, csrf, kind, token)
    request.state.caller = result
    return result


def check_csrf(request: Request, c: Caller, form_token: str | None = None) -> None:
    """Unsafe requests from a browser session must echo its CSRF token."""
    if c.kind != "browser" or request.method not in UNSAFE:
        return
    sent = request.headers.get(CSRF_HEADER) or form_token or ""
    if not c.csrf or not hmac.compare_digest(sent.encode(), c.csrf.encode()):
        raise AuthError("missing or wrong CSRF token: reload the page and try again")


def needs(role: str):  # type: ignore[no-untyped-def]
    """A FastAPI dependency: the caller, who must have at least ``role``."""
    def dependency(request: Request) -> User:
        c = caller(request)
        user = require(c.user if c else None, role)
        if c is not None and request.url.path.startswith("/api/"):
            check_csrf(request, c)
        return user
    dependency.__name__ = f"needs_{role}"
    return dependency


class SecurityHeaders(BaseHTTPMiddleware):
    def __init__(self, app, *, hsts: bool = False) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.hsts = hsts

    async def dispatch(self, request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        h = response.headers
        if self.hsts:
            h["strict-transport-security"] = "max-age=31536000"
        h.setdefault("content-security-policy", CSP)
        h["x-content-type-options"] = "nosniff"
        h["referrer-policy"] = "no-referrer"
        h["x-frame-options"] = "DENY"
        h["cross-origin-opener-policy"] = "same-origin"
        h["cross-origin-resource-policy"] = "same-origin"
        h["permissions-policy"] = "camera=(), microphone=(), geolocation=()"
        if not request.url.path.startswith("/static/"):
            h["cache-control"] = "no-store"
        return response


class BodyLimit(BaseHTTPMiddleware):
    """Refuse request bodies over ``max_bytes`` (forms and JSON here are small)."""

    def __init__(self, app, *, max_bytes: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.max_bytes = max_bytes

    async def dispatch(self, request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            return JSONResponse({"error": {"type": "too_large",
                                           "message": "request body too large"}},
                                status_code=413)
        if request.method in UNSAFE and length is None and \
                "chunked" in request.headers.get("transfer-encoding", ""):
            return JSONResponse({"error": {"type": "length_required",
                                           "message": "send a Content-Length"}},
                                status_code=411)
        return await call_next(request)
