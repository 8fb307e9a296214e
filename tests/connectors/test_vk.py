"""The VK API connector: every real sample through the real ingest path, privacy, hostile input."""

from __future__ import annotations

from collections import Counter
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
from tyndau.connectors.vk import VkConnector
from tyndau.errors import InputError
from tyndau.privacy.pseudonymise import Pseudonymiser
from tyndau.schema import Item, Source, SourceSnapshot
from tyndau.schema.columns import to_arrow
from tyndau.services.ingest import ingest
from tyndau.store import Store

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "vk-api"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.json")) if SAMPLES.is_dir() else []
TABLES = ("source", "source_snapshot", "item", "service_event", "run")


def need_samples() -> None:
    if not SAMPLE_NAMES:
        pytest.skip(f"{SAMPLES} is not available")


def counts(store: Store) -> dict[str, int]:
    return {t: store.query(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}






def post(pid: int = 1, owner: int = -5, **extra: object) -> dict:
    return {"id": pid, "owner_id": owner, "from_id": owner, "date": 1600000000,
            "post_type": "post", "text": "hello", **extra}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    need_samples()
    tmp = tmp_path_factory.mktemp("vk")
    store, report = run(tmp, *(SAMPLES / n for n in SAMPLE_NAMES))
    yield store, report, tmp
    store.close()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    """A store holding one synthetic record (the broken-input tests need no samples)."""
    tmp = tmp_path_factory.mktemp("vk_synthetic")
    store, _ = run(tmp, write(tmp, "ok.json", {"response": {"items": [post()]}}))
    yield store, None, tmp
    store.close()


# -- the real samples -------------------------------------------------------------------------

@pytest.mark.parametrize("name", SAMPLE_NAMES or ["(no samples)"])
def test_every_sample_is_sniffed_and_imported(imported, name: str) -> None:
    _, report, _ = imported
    assert sniff(SAMPLES / name).name == "vk-api"
    (fr,) = [f for f in report.files if Path(f.path).name == name]
    assert fr.format == "vk-api" and fr.error is None
    assert fr.items_read + sum(fr.skipped.values()) + fr.sources_new > 0


def test_sample_totals_keys_and_sources(imported) -> None:
    store, report, _ = imported
    assert report.totals()["items_read"] == 14
    assert store.count(Item) == 12
    assert store.count(SourceSnapshot) == 0
    sources = dict(store.query("SELECT source_id, title FROM source"))
    assert len(sources) == 11
    assert all(sid.startswith("-") for sid in sources), "people's walls must never be sources"
    assert sources["-17683660"] == "Творческие каникулы ART CAMP с 21 по 29 июля"
    assert sources["-1234"] is None  # Long Poll owner with no groups entry
    assert store.query("SELECT count(*) FROM item WHERE source_key NOT LIKE 'vk:-%'")[0][0] == 0
    src = store.query("SELECT handle, url FROM source WHERE source_id = '-29246653'")[0]
    assert src == ("evil_incorparate", "https://vk.com/evil_incorparate")


def test_repost_original_is_kept_and_personal_walls_skipped(imported) -> None:
    store, report, _ = imported
    orig = item(store, "vk:-29246653:93530")
    assert orig["kind"] == "post" and orig["url"] == "https://vk.com/wall-29246653_93530"
    assert orig["media"] == '[{"type":"photo","id":"-29246653_323086640"}]'
    assert store.query("SELECT count(*) FROM item WHERE item_key = 'vk:10:41'")[0][0] == 0
    skipped = sum((f.skipped for f in report.files), start=Counter())
    assert skipped["personal wall (a person's own page) not imported"] == 6
    assert skipped["deleted comment"] == 2
    assert skipped["newsfeed entry of type 'wall_photo' not imported"] == 1


def test_counters_text_links_and_authors(imported) -> None:
    store, _, tmp = imported
    rec = item(store, "vk:-131069024:102095")
    assert (rec["views"], rec["forwards"], rec["replies"], rec["reactions"]) == (12688, 10, 31, 623)
    assert rec["author"] == Pseudonymiser.from_file(tmp / "k").person("vk", "90124664")
    assert item(store, "vk:-168119259:5225")["text"] == "✈️ Вильнюс (Литва) → Прага (Чехия) \u3000"
    assert store.query("SELECT count(*) FROM item WHERE text LIKE '%&#%'")[0][0] == 0
    assert item(store, "vk:-106879986:32860")["links"] == ["https://news.mail.ru/society/29783058/"]
    assert item(store, "vk:-322:123")["author"] is None  # posted by the community itself


def test_comments_and_long_poll(imported) -> None:
    store, _, _ = imported
    c = item(store, "vk:-69459624:482121_482124")
    assert (c["kind"], c["parent_key"], c["replies"]) == ("comment", "vk:-69459624:482121", 1)
    assert c["author"].startswith("p:")
    lp = item(store, "vk:-1234:6_9")
    assert lp["parent_key"] == "vk:-1234:6" and lp["url"] == "https://vk.com/wall-1234_6?reply=9"
    assert item(store, "vk:-1234:6")["text"] == "test"


def test_no_person_data_in_any_text_column(imported) -> None:
    store, _, _ = imported
    needles = set()
    for name in SAMPLE_NAMES:
        resp = orjson.loads((SAMPLES / name).read_bytes().removeprefix(b"\xef\xbb\xbf"))
        resp = resp.get("response") if isinstance(resp, dict) else None
        for p in resp.get("profiles", []) if isinstance(resp, dict) else []:
            needles.update(str(p[k]) for k in ("first_name", "last_name", "screen_name")
                           if p.get(k))
            needles.update(str(p[k]) for k in ("photo_50", "photo_100") if p.get(k))
            if "first_name" in p and p["id"] >= 100000:
                needles.add(str(p["id"]))
    needles.update({"90124664", "287979664", "3073863"})  # signer, commenter, photo owner
    assert "Иван" in needles and len(needles) > 10
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

def test_comment_context_from_file_name_and_options(tmp_path: Path) -> None:
    need_samples()
    named = write(tmp_path, "wall-29246653_3800.json",
                  (SAMPLES / "Wall__GetComments_ReturnLikesAndAttachments.json").read_bytes())
    store, _ = run(tmp_path, named)
    c = item(store, "vk:-29246653:3800_3809")
    assert c["text"] == "Поздравляю вас!!!\nРастите здоровыми, счастливыми и красивыми!"
    media = item(store, "vk:-29246653:3800_3810")["media"]
    assert "3073863" not in media and '"id":"p:' in media
    ingest(store, [SAMPLES / "Wall__GetComment_ReturnCorrectResults.json"],
           Settings.resolve(db=tmp_path / "t.duckdb", key_file=tmp_path / "k"),
           options={"owner_id": "-1", "post_id": "73600"})
    c = item(store, "vk:-1:73600_73674")
    assert c["reply_to_key"] == "vk:-1:73600_73673" and c["parent_key"] == "vk:-1:73600"
    assert c["text"].startswith("p:") and "Дмитрий" not in c["text"]  # [id6099|Дмитрий]
    ingest(store, [SAMPLES / "Video__GetComments_WithLikes.json"],
           Settings.resolve(db=tmp_path / "t.duckdb", key_file=tmp_path / "k"),
           options={"owner_id": "-7", "video_id": "5"})
    v = item(store, "vk:-7:video5_14716")
    assert v["parent_key"] == "vk:-7:video5" and v["reactions"] == 77
    store.close()


def test_groups_snapshot_errors_longpoll_threads_and_chains(tmp_path: Path) -> None:
    files = [
        write(tmp_path, "groups.json", {"response": {"groups": [
            {"id": 42, "name": "A &amp; B", "screen_name": "ab", "is_closed": 0,
             "members_count": 1500}], "profiles": []}}),
        write(tmp_path, "error.json", {"error": {"error_code": 5, "error_msg": "User auth failed",
                                                 "request_params": []}}),
        write(tmp_path, "longpoll.json", {"ts": "7", "updates": [
            {"type": "message_new", "object": {"text": "private words"}, "group_id": 42},
            {"type": "wall_post_new", "object": post(9, -42), "group_id": 42}]}),
        write(tmp_path, "wall.json", {"response": {"count": 2, "items": [
            post(3, -42, copy_history=[post(8, -43, text="mid", copy_history=None),
                                       post(2, -44, text="root")]),
            {"id": 11, "owner_id": -42, "post_id": 3, "from_id": 77, "date": 1600000001,
             "text": "top", "thread": {"count": 1, "items": [
                 {"id": 12, "owner_id": -42, "post_id": 3, "from_id": -42,
                  "date": 1600000002, "text": "reply"}]}}],
            "groups": [{"id": 43, "name": "Mid", "screen_name": "mid"}]}}),
    ]
    store, report = run(tmp_path, *files)
    assert [f.format for f in report.files] == ["vk-api"] * 4
    assert store.query("SELECT title, handle FROM source WHERE source_id = '-42'") == [
        ("A & B", "ab")]
    assert store.query("SELECT subscribers FROM source_snapshot") == [(1500,)]
    # the count is observed when the response was saved: re-importing adds no second snapshot
    s2 = Settings.resolve(db=store.path, key_file=tmp_path / "k")
    assert ingest(store, [files[0]], s2).files[0].snapshots_new == 0
    assert store.query("SELECT count(*) FROM source_snapshot")[0][0] == 1
    assert dict(report.files[1].skipped) == {"VK API error 5: User auth failed": 1}
    assert report.files[2].skipped["Long Poll event 'message_new' not imported"] == 1
    assert occurrences(store, "private words") == {}
    repost = item(store, "vk:-42:3")
    assert repost["repost_of_key"] == "vk:-43:8" and repost["forward_from"] == "vk:-43"
    assert repost["forward_from_title"] == "Mid"
    assert item(store, "vk:-43:8")["repost_of_key"] == "vk:-44:2"
    assert item(store, "vk:-44:2")["text"] == "root"
    reply = item(store, "vk:-42:3_12")
    assert reply["reply_to_key"] == "vk:-42:3_11" and reply["author"] is None
    assert item(store, "vk:-42:3_11")["author"].startswith("p:")
    store.close()


def test_cp1251_with_encoding_option(tmp_path: Path) -> None:
    raw = orjson.dumps({"response": {"items": [post(text="Привет")]}}).decode()
    path = write(tmp_path, "cp.json", raw.encode("cp1251"))
    with pytest.raises(InputError, match="--encoding cp1251"):
        run(tmp_path, path)
    store, _ = run(tmp_path, path, encoding="cp1251")
    assert item(store, "vk:-5:1")["text"] == "Привет"
    store.close()


# -- broken input -----------------------------------------------------------------------------

BROKEN = {
    "truncated": (orjson.dumps({"response": {"items": [post()]}})[:-9], "truncated JSON"),
    "items_str": ({"response": {"items": "x"}}, "field 'items'"),
    "text_int": ({"response": {"items": [post(text=5)]}}, "record wall-5_1, field 'text'"),
    "date_word": ({"response": {"items": [post(date="yesterday")]}}, "field 'date'"),
    "id_word": ({"response": {"items": [post(pid="abc")]}}, "field 'id'"),
    "likes_list": ({"response": {"items": [post(likes=[1])]}}, "field 'likes'"),
    "history": ({"response": {"items": [post(copy_history=5)]}}, "field 'copy_history'"),
    "attachment": ({"response": {"items": [post(attachments=[{"x": 1}])]}}, "attachments[0]"),
    "response_int": ({"response": 5}, "field 'response'"),
    "bad_utf8": (b'{"response": {"items": [{"id": 1, "owner_id": -5, "post_type": "post", '
                 b'"text": "\xff\xfe"}]}}', "not valid UTF-8"),
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
                           fmt="vk-api", expected=expected, counts=counts)


# -- any JSON at all ----------------------------------------------------------------------------

KEYS = ["response", "items", "groups", "profiles", "error", "error_code", "error_msg", "updates",
        "type", "object", "id", "owner_id", "from_id", "post_id", "source_id", "post_type",
        "date", "edited", "text", "copy_history", "attachments", "likes", "views", "reposts",
        "comments", "count", "thread", "reply_to_comment", "signer_id", "deleted", "name",
        "screen_name", "members_count", "photo", "link", "url", "poll", "answers", "question",
        "votes", "post_owner_id", "video_id", "video_owner_id", "doc", "ext"]
LEAVES = (st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False)
          | st.sampled_from(["post", "photo", "link", "poll", "wall_post_new", "wall_reply_new",
                             "video_comment_new", "1600000000", "-5", "&amp;", "[id1|x]", "<br>"])
          | st.text(max_size=12))
