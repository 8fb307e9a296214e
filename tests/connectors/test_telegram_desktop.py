from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from tests.conftest import all_text_values, table_counts

from tyndau.config import Settings
from tyndau.errors import InputError, UnknownFormatError
from tyndau.services.ingest import ingest
from tyndau.store import Store

SIGNER = "Zarina Testova"
MEMBER = "Bekzod Example"
HIDDEN = "Hidden Forwarder Person"


def account_export() -> dict:
    """A full-account export: a channel, a public group, and private chats that must be skipped."""
    return {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": 999, "first_name": "Owner", "last_name": "Secret",
                                 "phone_number": "+7 700 000 00 00", "username": "@owner_secret"},
        "contacts": {"about": "", "list": [{"first_name": "Contact", "last_name": "Person",
                                            "phone_number": "+998 00 000 00 00"}]},
        "chats": {"about": "", "list": [
            {"name": "Channel A", "type": "public_channel", "id": 1111, "messages": [
                {"id": 1, "type": "service", "date": "2026-03-01T10:00:00",
                 "date_unixtime": "1772359200", "actor": "Channel A", "actor_id": "channel1111",
                 "action": "create_channel", "title": "Channel A", "text": "",
                 "text_entities": []},
                {"id": 2, "type": "message", "date": "2026-03-01T10:05:00",
                 "date_unixtime": "1772359500", "from": "Channel A", "from_id": "channel1111",
                 "author": SIGNER, "views": 120,
                 "text": ["Salom ", {"type": "bold", "text": "do'stlar"}, " ",
                          {"type": "text_link", "text": "here", "href": "https://example.org/x"}],
                 "text_entities": [],
                 "reactions": [{"type": "emoji", "count": 3, "emoji": "👍",
                                "recent": [{"from": MEMBER, "from_id": "user77"}]}],
                 "photo": "photos/p1.jpg", "photo_file_size": 4, "width": 10, "height": 10},
                {"id": 3, "type": "message", "date": "2026-03-02T11:00:00",
                 "date_unixtime": "1772449200", "from": "Channel A", "from_id": "channel1111",
                 "forwarded_from": "Channel B", "forwarded_from_id": "channel2222",
                 "reply_to_message_id": 2, "edited": "2026-03-02T12:00:00",
                 "edited_unixtime": "1772452800", "text": "Переслано из другого канала",
                 "text_entities": []},
                {"id": 4, "type": "message", "date_unixtime": "1772449300",
                 "from": "Channel A", "from_id": "channel1111",
                 "forwarded_from": HIDDEN, "text": "forward from a hidden account",
                 "poll": {"question": "Q?", "closed": False, "total_voters": 5,
                          "answers": [{"text": "a", "voters": 3, "chosen": True}]}},
            ]},
            {"name": "Owner and friend", "type": "personal_chat", "id": 77, "messages": [
                {"id": 1, "type": "message", "date_unixtime": "1772449300", "from": MEMBER,
                 "from_id": "user77", "text": "private words that must never be imported"}]},
            {"name": "Public Group", "type": "public_supergroup", "id": 3333, "messages": [
                {"id": 10, "type": "message", "date_unixtime": "1772449400", "from": MEMBER,
                 "from_id": "user77", "text": "a comment in a public group"},
                {"id": 11, "type": "service", "date_unixtime": "1772449500", "actor": MEMBER,
                 "actor_id": "user77", "action": "invite_members", "members": [SIGNER],
                 "text": ""},
            ]},
        ]},
    }


def write(tmp_path: Path, data: object, name: str = "result.json") -> Path:
    path = tmp_path / "export" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_real_sample_channel_export(samples: Path, store: Store, settings: Settings) -> None:
    report = ingest(store, [samples / "telegram-desktop" / "result.json"], settings)
    f = report.files[0]
    assert f.format == "telegram-desktop"
    assert (f.items_new, f.events_new, f.sources_new) == (908, 16, 1)
    (title, kind), = store.query("SELECT title, kind FROM source")
    assert kind == "channel" and title == "川陀大学图书馆"
    # text given as a list of entity parts is concatenated
    text = store.query("SELECT text FROM item WHERE item_key = 'telegram:1878264527:6'")[0][0]
    assert text.startswith("目录") and "#随笔" in text
    assert store.query("SELECT count(*) FROM item WHERE reactions > 0")[0][0] == 319
    assert store.query("SELECT count(*) FROM item WHERE poll IS NOT NULL")[0][0] == 1
    assert store.query("SELECT count(*) FROM item WHERE media IS NOT NULL")[0][0] >= 500
    assert store.query("SELECT count(*) FROM item WHERE reply_to_key IS NOT NULL")[0][0] == 84
    assert store.query("SELECT count(*) FROM item WHERE edited_at IS NOT NULL")[0][0] > 800
    # signatures are people: pseudonymised, never stored readable
    assert "Daneel God" not in "\n".join(all_text_values(store))
    assert store.query("SELECT count(DISTINCT author) FROM item WHERE author LIKE 'p:%'")[0][0] >= 1


