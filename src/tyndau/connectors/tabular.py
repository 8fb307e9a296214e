"""Generic CSV and JSONL with a documented column mapping.

Each row becomes one item. Fields and the columns they are read from by default (the first
column present wins; ``--map FIELD=COLUMN`` or a mapping file overrides, ``--set FIELD=VALUE``
gives a constant):

=============  =========================================================  ==========
field          default columns                                            required
=============  =========================================================  ==========
platform       platform                                                   yes (or --set)
source_id      source_id, channel_id, channel, source                     yes (or --set)
source_name    source_name, channel_name, channel_title, source_title     no
source_handle  source_handle, handle, username, screen_name               no
item_id        item_id, id, msg_id, message_id, post_id                   no (content hash)
date           date, published_at, created_at, timestamp, time            yes
text           text, message, content, body                               yes
url            url, link, msg_link, permalink                             no
views          views, view_count                                          no
forwards       forwards, shares, number_forwards, reposts                 no
reactions      reactions, likes, like_count                               no
author         author, user, user_id, from, sender                        no (pseudonymised)
reply_to       reply_to, reply_to_id, reply_to_msg_id, parent_id          no
kind           kind                                                       no (post)
=============  =========================================================  ==========

Columns that are not mapped are never read into the store: contact, location and other personal
columns of research datasets are dropped at the door. Authors are pseudonymised.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

from tyndau.connectors.base import (
    ImportContext,
    Record,
    Skip,
    as_int,
    find_links,
    utc_from_iso,
    utc_from_unix,
)
from tyndau.errors import ConfigError
from tyndau.schema import Item, Source
from tyndau.schema.keys import content_id, item_key, source_key

DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "platform": ("platform",),
    "source_id": ("source_id", "channel_id", "channel", "source"),
    "source_name": ("source_name", "channel_name", "channel_title", "source_title"),
    "source_handle": ("source_handle", "handle", "username", "screen_name"),
    "item_id": ("item_id", "id", "msg_id", "message_id", "post_id"),
    "date": ("date", "published_at", "created_at", "timestamp", "time"),
    "text": ("text", "message", "content", "body"),
    "url": ("url", "link", "msg_link", "permalink"),
    "views": ("views", "view_count"),
    "forwards": ("forwards", "shares", "number_forwards", "reposts"),
    "reactions": ("reactions", "likes", "like_count"),
    "author": ("author", "user", "user_id", "from", "sender"),
    "reply_to": ("reply_to", "reply_to_id", "reply_to_msg_id", "parent_id"),
    "kind": ("kind",),
}
FIELDS = tuple(DEFAULT_COLUMNS)
KINDS = {"post", "comment", "video", "transcript"}


class Mapping:
    """Which column feeds which field, and constant values (``--map`` / ``--set`` / a file)."""

    def __init__(self, columns: dict[str, str] | None = None,
                 constants: dict[str, str] | None = None) -> None:
        for name in [*(columns or {}), *(constants or {})]:
            if name not in FIELDS:
                raise ConfigError(f"unknown mapping field {name!r}; fields: {', '.join(FIELDS)}")
        self.columns = dict(columns or {})
        self.constants = dict(constants or {})

    @classmethod
    def from_file(cls, path: Path) -> Mapping:
        """A JSON file ``{"columns": {field: column}, "constants": {field: value}}``."""
        try:
            data = orjson.loads(Path(path).read_bytes())
        except (OSError, orjson.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read mapping file: {exc}") from None
        if not isinstance(data, dict) or not set(data) <= {"columns", "constants"}:
            raise ConfigError(f"{path}: a mapping file holds 'columns' and 'constants' objects")
        return cls(data.get("columns"), data.get("constants"))

    def resolve(self, header: list[str], ctx: ImportContext) -> dict[str, str]:
        """field → column for this file's header; checks required fields."""
        present = {h.strip().lower(): h for h in header}
        out: dict[str, str] = {}
        for name in FIELDS:
            if name in self.constants:
                continue
            if name in self.columns:
                col = self.columns[name]
                if col not in header:
                    raise ctx.error(f"mapped column {col!r} for field {name!r} is not in the "
                                    f"header ({', '.join(header[:20])})")
                out[name] = col
                continue
            for candidate in DEFAULT_COLUMNS[name]:
                if candidate in present:
                    out[name] = present[candidate]
                    break
        for required in ("text", "date", "platform", "source_id"):
            if required not in out and required not in self.constants:
                raise ctx.error(
                    f"no column for required field {required!r} (tried "
                    f"{', '.join(DEFAULT_COLUMNS[required])}); use --map {required}=COLUMN"
                    + (f" or --set {required}=VALUE" if required in ("platform", "source_id")
                       else ""))
        return out


