"""Undo failed imports and recover from runs that died part-way.

Imports write in batch transactions and tag every row they add with ``ingest_run``
(``<run id>#<file number>``); undoing deletes those rows in one transaction. Because a store
admits one writer, a run still marked ``running`` when a writer opens the store is dead.
"""

from __future__ import annotations

from tyndau.store.duckdb import Store

TAGGED_TABLES = ("item", "service_event", "source_snapshot", "source", "source_title")


def undo(store: Store, tag: str, *, whole_run: bool = False) -> None:
    """Delete every row an import (``whole_run``) or one of its files added, in one transaction."""
    condition = "ingest_run LIKE ? || '#%'" if whole_run else "ingest_run = ?"
    with store.transaction():
        for table in TAGGED_TABLES:
            store.con.execute(f"DELETE FROM {table} WHERE {condition}", [tag])
        if whole_run:
            store.con.execute("DELETE FROM run WHERE run_id = ?", [tag])


def recover_interrupted(store: Store) -> list[str]:
    """Undo imports that died part-way; mark analyses that died as interrupted.

    Safe because a store has one writer: a run still ``running`` when we hold the store is dead.
    """
    dead = store.query("SELECT run_id, kind FROM run WHERE status = 'running'")
    for run_id, kind in dead:
        if kind == "ingest":
            undo(store, run_id, whole_run=True)
        else:
            with store.transaction():
                store.con.execute("UPDATE run SET status = 'interrupted' WHERE run_id = ?",
                                  [run_id])
    return [r[0] for r in dead]
