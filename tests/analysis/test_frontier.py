"""The discovery frontier: unmonitored sources the monitored ones point at, ranked exactly."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
import pytest
from click.testing import CliRunner
from tests.analysis.test_graph import T0, item, put, source

from tyndau.analysis.links import is_reference
from tyndau.cli.frontier import command as frontier_command
from tyndau.cli.main import _Group
from tyndau.errors import InputError
from tyndau.services.spread_graph import frontier
from tyndau.store import Store

M1, M2, M3, M4 = (f"telegram:{100 + i}" for i in range(1, 5))
VK1, HIDDEN_VK = "vk:-201", "vk:-299"
A, B, C, D = ("telegram:@alpha_chan", "web:bravo.example", "telegram:@charlie_chan",
              "telegram:@delta_bot")
F = "telegram:555"


@pytest.fixture
def planted(store: Store) -> Store:
    put(store, [source(M1, title="One"), source(M2, title="Two"), source(M3, title="Three"),
                source(M4, title="Four"), source(VK1, title="Vk one"),
                source(HIDDEN_VK, handle="hidden_vk", title="Hidden VK")], [
        # A: three monitored sources, once each
        item(M1, 1, day=1, links=["https://t.me/alpha_chan/7"]),
        item(M2, 1, day=2),
        item(M3, 1, day=3, links=["https://t.me/s/alpha_chan"]),
        # B: two sources, five references
        item(M1, 2, day=4, links=["https://bravo.example/1"]),
        item(M1, 3, day=5, links=["https://www.bravo.example/2"]),
        item(M1, 4, day=6, links=["https://BRAVO.example/3"]),
        item(M2, 2, day=7, links=["https://bravo.example/4"]),
        item(M2, 3, day=8, links=["https://bravo.example/5?utm=x"]),
        # D: two sources, two references, last on day 10 (a bot)
        item(M1, 5, day=9),
        item(M2, 4, day=10, links=["https://t.me/delta_bot?start=1"]),
        # E: a stored community seen only through a repost (its original links elsewhere)
        item(VK1, 1, day=11, repost_of_key=f"{HIDDEN_VK}:7", forward_from=HIDDEN_VK),
        item(HIDDEN_VK, 7, day=10.5, origin_file="-201.json",
             links=["https://t.me/zulu_chan"]),
        # F: a forward from a channel nobody imported
        item(M4, 2, day=12, forward_from=F, forward_from_title="Hidden channel"),
        # neither people nor monitored sources are candidates
        item(M3, 3, day=13, forward_from="p:16b795c05318430b9d25"),
        item(M2, 5, day=14, forward_from=M1),
        # C: two sources, two references, last on day 20
        item(M3, 2, day=15, links=["https://t.me/charlie_chan/1"]),
        item(M4, 1, day=20),
    ], mentions={f"{M2}:1": ["@Alpha_Chan"], f"{M1}:5": ["@delta_bot"],
                 f"{M4}:1": ["@charlie_chan"]},
        labels=[(f"{M1}:1", "function", "ve_support"), (f"{M2}:1", "function", "ve_support"),
                (f"{M3}:1", "function", "religious"),
                (f"{M1}:1", "narrative", "muslim_persecution")])
    return store


def test_ranking_by_sources_then_references_then_recency(planted: Store) -> None:
    rows = frontier(planted)
    assert [r["ref"] for r in rows] == [A, B, C, D, F, HIDDEN_VK]
    assert [(r["sources"], r["references"]) for r in rows] == [
        (3, 3), (2, 5), (2, 2), (2, 2), (1, 1), (1, 1)]
    a, b, c, d, f, e = rows
    assert a["by_kind"] == {"link": 2, "mention": 1}
    assert a["functions"] == {"ve_support": 2, "religious": 1}
    assert a["narratives"] == {"muslim_persecution": 1}
    assert a["url"] == "https://t.me/alpha_chan" and not a["bot"] and not a["known_source"]
    assert a["first_at"] == "2026-03-02T00:00:00Z" and a["last_at"] == "2026-03-04T00:00:00Z"
    assert b["pointing_sources"] == [{"key": M1, "title": "One", "references": 3},
                                     {"key": M2, "title": "Two", "references": 2}]
    assert b["examples"] == [f"{M2}:3", f"{M2}:2", f"{M1}:4", f"{M1}:3", f"{M1}:2"]
    assert b["items"] == 5 and b["functions"] == {} and b["platform"] == "web"
    assert c["last_at"] == "2026-03-21T00:00:00Z"
    assert d["bot"] and d["url"] == "https://t.me/delta_bot"
    assert f["title"] == "Hidden channel" and f["url"] is None and f["by_kind"] == {"forward": 1}
    assert e["known_source"] and e["title"] == "Hidden VK" and e["by_kind"] == {"repost": 1}
    assert e["url"] == "https://vk.com/club299"
    refs = {r["ref"] for r in rows}
    # referenced only by an unmonitored source, a person, or monitored themselves: not here
    assert "telegram:@zulu_chan" not in refs and M1 not in refs
    assert not any(r.startswith("p:") for r in refs)
    orjson.dumps(rows)


def test_filters(planted: Store) -> None:
    def refs(**kw: object) -> list[str]:
        return [r["ref"] for r in frontier(planted, **kw)]

    assert refs(min_sources=2) == [A, B, C, D]
    assert refs(min_sources=3) == [A]
    assert refs(limit=2) == [A, B]
    assert refs(platform="web") == [B]
    assert refs(platform="vk") == [HIDDEN_VK]
    assert refs(since="2026-03-10") == [C, D, F, HIDDEN_VK]
    assert refs(since=T0.replace(day=10), until="2026-03-17") == [D, C, F, HIDDEN_VK]
    assert refs(kinds=["mention"]) == [C, D, A]
    assert refs(kinds=["forward", "repost"]) == [F, HIDDEN_VK]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"platform": "myspace"}, "--platform 'myspace'"),
    ({"min_sources": 0}, "--min-sources 0"),
    ({"limit": 0}, "--limit 0"),
    ({"since": "2026-13-01"}, "--since '2026-13-01'"),
    ({"kinds": ["like"]}, "--kind 'like'"),
])
def test_bad_parameters(planted: Store, kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        frontier(planted, **kwargs)


def test_empty_store(store: Store) -> None:
    assert frontier(store) == []


def test_sample_corpus(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        rows = frontier(s, limit=1000)
        monitored = {k for (k,) in s.query("SELECT DISTINCT source_key FROM item")}
    got = {r["ref"]: r for r in rows}
    # Karvon Yo'li is known only through Ummat Birligi's repost of it and a tracker channel's
    # scheme-less link (vk.com/karvon_yoli)
    karvon = got["vk:-2000099"]
    assert karvon["known_source"] and karvon["title"] == "Karvon Yo'li"
    assert [p["key"] for p in karvon["pointing_sources"]] == ["telegram:1811000021",
                                                              "vk:-2000003"]
    assert karvon["by_kind"] == {"repost": 1, "link": 1}
    assert "vk:-2000003:3075" in karvon["examples"]
    assert "telegram:@camonitor_jobs" in got
    # the tracker part's planted frontier: three channels link one unmonitored channel, two
    # mention another, one links a YouTube handle (scheme-less, not read as a mention)
    top = rows[0]
    assert top["ref"] == "telegram:@migrant_yordam_markazi" and top["sources"] == 3
    assert got["telegram:@karvon_zaxira"]["sources"] == 2
    assert got["youtube:@ozodfikr_video"]["by_kind"] == {"link": 1}
    assert "telegram:@ozodfikr_video" not in got
    for r in rows:
        assert r["ref"] not in monitored - {"vk:-2000099"}
        assert is_reference(r["ref"]) or r["known_source"]
        assert r["sources"] >= 1 and all(p["key"] in monitored for p in r["pointing_sources"])
    ranks = [(-r["sources"], -r["references"]) for r in rows]
    assert ranks == sorted(ranks)


def _cli() -> click.Group:
    group = _Group(name="tyndau")
    group.add_command(frontier_command)
    return group


def test_command(sample_db: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(_cli(), ["frontier", "--db", str(sample_db)])
    assert r.exit_code == 0, r.output
    assert "Discovery frontier" in r.output and "Karvon Yo'li" in r.output
    r = runner.invoke(_cli(), ["frontier", "--db", str(sample_db), "--json", "--platform", "vk"])
    assert r.exit_code == 0, r.output
    assert [x["ref"] for x in orjson.loads(r.output)] == ["vk:-2000099"]
    r = runner.invoke(_cli(), ["frontier", "--db", str(sample_db), "--since", "soon"])
    assert r.exit_code == 2 and r.output.strip() == (
        "tyndau: error: --since 'soon': not an ISO date or time (e.g. 2026-05-01 or "
        "2026-05-01T12:00)")
