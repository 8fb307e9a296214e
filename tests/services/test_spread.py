"""Channels and spread on the sample corpus: near-duplicates, lifecycle, reach, coordination,
attribution — through the service functions and the CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tyndau.cli.demo import sample_dir
from tyndau.cli.main import cli
from tyndau.errors import InputError
from tyndau.services.attribution import attributed_spread, load_registry, sample_registry
from tyndau.services.coordination import coordination
from tyndau.services.near_duplicates import (
    build_near_duplicates,
    cluster_detail,
    dedup_state,
    duplicate_clusters,
)
from tyndau.services.reach import narrative_reach, source_reach
from tyndau.services.sources import list_sources, resolve_source, source_detail
from tyndau.store import Store

T1, T11, T12 = "telegram:1811000001", "telegram:1811000011", "telegram:1811000012"
TRIO = {"telegram:1811000022", "telegram:1811000023", "telegram:1811000024"}


def planted_pairs() -> list[tuple[str, str]]:
    readme = (sample_dir() / "README.md").read_text("utf-8")
    section = readme[readme.index("3. **"):readme.index("4. **")]
    return re.findall(r"`([^`]+)` → `([^`]+)`", section)


@pytest.fixture
def db(sample_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    shutil.copy(sample_db, path)
    return path


# -- near-duplicates -----------------------------------------------------------------------

def test_every_planted_repost_is_clustered_with_its_original(sample_db: Path) -> None:
    pairs = planted_pairs()
    assert len(pairs) == 15
    with Store(sample_db, read_only=True) as s:
        cluster = dict(s.query("SELECT item_key, cluster_id FROM near_duplicate"))
    missed = [(a, b) for a, b in pairs if cluster.get(a) is None or cluster.get(a)
              != cluster.get(b)]
    assert not missed


def test_clusters_show_origin_order_lag_and_scripts_crossed(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        crossing = duplicate_clusters(s, cross_script=True, limit=100)
        assert crossing and all(len(c["scripts"]) > 1 for c in crossing)
        multi = duplicate_clusters(s, min_sources=3, limit=100)
        assert any(c["origin_source"] == T1 and "vk" in c["platforms"] for c in multi)
        detail = cluster_detail(s, multi[0]["cluster_id"])
    items = detail["items"]
    assert items[0]["item_key"] == detail["origin_key"] and items[0]["lag_hours"] == 0
    lags = [i["lag_hours"] for i in items]
    assert lags == sorted(lags) and lags[-1] > 0
    assert items[0]["via"] == "origin"
    assert {i["via"] for i in items[1:]} <= {"forward", "copy"}


def test_rebuild_is_reproducible_and_recorded(db: Path) -> None:
    with Store(db) as s:
        before = sorted(s.query("SELECT item_key, cluster_id, origin_key FROM near_duplicate"))
        report = build_near_duplicates(s)
        after = sorted(s.query("SELECT item_key, cluster_id, origin_key FROM near_duplicate"))
        state = dedup_state(s)
        with pytest.raises(InputError, match="threshold"):
            build_near_duplicates(s, threshold=0.1)
        assert sorted(s.query("SELECT item_key, cluster_id, origin_key FROM near_duplicate")) \
            == after
    assert before == after and report["clusters"] > 10
    assert state is not None and not state["stale"]
    assert state["settings"]["threshold"] == 0.6


def test_unknown_cluster_is_a_clear_error(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s, pytest.raises(InputError, match="nd-nope"):
        cluster_detail(s, "nd-nope")


# -- source registry and lifecycle ---------------------------------------------------------

def test_vanished_channel_is_gone_short_lived_with_its_successor(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        data = list_sources(s, limit=1000)
        gone = list_sources(s, status="gone")["sources"]
        short = list_sources(s, short_lived=True)["sources"]
        detail = source_detail(s, "Karvon Sadosi | Yangi")
    by_key = {r["source_key"]: r for r in data["sources"]}
    assert by_key[T11]["status"] == "gone" and by_key[T11]["short_lived"]
    assert by_key[T11]["likely_successors"] == [T12]
    assert by_key[T12]["successor_of"] == [T11] and by_key[T12]["status"] == "active"
    assert {r["source_key"] for r in gone} == {T11}
    assert {r["source_key"] for r in short} == {T11}
    assert by_key["vk:-2000099"]["status"] == "unknown"  # seen only through one repost
    (evidence,) = detail["successor_of"]
    assert evidence["shared_clusters"] >= 3 and 0 < evidence["gap_days"] < 14
    assert "inferred from silence" in data["method"]


def test_status_follows_the_as_of_date_and_thresholds(sample_db: Path) -> None:
    from datetime import UTC, datetime
    with Store(sample_db, read_only=True) as s:
        early = list_sources(s, as_of=datetime(2026, 5, 20, tzinfo=UTC), limit=1000)
        strict = list_sources(s, dormant_after=1, gone_after=2, limit=1000)
    assert {r["source_key"]: r["status"] for r in early["sources"]}[T11] == "active"
    assert sum(r["status"] == "gone" for r in strict["sources"]) > 5


def test_subscriber_series_growth_and_rename_history(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        d = source_detail(s, "@haqiqat_sahifasi")
        by_growth = list_sources(s, sort="growth", limit=3)["sources"]
    assert [x["subscribers"] for x in d["subscriber_series"]] == [2800, 5600, 9100]
    assert [x["observed_at"][:10] for x in d["subscriber_series"]] == [
        "2026-09-01", "2026-10-01", "2026-10-31"]
    assert d["growth_per_30d"] == pytest.approx((9100 - 2800) * 30 / 60, rel=1e-3)
    assert [h["title"] for h in d["title_history"]] == ["Haqiqat Sahifasi",
                                                        "Haqiqat Sahifasi | Rasmiy"]
    assert d["titles"] == 2
    assert by_growth[0]["source_key"] == "telegram:1811000024"


def test_resolving_a_source_by_key_handle_or_title(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        assert resolve_source(s, T1) == T1
        assert resolve_source(s, "@OZOD_FIKR_KANAL") == "telegram:1811000022"
        assert resolve_source(s, "Haqiqat Sahifasi") == "telegram:1811000023"  # former title
        with pytest.raises(InputError, match="matches 3 sources"):
            resolve_source(s, "Karvon")
        with pytest.raises(InputError, match="no source"):
            resolve_source(s, "nothing like this")
        with pytest.raises(InputError, match="unknown sort"):
            list_sources(s, sort="nonsense")


# -- reach ---------------------------------------------------------------------------------

def test_reach_beyond_subscribers_is_the_views_of_copies(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        reach = {r["source_key"]: r for r in source_reach(s, limit=1000)["sources"]}
        # independent computation for the state-media channel: its forwards elsewhere, plus
        # near-duplicate copies of its posts that are not forwards, each copy once
        copies = s.query(
            "SELECT item_key, views, source_key FROM item WHERE forward_from = ? "
            "AND repost_of_key IS NULL "
            "UNION SELECT i.item_key, i.views, i.source_key FROM near_duplicate n "
            "JOIN item i USING (item_key) JOIN item o ON o.item_key = n.origin_key "
            "WHERE o.source_key = ? AND i.source_key <> ? AND n.similarity >= 0.6",
            [T1, T1, T1])
        medians = dict(s.query("SELECT source_key, median(views) FROM item "
                               "WHERE views IS NOT NULL GROUP BY 1"))
    expected = sum(v if v is not None else medians.get(host, 0) for _, v, host in copies)
    t1 = reach[T1]
    assert t1["copies_elsewhere"] == len(copies) > 5
    assert t1["reach_beyond_subscribers"] == round(expected)
    assert reach["vk:-2000002"]["subscribers"] == 126400


def test_narrative_reach_counts_each_source_once(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        data = narrative_reach(s, axis="function")
        latest = dict(s.query("SELECT source_key, arg_max(subscribers, observed_at) "
                              "FROM source_snapshot GROUP BY 1"))
        carriers = {r[0] for r in s.query(
            "SELECT DISTINCT i.source_key FROM annotation a JOIN item i USING (item_key) "
            "WHERE a.axis = 'function' AND a.label = 'reporting'")}
        with pytest.raises(InputError, match="axis"):
            narrative_reach(s, axis="colour")
    # a label's own items leave out copies of other sources' items (counted as their reach)
    with Store(sample_db, read_only=True) as s:
        copies = {r[0] for r in s.query(
            "SELECT item_key FROM item WHERE repost_of_key IS NOT NULL OR (forward_from "
            "IS NOT NULL AND forward_from NOT LIKE 'p:%')")}
        reporting_items = {r[0] for r in s.query(
            "SELECT item_key FROM annotation WHERE axis = 'function' AND label = 'reporting'")}
        carriers = {r[0] for r in s.query(
            "SELECT DISTINCT i.source_key FROM item i WHERE i.item_key IN (SELECT unnest(?))",
            [sorted(reporting_items - copies)])} if reporting_items - copies else carriers
    reporting = next(r for r in data["labels"] if r["label"] == "reporting")
    assert reporting["items"] <= len(reporting_items - copies)
    assert reporting["subscribers"] == sum(latest.get(k, 0) for k in carriers)
    assert reporting["sources"] == len(carriers)
    assert "floor" in data["method"]


# -- coordination --------------------------------------------------------------------------

def test_the_co_posting_trio_is_found_with_its_evidence(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        data = coordination(s, window_minutes=15, min_events=2)
        texts = dict(s.query("SELECT item_key, text FROM item"))
    assert {e["source_a"] for e in data["edges"]} | {e["source_b"] for e in data["edges"]} \
        == TRIO
    assert all(e["events"] == 4 and e["via_forward"] == 0 for e in data["edges"])
    (group,) = data["groups"]
    assert {x["source_key"] for x in group["sources"]} == TRIO
    for e in data["edges"]:
        for ev in e["evidence"]:
            assert ev["gap_minutes"] <= 15
            assert texts[ev["item_a"]] == texts[ev["item_b"]]
    assert "not a verdict" in data["caveat"]


def test_coordination_window_and_forward_options(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        wide = coordination(s, window_minutes=360, min_events=2)
        no_fwd = coordination(s, window_minutes=360, min_events=2, include_forwards=False)
        with pytest.raises(InputError, match="basis"):
            coordination(s, basis=("vibes",))
        with pytest.raises(InputError, match="window"):
            coordination(s, window_minutes=0)
    assert any(T1 in (e["source_a"], e["source_b"]) and e["via_forward"] for e in wide["edges"])
    assert all(e["via_forward"] == 0 for e in no_fwd["edges"])
    assert len(no_fwd["edges"]) < len(wide["edges"])


# -- attribution ---------------------------------------------------------------------------

def test_state_media_content_reaching_local_channels(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        data = attributed_spread(s, load_registry(sample_registry()))
    state = next(x for x in data["sources"] if x["source_key"] == T1)
    assert state["attribution"] == "state_media" and state["reference"]
    reached = {r["source_key"] for r in state["reached"]}
    assert {"telegram:1811000002", "telegram:1811000004", "telegram:1811000006",
            "vk:-2000002"} <= reached
    assert all(r["median_lag_hours"] is None or r["median_lag_hours"] >= 0
               for r in state["reached"])


@pytest.mark.parametrize(("body", "line", "needle"), [
    ("source,attribution,reference\ntelegram:1,state_media,https://example.org/ref\n"
     "telegram:1,other,https://example.org/ref\n", 3, "listed twice"),
    ("source,attribution,reference\ntelegram:1,propaganda,https://example.org/ref\n", 2,
     "unknown attribution"),
    ("source,attribution,reference\ntelegram:1,state_media,\n", 2, "public reference"),
    ("source,attribution,reference\nt.me/x y,state_media,https://example.org/ref\n", 2,
     "not a source key"),
    ("source,attribution,reference,colour\n", 1, "unknown column"),
    ("source,reference\n", 1, "missing column"),
    ("source,attribution,country,reference\ntelegram:1,state_media,Narnia,"
     "https://example.org/ref\n", 2, "ISO 3166"),
])
def test_bad_registry_entries_name_file_line_and_field(tmp_path: Path, body: str, line: int,
                                                       needle: str) -> None:
    path = tmp_path / "attribution.csv"
    path.write_text(body, "utf-8")
    with pytest.raises(InputError, match=needle) as err:
        load_registry(path)
    assert str(path) in str(err.value) and f"record {line}" in str(err.value)


# -- CLI -----------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["duplicates", "--limit", "3"], ["duplicates", "--cross-script", "--json"],
    ["sources", "--status", "gone"], ["sources", "--json", "--sort", "growth"],
    ["source", "Karvon Sadosi"], ["source", "@vatan_sadosi_24", "--json"],
    ["reach"], ["reach", "--by", "narrative", "--json"],
    ["coordination", "--window", "15"], ["coordination", "--json", "--no-forwards"],
    ["attribution", "--sample"], ["attribution", "--sample", "--json"],
])
def test_commands_run_on_the_sample(db: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    if "--json" in args:
        json.loads(result.output)
    else:
        assert "telegram:" in result.output or "nd-" in result.output


def test_commands_fail_cleanly(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["source", "Karvon", "--db", str(db)])
    assert r.exit_code == 2 and "matches 3 sources" in r.output
    r = runner.invoke(cli, ["duplicates", "--cluster", "nd-000", "--db", str(db)])
    assert r.exit_code == 2 and "no near-duplicate cluster" in r.output
    r = runner.invoke(cli, ["attribution", "--db", str(db), "--registry",
                            str(tmp_path / "missing.csv")])
    assert r.exit_code == 2 and "no attribution registry" in r.output
    r = runner.invoke(cli, ["sources", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 3 and "no store here" in r.output


# -- review findings, pinned ---------------------------------------------------------------

def _csv_store(tmp_path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    """A store from a generic CSV of rows (source_id, source_name, item_id, date, text)."""
    import csv

    from tyndau.config import Settings
    from tyndau.pipeline.registry import default_pipeline
    from tyndau.pipeline.runner import analyse
    from tyndau.services.ingest import ingest
    path = tmp_path / "posts.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["platform", "source_id", "source_name", "item_id", "date", "text"])
        for row in rows:
            w.writerow(["web", *row])
    settings = Settings.resolve(db=tmp_path / "c.duckdb", key_file=tmp_path / "key")
    with Store(settings.db) as s:
        ingest(s, [path], settings)
        analyse(s, default_pipeline())
        build_near_duplicates(s)
    return settings.db


def test_co_posting_units_keep_what_names_the_content(tmp_path: Path) -> None:
    rows = []
    pairs = [("youtube.com/watch?v=AAA", "https://www.youtube.com/watch?v=BBB"),
             ("https://vk.com/wall?w=wall-1_1", "vk.com/wall?w=wall-1_2")]
    for n, (a, b) in enumerate(pairs):
        rows.append(("a", "A", f"a{n}", f"2026-05-0{n + 1}T10:00:00+00:00", f"see {a}"))
        rows.append(("b", "B", f"b{n}", f"2026-05-0{n + 1}T10:05:00+00:00", f"see {b}"))
    db = _csv_store(tmp_path, rows)
    with Store(db, read_only=True) as s:
        assert coordination(s, window_minutes=60, min_events=1, basis=("links",))["edges"] == []
    same = [("a", "A", "a1", "2026-05-01T10:00:00+00:00",
             "https://youtube.com/watch?v=AAA&utm_source=x"),
            ("b", "B", "b1", "2026-05-01T10:05:00+00:00", "youtube.com/watch?v=AAA")]
    (tmp_path / "2").mkdir()
    db2 = _csv_store(tmp_path / "2", same)
    with Store(db2, read_only=True) as s:
        (edge,) = coordination(s, window_minutes=60, min_events=1, basis=("links",))["edges"]
    assert edge["evidence"][0]["unit"] == "url:youtube.com/watch?v=AAA"


def test_a_footer_link_repeated_for_years_stays_cheap(tmp_path: Path) -> None:
    import time
    rows = [(f"s{i % 50}", f"S{i % 50}", f"i{i}",
             f"2025-{1 + (i // 600) % 12:02d}-{1 + (i // 24) % 25:02d}T{i % 24:02d}:00:00+00:00",
             f"post number {i} footer t.me/footer_channel")
            for i in range(6000)]
    db = _csv_store(tmp_path, rows)
    with Store(db, read_only=True) as s:
        start = time.perf_counter()
        data = coordination(s, window_minutes=5, min_events=3, basis=("links",))
        seconds = time.perf_counter() - start
    assert seconds < 10, seconds  # the all-pairs join took minutes here
    assert isinstance(data["edges"], list)


def test_sources_without_dated_items_are_listed_as_unknown(tmp_path: Path) -> None:
    from tyndau.config import Settings
    from tyndau.services.ingest import ingest
    chats = sample_dir() / "tracker" / "collected_chats_2026-09-01.csv"
    settings = Settings.resolve(db=tmp_path / "c.duckdb", key_file=tmp_path / "key")
    with Store(settings.db) as s:
        ingest(s, [chats], settings)
        data = list_sources(s)
    assert data["total"] == 3
    assert {r["status"] for r in data["sources"]} == {"unknown"}
    assert all(r["subscribers"] for r in data["sources"])


def test_as_of_in_the_past_ignores_later_items(sample_db: Path) -> None:
    from datetime import UTC, datetime
    with Store(sample_db, read_only=True) as s:
        data = list_sources(s, as_of=datetime(2026, 4, 1, tzinfo=UTC), limit=1000)
    by_key = {r["source_key"]: r for r in data["sources"]}
    assert by_key[T11]["items"] == 0 and by_key[T11]["status"] == "unknown"
    assert all(r["silent_days"] is None or r["silent_days"] >= 0 for r in data["sources"])


def test_registry_line_numbers_are_file_lines(tmp_path: Path) -> None:
    path = tmp_path / "attribution.csv"
    path.write_text('source,attribution,reference,note\n\ntelegram:1,state_media,'
                    'https://example.org/ref,"two\nlines"\n\ntelegram:2,nonsense,'
                    'https://example.org/ref,\n', "utf-8")
    with pytest.raises(InputError, match="record 6"):
        load_registry(path)


def test_a_former_title_known_from_a_service_message_finds_the_source(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from tyndau.schema import ServiceEvent, Source
    with Store(tmp_path / "s.duckdb") as s:
        s.insert_new(Source, [Source(source_key="telegram:5", platform="telegram",
                                     source_id="5", kind="channel", handle=None,
                                     title="Now", url=None, first_imported_at=None,
                                     last_imported_at=None)])
        s.insert_new(ServiceEvent, [ServiceEvent(
            source_key="telegram:5", event_id="1", occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
            action="edit_channel_title", actor="telegram:5", title="Before")])
        assert resolve_source(s, "Before") == "telegram:5"
