"""Language identification for the region's languages, a whole batch at a time.

A linear model over hashed character 1–4-grams of each lower-cased word (``tyndau.models``;
each distinct word is scored once and cached, so a batch costs a lookup per word),
trained by ``scripts/train_langid.py`` on text from package-registry sources (never on the
evaluation set of ``bench/langid.py``) and shipped in the package
(``data/langid/model.npz``). It scores ru, kk, uz, tg, ky, tk, ar, fa, en; the script of the
item then rules out the languages not written in it (Arabic letters: ar or fa; Cyrillic: ru, kk,
uz, tg, ky; Latin: uz, tk, kk, en and the Latin renderings of ru, tg and ky). The score is the
calibrated probability of the chosen language. Text with fewer than two letters is ``und``.

Code-switching: an item in a Turkic language or Tajik with a substantial share of Russian words,
or a Russian item with a substantial share of words in a Turkic or Tajik alphabet, is flagged
with its secondary language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from tyndau.models.features import Features, word_ngrams
from tyndau.models.linear import LinearModel, load_models
from tyndau.models.wordscore import WordScorer

LANGUAGES = ("ru", "kk", "uz", "tg", "ky", "tk", "ar", "fa", "en")
NGRAM_ORDERS = (1, 2, 3, 4)
FEATURE_BITS = 20
MODEL_FILE = "langid/model.npz"
SCRIPT_LANGUAGES = {
    "Cyrl": ("ru", "kk", "uz", "tg", "ky"),
    "Latn": ("uz", "tk", "kk", "en", "ru", "tg", "ky"),
    "Arab": ("ar", "fa"),
}
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


@dataclass(frozen=True, slots=True)
class LangResult:
    lang: str
    score: float
    code_switch: bool = False
    lang2: str | None = None


def words_of(text: str) -> list[str]:
    """What the model reads: the lower-case words (runs of letters, cut at 40) of a text."""
    return [w[:40] for w in _WORD.findall(text.lower())]


def model_features(texts: Sequence[str]) -> Features:
    """The model's features in full (for training; scoring uses the cached ``WordScorer``)."""
    return word_ngrams([words_of(t) for t in texts], NGRAM_ORDERS, FEATURE_BITS)


@cache
def _model() -> LinearModel:
    with resources.files("tyndau.data").joinpath(MODEL_FILE).open("rb") as fh:
        models, _ = load_models(fh)
    return models["language"]


@cache
def _scorer() -> WordScorer:
    return WordScorer(_model(), NGRAM_ORDERS, FEATURE_BITS)


@cache
def _script_masks() -> dict[str, np.ndarray]:
    masks = {}
    for script, langs in SCRIPT_LANGUAGES.items():
        m = np.full(len(LANGUAGES), -np.inf, dtype=np.float32)
        m[[LANGUAGES.index(x) for x in langs]] = 0.0
        masks[script] = m
    return masks


def identify_batch(texts: Sequence[str], scripts: Sequence[str]) -> list[LangResult]:
    """Language of each text (normalised, entities removed) given its script."""
    token_lists = [words_of(t[:4000]) for t in texts]
    z = _scorer().logits(token_lists) / _model().temperature
    masks = _script_masks()
    for i, script in enumerate(scripts):
        m = masks.get(script)
        if m is not None:
            z[i] += m
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    best = p.argmax(axis=1)
    out = []
    for i, words in enumerate(token_lists):
        if sum(len(w) for w in words) < 2:
            out.append(LangResult("und", 0.0))
            continue
        lang = LANGUAGES[best[i]]
        code_switch, lang2 = _code_switch(words, lang)
        out.append(LangResult(lang, round(float(p[i, best[i]]), 4), code_switch, lang2))
    return out


def identify(text: str, script: str) -> LangResult:
    return identify_batch([text], [script])[0]


def _russian_like(word: str) -> bool:
    if word in _RU_FUNCTION_WORDS:
        return True
    chars = set(word)
    if chars & _TURKIC_LETTERS:
        return False
    return bool(chars & _RU_ONLY_LETTERS) or (len(word) > 4 and word.endswith(_RU_ENDINGS))


def _word_lang(word: str) -> str | None:
    chars = set(word)
    if chars & _TG:
        return "tg"
    if chars & _UZ:
        return "uz"
    if chars & (_KK | _KY_KK):
        return "kk" if chars & _KK else "ky"
    return None


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
