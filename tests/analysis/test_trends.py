"""Trends, bursts (weekly cycles, bulk posting), what changed, comparisons and alert rules."""

from __future__ import annotations

import http.server
import re
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import numpy as np
import orjson
import pytest
from click.testing import CliRunner

from tyndau.analysis.trends import (
    binom_cdf,
    binom_sf,
    capped_count,
    concentration,
    distinctive_terms,
    driven_by,
    expectation,
    nbinom_sf,
    poisson_sf,
)
from tyndau.cli.trends import bursts_command, changes_command, trends_command
from tyndau.errors import ConfigError, InputError
from tyndau.schema import Annotation, Item, ItemText, Source
from tyndau.services.alerts import load_rules, parse_rules, run_alerts
from tyndau.services.trends import bursts, changes, compare, series
from tyndau.store import Store
from tyndau.store.item_index import refresh_item_index
from tyndau.text.scripts import match_key

START = date(2026, 1, 5)  # a Monday
WORDS = ["bozor", "narx", "ishchi", "maosh", "yolda", "havo", "toylar", "oila", "maktab",
         "sport", "futbol", "kitob", "shahar", "qishloq", "yangilik", "dastur", "bayram",
         "choy", "non", "bahor"]


def _post(when: datetime, source: str, text: str, *, lang: str = "uz",
          labels: dict[str, list[str]] | None = None) -> dict:
    return {"when": when, "source": source, "text": text, "lang": lang, "labels": labels or {}}


def _build(path: Path, posts: list[dict], *, titles: dict[str, str] | None = None) -> Path:
    """A store holding exactly ``posts`` (indexed as an analysis would leave it)."""
    titles = titles or {}
    sources, items, texts, notes = {}, [], [], []
    for n, p in enumerate(posts):
        sid = p["source"]
        key = f"telegram:{sid}"
        sources[key] = Source(source_key=key, platform="telegram", source_id=sid,
                              kind="channel", title=titles.get(sid, f"Channel {sid}"))
        item_key = f"{key}:{n}"
        items.append(Item(item_key=item_key, platform="telegram", source_key=key,
                          item_id=str(n), kind="post", published_at=p["when"], text=p["text"]))
        texts.append(ItemText(item_key=item_key, run_id="test", text_norm=p["text"],
                              match_key=match_key(p["text"]), script="Latn", lang=p["lang"],
                              lang_score=1.0, code_switch=False))
        labels = {"function": ["other"], **p["labels"]}
        for axis, values in labels.items():
            notes += [Annotation(item_key=item_key, axis=axis, label=v, score=0.9,
                                 stage="test.v0", run_id="test") for v in values]
    with Store(path) as s, s.transaction():
        s.insert_new(Source, list(sources.values()))
        s.insert_new(Item, items)
        s.insert_new(ItemText, texts)
        s.insert_new(Annotation, notes)
    with Store(path) as s:
        refresh_item_index(s)
    return path


def _steady(weeks: int = 20, sources: int = 8, *, seed: int = 7, weekday: float = 4.0,
            weekend: float = 0.5) -> list[dict]:
    """Every source posts about ``weekday`` items each weekday and ``weekend`` each weekend
    day (Poisson noise, fixed seed): a strong weekly cycle and nothing else."""
    rng = np.random.default_rng(seed)
    posts = []
    for d in range(weeks * 7):
        day = START + timedelta(days=d)
        rate = weekday if day.weekday() < 5 else weekend
        for s in range(sources):
            for i in range(rng.poisson(rate)):
                words = rng.choice(WORDS, size=6, replace=False)
                posts.append(_post(datetime(day.year, day.month, day.day, 8 + i % 12, s,
                                            tzinfo=UTC), f"s{s}", " ".join(words)))
    return posts


# -- statistics -----------------------------------------------------------------------------

