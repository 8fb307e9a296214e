"""Per-language Cyrillic ↔ Latin transliteration, reversible enough to round-trip most text.

``transliterate(text, lang, target)`` converts the letters of ``lang``'s source alphabet only:
digits, punctuation, emoji, other scripts, letters outside the alphabet and URLs (and, towards
Cyrillic, e-mail addresses, ``@mentions`` and bare ``.uz``/``.kz``/… domains) are left as they
are, so text already in the target script comes back unchanged. Case is kept: a capital whose
Latin form has two letters is ``Sh`` in a capitalised word and ``SH`` in an all-caps word.
Input and output are NFC (give it :func:`tyndau.text.normalise.normalise` output).

Tables (lower case; Latin → Cyrillic is the inverse, longest match first):

- ``uz`` — official Uzbek Latin alphabet (Law of 2 Sep 1993 as amended 6 May 1995) and the
  spelling rules of Cabinet of Ministers resolution No. 339 of 24 Aug 1995: ў oʻ, ғ gʻ (U+02BB),
  ш sh, ч ch, ж j, х x, ҳ h, қ q, й y, ё yo, ю yu, я ya, ъ ʼ (U+02BC, tutuq belgisi), ь dropped;
  е → ye at word start and after a vowel, ъ or ь, e elsewhere; ц → ts after a vowel, s
  elsewhere; сҳ → sʼh (the tutuq keeps it apart from sh, as in Isʼhoq). Back: sh ch yo yu ya are
  digraphs, ng is н+г, ts is т+с, word-initial e is э; oʻ/gʻ and the tutuq accept ' ` ’ ‘ ʼ ʻ.
- ``kk`` — Kazakh Latin alphabet presented by the Government on 28 Jan 2021 (revising that of
  presidential decree No. 569 of 26 Oct 2017, amended by No. 637 of 19 Feb 2018): ә ä, ғ ğ,
  қ q, ң ñ, ө ö, ұ ū, ү ü, ш ş, ы y, і ı, и/й i (so İ is the capital of i, I of ı), у u,
  ж j, х/һ h, ц ts, щ şş, ё io, ю iu, я ia, э e, ъ ь dropped. The alphabet has no letter for
  ч: the government's guidance gives tş/ş; ç (from the 2019 draft) is used instead as it is
  unambiguous. Back: i after a vowel is й, и elsewhere; h is х; ia iu şş are я ю щ; io stays
  и+о (радио, биология are far more common than ё).
- ``tk`` — Turkmen Latin alphabet (law of 12 Apr 1993, letters as revised in 1999–2000):
  ә ä, в w, ж ž, җ j, й ý, ң ň, ө ö, ү ü, ч ç, ш ş, ы y, х h, ё ýo, ю ýu, я ýa, е ýe at word
  start and e elsewhere, э e, ц ts, щ şç, ъ ь dropped. Back: word-initial e is э, ýe is е there
  and йе elsewhere; şç is ш+ч, ts т+с.
- ``ky`` — BGN/PCGN 1979 romanisation of Kyrgyz: ж j, ч ch, ш sh, ы y, й y, х kh, ц ts,
  щ shch, ё yo, ю yu, я ya, ө ö, ү ü, е ye/e as in Uzbek, э e; two deviations: ң → ñ, not ng
  (н+г is frequent: Нарынга), and ъ ь dropped, not ” ’. Back, y is ambiguous (ы and й): yyy →
  ыйы, yy → йы after a vowel and ый elsewhere, y → й after a vowel and ы elsewhere.
- ``tg`` — the common Latin scheme for Tajik: ғ gh, ӣ ī, қ q, ӯ ū, ҳ h, ҷ j, ж zh, ч ch, ш sh,
  х x, й y, ё yo, ю yu, я ya, е ye/e as in Uzbek, э e, ъ ʼ; loan letters ц ts, щ shch, ы y,
  ь dropped.
- ``ru`` — ISO 9:1995 (= GOST 7.79-2000 system A): one Latin letter per Cyrillic letter
  (ё ë, ж ž, й j, х h, ц c, ч č, ш š, щ ŝ, ъ ʺ, ы y, ь ʹ, э è, ю û, я â), so it round-trips
  exactly; system B (zh, shh, y`, ``) is ambiguous with apostrophes in running text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tyndau.text.normalise import URL_PATTERN

# A context rule: (previous characters that select ``yes``, yes, no); "" stands for no letter.
Ctx = tuple[frozenset[str], str, str]
Rule = str | Ctx

_APOS = "'`’‘ʼʻ"
_LAT = "A-Za-z\u00c0-\u024f\u02bb\u02bc"
_URL = URL_PATTERN
_PROTECT_CYRL = re.compile(_URL, re.IGNORECASE)
_HINT = re.compile(r"//|ww\.|WW\.|@|\.[A-Za-z]{2,4}\b")  # cheap test before _PROTECT_LATN
_PROTECT_LATN = re.compile(
    _URL + r"|\bt\.me/\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@\w+"
    r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|net|org|info|io|me|uz|kz|kg|tj|tm|ru|su)"
    r"\b(?:/[^\s<>\"'«»()\[\]]*)?",
    re.IGNORECASE,
)


def _ctx(prev: str, yes: str, no: str, start: bool = True) -> Ctx:
    return frozenset(prev) | ({""} if start else set()), yes, no


def _pairs(s: str) -> dict[str, str]:
    """'а a б b …' → {'а': 'a', 'б': 'b', …}; '-' stands for the empty string."""
    w = s.split()
    return {k: "" if v == "-" else v for k, v in zip(w[::2], w[1::2], strict=True)}


_CY_COMMON = "а a б b в v г g д d з z и i к k л l м m н n о o п p р r с s т t у u ф f"
_UZ_V, _KY_V, _TG_V = "аеёиоуэюяў", "аеёиоуэюяөүы", "аеёиоуэюяӣӯ"

_RU = _pairs(_CY_COMMON + " е e ё ë ж ž й j х h ц c ч č ш š щ ŝ ъ ʺ ы y ь ʹ э è ю û я â")
_CYRL: dict[str, dict[str, Rule]] = {
    "uz": {
        **_pairs(_CY_COMMON + " ё yo ж j й y х x ч ch ш sh ъ ʼ ь - э e ю yu я ya ў oʻ қ q ғ gʻ"),
        "е": _ctx(_UZ_V + "ъь", "ye", "e"), "ц": _ctx(_UZ_V, "ts", "s", start=False),
        "ҳ": _ctx("с", "ʼh", "h", start=False),
    },
    "kk": _pairs(_CY_COMMON + " ә ä ғ ğ е e ё io ж j й i қ q ң ñ ө ö ұ ū ү ü х h һ h ц ts ч ç"
                 " ш ş щ şş ъ - ы y і ı ь - э e ю iu я ia"),
    "tk": {
        **_pairs(_CY_COMMON.replace("в v", "в w") + " ё ýo ж ž җ j й ý ң ň ө ö ү ü х h ц ts"
                 " ч ç ш ş щ şç ъ - ы y ь - э e ә ä ю ýu я ýa"),
        "е": _ctx("", "ýe", "e"),
    },
    "ky": {
        **_pairs(_CY_COMMON + " ё yo ж j й y ң ñ ө ö ү ü х kh ц ts ч ch ш sh щ shch ъ - ы y"
                 " ь - э e ю yu я ya"),
        "е": _ctx(_KY_V + "ъь", "ye", "e"),
    },
    "tg": {
        **_pairs(_CY_COMMON + " ғ gh ё yo ж zh ӣ ī й y қ q ӯ ū х x ҳ h ч ch ҷ j ш sh ъ ʼ э e"
                 " ю yu я ya ц ts щ shch ы y ь -"),
        "е": _ctx(_TG_V + "ъь", "ye", "e"),
    },
    "ru": _RU,
}

_UZ_LV, _KY_LV, _TG_LV = "aeiouʼ", "aeiouöü", "aeiouīūʼ"
_LA_COMMON = "a а b б d д f ф g г i и k к l л m м n н o о p п r р s с t т u у v в z з"
_LATN: dict[str, dict[str, Rule]] = {
    "uz": {
        **_pairs(_LA_COMMON + " h ҳ j ж q қ x х y й sh ш ch ч yo ё yu ю ya я"),
        "ye": _ctx(_UZ_LV, "е", "йе"), "e": _ctx(_UZ_LV, "э", "е"),
        **{"o" + a: "ў" for a in _APOS}, **{"g" + a: "ғ" for a in _APOS},
        **{"yo" + a: "йў" for a in _APOS}, **{"s" + a + "h": "сҳ" for a in _APOS},
        **dict.fromkeys(_APOS, "ъ"),
    },
    "kk": {
        **_pairs(_LA_COMMON.replace("i и ", "") + " ä ә ç ч e е ğ ғ h х ı і j ж ñ ң ö ө q қ"
                 " ş ш ū ұ ü ү y ы ia я iu ю şş щ"),
        "i": _ctx("aäeıioöuūüy", "й", "и", start=False),
    },
    "tk": {
        **_pairs(_LA_COMMON.replace("v в", "w в") + " ä ә ç ч h х j җ ž ж ň ң ö ө ş ш ü ү"
                 " y ы ý й ýa я ýu ю ýo ё"),
        "ýe": _ctx("", "е", "йе"), "e": _ctx("", "э", "е"),
    },
    "ky": {
        **_pairs(_LA_COMMON + " j ж ñ ң ö ө ü ү kh х sh ш ch ч yo ё yu ю ya я yyy ыйы"),
        "ye": _ctx(_KY_LV, "е", "йе"), "e": _ctx(_KY_LV, "э", "е"),
        "yy": _ctx(_KY_LV, "йы", "ый", start=False), "y": _ctx(_KY_LV, "й", "ы", start=False),
    },
    "tg": {
        **_pairs(_LA_COMMON + " h ҳ ī ӣ j ҷ q қ ū ӯ x х y й gh ғ zh ж sh ш ch ч yo ё yu ю ya я"),
        "ye": _ctx(_TG_LV, "е", "йе"), "e": _ctx(_TG_LV, "э", "е"),
        **dict.fromkeys(_APOS, "ъ"),
    },
    "ru": {v: k for k, v in _RU.items()},
}

# Regex fragments for the apostrophes of Uzbek and Tajik: oʻ takes ' ` ’ ‘ only before a letter
# (so that 'foto' keeps its quotes); the tutuq is ʼ next to a letter, or any variant between two.
_O_APOS = f"(?:[ʻʼ]|['`’‘](?=[{_LAT}]))"
_TUTUQ = (("ʼ", f"(?:(?<=[{_LAT}]ʼ)|(?=[{_LAT}]))"), ("'`’‘ʻ", f"(?<=[{_LAT}].)(?=[{_LAT}])"))
# (first letters, regex for the rest): matched before the digraphs of the tables.
_EXTRA: dict[str, tuple[tuple[str, str], ...]] = {
    "uz": (("sS", f"[{_APOS}][hH]"), ("yY", f"[oO]{_O_APOS}"), ("oO", _O_APOS),
           ("gG", f"[{_APOS}]"), *_TUTUQ),
    "tg": _TUTUQ,
}


def _plain_upper(s: str) -> str:
    return s.upper()


def _plain_lower(s: str) -> str:
    return s.lower()


_KK_UP, _KK_LOW = str.maketrans("i", "İ"), str.maketrans("Iİ", "ıi")


def _kk_upper(s: str) -> str:
    return s.translate(_KK_UP).upper()


def _kk_lower(s: str) -> str:
    return s.translate(_KK_LOW).lower()


def _first_cased(chars: Iterable[str]) -> bool | None:
    for c in chars:
        if not c.isalpha():
            return None
        if c.isupper() or c.islower():
            return c.isupper()
    return None


def _caps_around(s: str, i: int, j: int, cased_source: bool) -> bool:
    """Is the word around s[i:j] in capitals? The next cased letter decides; at the end of a
    word, a capital before it does, unless it is only the initial of a capitalised word."""
    caps = _first_cased(s[j:j + 64])
    if caps is not None:
        return caps
    if cased_source:  # a capital that is not the initial of its word
        return i > 0 and s[i - 1].isalpha()
    for k in range(i - 1, max(-1, i - 64), -1):
        c = s[k]
        if not c.isalpha():
            return False
        if c.isupper() or c.islower():
            return c.isupper() and k > 0 and s[k - 1].isalpha()
    return False


def _cyrl_hint(text: str) -> bool:
    return "//" in text or "ww." in text or "WW." in text


def _ci(lit: str, upper: Callable[[str], str]) -> str:
    """A case-insensitive pattern for a literal, with explicit classes (İ/ı-safe)."""
    out = []
    for c in lit:
        u = upper(c)
        out.append(f"[{c}{u}]" if len(u) == 1 and u != c else re.escape(c))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Scheme:
    table: list[str]  # for str.translate: index = code point (faster than a dict)
    pattern: re.Pattern[str] | None  # digraphs, context letters, capitals of digraphs
    repl: Callable[[re.Match[str]], str]
    protect: re.Pattern[str]
    hint: Callable[[str], bool]  # False: nothing in the text needs protecting

    def convert(self, text: str) -> str:
        if self.pattern is not None:
            text = self.pattern.sub(self.repl, text)
        return text.translate(self.table)


def _build(rules: dict[str, Rule], to_latin: bool, lang: str) -> _Scheme:
    lat_up, lat_low = (_kk_upper, _kk_lower) if lang == "kk" else (_plain_upper, _plain_lower)
    src_up, dst_up = (_plain_upper, lat_up) if to_latin else (lat_up, _plain_upper)
    lower = _plain_lower if to_latin else lat_low
    apos = not to_latin and lang in _EXTRA  # an apostrophe in the source is the tutuq letter
    g_apos = apos and lang == "uz"  # … or, after g, part of gʻ
    table: dict[int, str] = {}
    alts: list[tuple[str, str]] = [] if to_latin else list(_EXTRA.get(lang, ()))
    chars = ""  # single source letters that go through the regex
    for k, v in sorted(rules.items(), key=lambda kv: -len(kv[0])):
        if any(a in k for a in _APOS) and not to_latin:
            continue  # the apostrophe fragments of _EXTRA match these
        if len(k) > 1:
            alts.append((k[0] + src_up(k[0]), _ci(k[1:], src_up)))
        elif not isinstance(v, str):
            chars += k + src_up(k)
        else:
            table[ord(k)] = v
            ku = src_up(k)
            if ku != k and len(ku) == 1:
                table[ord(ku)] = dst_up(v[:1]) + v[1:]
                if dst_up(v) != table[ord(ku)]:
                    chars += ku  # Ш → Sh or SH, by the word
            elif ku == k and dst_up(v) != v:
                chars += k  # uncased ʺ → ъ or Ъ, by the word
    if chars:
        alts.append((chars, ""))
    # One leading class lets the regex engine skip quickly to candidate letters; the rest is
    # chosen by a lookbehind on that letter, in order (longest first).
    first = "".join(sorted({c for f, _ in alts for c in f}))
    rest = "|".join(f"(?<=[{re.escape(f)}]){r}" for f, r in alts)
    pattern = None if not alts else re.compile(
        f"[{re.escape(first)}]" + (f"(?:{rest})" if any(r for _, r in alts) else ""))
    # Context sets in both cases; "" (no letter before) is tested with isalpha below.
    ctx = {k: (v[0] | {src_up(c) for c in v[0]}, v[1], v[2])
           for k, v in rules.items() if not isinstance(v, str)}
    cache: dict[str, tuple[Rule, int]] = {}

    def repl(m: re.Match[str]) -> str:
        src = m.group()
        hit = cache.get(src)
        if hit is None:
            key = lower(src)
            kind = (0 if src[0].islower() else 4 if not src[0].isupper() else
                    1 if len(src) == 1 else 2 if any(c.isupper() for c in src[1:]) else 3)
            hit = cache[src] = (ctx.get(key) or rules[key], kind)
        rule, kind = hit
        i = m.start()
        if rule.__class__ is str:
            out = rule
        else:
            s = m.string
            p = s[i - 1] if i else ""
            if p in _APOS:
                p = ("g" if g_apos and i > 1 and s[i - 2] in "gG" else "ʼ") if apos else ""
            yes, out_yes, out = rule  # type: ignore[misc]
            if p in yes or ("" in yes and not p.isalpha()):
                out = out_yes
        if kind == 0 or not out:
            return out
        if len(out) == 1 and kind != 4:
            return dst_up(out)
        if kind == 2 or (kind in (1, 4) and _caps_around(m.string, i, m.end(), kind == 1)):
            return dst_up(out)
        return out if kind == 4 else dst_up(out[0]) + out[1:]

    size = max(table, default=0) + 1
    flat = [chr(c) for c in range(size)]
    for c, v in table.items():
        flat[c] = v
    return _Scheme(
        table=flat, pattern=pattern, repl=repl,
        protect=_PROTECT_CYRL if to_latin else _PROTECT_LATN,
        hint=_cyrl_hint if to_latin else lambda t: _HINT.search(t) is not None,
    )


_SCHEMES: dict[tuple[str, str], _Scheme] = {}
for _lang in _CYRL:
    _SCHEMES[_lang, "Latn"] = _build(_CYRL[_lang], True, _lang)
    _SCHEMES[_lang, "Cyrl"] = _build(_LATN[_lang], False, _lang)
LANGS = tuple(_CYRL)


def transliterate(text: str, lang: str, target: str) -> str:
    """Convert the ``lang`` letters of ``text`` to the ``target`` script ("Latn" or "Cyrl")."""
    scheme = _SCHEMES.get((lang, target))
    if scheme is None:
        raise ValueError(f"no transliteration for lang={lang!r} target={target!r}")
    if not text:
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    first = None
    if scheme.hint(text):
        first = scheme.protect.search(text)
    if first is None:
        out = scheme.convert(text)
    else:
        parts, last = [], 0
        for m in scheme.protect.finditer(text, first.start()):
            parts += (scheme.convert(text[last:m.start()]), m.group())
            last = m.end()
        parts.append(scheme.convert(text[last:]))
        out = "".join(parts)
    return out if unicodedata.is_normalized("NFC", out) else unicodedata.normalize("NFC", out)
