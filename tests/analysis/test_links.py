"""URL and @mention resolution to canonical source references: every rule, and hostile input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tyndau.analysis.links import (
    REASONS,
    is_reference,
    reference_url,
    resolve_mention,
    resolve_url,
    resolve_url_detail,
    resolve_urls,
    web_domain,
)

CASES = [
    # Telegram
    ("https://t.me/Karvon_Sadosi", "telegram:@karvon_sadosi", "source"),
    ("https://t.me/karvon_sadosi/123", "telegram:@karvon_sadosi", "source"),
    ("t.me/s/karvon_sadosi", "telegram:@karvon_sadosi", "source"),
    ("http://telegram.me/karvon_sadosi?start=x", "telegram:@karvon_sadosi", "source"),
    ("https://telegram.dog/karvon_sadosi", "telegram:@karvon_sadosi", "source"),
    ("https://www.t.me/karvon_sadosi/5#c", "telegram:@karvon_sadosi", "source"),
    ("https://karvon_sadosi.t.me/", "telegram:@karvon_sadosi", "source"),
    ("https://t.me/boost/karvon_sadosi", "telegram:@karvon_sadosi", "source"),
    ("tg://resolve?domain=karvon_sadosi&post=4", "telegram:@karvon_sadosi", "source"),
    ("https://t.me/c/1811000001/55", "telegram:1811000001", "source"),
    ("https://t.me/c/001811000001", "telegram:1811000001", "source"),
    ("https://t.me/joinchat/AAAAAEr5zk", None, "invite"),
    ("https://t.me/+AbCdEf12", None, "invite"),
    ("https://t.me/+79991234567", None, "person"),
    ("https://t.me/abcd", None, "other"),  # 4 characters: not a handle
    ("https://t.me/" + "a" * 33, None, "other"),  # 33 characters
    ("https://t.me/bad-handle", None, "other"),
    ("https://t.me/addstickers/SomeSet", None, "other"),
    ("https://t.me/share/url?url=x", None, "other"),
    ("https://t.me/c/notanid/1", None, "other"),
    ("https://t.me/", None, "other"),
    ("tg://resolve?domain=ab", None, "other"),
    # VK
    ("https://vk.com/wall-2000002_2168", "vk:-2000002", "source"),
    ("https://vk.com/club2000002", "vk:-2000002", "source"),
    ("https://m.vk.com/public2000002", "vk:-2000002", "source"),
    ("https://vk.com/event77", "vk:-77", "source"),
    ("https://vk.com/video-2000002_456", "vk:-2000002", "source"),
    ("https://vk.com/feed?w=wall-2000002_5", "vk:-2000002", "source"),
    ("https://vk.com/Ca_Vesti", "vk:@ca_vesti", "source"),
    ("https://vk.ru/ca.vesti", "vk:@ca.vesti", "source"),
    ("https://vk.com/id12345", None, "person"),
    ("https://vk.com/wall12345_6", None, "person"),
    ("https://vk.com/feed", None, "other"),
    ("https://vk.com/away.php?to=http%3A%2F%2Fx.org", None, "other"),
    ("https://vk.com/12345", None, "other"),
    # YouTube
    ("https://www.youtube.com/@SomeChannel", "youtube:@somechannel", "source"),
    ("https://m.youtube.com/@some.channel-1/videos", "youtube:@some.channel-1", "source"),
    ("https://youtube.com/channel/UCabcdefghijklmnopqrstuv", "youtube:UCabcdefghijklmnopqrstuv",
     "source"),
    ("https://youtu.be/dQw4w9WgXcQ", None, "video"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", None, "video"),
    ("https://youtube.com/shorts/abc", None, "video"),
    ("https://www.youtube.com/c/LegacyName", None, "other"),
    ("https://youtube.com/channel/UCshort", None, "other"),
    # web and the rest
    ("https://WWW.CALedger.Example/2026/05/x?utm=1", "web:caledger.example", "source"),
    ("www.caledger.example:8080/a", "web:caledger.example", "source"),
    ("http://news.caledger.example/", "web:news.caledger.example", "source"),
    ("https://user@caledger.example/", "web:caledger.example", "source"),
    ("https://пример.рф/страница", "web:xn--e1afmkfd.xn--p1ai", "source"),
    ("https://instagram.com/someone", None, "platform"),
    ("https://bit.ly/3abcDEF", None, "other"),  # a shortener hides the source
    ("apps.apple.com/app/id123", None, "other"),
    ("https://x.com/someone", None, "platform"),
    ("http://192.168.1.1/admin", None, "other"),
    ("https://localhost/", None, "other"),
    ("mailto:someone@caledger.example", None, "other"),
    ("javascript:alert(1)", None, "other"),
    ("https://exa_mple.com/", None, "other"),
    ("", None, "other"),
]


@pytest.mark.parametrize(("url", "ref", "reason"), CASES)
def test_each_rule(url: str, ref: str | None, reason: str) -> None:
    assert resolve_url_detail(url) == (ref, reason)
    assert resolve_url(url) == ref


def test_resolve_urls_matches_one_by_one() -> None:
    urls = [u for u, _, _ in CASES] * 2
    refs, reasons = resolve_urls(urls)
    assert list(zip(refs, reasons, strict=True)) == [resolve_url_detail(u) for u in urls]


@pytest.mark.parametrize(("mention", "platform", "ref"), [
    ("@Camonitor_Jobs", "telegram", "telegram:@camonitor_jobs"),
    ("@camonitor_jobs", "web", "telegram:@camonitor_jobs"),
    ("camonitor_jobs", "telegram", "telegram:@camonitor_jobs"),
    ("@abcd", "telegram", None),
    ("@" + "a" * 33, "telegram", None),
    ("@ca_vesti", "vk", "vk:@ca_vesti"),
    ("@club2000002", "vk", "vk:-2000002"),
    ("@id123", "vk", None),
    ("@some_channel", "youtube", None),  # YouTube mentions answer commenters (people)
])
def test_mentions(mention: str, platform: str, ref: str | None) -> None:
    assert resolve_mention(mention, platform) == ref


def test_reference_checks_and_urls() -> None:
    assert is_reference("telegram:1811000001") and is_reference("vk:-2000002")
    assert is_reference("web:caledger.example") and is_reference("youtube:@abc")
    for bad in ("telegram:@abcd", "telegram:@Upper_Case", "vk:2000002", "web:localhost",
                "web:caledger.example/x", "p:16b795c05318430b9d25", "telegram:1\n",
                "telegram:١٢٣", "web:caledger.example\n", 7, None):
        assert not is_reference(bad), bad
    assert reference_url("telegram:@karvon_sadosi") == "https://t.me/karvon_sadosi"
    assert reference_url("vk:-2000002") == "https://vk.com/club2000002"
    assert reference_url("vk:@ca_vesti") == "https://vk.com/ca_vesti"
    assert reference_url("youtube:@abc") == "https://www.youtube.com/@abc"
    assert reference_url("web:caledger.example") == "https://caledger.example/"
    assert reference_url("telegram:1811000001") is None  # no public address from an id
    assert reference_url("telegram:@x/../../evil") is None
    assert reference_url('web:a.com"><script>') is None


def test_web_domain() -> None:
    assert web_domain("WWW.Example.ORG.") == "web:example.org"
    assert web_domain("a" * 64 + ".com") is None
    assert web_domain("\udcff.com") is None


# -- hostile input ------------------------------------------------------------------------------

_HOSTS = ["t.me", "telegram.me", "vk.com", "m.vk.com", "youtube.com", "www.youtube.com",
          "youtu.be", "example.org", "x.t.me", "instagram.com", "пример.рф", ""]
_SEGMENT = st.one_of(
    st.sampled_from(["c", "s", "joinchat", "+abc", "+7999", "boost", "wall-1_2", "club5", "id7",
                     "@handle_x", "channel", "UCabcdefghijklmnopqrstuv", "watch", "feed",
                     "karvon_sadosi", "Karvon_Sadosi", "12345", "", "..", "%2B"]),
    st.text(max_size=40),
)
_URLS = st.builds(
    lambda scheme, host, segs, query: f"{scheme}{host}/{'/'.join(segs)}{query}",
    st.sampled_from(["https://", "http://", "", "tg://", "HTTPS://", "ftp://", "mailto:"]),
    st.one_of(st.sampled_from(_HOSTS), st.text(max_size=30)),
    st.lists(_SEGMENT, max_size=4),
    st.one_of(st.just(""), st.text(max_size=30).map(lambda q: "?" + q),
              st.sampled_from(["?w=wall-5_6", "?w=wall5_6", "?domain=karvon_sadosi"])),
)


def _check(ref: str | None, reason: str) -> None:
    assert reason in REASONS
    assert (ref is None) == (reason != "source")
    if ref is not None:
        assert is_reference(ref)
        url = reference_url(ref)
        assert url is None or re.fullmatch(r"https://[a-z0-9.-]+/[A-Za-z0-9_.@/-]*", url), url


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(*resolve_url_detail(text))
    for platform in ("telegram", "vk", "youtube", "web"):
        ref = resolve_mention(text, platform)
        assert ref is None or is_reference(ref)


@settings(max_examples=1500, deadline=None)
@given(_URLS)
def test_url_shaped_input_never_raises(url: str) -> None:
    _check(*resolve_url_detail(url))


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9_]{5,32}", fullmatch=True), st.integers(0, 10**9))
def test_any_valid_handle_resolves_and_round_trips(handle: str, post: int) -> None:
    if handle.lower() in {"joinchat", "addstickers", "addemoji", "addlist", "addtheme", "proxy",
                          "socks", "share", "setlanguage", "login", "confirmphone", "invoice",
                          "contact", "giftcode", "premium_offer", "boost", "msg_url"}:
        return
    ref = f"telegram:@{handle.lower()}"
    assert resolve_url(f"https://t.me/{handle}/{post}") == ref
    assert resolve_mention(f"@{handle}") == ref
    assert resolve_url(reference_url(ref) or "") == ref


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(
    lambda h: not re.fullmatch(r"[A-Za-z0-9_]{5,32}", h)
    and not any(c in "/?#" or c.isspace() for c in h)))
def test_invalid_handles_never_become_references(handle: str) -> None:
    assert resolve_mention("@" + handle) is None
    assert resolve_url("https://t.me/" + handle) is None
    assert resolve_url("https://t.me/s/" + handle) is None