def test_tails_match_known_values() -> None:
    # reference values from scipy.stats (poisson.sf(k-1), nbinom.sf(k-1), binom.sf(k-1))
    assert poisson_sf(46, 17.5) == pytest.approx(1.0922177105653083e-08, rel=1e-9)
    assert poisson_sf(5, 0.5) == pytest.approx(0.00017211562995584072, rel=1e-9)
    assert nbinom_sf(30, 10, 0.5) == pytest.approx(0.025276321398524582, rel=1e-9)
    assert binom_sf(30, 40, 0.5) == pytest.approx(0.0011107168866146822, rel=1e-9)
    assert binom_cdf(3, 40, 0.5) == pytest.approx(9.732502803672105e-09, rel=1e-9)
    assert binom_sf(20, 40, 0.5) == pytest.approx(binom_cdf(20, 40, 0.5))
    assert poisson_sf(10, 12) == 1.0  # at or below the expectation: nothing to test


def test_expectation_ignores_one_past_burst_but_not_lumpy_series() -> None:
    steady = expectation([12, 14, 15, 16, 19, 22, 29, 62])
    assert 17 < steady.expected < 19 and steady.p(46) < 0.001
    lumpy = expectation([0, 0, 6, 0, 0, 7, 0, 0])
    assert lumpy.alpha > 1 and lumpy.p(6) > 0.01
    assert expectation([]).expected == 0.5


def test_capping_and_concentration() -> None:
    rates = {f"s{i}": 3.0 for i in range(10)}
    dump = {f"s{i}": 3.0 for i in range(10)} | {"s0": 203.0}
    capped, typical = capped_count(dump, rates)
    assert capped == 30 and typical == 3
    conc = concentration(dump, rates)
    assert conc["top_source"] == "s0" and conc["top_share"] == 1.0
    assert driven_by(conc, capped_significant=False) == "one source"
    broad = {f"s{i}": 9.0 for i in range(10)}
    conc = concentration(broad, rates)
    assert conc["effective_sources"] == 10 and driven_by(conc, True) == "many sources"
    assert driven_by(conc, False) == "few sources"


def test_distinctive_terms() -> None:
    window = [("a", "suv toshqini qishloq"), ("b", "suv toshqini shahar"), ("c", "bozor narx")]
    baseline = ["bozor narx shahar", "qishloq maktab"] * 20
    terms = distinctive_terms(window, baseline)
    assert [t["term"] for t in terms][:2] == ["suv", "toshqini"]
    assert terms[0]["sources"] == 2 and terms[0]["baseline_items"] == 0


# -- bursts on synthetic stores -------------------------------------------------------------

@pytest.fixture(scope="module")
def steady_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("steady") / "s.duckdb", _steady())


def test_a_weekly_cycle_alone_raises_no_burst(steady_db: Path) -> None:
    with Store(steady_db, read_only=True) as s:
        daily = bursts(s, period="day")
        weekly = bursts(s, period="week")
        per_day = dict(s.query("SELECT CAST(published_at AS DATE), count(*) FROM item_index "
                               "GROUP BY 1"))
    assert daily["tests"] > 60 and weekly["tests"] >= 10
    assert daily["bursts"] == [] and weekly["bursts"] == []
    # the cycle is strong: a Monday tested against the Sunday before it would be a "burst"
    monday = START + timedelta(days=7 * 10)
    assert poisson_sf(per_day[monday], max(per_day[monday - timedelta(days=1)], 0.5)) < 1e-6


