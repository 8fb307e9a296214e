"""Language identification for the region's languages.

py3langid (restricted to ru, kk, uz, tg, ky, tk, ar, fa, en) gives the first guess; the letters
that only one of the region's Cyrillic alphabets has then correct the confusions generic models
make (ў → Uzbek; ӣ ӯ ҷ → Tajik; ә і ұ һ → Kazakh; ө ү ң without Kazakh letters → Kyrgyz).
Text with fewer than two letters is ``und``. A Russian item with a substantial share of words in
a Turkic alphabet (or the reverse) is flagged as code-switched with its secondary language.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache

LANGUAGES = ("ru", "kk", "uz", "tg", "ky", "tk", "ar", "fa", "en")
_WORD = re.compile(r"[^\W\d_]+")
_KK = set("әіұһ")
_KY_KK = set("өүң")
_UZ = set("ў")
_TG = set("ӣӯҷ")
_RU_FUNCTION_WORDS = {
    "и", "в", "на", "что", "это", "не", "как", "для", "по", "но", "с", "все", "они", "мы",
    "у", "от", "же", "так", "только", "уже", "его", "их", "если", "вот", "когда", "или",
    "там", "тут", "здесь", "опять", "снова", "очень", "потом", "теперь", "сейчас", "да",
    "нет", "был", "была", "были", "есть", "будет", "меня", "тебя", "нас", "вас", "нам",
    "почему", "зачем", "где", "куда", "кто", "чем", "чтобы", "даже", "ещё", "еще", "бы",
    "из", "за", "до", "при", "без", "про", "под", "над", "через", "после", "между", "просто",
}
_RU_ONLY_LETTERS = set("ьъщэё")
_RU_ENDINGS = ("ать", "ять", "ить", "еть", "ют", "ого", "его", "ому", "ему", "ость", "ание",
               "ение", "али", "или", "ыли", "ала", "ила", "ует", "ются", "ться", "ция", "ции",
               "ную", "ная", "ные", "ный")
_TURKIC_LETTERS = _KK | _KY_KK | _UZ | _TG | set("ғқҳ")


def _russian_like(word: str) -> bool:
    if word in _RU_FUNCTION_WORDS:
        return True
    chars = set(word)
    if chars & _TURKIC_LETTERS:
        return False
    return bool(chars & _RU_ONLY_LETTERS) or (len(word) > 4 and word.endswith(_RU_ENDINGS))


@dataclass(frozen=True, slots=True)
class LangResult:
    lang: str
    score: float
    code_switch: bool = False
    lang2: str | None = None


@cache
def _identifier() -> object:
    import py3langid.langid as pl

    path = os.path.join(os.path.dirname(pl.__file__), pl.MODEL_FILE)
    ident = pl.LanguageIdentifier.from_model_file(path, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def _cyrillic_letter_vote(words: list[str]) -> str | None:
    letters = set("".join(words))
    if letters & _TG:
        return "tg"
    if letters & _UZ:
        return "uz"
    if letters & _KK:
        return "kk"
    if letters & _KY_KK:
        return "ky"
    return None


def _word_lang(word: str) -> str | None:
    chars = set(word)
    if chars & _TG:
        return "tg"
    if chars & _UZ:
        return "uz"
    if chars & (_KK | _KY_KK):
        return "kk" if chars & _KK else "ky"
    return None


def identify(text_norm: str, script: str) -> LangResult:
    words = _WORD.findall(text_norm.lower())
    if sum(len(w) for w in words) < 2:
        return LangResult("und", 0.0)
    sample = text_norm[:2000]  # as written: the model was trained on cased text
    lang, prob = _identifier().classify(sample)  # type: ignore[attr-defined]
    score = float(prob)
    if script == "Cyrl" or (script == "mixed" and any("а" <= c <= "я" for c in sample)):
        vote = _cyrillic_letter_vote(words)
        if vote and vote != lang and not (vote == "ky" and lang == "kk"):
            lang, score = vote, max(score, 0.6)
        elif lang in ("tk", "en", "ar", "fa"):
            lang, score = "ru", 0.5
    elif script == "Latn" and lang in ("ru", "kk", "ky", "tg", "ar", "fa"):
        lang, score = "en", min(score, 0.5)
    elif script == "Arab" and lang not in ("ar", "fa"):
        lang, score = "ar", 0.5
    code_switch, lang2 = _code_switch(words, lang)
    return LangResult(lang, round(score, 4), code_switch, lang2)


def _code_switch(words: list[str], lang: str) -> tuple[bool, str | None]:
    if len(words) < 4:
        return False, None
    if lang == "ru":
        votes: dict[str, int] = {}
        for w in words:
            wl = _word_lang(w)
            if wl:
                votes[wl] = votes.get(wl, 0) + 1
        if votes:
            other = max(votes, key=lambda k: votes[k])
            if votes[other] / len(words) >= 0.15:
                return True, other
    elif lang in ("kk", "uz", "ky", "tg"):
        ru = sum(1 for w in words if _russian_like(w))
        if ru / len(words) >= 0.15:
            return True, "ru"
    return False, None