def _mapping(ctx: ImportContext) -> Mapping:
    m = ctx.options.get("mapping")
    return m if isinstance(m, Mapping) else Mapping()


class _RowReader:
    """Turns mapped rows into sources and items."""

    def __init__(self, ctx: ImportContext, fmt: str, columns: dict[str, str],
                 constants: dict[str, str]) -> None:
        self.ctx = ctx
        self.fmt = fmt
        self.columns = columns
        self.constants = constants
        self.sources: set[str] = set()

    def get(self, row: dict, name: str) -> object:
        if name in self.constants:
            return self.constants[name]
        col = self.columns.get(name)
        value = row.get(col) if col is not None else None
        return None if value == "" else value

    def convert(self, row: dict, rec: str) -> Iterator[Record | Skip]:
        ctx = self.ctx
        platform = _clean_id(self.get(row, "platform"), ctx, rec, "platform").lower()
        sid = _clean_id(self.get(row, "source_id"), ctx, rec, "source_id")
        text = ctx.checked_text(_as_text(self.get(row, "text")), record=rec)
        when_raw = self.get(row, "date")
        numeric = isinstance(when_raw, int | float) and not isinstance(when_raw, bool)
        if numeric or (isinstance(when_raw, str) and when_raw.strip().isdigit()):
            when = utc_from_unix(when_raw, ctx, record=rec, field="date")
        else:
            when = utc_from_iso(when_raw, ctx, record=rec, field="date")
        raw_id = self.get(row, "item_id")
        iid = (_clean_id(raw_id, ctx, rec, "item_id") if raw_id is not None
               else content_id(platform, sid, when.isoformat(), text))
        skey = source_key(platform, sid)
        if skey not in self.sources:
            self.sources.add(skey)
            title = self.get(row, "source_name")
            handle = self.get(row, "source_handle")
            yield Source(source_key=skey, platform=platform, source_id=sid,
                         kind="site" if platform == "web" else "channel",
                         handle=str(handle)[:200] if handle is not None else None,
                         title=str(title)[:500] if title is not None else None, url=None,
                         first_imported_at=ctx.imported_at, last_imported_at=ctx.imported_at)
        kind = str(self.get(row, "kind") or "post").lower()
        if kind not in KINDS:
            raise ctx.error(f"kind {kind[:30]!r} is not one of {', '.join(sorted(KINDS))}",
                            record=rec, field="kind")
        reply = self.get(row, "reply_to")
        url = self.get(row, "url")
        yield Item(
            item_key=item_key(platform, sid, iid), platform=platform, source_key=skey,
            item_id=iid, kind=kind, published_at=when, edited_at=None, text=text,
            author=ctx.person(platform, self.get(row, "author")),
            parent_key=None,
            reply_to_key=item_key(platform, sid, _clean_id(reply, ctx, rec, "reply_to"))
            if reply is not None else None,
            forward_from=None, forward_from_title=None, repost_of_key=None,
            views=as_int(self.get(row, "views"), ctx, record=rec, field="views"),
            forwards=as_int(self.get(row, "forwards"), ctx, record=rec, field="forwards"),
            replies=None,
            reactions=as_int(self.get(row, "reactions"), ctx, record=rec, field="reactions"),
            reactions_detail=None, links=find_links(text) or None, media=None, poll=None,
            url=str(url)[:2000] if url is not None else None,
            origin_format=self.fmt, origin_file=ctx.file_name, imported_at=ctx.imported_at,
        )


def _as_text(value: object) -> object:
    return value if value is None or isinstance(value, str) else str(value)


def _clean_id(value: object, ctx: ImportContext, rec: str, name: str) -> str:
    if value is None or isinstance(value, dict | list | bool):
        raise ctx.error("missing or not a plain value", record=rec, field=name)
    s = str(value).strip()
    if not s or len(s) > 200 or any(ch in s for ch in "\x00\n\r"):
        raise ctx.error(f"bad id {s[:40]!r}", record=rec, field=name)
    return s.replace(":", "_") if name != "platform" else s


