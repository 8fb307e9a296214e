"""Telethon-style JSON dumps: one array of messages per channel.

Two shapes are read: the flat dumps research scripts write (``message_id``, ``sender_id``,
``text``, ``date``, ``channel``) and Telethon's own ``Message.to_dict()`` serialised with
``json.dump(..., default=str)`` (``{"_": "Message", "id", "peer_id": {"channel_id"}, "message",
"views", "forwards", "fwd_from", "reply_to", "post_author"}``). The channel id comes from the
message (``peer_id`` / a negative ``sender_id``) or from a file name like
``1001000724666_messages.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import ijson

from tyndau.connectors.base import (
    ImportContext,
    Record,
    Skip,
    as_int,
    find_links,
    json_error,
    open_json_stream,
    sniff_json_head,
    utc_from_iso,
)
from tyndau.connectors.telegram_desktop import normalise_peer_id
from tyndau.schema import Item, Source
from tyndau.schema.keys import item_key, source_key

PLATFORM = "telegram"
FILE_ID = re.compile(r"^-?(\d{5,})")


class TelethonJsonConnector:
    name = "telethon-json"
    description = "Telethon JSON dump (array of messages of one channel)"

    def sniff(self, head: bytes, path: Path) -> bool:
        text = sniff_json_head(head)
        if not text.startswith("["):
            return False
        return ('"message_id"' in text and ('"sender_id"' in text or '"channel"' in text)) or (
            '"_": "Message"' in text or '"_":"Message"' in text
        )

    def read(self, ctx: ImportContext) -> Iterator[Record | Skip]:
        raw, counter = open_json_stream(ctx)
        m = FILE_ID.match(ctx.path.name)
        file_sid = normalise_peer_id("-" + m.group(1)) if m else None
        sources: dict[str, Source] = {}
        last: object = None
        index = 0
        try:
            with raw:
                for msg in ijson.items(counter, "item", use_float=True):
                    index += 1
                    if not isinstance(msg, dict):
                        raise ctx.error("array element is not a message object", record=f"#{index}")
                    if msg.get("_") not in (None, "Message"):
                        yield Skip(f"not a message ({str(msg.get('_'))[:30]})")
                        continue
                    item, title = self._item(ctx, msg, index, file_sid)
                    if item.source_key not in sources:
                        sid = item.source_key.split(":", 1)[1]
                        src = Source(source_key=item.source_key, platform=PLATFORM, source_id=sid,
                                     kind="channel", handle=None, title=title, url=None,
                                     first_imported_at=ctx.imported_at,
                                     last_imported_at=ctx.imported_at)
                        sources[item.source_key] = src
                        yield src
                    last = item.item_id
                    yield item
        except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
            raise json_error(ctx, exc, counter, last) from None
        if index == 0:
            yield Skip("empty message array")

    def _item(self, ctx: ImportContext, msg: dict, index: int,
              file_sid: str | None) -> tuple[Item, str | None]:
        mid = msg.get("message_id", msg.get("id"))
        if isinstance(mid, bool) or not isinstance(mid, int):
            raise ctx.error(f"message id missing or not an integer: {str(mid)[:40]!r}",
                            record=f"#{index}", field="message_id")
        rec = f"id {mid}"
        sid = None
        peer = msg.get("peer_id")
        if isinstance(peer, dict) and peer.get("channel_id") is not None:
            sid = normalise_peer_id(peer["channel_id"])
        sender = msg.get("sender_id")
        if sid is None and isinstance(sender, int) and str(sender).startswith("-100"):
            sid = normalise_peer_id(sender)
        sid = sid or file_sid
        if sid is None:
            raise ctx.error("cannot tell which channel this message belongs to (no peer_id, no "
                            "channel sender_id, no channel id in the file name)", record=rec)
        text = ctx.checked_text(msg.get("text", msg.get("message")), record=rec)
        when = utc_from_iso(msg.get("date"), ctx, record=rec, field="date")
        edited = msg.get("edit_date")
        author = None
        if isinstance(sender, int) and not isinstance(sender, bool) and sender > 0:
            author = ctx.person(PLATFORM, f"user{sender}")
        elif isinstance(msg.get("post_author"), str) and msg["post_author"]:
            author = ctx.person(PLATFORM, "signature:" + msg["post_author"])
        forward_from, forward_title = None, None
        fwd = msg.get("fwd_from")
        if isinstance(fwd, dict):
            fpeer = fwd.get("from_id")
            if isinstance(fpeer, dict) and fpeer.get("channel_id") is not None:
                forward_from = source_key(PLATFORM, normalise_peer_id(fpeer["channel_id"]))
            elif isinstance(fpeer, dict) and fpeer.get("user_id") is not None:
                forward_from = ctx.person(PLATFORM, f"user{fpeer['user_id']}")
            elif fwd.get("from_name"):
                forward_from = ctx.person(PLATFORM, "name:" + str(fwd["from_name"]))
        reply_to_key = None
        reply = msg.get("reply_to")
        if isinstance(reply, dict) and isinstance(reply.get("reply_to_msg_id"), int):
            reply_to_key = item_key(PLATFORM, sid, reply["reply_to_msg_id"])
        title = msg.get("channel") if isinstance(msg.get("channel"), str) else None
        return Item(
            item_key=item_key(PLATFORM, sid, mid),
            platform=PLATFORM,
            source_key=source_key(PLATFORM, sid),
            item_id=str(mid),
            kind="post",
            published_at=when,
            edited_at=utc_from_iso(edited, ctx, record=rec, field="edit_date") if edited else None,
            text=text,
            author=author,
            parent_key=None,
            reply_to_key=reply_to_key,
            forward_from=forward_from,
            forward_from_title=forward_title,
            repost_of_key=None,
            views=as_int(msg.get("views"), ctx, record=rec, field="views"),
            forwards=as_int(msg.get("forwards"), ctx, record=rec, field="forwards"),
            replies=None,
            reactions=None,
            reactions_detail=None,
            links=find_links(text) or None,
            media=None,
            poll=None,
            url=None,
            origin_format=self.name,
            origin_file=ctx.file_name,
            imported_at=ctx.imported_at,
        ), title
