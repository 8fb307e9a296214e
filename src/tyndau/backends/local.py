"""The default engine: stages run on this machine, batch by batch, with bounded memory.

With ``processes > 1`` each batch is split into that many slices, run by a pool of worker
processes that each hold their own copy of the stages (built once, at pool start). The result
is the same as in-process: slices are concatenated in order.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import pyarrow as pa

from tyndau.pipeline.stage import Stage

_WORKER_STAGES: list[Stage] = []


def _init_worker(stages: list[Stage]) -> None:
    _WORKER_STAGES[:] = stages


def _run_slice(batch: pa.Table) -> pa.Table:
    for stage in _WORKER_STAGES:
        batch = stage(batch)
    return batch


#: Below this many rows a batch runs in-process: starting workers costs more than it saves.
MIN_ROWS_FOR_WORKERS = 2000


class LocalEngine:
    name = "local"

    def __init__(self, processes: int = 1) -> None:
        self.processes = max(1, processes)
        self._pool: ProcessPoolExecutor | None = None
        self._pool_stages: list[Stage] | None = None

    @classmethod
    def auto(cls) -> LocalEngine:
        """One worker per core (in-process on a single core)."""
        return cls(processes=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                   else os.cpu_count() or 1)

    def apply(self, stages: list[Stage], batch: pa.Table) -> pa.Table:
        if self.processes == 1 or batch.num_rows < MIN_ROWS_FOR_WORKERS:
            for stage in stages:
                batch = stage(batch)
            return batch
        pool = self._pool_for(stages)
        step = -(-batch.num_rows // self.processes)
        slices = [batch.slice(i, step) for i in range(0, batch.num_rows, step)]
        return pa.concat_tables(list(pool.map(_run_slice, slices)))

    def _pool_for(self, stages: list[Stage]) -> ProcessPoolExecutor:
        if self._pool is None or self._pool_stages is not stages:
            self.close()
            self._pool = ProcessPoolExecutor(self.processes, initializer=_init_worker,
                                             initargs=(stages,))
            self._pool_stages = stages
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
