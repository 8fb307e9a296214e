"""The analyst's workbench: server-rendered pages over the same services as the API.

Every page calls the service function its API route calls and renders that payload with Jinja2
(autoescape on for every template: content comes from extremist channels and must stay inert
text — links in it are never made clickable, media never fetched). Charts are SVG built here,
every label XML-escaped. No page needs script; ``/static/app.js`` only adds shortcuts.

Roles as in :mod:`tyndau.services.accounts`: a viewer sees the overview, the source list and the
narrative explorer, with every count below ``k`` blanked; item text (items, search, a source's
page, the review queue) needs an analyst or higher. A visitor who is not logged in is sent to
``/login?next=…``, which leads on only to a plain page (:func:`_safe_next`): never to an item,
a search or an API route, which would be logged under the user's name. Forms that change
anything carry the session's CSRF token.
"""

from __future__ import annotations

import hmac
import inspect
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote, urlencode

import jinja2
from fastapi import FastAPI, Form, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

import tyndau
from tyndau.api.app import ServeSettings, error_response, item_filter, k_for
from tyndau.api.security import COOKIE, Caller, caller, check_csrf
from tyndau.errors import AuthError, InputError, StoreError, TyndauError
from tyndau.privacy import audit
from tyndau.reports.charts import FUNCTION_COLOURS, bar_chart, stacked_columns
from tyndau.services import accounts, items, reviews
from tyndau.services.accounts import ROLES, require
from tyndau.services.near_duplicates import cluster_detail
from tyndau.services.sources import SORTS, list_sources, source_detail
from tyndau.store import Store
from tyndau.taxonomy import load as load_taxonomy
from tyndau.text.translit import LANGS as TRANSLIT_LANGS
from tyndau.text.translit import transliterate
from tyndau.web import i18n
from tyndau.web.charts import line_chart, sparkline

_DETAIL_HIDES_REVIEWS = "viewer" in inspect.signature(items.item_detail).parameters
HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
LOGIN_COOKIE = "tyndau_login"  # double-submit token of the login form (against login CSRF)
AXES = ("function", "narrative", "grievance")
STATUSES = ("active", "dormant", "gone", "unknown")
NAV = (("overview", "/", "nav_overview", "viewer"),
       ("sources", "/sources", "nav_sources", "viewer"),
       ("narratives", "/narratives", "nav_narratives", "viewer"),
       ("search", "/search", "nav_search", "analyst"),
       ("review", "/review", "nav_review", "reviewer"),
       ("audit", "/audit", "nav_audit", "admin"),
       ("settings", "/settings", "nav_settings", "admin"))
Text = Annotated[str, Form()]
ECHO_CHARS = 40  # at most this much of a value the user typed comes back in an error message
MESSAGE_CHARS = 300
LIST_FILTER = ("q", "platform", "language", "function", "narrative", "grievance", "since",
               "until", "source")  # what a list_items / search audit entry records, with paging
REVIEW_NOTICE = timedelta(minutes=2)  # how long after a decision its page says "recorded"

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
    undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


# -- helpers -------------------------------------------------------------------------------

def _settings(request: Request) -> ServeSettings:
    return request.app.state.settings


def _known_caller(request: Request, *, lookup: bool = True) -> Caller | None:
    """The logged-in caller, never raising (error pages must render whatever happened)."""
    if hasattr(request.state, "caller"):
        return request.state.caller
    if not lookup:
        return None
    try:
        return caller(request)
    except TyndauError:
        return None


def _need(request: Request, role: str) -> Caller:
    """The caller, who must have at least ``role`` (else AuthError: login redirect or 403)."""
    c = caller(request)
    require(c.user if c else None, role)
    return c  # type: ignore[return-value]


def _ui_lang(request: Request) -> tuple[str, bool]:
    """(UI language, whether to remember it in the cookie)."""
    asked = i18n.supported(request.query_params.get("lang"))
    if asked:
        return asked, request.cookies.get(i18n.COOKIE) != asked
    return (i18n.supported(request.cookies.get(i18n.COOKIE))
            or i18n.supported(_settings(request).lang) or i18n.DEFAULT), False


def _url(path: str, params: dict[str, Any] | None = None) -> str:
    """``path`` with the non-empty ``params`` as a query string."""
    clean = [(k, str(v)) for k, v in (params or {}).items() if v is not None and v != ""]
    return path + ("?" + urlencode(clean) if clean else "")


