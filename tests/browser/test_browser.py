"""The workbench in a real browser: Playwright driving Debian's chromium against the real app.

Two copies of the sample store with five accounts, each served by uvicorn on a free localhost
port: a clean one for the tour (and the screenshots for the docs) and one with a hostile item
(script and HTML injection in its text, source title and rationale). Each test logs in through
the login form in its own browser context. Full-page screenshots go to
``tests/browser/artifacts/``; with ``TYNDAU_UPDATE_SCREENSHOTS=1`` the main pages are also
written to ``docs/screenshots/``.
"""

from __future__ import annotations

import html
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)",
                allow_module_level=True)

import uvicorn  # noqa: E402
from playwright.sync_api import (  # noqa: E402
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    expect,
    sync_playwright,
)

from tyndau.api.app import ServeSettings, create_app  # noqa: E402
from tyndau.schema import Annotation, Item, ItemText, Source  # noqa: E402
from tyndau.services import accounts  # noqa: E402
from tyndau.store import Store  # noqa: E402
from tyndau.store.item_index import refresh_item_index  # noqa: E402

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DOC_SHOTS = REPO / "docs" / "screenshots"
UPDATE_DOCS = os.environ.get("TYNDAU_UPDATE_SCREENSHOTS") == "1"
MAX_DOC_PNG = 600_000
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}

PASSWORD = "correct horse battery"
ROLES = {"viewer": "viewer", "analyst": "analyst", "reviewer": "reviewer",
         "reviewer2": "reviewer", "admin": "admin"}  # username: role
REVIEW_KEY = "telegram:1811000011:30"
HOSTILE_SOURCE = "telegram:666000001"
HOSTILE_KEY = f"{HOSTILE_SOURCE}:1"
HOSTILE_TEXT = ('<script>alert(1)</script><img src=x onerror=alert(2)> '
                'http://evil.example/x "onmouseover=alert(3) Бауырлар, қосылыңдар!')
HOSTILE_TITLE = '<script>alert("title")</script><a href="http://evil.example/t">Канал</a>'


# -- the server ----------------------------------------------------------------------------

@dataclass
class Served:
    base: str
    known_key: str
    known_text: str


def _prepare(path: Path, *, hostile: bool) -> tuple[str, str]:
    """Accounts (and the hostile item) into the store at ``path``; a known (key, text)."""
    then = datetime(2026, 10, 30, 12, 0, tzinfo=UTC)
    with Store(path) as store:
        for name, role in ROLES.items():
            accounts.add_user(store, name, PASSWORD, role)
        if hostile:
            _add_hostile(store, then)
        key, text = store.query(
            "SELECT item_key, text FROM item WHERE length(text) > 80 AND item_key <> ? "
            "ORDER BY item_key LIMIT 1", [HOSTILE_KEY])[0]
    return key, text


def _add_hostile(store: Store, then: datetime) -> None:
    """As tests/web/test_pages.py does: script and HTML injection wherever text is shown."""
    store.insert_new(Source, [Source(
        source_key=HOSTILE_SOURCE, platform="telegram", source_id="666000001",
        kind="channel", handle="evil_handle", title=HOSTILE_TITLE,
        url="http://evil.example/channel", first_imported_at=then, last_imported_at=then)])
    store.insert_new(Item, [Item(
        item_key=HOSTILE_KEY, platform="telegram", source_key=HOSTILE_SOURCE, item_id="1",
        kind="post", published_at=then, text=HOSTILE_TEXT,
        links=["http://evil.example/x"], url="http://evil.example/post/1",
        origin_format="test", origin_file="test.json", imported_at=then)])
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


@contextmanager
def _serve(sample_db: Path, folder: Path, *, hostile: bool) -> Iterator[Served]:
    """The real app on a copy of the sample store, in a thread, on a free localhost port."""
    path = folder / "s.duckdb"
    shutil.copy(sample_db, path)
    key, text = _prepare(path, hostile=hostile)
    app = create_app(ServeSettings(db=path, k=10))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off",
                                           access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="tyndau-browser-test-server")
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", key, text)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        app.state.holder.close()


