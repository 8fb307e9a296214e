from __future__ import annotations

import json
from pathlib import Path

import pytest

from tyndau.config import Settings
from tyndau.errors import InputError
from tyndau.services.ingest import ingest
from tyndau.store import Store


def test_real_telethon_dumps(samples: Path, store: Store, settings: Settings) -> None:
    report = ingest(store, [samples / "telethon-json"], settings)
    assert [f.format for f in report.files] == ["telethon-json", "telethon-json"]
    counts = dict(store.query("SELECT source_key, count(*) FROM item GROUP BY 1"))
    assert counts == {"telegram:1000724666": 967, "telegram:1003313758": 672}
    title = store.query("SELECT title FROM source WHERE source_key = 'telegram:1000724666'")[0][0]
    assert title == "Naked Science"
    # the machine-assigned 'category' is not a label and is not stored anywhere
    assert store.query("SELECT count(*) FROM annotation")[0][0] == 0
    assert store.query("SELECT count(*) FROM item WHERE author IS NOT NULL")[0][0] == 0
    assert store.query("SELECT count(*) FROM item WHERE links IS NOT NULL")[0][0] > 100
    assert ingest(store, [samples / "telethon-json"], settings).totals()["items_new"] == 0


def test_telethon_to_dict_shape(tmp_path: Path, store: Store, settings: Settings) -> None:
    msgs = [
        {"_": "Message", "id": 5, "peer_id": {"_": "PeerChannel", "channel_id": 4242},
         "date": "2026-05-01 10:00:00+00:00", "message": "hello", "views": 10, "forwards": 2,
         "post_author": "A Person", "reply_to": {"_": "MessageReplyHeader", "reply_to_msg_id": 4},
         "fwd_from": {"_": "MessageFwdHeader", "from_id": {"_": "PeerChannel", "channel_id": 7}}},
        {"_": "MessageService", "id": 6},
    ]
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(msgs))
    report = ingest(store, [path], settings)
    assert report.files[0].skipped == {"not a message (MessageService)": 1}
    row = store.query("SELECT item_key, views, forwards, reply_to_key, forward_from, author "
                      "FROM item")[0]
    assert row[:5] == ("telegram:4242:5", 10, 2, "telegram:4242:4", "telegram:7")
    assert row[5].startswith("p:")


def test_message_without_channel_is_an_error(tmp_path: Path, store: Store,
                                             settings: Settings) -> None:
    path = tmp_path / "dump.json"
    path.write_text(json.dumps([{"message_id": 1, "sender_id": 5, "text": "x",
                                 "date": "2026-01-01T00:00:00+00:00"}]))
    with pytest.raises(InputError, match="which channel"):
        ingest(store, [path], settings)