def _local(href: str) -> str:
    """``href`` as a path on this site: one leading ``/`` and nothing a browser would read as
    a second (``//evil.example/x`` becomes ``/evil.example/x``, a backslash ``%5C``)."""
    for ch, esc in (("\\", "%5C"), ("\t", "%09"), ("\n", "%0A"), ("\r", "%0D")):
        href = href.replace(ch, esc)  # a browser drops tabs and newlines, reads \\ as /
    return "/" + href.lstrip("/")


def _qkey(key: str) -> str:
    return quote(key, safe=":@")


def _int(value: str | None, default: int, lo: int, hi: int, name: str) -> int:
    if value in (None, ""):
        return default
    try:
        n = int(value)
    except ValueError:
        raise InputError(f"not a whole number: {value[:20]!r}", field=name) from None
    if not lo <= n <= hi:
        raise InputError(f"must be between {lo} and {hi}", field=name)
    return n


LANDING = frozenset({"/", "/sources", "/narratives", "/review", "/audit", "/settings",
                     "/search"})


def _safe_next(value: str | None) -> str:
    """Where a login may send its user on: a plain page that does nothing by being opened
    (one of :data:`LANDING`, or ``/sources/<key>``), never with a query string and never an
    API route or an item (opening those is logged under the user's name); else ``/``."""
    if (not value or len(value) > 600 or any(ch in value for ch in "?#\\")
            or any(ord(ch) < 33 or ord(ch) == 127 for ch in value)):
        return "/"
    if value in LANDING:
        return value
    key = value.removeprefix("/sources/")
    if key == value or not key or "//" in value:
        return "/"
    # no dot segments either (a browser resolves /sources/../api/… to /api/…)
    if any(unquote(seg).strip() in (".", "..") for seg in key.split("/")):
        return "/"
    return value


def _login_url(request: Request) -> str:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(_safe_next(here), safe="")


def _num(value: Any, lang: str = "en") -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        text = f"{value:,}"
    elif isinstance(value, float):
        text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        return str(value)
    return text.replace(",", "\u202f").replace(".", ",") if lang == "ru" else text


def _pct(value: float | None, lang: str = "en") -> str:
    if value is None:
        return "—"
    text = f"{100 * value:.1f} %"
    return text.replace(".", ",") if lang == "ru" else text