def test_reimport_adds_nothing(samples: Path, store: Store, settings: Settings) -> None:
    path = samples / "telegram-desktop" / "result.json"
    ingest(store, [path], settings)
    before = table_counts(store)
    again = ingest(store, [path], settings)
    assert again.files[0].items_new == 0 and again.files[0].items_present == 908
    after = table_counts(store)
    assert after["item"] == before["item"] and after["service_event"] == before["service_event"]
    assert after["run"] == before["run"] + 1


def test_full_account_export(tmp_path: Path, store: Store, settings: Settings) -> None:
    path = write(tmp_path, account_export())
    (path.parent / "photos").mkdir()
    (path.parent / "photos" / "p1.jpg").write_bytes(b"\xff\xd8ok")
    report = ingest(store, [path.parent], settings)
    f = report.files[0]
    assert f.items_new == 4 and f.events_new == 2
    assert f.skipped == {"private conversation (personal_chat) not imported": 1}
    assert report.not_data == []  # the media folder is not walked; its files are hashed
    rows = dict(store.query("SELECT item_key, text FROM item"))
    assert rows["telegram:1111:2"] == "Salom do'stlar here"
    assert "telegram:77:1" not in rows
    links, media, reactions = store.query(
        "SELECT links, media, reactions_detail FROM item WHERE item_key = 'telegram:1111:2'")[0]
    assert links == ["https://example.org/x"]
    assert json.loads(media)[0]["sha256"] == hashlib.sha256(b"\xff\xd8ok").hexdigest()
    assert json.loads(reactions) == {"👍": 3}
    fwd = store.query("SELECT forward_from, forward_from_title, reply_to_key, edited_at "
                      "FROM item WHERE item_key = 'telegram:1111:3'")[0]
    assert fwd[0] == "telegram:2222" and fwd[1] == "Channel B"
    assert fwd[2] == "telegram:1111:2" and fwd[3] is not None
    hidden = store.query("SELECT forward_from, forward_from_title, poll FROM item "
                         "WHERE item_key = 'telegram:1111:4'")[0]
    assert hidden[0].startswith("p:") and hidden[1] is None
    assert "chosen" not in hidden[2]
    kinds = dict(store.query("SELECT source_key, kind FROM source"))
    assert kinds == {"telegram:1111": "channel", "telegram:3333": "group"}
    comment = store.query("SELECT kind, author FROM item WHERE item_key = 'telegram:3333:10'")[0]
    assert comment[0] == "comment" and comment[1].startswith("p:")


def test_no_person_appears_anywhere_in_the_store_file(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, account_export())
    with Store(settings.db) as store:
        ingest(store, [path], settings)
        values = "\n".join(all_text_values(store))
        store.con.execute("CHECKPOINT")
    people = [SIGNER, MEMBER, HIDDEN, "Owner", "Secret", "owner_secret", "Contact Person",
              "+7 700", "private words"]
    for name in people:
        assert name not in values, name
    raw = settings.db.read_bytes()
    wal = settings.db.with_name(settings.db.name + ".wal")
    if wal.exists():
        raw += wal.read_bytes()
    for name in people:
        assert name.encode() not in raw, name
    assert b"Channel A" in raw or "Channel A" in values  # public channel names stay readable


def test_media_outside_the_export_folder_is_never_read(tmp_path: Path, store: Store,
                                                       settings: Settings) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("outside")
    data = account_export()
    data["chats"]["list"][0]["messages"][1]["photo"] = "../secret.txt"
    path = write(tmp_path, data)
    ingest(store, [path], settings)
    media = store.query("SELECT media FROM item WHERE item_key = 'telegram:1111:2'")[0][0]
    assert "sha256" not in json.loads(media)[0]


BROKEN = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "cp1251": lambda raw: raw.decode("utf-8").replace("Переслано", "Переслано").encode(
        "cp1251", errors="replace"),
    "garbage_after_messages": lambda raw: raw.replace(b'"messages": [', b'"messages": [}', 1),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_files_fail_cleanly_and_change_nothing(kind: str, tmp_path: Path, store: Store,
                                                      settings: Settings) -> None:
    good = write(tmp_path, {"name": "C", "type": "public_channel", "id": 5, "messages": []},
                 "good.json")
    ingest(store, [good], settings)
    before = table_counts(store)
    raw = json.dumps(account_export(), ensure_ascii=False).encode("utf-8")
    bad = tmp_path / "bad.json"
    bad.write_bytes(BROKEN[kind](raw))
    with pytest.raises(InputError) as err:
        ingest(store, [good, bad], settings)
    message = str(err.value)
    assert str(bad) in message and "\n" not in message
    assert "byte" in message or "record" in message
    assert table_counts(store) == before


