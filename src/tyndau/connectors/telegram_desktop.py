"""Telegram Desktop JSON exports ("Export chat history" and "Export Telegram data").

Handles single-chat exports (``{"name", "type", "id", "messages"}``) and full-account exports
(``{"personal_information", "contacts", "chats": {"list": [...]}, "left_chats": …}``). The file
is streamed with ijson: nothing but the current message is held in memory, and the account
owner's personal information, contacts and sessions are never even built into objects.

People: ``from``/``from_id`` of users, post signatures (``author``), forwards from users and
service-message actors are pseudonymised; reaction "recent" lists and the exporter's own poll
choice are dropped. Private conversations (personal chats, bots, saved messages, private groups)
are skipped: tyndau analyses public channels and groups.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import ijson
import orjson

from tyndau.connectors.base import (
    ImportContext,
    Record,
    Skip,
    find_links,
    json_error,
    open_json_stream,
    sniff_json_head,
    utc_from_iso,
    utc_from_unix,
)
from tyndau.schema import Item, ServiceEvent, Source
from tyndau.schema.keys import item_key, source_key

PLATFORM = "telegram"
PUBLIC_CHAT_TYPES = {
    "public_channel": "channel",
    "private_channel": "channel",
    "public_supergroup": "group",
}
PRIVATE_CHAT_TYPES = {
    "personal_chat", "bot_chat", "saved_messages", "private_group", "private_supergroup",
    "replies",
}
TITLE_ACTIONS = {"create_channel", "create_group", "edit_group_title", "migrate_to_supergroup"}
CHAT_PREFIXES = ("", "chats.list.item", "left_chats.list.item")


def normalise_peer_id(value: object) -> str:
    """Telegram ids as one form: ``channel123``, ``-100123`` and ``123`` all become ``123``."""
    s = str(value).strip()
    for prefix in ("channel", "chat", "user"):
        if s.startswith(prefix):
            s = s[len(prefix):]
            break
    if s.startswith("-100"):
        s = s[4:]
    elif s.startswith("-"):
        s = s[1:]
    return s


class TelegramDesktopConnector:
    name = "telegram-desktop"
    description = "Telegram Desktop JSON export (single chat or full account)"

    def sniff(self, head: bytes, path: Path) -> bool:
        text = sniff_json_head(head)
        if not text.startswith("{"):
            return False
        if '"personal_information"' in text or ('"chats"' in text and '"list"' in text):
            return True
        return '"messages"' in text and '"type"' in text and (
            '"date_unixtime"' in text or '"text_entities"' in text or '"_channel"' in text
            or '"public_channel"' in text or '"personal_chat"' in text
        )

    def read(self, ctx: ImportContext) -> Iterator[Record | Skip]:
        header = self._prescan(ctx)
        raw, counter = open_json_stream(ctx)
        last: object = None
        try:
            with raw:
                records = (self._single(ctx, counter, header) if header is not None
                           else self._walk(ctx, counter))
                for out in records:
                    if isinstance(out, Item):
                        last = out.item_id
                    yield out
        except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
            raise json_error(ctx, exc, counter, last) from None

    def _prescan(self, ctx: ImportContext) -> dict[str, object] | None:
        """Read the top of the file: a single-chat export's header, or None for an account export.

        Stops at the start of the messages array, so it costs a few bytes, not a pass.
        """
        raw, counter = open_json_stream(ctx)
        header: dict[str, object] = {}
        try:
            with raw:
                for prefix, event, value in ijson.parse(counter, use_float=True):
                    if prefix in ("name", "type", "id") and event in ("string", "number"):
                        header[prefix] = value
                    elif prefix == "messages" and event == "start_array":
                        return header
                    elif prefix in ("chats", "left_chats", "personal_information"):
                        return None
        except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
            raise json_error(ctx, exc, counter, None) from None
        raise ctx.error("no 'messages' in this Telegram export")

    def _single(self, ctx: ImportContext, stream: object,
                header: dict[str, object]) -> Iterator[Record | Skip]:
        """Fast path for single-chat exports: ijson's C backend builds each message."""
        chat = _Chat()
        chat.header.update(header)
        for index, msg in enumerate(ijson.items(stream, "messages.item", use_float=True), 1):
            yield from chat.message(ctx, msg, index)
            if chat.skipped:
                return
        yield from chat.finish(ctx)

    # -- the streaming walk ------------------------------------------------------------------
    def _walk(self, ctx: ImportContext, stream: object) -> Iterator[Record | Skip]:
        chat: _Chat | None = None
        builder: ijson.ObjectBuilder | None = None
        depth = 0
        header_fields = {f"{p}.{k}" if p else k: k
                         for p in CHAT_PREFIXES for k in ("name", "type", "id")}
        message_prefixes = {f"{p}.messages.item" if p else "messages.item" for p in CHAT_PREFIXES}
        chat_starts = {p for p in CHAT_PREFIXES if p}
        message_arrays = {f"{p}.messages" if p else "messages" for p in CHAT_PREFIXES}
        saw_messages = False
        index = 0
        for prefix, event, value in ijson.parse(stream, use_float=True):
            if builder is not None:
                builder.event(event, value)
                if event == "start_map" or event == "start_array":
                    depth += 1
                elif event == "end_map" or event == "end_array":
                    depth -= 1
                    if depth == 0:
                        msg = builder.value
                        builder = None
                        index += 1
                        if chat is None:
                            chat = _Chat()
                        yield from chat.message(ctx, msg, index)
                continue
            if event == "start_map" and prefix in message_prefixes:
                builder = ijson.ObjectBuilder()
                builder.event(event, value)
                depth = 1
            elif event == "start_array" and prefix in message_arrays:
                saw_messages = True
            elif prefix in header_fields and event in ("string", "number"):
                if chat is None:
                    chat = _Chat()
                chat.header[header_fields[prefix]] = value
            elif event == "start_map" and prefix in chat_starts:
                if chat is not None:
                    yield from chat.finish(ctx)
                chat = _Chat()
            elif event == "end_map" and prefix in chat_starts and chat is not None:
                yield from chat.finish(ctx)
                chat = None
        if chat is not None:
            yield from chat.finish(ctx)
        if not saw_messages:
            raise ctx.error("no 'messages' in this Telegram export")


