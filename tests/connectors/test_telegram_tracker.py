"""telegram-tracker's msgs_dataset.csv: the research tool's columns, as it writes them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.conftest import all_text_values, assert_refused_cleanly, ingest_into, item_row

from tyndau.config import Settings
from tyndau.connectors import sniff
from tyndau.connectors.telegram_tracker import DROPPED
from tyndau.errors import InputError
from tyndau.services.ingest import ingest
from tyndau.store import Store

# the column order of telegram-tracker's msgs_dataset_columns()
COLUMNS = [
    "signature", "channel_id", "channel_name", "msg_id", "message", "cleaned_message", "date",
    "msg_link", "msg_from_peer", "msg_from_id", "views", "number_replies", "number_forwards",
    "is_forward", "forward_msg_from_peer_type", "forward_msg_from_peer_id",
    "forward_msg_from_peer_name", "forward_msg_date", "forward_msg_date_string",
    "forward_msg_link", "is_reply", "reply_to_msg_id", "reply_msg_link", "contains_media",
    "media_type", "has_url", "url", "domain", "url_title", "url_description", "document_type",
    "document_id", "document_video_duration", "document_filename", "poll_id", "poll_question",
    "poll_total_voters", "poll_results", "contact_phone_number", "contact_name",
    "contact_userid", "geo_type", "lat", "lng", "venue_id", "venue_type", "venue_title",
    "venue_address", "venue_provider",
]


def _row(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {c: "" for c in COLUMNS}
    base.update({"channel_id": 1500100200, "channel_name": "steppe_news", "views": 1200,
                 "number_replies": 0, "number_forwards": 3, "is_forward": 0, "is_reply": 0,
                 "contains_media": 0, "has_url": 0, "msg_from_peer": "PeerChannel",
                 "msg_from_id": 1500100200})
    base.update(kw)
    mid = base["msg_id"]
    base["signature"] = f"msg_iteration.{mid}.user.{base['channel_name']}.post.{mid}"
    base["msg_link"] = f"https://t.me/{base['channel_name']}/{mid}"
    base["cleaned_message"] = " ".join(str(base["message"]).split())
    return base


def _write(tmp: Path, rows: list[dict[str, object]], name: str = "msgs_dataset.csv") -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path = tmp / name
    path.write_text(buf.getvalue(), "utf-8")
    return path


ROWS = [
    _row(msg_id=101, message="Цены на муку снова выросли.\nПодробности по ссылке",
         date="2024-03-01 08:15:00+00:00", media_type="MessageMediaWebPage", has_url=1,
         url="https://example.org/flour", domain="example.org"),
    _row(msg_id=102, message="Репост из другого канала", date="2024-03-01 09:00:00+00:00",
         is_forward=1, forward_msg_from_peer_type="PeerChannel",
         forward_msg_from_peer_id=1400400400, forward_msg_from_peer_name="other_channel",
         forward_msg_date="2024-02-28 10:00:00", forward_msg_link="https://t.me/other_channel/7"),
    _row(msg_id=103, message="Ответ на пост выше", date="2024-03-01 09:30:00+00:00",
         is_reply=1, reply_to_msg_id="101.0", reply_msg_link="https://t.me/steppe_news/101",
         msg_from_peer="PeerUser", msg_from_id=777000111),
    _row(msg_id=104, message="", date="2024-03-02 10:00:00+00:00",
         media_type="MessageMediaContact", contains_media=1,
         contact_phone_number="+77011234567", contact_name="Aigerim Nurlanova",
         contact_userid=555000333),
    _row(msg_id=105, message="Мы тут", date="2024-03-02 11:00:00+00:00",
         media_type="MessageMediaVenue", contains_media=1, geo_type="MessageMediaVenue",
         lat=43.238949, lng=76.889709, venue_title="Secret flat", venue_address="Abai 1"),
    _row(msg_id=106, message="Forward from a person", date="2024-03-02 12:00:00+00:00",
         is_forward=1, forward_msg_from_peer_type="PeerUser", forward_msg_from_peer_id=888111,
         forward_msg_from_peer_name=""),
    _row(msg_id=107, message="Опрос", date="2024-03-03 12:00:00+00:00",
         media_type="MessageMediaPoll", poll_id=5, poll_question="Вы за?",
         poll_total_voters=42, poll_results="[...]"),
]


def test_sniffed_apart_from_generic_csv(tmp_path: Path) -> None:
    assert sniff(_write(tmp_path, ROWS)).name == "telegram-tracker"
    other = tmp_path / "x.csv"
    other.write_text("date,text\n2024-01-01,hi\n")
    assert sniff(other).name == "csv"


def test_messages_forwards_replies_and_people(tmp_path: Path) -> None:
    store, _ = ingest_into(tmp_path, _write(tmp_path, ROWS))
    assert store.query("SELECT count(*) FROM item")[0][0] == 7
    src = store.query("SELECT source_key, handle, url FROM source")
    assert src == [("telegram:1500100200", "steppe_news", "https://t.me/steppe_news")]
    first = item_row(store, "telegram:1500100200:101")
    assert first["text"].startswith("Цены на муку") and first["views"] == 1200
    assert first["forwards"] == 3 and first["url"] == "https://t.me/steppe_news/101"
    assert "https://example.org/flour" in first["links"]
    assert str(first["published_at"]).startswith("2024-03-01 08:15:00")
    fwd = item_row(store, "telegram:1500100200:102")
    assert fwd["forward_from"] == "telegram:1400400400"
    assert fwd["forward_from_title"] == "other_channel"
    reply = item_row(store, "telegram:1500100200:103")
    assert reply["reply_to_key"] == "telegram:1500100200:101"
    assert reply["author"].startswith("p:")
    person_fwd = item_row(store, "telegram:1500100200:106")
    assert person_fwd["forward_from"].startswith("p:")
    poll = item_row(store, "telegram:1500100200:107")["poll"]
    assert "Вы за?" in poll and "42" in poll
    # re-import adds nothing
    store2, _ = ingest_into(tmp_path, _write(tmp_path, ROWS))
    assert store2.query("SELECT count(*) FROM item")[0][0] == 7


def test_contact_and_location_columns_never_enter_the_store(tmp_path: Path) -> None:
    store, _ = ingest_into(tmp_path, _write(tmp_path, ROWS))
    values = " ".join(all_text_values(store))
    for secret in ("+77011234567", "Aigerim", "Nurlanova", "555000333", "43.238949",
                   "76.889709", "Secret flat", "Abai 1", "777000111", "888111"):
        assert secret not in values, secret
    raw = (tmp_path / "t.duckdb").read_bytes()
    assert b"Nurlanova" not in raw and b"+77011234567" not in raw
    assert "contact_name" in DROPPED and "lat" in DROPPED


def test_bad_rows_are_refused_with_the_line_and_field(tmp_path: Path) -> None:
    good = _write(tmp_path, ROWS[:2], "good.csv")
    store, _ = ingest_into(tmp_path, good)
    settings = Settings.resolve(db=tmp_path / "t.duckdb", key_file=tmp_path / "k")

    def counts(s: object) -> tuple:
        return store.query("SELECT count(*) FROM item")[0][0], \
            store.query("SELECT count(*) FROM source")[0][0]

    # the first row's message spans two physical lines: the bad row ends on line 4
    cases = [
        (_row(msg_id="12a", message="x", date="2024-03-01 08:00:00+00:00"),
         "line 4, field 'msg_id'"),
        (_row(msg_id=9, message="x", date="yesterday"), "line 4, field 'date'"),
        (_row(msg_id=9, message="x", date="2024-03-01 08:00:00", channel_id="abc"),
         "line 4, field 'channel_id'"),
        (_row(msg_id=9, message="x", date="2024-03-01 08:00:00", views="many"),
         "line 4, field 'views'"),
    ]
    for i, (bad, expected) in enumerate(cases):
        path = _write(tmp_path, [ROWS[0], bad], f"bad{i}.csv")
        assert_refused_cleanly(store, path, settings, fmt="telegram-tracker", expected=expected,
                               counts=counts)


CHAT_COLUMNS = ["_", "id", "username", "title", "date", "left", "broadcast", "verified",
                "megagroup", "restricted", "signatures", "min", "scam", "has_link", "has_geo",
                "slowmode_enabled", "call_active", "call_not_empty", "fake", "gigagroup",
                "restriction_reason", "admin_rights", "banned_rights", "default_banned_rights",
                "participants_count", "collected_actions", "collected_posts", "replies",
                "other_actions", "number_views", "forwards", "replies_received"]


def _chats(tmp: Path, rows: list[dict[str, object]]) -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CHAT_COLUMNS, lineterminator="\n", restval="")
    w.writeheader()
    w.writerows(rows)
    path = tmp / "collected_chats.csv"
    path.write_text(buf.getvalue(), "utf-8")
    return path


def test_collected_chats_become_sources_with_counts(tmp_path: Path) -> None:
    chats = _chats(tmp_path, [
        {"_": "Channel", "id": 1500100200, "username": "steppe_news", "title": "Степные вести",
         "broadcast": True, "megagroup": False, "participants_count": 48211},
        {"_": "Channel", "id": 1400400400, "username": "other_channel", "title": "Other",
         "broadcast": False, "megagroup": True, "participants_count": 0},
    ])
    assert sniff(chats).name == "telegram-tracker-chats"
    store, _ = ingest_into(tmp_path, _write(tmp_path, ROWS), chats)
    rows = store.query("SELECT source_key, handle, title, kind FROM source ORDER BY 1")
    assert rows == [("telegram:1400400400", "other_channel", "Other", "group"),
                    ("telegram:1500100200", "steppe_news", "Степные вести", "channel")]
    snaps = store.query("SELECT source_key, subscribers, origin FROM source_snapshot")
    assert snaps == [("telegram:1500100200", 48211, "telegram-tracker-chats")]
    # the forward in the message table points at the second chat's source key
    assert item_row(store, "telegram:1500100200:102")["forward_from"] == "telegram:1400400400"


def test_dated_chat_tables_give_a_series_and_a_title_history(tmp_path: Path) -> None:
    paths = []
    for date, title, count in (("2026-09-01", "Old title", 100), ("2026-10-01", "New title", 250)):
        path = _chats(tmp_path, [{"_": "Channel", "id": 1500100200, "username": "steppe_news",
                                  "title": title, "broadcast": True, "megagroup": False,
                                  "participants_count": count}])
        paths.append(path.rename(tmp_path / f"collected_chats_{date}.csv"))
    store, _ = ingest_into(tmp_path, *paths)
    with store:
        series = store.query("SELECT observed_at::DATE::VARCHAR, subscribers FROM "
                             "source_snapshot ORDER BY 1")
        titles = store.query("SELECT title, first_seen_at::DATE::VARCHAR, "
                             "last_seen_at::DATE::VARCHAR FROM source_title ORDER BY 2")
        assert series == [("2026-09-01", 100), ("2026-10-01", 250)]
        assert titles == [("Old title", "2026-09-01", "2026-09-01"),
                          ("New title", "2026-10-01", "2026-10-01")]
        assert store.query("SELECT title FROM source")[0][0] == "New title"


def test_a_failed_import_leaves_no_title_history(tmp_path: Path) -> None:
    good = _chats(tmp_path, [{"_": "Channel", "id": 1500100200, "username": "steppe_news",
                              "title": "A title", "participants_count": 5}])
    bad = tmp_path / "msgs_dataset.csv"
    bad.write_text(",".join(COLUMNS) + "\n" + ",".join(["x"] * len(COLUMNS)) + "\n", "utf-8")
    settings = Settings.resolve(db=tmp_path / "s.duckdb", key_file=tmp_path / "key")
    with Store(settings.db) as store:
        with pytest.raises(InputError):
            ingest(store, [good, bad], settings)
        assert store.query("SELECT count(*) FROM source_title")[0][0] == 0
        assert store.query("SELECT count(*) FROM source")[0][0] == 0


def test_an_older_export_imported_later_does_not_undo_a_rename(tmp_path: Path) -> None:
    new = _chats(tmp_path, [{"_": "Channel", "id": 1500100200, "username": "steppe_news",
                             "title": "New name", "participants_count": 9}])
    new = new.rename(tmp_path / "collected_chats_2026-06-01.csv")
    old = _chats(tmp_path, [{"_": "Channel", "id": 1500100200, "username": "steppe_news",
                             "title": "Old name", "participants_count": 5}])
    old = old.rename(tmp_path / "collected_chats_2024-01-01_to_2026-01-01.csv")
    store, _ = ingest_into(tmp_path, new)
    store.close()
    settings = Settings.resolve(db=tmp_path / "t.duckdb", key_file=tmp_path / "k")
    with Store(settings.db) as s:
        ingest(s, [old], settings)
        assert s.query("SELECT title FROM source")[0][0] == "New name"
        assert s.query("SELECT title, first_seen_at::DATE::VARCHAR FROM source_title "
                       "ORDER BY first_seen_at") == [("Old name", "2026-01-01"),
                                                     ("New name", "2026-06-01")]
