"""Text normalisation that keeps meaning and removes evasion.

``normalise`` returns a display-safe canonical form: NFKC; zero-width, bidi-control and other
invisible format characters removed; Arabic/Persian letter variants unified (Arabic yeh/kaf →
Persian forms only inside Persian context is language work, so here: alef variants, teh marbuta
kept, tatweel and harakat removed); the apostrophes and modifier letters of Uzbek Latin unified
to U+02BB (ʻ) after o/g and to ' elsewhere; whitespace collapsed. The original is never touched:
callers store both.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi controls, soft hyphen, word joiner, BOM, variation selectors, tags.
# ZWNJ (U+200C) is orthographic in Persian: kept between Arabic-script letters, removed elsewhere.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200d-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
    "|(?<![\u0620-\u06ff])\u200c|\u200c(?![\u0620-\u06ff])"
)
# Arabic harakat, Quranic marks and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # alef forms
    "\u0649": "\u064a",  # alef maksura → yeh
    "\u06cc": "\u064a",  # Persian yeh → Arabic yeh (folded form)
    "\u06a9": "\u0643",  # Persian keheh → Arabic kaf
})
# Uzbek Latin: oʻ gʻ written with many look-alikes.
_UZ_APOSTROPHES = "'`´ʹʼʽʾʿˈ‘’‛′"
_UZ_OG = re.compile(f"([OoGg])[{re.escape(_UZ_APOSTROPHES)}ʻ]")
_APOSTROPHE = re.compile(f"[{re.escape(_UZ_APOSTROPHES)}]")
_SPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def normalise(text: str) -> str:
    """Canonical form of a text for display, matching and models."""
    if not text:
        return ""
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates → U+FFFD
    text = unicodedata.normalize("NFKC", text)
    text = strip_invisible(text)
    text = _UZ_OG.sub(lambda m: m.group(1) + "ʻ", text)
    text = _APOSTROPHE.sub("'", text)
    text = _SPACE.sub(" ", text)
    return text.strip()


def fold_arabic(text: str) -> str:
    """Arabic-script folding for matching (not for display): marks, tatweel, letter variants."""
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)
