"""The HTTP API: every route, for each role, unauthorised and malformed requests included."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tyndau.api.app import ServeSettings, create_app
from tyndau.privacy import audit
from tyndau.services import accounts
from tyndau.store import Store

PASSWORD = "correct horse battery"
ITEM = "telegram:1811000001:40"
ROLES = ("viewer", "analyst", "reviewer", "admin")


@pytest.fixture
def api(sample_db: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    db = tmp_path / "s.duckdb"
    shutil.copy(sample_db, db)
    with Store(db) as s:
        for role in ROLES:
            accounts.add_user(s, role, PASSWORD, role)
        accounts.add_user(s, "reviewer2", PASSWORD, "reviewer")
    app = create_app(ServeSettings(db=db, k=10))
    try:
        yield TestClient(app), db
    finally:
        app.state.holder.close()


def login(client: TestClient, name: str) -> str:
    r = client.post("/api/v1/session", json={"username": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return r.json()["csrf_token"]


def as_role(api: tuple[TestClient, Path], name: str) -> tuple[TestClient, str]:
    client = TestClient(api[0].app)
    return client, login(client, name)


# route → the lowest role that may use it
GETS = {
    "/api/v1/me": "viewer",
    "/api/v1/taxonomy": "viewer",
    "/api/v1/overview": "viewer",
    "/api/v1/trends/narrative": "viewer",
    "/api/v1/sources": "viewer",
    "/api/v1/sources/telegram:1811000011": "analyst",
    "/api/v1/items?limit=5": "analyst",
    f"/api/v1/items/{ITEM}": "analyst",
    "/api/v1/duplicates": "analyst",
    "/api/v1/duplicates/nd-b4faaba6043c": "analyst",
    "/api/v1/graph": "analyst",
    "/api/v1/frontier": "analyst",
    "/api/v1/reach": "analyst",
    "/api/v1/coordination?window=15": "analyst",
    "/api/v1/reviews/queue": "reviewer",
    "/api/v1/referral-candidates": "reviewer",
    "/api/v1/audit": "admin",
    "/api/v1/audit/verify": "admin",
    "/api/v1/users": "admin",
}


def test_openapi_documents_every_route(api: tuple[TestClient, Path]) -> None:
    client, _ = api
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    for route in GETS:
        path = route.split("?")[0]
        assert any(_matches(p, path) for p in paths), path
    assert "/api/v1/session" in paths and "/api/v1/items/{key}/reviews" in paths


def _matches(template: str, path: str) -> bool:
    import re
    pattern = re.sub(r"\{[^}]+\}", "[^?]+", template)
    return re.fullmatch(pattern, path) is not None


@pytest.mark.parametrize("route", sorted(GETS))
def test_anonymous_callers_get_401(api: tuple[TestClient, Path], route: str) -> None:
    r = api[0].get(route)
    assert r.status_code == 401
    assert r.json() == {"error": {"type": "unauthorised", "message": "log in first"}}


@pytest.mark.parametrize("role", ROLES)
def test_each_route_for_each_role(api: tuple[TestClient, Path], role: str) -> None:
    client, _ = as_role(api, role)
    for route, lowest in GETS.items():
        r = client.get(route)
        if ROLES.index(role) >= ROLES.index(lowest):
            assert r.status_code == 200, (route, r.text)
        else:
            assert r.status_code == 403, (route, r.status_code)
            assert r.json()["error"]["type"] == "forbidden"


def test_viewer_sees_aggregates_only_with_small_counts_blanked(
        api: tuple[TestClient, Path]) -> None:
    viewer, _ = as_role(api, "viewer")
    analyst, _ = as_role(api, "analyst")
    v = viewer.get("/api/v1/overview").json()
    a = analyst.get("/api/v1/overview").json()
    small = [x for x in a["shares"]["narrative"] if x["items"] < 10]
    assert small, "the sample has narratives on fewer than 10 items"
    vs = {x["label"]: x for x in v["shares"]["narrative"]}
    for x in small:
        assert vs[x["label"]]["items"] is None and vs[x["label"]]["suppressed"]
    with api[0].app.state.holder.reading() as s:
        text = s.query("SELECT text FROM item WHERE item_key = ?", [ITEM])[0][0]
    for route in ("/api/v1/overview", "/api/v1/trends/function", "/api/v1/sources",
                  "/api/v1/taxonomy", f"/api/v1/items/{ITEM}", "/api/v1/items?q=МВД"):
        assert text[:40] not in viewer.get(route).text
    src = viewer.get("/api/v1/sources?limit=500&sort=title").json()["sources"]
    assert all(s["items"] is None or s["items"] == 0 or s["items"] >= 10 for s in src)
    # nothing that describes the few items behind a blank: no dates, views, lifespans
    assert not {"first_item_at", "last_item_at", "views", "lifespan_days", "status"} & \
        set().union(*src)
    assert viewer.get("/api/v1/sources?sort=items").status_code == 403
    assert viewer.get("/api/v1/sources?sort=title&status=gone").status_code == 403
    # complementary suppression: no group has exactly one blank
    for axis, rows in v["shares"].items():
        assert sum(1 for x in rows if x["items"] is None) != 1, axis
    for change in v["changes_this_week"]:
        if change.get("suppressed"):
            assert change["change"] is None


def test_search_across_scripts_and_its_audit(api: tuple[TestClient, Path]) -> None:
    client, _ = as_role(api, "analyst")
    latin = client.get("/api/v1/items", params={"q": "Karvon", "limit": 100}).json()
    cyrillic = client.get("/api/v1/items", params={"q": "Карвон", "limit": 100}).json()
    assert latin["total"] == cyrillic["total"] > 0
    phrase = client.get("/api/v1/items", params={"q": '"Ak-Tash video"'}).json()
    excluded = client.get("/api/v1/items", params={"q": '"Ak-Tash video" -staged'}).json()
    either = client.get("/api/v1/items", params={"q": "Karvon OR Ak-Tash"}).json()
    assert 0 < excluded["total"] <= phrase["total"]
    assert either["total"] >= max(latin["total"], phrase["total"])
    with api[0].app.state.holder.reading() as s:
        searches = [r[0] for r in s.query("SELECT target FROM audit_entry WHERE action = "
                                          "'search' ORDER BY seq")]
    assert searches[:2] == ["Karvon", "Карвон"]


@pytest.mark.parametrize(("params", "field"), [
    ({"q": '"unbalanced'}, "quotes"), ({"q": "-only -negative"}, "must appear"),
    ({"limit": 0}, "limit"), ({"limit": 100000}, "limit"), ({"offset": -1}, "offset"),
    ({"since": "yesterday"}, "since"), ({"min_score": 2}, "min_score"),
    ({"q": "x" * 600}, "q"),
])
def test_malformed_item_queries_are_refused(api: tuple[TestClient, Path], params: dict,
                                            field: str) -> None:
    client, _ = as_role(api, "analyst")
    r = client.get("/api/v1/items", params=params)
    assert r.status_code in (400, 422)
    assert field in r.json()["error"]["message"]


def test_unknown_keys_are_404(api: tuple[TestClient, Path]) -> None:
    client, _ = as_role(api, "analyst")
    for route in ("/api/v1/items/telegram:0:0", "/api/v1/sources/nothing-like-it",
                  "/api/v1/duplicates/nd-000000"):
        r = client.get(route)
        assert r.status_code == 404 and r.json()["error"]["type"] == "not_found"


def test_viewing_an_item_is_audited(api: tuple[TestClient, Path]) -> None:
    client, _ = as_role(api, "analyst")
    item = client.get(f"/api/v1/items/{ITEM}").json()
    assert item["labels"] and "author" not in item
    with api[0].app.state.holder.reading() as s:
        row = s.query("SELECT username, target FROM audit_entry WHERE action = 'view_item'")
    assert row == [("analyst", ITEM)]


def test_four_eyes_review_makes_a_referral_candidate(api: tuple[TestClient, Path]) -> None:
    r1, csrf1 = as_role(api, "reviewer")
    r2, csrf2 = as_role(api, "reviewer2")
    key = "telegram:1811000011:30"
    body = {"function": "ve_support", "narratives": [], "grievances": [],
            "reason": "praises fighters and invites the reader"}
    first = r1.post(f"/api/v1/items/{key}/reviews", json=body, headers={"x-csrf-token": csrf1})
    assert first.status_code == 200 and not first.json()["referral_candidate"]
    again = r1.post(f"/api/v1/items/{key}/reviews", json=body, headers={"x-csrf-token": csrf1})
    assert not again.json()["referral_candidate"]  # the same reviewer twice is not four eyes
    second = r2.post(f"/api/v1/items/{key}/reviews", json=body,
                     headers={"x-csrf-token": csrf2})
    assert second.json()["referral_candidate"]
    cands = r1.get("/api/v1/referral-candidates").json()["candidates"]
    assert [c["item_key"] for c in cands] == [key]
    assert cands[0]["reviewers"] == ["reviewer", "reviewer2"]
    with api[0].app.state.holder.reading() as s:
        audited = s.query("SELECT username, target FROM audit_entry WHERE action = 'review' "
                          "ORDER BY seq")
        assert audit.verify(s)["ok"]
    assert audited == [("reviewer", key), ("reviewer", key), ("reviewer2", key)]


@pytest.mark.parametrize(("body", "status", "needle"), [
    ({"function": "terrorism"}, 400, "unknown function"),
    ({"function": "other", "narratives": ["aliens"]}, 400, "unknown narrative"),
    ({"function": "political", "reason": ""}, 400, "needs a reason"),
    ({"narratives": []}, 422, "function"),
    ({"function": "other", "reason": "x" * 5000}, 422, "reason"),
])
def test_malformed_reviews_are_refused(api: tuple[TestClient, Path], body: dict, status: int,
                                       needle: str) -> None:
    client, csrf = as_role(api, "reviewer")
    r = client.post(f"/api/v1/items/{ITEM}/reviews", json=body, headers={"x-csrf-token": csrf})
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]["message"]
    with api[0].app.state.holder.reading() as s:
        assert s.query("SELECT count(*) FROM review")[0][0] == 0


def test_browser_sessions_need_the_csrf_token(api: tuple[TestClient, Path]) -> None:
    client, csrf = as_role(api, "reviewer")
    body = {"function": "reporting", "reason": "news"}
    for headers in ({}, {"x-csrf-token": "wrong"}):
        r = client.post(f"/api/v1/items/{ITEM}/reviews", json=body, headers=headers)
        assert r.status_code == 403 and "CSRF" in r.json()["error"]["message"]
    ok = client.post(f"/api/v1/items/{ITEM}/reviews", json=body, headers={"x-csrf-token": csrf})
    assert ok.status_code == 200


def test_api_tokens_work_as_bearer_only(api: tuple[TestClient, Path]) -> None:
    client = TestClient(api[0].app)
    r = client.post("/api/v1/session", json={"username": "analyst", "password": PASSWORD,
                                             "kind": "api"})
    token = r.json()["token"]
    bare = TestClient(api[0].app)
    assert bare.get("/api/v1/items?limit=1", headers={"authorization": f"Bearer {token}"}
                    ).status_code == 200
    bare.cookies.set("tyndau_session", token)  # an API token is not a cookie session
    assert bare.get("/api/v1/items?limit=1").status_code == 401
    assert bare.get("/api/v1/me", headers={"authorization": "Bearer nonsense"}).status_code == 401


def test_login_failures_are_limited_and_audited(api: tuple[TestClient, Path]) -> None:
    client = TestClient(api[0].app)
    for _ in range(5):
        r = client.post("/api/v1/session", json={"username": "admin", "password": "wrong!"})
        assert r.status_code == 401 and "wrong username or password" in r.text
    r = client.post("/api/v1/session", json={"username": "admin", "password": PASSWORD})
    assert r.status_code == 401 and "too many failed logins" in r.text
    r = client.post("/api/v1/session", json={"username": "nobody", "password": "x"})
    assert r.status_code == 401
    assert client.post("/api/v1/session", json={"user": "x"}).status_code == 422
    with api[0].app.state.holder.reading() as s:
        fails = s.query("SELECT count(*) FROM audit_entry WHERE action = 'login_failed'")[0][0]
    assert fails == 7


def test_logout_ends_the_session(api: tuple[TestClient, Path]) -> None:
    client, csrf = as_role(api, "analyst")
    assert client.delete("/api/v1/session").status_code == 403  # no CSRF token
    assert client.delete("/api/v1/session", headers={"x-csrf-token": csrf}).status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_admin_adds_users_and_export_is_csv(api: tuple[TestClient, Path]) -> None:
    admin, csrf = as_role(api, "admin")
    r = admin.post("/api/v1/users", json={"username": "newbie", "password": PASSWORD,
                                          "role": "viewer"}, headers={"x-csrf-token": csrf})
    assert r.status_code == 200
    bad = admin.post("/api/v1/users", json={"username": "x y", "password": "short",
                                            "role": "viewer"}, headers={"x-csrf-token": csrf})
    assert bad.status_code == 400
    assert admin.get("/api/v1/export/items.csv").status_code == 405  # no export by a link
    assert admin.post("/api/v1/export/items.csv?limit=30&q=Karvon").status_code == 403  # CSRF
    csv_text = admin.post("/api/v1/export/items.csv?limit=30&q=Karvon",
                          headers={"x-csrf-token": csrf}).text
    header = csv_text.splitlines()[0]
    assert header.startswith("item_key,") and "author" not in header
    assert len(csv_text.splitlines()) > 5
    entries = admin.get("/api/v1/audit?action=export").json()["entries"]
    assert entries[0]["target"] == "items.csv"


def test_security_headers_on_every_response(api: tuple[TestClient, Path]) -> None:
    for r in (api[0].get("/api/v1/me"), api[0].get("/api/openapi.json")):
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"


def test_second_reviewer_judges_blind_and_admins_do_not_count(
        api: tuple[TestClient, Path]) -> None:
    key = "telegram:1811000011:30"
    body = {"function": "ve_support", "reason": "praises fighters and invites the reader"}
    r1, c1 = as_role(api, "reviewer")
    r1.post(f"/api/v1/items/{key}/reviews", json=body, headers={"x-csrf-token": c1})
    r2, c2 = as_role(api, "reviewer2")
    assert r2.get(f"/api/v1/items/{key}").json()["reviews"] == []  # not yet seen
    admin, ca = as_role(api, "admin")
    decided = admin.post(f"/api/v1/items/{key}/reviews", json=body,
                         headers={"x-csrf-token": ca})
    assert decided.status_code == 200 and not decided.json()["referral_candidate"]
    r2.post(f"/api/v1/items/{key}/reviews", json=body, headers={"x-csrf-token": c2})
    assert len(r2.get(f"/api/v1/items/{key}").json()["reviews"]) == 3  # after deciding
    assert [c["reviewers"] for c in r1.get("/api/v1/referral-candidates").json()[
        "candidates"]] == [["reviewer", "reviewer2"]]


def test_a_reviewer_made_by_another_does_not_make_four_eyes(
        api: tuple[TestClient, Path]) -> None:
    with api[0].app.state.holder.writing() as s:
        accounts.add_user(s, "puppet", PASSWORD, "reviewer", created_by="reviewer")
    key = "telegram:1811000011:30"
    body = {"function": "ve_support", "reason": "praises fighters and invites the reader"}
    for name in ("reviewer", "puppet"):
        client, csrf = as_role(api, name)
        client.post(f"/api/v1/items/{key}/reviews", json=body, headers={"x-csrf-token": csrf})
    assert client.get("/api/v1/referral-candidates").json()["candidates"] == []


def test_listings_are_audited_with_their_whole_filter(api: tuple[TestClient, Path]) -> None:
    client, _ = as_role(api, "analyst")
    client.get("/api/v1/items", params={"function": "ve_support", "lang": "uz", "limit": 7})
    with api[0].app.state.holder.reading() as s:
        (detail,) = [r[0] for r in s.query(
            "SELECT detail FROM audit_entry WHERE action = 'list_items'")]
    assert '"function":"ve_support"' in detail and '"lang":"uz"' in detail
    assert '"limit":7' in detail


def test_oversized_bodies_are_refused(api: tuple[TestClient, Path]) -> None:
    r = api[0].post("/api/v1/session", content=b"x" * 2_000_000,
                    headers={"content-type": "application/json"})
    assert r.status_code == 413