def test_cp1251_file_imports_with_encoding_option(tmp_path: Path, store: Store,
                                                  settings: Settings) -> None:
    data = {"name": "Канал", "type": "public_channel", "id": 6, "messages": [
        {"id": 1, "type": "message", "date_unixtime": "1772449300", "text": "Привет, мир"}]}
    path = tmp_path / "cp.json"
    path.write_bytes(json.dumps(data, ensure_ascii=False).encode("cp1251"))
    with pytest.raises(InputError, match="cp1251"):
        ingest(store, [path], settings)
    ingest(store, [path], settings, encoding="cp1251")
    assert store.query("SELECT text FROM item")[0][0] == "Привет, мир"


@pytest.mark.parametrize(("message", "field"), [
    ({"id": "x", "type": "message", "date_unixtime": "1", "text": ""}, "id"),
    ({"id": 1, "type": "message", "date_unixtime": "soon", "text": ""}, "date_unixtime"),
    ({"id": 1, "type": "message", "date_unixtime": "1", "text": 5}, "text"),
    ({"id": 1, "type": "message", "text": ""}, "date"),
    ({"id": 1, "type": "message", "date_unixtime": "1", "text": [{"type": "bold", "text": 3}]},
     "text"),
])
def test_mistyped_fields_are_named(message: dict, field: str, tmp_path: Path, store: Store,
                                   settings: Settings) -> None:
    path = write(tmp_path, {"name": "C", "type": "public_channel", "id": 5,
                            "messages": [message]})
    with pytest.raises(InputError) as err:
        ingest(store, [path], settings)
    assert f"field {field!r}" in str(err.value)
    assert store.query("SELECT count(*) FROM item")[0][0] == 0


def test_huge_message_is_rejected_with_its_id(tmp_path: Path, store: Store,
                                              settings: Settings) -> None:
    path = write(tmp_path, {"name": "C", "type": "public_channel", "id": 5, "messages": [
        {"id": 41, "type": "message", "date_unixtime": "1", "text": "x" * (50 * 1024 * 1024)}]})
    with pytest.raises(InputError, match=r"record id 41.*exceeds the limit"):
        ingest(store, [path], settings)
    assert store.query("SELECT count(*) FROM item")[0][0] == 0


def test_empty_and_unknown_files(tmp_path: Path, store: Store, settings: Settings) -> None:
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        ingest(store, [empty], settings)
    other = tmp_path / "other.json"
    other.write_text('{"hello": "world"}')
    with pytest.raises(UnknownFormatError, match="unknown format"):
        ingest(store, [other], settings)
    html = tmp_path / "messages.json"
    html.write_text("<!DOCTYPE html><html></html>")
    with pytest.raises(UnknownFormatError, match="HTML"):
        ingest(store, [html], settings)


def test_mixed_folder_with_skip_bad(tmp_path: Path, store: Store, settings: Settings) -> None:
    good = write(tmp_path, account_export(), "a.json")
    (good.parent / "b.json").write_text("{\"name\": \"x\", \"type\": \"public_channel\", ")
    (good.parent / "notes.txt").write_text("not data")
    with pytest.raises(InputError):
        ingest(store, [good.parent], settings)
    assert store.query("SELECT count(*) FROM item")[0][0] == 0
    report = ingest(store, [good.parent], settings, skip_bad=True)
    assert [f.error is None for f in report.files] == [True, False]
    assert store.query("SELECT count(*) FROM item")[0][0] == 4
    assert report.not_data == [str(good.parent / "notes.txt")]


@hsettings(max_examples=60, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=4000), junk=st.binary(max_size=12))
def test_any_corruption_is_an_input_error_or_a_clean_import(cut: int, junk: bytes,
                                                            tmp_path: Path) -> None:
    raw = json.dumps(account_export(), ensure_ascii=False).encode("utf-8")
    cut = min(cut, len(raw))
    path = tmp_path / f"fuzz-{cut}.json"
    path.write_bytes(raw[:cut] + junk + raw[cut + len(junk):])
    settings = Settings.resolve(db=tmp_path / f"fuzz-{cut}.duckdb", key_file=tmp_path / "k")
    with Store(settings.db) as store:
        try:
            ingest(store, [path], settings)
        except InputError as exc:
            assert "\n" not in str(exc)
            assert store.query("SELECT count(*) FROM item")[0][0] == 0
    settings.db.unlink()
    wal = settings.db.with_name(settings.db.name + ".wal")
    wal.unlink(missing_ok=True)