JSON = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=6), max_leaves=25)
ANY = st.deferred(lambda: LEAVES)
SMALL = LEAVES | st.lists(LEAVES, max_size=3) | st.dictionaries(
    st.sampled_from(["count", "items", "type", "id", "owner_id", "url", "text", "photo"]),
    LEAVES | st.lists(st.dictionaries(st.sampled_from(KEYS), LEAVES, max_size=4), max_size=2),
    max_size=4)
GROUP = st.fixed_dictionaries({"id": st.integers(1, 10**6)}, optional={
    "name": ANY, "screen_name": ANY, "members_count": ANY})


def _row(base: dict, extra: dict, broken: tuple | None) -> dict:
    row = {**extra, **base}
    if broken:
        row[broken[0]] = broken[1]
    return row


# A plausible row (valid ids, mostly a community's) with random extra fields and, half the time,
# one of its ids or date replaced by any JSON value.
ROW = st.builds(
    _row,
    st.fixed_dictionaries({"id": st.integers(1, 10**6),
                           "owner_id": st.integers(-(10**6), -1) | st.integers(1, 10**6),
                           "date": st.integers(0, 2**40), "text": st.text(max_size=20)},
                          optional={"post_type": st.just("post"),
                                    "post_id": st.integers(1, 10**6)}),
    st.dictionaries(st.sampled_from(KEYS[12:]), SMALL, max_size=6),
    st.none() | st.tuples(st.sampled_from(["id", "owner_id", "date", "text"]), ANY))
