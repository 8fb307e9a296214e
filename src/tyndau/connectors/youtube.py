"""YouTube Data API v3 list responses saved as JSON, read by their ``kind``.

- ``youtube#videoListResponse``: one :class:`Item` of kind ``video`` per video (text = title,
  a blank line, description; views, likes and comment count from ``statistics``) and the
  uploading channel as a :class:`Source` (``channelTitle``).
- ``youtube#commentThreadListResponse``: the top-level comment of each thread and the replies
  included in ``replies.comments`` (kind ``comment``; replies point at the top-level comment).
- ``youtube#commentListResponse``: comments, usually replies (``parentId`` → ``reply_to_key``).
- ``youtube#channelListResponse``: a :class:`Source` (kind ``video_channel``, handle from
  ``customUrl``) and a :class:`SourceSnapshot` of ``subscriberCount`` at import time, unless
  the count is hidden.
- ``{"error": …}``: one :class:`Skip` with the API's message. Other kinds are skipped — search
  results too, because their descriptions are truncated and would shadow the full text that a
  later ``videos.list`` import of the same video carries.

Keys: a video is ``youtube:<channelId>:<videoId>``; a comment ``youtube:<channelId>:<commentId>``
where the channel is the one the video belongs to (thread or comment ``snippet.channelId``, else
the ``channel_id`` import option). Older pages name only the video: their comments are filed
under the placeholder source ``youtube:unknown-channel`` and their ``parent_key`` is
``youtube:unknown-channel:<videoId>`` — the video id stays the last part of the key and is in the
comment's ``url``, so they can still be joined to the video by ``item_id``.

Dropped for privacy: commenters' display names, channel ids and URLs, and avatars — a comment
keeps only ``ctx.person("youtube", <author channel id>)`` (or of ``name:<display name>`` when no
id is given). Also dropped: thumbnails, tags, embed HTML, etags, ``textDisplay`` HTML (used, as
plain text, only when ``textOriginal`` is absent).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import orjson

from tyndau.connectors.base import (
    ImportContext,
    Record,
    Skip,
    find_links,
    sniff_json_head,
    utc_from_iso,
)
from tyndau.connectors.fields import count_of, load_json_file, opt_str
from tyndau.schema import Item, Source, SourceSnapshot
from tyndau.schema.keys import item_key, source_key

PLATFORM = "youtube"
UNKNOWN_CHANNEL = "unknown-channel"
KIND_RE = re.compile(r'"kind"\s*:\s*"youtube#')
ID_RE = re.compile(r"[A-Za-z0-9_.\-]{1,200}")
HREF_RE = re.compile(r"""<a\s[^<>]{0,500}?href=["']([^"'<>]{1,2000})["']""", re.IGNORECASE)
BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
TAG_RE = re.compile(r"<[^<>]{0,2000}>")


def html_text(value: str) -> tuple[str, list[str]]:
    """``textDisplay`` as plain text, with the targets of its links."""
    links = [html.unescape(h) for h in HREF_RE.findall(value)]
    return html.unescape(TAG_RE.sub("", BR_RE.sub("\n", value))), links


class YoutubeConnector:
    name = "youtube-api"
    description = "YouTube Data API v3 responses (videos, comment threads, comments, channels)"

    def sniff(self, head: bytes, path: Path) -> bool:
        text = sniff_json_head(head)
        if not text.startswith("{"):
            return False
        if KIND_RE.search(text):
            return True
        # A Google API error answer: {"error": {"code", "message", "errors": [{"domain", …}]}}
        return '"error"' in text and '"errors"' in text and '"domain"' in text

    def read(self, ctx: ImportContext) -> Iterator[Record | Skip]:
        doc = load_json_file(ctx)
        if not isinstance(doc, dict):
            raise ctx.error(f"not a YouTube API response (a JSON {type(doc).__name__}, expected "
                            "an object with 'kind')")
        yield from _Reader(ctx).document(doc)


class _Reader:
    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.sources: set[str] = set()
        option = ctx.options.get("channel_id")
        self.default_channel = (self.ident(option, "options", "channel_id")
                                if option not in (None, "") else None)

    def document(self, doc: dict) -> Iterator[Record | Skip]:
        ctx = self.ctx
        if "error" in doc:
            err = doc["error"]
            if not isinstance(err, dict):
                raise ctx.error("'error' is not an object", field="error")
            yield Skip(f"YouTube API error {str(err.get('code'))[:20]}: "
                       f"{str(err.get('message'))[:200]}")
            return
        kind = doc.get("kind")
        if not isinstance(kind, str) or not kind.startswith("youtube#"):
            raise ctx.error("not a YouTube API response: no 'kind' of 'youtube#…'", field="kind")
        handler = {
            "youtube#videoListResponse": self.video,
            "youtube#commentThreadListResponse": self.thread,
            "youtube#commentListResponse": self.comment_item,
            "youtube#channelListResponse": self.channel,
        }.get(kind)
        if handler is None:
            yield Skip(f"{kind[:60]} not imported")
            return
        items = doc.get("items")
        if items is None or items == []:
            yield Skip("YouTube response page with no items")
            return
        if not isinstance(items, list):
            raise ctx.error(f"expected a list, got {type(items).__name__}", field="items")
        for i, it in enumerate(items):
            if not isinstance(it, dict):
                raise ctx.error(f"expected an object, got {type(it).__name__}",
                                record=f"items[{i}]")
            yield from handler(it, f"items[{i}]")

    # -- small validated getters -------------------------------------------------------------
    def ident(self, value: object, rec: str, field: str) -> str:
        if not isinstance(value, str) or not ID_RE.fullmatch(value):
            what = "missing" if value is None else f"not a YouTube id: {str(value)[:40]!r}"
            raise self.ctx.error(f"id {what}", record=rec, field=field)
        return value

    def snippet(self, it: dict, rec: str, field: str = "snippet") -> dict:
        sn = it.get("snippet")
        if not isinstance(sn, dict):
            raise self.ctx.error("missing or not an object", record=rec, field=field)
        return sn

    def source(self, channel: str, title: str | None = None, handle: str | None = None
               ) -> Iterator[Source]:
        key = source_key(PLATFORM, channel)
        if key in self.sources and title is None:
            return
        self.sources.add(key)
        known = channel != UNKNOWN_CHANNEL
        now = self.ctx.imported_at
        yield Source(source_key=key, platform=PLATFORM, source_id=channel, kind="video_channel",
                     handle=handle, title=title,
                     url=f"https://www.youtube.com/channel/{channel}" if known else None,
                     first_imported_at=now, last_imported_at=now)

    # -- kinds -------------------------------------------------------------------------------
    def video(self, it: dict, rec: str) -> Iterator[Record | Skip]:
        ctx = self.ctx
        vid = self.ident(it.get("id"), rec, "id")
        rec = f"video {vid}"
        if "snippet" not in it:
            yield Skip("video without snippet (request part=snippet,statistics)")
            return
        sn = self.snippet(it, rec)
        channel = self.ident(sn.get("channelId"), rec, "snippet.channelId")
        title = ctx.checked_text(sn.get("title"), record=rec, field="snippet.title")
        desc = ctx.checked_text(sn.get("description"), record=rec, field="snippet.description")
        text = ctx.checked_text(f"{title}\n\n{desc}" if desc else title, record=rec)
        stats = it.get("statistics")
        if stats is not None and not isinstance(stats, dict):
            raise ctx.error("not an object", record=rec, field="statistics")
        stats = stats or {}
        media: dict[str, object] = {"type": "video", "id": vid}
        details = it.get("contentDetails")
        if isinstance(details, dict) and isinstance(details.get("duration"), str):
            media["duration"] = details["duration"][:40]
        yield from self.source(channel, opt_str(ctx, sn.get("channelTitle"), record=rec,
                                                 field="snippet.channelTitle", limit=500))
        yield Item(
            item_key=item_key(PLATFORM, channel, vid), platform=PLATFORM,
            source_key=source_key(PLATFORM, channel), item_id=vid, kind="video",
            published_at=utc_from_iso(sn.get("publishedAt"), ctx, record=rec,
                                      field="snippet.publishedAt"),
            edited_at=None, text=text, author=None, parent_key=None, reply_to_key=None,
            forward_from=None, forward_from_title=None, repost_of_key=None,
            views=count_of(ctx, stats.get("viewCount"), record=rec, field="statistics.viewCount"),
            forwards=None,
            replies=count_of(ctx, stats.get("commentCount"), record=rec,
                             field="statistics.commentCount"),
            reactions=count_of(ctx, stats.get("likeCount"), record=rec,
                               field="statistics.likeCount"),
            reactions_detail=None, links=find_links(text) or None,
            media=orjson.dumps([media]).decode(), poll=None,
            url=f"https://www.youtube.com/watch?v={vid}", origin_format="youtube-api",
            origin_file=ctx.file_name, imported_at=ctx.imported_at,
        )

    def thread(self, it: dict, rec: str) -> Iterator[Record | Skip]:
        ctx = self.ctx
        tid = self.ident(it.get("id"), rec, "id")
        rec = f"thread {tid}"
        sn = self.snippet(it, rec)
        top = sn.get("topLevelComment")
        if not isinstance(top, dict):
            raise ctx.error("missing or not an object", record=rec,
                            field="snippet.topLevelComment")
        channel = sn.get("channelId")
        channel = self.ident(channel, rec, "snippet.channelId") if channel is not None else None
        video = sn.get("videoId")
        video = self.ident(video, rec, "snippet.videoId") if video is not None else None
        replies = count_of(ctx, sn.get("totalReplyCount"), record=rec,
                           field="snippet.totalReplyCount")
        yield from self.comment(top, rec, channel=channel, video=video, replies=replies)
        box = it.get("replies")
        if box is None:
            return
        if not isinstance(box, dict):
            raise ctx.error("not an object", record=rec, field="replies")
        children = box.get("comments") or []
        if not isinstance(children, list):
            raise ctx.error("not a list", record=rec, field="replies.comments")
        for i, child in enumerate(children):
            if not isinstance(child, dict):
                raise ctx.error("not an object", record=rec, field=f"replies.comments[{i}]")
            yield from self.comment(child, f"{rec} reply {i}", channel=channel, video=video,
                                    parent=tid)

    def comment_item(self, it: dict, rec: str) -> Iterator[Record | Skip]:
        yield from self.comment(it, rec, channel=None, video=None)

    def comment(self, c: dict, rec: str, *, channel: str | None, video: str | None,
                parent: str | None = None, replies: int | None = None) -> Iterator[Record]:
        ctx = self.ctx
        cid = self.ident(c.get("id"), rec, "id")
        rec = f"comment {cid}"
        sn = self.snippet(c, rec)
        if channel is None and sn.get("channelId") is not None:
            channel = self.ident(sn.get("channelId"), rec, "snippet.channelId")
        channel = channel or self.default_channel or UNKNOWN_CHANNEL
        if video is None and sn.get("videoId") is not None:
            video = self.ident(sn.get("videoId"), rec, "snippet.videoId")
        if sn.get("parentId") is not None:
            parent = self.ident(sn.get("parentId"), rec, "snippet.parentId")
        if sn.get("textOriginal") is not None:
            text = ctx.checked_text(sn["textOriginal"], record=rec, field="snippet.textOriginal")
            links = find_links(text)
        else:
            raw = ctx.checked_text(sn.get("textDisplay"), record=rec, field="snippet.textDisplay")
            text, links = html_text(raw)
            links += [u for u in find_links(text) if u not in links]
        author_id = sn.get("authorChannelId")
        if isinstance(author_id, dict):
            author_id = author_id.get("value")
        if author_id not in (None, ""):
            author = ctx.person(PLATFORM, self.ident(author_id, rec, "snippet.authorChannelId"))
        else:
            name = opt_str(ctx, sn.get("authorDisplayName"), record=rec,
                           field="snippet.authorDisplayName")
            author = ctx.person(PLATFORM, f"name:{name}") if name else None
        published = utc_from_iso(sn.get("publishedAt"), ctx, record=rec,
                                 field="snippet.publishedAt")
        updated = sn.get("updatedAt")
        edited = (utc_from_iso(updated, ctx, record=rec, field="snippet.updatedAt")
                  if updated not in (None, sn.get("publishedAt")) else None)
        yield from self.source(channel)
        yield Item(
            item_key=item_key(PLATFORM, channel, cid), platform=PLATFORM,
            source_key=source_key(PLATFORM, channel), item_id=cid, kind="comment",
            published_at=published, edited_at=edited, text=text, author=author,
            parent_key=item_key(PLATFORM, channel, video) if video else None,
            reply_to_key=item_key(PLATFORM, channel, parent) if parent else None,
            forward_from=None, forward_from_title=None, repost_of_key=None,
            views=None, forwards=None, replies=replies,
            reactions=count_of(ctx, sn.get("likeCount"), record=rec, field="snippet.likeCount"),
            reactions_detail=None, links=links or None, media=None, poll=None,
            url=f"https://www.youtube.com/watch?v={video}&lc={cid}" if video else None,
            origin_format="youtube-api", origin_file=ctx.file_name, imported_at=ctx.imported_at,
        )

    def channel(self, it: dict, rec: str) -> Iterator[Record | Skip]:
        ctx = self.ctx
        cid = self.ident(it.get("id"), rec, "id")
        rec = f"channel {cid}"
        sn = self.snippet(it, rec) if "snippet" in it else {}
        title = opt_str(ctx, sn.get("title"), record=rec, field="snippet.title", limit=500)
        handle = opt_str(ctx, sn.get("customUrl"), record=rec, field="snippet.customUrl",
                         limit=200)
        yield from self.source(cid, title, handle)
        stats = it.get("statistics")
        if stats is None:
            return
        if not isinstance(stats, dict):
            raise ctx.error("not an object", record=rec, field="statistics")
        if stats.get("hiddenSubscriberCount") is True:
            yield Skip("subscriber count hidden by the channel")
            return
        subs = count_of(ctx, stats.get("subscriberCount"), record=rec,
                        field="statistics.subscriberCount")
        if subs is not None:
            yield SourceSnapshot(source_key=source_key(PLATFORM, cid), observed_at=ctx.file_time,
                                 subscribers=subs, origin="youtube-api")
