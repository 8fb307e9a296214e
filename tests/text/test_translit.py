"""Transliteration: known answers, round trips, match_key agreement, robustness."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tyndau.text.scripts import match_key
from tyndau.text.translit import LANGS, transliterate

# (lang, Cyrillic, Latin): both directions.
KNOWN = [
    ("uz", "Ўзбекистон", "Oʻzbekiston"),
    ("uz", "ШАҲАР Шаҳар шаҳар", "SHAHAR Shahar shahar"),
    ("uz", "Ёшлар йўлда", "Yoshlar yoʻlda"),
    ("uz", "ерга Эрта поэзия", "yerga Erta poeziya"),
    ("uz", "маъно МАЪНО Исҳоқ", "maʼno MAʼNO Isʼhoq"),
    ("uz", "тоғ ЧЎЛ ЎҒИЛ Ғалаба", "togʻ CHOʻL OʻGʻIL Gʻalaba"),
    ("uz", "Қашшоқлик ошмоқда!", "Qashshoqlik oshmoqda!"),
    ("uz", "Бугун ҳаво жуда яхши 😊 https://kun.uz/ўзбек", "Bugun havo juda yaxshi 😊 https://kun.uz/ўзбек"),
    ("kk", "Қазақстан шекарасы", "Qazaqstan şekarasy"),
    ("kk", "Әлем ӘЛЕМ ағаш", "Älem ÄLEM ağaş"),
    ("kk", "Бүгін ауа райы жақсы", "Bügın aua raiy jaqsy"),
    ("kk", "ұлы өнер аңыз үйі", "ūly öner añyz üiı"),
    ("kk", "ІЛІМ ілім Иса", "ILIM ılım İsa"),
    ("kk", "ЧАЙ Чай ащы", "ÇAİ Çai aşşy"),
    ("kk", "қоян аю Қайда?", "qoian aiu Qaida?"),
    ("tk", "Түркменистан", "Türkmenistan"),
    ("tk", "ер Ер ЕР эдил", "ýer Ýer ÝER edil"),
    ("tk", "җаң журнал ЖУРНАЛ", "jaň žurnal ŽURNAL"),
    ("tk", "яшлар гүйч әхли ишчи", "ýaşlar güýç ähli işçi"),
    ("tk", "Салам, бу гүн хова гаты говы", "Salam, bu gün howa gaty gowy"),
    ("tk", "вагт өй ЧАГА", "wagt öý ÇAGA"),
    ("ky", "Кыргызстан КЫРГЫЗ", "Kyrgyzstan KYRGYZ"),
    ("ky", "Нарынга аң", "Narynga añ"),
    ("ky", "Ыйык айыл кыйын сыйлык", "Yyyk ayyl kyyyn syylyk"),
    ("ky", "жакшы чоң өлкө үй", "jakshy choñ ölkö üy"),
    ("ky", "Ерке хабар ЧОҢ Чоң", "Yerke khabar CHOÑ Choñ"),
    ("tg", "Тоҷикистон ғолиб", "Tojikiston gholib"),
    ("tg", "ҳафта хона маъно", "hafta xona maʼno"),
    ("tg", "Эрон Ёр ЖУРНАЛ", "Eron Yor ZHURNAL"),
    ("tg", "қонун дӯст, шумо чӣ?", "qonun dūst, shumo chī?"),
    ("tg", "Ғолиб ҒОЛИБ ерон", "Gholib GHOLIB yeron"),
    ("ru", "Щука Ёлка", "Ŝuka Ëlka"),
    ("ru", "съезд ОБЪЯВЛЕНИЕ", "sʺezd OBʺÂVLENIE"),
    ("ru", "Привет, мир!", "Privet, mir!"),
    ("ru", "Хочу чай", "Hoču čaj"),
    ("ru", "Юля Эх мышь", "Ûlâ Èh myšʹ"),
]

# One-way cases: letters that the scheme merges, or Latin spellings accepted on input.
ONE_WAY = [
    ("uz", "Latn", "цирк позиция", "sirk pozitsiya"),
    ("uz", "Latn", "пьеса", "pyesa"),
    ("kk", "Latn", "шаһар Щучинск", "şahar Şşuçinsk"),
    ("kk", "Latn", "щётка", "şşiotka"),
    ("tk", "Latn", "Щётка", "Şçýotka"),
    ("ky", "Latn", "щетка", "shchetka"),
    *[("uz", "Cyrl", f"O{a}zbekiston g{a}alaba", "Ўзбекистон ғалаба") for a in "'`’‘ʼʻ"],
    *[("uz", "Cyrl", f"ta{a}lim", "таълим") for a in "'`’‘ʼʻ"],
    ("uz", "Cyrl", "'foto' tog' yo'l", "'фото' тоғ йўл"),
    ("uz", "Cyrl", "Batafsil: kun.uz/news/1 @kunuz", "Батафсил: kun.uz/news/1 @kunuz"),
    ("uz", "Cyrl", "YOʻL Yoʻl", "ЙЎЛ Йўл"),
]


@pytest.mark.parametrize(("lang", "cyrl", "latn"), KNOWN)
def test_known_answers(lang: str, cyrl: str, latn: str) -> None:
    assert transliterate(cyrl, lang, "Latn") == latn
    assert transliterate(latn, lang, "Cyrl") == cyrl


@pytest.mark.parametrize(("lang", "target", "text", "expected"), ONE_WAY)
def test_one_way(lang: str, target: str, text: str, expected: str) -> None:
    assert transliterate(text, lang, target) == expected


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        transliterate("x", "xx", "Latn")
    with pytest.raises(ValueError):
        transliterate("x", "uz", "Arab")
    assert transliterate("", "uz", "Latn") == ""


# Round trips. Per language: the letters used, and the sequences the scheme cannot tell apart
# (excluded). Letters left out of an alphabet: uz ц (s/ts = с/тс) ь (dropped); kk ё (io = ио)
# э (= е) һ (= х) ц (= тс) ъ ь; tk ц щ (ts şç = тс шч) ъ ь; ky й (y = ы) ц щ ъ ь; tg ц щ ы ь
# (loan letters: тс шч й, dropped); ru none.
CYRL: dict[str, tuple[str, str | None]] = {
    "uz": ("абвгдеёжзийклмнопрстуфхчшъэюяўқғҳ",
           # йа йо йу йе = я ё ю е; э after a consonant = е; оъ гъ ёъ read as ў ғ йў; съҳ = сҳ
           r"й[аоуеэ]|[бвгджзйклмнпрстфхчшқғҳ]э|[огё]ъ|съҳ"),
    "kk": ("аәбвгғдежзийкқлмнңоөпрстуұүфхчшщыі",
           # и/й → i: й only after a vowel, и only after a consonant; ia iu = я ю; şş = щ
           r"(?<![аәеиоөуұүыіюяй])й|(?<=[аәеиоөуұүыіюяй])и|[ий][ау]|[шщ][шщ]"),
    "tk": ("абвгдеёжҗзийклмнңоөпрстуүфхчшыэәюя",
           # ýa ýo ýu ýe = я ё ю е; э only at word start
           r"й[аоуэ]|(?<!\w)йе|(?<=\w)э"),
    "ky": ("абвгдеёжзиклмнңоөпрстуүфхчшыэюя",
           # y = ы and й: ы next to a vowel or doubled; э after a consonant = е
           r"ы[аеёиоөуүыэюя]|[аеёиоөуүэюя]ы|[бвгджзклмнңпрстфхчш]э"),
    "tg": ("абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя",
           # йа йо йу йе = я ё ю е; сҳ зҳ гҳ = ш ж ғ; э after a consonant = е
           r"й[аоуеэ]|[сзг]ҳ|[бвгғджзйкқлмнпрстфхҳчҷш]э"),
    "ru": ("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", None),
}
LATN: dict[str, tuple[list[str], str | None]] = {
    "uz": (["oʻ", "gʻ", "sh", "ch", "ʼ", *"abdefghijklmnopqrstuvxyz"], r"[og]ʼ|^ʼ$"),
    "kk": (list("aäbçdefgğhiıjklmnñoöpqrsştuūüvyz"), None),
    "tk": (list("abçdeäfghijžklmnňoöprsştuüwyýz"), None),
    "ky": ([*"abdefgijklmnñoöprstuüvyz", "kh", "sh", "ch"],
           r"yye|yyyy"),  # y is ы or й; guessed by its neighbours
    "tg": (list("abdefghiījklmnopqrstuūvxyzʼ"), r"^ʼ$"),
    "ru": (list("abvgdeëžzijklmnoprstufhcčšŝʺyʹèûâ"), None),
}


def _words(tokens: st.SearchStrategy[str], bad: str | None, cased: bool) -> st.SearchStrategy:
    word = st.lists(tokens, min_size=1, max_size=8).map("".join)
    # ʼ ʺ ʹ have no case: a capital Ъ Ь cannot start a word, nor follow only its initial (АЪ)
    word = word.filter(lambda w: w[0] not in "ъь" and not re.fullmatch(".[ъь]+", w))
    if bad:
        word = word.filter(lambda w, r=re.compile(bad): not r.search(w))
    if cased:
        word = st.tuples(word, st.sampled_from([str.lower, str.capitalize, str.upper])).map(
            lambda t: t[1](t[0]))
    return st.lists(word, min_size=1, max_size=5).map(" ".join)


@pytest.mark.parametrize(("start", "other"), [("Cyrl", "Latn"), ("Latn", "Cyrl")])
@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_round_trip(lang: str, start: str, other: str, data: st.DataObject) -> None:
    # Cyrillic text is drawn letter by letter in any case; Latin text from the scheme's tokens
    tokens, bad = (CYRL if start == "Cyrl" else LATN)[lang]
    s = data.draw(_words(st.sampled_from(tokens), bad, cased=start == "Cyrl"))
    assert transliterate(transliterate(s, lang, other), lang, start) == s


# match_key must see a Latin repost and its Cyrillic original as the same text.
MATCH = {
    "uz": [
        "Ўзбекистонда ишсизлик ва қашшоқлик ошмоқда",
        "Бугун ҳаво жуда яхши, дўстлар!",
        "Ҳукумат нархларни яна оширди, одамлар норози.",
        "Тошкентда газ ва свет йўқ, болалар совуқда қолди.",
        "Ўғлим Россияга ишлашга кетди, пул жўнатолмаяпти.",
        "Қишлоғимизда мактаб таъмирланмаган, ўқитувчилар кам.",
        "Мигрантлар чегарада узоқ кутиб қолишди.",
        "Нега бизнинг овозимизни ҳеч ким эшитмайди?",
        "Бозорда гўшт нархи икки баробар қимматлашди 😡",
        "Ёшлар учун иш ўрни йўқ, ҳамма хорижга қочмоқда.",
        "Ҳақиқатни айтган журналистни қамашди.",
        "Шаҳардаги сув муаммоси ҳали ҳам ҳал бўлмади.",
        "Ерга экилган пахта ҳосили ёмон бўлди.",
    ],
    "kk": [
        "Қазақстан шекарасында жағдай қиын",
        "Бүгін ауа райы жақсы болмады",
        "Мен жұмысқа бардым, бірақ жалақы берілмеді.",
        "Жастар ауылдан қалаға көшіп жатыр.",
        "Бағалар тағы өсті, халық наразы.",
        "Әкімдік ешнәрсе істемейді!",
        "Біздің ауылда мектеп жабылды.",
        "Газ бағасы көтерілгеннен кейін наразылық басталды.",
        "Сот шешімі әділ емес деп ойлаймын.",
        "Жаңаөзендегі оқиғаны ұмытпаймыз.",
        "Мұнай компаниясы жұмысшыларды қысқартты.",
        "Үкімет уәдесін орындамады.",
    ],
    "tk": [
        "Түркменистанда яшлар иш тапып билмейәр",
        "Салам, бу гүн хова гаты говы",
        "Бахалар ене-де гымматлады.",
        "Дүканларда ун ве ёг ёк.",
        "Ишчилер айлык алмадылар.",
        "Мекдепде окувчылар көп, мугаллым аз.",
        "Ашгабатда сув кесилди.",
        "Халк нәразы, эмма хич ким гепләп билмейәр.",
        "Гурбанмәммет журналиста гөз гулак болды.",
        "Мигрантлар Түркийеде ишлейәрлер.",
        "Ер титремесинден соң өйлер йыкылды.",
        "Җемгыетде адалатлылык ёк.",
    ],
}
@pytest.mark.parametrize(("lang", "text"), [(k, s) for k, v in MATCH.items() for s in v])
def test_match_key_agrees(lang: str, text: str) -> None:
    assert match_key(transliterate(text, lang, "Latn")) == match_key(text)


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=80, deadline=None)
@given(s=st.text())
def test_total_and_idempotent(lang: str, s: str) -> None:
    once = transliterate(s, lang, "Latn")
    assert transliterate(once, lang, "Latn") == once
    transliterate(s, lang, "Cyrl")


CYRILLIC_ONLY = st.text(st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіўҳӣӯҷҗ"
                                        "АБВЕЁЖЗИЙҚҒЎҲ 0123456789.,!?'ʼ-😊"))
LATIN_ONLY = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzäçğıñöşūüýžīʻ"
                                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789.,!?'ʼ-😊"))


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=40)
@given(cyrl=CYRILLIC_ONLY, latn=LATIN_ONLY)
def test_target_script_passes_through(lang: str, cyrl: str, latn: str) -> None:
    assert transliterate(cyrl, lang, "Cyrl") == cyrl
    assert transliterate(latn, lang, "Latn") == latn
