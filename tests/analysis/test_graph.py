"""The propagation graph: references of every kind, resolution to stored sources, direction,
weights and times, communities, exports, the service and the command."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import igraph as ig
import orjson
import pytest
from click.testing import CliRunner

from tyndau.cli.graph import command as graph_command
from tyndau.cli.main import _Group
from tyndau.errors import InputError
from tyndau.schema import Annotation, Item, ItemText, Source
from tyndau.services.spread_graph import export_graph, propagation_graph
from tyndau.store import Store

T0 = datetime(2026, 3, 1, tzinfo=UTC)
GEXF = "{http://gexf.net/1.3}"
_KINDS = {"telegram": "channel", "vk": "community", "web": "site", "youtube": "video_channel"}


# -- building small stores (also used by test_frontier.py) ------------------------------------

def source(key: str, *, handle: str | None = None, title: str | None = None,
           kind: str | None = None, url: str | None = None) -> Source:
    platform, sid = key.split(":", 1)
    return Source(source_key=key, platform=platform, source_id=sid,
                  kind=kind or _KINDS[platform], handle=handle, title=title, url=url)


def item(source_key: str, n: int, *, day: float = 0, kind: str = "post",
         forward_from: str | None = None, forward_from_title: str | None = None,
         repost_of_key: str | None = None, links: list[str] | None = None, text: str = "",
         origin_file: str | None = None) -> Item:
    platform, sid = source_key.split(":", 1)
    return Item(item_key=f"{source_key}:{n}", platform=platform, source_key=source_key,
                item_id=str(n), kind=kind, published_at=T0 + timedelta(days=day), text=text,
                forward_from=forward_from, forward_from_title=forward_from_title,
                repost_of_key=repost_of_key, links=links, origin_format="test",
                origin_file=origin_file or f"{sid}.json")


def put(store: Store, sources: list[Source], items: list[Item],
        mentions: dict[str, list[str]] | None = None,
        labels: list[tuple[str, str, str]] = ()) -> None:
    """Insert rows; every item gets an item_text row (with its ``mentions``)."""
    mentions = mentions or {}
    with store.transaction():
        store.insert_new(Source, sources)
        store.insert_new(Item, items)
        store.insert_new(ItemText, [
            ItemText(item_key=i.item_key, run_id="t", text_norm=i.text, match_key=i.text,
                     script="Latn", lang="ru", lang_score=1.0, code_switch=False,
                     mentions=mentions.get(i.item_key)) for i in items])
        store.insert_new(Annotation, [
            Annotation(item_key=k, axis=axis, label=label, score=0.9, stage="t", run_id="t")
            for k, axis, label in labels])


def edge_set(g: dict) -> set[tuple[str, str, str, int]]:
    return {(e["src"], e["dst"], e["kind"], e["weight"]) for e in g["edges"]}


TG1, TG2, TG3 = "telegram:1811000001", "telegram:1811000002", "telegram:1811000003"
CHAT = "telegram:1811000013"
VK1, VK2 = "vk:-2000001", "vk:-2000002"
WEB = "web:caledger.example"


@pytest.fixture
def small(store: Store) -> Store:
    """Every reference rule once, with known answers."""
    put(store, [
        source(TG1, title="State media"),
        source(TG2, handle="Alash_Dauysy", title="Alash"),
        source(TG3, url="https://t.me/toshkent_kundalik", title="Toshkent"),
        source(CHAT, kind="group", title="Chat"),
        source(VK1, handle="kyrgyzdar_msk", title="Kyrgyzdar"),
        source(VK2, handle="ca_vesti", title="Vesti"),
        source(WEB, title="Ledger"),
        source("vk:-2000099", handle="karvon_yoli", title="Karvon Yo'li"),
    ], [
        item(TG1, 1, day=0),
        # forwards: TG1 → TG2 twice, TG1 → CHAT once; a person's forward is not an edge
        item(TG2, 1, day=1, forward_from=TG1, forward_from_title="State media"),
        item(TG2, 2, day=5, forward_from=TG1),
        item(CHAT, 1, day=2, kind="comment", forward_from=TG1),
        item(CHAT, 2, day=2, kind="comment", forward_from="p:16b795c05318430b9d25"),
        # reposts: VK2 → VK1; vk:-2000099 is known only through a reposted original
        item(VK2, 10, day=0),
        item(VK1, 1, day=3, repost_of_key=f"{VK2}:10", forward_from=VK2),
        item("vk:-2000099", 7, day=0, origin_file="-2000002.json"),
        item(VK2, 11, day=4, repost_of_key="vk:-2000099:7", forward_from="vk:-2000099"),
        # links: by handle (any case), by a source's url, t.me/c/<id>, by domain and subdomain,
        # VK club and screen name; an invite, a video, a self-link
        item(TG1, 2, day=6, links=["https://t.me/alash_dauysy/5", "https://T.me/ALASH_DAUYSY"]),
        item(TG1, 3, day=7, links=["https://t.me/toshkent_kundalik/9"]),
        item(TG3, 1, day=8, links=["https://t.me/c/1811000001/2", "https://t.me/joinchat/AAA",
                                   "https://youtu.be/x1"]),
        item(TG2, 3, day=9, links=["https://www.caledger.example/a",
                                   "https://news.caledger.example/b"]),
        item(TG2, 4, day=10, links=["https://vk.com/club2000001", "https://vk.com/CA_VESTI",
                                    "https://t.me/alash_dauysy"]),
        item(WEB, 1, day=11, links=["https://t.me/unknown_chan/3"]),
        # mentions: a post's count; a comment's and a group chat's do not
        item(TG3, 2, day=12), item(TG3, 3, day=13, kind="comment"), item(CHAT, 3, day=13),
        item(VK1, 2, day=14, text="Спасибо [club2000002|Вести] и [id5|Имя]"),
    ], mentions={f"{TG3}:2": ["@Alash_Dauysy", "@new_channel", "@ab"],
                 f"{TG3}:3": ["@comment_only"], f"{CHAT}:3": ["@group_only"]},
        labels=[(f"{TG2}:1", "function", "reporting"), (f"{TG2}:2", "function", "political"),
                (f"{TG2}:1", "narrative", "state_failure")])
    return store


def test_every_reference_kind_resolved_and_directed(small: Store) -> None:
    g = propagation_graph(small, communities=False)
    assert edge_set(g) == {
        (TG1, TG2, "forward", 2), (TG1, CHAT, "forward", 1),
        (VK2, VK1, "repost", 1), ("vk:-2000099", VK2, "repost", 1),
        (TG2, TG1, "link", 1),  # two URLs of one item naming one source count once
        (TG3, TG1, "link", 1), (TG1, TG3, "link", 1), (WEB, TG2, "link", 1),
        (VK1, TG2, "link", 1), (VK2, TG2, "link", 1),
        ("telegram:@unknown_chan", WEB, "link", 1),
        (TG2, TG3, "mention", 1), ("telegram:@new_channel", TG3, "mention", 1),
        (VK2, VK1, "mention", 1),
    }
    fwd = next(e for e in g["edges"] if e["src"] == TG1 and e["dst"] == TG2)
    assert fwd["first_at"] == "2026-03-02T00:00:00Z" and fwd["last_at"] == "2026-03-06T00:00:00Z"
    c = g["counts"]
    assert c["person_forwards"] == 1 and c["self_references"] == 1  # TG2 linking to itself
    assert c["urls"] == {"invite": 1, "source": 10, "video": 1}
    assert c["mentions_unresolved"] == 1  # @ab
    assert c["references"] == {"forward": 3, "repost": 2, "link": 7, "mention": 3}
    nodes = {n["key"]: n for n in g["nodes"]}
    assert nodes["vk:-2000099"]["monitored"] is False and nodes["vk:-2000099"]["items"] == 0
    assert nodes["vk:-2000099"]["title"] == "Karvon Yo'li"
    assert nodes["telegram:@unknown_chan"] == {
        "key": "telegram:@unknown_chan", "platform": "telegram", "title": None,
        "monitored": False, "items": 0, "community": None, "in_strength": 0,
        "out_strength": 1, "in_degree": 0, "out_degree": 1}
    assert nodes[TG1]["out_strength"] == 4 and nodes[TG1]["out_degree"] == 3
    assert nodes[TG2]["in_strength"] == 5 and nodes[TG2]["in_degree"] == 4
    assert sum(n["monitored"] for n in g["nodes"]) == c["monitored"] == 7
    orjson.dumps(g)  # JSON-ready


def test_window_kinds_and_min_weight(small: Store) -> None:
    g = propagation_graph(small, kinds=["forward"], communities=False)
    assert edge_set(g) == {(TG1, TG2, "forward", 2), (TG1, CHAT, "forward", 1)}
    g = propagation_graph(small, kinds=["forward"], since="2026-03-03", communities=False)
    assert edge_set(g) == {(TG1, CHAT, "forward", 1), (TG1, TG2, "forward", 1)}
    g = propagation_graph(small, since=datetime(2026, 3, 10), until="2026-03-12T00:00",
                          communities=False)
    assert edge_set(g) == {(WEB, TG2, "link", 1), (VK1, TG2, "link", 1), (VK2, TG2, "link", 1)}
    g = propagation_graph(small, min_weight=2, communities=False)
    assert edge_set(g) == {(TG1, TG2, "forward", 2)}
    assert g["counts"]["nodes"] == 7  # the monitored sources stay, isolated


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kinds": ["share"]}, "--kind 'share'"),
    ({"since": "last week"}, "--since 'last week'"),
    ({"min_weight": 0}, "--min-weight 0"),
    ({"resolution": 0.0}, "--resolution 0.0"),
])
def test_bad_parameters(small: Store, kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        propagation_graph(small, **kwargs)


def _two_cliques(store: Store) -> tuple[list[str], list[str]]:
    a = [f"telegram:{100 + i}" for i in range(5)]
    b = [f"vk:-{300 + i}" for i in range(5)]
    items, n = [], 0
    for group in (a, b):
        for s in group:
            for t in group:
                if s != t:
                    n += 1
                    items.append(item(t, n, day=n / 100, forward_from=s))
    items.append(item(b[0], 999, day=1, forward_from=a[0]))  # one weak bridge
    put(store, [source(k, title=k.upper()) for k in a + b], items,
        labels=[(i.item_key, "function", "religious" if i.platform == "vk" else "political")
                for i in items])
    return a, b


def test_leiden_finds_planted_communities_reproducibly(store: Store) -> None:
    a, b = _two_cliques(store)
    g = propagation_graph(store, seed=3)
    member = {n["key"]: n["community"] for n in g["nodes"]}
    assert len({member[k] for k in a}) == 1 and len({member[k] for k in b}) == 1
    assert member[a[0]] != member[b[0]]
    assert [c["size"] for c in g["communities"]] == [5, 5]
    assert g["communities"][0]["id"] == 0 and g["counts"]["modularity"] > 0.4
    by_first = {c["sources"][0][:2]: c for c in g["communities"]}
    assert by_first["vk"]["functions"] == {"religious": 21}  # with the bridge item
    assert by_first["te"]["functions"] == {"political": 20}
    assert g["communities"][0]["internal_weight"] == 20
    assert propagation_graph(store, seed=3) == g
    # a huge resolution splits everything: no community of two or more
    assert propagation_graph(store, resolution=1000.0)["communities"] == []
    assert all(n["community"] is None for n in propagation_graph(store, communities=False)[
        "nodes"])


def test_graphml_and_gexf_exports_parse_back(small: Store, tmp_path: Path) -> None:
    with small.transaction():
        small.insert_new(Source, [source("telegram:1811000077", title="Bad \x01 <title> & \"q\"")])
        small.insert_new(Item, [item("telegram:1811000077", 1, forward_from=TG1)])
    g = propagation_graph(small)
    out = export_graph(small, tmp_path / "g.graphml")
    assert out["format"] == "graphml" and out["edges"] == len(g["edges"])
    h = ig.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert h.is_directed() and h.vcount() == len(g["nodes"]) and h.ecount() == len(g["edges"])
    names = h.vs["name"]
    got = {(names[e.source], names[e.target], e["kind"], int(e["weight"]), e["first_at"])
           for e in h.es}
    assert got == {(e["src"], e["dst"], e["kind"], e["weight"], e["first_at"])
                   for e in g["edges"]}
    v = h.vs.find(name="telegram:1811000077")
    assert v["label"] == 'Bad  <title> & "q"' and v["monitored"] is True

    export_graph(small, tmp_path / "g.gexf")
    root = ET.parse(tmp_path / "g.gexf").getroot()
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{GEXF}graph")
    assert graph.get("defaultedgetype") == "directed" and graph.get("timeformat") == "dateTime"
    nodes = {n.get("id"): n for n in graph.iter(f"{GEXF}node")}
    assert set(nodes) == {n["key"] for n in g["nodes"]}
    assert nodes["telegram:1811000077"].get("label") == 'Bad  <title> & "q"'
    values = {a.get("for"): a.get("value") for a in nodes[TG1].iter(f"{GEXF}attvalue")}
    assert values["platform"] == "telegram" and values["monitored"] == "true"
    edges = {(e.get("source"), e.get("target"), e.get("kind"), int(e.get("weight")),
              e.get("start"), e.get("end")) for e in graph.iter(f"{GEXF}edge")}
    assert edges == {(e["src"], e["dst"], e["kind"], e["weight"], e["first_at"], e["last_at"])
                     for e in g["edges"]}
    assert not list(tmp_path.glob("*.part"))


def test_export_refuses_bad_paths(small: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"--export .*g\.png: the file name must end"):
        export_graph(small, tmp_path / "g.png")
    with pytest.raises(InputError, match="does not exist"):
        export_graph(small, tmp_path / "nope" / "g.gexf")
    assert not (tmp_path / "g.png").exists()


# -- the sample corpus ----------------------------------------------------------------------------

def test_sample_corpus_forwards_and_reposts(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as s:
        g = propagation_graph(s)
        expected_fwd = dict(((src, dst), n) for src, dst, n in s.query(
            "SELECT forward_from, source_key, count(*) FROM item WHERE forward_from LIKE "
            "'telegram:%' GROUP BY ALL"))
        expected_rep = dict(((src, dst), n) for src, dst, n in s.query(
            "SELECT regexp_extract(repost_of_key, '^(.+):[^:]*$', 1), source_key, count(*) "
            "FROM item WHERE repost_of_key IS NOT NULL GROUP BY ALL"))
    fwd = {(e["src"], e["dst"]): e["weight"] for e in g["edges"] if e["kind"] == "forward"}
    rep = {(e["src"], e["dst"]): e["weight"] for e in g["edges"] if e["kind"] == "repost"}
    assert fwd == expected_fwd and rep == expected_rep
    # the state-media-like channel is forwarded into several channels
    assert sum(1 for src, _ in fwd if src == TG1) >= 3
    assert rep[(VK2, VK1)] == 2
    nodes = {n["key"]: n for n in g["nodes"]}
    assert nodes[TG1]["monitored"] and nodes[TG1]["out_strength"] >= 9
    assert not nodes["vk:-2000099"]["monitored"]
    assert g["counts"]["person_forwards"] >= 1
    assert not any(n["key"].startswith("p:") for n in g["nodes"])
    member = {n["key"]: n["community"] for n in g["nodes"]}
    assert member[TG1] == member[TG2] and member[VK1] == member[VK2]
    assert g["communities"] and all(c["functions"] for c in g["communities"])


# -- the command ----------------------------------------------------------------------------------

def _cli() -> click.Group:
    group = _Group(name="tyndau")
    group.add_command(graph_command)
    return group


def test_command_tables_json_and_export(sample_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(_cli(), ["graph", "--db", str(sample_db)])
    assert r.exit_code == 0, r.output
    assert "Top " in r.output and "Communities" in r.output and "A → B" in r.output
    assert "Республика Сегодня" in r.output
    r = runner.invoke(_cli(), ["graph", "--db", str(sample_db), "--json", "--kind", "repost"])
    assert r.exit_code == 0, r.output
    data = orjson.loads(r.output)
    assert {e["kind"] for e in data["edges"]} == {"repost"}
    r = runner.invoke(_cli(), ["graph", "--db", str(sample_db), "--export",
                               str(tmp_path / "s.gexf")])
    assert r.exit_code == 0 and "s.gexf" in r.output and "(gexf)" in r.output
    ET.parse(tmp_path / "s.gexf")
    r = runner.invoke(_cli(), ["graph", "--db", str(sample_db), "--export",
                               str(tmp_path / "s.csv")])
    assert r.exit_code == 2 and r.output.count("\n") == 1
    assert "tyndau: error: --export" in r.output
    r = runner.invoke(_cli(), ["graph", "--db", str(sample_db), "--since", "yesterday"])
    assert r.exit_code == 2 and "--since 'yesterday'" in r.output


def test_command_prints_hostile_titles_literally(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    title = "[bold red]Breaking[/] [link=https://evil.example]click[/link]"
    with Store(db) as s:
        put(s, [source(TG1, title=title), source(TG2, title="Two")],
            [item(TG1, 1), item(TG2, 1, forward_from=TG1)])
    r = CliRunner().invoke(_cli(), ["graph", "--db", str(db)])
    assert r.exit_code == 0, r.output
    flat = "".join(line.strip("│┃ ") for line in r.output.splitlines())
    assert "[bold red]Breaking[/]" in flat and "[link=https://evil.example]" in flat


def test_empty_store(store: Store, tmp_path: Path) -> None:
    g = propagation_graph(store)
    assert g["nodes"] == [] and g["edges"] == [] and g["communities"] == []
    assert g["counts"]["modularity"] is None
    export_graph(store, tmp_path / "e.gexf")
    assert ET.parse(tmp_path / "e.gexf").getroot().find(f"{GEXF}graph") is not None
