from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tyndau.text.langid import identify
from tyndau.text.normalise import normalise, split_entities
from tyndau.text.scripts import detect_script, match_key


def test_normalise_removes_invisible_and_unifies_apostrophes() -> None:
    assert normalise("a\u200bb\u202ec\ufeff") == "abc"
    assert normalise("O`zbekiston o‘g'il g’alaba") == "Oʻzbekiston oʻgʻil gʻalaba"
    assert normalise("ﬁ  x\u00a0 y") == "fi x y"


def test_script_detection() -> None:
    assert detect_script("Привет мир") == "Cyrl"
    assert detect_script("Salom dunyo") == "Latn"
    assert detect_script("مرحبا بالعالم") == "Arab"
    assert detect_script("Привет world мир hello") == "mixed"
    assert detect_script("🙂 123 !!!") == "und"


def test_match_key_joins_cyrillic_and_latin_uzbek() -> None:
    cyr = match_key(normalise("Ўзбекистонда ишсизлик ва қашшоқлик ошмоқда"))
    lat = match_key(normalise("O‘zbekistonda ishsizlik va qashshoqlik oshmoqda"))
    assert cyr == lat == "ozbekistonda ishsizlik va qashoqlik oshmoqda"
    assert match_key(normalise("Қазақстан шекарасы")) == match_key(normalise("Qazaqstan şekarasy"))


def test_language_identification_on_region_languages() -> None:
    cases = {
        "Привет, как дела у тебя сегодня?": "ru",
        "Сәлеметсіз бе, бүгін ауа райы жақсы": "kk",
        "Бугун ҳаво жуда яхши, дўстлар": "uz",
        "Bugun havo juda yaxshi, doʻstlar": "uz",
        "Шумо имрӯз чӣ кор мекунед?": "tg",
        "Salam, bu gün howa gaty gowy": "tk",
        "الطقس جميل اليوم في المدينة": "ar",
        "امروز هوا خیلی خوب است": "fa",
        "The weather is nice today": "en",
    }
    for text, lang in cases.items():
        n = normalise(text)
        assert identify(n, detect_script(n)).lang == lang, text
    assert identify("", "und").lang == "und"
    assert identify("🙂🙂", "und").lang == "und"


def test_code_switching_is_flagged() -> None:
    text = normalise("Мен бүгін жұмысқа бардым, но там опять задержали зарплату, қиын болды")
    r = identify(text, detect_script(text))
    assert r.code_switch and {r.lang, r.lang2} == {"ru", "kk"}


@given(st.text())
def test_normalise_is_idempotent_and_total(s: str) -> None:
    once = normalise(s)
    assert normalise(once) == once
    match_key(once)
    detect_script(once)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_identify_never_fails(s: str) -> None:
    n = normalise(s)
    r = identify(n, detect_script(n))
    assert r.lang in {"ru", "kk", "uz", "tg", "ky", "tk", "ar", "fa", "en", "und"}
    assert 0.0 <= r.score <= 1.0


def test_lookalike_letters_are_folded_inside_words() -> None:
    # Latin o and p inside Cyrillic words; Cyrillic о inside a Latin word
    assert normalise("Вербoвщик пpишёл, Jоin us") == "Вербовщик пришёл, Join us"
    # genuinely mixed or single-script tokens stay as written
    assert normalise("iPhone и COVID-19, ABC кг") == "iPhone и COVID-19, ABC кг"


def test_arabic_marks_and_tatweel_are_removed_letters_kept() -> None:
    assert normalise("السَّلَامُ عَلَيْكُمْ ـــ") == "السلام عليكم"
    assert normalise("می‌خواهم") == "می\u200cخواهم"  # Persian ZWNJ kept between letters
    assert normalise("a\u200cb") == "ab"


def test_entities_are_separable() -> None:
    e = split_entities(normalise("Смотрите https://t.me/x/1 @someone #Новости_дня 🙂 ок"))
    assert e.urls == ["https://t.me/x/1"] and e.mentions == ["@someone"]
    assert e.hashtags == ["#Новости_дня"] and e.emoji == ["🙂"]
    assert e.text == "Смотрите Новости дня ок"
    only = split_entities("https://example.org 🙂🙂 @handle")
    assert identify(only.text, detect_script(only.text)).lang == "und"