class _Chat:
    """State of the chat being streamed: header, whether its source was emitted, skip status."""

    def __init__(self) -> None:
        self.header: dict[str, object] = {}
        self.source: Source | None = None
        self.skipped = False
        self.finished = False

    def _start(self, ctx: ImportContext) -> Iterator[Record | Skip]:
        chat_type = str(self.header.get("type", ""))
        if chat_type in PRIVATE_CHAT_TYPES:
            self.skipped = True
            yield Skip(f"private conversation ({chat_type}) not imported")
            return
        if "id" not in self.header:
            raise ctx.error("chat has messages before its 'id' (or none at all)", field="id")
        raw_id = self.header["id"]
        if isinstance(raw_id, bool) or not isinstance(raw_id, int | float | str):
            raise ctx.error(f"chat id is not a number: {str(raw_id)[:40]!r}", field="id")
        sid = normalise_peer_id(int(raw_id) if isinstance(raw_id, float) else raw_id)
        if not sid.isdigit():
            raise ctx.error(f"chat id is not a number: {str(raw_id)[:40]!r}", field="id")
        title = self.header.get("name")
        self.source = Source(
            source_key=source_key(PLATFORM, sid),
            platform=PLATFORM,
            source_id=sid,
            kind=PUBLIC_CHAT_TYPES.get(chat_type, "channel"),
            handle=None,
            title=title if isinstance(title, str) else None,
            url=None,
            first_imported_at=ctx.imported_at,
            last_imported_at=ctx.imported_at,
        )
        yield self.source

    def finish(self, ctx: ImportContext) -> Iterator[Record | Skip]:
        if self.source is None and not self.skipped and not self.finished and self.header:
            yield from self._start(ctx)
        self.finished = True

    def message(self, ctx: ImportContext, msg: object, index: int) -> Iterator[Record | Skip]:
        if self.source is None and not self.skipped:
            yield from self._start(ctx)
        if self.skipped:
            return
        if not isinstance(msg, dict):
            raise ctx.error("message is not an object", record=f"#{index}")
        assert self.source is not None
        yield _convert(ctx, self.source, msg, index)