def test_one_source_dumping_200_posts_is_one_source(tmp_path: Path) -> None:
    posts = _steady()
    dump_day = START + timedelta(days=7 * 15 + 2)  # a Wednesday
    posts += [_post(datetime(dump_day.year, dump_day.month, dump_day.day, 12, i % 60,
                             tzinfo=UTC), "s3",
                    f"zavod yopildi ishchilar kochada qoldi xabar {i}") for i in range(200)]
    db = _build(tmp_path / "d.duckdb", posts)
    with Store(db, read_only=True) as s:
        daily = bursts(s, period="day")
        weekly = bursts(s, period="week")
    for result, start in ((daily, dump_day), (weekly, dump_day - timedelta(days=2))):
        assert [b["start"] for b in result["bursts"]] == [start.isoformat()]
        b = result["bursts"][0]
        assert b["driven_by"] == "one source"
        assert b["capped"]["significant"] is False and b["capped"]["p"] > 0.01
        assert b["concentration"]["top_source"] == "telegram:s3"
        assert b["concentration"]["top_share"] > 0.9
        ex = b["explanation"]
        assert ex["sources"][0]["source_key"] == "telegram:s3"
        assert ex["sources"][0]["items"] >= 200
        # terms are match-key words (y → i), shown with their original spelling
        assert {"zavod", "iopildi"} <= {t["term"] for t in ex["terms"]}
        assert "yopildi" in {t["surface"] for t in ex["terms"]}
        assert ex["examples"] and all(k.startswith("telegram:") for k in ex["examples"])


def test_many_sources_reacting_at_once(tmp_path: Path) -> None:
    posts = _steady()
    week = START + timedelta(days=7 * 15)
    posts += [_post(datetime(week.year, week.month, week.day + d % 5, 15, s, tzinfo=UTC),
                    f"s{s}", f"suv toshqini koprik buzildi {d}",
                    labels={"narrative": ["state_failure"]})
              for s in range(8) for d in range(15)]
    db = _build(tmp_path / "m.duckdb", posts)
    with Store(db, read_only=True) as s:
        weekly = bursts(s, period="week")
        labelled = bursts(s, by="narrative", period="week")
    assert [b["start"] for b in weekly["bursts"]] == [week.isoformat()]
    b = weekly["bursts"][0]
    assert b["driven_by"] == "many sources" and b["capped"]["significant"]
    assert b["concentration"]["contributing"] == 8
    assert {"suv", "toshqini"} <= {t["term"] for t in b["explanation"]["terms"]}
    # a label first seen in that week, against an empty history
    assert [(x["value"], x["start"]) for x in labelled["bursts"]] == [
        ("state_failure", week.isoformat())]


# -- the sample corpus ----------------------------------------------------------------------

