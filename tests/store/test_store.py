from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tyndau.errors import StoreError
from tyndau.schema import Source
from tyndau.store import SCHEMA_VERSION, Store


def _source(n: int) -> Source:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return Source(source_key=f"web:{n}", platform="web", source_id=str(n), kind="site",
                  handle=None, title=f"site {n}", url=None, first_imported_at=now,
                  last_imported_at=now)


def test_fresh_store_has_schema_version(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        assert s.schema_version() == SCHEMA_VERSION
    with Store(tmp_path / "s.duckdb", read_only=True) as s:
        assert s.schema_version() == SCHEMA_VERSION


def test_insert_new_is_idempotent_and_counts_duplicates_once(store: Store) -> None:
    assert store.insert_new(Source, [_source(1), _source(2), _source(2)]) == 2
    assert store.insert_new(Source, [_source(1), _source(2), _source(3)]) == 1
    assert store.count(Source) == 3


def test_transaction_rolls_back_everything(store: Store) -> None:
    store.insert_new(Source, [_source(1)])
    with pytest.raises(RuntimeError), store.transaction():
        store.insert_new(Source, [_source(2)])
        raise RuntimeError("boom")
    assert store.count(Source) == 1


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        s.con.execute("UPDATE tyndau_meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer than this tyndau"):
        Store(tmp_path / "s.duckdb")


def test_missing_declared_column_is_added_by_migration(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        s.con.execute("ALTER TABLE source DROP COLUMN url")
        s.con.execute("UPDATE tyndau_meta SET value = '0' WHERE key = 'schema_version'")
    with Store(tmp_path / "s.duckdb") as s:
        cols = [r[0] for r in s.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'source'")]
        assert "url" in cols
        assert s.schema_version() == SCHEMA_VERSION


def test_read_only_open_of_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
         " time.sleep(30)", str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=r"in use by another tyndau process \(waited 0.3 s"):
            Store(path, wait=0.3)
    finally:
        holder.kill()
        holder.wait()


def test_v1_store_is_migrated_to_v2(tmp_path: Path) -> None:
    """A store written by schema v1 (item_text without entity columns) opens and upgrades."""
    with Store(tmp_path / "s.duckdb") as s:
        for col in ("urls", "mentions", "hashtags", "emoji"):
            s.con.execute(f"ALTER TABLE item_text DROP COLUMN {col}")
        s.con.execute("UPDATE tyndau_meta SET value = '1' WHERE key = 'schema_version'")
    with Store(tmp_path / "s.duckdb") as s:
        cols = {r[0] for r in s.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'item_text'")}
        assert {"urls", "mentions", "hashtags", "emoji"} <= cols
        assert s.schema_version() == SCHEMA_VERSION == 6