DOCS = st.one_of(
    JSON,
    st.builds(lambda items, groups: {"response": {"items": items, "groups": groups}},
              st.lists(ROW, max_size=3), st.lists(GROUP, max_size=2)),
    st.builds(lambda rows: {"response": rows}, st.lists(ROW, max_size=3)),
    st.builds(lambda evs: {"ts": "1", "updates": evs}, st.lists(st.fixed_dictionaries(
        {"type": st.sampled_from(["wall_post_new", "wall_reply_new", "video_comment_new",
                                  "wall_reply_delete", "message_new"]), "object": ROW}),
        max_size=3)),
)


@settings(max_examples=150, deadline=None)
@given(doc=DOCS)
def test_any_json_yields_records_or_input_error(tmp_path_factory: pytest.TempPathFactory,
                                                doc: object) -> None:
    path = tmp_path_factory.getbasetemp() / "vk_random.json"
    path.write_bytes(orjson.dumps(doc))
    ctx = ImportContext(path=path, pseudonymiser=Pseudonymiser(b"k" * 32),
                        imported_at=datetime(2024, 1, 1, tzinfo=UTC))
    try:
        out = list(VkConnector().read(ctx))
    except InputError as exc:
        assert str(path) in str(exc)
        return
    items = [r for r in out if isinstance(r, Item)]
    to_arrow(Item, items)
    to_arrow(Source, [r for r in out if isinstance(r, Source)])
    to_arrow(SourceSnapshot, [r for r in out if isinstance(r, SourceSnapshot)])
    for it in items:
        assert it.source_key.startswith("vk:-") and (it.author is None or
                                                     it.author.startswith("p:"))
