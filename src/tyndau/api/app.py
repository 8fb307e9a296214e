"""The HTTP API (``/api/v1``, OpenAPI at ``/api/openapi.json``) and the app that serves it.

Routes call the same service functions as the CLI and return their payloads. Every list is
paged (``limit``, ``offset``). Errors have one JSON shape: ``{"error": {"type", "message"}}``.
Roles: see :mod:`tyndau.services.accounts`; a viewer gets aggregates only, with every count
below ``k`` blanked.
"""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

import tyndau
from tyndau.api.holder import StoreHolder
from tyndau.api.security import COOKIE, BodyLimit, SecurityHeaders, caller, needs
from tyndau.errors import AuthError, InputError, NotFoundError, StoreError, TyndauError
from tyndau.privacy import audit
from tyndau.services import accounts, items, reviews
from tyndau.services.accounts import LoginLimiter, User
from tyndau.services.coordination import coordination
from tyndau.services.near_duplicates import cluster_detail, duplicate_clusters
from tyndau.services.reach import narrative_reach, source_reach
from tyndau.services.sources import list_sources, source_detail
from tyndau.services.spread_graph import frontier, propagation_graph
from tyndau.taxonomy import load as load_taxonomy

Page = Annotated[int, Query(ge=1, le=items.MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@dataclass
class ServeSettings:
    db: Path
    k: int = 10  # no aggregate over fewer items is shown to a viewer
    secure_cookies: bool = False  # set behind HTTPS
    lang: str = "en"


class Login(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    kind: str = Field("browser", pattern="^(browser|api)$")


class Decision(BaseModel):
    function: str = Field(max_length=40)
    narratives: list[str] = Field(default_factory=list, max_length=20)
    grievances: list[str] = Field(default_factory=list, max_length=20)
    reason: str | None = Field(None, max_length=reviews.MAX_REASON)


class NewUser(BaseModel):
    username: str = Field(max_length=32)
    password: str = Field(max_length=1024)
    role: str = Field(pattern="^(viewer|analyst|reviewer|admin)$")


def _error(status: int, kind: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"type": kind, "message": message}}, status_code=status)


def error_response(exc: TyndauError) -> JSONResponse:
    if isinstance(exc, AuthError):
        status = 403 if "role" in str(exc) or "CSRF" in str(exc) else 401
        return _error(status, "forbidden" if status == 403 else "unauthorised", str(exc))
    if isinstance(exc, NotFoundError):
        return _error(404, "not_found", str(exc))
    if isinstance(exc, InputError):
        return _error(400, "bad_request", str(exc))
    if isinstance(exc, StoreError):
        return _error(503, "busy", "the store is busy (an import or analysis is running); "
                                   "try again in a moment")
    return _error(500, "error", str(exc))


class AggregateCache:
    """Aggregates (overview, trends) change only when a run changes the store: they are kept
    until the run table's fingerprint moves (any import, analysis or dedup run)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._data: dict[tuple, Any] = {}
        self._lock = threading.Lock()

    def get(self, store: Any, key: tuple, compute: Any) -> Any:
        fingerprint = tuple(store.query(
            "SELECT count(*), max(coalesce(finished_at, started_at)) FROM run")[0])
        full = (*key, fingerprint)
        with self._lock:
            if full in self._data:
                return self._data[full]
        value = compute()
        with self._lock:
            if len(self._data) >= self.size:
                self._data.clear()
            self._data[full] = value
        return value


def k_for(user: User, settings: ServeSettings) -> int:
    return 1 if user.can("analyst") else settings.k


def _date(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        from datetime import UTC
        d = datetime.fromisoformat(value)
        return d if d.tzinfo else d.replace(tzinfo=UTC)
    except ValueError:
        raise InputError(f"not a date: {value[:40]!r} (use YYYY-MM-DD)", field=name) from None


def item_filter(since: str | None = None, until: str | None = None,
                platform: Annotated[str | None, Query(max_length=40)] = None,
                source: Annotated[str | None, Query(max_length=200)] = None,
                lang: Annotated[str | None, Query(max_length=8)] = None,
                function: Annotated[str | None, Query(max_length=40)] = None,
                narrative: Annotated[str | None, Query(max_length=60)] = None,
                grievance: Annotated[str | None, Query(max_length=60)] = None,
                min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
                q: Annotated[str | None, Query(max_length=items.MAX_QUERY)] = None
                ) -> items.ItemFilter:
    return items.ItemFilter(since=_date(since, "since"), until=_date(until, "until"),
                            platform=platform, source=source, lang=lang, function=function,
                            narrative=narrative, grievance=grievance, min_score=min_score,
                            query=q)


Filter = Annotated[items.ItemFilter, Depends(item_filter)]


def api_router() -> APIRouter:
    r = APIRouter(prefix="/api/v1")
    viewer, analyst = Depends(needs("viewer")), Depends(needs("analyst"))
    reviewer, admin = Depends(needs("reviewer")), Depends(needs("admin"))

    @r.post("/session", tags=["session"])
    def login(body: Login, request: Request) -> JSONResponse:
        """Log in: a browser session (cookie + CSRF token) or an API bearer token."""
        holder = request.app.state.holder
        client = request.client.host if request.client else "-"
        with holder.reading() as store:  # argon2 without the write lock
            check = accounts.check_login(store, body.username, body.password,
                                         limiter=request.app.state.limiter, client=client)
        with holder.writing() as store:
            user = accounts.record_login(store, check)
            token, csrf = accounts.create_session(store, user, kind=body.kind)
        if body.kind == "api":
            return JSONResponse({"username": user.username, "role": user.role, "token": token})
        resp = JSONResponse({"username": user.username, "role": user.role, "csrf_token": csrf})
        resp.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.settings.secure_cookies,
                        max_age=accounts.SESSION_HOURS * 3600, path="/")
        return resp

    @r.delete("/session", tags=["session"])
    def logout(request: Request, user: User = viewer) -> JSONResponse:
        c = caller(request)
        with request.app.state.holder.writing() as store:
            accounts.end_session(store, c.token, user.username)  # type: ignore[union-attr]
        resp = JSONResponse({"ok": True})
        resp.delete_cookie(COOKIE, path="/")
        return resp

    @r.get("/me", tags=["session"])
    def me(request: Request, user: User = viewer) -> dict[str, Any]:
        c = caller(request)
        return {"username": user.username, "role": user.role,
                "csrf_token": c.csrf if c else None}

    @r.get("/taxonomy", tags=["aggregates"])
    def taxonomy(user: User = viewer) -> dict[str, Any]:
        tax = load_taxonomy()
        return {axis: [{"id": x, "name": tax.name(x)} for x in getattr(tax, axis)]
                for axis in ("functions", "narratives", "grievances")}

    @r.get("/overview", tags=["aggregates"])
    def overview(request: Request, user: User = viewer) -> dict[str, Any]:
        k = k_for(user, request.app.state.settings)
        with request.app.state.holder.reading() as store:
            return request.app.state.cache.get(store, ("overview", k),
                                               lambda: items.overview(store, k=k))

    @r.get("/trends/{axis}", tags=["aggregates"])
    def trends(axis: str, request: Request, by: str = "lang", period: str = "week",
               user: User = viewer) -> dict[str, Any]:
        k = k_for(user, request.app.state.settings)
        with request.app.state.holder.reading() as store:
            return request.app.state.cache.get(
                store, ("trends", axis, by, period, k),
                lambda: items.label_trends(store, axis, by=by, period=period, k=k))

    @r.get("/sources", tags=["sources"])
    def sources(request: Request, platform: str | None = None, status: str | None = None,
                sort: str | None = None, search: Annotated[str | None,
                                                           Query(max_length=100)] = None,
                limit: Page = 50, offset: Offset = 0, user: User = viewer) -> dict[str, Any]:
        k = k_for(user, request.app.state.settings)
        sort = sort or ("title" if k > 1 else "last_item")
        if k > 1 and (sort not in ("title", "subscribers") or status):
            raise AuthError("this needs the analyst role (viewers may sort sources by title "
                            "or subscribers, and not filter by status)")
        with request.app.state.holder.reading() as store:
            data = list_sources(store, platform=platform, status=status, sort=sort,
                                search=search, limit=limit, offset=offset)
        if k > 1:
            data["sources"] = items.redact_sources_for_viewer(data["sources"], k)
            data.pop("method", None)
            data.pop("as_of", None)
        return data

    @r.get("/sources/{key:path}", tags=["sources"])
    def source(key: str, request: Request, user: User = analyst) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            return source_detail(store, key)

    @r.get("/items", tags=["items"])
    def item_list(request: Request, flt: Filter,
                  limit: Page = 50, offset: Offset = 0, user: User = analyst) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            data = items.list_items(store, flt, limit=limit, offset=offset)
        with request.app.state.holder.writing() as store:
            audit.append(store, "search" if flt.query else "list_items",
                         username=user.username, target=flt.query or "items",
                         detail={**_filter_detail(flt), "limit": limit, "offset": offset,
                                 "results": data["total"]})
        return data

    @r.get("/items/{key:path}", tags=["items"])
    def item(key: str, request: Request, user: User = analyst) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            data = items.item_detail(store, key, viewer=user.username,
                                     show_all_reviews=user.role != "reviewer")
        with request.app.state.holder.writing() as store:
            audit.append(store, "view_item", username=user.username, target=key)
        return data

    @r.get("/duplicates", tags=["spread"])
    def duplicates(request: Request, min_sources: Annotated[int, Query(ge=1)] = 2,
                   platform: str | None = None, cross_platform: bool = False,
                   cross_script: bool = False, limit: Page = 50, offset: Offset = 0,
                   user: User = analyst) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            return {"clusters": duplicate_clusters(
                store, min_sources=min_sources, platform=platform,
                cross_platform=cross_platform, cross_script=cross_script, limit=limit,
                offset=offset)}

    @r.get("/duplicates/{cluster_id}", tags=["spread"])
    def duplicate(cluster_id: str, request: Request, user: User = analyst) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            return cluster_detail(store, cluster_id)

    @r.get("/graph", tags=["spread"])
    def graph(request: Request, min_weight: Annotated[int, Query(ge=1)] = 1,
              limit: Page = 500, user: User = analyst) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            return propagation_graph(store, min_weight=min_weight, edge_limit=limit)

    @r.get("/frontier", tags=["spread"])
    def frontier_route(request: Request, platform: str | None = None,
                       min_sources: Annotated[int, Query(ge=1)] = 1, limit: Page = 50,
                       user: User = analyst) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            return {"frontier": frontier(store, platform=platform, min_sources=min_sources,
                                         limit=limit)}

    @r.get("/reach", tags=["spread"])
    def reach(request: Request, by: str = "source", limit: Page = 50, offset: Offset = 0,
              user: User = analyst) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            if by == "source":
                return source_reach(store, limit=limit, offset=offset)
            return narrative_reach(store, axis=by)

    @r.get("/coordination", tags=["spread"])
    def coordination_route(request: Request,
                           window: Annotated[float, Query(gt=0, le=43_200)] = 60.0,
                           min_events: Annotated[int, Query(ge=1)] = 2,
                           user: User = analyst) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            return coordination(store, window_minutes=window, min_events=min_events)

    @r.get("/reviews/queue", tags=["review"])
    def queue(request: Request, limit: Page = 50, offset: Offset = 0,
              user: User = reviewer) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            rows = reviews.review_queue(store, user, limit=limit, offset=offset)
        with request.app.state.holder.writing() as store:
            audit.append(store, "list_items", username=user.username, target="review queue",
                         detail={"limit": limit, "offset": offset, "results": len(rows)})
        return {"items": rows}

    @r.post("/items/{key:path}/reviews", tags=["review"])
    def decide(key: str, body: Decision, request: Request,
               user: User = reviewer) -> dict[str, Any]:
        with request.app.state.holder.writing() as store:
            return reviews.decide(store, user, key, function=body.function,
                                  narratives=body.narratives, grievances=body.grievances,
                                  reason=body.reason)

    @r.get("/referral-candidates", tags=["review"])
    def candidates(request: Request, user: User = reviewer) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            return {"candidates": reviews.referral_candidates(store)}

    @r.post("/export/items.csv", tags=["items"])
    def export_items(request: Request, flt: Filter,
                     limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000,
                     user: User = analyst) -> Response:
        """Items as CSV (no author column): the filter of the item list."""
        with request.app.state.holder.reading() as store:
            rows: list[dict[str, Any]] = []
            offset = 0
            while offset < limit:
                page = items.list_items(store, flt, limit=min(items.MAX_PAGE, limit - offset),
                                        offset=offset, count=False)["items"]
                rows += page
                offset += len(page)
                if len(page) < items.MAX_PAGE:
                    break
        with request.app.state.holder.writing() as store:
            audit.append(store, "export", username=user.username, target="items.csv",
                         detail={**_filter_detail(flt), "limit": limit, "rows": len(rows)})
        buf = io.StringIO()
        cols = ["item_key", "platform", "source_key", "published_at", "lang", "function",
                "score", "narratives", "grievances", "snippet"]
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for row in rows:
            row = {**row, "narratives": ";".join(row["narratives"]),
                   "grievances": ";".join(row["grievances"])}
            w.writerow({k: _csv_safe(v) for k, v in row.items()})
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="items.csv"'})

    @r.get("/audit", tags=["admin"])
    def audit_log(request: Request, action: str | None = None, limit: Page = 100,
                  offset: Offset = 0, user: User = admin) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            return {"entries": audit.entries(store, limit=limit, offset=offset, action=action)}

    @r.get("/audit/verify", tags=["admin"])
    def audit_verify(request: Request, user: User = admin) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            return audit.verify(store)

    @r.get("/users", tags=["admin"])
    def users(request: Request, user: User = admin) -> dict[str, Any]:
        with request.app.state.holder.reading() as store:
            return {"users": accounts.list_users(store)}

    @r.post("/users", tags=["admin"])
    def add_user(body: NewUser, request: Request, user: User = admin) -> dict[str, Any]:
        with request.app.state.holder.writing() as store:
            made = accounts.add_user(store, body.username, body.password, body.role,
                                     created_by=user.username)
        return {"username": made.username, "role": made.role}

    return r


def _filter_detail(flt: items.ItemFilter) -> dict[str, Any]:
    """The whole filter of a listing, for the audit log."""
    return {"q": flt.query, "since": flt.since.isoformat() if flt.since else None,
            "until": flt.until.isoformat() if flt.until else None, "platform": flt.platform,
            "source": flt.source, "lang": flt.lang, "function": flt.function,
            "narrative": flt.narrative, "grievance": flt.grievance, "min_score": flt.min_score}


def _csv_safe(value: Any) -> Any:
    """Cells a spreadsheet would run as a formula get a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def create_app(settings: ServeSettings, *, holder: StoreHolder | None = None) -> FastAPI:
    app = FastAPI(title="tyndau", version=tyndau.__version__,
                  description="Strategic listening: API of the analyst's workbench",
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.holder = holder or StoreHolder(settings.db)
    app.state.limiter = LoginLimiter()
    app.state.cache = AggregateCache()
    app.add_middleware(SecurityHeaders, hsts=settings.secure_cookies)
    app.add_middleware(BodyLimit, max_bytes=1_000_000)

    @app.exception_handler(TyndauError)
    async def tyndau_error(request: Request, exc: TyndauError) -> Response:
        if not request.url.path.startswith("/api/"):
            from tyndau.web.pages import error_page
            return error_page(request, exc)
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return _error(422, "invalid_request", f"{where}: {first.get('msg', 'invalid')}")

    app.include_router(api_router())
    from tyndau.web.pages import mount_web
    mount_web(app)
    return app
