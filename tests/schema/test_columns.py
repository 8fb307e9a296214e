from __future__ import annotations

import pyarrow as pa

from tyndau.schema import RECORDS, Item, SourceSnapshot
from tyndau.schema.columns import arrow_schema, columns, create_table_sql, primary_key, table_name


def test_every_record_has_a_primary_key_and_documented_columns() -> None:
    for record in RECORDS:
        # derived tables (rebuilt whole from the others) are the only ones without a key
        assert primary_key(record) or getattr(record, "DERIVED", False), record
        for c in columns(record):
            assert c.doc, f"{record.__name__}.{c.name} lacks a doc"


def test_ddl_and_arrow_are_derived_from_the_same_fields() -> None:
    ddl = create_table_sql(Item)
    names = [c.name for c in columns(Item)]
    assert arrow_schema(Item).names == names
    for name in names:
        assert f"\n  {name} " in ddl
    assert "PRIMARY KEY (item_key)" in ddl
    assert table_name(SourceSnapshot) == "source_snapshot"
    assert "PRIMARY KEY (source_key, observed_at)" in create_table_sql(SourceSnapshot)
    assert arrow_schema(Item).field("links").type == pa.list_(pa.string())
    assert arrow_schema(Item).field("published_at").type == pa.timestamp("us", tz="UTC")
