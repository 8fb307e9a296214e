"""What every connector shares: the import context, the connector contract and small parsers.

A connector turns one file of a platform's format into records (:class:`Source`,
:class:`SourceSnapshot`, :class:`Item`, :class:`ServiceEvent`) and :class:`Skip` notes. It never
touches the store: the ingest service batches what it yields and writes it in one transaction.
Content is hostile: every connector validates types, bounds text length and names the record
and field of anything it cannot read.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

import ijson

from tyndau.errors import InputError
from tyndau.privacy.pseudonymise import Pseudonymiser
from tyndau.schema import Item, ServiceEvent, Source, SourceSnapshot
from tyndau.text.normalise import find_urls

Record = Source | SourceSnapshot | Item | ServiceEvent
_NAME_DATE = re.compile(r"(?<!\d)(20\d\d)-(\d\d)-(\d\d)(?!\d)")


@dataclass(slots=True)
class Skip:
    """A record deliberately not imported, with the reason shown in the import summary."""

    reason: str


@dataclass(slots=True)
class ImportContext:
    path: Path
    pseudonymiser: Pseudonymiser
    imported_at: datetime
    max_text_chars: int = 1_000_000
    encoding: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    file_name: str = ""

    def __post_init__(self) -> None:
        self.file_name = self.path.name

    @property
    def name_date(self) -> datetime | None:
        """The date a file's name carries (``collected_chats_2026-10-01.csv``), if any: how
        researchers keep dated copies of a tool's output."""
        found = _NAME_DATE.findall(self.path.name)
        if not found:
            return None
        m = found[-1]  # "…_2024-01-01_to_2026-10-01.csv" was saved at the end of its range
        try:
            return datetime(int(m[0]), int(m[1]), int(m[2]), tzinfo=UTC)
        except ValueError:
            return None

    @property
    def file_time(self) -> datetime:
        """When the file was saved: the observation time of counts a response carries no time
        for (so re-importing the same file adds no second snapshot) — the date in the file's
        name where it has one, else its modification time."""
        named = self.name_date
        if named is not None:
            return named
        try:
            return datetime.fromtimestamp(int(self.path.stat().st_mtime), UTC)
        except OSError:
            return self.imported_at


    def error(self, message: str, *, record: str | int | None = None, field: str | None = None,
              position: int | None = None) -> InputError:
        return InputError(message, path=str(self.path), record=record, field=field,
                          position=position)

    def person(self, platform: str, identity: object) -> str | None:
        if identity is None or identity == "":
            return None
        return self.pseudonymiser.person(platform, str(identity))

    def checked_text(self, value: object, *, record: object, field: str = "text") -> str:
        """Text of a record, validated: a string within the length limit (None → '')."""
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.error(f"expected text, got {type(value).__name__}", record=record,
                             field=field)
        if len(value) > self.max_text_chars:
            raise self.error(
                f"text of {len(value):,} characters exceeds the limit of {self.max_text_chars:,}"
                " (raise --max-text-chars if this is genuine)",
                record=record, field=field)
        return value


class Connector(Protocol):
    """A format reader. ``sniff`` looks at the first bytes; ``read`` streams records."""

    name: str
    description: str

    def sniff(self, head: bytes, path: Path) -> bool: ...

    def read(self, ctx: ImportContext) -> Iterator[Record | Skip]: ...


# -- small parsers -------------------------------------------------------------------------

def utc_from_unix(value: object, ctx: ImportContext, *, record: object, field: str) -> datetime:
    try:
        seconds = int(value)  # type: ignore[arg-type]
        return datetime.fromtimestamp(seconds, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise ctx.error(f"not a Unix time: {str(value)[:40]!r}", record=record,
                        field=field) from None


def utc_from_iso(value: object, ctx: ImportContext, *, record: object, field: str) -> datetime:
    if not isinstance(value, str):
        raise ctx.error(f"expected a date string, got {type(value).__name__}", record=record,
                        field=field)
    text = value.strip().replace(" ", "T", 1)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise ctx.error(f"not an ISO 8601 date: {value[:40]!r}", record=record,
                        field=field) from None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def as_int(value: object, ctx: ImportContext, *, record: object, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ctx.error("expected a number, got a boolean", record=record, field=field)
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        try:
            f = float(str(value))
        except ValueError:
            raise ctx.error(f"expected a number, got {str(value)[:40]!r}", record=record,
                            field=field) from None
        if f != f or f in (float("inf"), float("-inf")):
            raise ctx.error("expected a finite number", record=record, field=field) from None
        return int(f)


find_links = find_urls  # one definition of a URL for the whole package


def unescape_html(text: str) -> str:
    """VK returns text with HTML entities (``&#9992;``, ``&quot;``); store the characters."""
    return html.unescape(text) if "&" in text else text


# -- streaming JSON ------------------------------------------------------------------------

class CountingReader(io.RawIOBase):
    """Wraps a binary file and counts bytes read, so errors can name a byte position."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.consumed += len(data)
        return data

    def readinto(self, b: Any) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)


def open_json_stream(ctx: ImportContext) -> tuple[IO[bytes], CountingReader]:
    """Open a JSON file as UTF-8 bytes for ijson (skipping a BOM; re-encoding if told to)."""
    raw = open(ctx.path, "rb")  # noqa: SIM115 — closed by the caller
    head = raw.read(3)
    if head != b"\xef\xbb\xbf":
        raw.seek(0)
    if ctx.encoding and ctx.encoding.lower().replace("-", "") not in ("utf8", "utf8sig"):
        raw = _Reencoder(raw, ctx.encoding)  # type: ignore[assignment]
    counter = CountingReader(raw)
    return raw, counter


class _Reencoder(io.RawIOBase):
    """Decode a legacy encoding (cp1251 …) and hand UTF-8 bytes on."""

    def __init__(self, raw: IO[bytes], encoding: str) -> None:
        self.text = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
        self.pending = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.pending) < size:
            chunk = self.text.read(65536)
            if not chunk:
                break
            self.pending += chunk.encode("utf-8")
        if size < 0:
            out, self.pending = self.pending, b""
        else:
            out, self.pending = self.pending[:size], self.pending[size:]
        return out

    def close(self) -> None:
        self.text.close()


def json_error(ctx: ImportContext, exc: Exception, counter: CountingReader,
               last_record: object) -> InputError:
    """Turn an ijson / decoding failure into a one-line error naming where it happened."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, UnicodeDecodeError):
        detail = (f"not valid text in the expected encoding ({exc.reason}); "
                  "if the file is cp1251, pass --encoding cp1251")
    elif "utf8" in detail.lower() or "utf-8" in detail.lower():
        detail = ("not valid UTF-8 (" + detail[:80] + "); if the file is cp1251, "
                  "pass --encoding cp1251")
    elif isinstance(exc, ijson.IncompleteJSONError) and "premature eof" in detail.lower():
        detail = "truncated JSON: the file ends before the document does"
    else:
        detail = f"malformed JSON: {detail[:160]}"
    after = f"after record {last_record}" if last_record is not None else "before the first record"
    return ctx.error(f"{detail} ({after})", position=counter.consumed)


def sniff_json_head(head: bytes) -> str:
    """The head of a file as text without BOM and leading whitespace (for sniffing)."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("utf-8", errors="replace").lstrip()
