"""The YouTube Data API connector: every real sample through the real ingest path, privacy,
hostile input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import assert_refused_cleanly, occurrences
from tests.conftest import ingest_into as run
from tests.conftest import item_row as item
from tests.conftest import write_doc as write

from tyndau.config import Settings
from tyndau.connectors import sniff
from tyndau.connectors.base import ImportContext
from tyndau.connectors.youtube import YoutubeConnector
from tyndau.errors import InputError
from tyndau.privacy.pseudonymise import Pseudonymiser
from tyndau.schema import Item, Source, SourceSnapshot
from tyndau.schema.columns import to_arrow
from tyndau.services.ingest import ingest
from tyndau.store import Store

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "youtube-api"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.json")) if SAMPLES.is_dir() else []
TABLES = ("source", "source_snapshot", "item", "service_event", "run")
UC = "UC_x5XG1OV2P6uZZ5FSM9Ttw"


def need_samples() -> None:
    if not SAMPLE_NAMES:
        pytest.skip(f"{SAMPLES} is not available")


def counts(store: Store) -> dict[str, int]:
    return {t: store.query(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}






def comment(cid: str = "c1", **snippet: object) -> dict:
    base = {"authorDisplayName": "Jane Roe", "authorChannelId": {"value": "UCjane"},
            "authorChannelUrl": "http://www.youtube.com/channel/UCjane",
            "textOriginal": "hi", "likeCount": 2, "publishedAt": "2020-01-01T00:00:00Z",
            "updatedAt": "2020-01-02T00:00:00Z"}
    return {"kind": "youtube#comment", "id": cid, "snippet": {**base, **snippet}}


def page(kind: str, items: object) -> dict:
    return {"kind": f"youtube#{kind}ListResponse", "items": items}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    need_samples()
    tmp = tmp_path_factory.mktemp("yt")
    store, report = run(tmp, *(SAMPLES / n for n in SAMPLE_NAMES))
    yield store, report, tmp
    store.close()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    """A store holding one synthetic record (the broken-input tests need no samples)."""
    tmp = tmp_path_factory.mktemp("youtube_synthetic")
    store, _ = run(tmp, write(tmp, "ok.json", page("comment", [comment()])))
    yield store, None, tmp
    store.close()


# -- the real samples -------------------------------------------------------------------------

@pytest.mark.parametrize("name", SAMPLE_NAMES or ["(no samples)"])
def test_every_sample_is_sniffed_and_imported(imported, name: str) -> None:
    _, report, _ = imported
    assert sniff(SAMPLES / name).name == "youtube-api"
    (fr,) = [f for f in report.files if Path(f.path).name == name]
    assert fr.format == "youtube-api" and fr.error is None and not fr.skipped
    assert fr.items_read > 0 or name.startswith("channel_info")


def test_sample_totals_sources_and_snapshot(imported) -> None:
    store, report, _ = imported
    assert store.count(Item) == 15
    assert report.totals()["items_read"] == 23
    sources = {r[0]: r[1:] for r in store.query("SELECT source_id, title, handle, url FROM source")}
    assert set(sources) == {UC, "UCK8sQmJBp8GCxrOtXWBpyEA", "UCJdl3Paao2f3ha5JXMYUCIA",
                            "unknown-channel"}
    assert sources[UC] == ("Google Developers", "@googledevelopers",
                           f"https://www.youtube.com/channel/{UC}")
    assert sources["unknown-channel"] == (None, None, None)
    assert store.query("SELECT source_key, subscribers, origin FROM source_snapshot") == [
        (f"youtube:{UC}", 1927873, "youtube-api")]


def test_videos(imported) -> None:
    store, _, _ = imported
    v = item(store, f"youtube:{UC}:D-lhorsDlUQ")
    assert v["kind"] == "video" and v["url"] == "https://www.youtube.com/watch?v=D-lhorsDlUQ"
    assert v["text"].startswith("What are Actions on Google (Assistant on Air)\n\nIn the first ")
    assert "http://bit.ly/2YabdS5" in v["links"]
    assert v["published_at"] == datetime(2019, 3, 21, 20, 37, 49, tzinfo=UTC)
    assert item(store, "youtube:UCJdl3Paao2f3ha5JXMYUCIA:ovdbrdCIP7U")["author"] is None


def test_comments_threads_and_replies(imported) -> None:
    store, _, tmp = imported
    top = item(store, "youtube:unknown-channel:UgyZ1jqkHKYvi1-ruOZ4AaABAg")
    assert top["text"] == "Google.com"  # textOriginal, not the HTML of textDisplay
    assert top["parent_key"] == "youtube:unknown-channel:F1UP7wRCPH8"
    assert top["url"] == ("https://www.youtube.com/watch?v=F1UP7wRCPH8"
                          "&lc=UgyZ1jqkHKYvi1-ruOZ4AaABAg")
    assert top["author"] == Pseudonymiser.from_file(tmp / "k").person(
        "youtube", "UCzj-CjKYmGlZ7vTL-vOe57A")
    on_channel = item(store, f"youtube:{UC}:Ugzi3lkqDPfIOirGFLh4AaABAg")
    assert on_channel["parent_key"] is None and on_channel["kind"] == "comment"
    reply = item(store, "youtube:unknown-channel:Ugw5zYU6n9pmIgAZWvN4AaABAg.91zT3cYb5B291za3E-eR-l")
    assert reply["reply_to_key"] == "youtube:unknown-channel:Ugw5zYU6n9pmIgAZWvN4AaABAg"
    assert store.query("SELECT count(*) FROM item WHERE text LIKE '%<br%' "
                       "OR text LIKE '%&quot;%'")[0][0] == 0


def test_no_commenter_data_in_any_text_column(imported) -> None:
    store, _, _ = imported
    needles: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k in ("authorDisplayName", "authorChannelUrl", "authorProfileImageUrl"):
                if isinstance(node.get(k), str):
                    needles.add(node[k])
            if isinstance(node.get("authorChannelId"), dict):
                needles.add(node["authorChannelId"]["value"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for name in SAMPLE_NAMES:
        walk(orjson.loads((SAMPLES / name).read_bytes()))
    assert {"Hieu Nguyen", "kun liu", "UCNvMBmCASzTNNX8lW3JRMbw"} <= needles
    assert occurrences(store, *needles) == {}


def test_second_import_adds_nothing(imported) -> None:
    store, _, tmp = imported
    before = counts(store)
    report = ingest(store, [SAMPLES / n for n in SAMPLE_NAMES],
                    Settings.resolve(db=tmp / "t.duckdb", key_file=tmp / "k"))
    assert report.totals()["items_new"] == 0 and report.totals()["sources_new"] == 0
    after = counts(store)
    assert after["item"] == before["item"] and after["source"] == before["source"]


# -- shapes the samples do not cover ----------------------------------------------------------

def test_statistics_threads_with_replies_fallbacks_and_skips(tmp_path: Path) -> None:
    files = [
        write(tmp_path, "videos.json", page("video", [{
            "id": "vid1", "snippet": {"channelId": "UCa", "channelTitle": "Chan A",
                                      "title": "T", "description": "",
                                      "publishedAt": "2021-05-05T10:00:00Z"},
            "statistics": {"viewCount": "1000", "likeCount": "50", "commentCount": "3"}}])),
        write(tmp_path, "threads.json", page("commentThread", [{
            "id": "t1", "snippet": {"channelId": "UCa", "videoId": "vid1", "totalReplyCount": 1,
                                    "topLevelComment": comment("t1")},
            "replies": {"comments": [comment("t1.r1", parentId="t1", textOriginal=None,
                                             textDisplay='a &amp; <a href="https://x.org/">'
                                                         'x</a><br />b')]}}])),
        write(tmp_path, "channels.json", page("channel", [
            {"id": "UCa", "snippet": {"title": "Chan A", "customUrl": "@chana"},
             "statistics": {"subscriberCount": "0", "hiddenSubscriberCount": True}}])),
        write(tmp_path, "error.json", {"error": {"code": 403, "message": "quota exceeded",
                                                 "errors": [{"domain": "youtube.quota",
                                                             "reason": "quotaExceeded"}]}}),
        write(tmp_path, "search.json", page("search", [{"id": {"videoId": "vid1"}}])),
    ]
    store, report = run(tmp_path, *files)
    assert [f.format for f in report.files] == ["youtube-api"] * 5
    v = item(store, "youtube:UCa:vid1")
    assert (v["text"], v["views"], v["reactions"], v["replies"]) == ("T", 1000, 50, 3)
    top = item(store, "youtube:UCa:t1")
    assert (top["parent_key"], top["replies"], top["reactions"]) == ("youtube:UCa:vid1", 1, 2)
    assert top["edited_at"] == datetime(2020, 1, 2, tzinfo=UTC)
    r = item(store, "youtube:UCa:t1.r1")
    assert r["reply_to_key"] == "youtube:UCa:t1" and r["parent_key"] == "youtube:UCa:vid1"
    assert r["text"] == "a & x\nb" and r["links"] == ["https://x.org/"]
    assert store.count(SourceSnapshot) == 0
    assert report.files[2].skipped["subscriber count hidden by the channel"] == 1
    assert dict(report.files[3].skipped) == {"YouTube API error 403: quota exceeded": 1}
    assert dict(report.files[4].skipped) == {"youtube#searchListResponse not imported": 1}
    assert occurrences(store, "Jane Roe", "UCjane") == {}
    store.close()


def test_channel_option_and_name_only_author(tmp_path: Path) -> None:
    path = write(tmp_path, "c.json", page("comment", [comment(
        "c9", authorChannelId=None, authorChannelUrl=None, authorDisplayName="Anon Person")]))
    store, _ = run(tmp_path, path, options={"channel_id": "UCb"})
    c = item(store, "youtube:UCb:c9")
    assert c["author"] == Pseudonymiser.from_file(tmp_path / "k").person("youtube",
                                                                          "name:Anon Person")
    assert occurrences(store, "Anon Person") == {}
    store.close()


# -- broken input -----------------------------------------------------------------------------

def _thread(**snippet: object) -> dict:
    return page("commentThread", [{"id": "t1", "snippet": {
        "videoId": "v1", "topLevelComment": comment("t1", **snippet)}}])


BROKEN = {
    "truncated": (orjson.dumps(_thread())[:-7], "truncated JSON"),
    "items_str": ({"kind": "youtube#videoListResponse", "items": "x"}, "field 'items'"),
    "text_int": (_thread(textOriginal=5), "record comment t1, field 'snippet.textOriginal'"),
    "date_word": (_thread(publishedAt="yesterday"), "field 'snippet.publishedAt'"),
    "count_word": (_thread(likeCount="many"), "field 'snippet.likeCount'"),
    "id_int": (page("video", [{"id": 5, "snippet": {}}]), "field 'id'"),
    "snippet_list": (page("channel", [{"id": "UCa", "snippet": []}]), "field 'snippet'"),
    "no_kind": ({"kind": 5, "items": []}, "field 'kind'"),
    "bad_utf8": (b'{"kind": "youtube#commentListResponse", "items": [{"id": "\xff"}]}',
                 "not valid UTF-8"),
    "empty": (b"", "empty file"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_input_fails_cleanly_and_changes_nothing(synthetic, tmp_path: Path,
                                                        case: str) -> None:
    store, _, tmp = synthetic
    doc, expected = BROKEN[case]
    path = write(tmp_path, f"{case}.json", doc)
    assert counts(store)["item"] == 1
    assert_refused_cleanly(store, path, Settings.resolve(db=tmp / "t.duckdb", key_file=tmp / "k"),
                           fmt="youtube-api", expected=expected, counts=counts)


# -- any JSON at all ----------------------------------------------------------------------------

KEYS = ["kind", "items", "id", "snippet", "statistics", "error", "code", "message", "channelId",
        "videoId", "title", "description", "channelTitle", "publishedAt", "updatedAt",
        "topLevelComment", "replies", "comments", "totalReplyCount", "textOriginal",
        "textDisplay", "parentId", "likeCount", "viewCount", "commentCount", "authorChannelId",
        "value", "authorDisplayName", "customUrl", "subscriberCount", "hiddenSubscriberCount",
        "contentDetails", "duration"]
KINDS = ["youtube#videoListResponse", "youtube#commentThreadListResponse",
         "youtube#commentListResponse", "youtube#channelListResponse", "youtube#other"]
LEAVES = (st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False)
          | st.sampled_from(["UCa", "vid-1", "2020-01-01T00:00:00Z", "12", "<br>", "&amp;",
                             "a:b", *KINDS]) | st.text(max_size=12))
JSON = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=6), max_leaves=25)
ANY = st.deferred(lambda: LEAVES)
SMALL = LEAVES | st.dictionaries(st.sampled_from(KEYS), LEAVES, max_size=4)
IDS = st.sampled_from(["vid1", "UCa", "t1", "t1.r"])


def _mutate(base: dict, extra: dict, broken: tuple | None) -> dict:
    out = {**extra, **base}
    if broken:
        out[broken[0]] = broken[1]
    return out


# A plausible snippet with random extra fields and, half the time, one field replaced by any value.
SNIPPET = st.builds(
    _mutate,
    st.fixed_dictionaries(
        {"channelId": st.sampled_from(["UCa", "UCb"]), "publishedAt": st.just("2020-01-01Z"),
         "title": st.text(max_size=10), "textOriginal": st.text(max_size=10)},
        optional={"videoId": IDS, "parentId": IDS, "statistics": SMALL}),
    st.dictionaries(st.sampled_from(KEYS), SMALL, max_size=5),
    st.none() | st.tuples(st.sampled_from(["channelId", "publishedAt", "title", "videoId"]), ANY))
BROKEN_ID = st.none() | st.tuples(st.just("id"), ANY)
COMMENT = st.builds(_mutate, st.fixed_dictionaries({"id": IDS, "snippet": SNIPPET}), st.just({}),
                    BROKEN_ID)
ITEM = st.builds(_mutate, st.fixed_dictionaries(
    {"id": IDS,
     "snippet": st.builds(lambda s, top: {**s, "topLevelComment": top}, SNIPPET, COMMENT)},
    optional={"statistics": SMALL, "replies": st.fixed_dictionaries(
        {"comments": st.lists(COMMENT, max_size=2)})}), st.just({}), BROKEN_ID)
DOCS = JSON | st.builds(lambda kind, items: {"kind": kind, "items": items},
                        st.sampled_from(KINDS), st.lists(ITEM, max_size=3))


@settings(max_examples=100, deadline=None)
@given(doc=DOCS)
def test_any_json_yields_records_or_input_error(tmp_path_factory: pytest.TempPathFactory,
                                                doc: object) -> None:
    path = tmp_path_factory.getbasetemp() / "yt_random.json"
    path.write_bytes(orjson.dumps(doc))
    ctx = ImportContext(path=path, pseudonymiser=Pseudonymiser(b"k" * 32),
                        imported_at=datetime(2024, 1, 1, tzinfo=UTC))
    try:
        out = list(YoutubeConnector().read(ctx))
    except InputError as exc:
        assert str(path) in str(exc)
        return
    items = [r for r in out if isinstance(r, Item)]
    to_arrow(Item, items)
    to_arrow(Source, [r for r in out if isinstance(r, Source)])
    to_arrow(SourceSnapshot, [r for r in out if isinstance(r, SourceSnapshot)])
    assert all(it.author is None or it.author.startswith("p:") for it in items)
