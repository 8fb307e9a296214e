"""Derive storage and interchange shapes from the record declarations.

Nothing here lists a column by hand: DDL, Arrow schemas and export column lists all come from
the dataclass fields of :mod:`tyndau.schema.records`.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache

import pyarrow as pa


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    py_type: type
    nullable: bool
    pk: bool
    is_json: bool
    doc: str

    @property
    def sql_type(self) -> str:
        return _SQL[self.py_type]

    @property
    def arrow_type(self) -> pa.DataType:
        return _ARROW[self.py_type]


_SQL: dict[object, str] = {
    str: "VARCHAR",
    int: "BIGINT",
    float: "DOUBLE",
    bool: "BOOLEAN",
    datetime: "TIMESTAMPTZ",
    list[str]: "VARCHAR[]",
    list[float]: "FLOAT[]",
}
_ARROW: dict[object, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    datetime: pa.timestamp("us", tz="UTC"),
    list[str]: pa.list_(pa.string()),
    list[float]: pa.list_(pa.float32()),
}


def table_name(record: type) -> str:
    """``SourceSnapshot`` → ``source_snapshot``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", record.__name__).lower()


@cache
def columns(record: type) -> tuple[Column, ...]:
    hints = typing.get_type_hints(record)
    out = []
    for f in fields(record):
        hint = hints[f.name]
        nullable = False
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            nullable = len(args) < len(typing.get_args(hint))
            (hint,) = args
        if hint not in _SQL:
            raise TypeError(f"{record.__name__}.{f.name}: unsupported type {hint!r}")
        out.append(
            Column(
                name=f.name,
                py_type=hint,
                nullable=nullable,
                pk=bool(f.metadata.get("pk")),
                is_json=bool(f.metadata.get("json")),
                doc=str(f.metadata.get("doc", "")),
            )
        )
    return tuple(out)


def column_names(record: type) -> list[str]:
    return [c.name for c in columns(record)]


def primary_key(record: type) -> list[str]:
    return [c.name for c in columns(record) if c.pk]


def create_table_sql(record: type) -> str:
    cols = columns(record)
    lines = [
        f"{c.name} {c.sql_type}{'' if c.nullable or c.pk else ' NOT NULL'}" for c in cols
    ]
    pk = primary_key(record)
    if pk:
        lines.append(f"PRIMARY KEY ({', '.join(pk)})")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE IF NOT EXISTS {table_name(record)} (\n  {body}\n)"


@cache
def arrow_schema(record: type) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.arrow_type, nullable=c.nullable) for c in columns(record)])


def to_arrow(record: type, rows: list) -> pa.Table:
    """Build an Arrow table from record instances, column by column (fast for big batches)."""
    schema = arrow_schema(record)
    arrays = []
    for c in columns(record):
        name = c.name
        values = [getattr(r, name) for r in rows]
        arrays.append(pa.array(values, type=c.arrow_type))
    return pa.Table.from_arrays(arrays, schema=schema)
