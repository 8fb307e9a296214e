"""Language identification for the region's languages, a whole batch at a time.

A linear model over hashed character 1–4-grams of each lower-cased word (``tyndau.models``;
each distinct word is scored once and cached, so a batch costs a lookup per word),
trained by ``scripts/train_langid.py`` on text from package-registry sources (never on the
evaluation set of ``bench/langid.py``) and shipped in the package
(``data/langid/model.npz``). It scores ru, kk, uz, tg, ky, tk, ar, fa, en; the script of the
item then rules out the languages not written in it (Arabic letters: ar or fa; Cyrillic: ru, kk,
uz, tg, ky; Latin: uz, tk, kk, en and the Latin renderings of ru, tg and ky). The score is the
calibrated probability of the chosen language. Text with fewer than two letters is ``und``.

Code-switching: each word of four letters or more also gets the language its own n-grams favour
(free: the per-word scores are cached anyway); a Russian item with ≥ 15 % of its words in one of
kk, uz, ky, tg — or such an item with ≥ 15 % Russian words — is flagged with its secondary
language.
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
    scorer = _scorer()
    z = scorer.logits(token_lists) / _model().temperature
    masks = _script_masks()
    for i, script in enumerate(scripts):
        m = masks.get(script)
        if m is not None:
            z[i] += m
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    best = p.argmax(axis=1)
    second = _code_switch(token_lists, best, scorer)
    out = []
    for i, words in enumerate(token_lists):
        if sum(len(w) for w in words) < 2:
            out.append(LangResult("und", 0.0))
            continue
        lang2 = second[i]
        out.append(LangResult(LANGUAGES[best[i]], round(float(p[i, best[i]]), 4),
                              lang2 is not None, lang2))
    return out


def identify(text: str, script: str) -> LangResult:
    return identify_batch([text], [script])[0]


def _code_switch(token_lists: list[list[str]], best: np.ndarray,
                 scorer: WordScorer) -> list[str | None]:
    """The secondary language of each text, or None: each word of four letters or more is
    given the language its own n-grams favour (from the scorer's cache); a Russian text whose
    words are ≥ 15 % in one Turkic language or Tajik, or such a text whose words are ≥ 15 %
    Russian, is code-switched."""
    n, k = len(token_lists), len(LANGUAGES)
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=n)
    out: list[str | None] = [None] * n
    if not lengths.sum():
        return out
    ids = scorer.last_ids
    docs = np.repeat(np.arange(n), lengths)
    long_word = np.fromiter((len(w) >= 4 for t in token_lists for w in t), dtype=bool,
                            count=int(lengths.sum()))
    word_lang = scorer.scores[ids].argmax(axis=1)
    counts = np.bincount(docs[long_word] * k + word_lang[long_word],
                         minlength=n * k).reshape(n, k)
    share = counts / np.maximum(lengths, 1)[:, None]
    ru = LANGUAGES.index("ru")
    for i in np.flatnonzero(lengths >= 4):
        lang = LANGUAGES[best[i]]
        if lang == "ru":
            j = max(_SWITCH_PARTNERS, key=lambda c: share[i, c])
            if share[i, j] >= 0.15:
                out[i] = LANGUAGES[j]
        elif lang in ("kk", "uz", "ky", "tg") and share[i, ru] >= 0.15:
            out[i] = "ru"
    return out


_SWITCH_PARTNERS = tuple(LANGUAGES.index(x) for x in ("kk", "uz", "ky", "tg"))
