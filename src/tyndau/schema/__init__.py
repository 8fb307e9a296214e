"""Records and the shapes derived from them."""

from tyndau.schema.records import (
    RECORDS,
    Account,
    Annotation,
    AuditEntry,
    HashListEntry,
    Item,
    ItemText,
    MediaHash,
    NearDuplicate,
    Review,
    Run,
    ServiceEvent,
    Source,
    SourceSnapshot,
    SourceTitle,
    WebSession,
)

__all__ = [
    "RECORDS",
    "Account",
    "Annotation",
    "AuditEntry",
    "HashListEntry",
    "Item",
    "ItemText",
    "MediaHash",
    "NearDuplicate",
    "Review",
    "Run",
    "ServiceEvent",
    "Source",
    "SourceSnapshot",
    "SourceTitle",
    "WebSession",
]
