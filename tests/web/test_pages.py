"""The workbench pages: login, roles, CSRF, inert rendering of hostile content, review, i18n.

One copy of the sample store per module (with four accounts and one hostile item), one app;
each test logs in its own clients.
"""

from __future__ import annotations

import contextlib
import html
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tyndau.api.app import ServeSettings, create_app
from tyndau.privacy import audit
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


@pytest.fixture(scope="module", autouse=True)
def key_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One key file for the module, as a server has one (the audit chain is keyed with it),
    also while the module's fixtures log in and add users."""
    path = tmp_path_factory.mktemp("web-key") / "key"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TYNDAU_KEY_FILE", str(path))
        yield path


@pytest.fixture(autouse=True)
def _one_key_file(_isolated_config: None, key_file: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TYNDAU_KEY_FILE", str(key_file))


@pytest.fixture(scope="module")
def db(sample_db: Path, tmp_path_factory: pytest.TempPathFactory, key_file: Path) -> Path:
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
                                    "next": "/narratives"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/narratives"
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


# -- security review -----------------------------------------------------------------------

def login_as(app: FastAPI, username: str, next_path: str = "/") -> tuple[TestClient, str]:
    """A fresh client logged in as ``username`` with ``next``: (client, where it was sent)."""
    client = TestClient(app)
    r = client.post("/login", data={"username": username, "password": PASSWORD,
                                    "csrf_token": login_token(client), "next": next_path},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[-500:]
    return client, r.headers["location"]


def audit_rows(app: FastAPI, action: str, username: str) -> list[dict[str, Any]]:
    with app.state.holder.reading() as store:
        return [e for e in audit.entries(store, limit=10_000, action=action,
                                         username=username)]


def some_items(app: FastAPI, n: int) -> list[str]:
    """``n`` sample items nobody has reviewed yet (but the hostile one and known_item)."""
    with app.state.holder.reading() as store:
        return [k for (k,) in store.query(
            "SELECT item_key FROM item WHERE item_key NOT IN (SELECT item_key FROM review) "
            "AND item_key NOT IN (?, ?) ORDER BY item_key DESC LIMIT ?",
            [HOSTILE_KEY, known_item(app)[0], n])]


def decide_form(client: TestClient, key: str, reason: str = "") -> dict[str, Any]:
    """The review form of ``key`` as the page fills it in (the model's labels), to confirm."""
    page = client.get(f"/items/{key}").text
    fn = re.search(r'<option value="([a-z_]+)" selected>', page)
    assert fn
    return {"function": fn.group(1),
            "narratives": re.findall(r'name="narratives" value="([a-z_]+)" checked', page),
            "grievances": re.findall(r'name="grievances" value="([a-z_]+)" checked', page),
            "reason": reason, "csrf_token": csrf_of(page)}


def test_login_next_goes_only_to_plain_pages(app: FastAPI) -> None:
    """A link to /login?next=… must not carry anyone into an action logged under their
    name (an export, an item view, a search): only plain pages, without a query."""
    key, text = known_item(app)
    refused = ["/api/v1/export/items.csv?limit=100000&q=someone", "/api/v1/export/items.csv",
               "/api/v1/items?q=x", f"/items/{key}", f"/items/{HOSTILE_KEY}",
               f"/search?q={text.split()[0]}", "/search?platform=telegram",
               "/sources?sort=items", "/review?limit=500", "/audit?verify=1", "/sources/",
               f"/sources/{HOSTILE_SOURCE}?x=1", "/sources/..", "/sources/%2e%2E/api/v1/items",
               "/sources/a/../../api/v1/export/items.csv", "/sources//evil.example",
               "/logout", "/login", "/nope", "/?lang=ru", "/#x", "/search#x"]
    for bad in refused:
        _client, where = login_as(app, "ana", bad)
        assert where == "/", bad
    for good in ("/", "/sources", "/narratives", "/review", "/audit", "/settings", "/search",
                 f"/sources/{HOSTILE_SOURCE}"):
        _client, where = login_as(app, "ana", good)
        assert where == good, good
    # the login page keeps only a safe next, and a logged-in visitor is sent on the same way
    page = TestClient(app).get("/login", params={"next": f"/items/{key}"}).text
    assert 'name="next" value="/"' in page and f"/items/{key}" not in page
    client, _ = login_as(app, "ana")
    for bad in refused[:6]:
        r = client.get("/login", params={"next": bad}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/", bad
    # an anonymous visitor to an item is sent to the login page with no way back to it
    r = TestClient(app).get(f"/items/{key}", follow_redirects=False)
    assert r.headers["location"] == "/login?next=%2F"


def test_login_checks_the_password_outside_the_write_lock(app: FastAPI,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    holder = app.state.holder
    writing, state = holder.writing, {"writing": False, "checked": 0}

    @contextlib.contextmanager
    def watched_writing() -> Iterator[Any]:
        state["writing"] = True
        try:
            with writing() as store:
                yield store
        finally:
            state["writing"] = False

    check = accounts.check_login

    def watched_check(*args: Any, **kwargs: Any) -> Any:
        assert not state["writing"], "argon2 ran under the write lock"
        state["checked"] += 1
        return check(*args, **kwargs)

    def no_authenticate(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("authenticate checks the password under the write lock")

    monkeypatch.setattr(holder, "writing", watched_writing)
    monkeypatch.setattr(accounts, "check_login", watched_check)
    monkeypatch.setattr(accounts, "authenticate", no_authenticate)
    before = len(audit_rows(app, "login", "vic"))
    _client, where = login_as(app, "vic")
    assert where == "/" and state["checked"] == 1
    assert len(audit_rows(app, "login", "vic")) == before + 1
    client = TestClient(app)
    wrong = client.post("/login", data={"username": "vic", "password": "wrong password!",
                                        "csrf_token": login_token(client)})
    assert wrong.status_code == 401 and "Wrong username or password" in wrong.text
    assert state["checked"] == 2
    assert "tyndau_session" not in client.cookies


def test_refused_review_post_logs_the_view(clients: dict[str, TestClient],
                                           app: FastAPI) -> None:
    reviewer = clients["reviewer"]
    (key,) = some_items(app, 1)
    form = decide_form(reviewer, key)
    before = [e for e in audit_rows(app, "view_item", "rev") if e["target"] == key]
    bad = reviewer.post(f"/items/{key}/review", data={**form, "function": "no_such_function"})
    assert bad.status_code == 400 and 'id="item-text"' in bad.text
    after = [e for e in audit_rows(app, "view_item", "rev") if e["target"] == key]
    assert len(after) == len(before) + 1


def test_listing_snippets_is_audited_with_the_whole_filter(clients: dict[str, TestClient],
                                                           app: FastAPI) -> None:
    analyst = clients["analyst"]
    fields = {"q", "platform", "language", "function", "narrative", "grievance", "since",
              "until", "source", "limit", "offset"}
    before = len(audit_rows(app, "list_items", "ana"))
    r = analyst.get("/search", params={"platform": "telegram", "function": "ve_support",
                                       "since": "2020-01-01", "limit": "5"})
    assert r.status_code == 200
    listed = audit_rows(app, "list_items", "ana")
    assert len(listed) == before + 1
    entry = listed[0]
    detail = audit_detail(entry)
    assert entry["target"] == "search" and fields <= set(detail)
    assert detail["platform"] == "telegram" and detail["function"] == "ve_support"
    assert detail["since"] == "2020-01-01" and detail["limit"] == 5 and detail["q"] is None
    # a search by terms: a search entry, also with the whole filter
    analyst.get("/search", params={"q": "islam", "language": "uz", "grievance": "injustice",
                                   "offset": "0"})
    entry = audit_rows(app, "search", "ana")[0]
    detail = audit_detail(entry)
    assert entry["target"] == "islam" and fields <= set(detail)
    assert detail["language"] == "uz" and detail["grievance"] == "injustice"
    assert len(audit_rows(app, "list_items", "ana")) == before + 1  # no second entry
    # the review queue shows snippets too
    before = len(audit_rows(app, "list_items", "rev"))
    assert clients["reviewer"].get("/review", params={"limit": "7"}).status_code == 200
    listed = audit_rows(app, "list_items", "rev")
    assert len(listed) == before + 1 and listed[0]["target"] == "review"
    detail = audit_detail(listed[0])
    assert fields <= set(detail) and detail["limit"] == 7 and detail["offset"] == 0


def audit_detail(entry: dict[str, Any]) -> dict[str, Any]:
    detail = entry["detail"]
    return orjson.loads(detail) if isinstance(detail, str) else detail


def test_no_protocol_relative_links(clients: dict[str, TestClient]) -> None:
    analyst = clients["analyst"]
    for path in ("//evil.example/x", "//evil.example", "/\\evil.example/x",
                 "/%2F/evil.example/x", "///evil.example/x"):
        for client in (analyst, TestClient(analyst.app)):
            r = client.get("http://testserver" + path)
            assert r.status_code == 404, path
            hrefs = re.findall(r'href="([^"]*)"', r.text)
            assert hrefs, path
            for href in hrefs:  # each a path on this site (or a fragment)
                assert re.match(r"(#|/(?![/\\]))", href), (path, href)
                assert "\\" not in href and "\t" not in href, (path, href)
    r = analyst.get("http://testserver//evil.example/x")
    assert 'href="/evil.example/x?lang=en"' in r.text


def test_review_notice_only_for_a_real_recent_decision(clients: dict[str, TestClient],
                                                       app: FastAPI) -> None:
    (key,) = some_items(app, 1)
    spoof = {"done": "confirm", "referral": "1"}
    for role in ("analyst", "reviewer", "admin"):
        page = clients[role].get(f"/items/{key}", params=spoof).text
        assert 'id="review-message"' not in page and "two reviewers agree" not in page, role
    reviewer = clients["reviewer2"]
    r = reviewer.post(f"/items/{key}/review", data=decide_form(reviewer, key),
                      follow_redirects=False)
    assert r.status_code == 303 and "referral=1" not in r.headers["location"]
    # a real decision: the message tells the recorded decision, not the link's word, and no
    # referral that is not one
    page = reviewer.get(f"/items/{key}", params={"done": "correct", "referral": "1"}).text
    assert 'id="review-message"' in page and 'data-decision="confirm"' in page
    assert "two reviewers agree" not in page
    # someone else's decision is no reason to tell this one "recorded"
    other = clients["reviewer"].get(f"/items/{key}", params=spoof).text
    assert 'id="review-message"' not in other
    # nor is a decision made longer ago
    with app.state.holder.writing() as store:
        store.con.execute("UPDATE review SET decided_at = decided_at - INTERVAL 3 MINUTE "
                          "WHERE item_key = ? AND reviewer = 'rev2'", [key])
    page = reviewer.get(f"/items/{key}", params=spoof).text
    assert 'id="review-message"' not in page


def test_four_eyes_stay_independent(clients: dict[str, TestClient], app: FastAPI) -> None:
    (key,) = some_items(app, 1)
    first, second = clients["reviewer"], clients["reviewer2"]
    secret = "only rev knows why (first pair of eyes)"
    with app.state.holder.reading() as store:
        model = store.query("SELECT label FROM annotation WHERE item_key = ? "
                            "AND axis = 'function'", [key])[0][0]
    other = "reporting" if model != "reporting" else "other"
    r = first.post(f"/items/{key}/review",
                   data={**decide_form(first, key, secret), "function": other},
                   follow_redirects=False)
    assert r.status_code == 303 and "done=correct" in r.headers["location"]
    assert secret in first.get(f"/items/{key}").text  # one's own decision
    for client in (second, clients["analyst"]):
        page = client.get(f"/items/{key}").text
        assert secret not in page and 'id="reviews-table"' not in page
        assert 'id="reviews-hidden"' in page and "<td>rev</td>" not in page
    admin = clients["admin"].get(f"/items/{key}").text
    assert secret in admin and 'id="reviews-table"' in admin
    # a refused form (the page again) shows nothing either
    refused = second.post(f"/items/{key}/review",
                          data={**decide_form(second, key), "function": "nonsense"})
    assert refused.status_code == 400 and secret not in refused.text
    r = second.post(f"/items/{key}/review", data=decide_form(second, key),
                    follow_redirects=False)
    assert r.status_code == 303
    page = second.get(r.headers["location"]).text
    assert secret in page and page.count("<td>rev") == 2  # both decisions now


def test_referral_list_only_after_ones_own_decision(clients: dict[str, TestClient],
                                                    app: FastAPI) -> None:
    with app.state.holder.writing() as store:
        if not store.query("SELECT 1 FROM account WHERE username = 'rev3'"):
            accounts.add_user(store, "rev3", PASSWORD, "reviewer")
    (key,) = some_items(app, 1)
    form = {"function": "ve_support", "narratives": [], "grievances": [],
            "reason": "two agree"}
    for who in ("reviewer", "reviewer2"):
        client = clients[who]
        r = client.post(f"/items/{key}/review",
                        data={**form, "csrf_token": csrf_of(client.get("/review").text)},
                        follow_redirects=False)
        assert r.status_code == 303
    third, _ = login_as(app, "rev3")

    def referrals(client: TestClient) -> str:
        page = client.get("/review").text
        return page[page.index('id="referrals"'):]

    assert key not in referrals(third)
    assert key in referrals(clients["reviewer"]) and key in referrals(clients["admin"])


def test_error_messages_do_not_echo_long_input(clients: dict[str, TestClient],
                                               app: FastAPI) -> None:
    analyst, reviewer = clients["analyst"], clients["reviewer"]
    long = "z" * 300
    missing = analyst.get(f"/items/telegram:1:{long}")
    assert missing.status_code == 404 and 'id="error-message"' in missing.text
    assert "z" * 41 not in missing.text.replace(f"telegram:1:{long}", "")
    (key,) = some_items(app, 1)
    bad = reviewer.post(f"/items/{key}/review",
                        data={**decide_form(reviewer, key), "function": long})
    assert bad.status_code == 400 and 'id="review-error"' in bad.text
    assert "z" * 41 not in bad.text
    bad = reviewer.post(f"/items/{key}/review",
                        data={**decide_form(reviewer, key), "narratives": [long]})
    assert bad.status_code == 400 and "z" * 41 not in bad.text
    for params in ({"q": '"' + long}, {"since": long}, {"limit": long}):
        r = analyst.get("/search", params=params)
        assert r.status_code == 400, params
        message = re.search(r'id="error-message">([^<]*)<', r.text)
        assert message and "z" * 41 not in message.group(1), params
    r = clients["admin"].get("/audit", params={"action": long})
    message = re.search(r'id="error-message">([^<]*)<', r.text)
    assert r.status_code == 400 and message and "z" * 41 not in message.group(1)
    admin = clients["admin"]
    page = admin.get("/settings")
    added = admin.post("/settings/users", data={"username": long, "password": PASSWORD,
                                                "role": "analyst",
                                                "csrf_token": csrf_of(page.text)})
    assert added.status_code == 400 and "z" * 41 not in added.text.replace(
        f'value="{long[:64]}"', "")


def test_no_page_links_to_a_get_export(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    for path in [*PAGES, f"/search?source={HOSTILE_SOURCE}"]:
        page = admin.get(path).text
        assert not re.search(r'href="[^"]*/export/', page), path
        for form in re.findall(r'<form[^>]*action="[^"]*/export/[^"]*"[^>]*>.*?</form>', page,
                               re.S):
            assert 'method="post"' in form and 'name="csrf_token"' in form, path
