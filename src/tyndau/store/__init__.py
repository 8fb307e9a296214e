"""The embedded store."""

from tyndau.store.duckdb import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store"]
