"""A running server and the command line share one store file (DuckDB admits one writer)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tyndau.api.holder import StoreHolder
from tyndau.errors import StoreError
from tyndau.store import Store

CSV = "platform,source_id,source_name,item_id,date,text\nweb,s1,S1,1,2026-01-01,hello there\n"


@pytest.mark.slow
def test_a_command_gets_the_store_from_a_busy_server(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    shutil.copy(sample_db, db)
    holder = StoreHolder(db, idle=30.0)  # never idle: only the request file makes it let go
    stop = threading.Event()
    served: list[int] = []
    errors: list[Exception] = []

    def requests() -> None:
        while not stop.is_set():
            try:
                with holder.reading() as store:
                    served.append(store.query("SELECT count(*) FROM item")[0][0])
            except Exception as exc:
                errors.append(exc)
            time.sleep(0.02)

    worker = threading.Thread(target=requests)
    worker.start()
    try:
        time.sleep(0.3)
        assert served, "the server serves"
        posts = tmp_path / "posts.csv"
        posts.write_text(CSV, "utf-8")
        env = {**os.environ, "TYNDAU_LOCK_WAIT": "30", "TYNDAU_KEY_FILE": str(tmp_path / "k")}
        started = time.monotonic()
        r = subprocess.run([sys.executable, "-m", "tyndau.cli.main", "ingest", str(posts),
                            "--db", str(db)], env=env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=120)
        assert r.returncode == 0, r.stderr
        assert time.monotonic() - started < 25
        before = len(served)
        time.sleep(0.5)
        assert len(served) > before, "the server took the store back"
        assert served[-1] == served[0] + 1  # and sees the new item
        assert not errors
        assert not Store.want_file(db).exists()
    finally:
        stop.set()
        worker.join()
        holder.close()


@pytest.mark.slow
def test_requests_answer_busy_while_a_command_holds_the_store(sample_db: Path,
                                                              tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    shutil.copy(sample_db, db)
    hold = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from tyndau.store import Store; "
         "s = Store(sys.argv[1]); print('ready', flush=True); time.sleep(4)", str(db)],
        stdout=subprocess.PIPE, text=True)
    holder = StoreHolder(db, wait=0.5)
    try:
        assert hold.stdout is not None and hold.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another tyndau process"), \
                holder.reading():
            pass
        hold.wait(timeout=30)
        with holder.reading() as store:
            assert store.query("SELECT count(*) FROM item")[0][0] > 800
    finally:
        hold.kill()
        holder.close()


def test_a_request_file_left_by_a_dead_process_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Store(db).close()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    want = Store.want_file(db)
    want.write_text(f"{dead} {time.time():.0f}")
    assert not Store.store_wanted(db) and not want.exists()
    want.write_text(f"{os.getpid()} {time.time() - 3600:.0f}")  # alive but an hour old
    assert not Store.store_wanted(db)
    want.write_text(f"{os.getpid()} {time.time():.0f}")
    assert Store.store_wanted(db)


def test_a_process_removes_only_its_own_request_file(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store = Store(db)
    Store.want_file(db).write_text(f"{os.getppid()} {time.time():.0f}")  # someone else's
    store._withdraw_request()
    assert Store.want_file(db).exists()
    Store.want_file(db).write_text(f"{os.getpid()} {time.time():.0f}")
    store._withdraw_request()
    assert not Store.want_file(db).exists()
    store.close()
