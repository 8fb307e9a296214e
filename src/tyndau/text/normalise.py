"""Text normalisation that keeps meaning and removes evasion.

``normalise`` returns a canonical form for display, matching and models:

- Unicode NFKC (presentation forms, full-width and compatibility letters folded);
- zero-width, bidi-control and other invisible format characters removed (the Persian ZWNJ is
  kept between Arabic-script letters, where it is spelling);
- look-alike letters folded inside words written mostly in one script: a Latin ``a``/``o``/``c``
  … inside a Cyrillic word becomes Cyrillic, a Cyrillic ``а``/``о``/``с`` … inside a Latin word
  becomes Latin, Greek look-alikes likewise — the classic evasion of keyword filters;
- Arabic-script tatweel and harakat removed (yeh/kaf and alef variants are unified only in the
  match key and the lexical form: in the normalised text they tell Persian from Arabic);
- Uzbek Latin oʻ/gʻ written with any apostrophe-like character unified to U+02BB, other
  apostrophes to ``'``; whitespace collapsed.

Emoji, URLs, mentions and hashtags are kept; :func:`split_entities` separates them. The original
text is never touched: callers store both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width and bidi controls, soft hyphen, word joiner, BOM, variation selectors, tags.
# ZWNJ (U+200C) is orthographic in Persian: kept between Arabic-script letters, removed elsewhere.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200d-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)
_STRAY_ZWNJ = re.compile("(?<![\u0620-\u06ff])\u200c|\u200c(?![\u0620-\u06ff])")
_HAS_ARABIC = re.compile("[\u0600-\u06ff]")
_ARABIC_TATWEEL_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u06d6-\u06dc\u06df-\u06e8"
                                   "\u06ea-\u06ed]")
# Arabic harakat, Quranic marks and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # alef forms
    "\u0649": "\u064a",  # alef maksura → yeh
    "\u06cc": "\u064a",  # Persian yeh → Arabic yeh (folded form)
    "\u06a9": "\u0643",  # Persian keheh → Arabic kaf
})
# Look-alikes: Latin/Greek letters that look Cyrillic, and Cyrillic/Greek letters that look Latin.
_TO_CYRILLIC = str.maketrans({
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "I": "І",
    "α": "а", "ε": "е", "ο": "о", "ρ": "р", "χ": "х", "Α": "А", "Β": "В", "Ε": "Е", "Η": "Н",
    "Κ": "К", "Μ": "М", "Ο": "О", "Ρ": "Р", "Τ": "Т", "Χ": "Х",
})
_TO_LATIN = str.maketrans({
    "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "і": "i", "ј": "j",
    "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P",
    "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ο": "o", "ρ": "p", "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
})
_CYR_CHARS = "\u0400-\u04ff\u0500-\u052f"
_LAT_CHARS = "A-Za-z\u00c0-\u024f"
_GRK_CHARS = "\u0370-\u03ff"
_HAS_CYR = re.compile(f"[{_CYR_CHARS}]")
_HAS_LAT = re.compile(f"[{_LAT_CHARS}]")
_HAS_GRK = re.compile(f"[{_GRK_CHARS}]")
_W = f"[{_CYR_CHARS}{_LAT_CHARS}{_GRK_CHARS}]"
_SCRIPT_SEAM = re.compile(
    f"[{_CYR_CHARS}][{_LAT_CHARS}{_GRK_CHARS}]|[{_LAT_CHARS}{_GRK_CHARS}][{_CYR_CHARS}]"
    f"|[{_LAT_CHARS}][{_GRK_CHARS}]|[{_GRK_CHARS}][{_LAT_CHARS}]")
# Only words with letters of two scripts reach Python (single-script words are the vast majority).
_MIXED_WORD = re.compile(
    f"(?<!{_W}){_W}*?(?:[{_CYR_CHARS}]{_W}*?[{_LAT_CHARS}{_GRK_CHARS}]"
    f"|[{_LAT_CHARS}{_GRK_CHARS}]{_W}*?[{_CYR_CHARS}]|[{_LAT_CHARS}]{_W}*?[{_GRK_CHARS}]"
    f"|[{_GRK_CHARS}]{_W}*?[{_LAT_CHARS}]){_W}*")
_CYR_LETTER = re.compile(f"[{_CYR_CHARS}]")
_LAT_LETTER = re.compile(f"[{_LAT_CHARS}]")


def _fold_word(m: re.Match[str]) -> str:
    word = m.group(0)
    cyr = len(_CYR_LETTER.findall(word))
    lat = len(_LAT_LETTER.findall(word))
    if cyr > lat:
        folded = word.translate(_TO_CYRILLIC)
        return folded if not _HAS_LAT.search(folded) and not _HAS_GRK.search(folded) else word
    if lat > cyr:
        folded = word.translate(_TO_LATIN)
        return folded if not _HAS_CYR.search(folded) and not _HAS_GRK.search(folded) else word
    return word


def fold_lookalikes(text: str) -> str:
    """Fold look-alike letters inside words written mostly in one script.

    A word is folded only when every letter of the minority script has a look-alike in the
    majority script, so genuinely mixed tokens (codes, names in two scripts) stay as written.
    """
    # A word with letters of two scripts has two such letters side by side somewhere.
    if not _SCRIPT_SEAM.search(text):
        return text
    return _MIXED_WORD.sub(_fold_word, text)


# Uzbek Latin: oʻ gʻ written with many look-alikes.
_UZ_APOSTROPHES = "'`´ʹʼʽʾʿˈ‘’‛′"
_UZ_OG = re.compile(f"([OoGg])[{re.escape(_UZ_APOSTROPHES)}ʻ]")
_APOSTROPHE = re.compile(f"[{re.escape(_UZ_APOSTROPHES)}]")
_WS = "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_SPACE = re.compile(f"{_WS}{{2,}}|[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def strip_invisible(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    return _STRAY_ZWNJ.sub("", text) if "\u200c" in text else text


def normalise(text: str) -> str:
    """Canonical form of a text for display, matching and models."""
    if not text:
        return ""
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates → U+FFFD
    text = unicodedata.normalize("NFKC", text)
    text = strip_invisible(text)
    text = fold_lookalikes(text)
    text = _ARABIC_TATWEEL_MARKS.sub("", text) if _HAS_ARABIC.search(text) else text
    text = _UZ_OG.sub(lambda m: m.group(1) + "ʻ", text)
    text = _APOSTROPHE.sub("'", text)
    text = _SPACE.sub(" ", text)
    return text.strip()


def fold_arabic(text: str) -> str:
    """Arabic-script folding for matching (not for display): marks, tatweel, letter variants."""
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)


def arabic_fold_table() -> dict[int, str | None]:
    """``fold_arabic`` as one ``str.translate`` table (to merge into other tables)."""
    marks = {cp: None for cp in range(0x0600, 0x0700) if _ARABIC_MARKS.match(chr(cp))}
    return {**marks, **_ARABIC_FOLD}


#: URLs as the whole package finds them (also links in connectors, protected spans in translit).
#: Scheme-less addresses are common in posts for the platforms that matter here.
_BARE_HOSTS = ("t.me/", "telegram.me/", "vk.com/", "youtube.com/", "youtu.be/", "ok.ru/")
URL_PATTERN = (r"(?:https?://|www\.|(?<![\w.\-/@])(?:m\.)?(?:"
               + "|".join(re.escape(h) for h in _BARE_HOSTS) + r"))[^\s<>\"'«»()\[\]]+")
_URL = re.compile(URL_PATTERN, re.IGNORECASE)


def find_urls(text: str) -> list[str]:
    """URLs in a text, trailing punctuation removed (a cheap test first: most posts have none)."""
    if not text:
        return []
    lowered = text.lower()
    if ("://" not in text and "www." not in lowered
            and not any(h in lowered for h in _BARE_HOSTS)):
        return []
    return [u.rstrip(".,;:!?") for u in _URL.findall(text)]
_MENTION = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{3,64}")  # not youtube.com/@handle
_HASHTAG = re.compile(r"(?<![\w#])#[^\s#@.,;:!?()\[\]{}\"'«»]+")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u3030\u303d"
    "\u3297\u3299\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa]"
)


@dataclass(frozen=True, slots=True)
class Entities:
    urls: list[str]
    mentions: list[str]
    hashtags: list[str]
    emoji: list[str]
    text: str  # the text with URLs, mentions and emoji removed, hashtags kept as words


def split_entities(text: str) -> Entities:
    """Separate URLs, @mentions, #hashtags and emoji from the words of a (normalised) text."""
    urls = find_urls(text)
    rest = _URL.sub(" ", text) if urls else text
    mentions = _MENTION.findall(rest) if "@" in rest else []
    if mentions:
        rest = _MENTION.sub(" ", rest)
    hashtags = _HASHTAG.findall(rest) if "#" in rest else []
    if hashtags:
        rest = _HASHTAG.sub(lambda m: " " + m.group(0)[1:].replace("_", " ") + " ", rest)
    emoji = _EMOJI.findall(rest)
    rest = _EMOJI.sub(" ", rest)
    return Entities(urls, mentions, hashtags, emoji, " ".join(rest.split()))