def test_sample_bursts_one_source_and_many_sources(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        result = bursts(s, by="all", period="week")
    found = {b["start"]: b for b in result["bursts"]}
    assert {"2026-07-13", "2026-08-03"} <= set(found)
    july, august = found["2026-07-13"], found["2026-08-03"]
    assert august["driven_by"] == "one source"
    assert august["concentration"]["top_source"] == "telegram:1811000012"
    assert august["capped"]["significant"] is False
    top = august["explanation"]["sources"][0]
    assert top["source_key"] == "telegram:1811000012" and top["items"] == 28
    assert top["title"] == "Karvon Sadosi | Yangi"
    assert july["driven_by"] == "many sources" and july["capped"]["significant"]
    assert july["explanation"]["source_count"] >= 15
    assert "tash" in {t["term"] for t in july["explanation"]["terms"]}  # Ak-Tash
    assert len(july["explanation"]["languages"]) >= 5
    assert result["method"] and result["tests"] > 20


def test_sample_changes_since_the_video(sample_db: Path) -> None:
    since = datetime(2026, 7, 13, tzinfo=UTC)
    with Store(sample_db, read_only=True) as s:
        data = changes(s, since=date(2026, 7, 13))
        expected_new = {tuple(r) for r in s.query(
            "SELECT a.axis, a.label FROM annotation a JOIN item_index x USING (item_key) "
            "GROUP BY 1, 2 HAVING min(x.published_at) >= ?", [since])}
    assert {(e["axis"], e["label"]) for e in data["new"]} == expected_new
    for kind in ("new", "rising", "falling"):
        for e in data[kind]:
            assert e["evidence"]["examples"] and e["evidence"]["sources"]
            if kind != "new":
                assert e["p"] < 0.01
    burst_weeks = {(b["by"], b["start"]) for b in data["bursts"]}
    assert {("all", "2026-07-13"), ("all", "2026-08-03")} <= burst_weeks
    new_sources = {n["source_key"]: n for n in data["new_sources"]}
    assert {f"telegram:18110000{i}" for i in (21, 22, 23, 24)} <= set(new_sources)
    assert "telegram:1811000001" not in new_sources
    assert all(n["evidence"]["examples"] for n in new_sources.values())


def test_sample_series_and_comparison(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        by_lang = series(s, "lang", period="week")
        total = s.query("SELECT count(*) FROM item_index WHERE published_at IS NOT NULL")[0][0]
        narratives = series(s, "narrative")
        label = narratives["values"][0]["value"]
        comparison = compare(s, axis="narrative", label=label)
    assert sum(v["total"] for v in by_lang["values"]) == total == sum(by_lang["totals"])
    assert len(by_lang["periods"]) == len(by_lang["values"][0]["counts"])
    assert comparison["country"][0]["country"] == "unknown" and comparison["country_note"]
    order = [c["first_seen"] for c in comparison["crossing"]]
    assert order == sorted(order) and comparison["crossing"][0]["days_after_first"] == 0


# -- what changed, comparisons, discovered narratives (synthetic) ---------------------------

@pytest.fixture(scope="module")
def change_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    posts = _steady(weeks=16)
    mid = START + timedelta(days=7 * 8)

    def at(week: int, day: int, hour: int = 10) -> datetime:
        d = START + timedelta(days=7 * week + day)
        return datetime(d.year, d.month, d.day, hour, tzinfo=UTC)

    for w in range(16):  # state_failure: 1 a week before the midpoint, 6 a week after
        for i in range(1 if w < 8 else 6):
            posts.append(_post(at(w, i % 5, 9), f"s{i % 8}", "davlat yordam bermadi",
                               labels={"narrative": ["state_failure"]}))
        for i in range(5 if w < 8 else 0):  # belonging_utopia: gone after the midpoint
            posts.append(_post(at(w, i % 5, 11), f"s{(i + 3) % 8}", "birodarlar bir bolamiz",
                               labels={"narrative": ["belonging_utopia"]}))
    # fabrication: new after the midpoint, first in ru, then uz, then kk
    for w, lang, src in ((9, "ru", "s1"), (10, "uz", "s2"), (10, "uz", "s4"), (12, "kk", "s5")):
        posts.append(_post(at(w, 1, 13), src, "video sahnalashtirilgan", lang=lang,
                           labels={"narrative": ["fabrication"]}))
    posts.append(_post(at(11, 2, 7), "newcomer", "yangi kanal ochildi"))
    db = _build(tmp_path_factory.mktemp("changes") / "c.duckdb", posts)
    assert mid == START + timedelta(days=56)
    return db


def test_changes_new_rising_falling_with_evidence(change_db: Path) -> None:
    with Store(change_db, read_only=True) as s:
        data = changes(s, since=START + timedelta(days=56))
    new = {e["label"]: e for e in data["new"]}
    assert set(new) == {"fabrication"}
    assert new["fabrication"]["items"] == 4 and new["fabrication"]["previous_items"] == 0
    assert new["fabrication"]["evidence"]["examples"]
    assert {x["lang"] for x in new["fabrication"]["evidence"]["languages"]} == {"ru", "uz", "kk"}
    rising = {e["label"]: e for e in data["rising"]}
    assert "state_failure" in rising
    r = rising["state_failure"]
    assert (r["items"], r["previous_items"]) == (48, 8) and r["p"] < 1e-6 and r["ratio"] > 4
    assert len(r["evidence"]["sources"]) >= 5
    falling = {e["label"]: e for e in data["falling"]}
    assert falling["belonging_utopia"]["items"] == 0
    assert falling["belonging_utopia"]["evidence_window"] == "previous"
    assert falling["belonging_utopia"]["evidence"]["items"] == 40
    assert [n["source_key"] for n in data["new_sources"]] == ["telegram:newcomer"]
    assert data["new_sources"][0]["evidence"]["examples"]


def test_compare_crossing_and_countries(change_db: Path) -> None:
    with Store(change_db, read_only=True) as s:
        c = compare(s, axis="narrative", label="fabrication",
                    countries={"telegram:s1": "RU", "telegram:s2": "UZ", "telegram:s4": "UZ"})
    assert [(x["lang"], x["order"]) for x in c["crossing"]] == [("ru", 1), ("uz", 2), ("kk", 3)]
    assert c["crossing"][1]["days_after_first"] == 7.0 and c["crossing"][1]["items"] == 2
    countries = {r["country"]: r for r in c["country"]}
    assert countries["UZ"]["items"] == 2 and countries["unknown"]["items"] == 1
    assert "country_note" not in c
    langs = {r["lang"]: r for r in c["lang"]}
    assert langs["kk"]["items"] == 1 and langs["kk"]["share"] == 1.0


def _insert(store: Store, table: str, values: dict[str, object]) -> None:
    """A row with ``values`` and a neutral value in every other NOT NULL column (the discovered
    narrative tables are another stage's: only the columns read here matter)."""
    neutral = {"VARCHAR": "", "INTEGER": 0, "BIGINT": 0, "DOUBLE": 0.0, "BOOLEAN": False,
               "VARCHAR[]": [], "TIMESTAMP WITH TIME ZONE": datetime(2026, 3, 1, tzinfo=UTC)}
    row = dict(values)
    for column, dtype, nullable in store.query(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_name = ?", [table]):
        if column not in row and nullable == "NO":
            row[column] = neutral[dtype]
    store.con.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                      f"({', '.join('?' for _ in row)})", list(row.values()))


def test_discovered_narratives_join_the_narrative_dimension(tmp_path: Path) -> None:
    posts = [_post(datetime(2026, 3, d, 10, tzinfo=UTC), "a", f"matn {d}") for d in range(2, 9)]
    db = _build(tmp_path / "n.duckdb", posts)
    with Store(db, read_only=True) as r:
        assert [v["value"] for v in series(r, "narrative")["values"]] == []
    with Store(db) as s:
        tables = {t for (t,) in s.query("SELECT table_name FROM information_schema.tables")}
        if "narrative" not in tables:  # a store of a schema without discovered narratives
            s.con.execute("CREATE TABLE narrative (narrative_id VARCHAR, label VARCHAR)")
        if "narrative_member" not in tables:
            s.con.execute("CREATE TABLE narrative_member (item_key VARCHAR, "
                          "narrative_id VARCHAR, period VARCHAR)")
        _insert(s, "narrative", {"narrative_id": "nar-7", "label": "video was staged"})
        for (key,) in s.query("SELECT item_key FROM item WHERE item_id IN ('0', '1', '2')"):
            _insert(s, "narrative_member", {"item_key": key, "narrative_id": "nar-7",
                                            "period": "2026-03-02"})
    with Store(db, read_only=True) as s:
        values = series(s, "narrative")["values"]
        detail = compare(s, axis="narrative", label="discovered:nar-7")
        found = bursts(s, by="narrative", label="discovered:nar-7", min_baseline=0,
                       min_count=3)
    assert [(v["value"], v["title"], v["total"]) for v in values] == [
        ("discovered:nar-7", "video was staged", 3)]
    assert detail["lang"][0]["items"] == 3 and detail["crossing"][0]["items"] == 3
    assert found["tests"] >= 1


def test_bad_dimension_threshold_and_window(change_db: Path) -> None:
    with Store(change_db, read_only=True) as s:
        with pytest.raises(InputError, match="unknown dimension"):
            series(s, "colour")
        with pytest.raises(InputError, match="unknown period"):
            bursts(s, period="month")
        with pytest.raises(InputError, match="between 0 and 1"):
            bursts(s, p=1.5)
        with pytest.raises(InputError, match="nothing to compare"):
            changes(s, since=date(2026, 3, 1), until=date(2026, 2, 1))


# -- alert rules ----------------------------------------------------------------------------

def _rules_file(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "rules.json"
    path.write_bytes(orjson.dumps(doc))
    return path


@pytest.mark.parametrize(("doc", "record", "field", "text"), [
    ({"name": "x"}, None, None, "JSON list"),
    (["nope"], 1, None, "JSON object"),
    ([{"name": "a", "kind": "regex", "query": "x"}], 1, "kind", "kind must be"),
    ([{"name": "a", "kind": "search", "query": "x", "min_itmes": 3}], 1, "min_itmes",
     "unknown field"),
    ([{"name": "a", "kind": "search"}], 1, "query", "needs 'query'"),
    ([{"name": "a", "kind": "search", "query": "x"},
      {"name": "b", "kind": "search", "query": "-only"}], 2, "query", "must appear"),
    ([{"name": "a", "kind": "search", "query": "x", "min_items": True}], 1, "min_items",
     "whole number"),
    ([{"name": "a", "kind": "search", "query": "x", "window_days": 0}], 1, "window_days",
     "whole number"),
    ([{"name": "a", "kind": "label", "axis": "narrative", "label": "fabricaton"}], 1, "label",
     "unknown narrative label"),
    ([{"name": "a", "kind": "label", "axis": "mood", "label": "x"}], 1, "axis", "axis must"),
    ([{"name": "a", "kind": "search", "query": "x"}, {"name": "a", "kind": "search",
                                                      "query": "y"}], 2, "name", "used by rule 1"),
    ([{"kind": "search", "query": "x"}], 1, "name", "needs a name"),
])
def test_rule_validation_names_file_rule_and_field(tmp_path: Path, doc: object,
                                                   record: int | None, field: str | None,
                                                   text: str) -> None:
    path = _rules_file(tmp_path, doc)
    with pytest.raises(InputError) as exc:
        load_rules(path)
    assert exc.value.path == str(path) and str(path) in str(exc.value)
    assert exc.value.record == record and exc.value.field == field
    assert text in str(exc.value)


def test_rules_file_unreadable(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no rules file"):
        load_rules(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as exc:
        load_rules(bad)
    assert exc.value.path == str(bad)


class _Hook(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []
    status: ClassVar[int] = 200

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"body": orjson.loads(body),
                                    "type": self.headers["Content-Type"]})
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch):
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    handler = type("Hook", (_Hook,), {"received": [], "status": 200})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


RULES = [{"name": "floods", "kind": "search", "query": "toshqini OR toshqin", "min_items": 3,
          "window_days": 7},
         {"name": "staging", "kind": "label", "axis": "narrative", "label": "fabrication",
          "min_items": 1, "window_days": 30},
         {"name": "quiet", "kind": "search", "query": "zilzila", "min_items": 1}]


def test_alerts_fire_into_log_and_webhook(change_db: Path, tmp_path: Path, hook) -> None:
    handler, url = hook
    rules = parse_rules(RULES)
    now = START + timedelta(days=7 * 13)
    log = tmp_path / "logs" / "alerts.jsonl"
    with Store(change_db, read_only=True) as s:
        fired = run_alerts(s, rules, now=now, log_path=log, webhook_url=url)
        run_alerts(s, rules, now=START + timedelta(days=7 * 2), log_path=log)  # nothing fires
    assert [a["alert"] for a in fired] == ["staging"]
    lines = [orjson.loads(x) for x in log.read_bytes().splitlines()]
    assert len(lines) == 1 and lines[0]["alert"] == "staging"
    assert lines[0]["items"] == 4 and lines[0]["sources"] == 4 and len(lines[0]["examples"]) == 4
    assert lines[0]["webhook"] == {"delivered": True, "status": 200}
    assert url not in log.read_text()
    assert len(handler.received) == 1
    assert handler.received[0]["type"] == "application/json"
    assert [a["alert"] for a in handler.received[0]["body"]["alerts"]] == ["staging"]


def test_webhook_failures_are_logged_not_raised(change_db: Path, tmp_path: Path, hook) -> None:
    handler, url = hook
    handler.status = 500
    rules = parse_rules(RULES[1:2])
    now = START + timedelta(days=7 * 13)
    log = tmp_path / "a.jsonl"
    with Store(change_db, read_only=True) as s:
        run_alerts(s, rules, now=now, log_path=log, webhook_url=url)
        run_alerts(s, rules, now=now, log_path=log, webhook_url="http://127.0.0.1:9/closed")
        with pytest.raises(ConfigError, match="http"):
            run_alerts(s, rules, now=now, log_path=log, webhook_url="file:///etc/passwd")
    first, second = (orjson.loads(x) for x in log.read_bytes().splitlines())
    assert first["webhook"]["delivered"] is False and first["webhook"]["status"] == 500
    assert second["webhook"]["delivered"] is False and second["webhook"]["error"]


# -- the commands ---------------------------------------------------------------------------

def _run(command, *args: str) -> str:
    result = CliRunner().invoke(command, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_cli_trends_bursts_changes(sample_db: Path, tmp_path: Path, hook) -> None:
    db = str(sample_db)
    out = _run(trends_command, "--db", db, "--by", "lang")
    assert "items per week by lang" in out and "ru" in out
    data = orjson.loads(_run(trends_command, "--db", db, "--by", "narrative", "--label",
                             "state_failure", "--json"))
    assert data["series"]["label"] == "state_failure" and data["comparison"]["crossing"]
    out = _run(bursts_command, "--db", db)
    assert "2026-07-13" in out and "2026-08-03" in out and "one source" in out
    data = orjson.loads(_run(bursts_command, "--db", db, "--by", "function", "--json",
                             "--p", "0.0001"))
    assert data["settings"]["p"] == 0.0001 and data["bursts"]
    out = _run(changes_command, "--db", db, "--since", "2026-07-13")
    assert "newly active sources" in out and "Yo'l Xabarlari" in out
    handler, url = hook
    rules = _rules_file(tmp_path, [{"name": "video", "kind": "search", "query": "video OR видео",
                                    "min_items": 1, "window_days": 120}])
    log = tmp_path / "alerts.jsonl"
    data = orjson.loads(_run(changes_command, "--db", db, "--since", "2026-07-13", "--rules",
                             str(rules), "--alert-log", str(log), "--webhook", url, "--json"))
    assert [a["alert"] for a in data["alerts"]["fired"]] == ["video"]
    assert log.read_bytes().count(b"\n") == 1 and len(handler.received) == 1
    bad = CliRunner().invoke(changes_command, ["--db", db, "--since", "2026-07-13",
                                               "--webhook", url])
    assert bad.exit_code == 2 and "--rules" in bad.output


def test_cli_output_of_hostile_titles(tmp_path: Path) -> None:
    posts = _steady(weeks=12, sources=4)
    day = START + timedelta(days=7 * 10 + 1)
    posts += [_post(datetime(day.year, day.month, day.day, 9, i % 60, tzinfo=UTC), "s1",
                    f"[/] \x1b[31m alarm {i}") for i in range(80)]
    posts.append(_post(datetime(day.year, day.month, day.day, 10, tzinfo=UTC), "s9",
                       "[link=https://evil.example]x[/link]", lang="[bold]"))
    titles = {"s1": "evil [/] \x1b]0;pwned\x07\u202e", "s9": "[official] \x9b31m"}
    db = _build(tmp_path / "h.duckdb", posts, titles=titles)
    for command, args, shown in (
            (bursts_command, ["--by", "source"], ["evil [/]", "one source"]),
            (trends_command, ["--by", "source"], ["evil [/]", "[official]"]),
            (trends_command, ["--by", "lang"], ["[bold]"]),
            (changes_command, ["--since", day.isoformat()], ["evil [/]", "[official]"])):
        out = _run(command, "--db", str(db), *args)
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", out)
        for text in shown:
            assert text in out, (command.name, text)
