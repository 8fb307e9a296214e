"""Language identification: the trained model on short posts, batches, hostile input."""

from __future__ import annotations

import time

import pytest

from tyndau.text.langid import LANGUAGES, identify, identify_batch
from tyndau.text.normalise import normalise, split_entities
from tyndau.text.scripts import detect_script

# Short posts written for this test (not from the training text nor the benchmark set).
SHORT = [
    ("ru", "Кто знает, автобус до вокзала ещё ходит?"),
    ("ru", "Опять подняли цены на бензин"),
    ("ru", "Спасибо всем, кто пришёл вчера"),
    ("kk", "Ертең жиналыс болмайды, ескертіп қойыңыздар"),
    ("kk", "Балалар бүгін мектепке бармайды"),
    ("kk", "Ertein jinalys bolmaidy, eskertıp qoiyñyzdar"),
    ("uz", "Ertaga bozorga boramizmi?"),
    ("uz", "Narxlar yana ko‘tarildi, odamlar norozi"),
    ("uz", "Эртага бозорга борамизми?"),
    ("uz", "Нархлар яна кўтарилди"),
    ("tg", "Фардо ба бозор меравем?"),
    ("tg", "Нархҳо боз баланд шуданд"),
    ("tg", "Ман ҳоло дар корхона кор мекунам"),
    ("ky", "Эртең базарга барабызбы?"),
    ("ky", "Баалар дагы көтөрүлдү, эл нааразы"),
    ("ky", "Мен азыр заводдо иштеп жатам"),
    ("tk", "Ertir bazara gidýärismi?"),
    ("tk", "Bahalar ýene-de galdy, adamlar nägile"),
    ("tk", "Men häzir zawodda işleýärin"),
    ("ar", "هل سنذهب إلى السوق غدا؟"),
    ("ar", "ارتفعت الأسعار مرة أخرى"),
    ("fa", "فردا به بازار می‌رویم؟"),
    ("fa", "قیمت‌ها دوباره بالا رفت"),
    ("en", "Are we going to the market tomorrow?"),
    ("en", "Prices went up again, people are angry"),
]


def _prep(texts: list[str]) -> tuple[list[str], list[str]]:
    words = [split_entities(normalise(t)).text for t in texts]
    return words, [detect_script(w) for w in words]


def test_short_posts_in_the_regions_languages() -> None:
    words, scripts = _prep([t for _, t in SHORT])
    results = identify_batch(words, scripts)
    wrong = [(lang, t, r.lang) for (lang, t), r in zip(SHORT, results, strict=True)
             if r.lang != lang]
    assert len(wrong) <= 1, wrong  # at most one slip in 25 short posts
    for r in results:
        assert r.lang in LANGUAGES and 0.0 < r.score <= 1.0


def test_batch_equals_one_at_a_time() -> None:
    words, scripts = _prep([t for _, t in SHORT])
    batch = identify_batch(words, scripts)
    assert batch == [identify(w, s) for w, s in zip(words, scripts, strict=True)]


def test_script_rules_out_languages_not_written_in_it() -> None:
    # Arabic letters are Arabic or Persian, whatever the n-grams say
    r = identify("ок", "Arab")
    assert r.lang in ("ar", "fa")
    assert identify("салом", "Cyrl").lang in ("ru", "kk", "uz", "tg", "ky")


@pytest.mark.parametrize("text", ["", " ", "🙂🙂🙂", "12345", "https://t.me/x", "я"])
def test_und_without_letters(text: str) -> None:
    words, scripts = _prep([text])
    assert identify_batch(words, scripts)[0].lang == "und"


def test_hostile_sizes_and_mixtures() -> None:
    huge = "қазақ тілі " * 100_000  # 1.1 MB
    mixed = "Привет مرحبا hello " * 50 + "\ud800"
    start = time.perf_counter()
    words, scripts = _prep([huge, mixed, "a" * 1_000_000])
    results = identify_batch(words, scripts)
    assert time.perf_counter() - start < 10
    assert results[0].lang == "kk"
    assert all(r.lang in (*LANGUAGES, "und") for r in results)