@pytest.fixture(scope="module", autouse=True)
def key_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One key file for the module, as a server has one (the audit chain is keyed with it),
    also while the module's fixtures add users."""
    path = tmp_path_factory.mktemp("browser-key") / "key"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TYNDAU_KEY_FILE", str(path))
        yield path


@pytest.fixture(autouse=True)
def _one_key_file(_isolated_config: None, key_file: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TYNDAU_KEY_FILE", str(key_file))


@pytest.fixture(scope="module")
def served(sample_db: Path, tmp_path_factory: pytest.TempPathFactory,
           key_file: Path) -> Iterator[Served]:
    """The clean store: the sample corpus and the accounts."""
    with _serve(sample_db, tmp_path_factory.mktemp("browser"), hostile=False) as s:
        yield s


@pytest.fixture(scope="module")
def hostile(sample_db: Path, tmp_path_factory: pytest.TempPathFactory,
            key_file: Path) -> Iterator[Served]:
    """The sample corpus, the accounts and the hostile item."""
    with _serve(sample_db, tmp_path_factory.mktemp("browser-hostile"), hostile=True) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


# -- pages, watched ------------------------------------------------------------------------

@dataclass
class Watch:
    """What a page did that it should not: requests off this server, dialogs, CSP
    violations and script errors."""

    base: str
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def request(self, r: Request) -> None:
        url = r.url
        if not (url == self.base or url.startswith(self.base + "/")
                or url.startswith(("data:", "about:"))):
            self.outside.append(url)

    def dialog(self, d: Dialog) -> None:
        self.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    def console(self, m: ConsoleMessage) -> None:
        text = m.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp.append(text)

    def assert_clean(self) -> None:
        assert not self.outside, f"requests left {self.base}: {self.outside[:5]}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"
        assert not self.csp, f"CSP violations: {self.csp[:5]}"
        assert not self.errors, f"script errors: {self.errors[:5]}"


@dataclass
class Session:
    page: Page
    watch: Watch

    def goto(self, path: str) -> int:
        response = self.page.goto(path)
        assert response is not None, path
        return response.status


OpenAs = Callable[..., Session]


@pytest.fixture
def open_as(browser: Browser, served: Served) -> Iterator[OpenAs]:
    """A fresh browser context on ``server`` (the clean one unless given), logged in as
    ``who`` through the form (or anonymous)."""
    made: list[Session] = []

    def make(who: str | None, server: Served | None = None) -> Session:
        base = (server or served).base
        context = browser.new_context(viewport=VIEWPORT, base_url=base, timezone_id="UTC")
        page = context.new_page()
        watch = Watch(base)
        page.on("request", watch.request)
        page.on("dialog", watch.dialog)
        page.on("console", watch.console)
        page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
        session = Session(page, watch)
        made.append(session)
        if who is not None:
            login(page, who)
        return session

    yield make
    for session in made:
        session.page.context.close()
    for session in made:
        session.watch.assert_clean()


def login(page: Page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("#login-button")
    expect(page.locator("#current-user")).to_have_text(username)


def shot(page: Page, name: str, *, doc: bool = False) -> None:
    """A full-page screenshot as a test artefact; for the docs too when asked to."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    if doc and UPDATE_DOCS:
        DOC_SHOTS.mkdir(parents=True, exist_ok=True)
        target = DOC_SHOTS / f"{name}.png"
        if path.stat().st_size > MAX_DOC_PNG:
            page.screenshot(path=target, full_page=False)
        else:
            shutil.copyfile(path, target)


def search(page: Page, query: str) -> int:
    """Search through the form; the result count."""
    page.fill("#q", query)
    with page.expect_navigation():
        page.click("#search-button")
    total = page.locator("#results-count").get_attribute("data-total")
    assert total is not None
    return int(total)


# -- the tests -----------------------------------------------------------------------------

def test_analyst_browses_overview_sources_and_search(open_as: OpenAs) -> None:
    s = open_as("analyst")
    page = s.page
    assert page.url.endswith("/")
    expect(page.locator("#current-role")).to_have_attribute("data-role", "analyst")
    expect(page.locator("#current-role")).to_contain_text("nalyst")
    assert page.locator("main svg").count() >= 2  # the charts, inline
    assert page.locator("img").count() == 0
    shot(page, "overview", doc=True)

    page.click("#nav-sources")
    page.wait_for_url("**/sources")
    expect(page.locator("#nav-sources")).to_have_attribute("aria-current", "page")
    rows = page.locator("#sources-table tbody tr[data-source-key]")
    assert rows.count() > 1
    shot(page, "sources", doc=True)

    first = rows.first
    key = first.get_attribute("data-source-key")
    assert key
    with page.expect_navigation():
        first.locator("a.source-link").click()
    assert "/sources/" in page.url
    expect(page.locator("main h1")).to_be_visible()
    assert page.locator("main svg").count() >= 1
    assert key in page.content()
    shot(page, "source", doc=True)

    page.click("#nav-search")
    page.wait_for_url("**/search")
    expect(page.locator("#search-form")).to_be_visible()
    expect(page.locator("#q")).to_be_editable()
    s.watch.assert_clean()


def test_search_across_scripts(open_as: OpenAs) -> None:
    s = open_as("analyst")
    page = s.page
    page.click("#nav-search")
    page.wait_for_url("**/search")
    latin = search(page, "Karvon")
    assert latin > 0
    latin_keys = page.locator("#results .result").evaluate_all(
        "rows => rows.map(r => r.dataset.itemKey)")
    shot(page, "search", doc=True)
    cyrillic = search(page, "Карвон")
    assert cyrillic == latin
    assert page.locator("#q").input_value() == "Карвон"
    cyr_keys = page.locator("#results .result").evaluate_all(
        "rows => rows.map(r => r.dataset.itemKey)")
    assert sorted(cyr_keys) == sorted(latin_keys)
    assert page.locator("#no-results").count() == 0

    first = page.locator("#results .result").first
    key = first.get_attribute("data-item-key")
    with page.expect_navigation():
        first.locator("a.item-link").click()
    assert page.url.endswith("/items/" + quote(key or "", safe=":@"))
    expect(page.locator("#item-key")).to_have_text(key or "")
    expect(page.locator("#item-text")).to_be_visible()
    assert page.locator("#item-text").inner_text().strip()
    expect(page.locator("#labels-table")).to_be_visible()

    page.goto("/search")
    assert search(page, "zzzqqqxxx") == 0
    expect(page.locator("#no-results")).to_be_visible()
    s.watch.assert_clean()


def test_four_eyes_review_and_audit(open_as: OpenAs) -> None:
    for who, n in (("reviewer", 1), ("reviewer2", 2)):
        s = open_as(who)
        page = s.page
        assert s.goto(f"/items/{REVIEW_KEY}") == 200
        expect(page.locator("#item-text")).to_be_visible()
        page.select_option("#review-function", "ve_support")
        page.fill("#review-reason", f"praises the fighters and invites the reader ({who})")
        with page.expect_navigation():
            page.click("#review-submit")
        message = page.locator("#review-message")
        expect(message).to_be_visible()
        assert page.locator("#reviews-table tbody tr").count() == n
        if n == 1:
            shot(page, "item", doc=True)
        else:
            expect(message).to_contain_text("two reviewers agree")
            page.click("#nav-review")
            page.wait_for_url("**/review")
            row = page.locator(f'#referrals tr[data-item-key="{REVIEW_KEY}"]')
            expect(row).to_be_visible()
            expect(row).to_contain_text("reviewer, reviewer2")
            expect(page.locator("#queue")).to_be_visible()
            shot(page, "review-full")
            page.goto("/review?limit=8")  # short enough to show the referrals as well
            expect(page.locator("#queue .queue-item")).to_have_count(8)
            shot(page, "review", doc=True)
        s.watch.assert_clean()

    s = open_as("admin")
    page = s.page
    page.click("#nav-search")
    page.wait_for_url("**/search")
    assert search(page, "Karvon") > 0
    page.click("#nav-audit")
    page.wait_for_url("**/audit")
    table = page.locator("#audit-table")
    expect(table).to_be_visible()
    reviews = table.locator('tr[data-action="review"]')
    assert reviews.count() >= 2
    expect(reviews.first).to_contain_text(REVIEW_KEY)
    assert table.locator('tr[data-action="view_item"]').count() >= 2
    assert table.locator('tr[data-action="search"]').count() >= 1
    with page.expect_navigation():
        page.click("#verify-button")
    result = page.locator("#verify-result")
    expect(result).to_have_attribute("data-ok", "true")
    expect(result).to_be_visible()
    shot(page, "audit", doc=True)

    page.click("#nav-settings")
    page.wait_for_url("**/settings")
    expect(page.locator("#users-table")).to_contain_text("reviewer2")
    expect(page.locator("#add-user-form")).to_be_visible()
    s.watch.assert_clean()


INERT_DOM = """base => {
  const scripts = Array.from(document.querySelectorAll('script')).map(s => s.src || '(inline)');
  return {
    scripts,
    imgX: document.querySelectorAll('img[src="x"], img').length,
    handlers: document.querySelectorAll('[onerror], [onmouseover], [onload], [onclick]').length,
    svgOnload: Array.from(document.querySelectorAll('svg')).filter(
      s => s.hasAttribute('onload')).length,
    evilLinks: Array.from(document.querySelectorAll('a[href]')).map(a => a.href).filter(
      h => !h.startsWith(base)).length,
    bold: document.querySelectorAll('main b').length,
  };
}"""


def test_hostile_content_renders_inert(open_as: OpenAs, hostile: Served) -> None:
    s = open_as("analyst", hostile)
    page = s.page
    app_js = hostile.base + "/static/app.js"

    def check(what: str, on: Page | None = None) -> None:
        dom = (on or page).evaluate(INERT_DOM, hostile.base)
        assert dom["scripts"] == [app_js], (what, dom)
        assert dom["imgX"] == 0 and dom["handlers"] == 0 and dom["svgOnload"] == 0, (what, dom)
        assert dom["evilLinks"] == 0 and dom["bold"] == 0, (what, dom)

    assert s.goto(f"/items/{HOSTILE_KEY}") == 200
    check("item")
    expect(page.locator("#item-text")).to_have_text(HOSTILE_TEXT)
    page.locator("#labels-table details summary").first.click()  # open the rationale
    expect(page.locator("#labels-table")).to_contain_text("<script>alert(4)</script>")
    expect(page.locator("#labels-table")).to_contain_text("<svg onload=alert(5)>")
    expect(page.locator("#item-links")).to_contain_text("http://evil.example/x")
    expect(page.locator("#item-url")).to_have_text("http://evil.example/post/1")
    shot(page, "hostile-item")

    with page.expect_navigation():
        page.locator("#item-meta a").first.click()  # to the source, as a user would
    assert page.url.endswith("/sources/" + HOSTILE_SOURCE)
    check("source")
    expect(page.locator("main")).to_contain_text('<script>alert("title")</script>')
    shot(page, "hostile-source")

    page.goto("/search")
    assert search(page, "evil") >= 1
    check("search")
    row = page.locator(f'#results .result[data-item-key="{HOSTILE_KEY}"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("<script>alert(1)</script>")
    page.mouse.move(640, 450)  # hover over the results: an onmouseover would fire now
    shot(page, "hostile-search")
    for path in ("/sources", "/sources?search=script", "/"):
        page.goto(path)
        check(path)
    expect(page.locator("#current-role")).to_have_attribute("data-role", "analyst")

    r = open_as("reviewer", hostile)  # the queue shows the start of the text too
    r.page.click("#nav-review")
    r.page.wait_for_url("**/review")
    check("review queue", r.page)
    expect(r.page.locator(f'#queue tr[data-item-key="{HOSTILE_KEY}"]')).to_contain_text(
        "<script>alert(1)</script>")
    r.page.wait_for_timeout(200)  # let any late console report arrive
    for watched in (s, r):
        watched.watch.assert_clean()


def test_viewer_cannot_reach_item_text(open_as: OpenAs, hostile: Served) -> None:
    s = open_as("viewer", hostile)
    page = s.page
    expect(page.locator("#current-role")).to_have_attribute("data-role", "viewer")
    key, text = hostile.known_key, hostile.known_text
    needles = {text[:40], html.escape(text[:40]), text[-40:], html.escape(text[-40:]),
               HOSTILE_TEXT[:30], html.escape(HOSTILE_TEXT[:30])}
    seen: dict[str, str] = {}
    nav = page.locator("#nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert nav == ["/", "/sources", "/narratives"]
    for href in nav:
        assert s.goto(href) == 200, href
        seen[href] = page.content() + page.locator("body").inner_text()
        shot(page, "viewer" + href.replace("/", "-").rstrip("-"))
    # no way through to a text page from the source list
    assert page.goto("/sources") and page.locator("a.source-link").count() == 0

    forbidden = [f"/items/{key}", f"/search?q={quote(text.split()[0])}", "/search",
                 f"/sources/{key.rsplit(':', 1)[0]}", f"/sources/{HOSTILE_SOURCE}",
                 f"/items/{HOSTILE_KEY}", "/review", "/audit", "/settings",
                 "/api/v1/items", f"/api/v1/items/{key}", "/api/v1/items?q=Karvon"]
    for path in forbidden:
        status = s.goto(path)
        assert status == 403 or "/login" in page.url, (path, status, page.url)
        seen["goto " + path] = page.content()
        r = page.request.get(path, max_redirects=0)
        assert r.status in (401, 403, 303), (path, r.status)
        seen["request " + path] = r.text()
    # export is a POST with a CSRF token: a viewer's POST is refused before anything is read
    r = page.request.post("/api/v1/export/items.csv", max_redirects=0)
    assert r.status in (401, 403), r.status
    seen["request export"] = r.text()
    for where, content in seen.items():
        leaked = [n for n in needles if n in content]
        assert not leaked, (where, leaked)
    s.watch.assert_clean()


FOCUSED = "() => document.activeElement && (document.activeElement.id || " \
          "document.activeElement.tagName)"
FIRST_FOCUSABLE = """() => {
  const all = document.querySelectorAll('a[href], button, input:not([type="hidden"]), select,'
    + ' textarea, summary, [tabindex]');
  const tabbable = Array.from(all).filter(e => e.tabIndex >= 0 && !e.disabled);
  if (tabbable.some(e => e.tabIndex > 0)) { return 'positive tabindex'; }
  return tabbable.length ? tabbable[0].id : null;
}"""


def test_login_page_by_keyboard(open_as: OpenAs) -> None:
    s = open_as(None)
    page = s.page
    assert s.goto("/") == 200  # after the redirect to the login page
    assert "/login?next=%2F" in page.url
    expect(page.locator("#login-form")).to_be_visible()
    shot(page, "login", doc=True)
    assert page.evaluate(FOCUSED) == "username"  # autofocus
    assert page.evaluate(FIRST_FOCUSABLE) == "skip-link"
    # from the end of the document (the footer holds nothing focusable) Tab wraps to the start
    page.locator("footer").click()
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(page.evaluate(FOCUSED))
        if order[-1] == "login-button":
            break
    assert order[0] == "skip-link", order
    assert order[-3:] == ["username", "password", "login-button"], order
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == "username"
    page.keyboard.type("analyst")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/")
    expect(page.locator("#current-user")).to_have_text("analyst")
    # on a page without autofocus the first Tab reaches the skip link, which moves focus to
    # the main content
    page.goto("/sources")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "skip-link"
    expect(page.locator("#skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id "
                           "=== 'main'")
    s.watch.assert_clean()


def test_logout(open_as: OpenAs) -> None:
    s = open_as("analyst")
    page = s.page
    with page.expect_navigation():
        page.click("#logout-button")
    assert "/login" in page.url
    expect(page.locator("#login-message")).to_have_attribute("data-message", "logged_out")
    assert page.locator("#current-user").count() == 0
    assert s.goto("/") == 200
    assert page.url.endswith("/login?next=%2F")
    expect(page.locator("#login-form")).to_be_visible()
    assert page.request.get("/api/v1/items").status == 401
    s.watch.assert_clean()
