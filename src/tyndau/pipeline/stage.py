"""The stage contract.

A stage is a small class with a registered, versioned name (``langid.v1``), declared
``requires``/``produces`` columns, keyword-only parameters stored by ``__init__``, and one method
that maps an Arrow batch to an Arrow batch with its ``produces`` columns added. A stage never
reaches into the store: the runner feeds it and writes what it produces.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pyarrow as pa

from tyndau.errors import TyndauError


class PipelineError(TyndauError):
    exit_code = 4


class Stage:
    name: ClassVar[str]
    version: ClassVar[int]
    requires: ClassVar[tuple[str, ...]]
    produces: ClassVar[tuple[str, ...]]

    def __init__(self, **params: Any) -> None:
        self.params = params

    @property
    def id(self) -> str:
        return f"{self.name}.v{self.version}"

    def describe(self) -> dict[str, Any]:
        return {"stage": self.id, "params": self.params}

    def process(self, batch: pa.Table) -> pa.Table:
        raise NotImplementedError

    def __call__(self, batch: pa.Table) -> pa.Table:
        missing = [c for c in self.requires if c not in batch.column_names]
        if missing:
            raise PipelineError(f"stage {self.id} needs columns {missing} its input lacks")
        out = self.process(batch)
        absent = [c for c in self.produces if c not in out.column_names]
        if absent or out.num_rows != batch.num_rows:
            raise PipelineError(f"stage {self.id} did not produce {absent or 'one row per input'}")
        return out


def check_chain(stages: list[Stage], available: tuple[str, ...]) -> None:
    """Every stage's requirements are met by the input or an earlier stage (pipeline analysis)."""
    have = set(available)
    for stage in stages:
        missing = [c for c in stage.requires if c not in have]
        if missing:
            raise PipelineError(
                f"stage {stage.id} requires {missing}, produced by no earlier stage")
        have.update(stage.produces)


def with_columns(batch: pa.Table, columns: dict[str, pa.Array | list]) -> pa.Table:
    for name, values in columns.items():
        array = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(values)
        if name in batch.column_names:
            batch = batch.set_column(batch.column_names.index(name), name, array)
        else:
            batch = batch.append_column(name, array)
    return batch