def _convert(ctx: ImportContext, source: Source, msg: dict, index: int) -> Record | Skip:
    mid = msg.get("id")
    if isinstance(mid, bool) or not isinstance(mid, int):
        raise ctx.error(f"message id missing or not an integer: {str(mid)[:40]!r}",
                        record=f"#{index}", field="id")
    rec = f"id {mid}"
    sid = source.source_id
    if "date_unixtime" in msg:
        when = utc_from_unix(msg["date_unixtime"], ctx, record=rec, field="date_unixtime")
    elif "date" in msg:
        when = utc_from_iso(msg["date"], ctx, record=rec, field="date")
    else:
        raise ctx.error("message has no date", record=rec, field="date")
    mtype = msg.get("type", "message")
    if mtype == "service":
        return _service(ctx, source, msg, rec, when)
    if mtype != "message":
        return Skip(f"unknown message type {str(mtype)[:30]!r}")

    text, links = _text(ctx, msg.get("text"), rec)
    edited = None
    if "edited_unixtime" in msg:
        edited = utc_from_unix(msg["edited_unixtime"], ctx, record=rec, field="edited_unixtime")
    elif "edited" in msg:
        edited = utc_from_iso(msg["edited"], ctx, record=rec, field="edited")

    author = None
    from_id = msg.get("from_id")
    if isinstance(from_id, str) and from_id.startswith("user"):
        author = ctx.person(PLATFORM, "user" + normalise_peer_id(from_id))
    elif from_id is None and source.kind == "group" and msg.get("from"):
        author = ctx.person(PLATFORM, "name:" + str(msg.get("from")))
    signature = msg.get("author")
    if author is None and isinstance(signature, str) and signature:
        author = ctx.person(PLATFORM, "signature:" + signature)

    forward_from, forward_title = _forward(ctx, msg)

    reply_to_key = None
    reply_to = msg.get("reply_to_message_id")
    if isinstance(reply_to, int) and not isinstance(reply_to, bool):
        peer = msg.get("reply_to_peer_id")
        reply_sid = normalise_peer_id(peer) if peer is not None else sid
        reply_to_key = item_key(PLATFORM, reply_sid, reply_to)

    reactions_total, reactions_detail = _reactions(msg.get("reactions"))
    views = msg.get("views")
    forwards = msg.get("forwards")
    return Item(
        item_key=item_key(PLATFORM, sid, mid),
        platform=PLATFORM,
        source_key=source.source_key,
        item_id=str(mid),
        kind="post" if source.kind == "channel" else "comment",
        published_at=when,
        edited_at=edited,
        text=text,
        author=author,
        parent_key=None,
        reply_to_key=reply_to_key,
        forward_from=forward_from,
        forward_from_title=forward_title,
        repost_of_key=None,
        views=views if isinstance(views, int) and not isinstance(views, bool) else None,
        forwards=forwards if isinstance(forwards, int) and not isinstance(forwards, bool) else None,
        replies=None,
        reactions=reactions_total,
        reactions_detail=reactions_detail,
        links=links or None,
        media=_media(ctx, msg),
        poll=_poll(msg.get("poll")),
        url=None,
        origin_format="telegram-desktop",
        origin_file=ctx.file_name,
        imported_at=ctx.imported_at,
    )


def _text(ctx: ImportContext, value: object, rec: str) -> tuple[str, list[str]]:
    """``text`` as a string, or as a list of strings and entity objects."""
    if value is None or isinstance(value, str):
        text = ctx.checked_text(value, record=rec)
        return text, find_links(text)
    if not isinstance(value, list):
        raise ctx.error(f"text is neither a string nor a list of parts ({type(value).__name__})",
                        record=rec, field="text")
    parts: list[str] = []
    links: list[str] = []
    for part in value:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict):
            t = part.get("text", "")
            if not isinstance(t, str):
                raise ctx.error("an entity's text is not a string", record=rec, field="text")
            parts.append(t)
            kind = part.get("type")
            if kind == "link":
                links.append(t)
            elif kind == "text_link" and isinstance(part.get("href"), str):
                links.append(part["href"])
        else:
            raise ctx.error(f"text part of type {type(part).__name__}", record=rec, field="text")
    text = ctx.checked_text("".join(parts), record=rec)
    for link in find_links(text):
        if link not in links:
            links.append(link)
    return text, links


