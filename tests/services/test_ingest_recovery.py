"""Batch transactions with undo: failures and crashes leave the store as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import table_counts

from tyndau.config import Settings
from tyndau.errors import InputError
from tyndau.services.ingest import ingest
from tyndau.store import Store


def channel(path: Path, n: int, *, broken_after: int | None = None, cid: int = 5) -> Path:
    msgs = [json.dumps({"id": i, "type": "message", "date_unixtime": str(1772449300 + i),
                        "text": f"message number {i}"}) for i in range(1, n + 1)]
    body = ",\n".join(msgs)
    if broken_after is not None:
        body = ",\n".join(msgs[:broken_after]) + ',\n{"id": "oops", "type": "message"}'
    path.write_text(f'{{"name": "C{cid}", "type": "public_channel", "id": {cid}, '
                    f'"messages": [\n{body}\n]}}')
    return path


def test_failure_after_committed_batches_is_undone(tmp_path: Path) -> None:
    settings = Settings.resolve(db=tmp_path / "s.duckdb", key_file=tmp_path / "k", batch_size=3)
    good = channel(tmp_path / "good.json", 4, cid=1)
    bad = channel(tmp_path / "bad.json", 20, broken_after=10, cid=2)
    with Store(settings.db) as store:
        ingest(store, [good], settings)
        before = table_counts(store)
        with pytest.raises(InputError, match="field 'id'"):
            ingest(store, [good, bad], settings)
        assert table_counts(store) == before
        report = ingest(store, [bad, channel(tmp_path / "more.json", 5, cid=3)], settings,
                        skip_bad=True)
        assert [f.error is None for f in report.files] == [False, True]
        keys = {r[0] for r in store.query("SELECT source_key FROM source")}
        assert keys == {"telegram:1", "telegram:3"}
        assert store.query("SELECT count(*) FROM item")[0][0] == 9
        assert store.query("SELECT status FROM run ORDER BY started_at")[-1][0] == \
            "done_with_errors"


@pytest.mark.slow
def test_import_killed_part_way_is_undone_by_the_next_writer(tmp_path: Path) -> None:
    big = channel(tmp_path / "big.json", 150_000, cid=9)
    db = tmp_path / "s.duckdb"
    env = {**os.environ, "TYNDAU_KEY_FILE": str(tmp_path / "k"), "TYNDAU_BATCH_SIZE": "2000"}
    proc = subprocess.Popen([sys.executable, "-m", "tyndau.cli.main", "ingest", str(big),
                             "--db", str(db)], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # kill it once batches are being committed (the write-ahead log grows), not after a fixed
    # time: how fast the import runs depends on the machine
    wal = db.with_name(db.name + ".wal")
    deadline = time.monotonic() + 120
    while not (wal.exists() and wal.stat().st_size > 2_000_000):
        assert proc.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline, "the import wrote nothing in two minutes"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store(db) as store:
        # the dead import committed some batches and left its run marked running
        assert store.query("SELECT status FROM run")[0][0] == "running"
        assert store.query("SELECT count(*) FROM item")[0][0] > 0
        settings = Settings.resolve(db=db, key_file=tmp_path / "k")
        ingest(store, [channel(tmp_path / "small.json", 3, cid=1)], settings)
        assert store.query("SELECT count(*) FROM item")[0][0] == 3
        assert store.query("SELECT status FROM run") == [("done",)]
        assert store.query("SELECT count(*) FROM source")[0][0] == 1


def test_a_failed_file_does_not_rename_existing_sources(tmp_path: Path) -> None:
    settings = Settings.resolve(db=tmp_path / "s.duckdb", key_file=tmp_path / "k", batch_size=2)
    with Store(settings.db) as store:
        ingest(store, [channel(tmp_path / "a.json", 3, cid=1)], settings)
        renamed = channel(tmp_path / "b.json", 8, broken_after=5, cid=1)
        renamed.write_text(renamed.read_text().replace('"name": "C1"', '"name": "Renamed"'))
        report = ingest(store, [renamed], settings, skip_bad=True)
        assert report.files[0].error is not None
        assert store.query("SELECT title FROM source") == [("C1",)]
        assert store.query("SELECT count(*) FROM item")[0][0] == 3
