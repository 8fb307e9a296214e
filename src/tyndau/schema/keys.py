"""Stable keys: importing the same content twice yields the same keys."""

from __future__ import annotations

import hashlib


def source_key(platform: str, source_id: str | int) -> str:
    return f"{platform}:{source_id}"


def item_key(platform: str, source_id: str | int, item_id: str | int) -> str:
    return f"{platform}:{source_id}:{item_id}"


def content_id(*parts: object) -> str:
    """An item id for formats that carry none: a hash of the identifying content."""
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return "h" + h.hexdigest()[:24]