def _forward(ctx: ImportContext, msg: dict) -> tuple[str | None, str | None]:
    name = msg.get("forwarded_from")
    fid = msg.get("forwarded_from_id")
    if fid is None and name is None:
        return None, None
    if isinstance(fid, str) and (fid.startswith("channel") or fid.startswith("chat")):
        return source_key(PLATFORM, normalise_peer_id(fid)), name if isinstance(name, str) else None
    if isinstance(fid, str) and fid.startswith("user"):
        return ctx.person(PLATFORM, "user" + normalise_peer_id(fid)), None
    # No id: a hidden account (a person) or an unknown sender; never keep the name readable.
    return ctx.person(PLATFORM, "name:" + str(name)), None


def _reactions(value: object) -> tuple[int | None, str | None]:
    if not isinstance(value, list) or not value:
        return None, None
    detail: dict[str, int] = {}
    for r in value:
        if not isinstance(r, dict):
            continue
        count = r.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            continue
        kind = r.get("type")
        if kind == "emoji" and isinstance(r.get("emoji"), str):
            label = r["emoji"][:16]
        elif kind == "custom_emoji":
            label = "custom:" + str(r.get("document_id", "?"))[:64]
        else:
            label = str(kind)[:16]
        detail[label] = detail.get(label, 0) + count
    if not detail:
        return None, None
    return sum(detail.values()), orjson.dumps(detail).decode()


def _poll(value: object) -> str | None:
    if not isinstance(value, dict):
        return None
    answers = []
    for a in value.get("answers") or []:
        if isinstance(a, dict):
            answers.append({"text": str(a.get("text", ""))[:1000], "voters": a.get("voters")})
    poll = {
        "question": str(value.get("question", ""))[:2000],
        "closed": bool(value.get("closed")),
        "total_voters": value.get("total_voters"),
        "answers": answers,
    }
    return orjson.dumps(poll).decode()


MEDIA_KEYS = (("photo", "photo"), ("file", None))


def _media(ctx: ImportContext, msg: dict) -> str | None:
    out = []
    for key, kind in MEDIA_KEYS:
        ref = msg.get(key)
        if not isinstance(ref, str):
            continue
        entry: dict[str, object] = {
            "type": kind or str(msg.get("media_type") or "file"),
            "file": ref[:500],
        }
        size = msg.get(f"{key}_file_size") if key == "photo" else msg.get("file_size")
        if isinstance(size, int):
            entry["size"] = size
        for extra in ("mime_type", "width", "height", "duration_seconds"):
            if key == "file" or extra in ("width", "height"):
                v = msg.get(extra)
                if isinstance(v, int | str) and not isinstance(v, bool):
                    entry[extra] = v
        if key == "file" and isinstance(msg.get("file_name"), str):
            entry["name"] = msg["file_name"][:300]
        digest = _hash_beside(_export_root(ctx), ref)
        if digest:
            entry["sha256"] = digest
        out.append(entry)
    return orjson.dumps(out).decode() if out else None


def _export_root(ctx: ImportContext) -> str:
    root = ctx.options.get("_export_root")
    if root is None:
        root = ctx.options["_export_root"] = os.path.realpath(ctx.path.parent)
    return str(root)


def _hash_beside(root: str, ref: str) -> str | None:
    """SHA-256 of a referenced media file, only if it lies inside the export folder."""
    if ref.startswith("(") or "\x00" in ref:
        return None  # "(File not included. Change data exporting settings to download.)"
    candidate = os.path.normpath(os.path.join(root, ref))
    if not candidate.startswith(root + os.sep) or not os.path.isfile(candidate):
        return None
    try:
        real = os.path.realpath(candidate)  # a symlink must not lead outside either
        if not real.startswith(root + os.sep):
            return None
        h = hashlib.sha256()
        with open(real, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


def _service(ctx: ImportContext, source: Source, msg: dict, rec: str,
             when: object) -> ServiceEvent:
    action = msg.get("action")
    actor_id = msg.get("actor_id")
    actor = None
    if isinstance(actor_id, str) and actor_id.startswith(("channel", "chat")):
        actor = source_key(PLATFORM, normalise_peer_id(actor_id))
    elif isinstance(actor_id, str):
        actor = ctx.person(PLATFORM, "user" + normalise_peer_id(actor_id))
    title = msg.get("title") if action in TITLE_ACTIONS else None
    return ServiceEvent(
        source_key=source.source_key,
        event_id=str(msg["id"]),
        occurred_at=when,  # type: ignore[arg-type]
        action=str(action or "unknown")[:64],
        actor=actor,
        title=title[:500] if isinstance(title, str) else None,
    )
