"""The runner: feeds stages from the store in batches and writes what they produce.

Each batch is one transaction: its ``item_text`` rows and annotations replace the previous ones
of the same items together or not at all. A run interrupted part-way leaves every finished batch
in place; running ``analyse`` again continues with the items not yet analysed, without
duplicates. The ``run`` table records stage names, versions and settings.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
import pyarrow as pa

import tyndau
from tyndau.backends.local import LocalEngine
from tyndau.pipeline.stage import Stage, check_chain
from tyndau.schema import Annotation, ItemText, Run
from tyndau.schema.columns import column_names
from tyndau.store import Store
from tyndau.store.item_index import refresh_item_index
from tyndau.store.recovery import recover_interrupted

INPUT_COLUMNS = ("item_key", "text")


@dataclass
class AnalyseResult:
    run_id: str
    items: int
    batches: int
    seconds: float


def analyse(
    store: Store,
    stages: list[Stage],
    *,
    everything: bool = False,
    batch_size: int = 5000,
    engine: LocalEngine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AnalyseResult:
    check_chain(stages, INPUT_COLUMNS)
    recover_interrupted(store)
    engine = engine or LocalEngine()
    run_id = "analyse-" + uuid.uuid4().hex[:12]
    started = datetime.now(UTC)
    settings = {"everything": everything, "batch_size": batch_size, "engine": engine.name,
                "processes": engine.processes}
    with store.transaction():
        store.insert_new(Run, [Run(
            run_id=run_id, kind="analyse", started_at=started, finished_at=None,
            status="running", stages=orjson.dumps([s.describe() for s in stages]).decode(),
            settings=orjson.dumps(settings).decode(), counts=None,
            tyndau_version=tyndau.__version__, error=None)])
    todo = done = batches = 0
    # The pending keys are listed once, in key order, into a temporary table; each batch then
    # joins its slice of keys to the items. No read transaction stays open across the
    # per-batch commits (a long-lived reader makes every commit wait), and no batch re-scans
    # the analysed rows.
    try:
        params = {"run": run_id} if everything else {}
        store.con.execute(
            "CREATE OR REPLACE TEMP TABLE _tyndau_pending AS SELECT row_number() OVER "
            f"(ORDER BY i.item_key) AS rn, i.item_key {_pending_sql(everything)}", params)
        todo = int(store.con.execute("SELECT count(*) FROM _tyndau_pending").fetchone()[0])
        for start in range(0, todo, batch_size):
            batch = store.arrow(
                "SELECT p.item_key, i.text FROM _tyndau_pending p JOIN item i USING (item_key) "
                "WHERE p.rn > ? AND p.rn <= ? ORDER BY p.rn", [start, start + batch_size])
            if batch.num_rows == 0:
                continue
            out = engine.apply(stages, batch)
            with store.transaction():
                _write(store, out, run_id, stages, replace=everything)
            done += batch.num_rows
            batches += 1
            if progress:
                progress(done, todo)
    except BaseException as exc:
        with store.transaction():
            store.con.execute(
                "UPDATE run SET status = 'failed', finished_at = ?, error = ?, counts = ? "
                "WHERE run_id = ?",
                [datetime.now(UTC), f"{type(exc).__name__}: {exc}"[:500],
                 orjson.dumps({"items": done}).decode(), run_id])
        raise
    finally:
        store.con.execute("DROP TABLE IF EXISTS _tyndau_pending")
    refresh_item_index(store)
    finished = datetime.now(UTC)
    with store.transaction():
        store.con.execute(
            "UPDATE run SET status = 'done', finished_at = ?, counts = ? WHERE run_id = ?",
            [finished, orjson.dumps({"items": done, "batches": batches}).decode(), run_id])
    return AnalyseResult(run_id, done, batches, (finished - started).total_seconds())


def _pending_sql(everything: bool) -> str:
    if everything:
        return ("FROM item i LEFT JOIN item_text t USING (item_key) "
                "WHERE t.run_id IS DISTINCT FROM $run")
    return "FROM item i ANTI JOIN item_text t USING (item_key)"


def _write(store: Store, out: pa.Table, run_id: str, stages: list[Stage], *,
           replace: bool) -> None:
    """Write one batch's language rows and annotations.

    Without ``replace`` the items are known to have neither (they were selected for having no
    ``item_text`` row, and both are always written in the same transaction): plain inserts,
    whose cost does not grow with the store.
    """
    n = out.num_rows
    text_cols = {name: out.column(name) for name in column_names(ItemText)
                 if name in out.column_names}
    text_cols["run_id"] = pa.array([run_id] * n, pa.string())
    text_rows = pa.table({c: text_cols[c] for c in column_names(ItemText)})
    keys = out.column("item_key").to_pylist()
    if replace:
        store.replace(ItemText, text_rows, key="item_key")
        store.delete_where(Annotation, "item_key", keys)
    else:
        store.insert_arrow_new(ItemText, text_rows)
    if "function" not in out.column_names:
        return
    stage = next(s.id for s in stages if "function" in s.produces)
    rows: list[Annotation] = []
    functions = out.column("function").to_pylist()
    fscores = out.column("function_score").to_pylist()
    narratives = out.column("narratives").to_pylist()
    grievances = out.column("grievances").to_pylist()
    rationales = out.column("rationale").to_pylist()
    all_scores = out.column("function_scores").to_pylist()
    for i, key in enumerate(keys):
        rationale = orjson.loads(rationales[i])
        rationale["function_scores"] = orjson.loads(all_scores[i])
        rows.append(Annotation(item_key=key, axis="function", label=functions[i],
                               score=fscores[i], stage=stage, run_id=run_id,
                               rationale=orjson.dumps(rationale).decode()))
        for axis, payload in (("narrative", narratives[i]), ("grievance", grievances[i])):
            for label, score in orjson.loads(payload).items():
                rows.append(Annotation(item_key=key, axis=axis, label=label, score=score,
                                       stage=stage, run_id=run_id, rationale=None))
    store.insert_new(Annotation, rows)
