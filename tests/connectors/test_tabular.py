from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from tests.conftest import all_text_values

from tyndau.config import Settings
from tyndau.connectors.tabular import Mapping
from tyndau.errors import ConfigError, InputError
from tyndau.services.ingest import ingest
from tyndau.store import Store

HEADER = "platform,source_id,source_name,item_id,date,text,url,views,author,phone,geo\n"


def test_csv_default_columns(tmp_path: Path, store: Store, settings: Settings) -> None:
    path = tmp_path / "web.csv"
    path.write_text(HEADER
                    + 'web,site1,Site One,1,2026-04-01T10:00:00+05:00,"Hello, world",'
                      'https://e.org/1,12,Jane Roe,+7 700 123,43.2 76.9\n'
                    + "web,site1,Site One,2,2026-04-02T10:00:00Z,Second,,,,,\n", encoding="utf-8")
    report = ingest(store, [path], settings)
    assert report.files[0].format == "csv" and report.files[0].items_new == 2
    row = store.query("SELECT item_key, text, views, url, author, published_at FROM item "
                      "ORDER BY item_key")[0]
    assert row[:4] == ("web:site1:1", "Hello, world", 12, "https://e.org/1")
    assert row[4].startswith("p:")
    assert row[5].isoformat() == "2026-04-01T05:00:00+00:00"
    values = "\n".join(all_text_values(store))
    for personal in ("Jane Roe", "+7 700 123", "43.2 76.9"):
        assert personal not in values
    assert ingest(store, [path], settings).totals()["items_new"] == 0


def test_mapping_and_constants(tmp_path: Path, store: Store, settings: Settings) -> None:
    path = tmp_path / "forum.csv"
    path.write_text("post;body;when\n7;Салом;1772449300\n", encoding="utf-8")
    mapping = Mapping({"item_id": "post", "text": "body", "date": "when"},
                      {"platform": "web", "source_id": "forum"})
    ingest(store, [path], settings, options={"mapping": mapping})
    assert store.query("SELECT item_key, text FROM item") == [("web:forum:7", "Салом")]


def test_mapping_file_and_unknown_field(tmp_path: Path) -> None:
    good = tmp_path / "m.json"
    good.write_text(json.dumps({"columns": {"text": "body"}, "constants": {"platform": "web"}}))
    assert Mapping.from_file(good).columns == {"text": "body"}
    with pytest.raises(ConfigError, match="unknown mapping field"):
        Mapping({"txet": "body"})


def test_items_without_ids_get_content_keys(tmp_path: Path, store: Store,
                                            settings: Settings) -> None:
    path = tmp_path / "noid.csv"
    path.write_text("platform,source_id,date,text\nweb,s,2026-01-01,a\nweb,s,2026-01-01,b\n")
    ingest(store, [path], settings)
    ingest(store, [path], settings)
    keys = [r[0] for r in store.query("SELECT item_key FROM item")]
    assert len(keys) == 2 and all(k.startswith("web:s:h") for k in keys)


@pytest.mark.parametrize(("content", "expected"), [
    ("platform,source_id,date\nweb,s,2026-01-01\n", "required field 'text'"),
    ("platform,source_id,date,text\nweb,s,yesterday,x\n", "line 2, field 'date'"),
    ("platform,source_id,date,text,views\nweb,s,2026-01-01,x,many\n", "line 2, field 'views'"),
    ("platform,source_id,date,text\nweb,s,2026-01-01,x,extra\n", "line 2"),
    ("platform,source_id,date,text\nweb,,2026-01-01,x\n", "field 'source_id'"),
])
def test_bad_rows_are_named(content: str, expected: str, tmp_path: Path, store: Store,
                            settings: Settings) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(InputError) as err:
        ingest(store, [path], settings)
    assert expected in str(err.value) and str(path) in str(err.value)
    assert store.query("SELECT count(*) FROM item")[0][0] == 0


def test_cp1251_csv(tmp_path: Path, store: Store, settings: Settings) -> None:
    path = tmp_path / "cp.csv"
    path.write_bytes("platform,source_id,date,text\nweb,s,2026-01-01,Привет\n".encode("cp1251"))
    with pytest.raises(InputError, match="--encoding cp1251"):
        ingest(store, [path], settings)
    ingest(store, [path], settings, encoding="cp1251")
    assert store.query("SELECT text FROM item")[0][0] == "Привет"


def test_jsonl(tmp_path: Path, store: Store, settings: Settings) -> None:
    path = tmp_path / "posts.jsonl"
    rows = [{"platform": "web", "source_id": "s", "id": i, "date": "2026-02-01T00:00:00Z",
             "text": f"t{i}"} for i in range(3)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert ingest(store, [path], settings).files[0].format == "jsonl"
    assert store.query("SELECT count(*) FROM item")[0][0] == 3
    path.write_text(json.dumps(rows[0]) + "\n{broken\n")
    with pytest.raises(InputError, match="line 2"):
        ingest(store, [path], settings)


@hsettings(max_examples=50, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.text(max_size=30), min_size=4, max_size=6))
def test_arbitrary_cells_never_crash(cells: list[str], tmp_path: Path) -> None:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["platform", "source_id", "date", "text", "views", "author"][: len(cells)])
    w.writerow(cells)
    path = tmp_path / "fuzz.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    s = Settings.resolve(db=tmp_path / "fuzz.duckdb", key_file=tmp_path / "k")
    with Store(s.db) as store:
        try:
            ingest(store, [path], s)
        except InputError as exc:
            assert "\n" not in str(exc)
            assert store.query("SELECT count(*) FROM item")[0][0] == 0
    s.db.unlink()
