"""VK API responses saved as JSON: walls, comments, news feeds, communities, Long Poll events.

Read: ``wall.get`` (plain and ``extended`` with ``profiles``/``groups``), ``wall.getById`` (a list
or ``{"items"}``), ``wall.getComments`` / ``wall.getComment`` (with ``thread`` replies),
``video.getComments``, ``newsfeed.get`` / ``search`` / ``getRecommended`` (``source_id`` +
``post_id`` entries of type ``post``), ``groups.getById`` (a list or ``{"groups"}``: a
:class:`Source` and, with ``members_count``, a :class:`SourceSnapshot`) and Bots Long Poll
histories (``{"ts", "updates"}`` or one saved event ``{"type", "object"}``). An ``{"error"}``
answer becomes one :class:`Skip`. ``copy_history`` originals are imported as posts of their own.

Keys: ``vk:<owner id>:<post id>`` with VK's sign (communities negative); comments
``vk:<owner>:<post>_<comment>`` (video comments ``…:video<video>_<comment>``). Old comment pages
carry no ``owner_id``/``post_id``: they come from a file name like ``wall-1_2.json`` /
``video-1_2.json`` or the ``owner_id``, ``post_id``, ``video_id`` import options, else the
comments are skipped.

Dropped for privacy: the ``profiles`` list (names, screen names, photos) is never read; people
(positive ids in ``from_id``, ``signer_id``, attachment owners) are kept only as pseudonyms;
posts on a person's own wall and comments under them are skipped; user mentions
``[id123|Name]`` in text are replaced by the pseudonym. Also dropped: ``reply_to_user``, geo,
photo URLs and sizes, access keys. Text is HTML-unescaped and ``<br>`` becomes a line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from tyndau.connectors.base import (
    ImportContext,
    Record,
    Skip,
    find_links,
    sniff_json_head,
    unescape_html,
    utc_from_unix,
)
from tyndau.connectors.fields import count_of, list_of, load_json_file, opt_str, to_int
from tyndau.schema import Item, Source, SourceSnapshot
from tyndau.schema.keys import item_key, source_key

PLATFORM = "vk"
VK_MARKERS = ('"owner_id"', '"from_id"', '"post_type"', '"members_count"', '"screen_name"',
              '"is_closed"', '"source_id"', '"post_id"')
LONGPOLL_RE = re.compile(r'"type"\s*:\s*"(?:wall|video)_')
CONTEXT_RE = re.compile(r"(wall|video)(-?\d{1,19})_(\d{1,19})")
MENTION_RE = re.compile(r"\[id(\d{1,19})(?::bp-?\d+_\d+)?\|[^\[\]\n]{0,200}\]")
BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
POST_EVENTS = {"wall_post_new", "wall_repost"}
REPLY_EVENTS = {"wall_reply_new", "wall_reply_edit", "wall_reply_restore"}
VIDEO_EVENTS = {"video_comment_new", "video_comment_edit", "video_comment_restore"}
NOT_GROUP = {"date", "owner_id", "from_id", "post_id", "source_id", "text"}


class VkConnector:
    name = "vk-api"
    description = "VK API responses (wall, comments, newsfeed, groups.getById, Long Poll)"

    def sniff(self, head: bytes, path: Path) -> bool:
        text = sniff_json_head(head)
        if not text.startswith("{"):
            return False
        if '"response"' in text:
            return any(m in text for m in VK_MARKERS)
        if '"updates"' in text:
            return '"wall_' in text or '"ts"' in text
        if '"error"' in text:
            return '"error_code"' in text
        return '"object"' in text and bool(LONGPOLL_RE.search(text))

    def read(self, ctx: ImportContext) -> Iterator[Record | Skip]:
        doc = load_json_file(ctx)
        if not isinstance(doc, dict):
            raise ctx.error(f"not a VK API response (a JSON {type(doc).__name__}, expected an "
                            "object with 'response', 'error' or 'updates')")
        yield from _Reader(ctx).document(doc)


class _Reader:
    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.groups: dict[int, dict] = {}
        self.sources: set[str] = set()
        self.context: dict[str, int] = {}
        m = CONTEXT_RE.search(ctx.path.name)
        if m:
            kind = "post_id" if m.group(1) == "wall" else "video_id"
            self.context = {"owner_id": int(m.group(2)), kind: int(m.group(3))}
        for key in ("owner_id", "post_id", "video_id"):
            if ctx.options.get(key) not in (None, ""):
                self.context[key] = to_int(ctx, ctx.options[key], record="options", field=key)

    # -- documents ---------------------------------------------------------------------------
    def document(self, doc: dict) -> Iterator[Record | Skip]:
        ctx = self.ctx
        if "error" in doc:
            err = doc["error"] if isinstance(doc["error"], dict) else {"error_msg": doc["error"]}
            yield Skip(f"VK API error {str(err.get('error_code'))[:20]}: "
                       f"{str(err.get('error_msg'))[:200]}")
        elif "response" in doc:
            yield from self.response(doc["response"])
        elif "updates" in doc:
            for i, event in enumerate(list_of(ctx, doc["updates"], record=None, field="updates")):
                yield from self.event(event, f"updates[{i}]")
        elif "type" in doc and "object" in doc:
            yield from self.event(doc, "event")
        else:
            raise ctx.error("not a VK API response: no 'response', 'error' or 'updates'")

    def response(self, resp: object) -> Iterator[Record | Skip]:
        ctx = self.ctx
        if isinstance(resp, dict):
            self.index_groups(resp.get("groups"))
            if "items" in resp:
                rows = list_of(ctx, resp["items"], record=None, field="items")
            elif "groups" in resp:
                rows = list(self.groups.values())
            else:
                yield Skip("VK response without posts, comments or communities (e.g. a "
                           "wall.repost result)")
                return
        elif isinstance(resp, list):
            rows = resp
        else:
            raise ctx.error(f"'response' is a {type(resp).__name__}, expected a list or object",
                            field="response")
        if not rows:
            yield Skip("VK response page with no items")
        for i, row in enumerate(rows):
            rec = f"items[{i}]"
            if not isinstance(row, dict):
                raise ctx.error(f"expected an object, got {type(row).__name__}", record=rec)
            if ("screen_name" in row or "name" in row) and not NOT_GROUP & row.keys():
                yield from self.group(row, rec)  # groups.getById
            elif "source_id" in row:
                if row.get("type", "post") != "post":
                    yield Skip(f"newsfeed entry of type {str(row.get('type'))[:30]!r} not "
                               "imported")
                    continue
                yield from self.post({**row, "owner_id": row["source_id"],
                                      "id": row.get("post_id")}, rec)
            elif "post_type" in row or "copy_history" in row:
                yield from self.post(row, rec)
            else:
                yield from self.comment(row, rec, self.context)

    def event(self, event: object, rec: str) -> Iterator[Record | Skip]:
        if not isinstance(event, dict):
            raise self.ctx.error("Long Poll event is not an object", record=rec)
        kind, obj = str(event.get("type"))[:40], event.get("object")
        if kind.endswith("_delete"):
            yield Skip("deleted comment" if "reply" in kind or "comment" in kind
                       else f"Long Poll event {kind!r} not imported")
            return
        if kind not in POST_EVENTS | REPLY_EVENTS | VIDEO_EVENTS:
            yield Skip(f"Long Poll event {kind!r} not imported")  # messages etc. are never read
            return
        if not isinstance(obj, dict):
            raise self.ctx.error("event 'object' is not an object", record=rec, field="object")
        if kind in POST_EVENTS:
            yield from self.post(obj, rec)
            return
        prefix, parent = ("post", "post_id") if kind in REPLY_EVENTS else ("video", "video_id")
        where = {"owner_id": obj.get(f"{prefix}_owner_id"), parent: obj.get(parent)}
        yield from self.comment(obj, rec, {k: v for k, v in where.items() if v is not None})

    # -- communities -------------------------------------------------------------------------
    def index_groups(self, groups: object) -> None:
        for i, g in enumerate(list_of(self.ctx, groups, record=None, field="groups")):
            if not isinstance(g, dict):
                raise self.ctx.error("group entry is not an object", record=f"groups[{i}]")
            self.groups[abs(to_int(self.ctx, g.get("id"), record=f"groups[{i}]", field="id"))] = g

    def group(self, g: dict, rec: str) -> Iterator[Record | Skip]:
        ctx, now = self.ctx, self.ctx.imported_at
        gid = abs(to_int(ctx, g.get("id"), record=rec, field="id"))
        name = opt_str(ctx, g.get("name"), record=rec, field="name", limit=500)
        screen = opt_str(ctx, g.get("screen_name"), record=rec, field="screen_name", limit=100)
        key = source_key(PLATFORM, f"-{gid}")
        self.sources.add(key)
        yield Source(source_key=key, platform=PLATFORM, source_id=f"-{gid}", kind="community",
                     handle=screen, title=unescape_html(name) if name else None,
                     url=f"https://vk.com/{screen or f'club{gid}'}", first_imported_at=now,
                     last_imported_at=now)
        members = count_of(ctx, g.get("members_count"), record=rec, field="members_count")
        if members is not None:
            yield SourceSnapshot(source_key=key, observed_at=ctx.file_time, subscribers=members,
                                 origin="vk-api")

    def owner_source(self, owner: int, rec: str) -> Iterator[Record | Skip]:
        """The community ``owner`` as a Source, once: from ``groups`` if listed, else untitled."""
        if source_key(PLATFORM, owner) not in self.sources:
            yield from self.group(self.groups.get(-owner, {"id": owner}), rec)

    # -- posts and comments ------------------------------------------------------------------
    def post(self, row: dict, rec: str, depth: int = 0) -> Iterator[Record | Skip]:
        ctx = self.ctx
        pid = to_int(ctx, row.get("id"), record=rec, field="id")
        owner = to_int(ctx, row.get("owner_id", row.get("to_id")), record=rec, field="owner_id")
        rec = f"wall{owner}_{pid}"
        repost_of, fwd, fwd_title = None, None, None
        history = list_of(ctx, row.get("copy_history"), record=rec, field="copy_history")
        for i, orig in enumerate(history if depth == 0 else []):
            if not isinstance(orig, dict):
                raise ctx.error("not an object", record=rec, field=f"copy_history[{i}]")
            nxt = history[i + 1] if i + 1 < len(history) else None  # the chain, one link each
            yield from self.post({**orig, "copy_history": [nxt] if nxt else None},
                                 f"{rec}.copy_history[{i}]", depth=1)
        if history and isinstance(history[0], dict):
            field = "copy_history[0]."
            ooid = to_int(ctx, history[0].get("owner_id"), record=rec, field=field + "owner_id")
            repost_of = item_key(PLATFORM, ooid, to_int(ctx, history[0].get("id"), record=rec,
                                                         field=field + "id"))
            if ooid < 0:
                fwd = source_key(PLATFORM, ooid)
                title = self.groups.get(-ooid, {}).get("name")
                fwd_title = unescape_html(title)[:500] if isinstance(title, str) else None
            else:
                fwd = ctx.person(PLATFORM, ooid)
        if owner >= 0:
            yield Skip("personal wall (a person's own page) not imported")
            return
        yield from self.owner_source(owner, rec)
        author = self.person(row, rec, "signer_id") or self.person(row, rec, "from_id")
        yield self.item(row, rec, owner, str(pid), kind="post", author=author,
                        repost_of_key=repost_of, forward_from=fwd, forward_from_title=fwd_title,
                        url=f"https://vk.com/wall{owner}_{pid}",
                        replies=count_of(ctx, row.get("comments"), record=rec, field="comments"))

    def comment(self, row: dict, rec: str, where: dict, parent_cid: int | None = None,
                depth: int = 0) -> Iterator[Record | Skip]:
        ctx = self.ctx
        if row.get("deleted"):
            yield Skip("deleted comment")
            return
        cid = to_int(ctx, row.get("id"), record=rec, field="id")
        raw_owner = row.get("owner_id", row.get("post_owner_id", where.get("owner_id")))
        post = row.get("post_id", where.get("post_id"))
        video = where.get("video_id") if post is None else None
        if raw_owner is None or (post is None and video is None):
            yield Skip("comment without its post: no owner_id/post_id in the response (name the "
                       "file like wall-1_2.json or pass the owner_id and post_id options)")
            return
        owner = to_int(ctx, raw_owner, record=rec, field="owner_id")
        if video is not None:
            vid = to_int(ctx, video, record=rec, field="video_id")
            parent_id, url = f"video{vid}", f"https://vk.com/video{owner}_{vid}"
        else:
            parent_id = str(to_int(ctx, post, record=rec, field="post_id"))
            url = f"https://vk.com/wall{owner}_{parent_id}?reply={cid}"
        rec = f"{parent_id}_{cid} on {owner}"
        if owner >= 0:
            yield Skip("comment on a personal wall or video not imported")
            return
        yield from self.owner_source(owner, rec)
        reply_cid = row.get("reply_to_comment", parent_cid)
        if reply_cid is not None:
            reply_cid = to_int(ctx, reply_cid, record=rec, field="reply_to_comment")
        thread = row.get("thread")
        yield self.item(row, rec, owner, f"{parent_id}_{cid}", kind="comment",
                        author=self.person(row, rec, "from_id"),
                        parent_key=item_key(PLATFORM, owner, parent_id),
                        reply_to_key=(item_key(PLATFORM, owner, f"{parent_id}_{reply_cid}")
                                      if reply_cid is not None else None),
                        url=url, replies=count_of(ctx, thread, record=rec, field="thread"))
        if depth == 0 and isinstance(thread, dict):
            here = {"owner_id": owner, "video_id" if video is not None else "post_id":
                    parent_id.removeprefix("video")}
            for i, child in enumerate(list_of(ctx, thread.get("items"), record=rec,
                                              field="thread.items")):
                if not isinstance(child, dict):
                    raise ctx.error("not an object", record=rec, field=f"thread.items[{i}]")
                yield from self.comment(child, f"{rec} thread[{i}]", here, cid, depth=1)

    def item(self, row: dict, rec: str, owner: int, iid: str, **links: Any) -> Item:
        """The Item of a post or comment; ``links``: its kind, author, relations (else None)."""
        ctx = self.ctx
        text = self.text(row.get("text"), rec)
        date, edited = row.get("date"), row.get("edited")
        if isinstance(date, bool) or date is None:
            raise ctx.error("missing or invalid date", record=rec, field="date")
        urls = find_links(text)
        media, poll = self.attachments(row.get("attachments"), rec, urls)
        return Item(
            item_key=item_key(PLATFORM, owner, iid), platform=PLATFORM,
            source_key=source_key(PLATFORM, owner), item_id=iid,
            published_at=utc_from_unix(date, ctx, record=rec, field="date"),
            edited_at=(utc_from_unix(edited, ctx, record=rec, field="edited")
                       if isinstance(edited, int) and not isinstance(edited, bool) else None),
            text=text,
            views=count_of(ctx, row.get("views"), record=rec, field="views"),
            forwards=count_of(ctx, row.get("reposts"), record=rec, field="reposts"),
            reactions=count_of(ctx, row.get("likes"), record=rec, field="likes"),
            links=urls or None, media=media, poll=poll,
            origin_format="vk-api", origin_file=ctx.file_name, imported_at=ctx.imported_at,
            **links,
        )

    def person(self, row: dict, rec: str, field: str) -> str | None:
        """The pseudonym of the person in ``field`` (positive ids; negative are communities)."""
        if row.get(field) in (None, 0, ""):
            return None
        uid = to_int(self.ctx, row[field], record=rec, field=field)
        return self.ctx.person(PLATFORM, uid) if uid > 0 else None

    def text(self, value: object, rec: str) -> str:
        text = unescape_html(BR_RE.sub("\n", self.ctx.checked_text(value, record=rec)))
        if "[id" in text:
            text = MENTION_RE.sub(lambda m: str(self.ctx.person(PLATFORM, m.group(1))), text)
        return text

    def attachments(self, value: object, rec: str,
                    links: list[str]) -> tuple[str | None, str | None]:
        """Media references as JSON (type, ``<owner>_<id>``) and the poll; adds link URLs."""
        ctx, media, poll = self.ctx, [], None
        for i, att in enumerate(list_of(ctx, value, record=rec, field="attachments")):
            field = f"attachments[{i}]"
            if not isinstance(att, dict) or not isinstance(att.get("type"), str):
                raise ctx.error("attachment without a type", record=rec, field=field)
            kind = att["type"][:40]
            body = att.get(kind)
            entry: dict[str, object] = {"type": kind}
            if isinstance(body, dict):
                if kind == "link":
                    url = opt_str(ctx, body.get("url"), record=rec, field=field + ".url")
                    if url and url not in links:
                        links.append(url)
                elif body.get("id") is not None and body.get("owner_id") is not None:
                    oid = to_int(ctx, body["owner_id"], record=rec, field=field + ".owner_id")
                    aid = to_int(ctx, body["id"], record=rec, field=field + ".id")
                    entry["id"] = f"{oid if oid < 0 else ctx.person(PLATFORM, oid)}_{aid}"
                if kind == "poll":
                    poll = _poll(body)
                elif kind == "doc" and isinstance(body.get("ext"), str):
                    entry["ext"] = body["ext"][:16]
            media.append(entry)
        return (orjson.dumps(media).decode() if media else None), poll


def _poll(body: dict) -> str:
    raw, votes = body.get("answers"), body.get("votes")
    answers = [{"text": unescape_html(str(a.get("text", ""))[:1000]),
                "voters": a["votes"] if isinstance(a.get("votes"), int) else None}
               for a in (raw if isinstance(raw, list) else []) if isinstance(a, dict)]
    return orjson.dumps({
        "question": unescape_html(str(body.get("question", ""))[:2000]),
        "closed": bool(body.get("closed")), "answers": answers,
        "total_voters": votes if isinstance(votes, int) else None,
    }).decode()
