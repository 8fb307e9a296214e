"""telegram-tracker's CSV output (the channel-network research tool).

``msgs_dataset.csv`` (``TelegramTrackerConnector``) is its message table;
``collected_chats.csv`` (``TelegramTrackerChatsConnector``) its table of the channels and
groups it collected, with their participant counts (imported as sources and snapshots).

The message table:
One row per message of the channels it collected: ``channel_id``, ``channel_name`` (the
username), ``msg_id``, ``message``, ``date``, ``msg_link``, ``msg_from_peer``/``msg_from_id``,
``views``, ``number_replies``, ``number_forwards``, ``is_forward`` with
``forward_msg_from_peer_type``/``_id``/``_name``/``forward_msg_link``, ``reply_to_msg_id``,
``media_type``, ``document_type``, ``url``, ``domain``, ``poll_question``… Existing research
datasets of hundreds of channels load as they are.

Dropped at the door: the contact columns (``contact_phone_number``, ``contact_name``,
``contact_userid``) and the geo and venue columns (``geo_type``, ``lat``, ``lng``, ``venue_*``)
are never read. A message posted by a person (``msg_from_peer`` = ``PeerUser``) keeps only a
pseudonym of its author; a forward from a person keeps only a pseudonym; forwards from channels
and groups keep the source key (and the channel's username as its name).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from tyndau.connectors.base import ImportContext, Record, Skip, as_int, find_links, utc_from_iso
from tyndau.connectors.tabular import csv_rows
from tyndau.connectors.telegram_desktop import normalise_peer_id
from tyndau.schema import Item, Source, SourceSnapshot
from tyndau.schema.keys import item_key, source_key

PLATFORM = "telegram"
REQUIRED = ("channel_id", "msg_id", "message", "date")
MARKERS = (b"msg_id", b"channel_id", b"msg_link", b"number_forwards")
#: Never read (listed so that a test can prove it): contact and location columns.
DROPPED = ("contact_phone_number", "contact_name", "contact_userid", "geo_type", "lat", "lng",
           "venue_id", "venue_type", "venue_title", "venue_address", "venue_provider")


class TelegramTrackerConnector:
    name = "telegram-tracker"
    description = "telegram-tracker msgs_dataset.csv (channel-network research tool)"

    def sniff(self, head: bytes, path: Path) -> bool:
        if path.suffix.lower() != ".csv":
            return False
        first = head.split(b"\n", 1)[0]
        return all(m in first for m in MARKERS)

    def read(self, ctx: ImportContext) -> Iterator[Record | Skip]:
        sources: set[str] = set()

        def check(header: list[str]) -> None:
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise ctx.error(f"not a telegram-tracker message table: no column "
                                f"{', '.join(missing)}")

        for rec, row in csv_rows(ctx, check):
            if row is None:
                yield Skip("blank row")
                continue
            item, handle = self._item(ctx, row, rec)
            if item.source_key not in sources:
                sources.add(item.source_key)
                yield Source(source_key=item.source_key, platform=PLATFORM,
                             source_id=item.source_key.split(":", 1)[1], kind="channel",
                             handle=handle, title=None,
                             url=f"https://t.me/{handle}" if handle else None,
                             first_imported_at=ctx.imported_at,
                             last_imported_at=ctx.imported_at)
            yield item

    def _item(self, ctx: ImportContext, row: dict[str, str], rec: str) -> tuple[Item, str | None]:
        def value(name: str) -> str | None:
            v = row.get(name)
            return None if v is None or v.strip() == "" else v.strip()

        sid = _peer(value("channel_id"), ctx, rec, "channel_id")
        mid = value("msg_id")
        if mid is None or not mid.isdigit() or len(mid) > 18:
            raise ctx.error(f"message id missing or not a positive integer: {str(mid)[:40]!r}",
                            record=rec, field="msg_id")
        handle = value("channel_name")
        if handle is not None and (len(handle) > 64 or not handle.replace("_", "").isalnum()):
            raise ctx.error(f"not a Telegram username: {handle[:40]!r}", record=rec,
                            field="channel_name")
        text = ctx.checked_text(row.get("message") or "", record=rec, field="message")
        when_raw = value("date")
        when = utc_from_iso(when_raw, ctx, record=rec, field="date")
        author = None
        if value("msg_from_peer") == "PeerUser" and value("msg_from_id"):
            author = ctx.person(PLATFORM, "user" + normalise_peer_id(value("msg_from_id")))
        forward_from, forward_name = None, None
        if value("is_forward") in ("1", "True", "true"):
            ftype, fid = value("forward_msg_from_peer_type"), value("forward_msg_from_peer_id")
            if ftype in ("PeerChannel", "PeerChat") and fid:
                forward_from = source_key(PLATFORM, _peer(fid, ctx, rec,
                                                          "forward_msg_from_peer_id"))
                name = value("forward_msg_from_peer_name")
                forward_name = name[:200] if name else None
            elif ftype == "PeerUser" and fid:
                forward_from = ctx.person(PLATFORM, "user" + normalise_peer_id(fid))
        reply = value("reply_to_msg_id")
        if reply is not None:
            reply = reply.removesuffix(".0")  # pandas writes integer columns with gaps as floats
            if not reply.isdigit():
                raise ctx.error(f"not a message id: {reply[:40]!r}", record=rec,
                                field="reply_to_msg_id")
        links = find_links(text)
        page = value("url")
        if page and page not in links and len(page) <= 2000:
            links.append(page)
        media = None
        if value("media_type"):
            media = orjson.dumps([{k: v for k, v in (("type", value("media_type")),
                                                     ("mime", value("document_type")))
                                   if v}]).decode()
        poll = None
        if value("poll_question"):
            poll = orjson.dumps({"question": value("poll_question")[:2000],
                                 "total_voters": as_int(value("poll_total_voters"), ctx,
                                                        record=rec,
                                                        field="poll_total_voters")}).decode()
        link = value("msg_link")
        return Item(
            item_key=item_key(PLATFORM, sid, mid),
            platform=PLATFORM,
            source_key=source_key(PLATFORM, sid),
            item_id=mid,
            kind="post",
            published_at=when,
            edited_at=None,
            text=text,
            author=author,
            parent_key=None,
            reply_to_key=item_key(PLATFORM, sid, reply) if reply else None,
            forward_from=forward_from,
            forward_from_title=forward_name,
            repost_of_key=None,
            views=as_int(value("views"), ctx, record=rec, field="views"),
            forwards=as_int(value("number_forwards"), ctx, record=rec, field="number_forwards"),
            replies=as_int(value("number_replies"), ctx, record=rec, field="number_replies"),
            reactions=None,
            reactions_detail=None,
            links=links or None,
            media=media,
            poll=poll,
            url=link[:2000] if link and link.startswith("https://t.me/") else None,
            origin_format=self.name,
            origin_file=ctx.file_name,
            imported_at=ctx.imported_at,
        ), handle


class TelegramTrackerChatsConnector:
    name = "telegram-tracker-chats"
    description = "telegram-tracker collected_chats.csv (channels and groups, with counts)"
    MARKERS = (b"participants_count", b"username", b"megagroup")

    def sniff(self, head: bytes, path: Path) -> bool:
        if path.suffix.lower() != ".csv":
            return False
        first = head.split(b"\n", 1)[0]
        return all(m in first for m in self.MARKERS)

    def read(self, ctx: ImportContext) -> Iterator[Record | Skip]:
        """One source per row, and a participant count observed when the file was saved."""
        def check(header: list[str]) -> None:
            if "id" not in header:
                raise ctx.error("not a telegram-tracker chats table: no column id")

        seen: set[str] = set()
        for rec, row in csv_rows(ctx, check):
            if row is None:
                yield Skip("blank row")
                continue
            sid = _peer((row.get("id") or "").strip() or None, ctx, rec, "id")
            key = source_key(PLATFORM, sid)
            if key in seen:
                yield Skip("chat listed twice")
                continue
            seen.add(key)
            handle = (row.get("username") or "").strip() or None
            if handle is not None and (len(handle) > 64
                                       or not handle.replace("_", "").isalnum()):
                raise ctx.error(f"not a Telegram username: {handle[:40]!r}", record=rec,
                                field="username")
            title = (row.get("title") or "").strip()[:500] or None
            group = (row.get("megagroup") or "").strip() in ("True", "true", "1")
            yield Source(source_key=key, platform=PLATFORM, source_id=sid,
                         kind="group" if group else "channel", handle=handle, title=title,
                         url=f"https://t.me/{handle}" if handle else None,
                         first_imported_at=ctx.imported_at, last_imported_at=ctx.imported_at)
            count = as_int((row.get("participants_count") or "").strip() or None, ctx,
                           record=rec, field="participants_count")
            if count is not None and count > 0:
                yield SourceSnapshot(source_key=key, observed_at=ctx.file_time,
                                     subscribers=count, origin=self.name)


def _peer(value: str | None, ctx: ImportContext, rec: str, field: str) -> str:
    sid = normalise_peer_id(value) if value else ""
    sid = sid.removesuffix(".0")
    if not sid.isdigit() or len(sid) > 18:
        raise ctx.error(f"not a Telegram peer id: {str(value)[:40]!r}", record=rec, field=field)
    return sid
