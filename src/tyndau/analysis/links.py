"""References between sources: URLs and @mentions resolved to canonical source references.

A *reference* names a source that content points at, in one canonical form per platform:

==========================  =====================================================================
``telegram:<id>``           a Telegram channel by numeric id (``t.me/c/<id>/…``; forwards)
``telegram:@<handle>``      a Telegram public handle, lower-case, 5–32 of ``[a-z0-9_]``
``vk:-<id>``                a VK community (``club<id>``, ``public<id>``, ``wall-<id>_<post>``)
``vk:@<screen_name>``       a VK screen name, lower-case, 3–32 of ``[a-z0-9_.]``
``youtube:UC…``             a YouTube channel id (``youtube.com/channel/UC…``)
``youtube:@<handle>``       a YouTube handle, lower-case, 3–30 of ``[a-z0-9._-]``
``web:<domain>``            any other site: its domain, lower-case, ``www.`` stripped, IDNA
==========================  =====================================================================

Every string comes from hostile content, so nothing is trusted: a candidate handle is accepted
only when it matches its platform's pattern in full, and :func:`is_reference` is the single
check that what leaves this module is one of the forms above (URLs are only ever rebuilt from a
checked reference, by :func:`reference_url`). Resolution never raises; what does not resolve is
``None`` with a reason (:data:`REASONS`): a private invite link, a video (``youtu.be/…``,
``watch?v=``), a person (``vk.com/id…``, ``t.me/+<phone>``), an account on a platform tyndau does
not model (Instagram, X, …), or anything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Why a URL or mention did not resolve to a reference (``"source"`` when it did).
REASONS = ("source", "invite", "video", "person", "platform", "other")

TELEGRAM_HANDLE = re.compile(r"[A-Za-z0-9_]{5,32}")
VK_SCREEN_NAME = re.compile(r"[A-Za-z0-9_.]{3,32}")
YOUTUBE_HANDLE = re.compile(r"[A-Za-z0-9._-]{3,30}")
YOUTUBE_CHANNEL = re.compile(r"UC[A-Za-z0-9_-]{22}")
_DIGITS = re.compile(r"[0-9]{1,20}")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})")

_REFERENCE = re.compile(
    r"telegram:(?:[0-9]{1,20}|@[a-z0-9_]{5,32})"
    r"|vk:(?:-[0-9]{1,19}|@[a-z0-9_.]{3,32})"
    r"|youtube:(?:UC[A-Za-z0-9_-]{22}|@[a-z0-9._-]{3,30})"
    rf"|web:(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})"
)

# scheme, user info, host, port, path, query (fragment dropped); tolerant of missing parts.
_SPLIT = re.compile(
    r"\s*(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{0,15}):(?=//)"
    r"|(?P<opaque>mailto|tel|javascript|data|sms|file):)?(?://)?(?:[^@/?#\s]*@)?"
    r"(?P<host>[^/?#:\s]*)(?::[0-9]*)?(?P<path>/[^?#\s]*)?(?:\?(?P<query>[^#\s]*))?"
)

TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
VK_HOSTS = frozenset({"vk.com", "vk.ru", "vkontakte.ru"})
YOUTUBE_HOSTS = frozenset({"youtube.com", "music.youtube.com", "youtube-nocookie.com"})
#: Social platforms whose accounts tyndau does not model: a link to them names no source (a
#: ``web:instagram.com`` node would merge every account of the platform into one).
OTHER_PLATFORM_HOSTS = frozenset({
    "instagram.com", "facebook.com", "fb.com", "fb.me", "twitter.com", "x.com", "tiktok.com",
    "ok.ru", "threads.net", "wa.me", "whatsapp.com", "linkedin.com", "reddit.com",
})
#: Link shorteners and app stores: the link hides or names no publishing source.
NO_SOURCE_HOSTS = frozenset({
    "bit.ly", "t.co", "goo.gl", "tinyurl.com", "clck.ru", "vk.cc", "ow.ly", "cutt.ly",
    "is.gd", "rebrand.ly", "apps.apple.com", "play.google.com",
})
_TELEGRAM_RESERVED = frozenset({
    "joinchat", "addstickers", "addemoji", "addlist", "addtheme", "proxy", "socks", "share",
    "setlanguage", "login", "confirmphone", "invoice", "contact", "giftcode", "iv", "bg",
    "premium_offer", "boost", "s", "c", "m", "k", "a", "z", "web", "msg", "msg_url",
})
_VK_RESERVED = frozenset({
    "feed", "im", "search", "away.php", "login", "share.php", "video", "audio", "music", "friends",
    "groups", "apps", "settings", "support", "dev", "about", "terms", "blog", "jobs", "photos",
    "clips", "market", "services", "mail", "docs", "pages", "widget_community.php", "doc",
    "wall", "photo", "topic", "board", "album", "clip", "note", "page", "app", "events",
    "bookmarks", "gifts", "restore", "join", "legal", "privacy", "ads", "badbrowser.php",
})
_YOUTUBE_VIDEO = frozenset({"watch", "shorts", "live", "embed", "v", "playlist", "clip"})
_VK_COMMUNITY = re.compile(r"(?:club|public|event)([0-9]{1,19})")
_VK_PERSON = re.compile(r"id[0-9]{1,19}")
_VK_OBJECT = re.compile(
    r"(?:wall|video|photo|album|topic|board|clip|market|product|audio|doc|note)(-?)([0-9]{1,19})_")
_VK_WALL_QUERY = re.compile(r"(?:^|&)w=(?:wall|video|photo|topic)(-?)([0-9]{1,19})_")
_TG_RESOLVE_QUERY = re.compile(r"(?:^|&)domain=([^&]*)")


def is_reference(ref: object) -> bool:
    """Whether ``ref`` is a canonical reference (see the module docstring)."""
    return isinstance(ref, str) and _REFERENCE.fullmatch(ref) is not None


def reference_platform(ref: str) -> str:
    return ref.split(":", 1)[0]


def reference_url(ref: str) -> str | None:
    """The public address of a canonical reference; ``None`` for anything else."""
    if not is_reference(ref):
        return None
    platform, rest = ref.split(":", 1)
    if platform == "telegram":
        return f"https://t.me/{rest[1:]}" if rest.startswith("@") else None
    if platform == "vk":
        return f"https://vk.com/{rest[1:]}" if rest.startswith("@") else f"https://vk.com/club{rest[1:]}"
    if platform == "youtube":
        return (f"https://www.youtube.com/{rest}" if rest.startswith("@")
                else f"https://www.youtube.com/channel/{rest}")
    return f"https://{rest}/"


def telegram_handle(value: str) -> str | None:
    """``telegram:@handle`` when ``value`` (with or without ``@``) is a valid handle."""
    h = value[1:] if value.startswith("@") else value
    return f"telegram:@{h.lower()}" if TELEGRAM_HANDLE.fullmatch(h) else None


def vk_screen_name(value: str) -> str | None:
    """``vk:@screen_name`` when ``value`` is a plausible community screen name (not ``id123``,
    not all digits, not a reserved VK path)."""
    h = value[1:] if value.startswith("@") else value
    low = h.lower()
    if (not VK_SCREEN_NAME.fullmatch(h) or low in _VK_RESERVED or low.isdigit()
            or _VK_PERSON.fullmatch(low) or ".." in low or low.startswith(".")
            or low.endswith(".")):
        return None
    community = _VK_COMMUNITY.fullmatch(low)
    if community:
        return f"vk:-{int(community.group(1))}"
    return f"vk:@{low}"


def youtube_handle(value: str) -> str | None:
    h = value[1:] if value.startswith("@") else value
    return f"youtube:@{h.lower()}" if YOUTUBE_HANDLE.fullmatch(h) else None


def web_domain(host: str) -> str | None:
    """``web:<domain>`` for a host name: lower-case, ``www.`` stripped, IDNA-encoded."""
    host = host.strip().rstrip(".").lower()
    if not host or len(host) > 253:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except (UnicodeError, ValueError):
            return None
    if host.startswith("www."):
        host = host[4:]
    return f"web:{host}" if _DOMAIN.fullmatch(host) else None


def resolve_mention(mention: str, platform: str = "telegram") -> str | None:
    """An ``@mention`` found in an item of ``platform`` as a reference.

    In VK items a mention names a VK screen name; on YouTube, mentions answer commenters
    (people) and are never references; everywhere else (Telegram, web, tables) they are
    Telegram handles.
    """
    if not isinstance(mention, str) or platform == "youtube":
        return None
    m = mention.strip()
    return vk_screen_name(m) if platform == "vk" else telegram_handle(m)


def resolve_url(url: str) -> str | None:
    """The canonical reference a URL points at, or ``None``."""
    return resolve_url_detail(url)[0]


def resolve_url_detail(url: str) -> tuple[str | None, str]:
    """``(reference, "source")`` or ``(None, reason)`` with a reason from :data:`REASONS`."""
    ref, reason = _resolve(url)
    if ref is not None and not is_reference(ref):
        return None, "other"
    return ref, reason


def resolve_urls(urls: Iterable[str]) -> tuple[list[str | None], list[str]]:
    """:func:`resolve_url_detail` over many URLs (each distinct URL resolved once)."""
    seen: dict[str, tuple[str | None, str]] = {}
    refs: list[str | None] = []
    reasons: list[str] = []
    for u in urls:
        hit = seen.get(u)
        if hit is None:
            hit = seen[u] = resolve_url_detail(u) if isinstance(u, str) else (None, "other")
        refs.append(hit[0])
        reasons.append(hit[1])
    return refs, reasons


def _resolve(url: str) -> tuple[str | None, str]:
    if not isinstance(url, str) or len(url) > 4096:
        return None, "other"
    m = _SPLIT.match(url)
    if m is None:
        return None, "other"
    scheme = (m.group("scheme") or "").lower()
    host = (m.group("host") or "").strip().lower().rstrip(".")
    path = m.group("path") or ""
    query = m.group("query") or ""
    if scheme == "tg":  # tg://resolve?domain=<handle>
        q = _TG_RESOLVE_QUERY.search(query) if host == "resolve" else None
        ref = telegram_handle(q.group(1)) if q else None
        return (ref, "source") if ref else (None, "other")
    if m.group("opaque"):
        return None, "other"
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix) and "." in host[len(prefix):]:
            host = host[len(prefix):]
            break
    segs = [s for s in path.split("/") if s][:3]
    if host in TELEGRAM_HOSTS:
        return _telegram(segs)
    if host.endswith(".t.me"):  # <handle>.t.me
        ref = telegram_handle(host[:-5])
        return (ref, "source") if ref else (None, "other")
    if host in VK_HOSTS:
        return _vk(segs, query)
    if host in YOUTUBE_HOSTS:
        return _youtube(segs)
    if host == "youtu.be":
        return None, "video"
    if host in OTHER_PLATFORM_HOSTS:
        return None, "platform"
    if host in NO_SOURCE_HOSTS:
        return None, "other"
    ref = web_domain(host)
    return (ref, "source") if ref else (None, "other")


def _telegram(segs: list[str]) -> tuple[str | None, str]:
    if not segs:
        return None, "other"
    first = segs[0]
    if first == "joinchat":
        return None, "invite"
    if first.startswith("+") or first.startswith("%2B"):
        rest = first[1:] if first.startswith("+") else first[3:]
        return (None, "person") if rest.isdigit() else (None, "invite")
    if first == "c":  # t.me/c/<channel id>/<post>
        if len(segs) > 1 and _DIGITS.fullmatch(segs[1]):
            return f"telegram:{int(segs[1])}", "source"
        return None, "other"
    if first in ("s", "boost") and len(segs) > 1:  # t.me/s/<handle>, t.me/boost/<handle>
        first = segs[1]
    elif first.lower() in _TELEGRAM_RESERVED:
        return None, "other"
    ref = telegram_handle(first)
    return (ref, "source") if ref else (None, "other")


def _vk(segs: list[str], query: str) -> tuple[str | None, str]:
    q = _VK_WALL_QUERY.search(query)
    if q:  # vk.com/feed?w=wall-123_45 and the like
        return (f"vk:-{int(q.group(2))}", "source") if q.group(1) else (None, "person")
    if not segs:
        return None, "other"
    first = segs[0]
    low = first.lower()
    obj = _VK_OBJECT.match(low)
    if obj:  # wall-<owner>_<post>: a community's post; a positive owner is a person
        return (f"vk:-{int(obj.group(2))}", "source") if obj.group(1) else (None, "person")
    community = _VK_COMMUNITY.fullmatch(low)
    if community:
        return f"vk:-{int(community.group(1))}", "source"
    if _VK_PERSON.fullmatch(low):
        return None, "person"
    ref = vk_screen_name(first)
    return (ref, "source") if ref else (None, "other")


def _youtube(segs: list[str]) -> tuple[str | None, str]:
    if not segs:
        return None, "other"
    first = segs[0]
    if first.startswith("@"):
        ref = youtube_handle(first)
        return (ref, "source") if ref else (None, "other")
    if first == "channel" and len(segs) > 1 and YOUTUBE_CHANNEL.fullmatch(segs[1]):
        return f"youtube:{segs[1]}", "source"
    if first.lower() in _YOUTUBE_VIDEO:
        return None, "video"
    return None, "other"  # legacy /c/<name> and /user/<name> addresses name no stable channel