class CsvConnector:
    name = "csv"
    description = "CSV/TSV with a header row and a column mapping"

    def sniff(self, head: bytes, path: Path) -> bool:
        if path.suffix.lower() not in (".csv", ".tsv"):
            return False
        first = head.split(b"\n", 1)[0]
        return b"," in first or b"\t" in first or b";" in first

    def read(self, ctx: ImportContext) -> Iterator[Record | Skip]:
        mapping = _mapping(ctx)
        readers: list[_RowReader] = []

        def on_header(header: list[str]) -> None:
            readers.append(_RowReader(ctx, self.name, mapping.resolve(header, ctx),
                                      mapping.constants))

        for rec, row in csv_rows(ctx, on_header):
            if row is None:
                yield Skip("blank row")
                continue
            yield from readers[0].convert(row, rec)


def csv_rows(ctx: ImportContext, on_header: Callable[[list[str]], None] | None = None
             ) -> Iterator[tuple[str, dict[str, str] | None]]:
    """(``line N``, row) for each data row of a CSV/TSV file (None for a blank row): encoding
    and delimiter checked, header without duplicates (given to ``on_header`` before any row),
    no row longer than the header; every problem an error naming the file and line."""
    csv.field_size_limit(min(sys.maxsize, ctx.max_text_chars * 4 + 1024))
    encoding = ctx.encoding or "utf-8-sig"
    line = 0
    try:
        with open(ctx.path, encoding=encoding, errors="strict", newline="") as fh:
            sample = fh.read(65536)
            fh.seek(0)
            delimiter = "\t" if ctx.path.suffix.lower() == ".tsv" else _delimiter(sample)
            reader = csv.DictReader(fh, delimiter=delimiter, strict=True)
            header = reader.fieldnames
            if not header:
                raise ctx.error("no header row")
            if len(set(header)) != len(header):
                raise ctx.error("duplicate column names in the header")
            if on_header is not None:
                on_header(list(header))
            for row in reader:
                line = reader.line_num
                if None in row:
                    raise ctx.error("more values than header columns", record=f"line {line}")
                if all(v in ("", None) for v in row.values()):
                    yield f"line {line}", None
                    continue
                yield f"line {line}", row
    except UnicodeDecodeError as exc:
        raise ctx.error(f"not valid {encoding} text ({exc.reason}) after line {line}; "
                        "if the file is cp1251, pass --encoding cp1251",
                        position=exc.start) from None
    except csv.Error as exc:
        raise ctx.error(f"malformed CSV: {exc}", record=f"line {line + 1}") from None


def _delimiter(sample: str) -> str:
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


class JsonlConnector:
    name = "jsonl"
    description = "JSON Lines: one object per line, with a column mapping"

    def sniff(self, head: bytes, path: Path) -> bool:
        lines = [ln for ln in head.lstrip(b"\xef\xbb\xbf").split(b"\n") if ln.strip()]
        if not lines or not lines[0].lstrip().startswith(b"{"):
            return False
        named = path.suffix.lower() in (".jsonl", ".ndjson")
        if not named and len(lines) < 2:
            return False  # one JSON object in a .json file is a document, not JSON Lines
        try:
            return all(isinstance(orjson.loads(ln), dict) for ln in lines[: 2 if not named else 1])
        except orjson.JSONDecodeError:
            return False

    def read(self, ctx: ImportContext) -> Iterator[Record | Skip]:
        mapping = _mapping(ctx)
        rows: _RowReader | None = None
        encoding = ctx.encoding or "utf-8-sig"
        with open(ctx.path, "rb") as raw:
            stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
            line = 0
            try:
                for text_line in stream:
                    line += 1
                    if not text_line.strip():
                        continue
                    try:
                        obj = orjson.loads(text_line)
                    except orjson.JSONDecodeError as exc:
                        raise ctx.error(f"malformed JSON: {exc}", record=f"line {line}") from None
                    if not isinstance(obj, dict):
                        raise ctx.error("not a JSON object", record=f"line {line}")
                    if rows is None:
                        rows = _RowReader(ctx, self.name, mapping.resolve(list(obj), ctx),
                                          mapping.constants)
                    yield from rows.convert(obj, f"line {line}")
            except UnicodeDecodeError as exc:
                raise ctx.error(f"not valid {encoding} text ({exc.reason}) after line {line}; "
                                "if the file is cp1251, pass --encoding cp1251") from None