def _dt(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "—"


def _context(request: Request, c: Caller | None, lang: str, here: str | None
             ) -> dict[str, Any]:
    tax = load_taxonomy()
    path = request.url.path
    user = c.user if c else None
    nav = [{"id": ident, "href": href, "key": key,
            "current": path == href if href == "/" else path.startswith(href)}
           for ident, href, key, role in NAV if user is not None and user.can(role)]
    # the language links: this page again, or (a page answering a form) the form's page
    params: list[tuple[str, str]] = []
    if here:
        base = here
    elif request.method in ("GET", "HEAD"):
        base = quote(path, safe="/:@")
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    else:
        base = "/"
    # never "//host/…" (a link to another site) however the request path began
    base = _local(base)

    def lang_url(code: str) -> str:
        return base + ("&" if "?" in base else "?") + urlencode([*params, ("lang", code)])

    return {
        "t": i18n.translator(lang), "lang": lang, "languages": list(i18n.LANGUAGES.items()),
        "me": user, "csrf": c.csrf if c else "", "nav": nav, "path": path,
        "lang_url": lang_url, "version": tyndau.__version__,
        "num": lambda v: _num(v, lang), "pct": lambda v: _pct(v, lang), "dt": _dt,
        "lname": tax.name, "item_url": lambda k: "/items/" + _qkey(k),
        "source_url": lambda k: "/sources/" + _qkey(k), "url": _url,
        "can": (lambda role: user is not None and user.can(role)),
    }


def _render(request: Request, template: str, status: int = 200, *,
            lookup: bool = True, here: str | None = None, **ctx: Any) -> HTMLResponse:
    lang, remember = _ui_lang(request)
    c = _known_caller(request, lookup=lookup)
    html = _env.get_template(template).render(**_context(request, c, lang, here), **ctx)
    resp = HTMLResponse(html, status_code=status)
    if remember:
        resp.set_cookie(i18n.COOKIE, lang, max_age=365 * 86400, path="/", httponly=True,
                        samesite="strict", secure=_settings(request).secure_cookies)
    return resp


def _redirect(to: str) -> RedirectResponse:
    return RedirectResponse(to, status_code=303)


def _t(request: Request) -> Callable[..., str]:
    return i18n.translator(_ui_lang(request)[0])


def _options(store: Store) -> dict[str, list[str]]:
    """What the search filters offer: the platforms and languages in the store."""
    return {"platforms": [r[0] for r in store.query(
                "SELECT DISTINCT platform FROM item ORDER BY 1")],
            "languages": [r[0] for r in store.query(
                "SELECT DISTINCT lang FROM item_text WHERE lang IS NOT NULL ORDER BY 1")]}


# -- error pages ---------------------------------------------------------------------------

_QUOTED = re.compile(rf"""(['"])([^'"]{{{ECHO_CHARS}}})[^'"]+\1""")


def _short(message: str) -> str:
    """An error message as a page shows it: any quoted value in it cut to ``ECHO_CHARS``
    characters and the whole to ``MESSAGE_CHARS`` (a message must not echo long input)."""
    message = _QUOTED.sub(lambda m: f"{m[1]}{m[2]}…{m[1]}", message)
    return message if len(message) <= MESSAGE_CHARS else message[:MESSAGE_CHARS - 1] + "…"


def _error_html(request: Request, status: int, message: str, *, lookup: bool = True
                ) -> HTMLResponse:
    try:
        heading = f"error_{status}" if f"error_{status}" in i18n.EN else "error_500"
        return _render(request, "error.html", status, lookup=lookup, code=status,
                       message=_short(message), heading_key=heading)
    except Exception:  # the error page itself must never fail
        from html import escape
        return HTMLResponse("<!doctype html><title>tyndau</title>"
                            f"<p>{escape(_short(message))}</p>", status_code=status)


def error_page(request: Request, exc: TyndauError) -> Response:
    """A styled error page with the right status; "log in first" on a GET goes to /login."""
    status = error_response(exc).status_code
    if (isinstance(exc, AuthError) and status == 401 and request.method in ("GET", "HEAD")
            and str(exc) == "log in first"):
        return _redirect(_login_url(request))
    message = str(exc)
    if isinstance(exc, StoreError):
        message = ("the store is busy (an import or analysis is running); try again in a "
                   "moment")
    return _error_html(request, status, message, lookup=not isinstance(exc, StoreError))


async def _http_error(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/") or not isinstance(exc, StarletteHTTPException):
        return await http_exception_handler(request, exc)  # type: ignore[arg-type]
    return _error_html(request, exc.status_code, str(exc.detail))


# -- chart and table shaping ---------------------------------------------------------------

def _weekly(rows: list[dict[str, Any]], title: str) -> tuple[Markup, dict[str, Any]]:
    """The stacked weekly chart by language, and the same numbers as a week × language table
    (a blanked count stays blank: ``None``; a count that does not exist is 0)."""
    weeks = sorted({r["week"] for r in rows})
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["lang"]] = totals.get(r["lang"], 0) + (r["items"] or 0)
    langs = sorted(totals, key=lambda g: (-totals[g], g))
    index = {w: i for i, w in enumerate(weeks)}
    series: dict[str, list[float]] = {g: [0.0] * len(weeks) for g in langs}
    table: dict[str, list[int | None]] = {w: [0] * len(langs) for w in weeks}
    lidx = {g: i for i, g in enumerate(langs)}
    for r in rows:
        series[r["lang"]][index[r["week"]]] = float(r["items"] or 0)
        table[r["week"]][lidx[r["lang"]]] = r["items"]
    chart = Markup(stacked_columns(weeks, series, title=title, width=960, height=280))
    return chart, {"langs": langs, "rows": [(w, table[w]) for w in weeks]}


def _share_chart(axis: str, rows: list[dict[str, Any]], title: str) -> Markup:
    tax = load_taxonomy()
    data = [(tax.name(r["label"]), float(r["items"])) for r in rows if r["items"] is not None]
    colours = ({tax.name(lb): c for lb, c in FUNCTION_COLOURS.items()}
               if axis == "function" else None)
    return Markup(bar_chart(data[:15], title=title, width=560, colours=colours))


def _trend_series(store: Store, rows: list[dict[str, Any]], *, months_ok: bool
                  ) -> dict[str, dict[str, Any]]:
    """Per listed source: its subscriber series (two or more counts), else its items per month
    (only for roles that see small counts), for the sparkline column."""
    keys = [r["source_key"] for r in rows]
    if not keys:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for key, series in store.query(
            "SELECT source_key, list(subscribers ORDER BY observed_at) FROM source_snapshot "
            "WHERE source_key IN (SELECT unnest(?)) GROUP BY 1", [keys]):
        if len(series) >= 2:
            out[key] = {"kind": "subscribers", "values": [float(v) for v in series]}
    if months_ok:
        per: dict[str, dict[str, int]] = {}
        all_months: set[str] = set()
        for key, month, n in store.query(
                "SELECT source_key, strftime(date_trunc('month', published_at), '%Y-%m'), "
                "count(*) FROM item WHERE source_key IN (SELECT unnest(?)) "
                "AND published_at IS NOT NULL GROUP BY 1, 2", [keys]):
            per.setdefault(key, {})[month] = n
            all_months.add(month)
        months = sorted(all_months)
        for key, counts in per.items():
            if key not in out and len(counts) >= 1:
                out[key] = {"kind": "items",
                            "values": [float(counts.get(m, 0)) for m in months]}
    return out


def _matrix(series: list[dict[str, Any]], by: str) -> dict[str, Any]:
    """label_trends rows as label × group small multiples with totals and shares."""
    periods = sorted({r["period"] for r in series})
    pidx = {p: i for i, p in enumerate(periods)}
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for r in series:
        cell = cells.setdefault((r["label"], r[by]), {"values": [0.0] * len(periods),
                                                      "total": 0, "hidden": 0})
        if r["items"] is None:
            cell["values"][pidx[r["period"]]] = None
            cell["hidden"] += 1
        else:
            cell["values"][pidx[r["period"]]] = float(r["items"])
            cell["total"] += r["items"]
    group_total: dict[str, int] = {}
    group_hidden: dict[str, int] = {}
    label_total: dict[str, int] = {}
    for (label, group), cell in cells.items():
        group_total[group] = group_total.get(group, 0) + cell["total"]
        group_hidden[group] = group_hidden.get(group, 0) + cell["hidden"]
        label_total[label] = label_total.get(label, 0) + cell["total"]
    groups = sorted(group_total, key=lambda g: (-group_total[g], str(g)))
    labels = sorted(label_total, key=lambda lb: (-label_total[lb], lb))
    rows = []
    for label in labels:
        all_values: list[float | None] = [0.0] * len(periods)
        all_hidden = 0
        row_cells = []
        for g in groups:
            cell = cells.get((label, g))
            if cell is None:
                row_cells.append({"group": g, "total": 0, "hidden": 0, "share": 0.0,
                                  "values": None})
                continue
            for i, v in enumerate(cell["values"]):
                current = all_values[i]
                # a period with a blanked count has an unknown sum: drawn as a gap
                all_values[i] = None if v is None or current is None else current + v
            all_hidden += cell["hidden"]
            exact = not cell["hidden"] and not group_hidden[g]
            row_cells.append({
                "group": g, "total": cell["total"], "hidden": cell["hidden"],
                "share": cell["total"] / group_total[g] if exact and group_total[g] else None,
                "values": cell["values"]})
        rows.append({"label": label, "total": label_total[label], "hidden": all_hidden,
                     "values": all_values, "cells": row_cells})
    return {"periods": periods, "groups": groups, "rows": rows}


def _rationale(r: dict[str, Any] | None) -> dict[str, Any] | None:
    """A label's rationale JSON as readable parts (the rest as key: compact text)."""
    if not r:
        return None
    if not isinstance(r, dict):
        return {"matched": [], "influential": [], "cues": [], "notes": [], "scores": [],
                "other": [("rationale", str(r))]}
    known = {"matched", "influential", "cues", "notes", "function_scores"}

    def as_list(v: Any) -> list[Any]:
        return v if isinstance(v, list) else [v] if v else []

    cues = r.get("cues")
    scores = r.get("function_scores")
    return {
        "matched": [{f: m.get(f) for f in ("term", "label", "axis", "lang", "weight", "id")}
                    for m in as_list(r.get("matched")) if isinstance(m, dict)],
        "influential": [{"word": w.get("word"), "weight": w.get("weight")}
                        for w in as_list(r.get("influential")) if isinstance(w, dict)],
        "cues": sorted(cues.items()) if isinstance(cues, dict) else [],
        "notes": [str(n) for n in as_list(r.get("notes"))],
        "scores": sorted(scores.items(), key=lambda kv: -(kv[1] or 0))
        if isinstance(scores, dict) else [],
        "other": [(k, v if isinstance(v, str | int | float) else _compact(v))
                  for k, v in r.items() if k not in known],
    }


def _compact(value: Any) -> str:
    import orjson
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _transliteration(d: dict[str, Any]) -> tuple[str, str] | None:
    lang, script, text = d.get("lang"), d.get("script"), d.get("text_norm") or d.get("text")
    if lang not in TRANSLIT_LANGS or script not in ("Cyrl", "Latn") or not text:
        return None
    target = "Latn" if script == "Cyrl" else "Cyrl"
    try:
        return target, transliterate(text, lang, target)
    except ValueError:
        return None


# -- item page (shared by GET and a refused review POST) -----------------------------------

def _item_detail(store: Store, key: str, *, viewer: str, show_all_reviews: bool
                 ) -> dict[str, Any]:
    """The item as ``viewer`` may see it: four eyes must be independent, so another reviewer's
    decision (and reason) shows only once the viewer has recorded their own (admins: always)."""
    if _DETAIL_HIDES_REVIEWS:
        d = items.item_detail(store, key, viewer=viewer,  # type: ignore[call-arg]
                              show_all_reviews=show_all_reviews)
    else:
        d = items.item_detail(store, key)
    d["reviews_hidden"] = not show_all_reviews and not any(
        r["reviewer"] == viewer for r in d["reviews"])
    if d["reviews_hidden"]:
        d["reviews"] = []  # (none of them is the viewer's own)
    return d


def _item_page(request: Request, c: Caller, key: str, *, status: int = 200,
               form: dict[str, Any] | None = None, form_error: str | None = None
               ) -> HTMLResponse:
    """The item page, its view logged (a refused review form shows the whole item again)."""
    holder = request.app.state.holder
    me = c.user.username
    with holder.reading() as store:
        d = _item_detail(store, key, viewer=me, show_all_reviews=c.user.role == "admin")
        cluster = (cluster_detail(store, d["near_duplicate"]["cluster_id"])
                   if d["near_duplicate"] else None)
        done = referral = None
        if request.query_params.get("done"):  # only what really happened, never the link's word
            recent = store.query(
                "SELECT decision FROM review WHERE item_key = ? AND reviewer = ? "
                "AND decided_at >= ? ORDER BY decided_at DESC LIMIT 1",
                [key, me, datetime.now(UTC) - REVIEW_NOTICE])
            done = recent[0][0] if recent and recent[0][0] in reviews.DECISIONS else None
            referral = bool(done and request.query_params.get("referral") == "1"
                            and reviews.referral_candidates(store, item_key=key))
    with holder.writing() as store:
        audit.append(store, "view_item", username=c.user.username, target=key)
    model = {axis: [lb["label"] for lb in d["labels"] if lb["axis"] == axis] for axis in AXES}
    if form is None:
        form = {"function": (model["function"] or [""])[0], "narratives": model["narrative"],
                "grievances": model["grievance"], "reason": ""}
    labels = [{**lb, "why": _rationale(lb["rationale"])} for lb in d["labels"]]
    tax = load_taxonomy()
    return _render(
        request, "item.html", status, here="/items/" + _qkey(key), d=d, labels=labels,
        cluster=cluster, translit=_transliteration(d), tax=tax, model=model, form=form,
        form_error=form_error, done=done, referral=referral,
        reviews_hidden=d["reviews_hidden"],
        can_review=c.user.can("reviewer"), max_reason=reviews.MAX_REASON)


# -- the routes ----------------------------------------------------------------------------

def mount_web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(StarletteHTTPException, _http_error)

    # session ---------------------------------------------------------------------------
    def login_form(request: Request, status: int = 200, message: str | None = None,
                   username: str = "", next_path: str = "/") -> HTMLResponse:
        token = secrets.token_urlsafe(24)
        resp = _render(request, "login.html", status, message=message, username=username,
                       next_path=next_path, login_token=token, lookup=False,
                       here=_url("/login", {"next": next_path if next_path != "/" else ""}))
        resp.set_cookie(LOGIN_COOKIE, token, max_age=3600, path="/login", httponly=True,
                        samesite="strict", secure=_settings(request).secure_cookies)
        return resp

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/") -> Response:
        if _known_caller(request) is not None:
            return _redirect(_safe_next(next))
        msg = "logged_out" if request.query_params.get("bye") == "1" else None
        return login_form(request, message=msg, next_path=_safe_next(next))

    @app.post("/login", include_in_schema=False)
    def login_post(request: Request, username: Text = "", password: Text = "",
                   next: Text = "/", csrf_token: Text = "") -> Response:
        next_path = _safe_next(next)
        username = username[:64]
        sent, kept = csrf_token.encode(), request.cookies.get(LOGIN_COOKIE, "").encode()
        if not kept or not hmac.compare_digest(sent, kept):
            return login_form(request, 403, "login_reload", username, next_path)
        if len(password) > 1024:
            return login_form(request, 401, "login_wrong", username, next_path)
        holder = request.app.state.holder
        client = request.client.host if request.client else "-"
        try:
            with holder.reading() as store:  # argon2 (slow on purpose) without the write lock
                check = accounts.check_login(store, username, password,
                                             limiter=request.app.state.limiter, client=client)
            with holder.writing() as store:
                user = accounts.record_login(store, check)
                token, _csrf = accounts.create_session(store, user, kind="browser")
        except AuthError as exc:
            too_many = "too many" in str(exc)
            return login_form(request, 429 if too_many else 401,
                              "login_too_many" if too_many else "login_wrong", username,
                              next_path)
        resp = _redirect(next_path)
        resp.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                        secure=_settings(request).secure_cookies,
                        max_age=accounts.SESSION_HOURS * 3600, path="/")
        resp.delete_cookie(LOGIN_COOKIE, path="/login")
        return resp

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf_token: Text = "") -> Response:
        c = caller(request)
        if c is None:
            return _redirect("/login")
        check_csrf(request, c, csrf_token)
        with request.app.state.holder.writing() as store:
            accounts.end_session(store, c.token, c.user.username)
        resp = _redirect("/login?bye=1")
        resp.delete_cookie(COOKIE, path="/")
        return resp

    # aggregates (viewer) ---------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request) -> Response:
        c = _need(request, "viewer")
        k = k_for(c.user, _settings(request))
        with request.app.state.holder.reading() as store:
            data = items.overview(store, k=k)
        t = _t(request)
        weekly_chart, weekly = _weekly(data["weekly_by_language"], t("weekly_by_language"))
        shares = {axis: {"rows": data["shares"][axis],
                         "chart": _share_chart(axis, data["shares"][axis],
                                               t(f"axis_{axis}"))} for axis in AXES}
        changes = []
        for row in data["changes_this_week"]:
            row = dict(row)
            if row.get("suppressed"):
                row["change"] = None  # the difference would give the hidden count away
            changes.append(row)
        return _render(request, "overview.html", d=data, k=k, weekly_chart=weekly_chart,
                       weekly=weekly, shares=shares, changes=changes, axes=AXES)

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(request: Request, sort: str = "last_item", status: str = "",
                     platform: str = "", search: str = "", limit: str = "",
                     offset: str = "") -> Response:
        c = _need(request, "viewer")
        k = k_for(c.user, _settings(request))
        lim = _int(limit, 50, 1, items.MAX_PAGE, "limit")
        off = _int(offset, 0, 0, 10_000_000, "offset")
        with request.app.state.holder.reading() as store:
            data = list_sources(store, platform=platform or None, status=status or None,
                                sort=sort, search=search[:100] or None, limit=lim,
                                offset=off)
            if k > 1:
                data["sources"] = items.suppress_small(data["sources"], k, "items")
            trends = _trend_series(store, data["sources"], months_ok=k == 1)
            platforms = [r[0] for r in store.query(
                "SELECT DISTINCT platform FROM source ORDER BY 1")]
        t = _t(request)
        sparks = {}
        for key, tr in trends.items():
            what = t("trend_subscribers") if tr["kind"] == "subscribers" else t("trend_items")
            sparks[key] = sparkline(tr["values"], title=what,
                                    zero_based=tr["kind"] != "subscribers")
        params = {"sort": sort, "status": status, "platform": platform, "search": search,
                  "limit": limit}
        return _render(request, "sources.html", d=data, k=k, sparks=sparks, params=params,
                       sorts=list(SORTS), statuses=STATUSES, platforms=platforms, limit=lim,
                       offset=off)

    @app.get("/narratives", response_class=HTMLResponse, include_in_schema=False)
    def narratives_page(request: Request, axis: str = "function", period: str = "week",
                        by: str = "lang") -> Response:
        c = _need(request, "viewer")
        k = k_for(c.user, _settings(request))
        with request.app.state.holder.reading() as store:
            data = items.label_trends(store, axis, by=by, period=period, k=k)
        m = _matrix(data["series"], by)
        t = _t(request)
        tax = load_taxonomy()
        for row in m["rows"]:
            row["spark"] = sparkline(row["values"], title=t(
                "trend_of", label=tax.name(row["label"]), group=t("all_groups")), width=96)
            for cell in row["cells"]:
                cell["spark"] = (sparkline(cell["values"], title=t(
                    "trend_of", label=tax.name(row["label"]), group=cell["group"]), width=72)
                    if cell["values"] is not None else None)
        return _render(request, "narratives.html", d=data, mx=m, k=k, axis=axis, axes=AXES,
                       period=period, by=by)

    # item text (analyst) ---------------------------------------------------------------
    @app.get("/sources/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def source_page(key: str, request: Request) -> Response:
        _need(request, "analyst")
        with request.app.state.holder.reading() as store:
            d = source_detail(store, key)
        t = _t(request)
        tax = load_taxonomy()
        sub_chart = line_chart([(s["observed_at"][:10], float(s["subscribers"]))
                                for s in d["subscriber_series"]],
                               title=t("subscriber_series")) if d["subscriber_series"] else None
        months = [(m["month"], float(m["items"])) for m in d["items_by_month"]]
        month_chart = Markup(bar_chart(months, title=t("items_by_month"), width=560,
                                       colours=dict.fromkeys((m for m, _ in months),
                                                             "#3b6ea5")))
        label_charts = {axis: Markup(bar_chart(
            [(tax.name(r["label"]), float(r["items"])) for r in d["labels"][axis]][:12],
            title=t(f"axis_{axis}"), width=460,
            colours={tax.name(a): b for a, b in FUNCTION_COLOURS.items()}
            if axis == "function" else None)) for axis in AXES}
        return _render(request, "source.html", d=d, sub_chart=sub_chart,
                       month_chart=month_chart, label_charts=label_charts, axes=AXES)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", platform: str = "", language: str = "",
                    source: str = "", function: str = "", narrative: str = "",
                    grievance: str = "", since: str = "", until: str = "", limit: str = "",
                    offset: str = "") -> Response:
        c = _need(request, "analyst")
        lim = _int(limit, 50, 1, items.MAX_PAGE, "limit")
        off = _int(offset, 0, 0, 10_000_000, "offset")
        q = q.strip()
        flt = item_filter(since=since or None, until=until or None,
                          platform=platform[:40] or None, source=source[:200] or None,
                          lang=language[:8] or None, function=function[:40] or None,
                          narrative=narrative[:60] or None, grievance=grievance[:60] or None,
                          min_score=None, q=q or None)
        holder = request.app.state.holder
        with holder.reading() as store:
            data = items.list_items(store, flt, limit=lim, offset=off)
            options = _options(store)
        # snippets of item text are shown either way: a search by its terms, a listing by
        # its filter, each with the whole filter
        detail = {"q": q or None, "platform": platform[:40] or None,
                  "language": language[:8] or None, "function": function[:40] or None,
                  "narrative": narrative[:60] or None, "grievance": grievance[:60] or None,
                  "since": since[:40] or None, "until": until[:40] or None,
                  "source": source[:200] or None, "limit": lim, "offset": off,
                  "results": data["total"]}
        with holder.writing() as store:
            if flt.query:
                audit.append(store, "search", username=c.user.username, target=flt.query,
                             detail=detail)
            else:
                audit.append(store, "list_items", username=c.user.username, target="search",
                             detail=detail)
        params = {"q": q, "platform": platform, "language": language, "source": source,
                  "function": function, "narrative": narrative, "grievance": grievance,
                  "since": since, "until": until, "limit": limit}
        return _render(request, "search.html", d=data, params=params, options=options,
                       tax=load_taxonomy(), limit=lim, offset=off)

    @app.post("/items/{key:path}/review", include_in_schema=False)
    def review_post(key: str, request: Request, function: Text = "",
                    narratives: Annotated[list[str] | None, Form()] = None,
                    grievances: Annotated[list[str] | None, Form()] = None,
                    reason: Text = "", csrf_token: Text = "") -> Response:
        c = _need(request, "reviewer")
        check_csrf(request, c, csrf_token)
        form = {"function": function, "narratives": narratives or [],
                "grievances": grievances or [], "reason": reason}
        try:
            with request.app.state.holder.writing() as store:
                result = reviews.decide(store, c.user, key, function=function[:40],
                                        narratives=[n[:60] for n in (narratives or [])][:20],
                                        grievances=[g[:60] for g in (grievances or [])][:20],
                                        reason=reason[:reviews.MAX_REASON])
        except InputError as exc:
            if exc.field == "item_key":
                raise
            return _item_page(request, c, key, status=400, form=form,
                              form_error=_short(exc.detail))
        return _redirect(_url("/items/" + _qkey(key), {
            "done": result["decision"], "referral": "1" if result["referral_candidate"] else ""})
            + "#review")

    @app.get("/items/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def item_page(key: str, request: Request) -> Response:
        c = _need(request, "analyst")
        return _item_page(request, c, key)

    # review (reviewer) -----------------------------------------------------------------
    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request, limit: str = "", offset: str = "") -> Response:
        c = _need(request, "reviewer")
        lim = _int(limit, 50, 1, items.MAX_PAGE, "limit")
        off = _int(offset, 0, 0, 10_000_000, "offset")
        holder = request.app.state.holder
        with holder.reading() as store:
            queue = reviews.review_queue(store, c.user, limit=lim, offset=off)
            candidates = reviews.referral_candidates(store)
            if c.user.role != "admin":  # four eyes: no one else's verdict before one's own
                mine = {k for (k,) in store.query(
                    "SELECT DISTINCT item_key FROM review WHERE reviewer = ?",
                    [c.user.username])}
                candidates = [r for r in candidates if r["item_key"] in mine]
        with holder.writing() as store:  # the queue shows snippets of item text
            audit.append(store, "list_items", username=c.user.username, target="review",
                         detail={**dict.fromkeys(LIST_FILTER), "limit": lim, "offset": off,
                                 "results": len(queue)})
        return _render(request, "review.html", queue=queue, candidates=candidates, limit=lim,
                       offset=off)

    # admin -----------------------------------------------------------------------------
    @app.get("/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request, action: str = "", limit: str = "", offset: str = "",
                   verify: str = "") -> Response:
        _need(request, "admin")
        lim = _int(limit, 100, 1, items.MAX_PAGE, "limit")
        off = _int(offset, 0, 0, 10_000_000, "offset")
        if action and action not in audit.ACTIONS:
            raise InputError(f"unknown action {action[:40]!r}", field="action")
        with request.app.state.holder.reading() as store:
            entries = audit.entries(store, limit=lim, offset=off, action=action or None)
            checked = audit.verify(store) if verify else None
        entries = [{**e, "detail_text": _compact(e["detail"]) if e["detail"] else ""}
                   for e in entries]
        return _render(request, "audit.html", entries=entries, checked=checked,
                       actions=audit.ACTIONS, action=action, limit=lim, offset=off)

    def settings_view(request: Request, status: int = 200, error: str | None = None,
                      form: dict[str, str] | None = None) -> HTMLResponse:
        with request.app.state.holder.reading() as store:
            users = accounts.list_users(store)
        added = request.query_params.get("added", "")
        return _render(request, "settings.html", status, here="/settings", users=users,
                       s=_settings(request), roles=ROLES, error=error,
                       form=form or {"username": "", "role": "analyst"},
                       added=added if added in {u["username"] for u in users} else None)

    @app.get("/settings", response_class=HTMLResponse, include_in_schema=False)
    def settings_page(request: Request) -> Response:
        _need(request, "admin")
        return settings_view(request)

    @app.post("/settings/users", include_in_schema=False)
    def add_user(request: Request, username: Text = "", password: Text = "",
                 role: Text = "", csrf_token: Text = "") -> Response:
        c = _need(request, "admin")
        check_csrf(request, c, csrf_token)
        try:
            with request.app.state.holder.writing() as store:
                made = accounts.add_user(store, username[:64], password[:1025], role[:20],
                                         created_by=c.user.username)
        except InputError as exc:
            return settings_view(request, 400, _short(str(exc)),
                                 {"username": username[:64], "role": role[:20]})
        return _redirect(_url("/settings", {"added": made.username}))


__all__ = ["error_page", "mount_web"]
