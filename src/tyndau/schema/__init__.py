"""Records and the shapes derived from them."""

from tyndau.schema.records import (
    RECORDS,
    Annotation,
    HashListEntry,
    Item,
    ItemText,
    MediaHash,
    NearDuplicate,
    Run,
    ServiceEvent,
    Source,
    SourceSnapshot,
    SourceTitle,
)

__all__ = [
    "RECORDS",
    "Annotation",
    "HashListEntry",
    "Item",
    "ItemText",
    "MediaHash",
    "NearDuplicate",
    "Run",
    "ServiceEvent",
    "Source",
    "SourceSnapshot",
    "SourceTitle",
]
