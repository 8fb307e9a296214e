"""The workbench pages: login, roles, CSRF, inert rendering of hostile content, review, i18n.

One copy of the sample store per module (with four accounts and one hostile item), one app;
each test logs in its own clients.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tyndau.api.app import ServeSettings, create_app
from tyndau.schema import Annotation, Item, ItemText, Source
from tyndau.services import accounts
from tyndau.services.accounts import LoginLimiter
from tyndau.store import Store
from tyndau.store.item_index import refresh_item_index

PASSWORD = "correct horse battery"
USERS = {"viewer": "vic", "analyst": "ana", "reviewer": "rev", "reviewer2": "rev2",
         "admin": "adm"}
HOSTILE_SOURCE = "telegram:666000001"
HOSTILE_KEY = f"{HOSTILE_SOURCE}:1"
HOSTILE_TEXT = ('<script>alert(1)</script><img src=x onerror=alert(2)> '
                'http://evil.example/x "onmouseover=alert(3) Бауырлар, қосылыңдар!')
HOSTILE_TITLE = '<script>alert("title")</script><a href="http://evil.example/t">Канал</a>'
VIEWER_PAGES = ["/", "/sources", "/narratives", "/narratives?axis=narrative&period=month",
                "/narratives?axis=grievance&by=platform", "/sources?sort=items",
                "/sources?status=active&sort=growth", "/?lang=ru", "/nope", "/sources?lang=en"]


@pytest.fixture(scope="module")
def db(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "s.duckdb"
    shutil.copy(sample_db, path)
    now = datetime(2026, 10, 30, 12, 0, tzinfo=UTC)
    with Store(path) as store:
        for role, name in USERS.items():
            accounts.add_user(store, name, PASSWORD, role.rstrip("2"))
        store.insert_new(Source, [Source(
            source_key=HOSTILE_SOURCE, platform="telegram", source_id="666000001",
            kind="channel", handle="evil_handle", title=HOSTILE_TITLE,
            url="http://evil.example/channel", first_imported_at=now, last_imported_at=now)])
        store.insert_new(Item, [Item(
            item_key=HOSTILE_KEY, platform="telegram", source_key=HOSTILE_SOURCE, item_id="1",
            kind="post", published_at=now, text=HOSTILE_TEXT,
            links=["http://evil.example/x"], url="http://evil.example/post/1",
            origin_format="test", origin_file="test.json", imported_at=now)])
        store.insert_new(ItemText, [ItemText(
            item_key=HOSTILE_KEY, run_id="test", text_norm=HOSTILE_TEXT,
            match_key="script alert 1 script img src x onerror alert 2 http evil example x",
            script="mixed", lang="kk", lang_score=0.9, code_switch=False)])
        store.insert_new(Annotation, [
            Annotation(item_key=HOSTILE_KEY, axis="function", label="ve_support", score=0.999,
                       stage="test.v0", run_id="test",
                       rationale='{"matched": [{"term": "<script>alert(4)</script>", '
                                 '"label": "<b>x</b>", "weight": 1.0}], '
                                 '"influential": [{"word": "<img src=x>", "weight": 2}], '
                                 '"notes": ["<a href=\\"http://evil.example/n\\">n</a>"], '
                                 '"extra": {"<svg onload=alert(5)>": 1}}'),
            Annotation(item_key=HOSTILE_KEY, axis="narrative", label="belonging_utopia",
                       score=0.8, stage="test.v0", run_id="test", rationale=None)])
        refresh_item_index(store)  # what an analysis does after writing its labels
    return path


@pytest.fixture(scope="module")
def app(db: Path) -> Iterator[FastAPI]:
    application = create_app(ServeSettings(db=db, k=10))
    yield application
    application.state.holder.close()


def login_token(client: TestClient) -> str:
    page = client.get("/login")
    assert page.status_code == 200
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def login(app: FastAPI, role: str) -> TestClient:
    client = TestClient(app)
    r = client.post("/login", data={"username": USERS[role], "password": PASSWORD,
                                    "csrf_token": login_token(client), "next": "/"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[-500:]
    return client


def csrf_of(page: str) -> str:
    found = re.search(r'<form id="logout-form"[^>]*>\s*<input type="hidden" name="csrf_token" '
                      r'value="([^"]+)"', page)
    assert found
    return found.group(1)


def known_item(app: FastAPI) -> tuple[str, str]:
    """A sample item with a long, distinctive text: (key, text)."""
    with app.state.holder.reading() as store:
        key, text = store.query("SELECT item_key, text FROM item WHERE length(text) > 80 "
                                "AND item_key <> ? ORDER BY item_key LIMIT 1", [HOSTILE_KEY])[0]
    return key, text


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> dict[str, TestClient]:
    return {role: login(app, role) for role in USERS}


# -- session -------------------------------------------------------------------------------

def test_login_sets_cookie_and_logout_needs_csrf(app: FastAPI) -> None:
    client = TestClient(app)
    page = client.get("/login")
    assert 'id="login-form"' in page.text and 'name="username"' in page.text
    assert 'name="password"' in page.text
    wrong = client.post("/login", data={"username": "ana", "password": "wrong password!",
                                        "csrf_token": login_token(client)})
    assert wrong.status_code == 401 and "Wrong username or password" in wrong.text
    r = client.post("/login", data={"username": "ana", "password": PASSWORD,
                                    "csrf_token": login_token(client),
                                    "next": "/sources?sort=items"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sources?sort=items"
    cookie = r.headers["set-cookie"].lower()
    assert "tyndau_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    home = client.get("/")
    assert home.status_code == 200 and 'id="current-user">ana<' in home.text
    # logout without the form token is refused and the session survives
    refused = client.post("/logout", data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200
    out = client.post("/logout", data={"csrf_token": csrf_of(home.text)},
                      follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"].startswith("/login")
    again = client.get("/", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/login?next=%2F"


def test_login_form_token_and_rate_limit(app: FastAPI) -> None:
    client = TestClient(app)
    no_token = client.post("/login", data={"username": "ana", "password": PASSWORD})
    assert no_token.status_code == 403 and "reload the page" in no_token.text
    assert "tyndau_session" not in client.cookies
    try:
        for _ in range(5):
            client.post("/login", data={"username": "nobody-here", "password": "x" * 12,
                                        "csrf_token": login_token(client)})
        blocked = client.post("/login", data={"username": "nobody-here", "password": "x" * 12,
                                              "csrf_token": login_token(client)})
        assert blocked.status_code == 429 and "Too many failed logins" in blocked.text
    finally:
        app.state.limiter = LoginLimiter()  # the test client's address is blocked now


def test_next_only_relative(app: FastAPI) -> None:
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"):
        client = TestClient(app)
        r = client.post("/login", data={"username": "vic", "password": PASSWORD,
                                        "csrf_token": login_token(client), "next": evil},
                        follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/", evil


def test_anonymous_is_sent_to_login(app: FastAPI) -> None:
    client = TestClient(app)
    for path in ("/", "/sources", "/narratives", "/search?q=x", f"/items/{HOSTILE_KEY}",
                 "/review", "/audit", "/settings", f"/sources/{HOSTILE_SOURCE}"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login?next=%2F"), path
    assert client.post(f"/items/{HOSTILE_KEY}/review", data={"function": "other"}
                       ).status_code == 401
    assert client.get("/login").status_code == 200


# -- roles ---------------------------------------------------------------------------------

PAGES = {"/": "viewer", "/sources": "viewer", "/narratives": "viewer",
         "/search": "analyst", "/search?q=ислам": "analyst", f"/items/{HOSTILE_KEY}": "analyst",
         f"/sources/{HOSTILE_SOURCE}": "analyst", "/review": "reviewer", "/audit": "admin",
         "/audit?verify=1": "admin", "/settings": "admin"}
RANK = ("viewer", "analyst", "reviewer", "admin")


def test_each_page_for_its_roles(clients: dict[str, TestClient]) -> None:
    for path, needed in PAGES.items():
        for role in RANK:
            r = clients[role].get(path, follow_redirects=False)
            if RANK.index(role) >= RANK.index(needed):
                assert r.status_code == 200, (path, role, r.text[-400:])
            else:
                assert r.status_code == 403, (path, role)
                assert 'id="error"' in r.text and f"needs the {needed} role" in r.text


def test_nav_shows_what_the_role_may_see(clients: dict[str, TestClient]) -> None:
    viewer = clients["viewer"].get("/").text
    assert 'id="nav-overview"' in viewer and 'id="nav-narratives"' in viewer
    assert 'id="nav-search"' not in viewer and 'id="nav-audit"' not in viewer
    admin = clients["admin"].get("/").text
    for ident in ("search", "review", "audit", "settings"):
        assert f'id="nav-{ident}"' in admin


def test_viewer_never_sees_item_text(clients: dict[str, TestClient], app: FastAPI) -> None:
    viewer = clients["viewer"]
    key, text = known_item(app)
    with app.state.holder.reading() as store:
        texts = [t for (t,) in store.query("SELECT text FROM item WHERE length(text) >= 40")]
    needles = {t[:40] for t in texts} | {html.escape(t[:40]) for t in texts}
    needles |= {text[:60], HOSTILE_TEXT[:30], html.escape(HOSTILE_TEXT[:30])}
    for path in VIEWER_PAGES:
        page = viewer.get(path).text
        leaked = [n for n in needles if n in page]
        assert not leaked, (path, leaked[:3])
    for path in (f"/items/{key}", f"/search?q={text.split()[0]}", "/search",
                 f"/sources/{HOSTILE_SOURCE}", "/review"):
        r = viewer.get(path)
        assert r.status_code == 403, path
        assert text[:40] not in r.text and HOSTILE_TEXT[:30] not in r.text


def test_viewer_counts_below_k_are_blanked(clients: dict[str, TestClient]) -> None:
    page = clients["viewer"].get("/").text
    assert "fewer than 10" in page and 'id="suppression-note"' in page
    assert "fewer than 10" not in clients["analyst"].get("/").text
    sources = clients["viewer"].get("/sources").text
    assert "fewer than 10" in sources  # the hostile source has one item
    assert f'href="/sources/{HOSTILE_SOURCE}"' not in sources  # no link to text pages


# -- hostile content -----------------------------------------------------------------------

def assert_inert(page: str) -> None:
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert 'href="http://evil' not in page and "href='http://evil" not in page
    assert "<svg onload" not in page and "<b>x</b>" not in page
    assert 'onmouseover=alert' not in page or '&#34;onmouseover' in page \
        or "&quot;onmouseover" in page


def test_hostile_item_renders_inert(clients: dict[str, TestClient]) -> None:
    analyst, reviewer = clients["analyst"], clients["reviewer"]
    item = analyst.get(f"/items/{HOSTILE_KEY}")
    assert item.status_code == 200
    assert_inert(item.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in item.text  # shown, as text
    assert "http://evil.example/x" in item.text  # the link, as text
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in item.text  # rationale, as text
    pages = [item.text,
             analyst.get("/search", params={"q": "evil"}).text,
             analyst.get("/search", params={"q": "alert"}).text,
             analyst.get(f"/sources/{HOSTILE_SOURCE}").text,
             analyst.get("/sources").text,
             analyst.get("/sources", params={"search": "script"}).text,
             reviewer.get("/review").text,
             clients["admin"].get("/audit").text]
    for page in pages:
        assert_inert(page)
    assert HOSTILE_KEY in pages[1] and 'id="results"' in pages[1]
    assert "&lt;script&gt;alert(&#34;title&#34;)" in pages[3] or \
        "&lt;script&gt;alert(&quot;title&quot;)" in pages[3]
    assert HOSTILE_KEY in pages[6]  # ve_support at 0.999 heads the queue


def test_pages_have_csp_and_no_inline_code(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    for path in [*PAGES, "/nope", "/items/no-such-item", "/?lang=ru"]:
        r = admin.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert not inline_script.search(r.text), path
        assert not re.search(r"<script[^>]*>[^<]+</script>", r.text), path
        assert " style=" not in r.text.lower() and "<style" not in r.text.lower(), path
    login_page = TestClient(admin.app).get("/login")
    assert "content-security-policy" in login_page.headers
    css = admin.get("/static/app.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert admin.get("/static/app.js").status_code == 200


# -- review, audit, settings ---------------------------------------------------------------

def test_review_form_records_decision_and_audit(clients: dict[str, TestClient],
                                                app: FastAPI) -> None:
    reviewer = clients["reviewer"]
    key, _text = known_item(app)
    page = reviewer.get(f"/items/{key}")
    assert 'id="review-form"' in page.text and 'name="function"' in page.text
    assert 'name="reason"' in page.text
    token = csrf_of(page.text)
    model_fn = re.search(r'<option value="([a-z_]+)" selected>', page.text)
    assert model_fn
    narratives = re.findall(r'name="narratives" value="([a-z_]+)" checked', page.text)
    grievances = re.findall(r'name="grievances" value="([a-z_]+)" checked', page.text)
    form = {"function": model_fn.group(1), "narratives": narratives,
            "grievances": grievances, "reason": ""}
    # without the CSRF token: refused, nothing recorded
    refused = reviewer.post(f"/items/{key}/review", data=form, follow_redirects=False)
    assert refused.status_code == 403
    # a correction without a reason: the page again, with the error
    other = "reporting" if model_fn.group(1) != "reporting" else "other"
    bad = reviewer.post(f"/items/{key}/review",
                        data={**form, "function": other, "csrf_token": token})
    assert bad.status_code == 400 and "a correction needs a reason" in bad.text
    assert 'id="review-error"' in bad.text
    ok = reviewer.post(f"/items/{key}/review", data={**form, "csrf_token": token},
                       follow_redirects=False)
    assert ok.status_code == 303 and "done=confirm" in ok.headers["location"]
    shown = reviewer.get(ok.headers["location"])
    assert 'id="review-message"' in shown.text and 'id="reviews-table"' in shown.text
    audit_page = clients["admin"].get("/audit", params={"action": "review"})
    assert 'id="audit-table"' in audit_page.text
    assert key in audit_page.text and 'data-action="review"' in audit_page.text
    verified = clients["admin"].get("/audit", params={"verify": "1"})
    assert 'id="verify-result" data-ok="true"' in verified.text


def test_searches_and_views_are_audited(clients: dict[str, TestClient]) -> None:
    analyst = clients["analyst"]
    r = analyst.get("/search", params={"q": '"ислам" OR islam -zzzz', "limit": "2"})
    assert r.status_code == 200 and 'id="search-form"' in r.text and 'name="q"' in r.text
    assert 'id="pager-next"' in r.text or "No items match" not in r.text
    analyst.get(f"/items/{HOSTILE_KEY}")
    log = clients["admin"].get("/audit").text
    assert 'data-action="search"' in log and 'data-action="view_item"' in log
    bad = analyst.get("/search", params={"q": '"unbalanced'})
    assert bad.status_code == 400 and "unbalanced quotes" in bad.text


def test_settings_add_user(clients: dict[str, TestClient], app: FastAPI) -> None:
    admin = clients["admin"]
    page = admin.get("/settings")
    assert 'id="add-user-form"' in page.text and 'id="users-table"' in page.text
    assert 'id="setting-k">10<' in page.text
    data = {"username": "newbie", "password": PASSWORD, "role": "analyst"}
    assert admin.post("/settings/users", data=data).status_code == 403
    r = admin.post("/settings/users", data={**data, "csrf_token": csrf_of(page.text)},
                   follow_redirects=False)
    assert r.status_code == 303
    assert 'data-username="newbie"' in admin.get(r.headers["location"]).text
    short = admin.post("/settings/users", data={**data, "username": "other",
                                                "password": "short",
                                                "csrf_token": csrf_of(page.text)})
    assert short.status_code == 400 and "12 characters" in short.text
    client = TestClient(app)
    assert client.post("/login", data={"username": "newbie", "password": PASSWORD,
                                       "csrf_token": login_token(client)},
                       follow_redirects=False).status_code == 303


# -- language, errors ----------------------------------------------------------------------

def test_lang_switch(app: FastAPI) -> None:
    client = login(app, "viewer")
    ru = client.get("/?lang=ru")
    assert '<html lang="ru">' in ru.text and "Обзор" in ru.text and "Выйти" in ru.text
    assert "tyndau_lang=ru" in ru.headers["set-cookie"]
    assert '<html lang="ru">' in client.get("/sources").text  # remembered
    en = client.get("/narratives?lang=en")
    assert '<html lang="en">' in en.text and "Narrative explorer" in en.text
    anon = TestClient(app).get("/login?lang=ru")
    assert "Вход в рабочее место" in anon.text


def test_error_pages(clients: dict[str, TestClient]) -> None:
    analyst = clients["analyst"]
    missing = analyst.get("/items/telegram:0:0")
    assert missing.status_code == 404 and 'id="error-message"' in missing.text
    assert analyst.get("/nope").status_code == 404
    assert "text/html" in analyst.get("/nope").headers["content-type"]
    api = analyst.get("/api/v1/nope")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")
    assert analyst.get("/narratives?axis=bogus").status_code == 400
    assert analyst.get("/sources?limit=x").status_code == 400


def test_two_reviewers_make_a_referral_candidate(clients: dict[str, TestClient]) -> None:
    form = {"function": "ve_support", "narratives": ["belonging_utopia"], "grievances": [],
            "reason": "<b>calls to join</b>"}
    first = clients["reviewer"]
    token = csrf_of(first.get("/review").text)
    r = first.post(f"/items/{HOSTILE_KEY}/review", data={**form, "csrf_token": token},
                   follow_redirects=False)
    assert r.status_code == 303 and "referral=1" not in r.headers["location"]
    second = clients["reviewer2"]
    r = second.post(f"/items/{HOSTILE_KEY}/review",
                    data={**form, "csrf_token": csrf_of(second.get("/review").text)},
                    follow_redirects=False)
    assert r.status_code == 303 and "referral=1" in r.headers["location"]
    assert "two reviewers agree" in second.get(r.headers["location"]).text
    queue = second.get("/review").text
    referrals = queue[queue.index('id="referrals"'):]
    assert HOSTILE_KEY in referrals and "rev, rev2" in referrals
    item = second.get(f"/items/{HOSTILE_KEY}").text
    assert "&lt;b&gt;calls to join&lt;/b&gt;" in item and "<b>calls" not in item
