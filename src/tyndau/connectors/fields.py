"""Validated readers of API-response fields, shared by the VK and YouTube connectors.

API responses are small pages: they are parsed whole (after a size check), and every field is
read through a function that names the record and field of anything malformed.
"""

from __future__ import annotations

import re

import orjson

from tyndau.connectors.base import ImportContext, as_int

MAX_BYTES = 200 * 1024 * 1024
MAX_INT = 2**63 - 1


def load_json_file(ctx: ImportContext) -> object:
    """Parse a small API response file whole (BOM, --encoding, size limit, clear errors)."""
    size = ctx.path.stat().st_size
    if size > MAX_BYTES:
        raise ctx.error(f"file of {size:,} bytes is larger than the {MAX_BYTES // 2**20} MB an "
                        "API response page can be; split it into pages")
    data = ctx.path.read_bytes()
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    data = data[bom:]
    if not data.strip():
        raise ctx.error("empty file")
    enc = ctx.encoding or "utf-8"
    utf8 = enc.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")
    try:
        text = data.decode("utf-8" if utf8 else enc)
    except LookupError:
        raise ctx.error(f"unknown encoding {enc!r}") from None
    except UnicodeDecodeError as exc:
        raise ctx.error(f"not valid {'UTF-8' if utf8 else enc} ({exc.reason}); if the file is "
                        "cp1251, pass --encoding cp1251", position=exc.start + bom) from None
    try:
        return orjson.loads(data if utf8 else text)  # bytes: error positions in bytes
    except orjson.JSONDecodeError as exc:
        detail = ("truncated JSON: the file ends before the document does"
                  if exc.msg == "unexpected end of data" else f"malformed JSON: {exc.msg}")
        raise ctx.error(detail, position=exc.pos + bom) from None


def to_int(ctx: ImportContext, value: object, *, record: object, field: str) -> int:
    """A required integer id (an int or a string of digits) within 64 bits."""
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,19}\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        what = "missing" if value is None else f"not an integer: {str(value)[:40]!r}"
        raise ctx.error(f"id {what}", record=record, field=field)
    if abs(value) > MAX_INT:
        raise ctx.error("id out of range", record=record, field=field)
    return value


def count_of(ctx: ImportContext, value: object, *, record: object, field: str) -> int | None:
    """A counter: ``{"count": n}``, a number (or numeric string) or absent; 0 ≤ n < 2**63."""
    if isinstance(value, dict):
        value, field = value.get("count"), field + ".count"
    elif isinstance(value, list):
        raise ctx.error("expected a counter object", record=record, field=field)
    n = as_int(value, ctx, record=record, field=field)
    if n is not None and not 0 <= n <= MAX_INT:
        raise ctx.error(f"counter out of range: {n}", record=record, field=field)
    return n


def opt_str(ctx: ImportContext, value: object, *, record: object, field: str,
            limit: int = 2000) -> str | None:
    """An optional string field (None or '' → None), cut to ``limit`` characters."""
    if value is not None and not isinstance(value, str):
        raise ctx.error(f"expected a string, got {type(value).__name__}", record=record,
                        field=field)
    return value[:limit] if value else None


def list_of(ctx: ImportContext, value: object, *, record: object, field: str) -> list:
    if value is not None and not isinstance(value, list):
        raise ctx.error(f"expected a list, got {type(value).__name__}", record=record,
                        field=field)
    return value or []
