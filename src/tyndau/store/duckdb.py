"""The embedded DuckDB store: one file, one writer, schema derived from the records.

The schema carries a version in ``tyndau_meta``; :data:`MIGRATIONS` upgrades older stores step by
step inside one transaction, then any declared column missing from a table is added (additive
changes need no hand-written step). Every write goes through :meth:`Store.transaction`, so a
failure leaves the store exactly as it was before.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from tyndau.errors import StoreError, StoreOutdatedError
from tyndau.schema import RECORDS
from tyndau.schema.columns import (
    column_names,
    columns,
    create_table_sql,
    table_name,
    to_arrow,
)

SCHEMA_VERSION = 6

#: version → step that upgrades a store from ``version - 1``; each runs inside the open transaction.
#: Additive changes need no step: declared columns missing from a table are added afterwards.
#: v2: item_text gained urls, mentions, hashtags, emoji (additive).
#: v3: source_title, near_duplicate, media_hash, hash_list_entry tables (created, no step).
#: v4: account, web_session, audit_entry, review tables (created, no step).
#: v5: item_index (derived; filled from the analysed items).
#: v6: narrative, narrative_member, narrative_link, item_embedding tables (created, no step).
def _fill_item_index(con: duckdb.DuckDBPyConnection) -> None:
    from tyndau.store.item_index import REFRESH_SQL
    con.execute("DELETE FROM item_index")
    con.execute(REFRESH_SQL)


MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {5: _fill_item_index}


class Store:
    """A tyndau store file. Use as a context manager; it closes the connection on exit."""

    def __init__(self, path: str | Path, *, read_only: bool = False,
                 wait: float | None = None) -> None:
        """Open a store. When another process holds it (one writer at a time), keep trying for
        ``wait`` seconds (default ``TYNDAU_LOCK_WAIT``, 20 s): a running ``tyndau serve``
        lets go of the store between requests, so a command waits its turn."""
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no store here (run 'tyndau ingest' or 'tyndau demo')")
        if wait is None:
            wait = float(os.environ.get("TYNDAU_LOCK_WAIT", "20"))
        deadline = time.monotonic() + wait
        delay = 0.01
        asked = False
        try:
            while True:
                try:
                    self.con = duckdb.connect(str(self.path), read_only=read_only)
                    break
                except duckdb.IOException as exc:
                    msg = str(exc)
                    if "lock" not in msg.lower():
                        raise StoreError(f"{self.path}: cannot open store: "
                                         f"{msg.splitlines()[0]}") from None
                    if time.monotonic() >= deadline:
                        raise StoreError(
                            f"{self.path}: the store is in use by another tyndau process"
                            + (f" (waited {wait:g} s)" if wait else "")
                            + "; stop it or wait for it to finish, then retry") from None
                    if not asked and wait:
                        asked = self._ask_for_store()
                    time.sleep(delay)
                    delay = min(delay * 2, 0.25)
                except duckdb.Error as exc:
                    detail = str(exc).splitlines()[0]
                    raise StoreError(f"{self.path}: not a tyndau store: {detail}") from None
        finally:
            if asked:
                self._withdraw_request()
        self.con.execute("SET TimeZone = 'UTC'")
        self.con.execute("SET enable_progress_bar = false")
        # Imports append in key order anyway; not preserving insertion order lets DuckDB
        # stream large inserts with less memory.
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute(f"SET memory_limit = '{os.environ.get('TYNDAU_MEMORY_LIMIT', '1GB')}'")
        # Batch commits would otherwise checkpoint the whole file every 16 MB of WAL.
        self.con.execute("SET checkpoint_threshold = '256MB'")
        self._in_tx = False
        if not read_only:
            self._migrate()
        else:
            self._check_version()

    @staticmethod
    def want_file(path: Path) -> Path:
        """A file a process waiting for the store leaves beside it: a running ``tyndau
        serve`` that sees it lets go of the store (see :mod:`tyndau.api.holder`)."""
        return path.with_name(path.name + ".want")

    def _ask_for_store(self) -> bool:
        try:
            self.want_file(self.path).write_text(f"{os.getpid()} {time.time():.0f}")
            return True
        except OSError:
            return False

    def _withdraw_request(self) -> None:
        """Remove the request file only if it is this process's (another may be waiting)."""
        path = self.want_file(self.path)
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(path.read_text().split()[0]) == os.getpid():
                path.unlink()

    @staticmethod
    def store_wanted(path: Path, *, max_age: float = 120.0) -> bool:
        """Whether a live process has asked for the store in the last ``max_age`` seconds; a
        request file left by a process that died, or an old one, is removed."""
        want = Store.want_file(path)
        try:
            pid_text, at_text = want.read_text().split()[:2]
            pid, at = int(pid_text), float(at_text)
        except (OSError, ValueError):
            return False
        alive = True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            alive = False
        except PermissionError:
            alive = True
        if alive and time.time() - at <= max_age:
            return True
        with contextlib.suppress(OSError):
            want.unlink()
        return False

    @classmethod
    def reading(cls, path: str | Path, *, wait: float | None = None) -> Store:
        """Open for reading; a store of an older schema is migrated first (one short write)."""
        try:
            return cls(path, read_only=True, wait=wait)
        except StoreOutdatedError:
            cls(path, wait=wait).close()
            return cls(path, read_only=True, wait=wait)

    def view(self) -> Store:
        """Another connection to the same open database (one per thread or request)."""
        other = object.__new__(Store)
        other.path = self.path
        other.read_only = self.read_only
        other.con = self.con.cursor()
        other.con.execute("SET TimeZone = 'UTC'")
        other._in_tx = False
        return other

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside commit together or not at all."""
        if self._in_tx:
            yield self
            return
        self.con.execute("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield self
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
        finally:
            self._in_tx = False

    # -- schema ----------------------------------------------------------------------------
    def schema_version(self) -> int:
        row = self.con.execute(
            "SELECT value FROM tyndau_meta WHERE key = 'schema_version'"
        ).fetchone()
        return int(row[0]) if row else 0

    def _has_meta(self) -> bool:
        return bool(
            self.con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'tyndau_meta'"
            ).fetchone()[0]
        )

    def _check_version(self) -> None:
        version = self.schema_version() if self._has_meta() else 0
        if version != SCHEMA_VERSION:
            self.con.close()
            error = StoreOutdatedError if 0 < version < SCHEMA_VERSION else StoreError
            raise error(
                f"{self.path}: store schema version {version}, this tyndau needs {SCHEMA_VERSION};"
                " open it once without --read-only to migrate"
            )

    def _migrate(self) -> None:
        with self.transaction():
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS tyndau_meta (key VARCHAR PRIMARY KEY, value VARCHAR)"
            )
            version = self.schema_version()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: store schema version {version} is newer than this tyndau "
                    f"({SCHEMA_VERSION}); upgrade tyndau"
                )
            fresh = not self.con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'item'"
            ).fetchone()[0]
            for record in RECORDS:
                self.con.execute(create_table_sql(record))
            if not fresh and version < SCHEMA_VERSION:
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    if step in MIGRATIONS:
                        MIGRATIONS[step](self.con)
                self._add_missing_columns()
            if version != SCHEMA_VERSION:
                self.con.execute(
                    "INSERT OR REPLACE INTO tyndau_meta VALUES ('schema_version', ?)",
                    [str(SCHEMA_VERSION)],
                )

    def _add_missing_columns(self) -> None:
        for record in RECORDS:
            name = table_name(record)
            have = {
                r[0]
                for r in self.con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                    [name],
                ).fetchall()
            }
            for c in columns(record):
                if c.name not in have:
                    self.con.execute(f"ALTER TABLE {name} ADD COLUMN {c.name} {c.sql_type}")

    # -- writing ---------------------------------------------------------------------------
    def insert_new(self, record: type, rows: list) -> int:
        """Insert the rows whose primary key is not stored yet; return how many were new.

        Duplicates inside ``rows`` count once. Existing rows are never modified.
        """
        if not rows:
            return 0
        return self.insert_arrow_new(record, to_arrow(record, rows))

    def insert_arrow_new(self, record: type, batch: pa.Table) -> int:
        name = table_name(record)
        cols = ", ".join(column_names(record))
        self.con.register("_tyndau_batch", batch)
        try:
            row = self.con.execute(
                f"INSERT OR IGNORE INTO {name} ({cols}) SELECT {cols} FROM _tyndau_batch"
            ).fetchone()
            return int(row[0]) if row else 0
        finally:
            self.con.unregister("_tyndau_batch")

    def replace(self, record: type, rows: list | pa.Table, *, key: str) -> None:
        """Replace every stored row whose ``key`` column appears in ``rows`` by ``rows``."""
        batch = rows if isinstance(rows, pa.Table) else to_arrow(record, rows)
        if batch.num_rows == 0:
            return
        name = table_name(record)
        cols = ", ".join(column_names(record))
        self.con.register("_tyndau_batch", batch)
        try:
            self.con.execute(
                f"DELETE FROM {name} WHERE {key} IN (SELECT DISTINCT {key} FROM _tyndau_batch)"
            )
            self.con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _tyndau_batch")
        finally:
            self.con.unregister("_tyndau_batch")

    def delete_where(self, record: type, key: str, values: list[str]) -> None:
        if values:
            tbl = pa.table({"k": pa.array(values, pa.string())})
            self.con.register("_tyndau_keys", tbl)
            try:
                self.con.execute(
                    f"DELETE FROM {table_name(record)} WHERE {key} IN (SELECT k FROM _tyndau_keys)"
                )
            finally:
                self.con.unregister("_tyndau_keys")

    def _count(self, table: str) -> int:
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    # -- reading ---------------------------------------------------------------------------
    def count(self, record: type) -> int:
        return self._count(table_name(record))

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def arrow(self, sql: str, params: list | None = None) -> pa.Table:
        return self.con.execute(sql, params or []).fetch_arrow_table()
