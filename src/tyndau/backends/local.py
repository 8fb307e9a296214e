"""The default engine: stages run in this process, batch by batch, with bounded memory."""

from __future__ import annotations

import pyarrow as pa

from tyndau.pipeline.stage import Stage


class LocalEngine:
    name = "local"

    def apply(self, stages: list[Stage], batch: pa.Table) -> pa.Table:
        for stage in stages:
            batch = stage(batch)
        return batch
