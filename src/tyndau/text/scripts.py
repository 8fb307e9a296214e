"""Script detection and a script-independent match key.

``detect_script`` counts letters per script: ``Cyrl``, ``Latn`` or ``Arab`` when one has at
least 80 % of the letters, ``mixed`` otherwise, ``und`` when there are no letters.

``match_key`` lower-cases, transliterates Cyrillic to one Latin form shared by the region's
alphabets (Uzbek official Latin where they differ: ш→sh, ч→ch, ж→j, х→x, қ→q, ғ/gʻ→g, ў/oʻ→o,
ң→ng), folds Latin diacritics of the Turkic Latin alphabets to the same form (ş→sh, ç→ch, ň→ng,
ä→a, ö→o, ü→u, ý→y, ž→j), folds Arabic letter variants, and keeps only letters and digits
separated by single spaces — so that a Latin-script repost matches its Cyrillic original.
"""

from __future__ import annotations

import re
import unicodedata

from tyndau.text.normalise import fold_arabic

_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m",
    "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "o", "ү": "u", "ұ": "u", "ф": "f", "х": "x", "ҳ": "h", "һ": "h",
    "ц": "ts", "ч": "ch", "ҷ": "j", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "і": "i", "ӣ": "i", "ӯ": "u", "є": "e",
    "ї": "i", "ђ": "d", "ј": "j", "љ": "l", "њ": "n", "ћ": "c", "џ": "j",
}
_LAT_FOLD = {
    "ş": "sh", "ș": "sh", "ç": "ch", "ñ": "ng", "ň": "ng", "ğ": "g", "ä": "a", "ə": "a",
    "ö": "o", "ü": "u", "ı": "i", "ý": "y", "ž": "j", "ū": "u", "ī": "i", "é": "e",
    "w": "v", "ʻ": "",
}
_KEY_TABLE = str.maketrans({**_CYR_TO_LAT, **_LAT_FOLD, "'": ""})
_NON_WORD = re.compile(r"[^\w]+|_+")


def _script_of(ch: str) -> str | None:
    o = ord(ch)
    if o < 0x80:
        return "Latn" if ch.isalpha() else None
    if 0x0400 <= o <= 0x052F or 0x1C80 <= o <= 0x1C8F or 0xA640 <= o <= 0xA69F:
        return "Cyrl"
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF \
            or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        return "Arab" if ch.isalpha() else None
    if 0x00C0 <= o <= 0x024F or 0x1E00 <= o <= 0x1EFF:
        return "Latn" if ch.isalpha() else None
    if ch.isalpha():
        return "Other"
    return None


def script_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        s = _script_of(ch)
        if s:
            counts[s] = counts.get(s, 0) + 1
    return counts


def detect_script(text: str) -> str:
    counts = script_counts(text)
    total = sum(counts.values())
    if not total:
        return "und"
    best = max(counts, key=lambda k: counts[k])
    if counts[best] / total >= 0.8:
        return best if best != "Other" else "mixed"
    return "mixed"


def match_key(text: str) -> str:
    """Lower-case, one Latin form, folded; letters and digits only."""
    if not text:
        return ""
    t = fold_arabic(text.lower()).translate(_KEY_TABLE)
    t = unicodedata.normalize("NFKD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", t).split())
