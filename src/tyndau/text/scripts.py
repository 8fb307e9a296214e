"""Script detection and a script-independent match key.

``detect_script`` counts letters per script: ``Cyrl``, ``Latn`` or ``Arab`` when one has at
least 80 % of the letters, ``mixed`` otherwise, ``und`` when there are no letters.

``match_key`` lower-cases, transliterates Cyrillic to one Latin form shared by the region's
alphabets (ш→sh, ч→ch, ж→j, қ→q, ғ/gʻ→g, ў/oʻ→o, ң→ng), folds Latin diacritics of the Turkic
Latin alphabets to the same form (ş→sh, ç→ch, ň→ng, ä→a, ö→o, ü→u, ý→y, ž→j), folds Arabic
letter variants, keeps only letters and digits separated by single spaces, and finally merges
spellings the alphabets disagree on (x/kh→h, ts→s, zh→j, shch/shsh→sh, word-initial ye→e, y→i)
— so that a Latin-script repost in any official alphabet matches its Cyrillic original.
"""

from __future__ import annotations

import re
import unicodedata

from tyndau.text.normalise import arabic_fold_table

_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m",
    "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "o", "ү": "u", "ұ": "u", "ф": "f", "х": "x", "ҳ": "h", "һ": "h",
    "ц": "ts", "ч": "ch", "ҷ": "j", "җ": "j", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "і": "i", "ӣ": "i", "ӯ": "u", "є": "e",
    "ї": "i", "ђ": "d", "ј": "j", "љ": "l", "њ": "n", "ћ": "c", "џ": "j",
}
_LAT_FOLD = {
    "ş": "sh", "ș": "sh", "ç": "ch", "ñ": "ng", "ň": "ng", "ğ": "g", "ä": "a", "ə": "a",
    "ö": "o", "ü": "u", "ı": "i", "ý": "y", "ž": "j", "ū": "u", "ī": "i", "é": "e",
    "w": "v", "ʻ": "",
}
_KEY_TABLE = {**arabic_fold_table(),
              **str.maketrans({**_CYR_TO_LAT, **_LAT_FOLD, "'": "", "ʼ": "", "ʹ": "", "ʺ": ""})}
# After transliteration, spellings that the region's Latin alphabets write differently for the
# same sound converge: щ as shch/shsh/sh, х as x/h/kh, ц as ts/s, ж as zh/j, е at word start
# as ye/e, й as y/i (Kazakh 2021 writes i). Applied to both sides, so a key is comparable
# whatever alphabet a text was written in.
_KEY_FOLDS_BEFORE = (("shch", "sh"), ("shsh", "sh"), ("kh", "h"), ("x", "h"), ("ts", "s"),
                     ("zh", "j"))
_WORD_INITIAL_YE = re.compile(r"\bye")
_NON_WORD = re.compile(r"[^\w]+|_+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


_LETTERS = {
    "Cyrl": re.compile("[\u0400-\u0482\u048a-\u052f\u1c80-\u1c8f\ua640-\ua66e\ua680-\ua69d]"),
    "Latn": re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]"),
    "Arab": re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f"
                       "\u08a0-\u08ff\ufb50-\ufdfb\ufe70-\ufefc]"),
}


def script_counts(text: str) -> dict[str, int]:
    """Letters per script (Cyrl, Latn, Arab); other scripts are not counted."""
    counts = {}
    for name, pattern in _LETTERS.items():
        n = len(pattern.findall(text))
        if n:
            counts[name] = n
    return counts


def detect_script(text: str) -> str:
    counts = script_counts(text)
    total = sum(counts.values())
    if not total:
        return "und"
    best = max(counts, key=lambda k: counts[k])
    if counts[best] / total >= 0.8:
        return best
    return "mixed"


def match_key(text: str) -> str:
    """Lower-case, one Latin form, folded; letters and digits only."""
    if not text:
        return ""
    translated = text.lower().translate(_KEY_TABLE)  # Arabic folding included
    t = " ".join(_NON_WORD.sub(" ", translated).split())
    if not t.isascii():  # letters with diacritics left: strip them (most texts skip this)
        t = _COMBINING.sub("", unicodedata.normalize("NFKD", translated))
        t = " ".join(_NON_WORD.sub(" ", t).split())
    for old, new in _KEY_FOLDS_BEFORE:
        if old in t:
            t = t.replace(old, new)
    return _WORD_INITIAL_YE.sub("e", t).replace("y", "i")
