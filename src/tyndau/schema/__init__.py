"""Records and the shapes derived from them."""

from tyndau.schema.records import (
    RECORDS,
    Annotation,
    Item,
    ItemText,
    Run,
    ServiceEvent,
    Source,
    SourceSnapshot,
)

__all__ = [
    "RECORDS",
    "Annotation",
    "Item",
    "ItemText",
    "Run",
    "ServiceEvent",
    "Source",
    "SourceSnapshot",
]
