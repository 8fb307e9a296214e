#!/usr/bin/env python3
# ruff: noqa: E501
"""Build tyndau's SYNTHETIC sample corpus (``src/tyndau/data/sample/``).

Everything this script writes is invented for testing: channels, communities, websites,
people, user ids, events (the "Ak-Tash video") and the fictional violent-extremist group
("Brotherhood of the Banner" / «Братство Знамени» / "Bayroq birodarligi" …). No real
post, person or handle is reproduced. Texts that play the part of violent-extremist
support are deliberately short, generic and schematic: no instructions, slogans, real
group names, handles, links or targets.

Outputs (all deterministic, fixed seed; running twice yields byte-identical files):

* ``telegram/result.json`` – a Telegram Desktop full-account JSON export;
* ``vk/*.json`` – VK API responses (``wall.get`` extended, ``groups.getById``,
  ``wall.getComments``);
* ``csv/web_sources.csv`` – generic CSV of web sources;
* ``gold.jsonl`` – one gold label line per post/comment with text;
* ``README.md`` – description, label counts, deliberate features.

Usage::

    python scripts/build_sample_corpus.py [--out DIR]

Standard library only; Python 3.11+.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

SEED = 20260301
# Telegram Desktop writes ``date`` in the exporting machine's local time; ours ran at UTC+05:00.
LOCAL_TZ = timezone(timedelta(hours=5))
CORPUS_START = date(2026, 3, 1)
CORPUS_END = date(2026, 10, 31)
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "tyndau" / "data" / "sample"

LANG_SCRIPT: dict[str, tuple[str, str]] = {
    "ru": ("ru", "Cyrl"),
    "kk": ("kk", "Cyrl"),
    "kkL": ("kk", "Latn"),
    "uzL": ("uz", "Latn"),
    "uzC": ("uz", "Cyrl"),
    "tg": ("tg", "Cyrl"),
    "tgL": ("tg", "Latn"),
    "ky": ("ky", "Cyrl"),
    "tk": ("tk", "Latn"),
    "ar": ("ar", "Arab"),
    "fa": ("fa", "Arab"),
    "en": ("en", "Latn"),
}
FUNCTIONS: dict[str, str] = {
    "ve": "ve_support",
    "rep": "reporting",
    "cm": "counter_messaging",
    "rel": "religious",
    "pol": "political",
    "oth": "other",
}
NARRATIVES: dict[str, str] = {
    "fp": "foreign_plot",
    "fab": "fabrication",
    "ta": "threat_amplification",
    "tm": "threat_minimisation",
    "mp": "muslim_persecution",
    "bu": "belonging_utopia",
    "sf": "state_failure",
}
GRIEVANCES: dict[str, str] = {
    "ml": "migrant_labour",
    "eh": "economic_hardship",
    "ed": "ethnic_discrimination",
    "rr": "religious_restrictions",
    "sr": "state_repression",
    "ia": "injustice_abroad",
    "co": "corruption",
    "al": "alienation",
}
LANG_ORDER = ["ru", "kk", "uz", "tg", "ky", "tk", "ar", "fa", "en"]
FUNCTION_ORDER = list(FUNCTIONS.values())

AK_TASH_VIDEO = date(2026, 7, 12)  # the fictional event
FABRICATION_FROM = date(2026, 7, 16)  # the "staged video" narrative appears from here on
WHEN_RANGES: dict[str, tuple[date, date]] = {
    "akt": (date(2026, 7, 13), date(2026, 7, 19)),  # burst driven by many sources at once
    "post": (date(2026, 7, 20), CORPUS_END),
    "b1": (date(2026, 8, 3), date(2026, 8, 9)),  # burst driven by one source
}


@dataclass(frozen=True)
class Source:
    key: str
    platform: str  # telegram | vk | web
    source_id: str
    name: str
    kind: str  # public_channel | public_supergroup | vk | web
    start: date = CORPUS_START
    end: date = CORPUS_END
    screen_name: str = ""
    members: int = 0
    description: str = ""
    in_corpus: bool = True


@dataclass
class Item:
    src: str
    code: str
    function: str
    narratives: list[str]
    grievances: list[str]
    markup: str
    when: str = "-"
    key: str = ""
    user: int | None = None
    reply_to: str = ""
    private_fwd: int | None = None
    fwd_from: str = ""
    derived_from: str = ""
    delay_hours: float = 0.0
    origin: str = ""
    dt: datetime | None = None
    native_id: str = ""
    comment_of: str = ""
    final: str = ""  # markup as exported (after hashtag decoration)
    gold_id: str = ""

    @property
    def lang(self) -> str:
        return LANG_SCRIPT[self.code][0]

    @property
    def script(self) -> str:
        return LANG_SCRIPT[self.code][1]


# --------------------------------------------------------------------------------------------
# Markup: the content banks use a tiny markup for Telegram entities. <b>…</b>, <i>…</i>,
# <q>…</q> (blockquote), <a href="…">…</a> (text_link); URLs, @mentions and #hashtags are
# detected as Telegram does. Other platforms get the plain text.
# --------------------------------------------------------------------------------------------
ENTITY_RE = re.compile(
    r"<b>(?P<bold>.+?)</b>"
    r"|<i>(?P<italic>.+?)</i>"
    r"|<q>(?P<blockquote>.+?)</q>"
    r'|<a href="(?P<href>[^"]+)">(?P<text_link>.+?)</a>'
    r"|(?P<link>https?://[^\s<>«»]+[^\s<>«».,!?;:)])"
    r"|(?<![\w@])(?P<mention>@[A-Za-z]\w{2,})"
    r"|(?<![\w#&/])(?P<hashtag>#\w+)",
    re.S,
)


def parse_markup(markup: str) -> list[tuple[str, str, str]]:
    """Split markup into ``(entity type, text, href)`` parts; adjacent plain parts merged."""
    parts: list[tuple[str, str, str]] = []

    def add(kind: str, text: str, href: str = "") -> None:
        if not text:
            return
        if kind == "plain" and parts and parts[-1][0] == "plain":
            parts[-1] = ("plain", parts[-1][1] + text, "")
        else:
            parts.append((kind, text, href))

    pos = 0
    for m in ENTITY_RE.finditer(markup):
        add("plain", markup[pos : m.start()])
        for kind in ("bold", "italic", "blockquote", "text_link", "link", "mention", "hashtag"):
            value = m.group(kind)
            if value is not None:
                add(kind, value, m.group("href") if kind == "text_link" else "")
                break
        pos = m.end()
    add("plain", markup[pos:])
    return parts


def plain_text(markup: str) -> str:
    return "".join(text for _, text, _ in parse_markup(markup))


def telegram_text(markup: str) -> tuple[str | list[object], list[dict[str, str]]]:
    """``text`` and ``text_entities`` exactly as Telegram Desktop writes them."""
    parts = parse_markup(markup)
    if not parts:
        return "", []
    if all(kind == "plain" for kind, _, _ in parts):
        text = parts[0][1]
        return text, [{"type": "plain", "text": text}]
    text_parts: list[object] = []
    entities: list[dict[str, str]] = []
    for kind, text, href in parts:
        if kind == "plain":
            text_parts.append(text)
            entities.append({"type": "plain", "text": text})
            continue
        entity = {"type": kind, "text": text}
        if href:
            entity["href"] = href
        text_parts.append(dict(entity))
        entities.append(entity)
    return text_parts, entities


# --------------------------------------------------------------------------------------------
# Transliteration, for the deliberate cross-script near-duplicates.
# --------------------------------------------------------------------------------------------
_UZ_MAP = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "s", "ч": "ch", "ш": "sh",
    "щ": "sh", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ё": "yo", "қ": "q", "ҳ": "h",
}
_KK_MAP = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}
_TG_MAP = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "ӣ": "i", "й": "y", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ӯ": "u", "ф": "f", "х": "kh", "ҳ": "h", "ч": "ch", "ҷ": "j", "ш": "sh", "ъ": "'",
    "э": "e", "ю": "yu", "я": "ya",
}


def _apply_map(text: str, table: dict[str, str]) -> str:
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        if low not in table:
            out.append(ch)
            continue
        rep = table[low]
        if ch != low and rep:
            nxt = text[i + 1] if i + 1 < len(text) else ""
            rep = rep.upper() if nxt.isupper() else rep[0].upper() + rep[1:]
        out.append(rep)
    return "".join(out)


def uz_latin(text: str, apostrophe: str = "ʻ") -> str:
    """Uzbek Cyrillic → Uzbek Latin (1995/2019 orthography), with a chosen apostrophe."""
    vowels = "аеёиоуўэюяaeiou"
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        prev = text[i - 1].lower() if i else " "
        if low == "е":
            rep = "ye" if (not prev.isalpha() or prev in vowels or prev in "ъь") else "e"
        elif low == "ў":
            rep = "o" + apostrophe
        elif low == "ғ":
            rep = "g" + apostrophe
        elif low == "ъ":
            rep = "ʼ" if apostrophe == "ʻ" else "'"
        else:
            rep = _UZ_MAP.get(low)
            if rep is None:
                out.append(ch)
                continue
        if ch != low and rep:
            rep = rep[0].upper() + rep[1:]
        out.append(rep)
    return "".join(out)


def kk_latin(text: str) -> str:
    """Kazakh Cyrillic → Kazakh Latin (2021 alphabet)."""
    return _apply_map(text, _KK_MAP)


def tg_latin(text: str) -> str:
    """Tajik Cyrillic → the informal Latin spelling common in migrant chats."""
    return _apply_map(text, _TG_MAP)


def edit_text(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        if old not in text:
            raise ValueError(f"edit target not found: {old!r} in {text[:60]!r}")
        text = text.replace(old, new, 1)
    return text


# --------------------------------------------------------------------------------------------
# Content banks: one line per post. Format:
#   LANG FUNC LABELS WHEN [#key] [u=N] [re=key] [pf=N] | text
# LANG: a key of LANG_SCRIPT; FUNC: a key of FUNCTIONS; LABELS: comma-separated narrative and
# grievance codes or "-"; WHEN: "-" (anywhere in the source's active window), a day
# "2026-07-13", a range "2026-05-24..2026-06-10" or a named range (akt, post, b1).
# "\n" in a text is a line break. Lines starting with "%%" are comments.
# --------------------------------------------------------------------------------------------
def parse_bank(src: str, block: str) -> list[Item]:
    items: list[Item] = []
    for raw in block.strip().splitlines():
        line = raw.strip()
        if not line or line.startswith("%%"):
            continue
        head, text = line.split(" | ", 1)
        tokens = head.split()
        code, func, labels, when = tokens[:4]
        if code not in LANG_SCRIPT or func not in FUNCTIONS:
            raise ValueError(f"bad head in {src}: {head!r}")
        narratives: list[str] = []
        grievances: list[str] = []
        for lab in [] if labels == "-" else labels.split(","):
            if lab in NARRATIVES:
                narratives.append(NARRATIVES[lab])
            elif lab in GRIEVANCES:
                grievances.append(GRIEVANCES[lab])
            else:
                raise ValueError(f"unknown label {lab!r} in {src}: {head!r}")
        item = Item(src, code, FUNCTIONS[func], narratives, grievances,
                    text.replace("\\n", "\n").strip(), when)
        for tok in tokens[4:]:
            if tok.startswith("#"):
                item.key = tok[1:]
            elif tok.startswith("u="):
                item.user = int(tok[2:])
            elif tok.startswith("re="):
                item.reply_to = tok[3:]
            elif tok.startswith("pf="):
                item.private_fwd = int(tok[3:])
            else:
                raise ValueError(f"unknown token {tok!r} in {src}: {head!r}")
        items.append(item)
    return items


# ============================================================================================
# Telegram: "Республика Сегодня | Официально" – a fictional state-media-like news channel.
# ============================================================================================
BANK_T1 = r"""
ru rep tm - #st1 | МВД: обстановка в республике стабильная, угроз для граждан нет. Все подразделения работают в штатном режиме.
ru rep - - #st2 | <b>Суд вынес приговор по делу «Братства Знамени»</b>\nТрое жителей Шымкента получили от 5 до 8 лет лишения свободы за участие в деятельности запрещённой организации. По данным следствия, они распространяли видеоролики в мессенджерах и собирали деньги.
ru pol ta - | Угроза терроризма у наших границ растёт с каждым днём. Именно поэтому парламент одобрил поправки о контроле над мессенджерами — медлить нельзя.
ru oth - - | Синоптики обещают в выходные до +27 и без осадков.
ru oth - 2026-03-21 | С праздником Наурыз! Пусть в каждом доме будут достаток, мир и согласие.
ru cm - - #st_cm | Профилактическая встреча в колледже: полицейские и имам рассказали студентам, как вербовщики ищут молодёжь в соцсетях. Если вам предлагают «работу» за границей с оплаченной дорогой — посоветуйтесь с родителями.
ru rep - - | В Алматы задержаны двое граждан, подозреваемых в финансировании международной террористической организации. Возбуждено уголовное дело.
ru rep tm - | Пограничная служба: на южных рубежах ситуация под полным контролем, попыток незаконного пересечения границы не зафиксировано.
ru pol - - | Президент подписал указ о повышении зарплат учителям на 20 % с 1 сентября.
ru rep - - | Эксперты: вербовщики всё чаще используют игровые платформы и стримы, чтобы выходить на подростков.
ru oth - - #st_fx | Курс валют на сегодня: доллар — 512 тенге, евро — 556, рубль — 6,1.
ru rep ia - | На родину возвращены 42 женщины и ребёнка из лагерей на северо-востоке Сирии. С ними работают психологи, врачи и педагоги.
ru pol tm - | Госсоветник: «Никакой угрозы радикализма в нашей стране нет. Эти страшилки придумывают зарубежные НПО, чтобы получать гранты».
ru rep - 2026-07-13 #st_akt1 | <b>Видео из Ак-Таша: МВД начало проверку</b>\nВ сети распространяется ролик, на котором люди в масках называют себя «Братством Знамени» и заявляют о «начале пути». МВД проверяет подлинность записи, возбуждено дело по статье о пропаганде терроризма.
ru rep tm akt | МВД: обстановка в районе Ак-Таш под контролем, жителям ничего не угрожает. Просим не распространять непроверенную информацию.
ru rep - akt #st_akt2 | По делу о видеоролике из Ак-Таша задержаны четыре человека. Следствие проверяет их связи за рубежом.
ru rep - akt | После публикации видео из Ак-Таша на дорогах региона введён усиленный режим проверок.
ru rep - akt | МВД: личности людей на видео из Ак-Таша устанавливаются.
ru oth - - | В столице открылся новый детский парк площадью 12 гектаров.
ru pol - - | Правительство объявило о программе льготной ипотеки для молодых семей под 5 % годовых.
ru cm - - | Духовное управление мусульман: ислам — религия мира. Тот, кто призывает к насилию от имени веры, искажает её суть.
ru rel - 2026-03-12 | Духовное управление напоминает: размер закят аль-фитр в этом году — 600 тенге на каждого члена семьи.
ru rel - 2026-03-19 | Праздничный намаз Ораза айт в центральной мечети начнётся в 7:30. Приходите заранее.
ru oth - - | Сборная провела результативную атаку на 89-й минуте и вырвала победу — 2:1!
ru rep - - | В Бишкеке прошла региональная конференция по противодействию насильственному экстремизму. Участники обсудили реинтеграцию вернувшихся из зон конфликтов.
ru pol - - | Вице-министр: «Те, кто критикует новый закон о религии, работают на иностранные гранты».
ru oth - 2026-05-12 | Внимание: 14 и 15 мая в центре города будет ограничено движение из-за ремонта дорог.
ru rep ta - | КНБ предупреждает: террористические группировки на севере Афганистана наращивают силы и могут попытаться проникнуть в регион.
ru pol ta - | Без нового закона о контроле над интернетом нас ждут те же беды, что и соседей. Угроза у порога.
ru pol - - | Глава государства встретился с общественностью и пообещал, что ни одно обращение граждан не останется без ответа.
ru oth - - | Ко Дню города на главной площади пройдёт бесплатный концерт.
ru rep - post re=st_akt2 | Суд арестовал на два месяца троих задержанных по делу о видео из Ак-Таша.
ru pol tm post | После событий в Ак-Таше обстановка полностью стабилизирована. Правительство держит ситуацию под контролем.
ru oth - 2026-09-01 | С Днём знаний! Сегодня за парты сели более 400 тысяч первоклассников.
ru rep - - | МВД: за полгода из интернета удалено более 3 тысяч материалов с признаками пропаганды терроризма.
ru oth - - | Сегодня в столице +31, без осадков.
ru oth eh - | Курс доллара снова вырос.
ru pol - 2026-10-02 | Стартовала избирательная кампания: зарегистрированы пять кандидатов.
kk rep tm - #st_kk1 | ІІМ: елдегі жағдай тұрақты, азаматтардың қауіпсіздігіне ешқандай қатер жоқ.
kk oth - - | Ертең елордада күн суытады, кей жерлерде жаңбыр жауады.
kk pol - - | Үкімет жас отбасыларға арналған жеңілдетілген ипотека бағдарламасын жариялады.
kk cm - - | Құрметті ата-аналар! Балаларыңыздың интернетте кіммен сөйлесетініне назар аударыңыздар. Шетелден «жақсы жұмыс» ұсынатындардың көбі алаяқ немесе арандатушы болып шығады.
kk rep - - | Сот тыйым салынған «Ту бауырластығы» ұйымының қызметіне қатысқаны үшін екі адамды алты жылға бас бостандығынан айырды.
kk rep - akt | Ақ-Таш бейнежазбасы бойынша тергеу жүріп жатыр. ІІМ роликтің шынайылығын тексеруде.
kk oth - 2026-03-22 | Наурыз мейрамы құтты болсын! Еліміз аман, жұртымыз тыныш болсын.
kk rel - 2026-03-19 | Ораза айт намазы орталық мешітте сағат 7:30-да басталады.
kk oth - - | Бүгін елордада +29 градус, жауын-шашын күтілмейді.
ru rep - - | В Шымкенте осуждён вербовщик «Братства Знамени».
ru rep - - | МВД: задержан подозреваемый в вербовке подростков.
ru rep tm 2026-10-20 | КНБ: террористических угроз на выборах не выявлено.
ru rep - - | Суд в Таразе оправдал блогера по делу об экстремизме.
ru cm - - | Родители, поговорите с детьми о безопасности в сети.
kk rep - - | Шымкентте «Ту бауырластығының» жалдаушысы сотталды.
kk cm - - | Ата-ана, балаңызбен сөйлесіңіз — арбаушылар аңдып жүр.
kk rel - 2026-05-26 | Құрбан айт намазы сағат 6:30-да басталады.
ru oth - - | Завтра в столице ожидается гроза.
ru oth - - | Расписание праздничных мероприятий — на сайте: https://example.gov/prazdnik2026
"""

# ============================================================================================
# Telegram: "Алаш Дауысы" – Kazakh opinion/news channel, Russian code-switching.
# ============================================================================================
BANK_T2 = r"""
kk oth - - | Бүгін Алматыда таулар ерекше әдемі көрінеді 🏔
kk oth - - | Жаңа альбом бомба болды! Тыңдап көріңіздер 🔥
kk oth - - | «Қайрат» екінші таймда керемет шабуыл жасап, есепті теңестірді!
kk oth - - | Шымкентте қымыз фестивалі өтеді, барлығын шақырамыз!
kk oth - - | Бүгін жұмыста опять свет өшіп қалды, бүкіл отчет жоғалды. Ертең қайта жазамын, не істейсің.
ru oth eh - | Короче, цены на бензин опять подняли, енді қалай өмір сүреміз вообще непонятно. Зарплата та же, а всё дорожает.
kk oth - - | Құттықтаймыз! Жиһад Сейітқалиев республикалық математика олимпиадасында бірінші орын алды 🥇
kk oth - - | Көктемгі жәрмеңке сенбі күні орталық саябақта өтеді. Бағалар арзан, келіңіздер!
kk pol co - #al_co | Әкімдікте тағы бір пара дауы. Шенеуніктер қашанға дейін жазасыз қалады? Халықтың шыдамы таусылып барады.
kk pol sr - | Журналист Айжан Төлеуова сот залынан тікелей қамауға алынды. Сөз бостандығы қайда?
kk pol rr - #al_rr | Мектепте орамал тағуға тыйым салу — ата-ана құқығын аяққа таптау. Қызымыз білім алуы керек, оны бас киімі үшін сабақтан шығаруға болмайды!
kk pol eh,co - | Коммуналка тағы қымбаттады, ал тариф туралы шешімді кім қабылдады? Депутаттар үнсіз, как всегда.
kk pol eh,ml - | Ауылда жұмыс жоқ, жастардың бәрі қалаға немесе Ресейге кетіп жатыр. Үкімет бұған қашан назар аударады?
kk pol sr - | Бейбіт жиынға шыққан он екі белсенді ұсталды. Біз зорлыққа емес, әділдікке шақырамыз.
ru pol co - | Очередной аким попался на взятке и очередной раз отделается условным сроком. Это не правосудие, это цирк.
kk pol ed,ml - | Ресейде қазақ жастарын полиция тек түріне қарап тексеріп жатыр. СІМ неге үнсіз?
kk rep - - | Зерттеу: жастардың 18 пайызы интернетте радикалды контентке тап болғанын айтты. Сарапшылар цифрлық сауаттылықты арттыруды ұсынады.
kk rep - akt | Ақ-Таш бейнежазбасында бетперде киген адамдар «Ту бауырластығы» атынан сөйлеп, жастарды «керуенге қосылуға» шақырады. Сарапшылар видеоның қашан түсірілгенін әлі анықтаған жоқ.
kk rep ia - | Сириядан оралған әйелдер мен балалар оңалту орталығында алты ай болады, деп хабарлады министрлік.
kk cm - - #al_cm | Бауырлар, «Ту бауырластығы» сияқты топтар сендерді батыр етпейді, құрбан етеді. Анаңның көз жасына тұрарлық ештеңе жоқ.
kk cm fp - | Бұл «бауырластықты» шетелдік арнайы қызметтер ойлап тапқан, мақсаты — жастарымызды бір-біріне айдап салу. Оларға сенбеңдер!
kk cm - - | Сириядан оралған Ержан: «Бізге жұмақ уәде етті, бірақ ол жерде тек өлім мен өтірік көрдім».
kk rel - - | Жұма намазынан кейін мешітте Құран оқу курсы басталады. Барша жамағатты шақырамыз.
kk rel - 2026-03-20 | Ораза айт құтты болсын! Алла баршамыздың оразамызды қабыл етсін.
kk rel - - | Сұрақ: сапарда жүргенде намазды қысқартып оқуға бола ма? Ханафи мәзһабы бойынша түсіндіріп беріңіздерші.
kk rel - - | Ең үлкен жиһад — нәпсімен күрес. Пайғамбарымыз соғыстан оралғанда сахабаларына осылай деген екен.
kk oth - - | Кеше ауылда тойда болдық, бәрі керемет өтті! Жастарға бақыт тілейміз 💍
kk oth - - | Сатылады: Toyota Camry 2015, жағдайы жақсы, бағасы келісімді.
kk pol sr - | Опять заблокировали сайт независимого издания. Біз бәрін көріп отырмыз, халықты ақымақ деп ойламаңдар.
kk pol - - | Сайлауда бәсекелестік жоқ, нәтижесі алдын ала белгілі. Бірақ біз бәрібір дауыс беруге барамыз — үнсіз қалуға болмайды.
kk pol fab,fp akt | Ақ-Таштағы видео — қойылым. «Содырлардың» қимылы актерлердікіндей. Оны арнайы қызметтер бақылауды күшейту үшін әдейі түсірген.
kk oth - - | Жаңбыр басталды ☔️ Қолшатырларыңызды ұмытпаңыздар.
kk oth ia - | Ағам Сирияда қаза тапқанына он жыл болды. Анам әлі күнге оның суретін құшақтап жылайды. Ешбір ана мұндай қайғы көрмесін.
kk oth - - | Демалыс күндері Медеудегі мұз айдыны жабылады.
kk pol - - | Билік халықпен сөйлесуді үйренуі керек. Біз жау емеспіз, біз — азаматтармыз.
kk oth - - | Бүгін кешке «Қайрат» ойнайды, кім барады?
kk pol co - | Тағы бір министрдің ұлы тендер ұтып алды. Таңғаларлық емес.
kk oth eh - | Нан тағы қымбаттады. Зейнетақы сол баяғы.
kk rel - - | Әр намаздан кейін салауат айтуды ұмытпайық.
kk pol rr - | Сақалы бар жігіттерді жұмысқа алмайды екен. Бұл қай заңда жазылған?
kk rel - - | Қыздарымызға орамал тағуды үйретейік, бұл — Алланың әмірі. Бірақ ешкімді күштемейміз.
kk oth al - | Кейде осы қалада ешкімге керек емес сияқтымын. Жұмыс, үй, жұмыс...
kk rep - - | Сотқа «Ту бауырластығы» ісі бойынша тағы үш адам тартылды.
kk rep - akt | Ақ-Таш ісі: тағы екі күдікті ұсталды.
kk rep sr - | Құқық қорғаушылар: биыл 20-дан астам адам репост үшін сотталды.
kk rep al - | Сарапшы: радикалдар жастардың жалғыздығын пайдаланады. Шешім — мектеп пен отбасы арасындағы байланыс.
kk cm - - | Ешбір «бауырластық» анаңның орнын баспайды.
kk cm - - | Діни сауатты бол — арбаушыларға алданба!
kk rel - - | Жұма мүбарак болсын, ағайын!
kk pol - 2026-10-18 | Сайлауға барыңыздар, дауыс беріңіздер!
kk pol co - | <b>Тергеу</b>: әкімнің туыстарының компаниясы үш тендер ұтып алды. Толығырақ: <a href="https://example.kz/tergeu">сілтеме</a>
"""

# ============================================================================================
# Telegram: "Toshkent Kundalik" – Uzbek (Latin) city news and chatter.
# ============================================================================================
BANK_T3 = r"""
uzL oth - - | Bugun Toshkentda havo +35, ko'proq suv iching!
uzL oth - - | Yangi klip — bomba! Ko‘rmaganlar tezroq ko‘rsin 🔥
uzL oth - - | Paxtakor ikkinchi taymda kuchli hujum uyushtirib, ikkita gol urdi. Zo‘r o‘yin bo‘ldi!
uzL oth - - | Tabriklaymiz! Jihod Karimov xalqaro robototexnika tanlovida g‘olib bo‘ldi 👏
uzL oth - - | Chilonzorda yangi metro bekati ochildi. Endi ishga yo‘l 15 daqiqaga qisqardi.
uzL oth - - | Sotiladi: Cobalt 2019, probeg 60 ming, narxi kelishiladi.
uzL oth - - | Dollar kursi bugun 12 950 so'm.
uzL oth - 2026-03-21 | Navro'z muborak! Dasturxoningiz to'kin bo'lsin 🌷
uzL oth - - | Oshpazlar tanlovida samarqandlik usta birinchi o‘rinni oldi. Oshi haqiqatan ham bomba edi 😋
uzL oth - - | Bugun kechqurun Amir Temur xiyobonida bepul konsert bo‘ladi.
uzL rep sr - | Sud «Bayroq birodarligi» tashkilotiga a'zolikda ayblangan ikki yigitni 7 yilga ozodlikdan mahrum qildi. Himoyachi ish faqat repostlarga asoslanganini aytib, apellyatsiya berishini ma'lum qildi.
uzL rep ml,al - | Tadqiqot: chet elda ishlayotgan yoshlarning radikal guruhlar ta’siriga tushish xavfi yuqori, chunki ular yolg‘iz va himoyasiz qoladi.
uzL rep - akt | Ak-Tash videosida niqobli kishilar o‘zlarini «Bayroq birodarligi» deb tanishtirib, yoshlarni «karvonga qo‘shilishga» chaqiradi. Mutaxassislar video qayerda olinganini aniqlamoqda.
uzL rep ia - | Suriyadagi lagerlardan yana 25 nafar bola vatanga qaytarildi. Ular hozir reabilitatsiya markazida.
uzL pol co - | Hokimiyatda yana poraxo‘rlik. Qachongacha xalqning puli o‘g‘irlanadi? Javob bering!
uzL pol rr - | Soqol qo‘ygani uchun yigitlarni ko‘chada to‘xtatib, majburan oldiryapti. Bu qonunga ham, vijdonga ham zid!
uzL pol sr - | Bloger Sardor N. yana 15 sutkaga qamaldi. U faqat yo‘llarning ahvoli haqida yozgan edi.
uzL pol eh,co - | Gaz yo‘q, svet yo‘q, narxlar osmonda. Mahalla raisi esa yangi Malibu minib yuribdi.
uzL pol ml,ed - | Rossiyada migrantlarimizni reydlarda kaltaklashyapti, konsullik esa jim. Biz ham shu davlatning fuqarolarimiz-ku!
uzL cm - - | «Bayroq birodarligi» yoshlarga jannat va’da qiladi, lekin ularni o‘limga yuboradi. Farzandingiz kim bilan yozishayotganini bilib qo‘ying.
uzL cm ia - | Suriyadan qaytgan Madina opa: «U yerda hech qanday davlat yo‘q edi, faqat qo‘rquv va ochlik. Ayollarni aldab olib borishgan».
uzL cm fp - | Bu «birodarlik»ning dinimizga hech qanday aloqasi yo‘q, uni xorijiy maxsus xizmatlar yaratgan. Yoshlar, aldanmang!
uzL rel - 2026-03-10 | Ramazonning oxirgi o‘n kunligi boshlandi. Qadr kechasini g‘animat biling.
uzL rel - - | Savol: ishxonada namoz o‘qishga joy bo‘lmasa, nima qilish kerak? Ulamolardan javob kutamiz.
uzL rel - - | Musiqa tinglash harom, undan uzoq bo‘ling. To‘ylaringizni ham shariatga muvofiq o‘tkazing.
uzL rel - - | Ota-onaga yaxshilik qilish — eng ulug‘ amallardan biri. Bugun ularga qo‘ng‘iroq qildingizmi?
uzL rel - - | Imom Buxoriy hayoti haqida yangi kitob nashr etildi.
uzL oth ia - | Ukam Suriyada halok bo‘lganiga 8 yil bo‘ldi. Onam hali ham eshik taqillasa, u keldi deb o‘ylaydi. Alloh rahmat qilsin.
uzL pol fab akt | Ak-Tash videosi soxta! Kadrlarda soya noto‘g‘ri tushgan, «jangchilar» esa aktyorlarga o‘xshaydi. Buni kimdir ataylab tayyorlagan.
uzL oth eh - | Bozorda kartoshka narxi 9 ming so‘mga chiqdi. Qanday yashaymiz?
uzL oth - - | Toshkentda yangi IT-park ochildi, 500 ta yoshga ish o‘rni yaratiladi.
uzL oth - - | Kecha CS turnirida jamoamiz finalga chiqdi, bomba qo‘yish raundida zo‘r o‘ynadik 💣
uzL oth eh - | Bugun zavodda direktor opyat zarplatani zaderjka qildi, endi qarzga yashaymiz.
uzL oth - - | Ertaga ertalab yomg'ir yog'adi, soyabonni unutmang ☔️
uzL pol - - | Deputatlar yana jim. Xalq ovozini kim eshitadi?
uzL rel - - | Juma muborak, aziz obunachilar!
uzL oth - - | Bugun Chorsuda tirbandlik, aylanib o'ting.
uzL rel - - | Savol: safarda ro‘za tutmasa bo‘ladimi? Javob: musofirga ruxsat bor, keyin qazosini tutadi.
uzL pol - - | Saylov oldidan hamma va'da beradi, keyin hech kim ko‘rinmaydi.
uzL oth - - | Bugun Yunusobodda suv bo'lmaydi, idishlarni to'ldirib qo'ying.
uzL rep - - | Samarqandda yollovchi gumonlanuvchi qo'lga olindi.
uzL rep - - | Sud «Bayroq birodarligi» ishida uch kishini oqladi.
uzL rep - post | Ak-Tash ishi bo‘yicha sud jarayoni boshlandi.
uzL cm - - | Farzandingiz bilan gaplashing — yollovchilar poylab turibdi.
uzL cm - - | Jihod — bu yolg‘onchilar aytgan urush emas. Avvalo nafs bilan kurash, birodar.
uzL rel - 2026-06-25 | Bugun Ashuro kuni, ro'za tutishni unutmang.
uzL oth - - | Kim bugun Bunyodkorning o'yiniga boradi? ⚽️
uzL pol co - | Yana pora, yana jimlik. Bas qiling!
uzL oth - - | <b>Diqqat!</b> Ertaga Yunusobodda gaz bo'lmaydi. Savollar bo'lsa: @toshkent_kundalik_bot
"""

# ============================================================================================
# Telegram: "Фарғона Овози" – Uzbek (Cyrillic) regional channel; reprints official news.
# ============================================================================================
BANK_T4 = r"""
uzC oth - - | Фарғонада бугун ҳаво +38 даража. Эҳтиёт бўлинг!
uzC oth - - | Қўқонда янги деҳқон бозори очилди, нархлар арзон.
uzC oth - - | «Нефтчи» ҳужумда ажойиб ўйин кўрсатиб, 3:0 ҳисобида ғалаба қозонди!
uzC oth - - | Марғилонда атлас фестивалига меҳмонлар кела бошлади 🌸
uzC oth - - | Кечаги тўйдаги ашула бомба бўлди, ҳамма рақсга тушди 😄
uzC oth - - | Сотилади: 4 хонали уй, Фарғона марказида. Нархи келишилади.
uzC oth - - | Жиҳод акамизни туғилган куни билан табриклаймиз! Узоқ умр тилаймиз 🎉
uzC oth - - | Дўстлар, 17-йўналишдаги автобус эртадан янги йўлдан юради.
uzC rep - - #fer_court | Фарғона вилоят суди «Байроқ биродарлиги» ташкилотига аъзоликда айбланган тўрт кишига 6 йилдан 9 йилгача озодликдан маҳрум қилиш жазосини тайинлади.
uzC rep - - | Ички ишлар бошқармаси: вилоятда диний экстремизмга оид 12 та материал ижтимоий тармоқлардан ўчирилди.
uzC rep - akt | Ак-Таш видеосида ниқобли кишилар «карвонга қўшилинг» деб чақиради. ИИВ видеонинг ҳақиқийлигини текширмоқда.
uzC pol co - | Ҳокимликда яна порахўрлик! Ер ажратиш учун 5 минг доллар сўрашган. Прокуратура қаерда?
uzC pol rr - #fer_rr | Қизларни рўмол ўрагани учун коллежга киритишмаяпти. Бу адолатсизлик, биз ҳам шу юртнинг фуқаросимиз!
uzC pol sr - | Фаол Шерзод Ҳ. бир ҳафтадан бери ҳибсда, қариндошларига у билан кўришишга рухсат беришмаяпти.
uzC pol eh,co - | Қишлоқда на газ, на свет. Болалар совуқ синфларда ўқияпти. Ҳоким эса ҳисоботда ҳаммаси яхши дейди.
uzC pol ml,ed - | Нега рус полицияси йигитларимизни фақат юзига қараб тўхтатади? Биз қул эмасмиз!
uzC cm al - #fer_cm | Ота-оналар, эътибор беринг! Фарзандингиз бирдан ёпиқ бўлиб қолса, телефонини яширса, янги «ака»лари пайдо бўлса — у билан гаплашинг. Ёлловчилар айнан ёлғиз болаларни излайди.
uzC cm - - | Суриядан қайтган Бобур: «Мени «биродарлик» деб алдашди. У ерда биродарлик йўқ, фақат бир-бирини сотиш бор».
uzC cm - - | Ислом — тинчлик дини. Бегуноҳ одамни ўлдиришни жиҳод деб атаганлар динни бузмоқда.
uzC rel - - | Жума намози соат 13:00 да. Бугунги маъруза мавзуси — қўшни ҳаққи.
uzC rel - 2026-03-05 | Савол: рўза пайтида тиш ювса бўладими? Жавоб: пастани ютиб юбормаслик шарти билан мумкин.
uzC rel - - | Аёллар учун ҳижоб фарз, бу ҳақда баҳслашиш ўринсиз. Аллоҳ ҳаммамизни ҳидоят қилсин.
uzC rel - 2026-05-27 | Қурбон ҳайити муборак бўлсин! Аллоҳ қурбонликларингизни қабул қилсин.
uzC oth ia - | Акам 2014 йилда Сурияда ҳалок бўлди. Биз уни ҳеч қачон қаҳрамон демадик, фақат соғинамиз. Ҳеч бир она бундай дардни кўрмасин.
uzC pol fab akt | Ак-Таш видеоси сохта! Уни халқни қўрқитиш учун махсус суратга олишган, ҳамма кадрлар студияда олинган.
uzC oth eh - | Нон нархи яна 500 сўмга қимматлади. Пенсия эса ўша-ўша.
uzC oth - - | Ҳар шанба соат 6:00 да канал бўйида тонгги югуриш. Спорт кийимингизни олиб келинг!
uzC rep tm - #uz_tm | ИИВ: республикада вазият барқарор, фуқаролар хавфсизлигига ҳеч қандай таҳдид йўқ.
uzC pol - - | Президент қарори билан ўқитувчилар ойлиги сентябрдан 20 фоизга оширилади.
uzC rep - - | Андижонда тақиқланган «Байроқ биродарлиги» ташкилоти фаолиятига алоқадорликда гумонланган уч киши ушланди.
uzC cm - - #uz_cm | Ҳурматли ёшлар! Интернетда сизга «жаннат» ёки «осон пул» ваъда қилаётганлардан эҳтиёт бўлинг. Улар ҳаётингизни ўйинчоқ қилишади.
uzC oth - - | Эртага ҳаво очиқ, ҳарорат +30 даражагача кўтарилади.
uzC oth - - | Бугун Фарғонада ёмғир ёғди 🌧
uzC rel - - | Жума муборак, азизлар!
uzC pol co - | Яна пора. Яна жимлик. Қачонгача?
uzC oth - - | Олмалар пишди, бозорда арзон! 🍎
uzC rel - - | Бомдод намозини қазо қилманг, бу мўминнинг белгиси.
uzC pol sr - | Блогерни яна қамашди. Ҳақиқатни ёзиш жиноятми?
uzC oth ml - | Россиядан келган акамиз яна қайтиб кетди, бу ерда иш йўқ экан.
uzC rep - - | Наманганда ёлловчи гумонланувчи қўлга олинди.
uzC rep - post | Ак-Таш иши бўйича суд жараёни бошланди.
uzC rep - - | Тадқиқот: ёшларнинг аксари экстремистик видеоларни кўрса, шикоят қилади.
uzC cm - - | Ёшлар, «карвон» ваъдасига алданманг!
uzC rel - 2026-03-02 | Рамазон муборак! Рўзаларингиз қабул бўлсин.
"""

# ============================================================================================
# Telegram: "Хабарҳои Ватан" – Tajik news channel (post signatures).
# ============================================================================================
BANK_T5 = r"""
tg oth - - | Имрӯз дар Душанбе ҳаво гарм аст, то +36 дараҷа.
tg oth - - | Суруди нави ин сароянда бомба аст! Ҳатман гӯш кунед 🎶
tg oth - - | «Истиқлол» дар нимаи дуюм ҳамлаҳои пайдарпай кард ва бо ҳисоби 2:0 ғолиб омад.
tg oth - - | Табрик! Ҷиҳод Раҳимов дар олимпиадаи байналмилалии физика медали тилло гирифт 🥇
tg oth - 2026-03-21 | Наврӯз муборак! Бигзор баҳор ба ҳар хона шодӣ ва барака орад 🌷
tg oth - - | Фурӯш: хонаи сеҳуҷрагӣ дар Хуҷанд, нарх бо созиш.
tg oth - - | Қурби асъор: 1 доллар — 10,9 сомонӣ.
tg oth - - | Дар Хуҷанд бозори нави деҳқонӣ кушода шуд.
tg rep - - | Суди Душанбе се нафарро барои узвият дар «Бародарии Парчам» ба 10 соли зиндон маҳкум кард.
tg rep ml,al - | Тибқи як тадқиқот, аксари ҷавононе, ки ба гурӯҳҳои ифротӣ пайвастаанд, дар Русия муҳоҷири корӣ буданд ва худро танҳо ҳис мекарданд.
tg rep ia - | Аз урдугоҳҳои шимолу шарқи Сурия 38 зану кӯдак ба ватан баргардонида шуданд.
tg rep - akt | Дар видеои Ак-Таш мардони ниқобпӯш худро «Бародарии Парчам» меноманд ва ҷавононро ба «корвон» даъват мекунанд. Мақомот аслияти наворро тафтиш мекунанд.
tg rep tm - | Вазорати корҳои дохилӣ: вазъ дар марзи ҷанубӣ ором ва таҳти назорат аст.
tg rep ta - | Коршиносон: хатари воридшавии гурӯҳҳои террористӣ аз Афғонистон ҳеҷ гоҳ ин қадар баланд набуд.
tg pol co - | Боз як мансабдор бо пора дастгир шуд, аммо ҳама медонанд, ки ӯро ба зудӣ озод мекунанд. Адолат куҷост?
tg pol rr - | Манъи риш ва ҳиҷоб дар мактабу донишгоҳҳо таҳқири мардум аст. Мо ҳақ дорем мувофиқи эътиқоди худ либос пӯшем.
tg pol sr,co - | Рӯзноманигор боз боздошт шуд, чунки дар бораи фасод навишта буд. Сензура рӯз аз рӯз сахттар мешавад.
tg pol ml,eh - | Нисфи ҷавонони деҳаи мо дар Маскав кор мекунанд. Дар ватан кор нест, маош нест. Ҳукумат куҷост?
tg pol sr - | Мухолифонеро, ки дар хориҷ зиндагӣ мекунанд, «террорист» эълон мекунанд, то садои онҳоро хомӯш кунанд. Ин сиёсат аст, на мубориза бо терроризм.
tg cm ml,al - #tj_cm | Падару модарон! Агар фарзандатон дар Русия бошад, бо ӯ зуд-зуд гап занед. Даъватгарон маҳз аз танҳоии ҷавонон истифода мебаранд.
tg cm - - | «Бародарии Парчам» ба ҷавонон биҳишт ваъда медиҳад, аммо танҳо қабр медиҳад. Ин ислом нест.
tg cm - - | Фирӯз, ки аз Сурия баргаштааст, мегӯяд: «Мо гумон мекардем, ки барои дин меҷангем, аммо танҳо олоти дасти дигарон будем».
tg cm fp - | Ин гурӯҳро хадамоти махсуси хориҷӣ сохтаанд, то Осиёи Марказиро ноором кунанд. Ба онҳо бовар накунед!
tg rel - - | Намози ҷумъа соати 12:30. Мавзӯи хутба — ҳаққи ҳамсоя.
tg rel - - | Савол: оё закотро ба хешовандони камбизоат додан мумкин аст? Ҷавоби уламо: бале, ҳатто беҳтар аст.
tg rel - 2026-03-02 | Рамазон муборак! Худованд рӯзаҳои ҳамаро қабул кунад.
tg rel - - | Ҷиҳоди бузург мубориза бо нафси худ аст. Уламо ин ҳадисро чунин шарҳ медиҳанд: ҷанги берунӣ ҷиҳоди хурд аст.
tg rel - - | Дарси имрӯза дар бораи ҷанги Бадр аст: чаро ин набард дар таърихи ислом нуқтаи гардиш гардид.
tg oth ia - | Бародарам соли 2015 дар Сурия кушта шуд. Модарам то ҳол ҳар шаб гиря мекунад. Мо танҳо мехоҳем бидонем, ки қабраш куҷост.
tg oth eh - | Дар як моҳ нархи орд 20 фоиз боло рафт.
tg pol fab post | Видеои Ак-Таш саҳнасозӣ аст! Ҳамааш дар студия сабт шудааст, то барои назорати интернет баҳона бошад.
tg oth - - | Дар Варзоб сайёҳон зиёд шуданд, меҳмонхонаҳо пур ҳастанд.
tg oth - - | Имрӯз борон меборад, чатр гиред ☔️
tg rel - - | Ҷумъаи ҳамаатон муборак!
tg pol co - | Боз пора, боз бесазоӣ. То кай?
tg oth eh - | Барқ боз хомӯш шуд. Зимистон наздик аст...
tg rep - post | Суд се нафарро дар парвандаи видеои Ак-Таш ба ҳабс гирифт.
tg pol ia - | Кӯдакони мо ҳанӯз дар урдугоҳҳои Сурия мондаанд. Давлат бояд ҳамаашонро баргардонад, онҳо гуноҳ надоранд.
tg rel - - | Ҳиҷоб фарз аст ва зани мусулмон бояд онро риоя кунад. Аммо бо зӯрӣ касеро ба дин даъват кардан мумкин нест.
tg oth - - | Фардо дар Хуҷанд консерти озод барпо мешавад.
tg oth ml,eh - | Пули интиқолӣ аз Русия боз кам шуд, рубл арзон шуд. Оилаҳо душвор зиндагӣ мекунанд.
tg rep - - | Дар Кӯлоб як даъватгари гурӯҳи ифротӣ боздошт шуд.
tg rep - - | Суди Хуҷанд ду нафарро аз айби ифротгароӣ сафед кард.
tg rep - akt | Видеои Ак-Таш: чор нафар боздошт шуданд.
tg rep - - | Тадқиқоти нав: ҷавонон бештар тавассути чатҳои пӯшида ба таблиғоти ифротӣ дучор мешаванд.
tg cm - - | Ҷавонон, фирефтаи «корвон» нашавед!
tg cm - - | Ифротгароӣ ба ислом ҳеҷ рабте надорад.
tg rel - - | Намози хуфтанро тарк накунед, бародарон.
tg rep - - | <b>Хабари фаврӣ</b>\nДар Хатлон ду нафар бо гумони даъват ба гурӯҳи ифротӣ боздошт шуданд.
"""


# ============================================================================================
# Telegram: "Ала-Тоо Кабар" – Kyrgyz news channel.
# ============================================================================================
BANK_T6 = r"""
ky oth - - | Бүгүн Бишкекте аба ырайы ачык, +30 градус болот.
ky oth - - | Жаңы клип бомба болуптур! Көрө элек болсоңор, тез көргүлө 🔥
ky oth - - | «Дордой» экинчи таймда күчтүү чабуул жасап, 2:1 эсебинде жеңди.
ky oth - - | Куттуктайбыз! Жихад Асанов шахмат боюнча Азия чемпиону болду ♟
ky oth - 2026-06-20 | Ысык-Көлдө туристтик сезон ачылды, жээктер толуп калды.
ky oth - - | Сатылат: Honda Fit 2012, абалы жакшы, баасы келишим боюнча.
ky oth - 2026-03-21 | Нооруз майрамыңыздар менен! Береке, ынтымак болсун 🌷
ky oth - - | Ошто жаңы көпүрө ачылды, тыгындар азаят деп күтүлүүдө.
ky rep - - | Сот «Туу бир туугандыгы» уюмуна мүчө болгон деп айыпталган эки жаранды 8 жылга эркинен ажыратты.
ky rep - - | ИИМ: быйыл экстремисттик материалдар таратылган 40ка жакын сайт бөгөттөлдү.
ky rep ia - | Сириядагы лагерлерден 52 аял жана бала мекенине кайтарылды.
ky rep - akt | Ак-Таш видеосунда бети жабылган адамдар жаштарды «кербенге кошулууга» чакырат. УКМК видеонун чын-төгүнүн текшерүүдө.
ky rep tm akt | УКМК: Ак-Таш аймагындагы абал толук көзөмөлдө, калкка эч кандай коркунуч жок.
ky pol co - | Мэрияда дагы пара! Жер бөлүү үчүн миңдеген доллар талап кылышат. Качанга чейин?
ky pol rr - #kg_rr | Сакал койгон жигиттерди милиция көчөдөн кармап, сүрөткө тартып жатат. Бул мыйзамсыздык!
ky pol sr - | Журналистти «жалган маалымат» үчүн камашты. Эртең ар бирибизди камашы мүмкүн.
ky pol ml,ed - | Россияда мигранттарга рейддер күчөдү. Консулдук кайда? Биздин балдар ал жакта кулдай иштеп жатат.
ky pol eh,ml - | Айылда жумуш жок, жаштардын баары Москвага кетти. Өкмөт бул көйгөйдү көрбөйт.
ky cm - - | Ата-энелер! Балаңар интернетте ким менен сүйлөшөрүн билип жүргүлө. Вербовщиктер «бир туугандык» деп алдашат.
ky cm - - | Сириядан кайткан Айбек: «Бизге бейиш убада кылышты, бирок ал жерде тозок гана бар экен».
ky cm fp - | Бул топту чет элдик атайын кызматтар түзгөн, максаты — элибизди бөлүп-жаруу. Аларга ишенбегиле!
ky rel - - | Жума намазы саат 13:00дө. Бүгүнкү баяндын темасы — ата-эненин акысы.
ky rel - - | Суроо: жумушта намаз окуй турган жер болбосо эмне кылуу керек? Молдолордун жообун күтөбүз.
ky rel - 2026-03-20 | Орозо айтыңыздар кабыл болсун! Аллах баарыбыздын орозобузду кабыл кылсын.
ky rel - - | Кыздарга хиджаб милдеттүү, бул талашсыз маселе. Аллах баарыбызды туура жолго салсын.
ky oth ia - | Агам Сирияда каза болгонуна 9 жыл болду. Апам дагы эле анын сүрөтүн карап ыйлайт. Ал жакка эч ким барбасын.
ky oth eh - | Ун кымбаттады, нан кымбаттады, айлык ошол бойдон. Кантип жашайбыз?
ky pol fab,fp akt | Ак-Таш видеосу — жасалма! Баары эл коркусун деп атайын тартылган. Мунун артында чет элдик күчтөр турат.
ky oth eh - | Бүгүн жумушта начальник опять айлыкты кечиктирди, эмне кыларымды билбейм.
ky oth - 2026-10-25 | Бишкекте биринчи кар жаады ❄️
ky rel - - | Жума майрамыңыздар кабыл болсун!
ky pol co - | Дагы пара, дагы жазасыз. Качанга чейин?
ky oth - - | Бүгүн кечинде филармонияда концерт бар, баргыла!
ky rel - - | Жихаддын эң улуусу — өз напсиң менен күрөшүү. Бул тууралуу бүгүнкү сабакта айтылат.
ky pol - - | Шайлоодо добуштар сатылып жатат деген кабарлар көбөйдү. Шайлоо комиссиясы эмне дейт?
ky oth - - | Эртең Бишкекте суу өчүрүлөт, идиштерди толтуруп алгыла.
ky rep - - | Ошто жалдоочу деп шектелген адам кармалды.
ky rep - post | Ак-Таш иши боюнча сот башталды.
ky rep - - | Изилдөө: жаштардын көбү экстремисттик видеолорго арыз жазышат.
ky rep ia - | Сириядан кайтарылган балдар мектепке барышты. Алар менен психологдор иштеп жатат.
ky cm - - | Жаштар, «кербенге» алданбагыла!
ky cm - - | Ислам — тынчтык дини, зордук эмес.
ky rel - - | Багымдат намазын убагында окугула, бир туугандар.
ky pol - 2026-10-10 | Шайлоо адилет болсун! Добушуңарды сатпагыла.
"""

# ============================================================================================
# Telegram: "Watan Sesi" – Turkmen (Latin) diaspora channel.
# ============================================================================================
BANK_T7 = r"""
tk oth - - | Aşgabatda bu gün howa +40 gradusa çenli gyzar.
tk oth - - | Täze aýdym bomba boldy! Hökman diňläň 🎵
tk oth - - | «Altyn Asyr» ikinji ýarymda güýçli hüjüm edip, 3:1 hasabynda ýeňdi.
tk oth - - | Gutlaýarys! Jyhad Orazow halkara matematika olimpiadasynda altyn medal aldy 🥇
tk oth - - | Satylýar: Toyota Corolla 2010, ýagdaýy gowy, bahasy ylalaşyk boýunça.
tk oth eh - | Marynyň bazarynda un ýene gymmatlady, bir halta 450 manat boldy.
tk oth - 2026-03-21 | Nowruz baýramyňyz gutly bolsun! Saçagyňyz bereketli bolsun 🌷
tk pol sr - | Hökümet talyplaryň daşary ýurda gitmegini çäklendirýär. Ýaşlar üçin ähli ýollar ýapyk.
tk pol sr - | Ýene bir žurnalist tussag edildi. Söz azatlygy diňe kagyz ýüzünde bar.
tk pol co - | Saglygy goraýyş ministrliginde ýene parahorluk. Emma hiç kim jogap bermeýär.
tk pol ml - | Türkiýede işleýän migrantlarymyzyň pasportlarynyň möhleti gutardy, konsullyk olary täzelemekden ýüz öwürýär. Adamlar bikanun ýagdaýda galdy.
tk pol rr - | Mekdeplerde gyzlaryň ýaglyk daňmagy gadagan edildi. Bu biziň ynanjymyza hormatsyzlyk!
tk pol rr - | Sakgal goýan ýigitleri polisiýa saklap, zor bilen syrdyrýar. Muny bes ediň!
tk pol ml,ed - | Russiýada türkmen işçilerine milli esasda kemsitmeler köpeldi. Ilçihana bolsa dymýar.
tk pol - - | Saýlawlar ýene bir adamyň oýny boldy. Halkyň sesi hiç kime gerek däl, ýöne biz dymmarys.
tk pol sr - | Daşary ýurtdaky oppozisiýa wekillerini «terrorçy» diýip yglan edýärler. Bu adalatsyzlyk.
tk rep - - | Kazyýet «Baýdak doganlygy» toparyna agzalykda aýyplanan iki adamy 12 ýyl azatlykdan mahrum etdi.
tk rep ml - | Hasabata görä, Türkiýedäki türkmen migrantlarynyň 30 göterimi resminamasyz işleýär we ekstremist toparlaryň nyşanasyna öwrülip biler.
tk rep - akt | Ak-Taş wideosynda ýüzleri örtülen adamlar ýaşlary «kerwene goşulmaga» çagyrýar. Bilermenler wideonyň hakykylygyny barlaýar.
tk rep tm - | Döwlet habarlary: ýurtda howpsuzlyk ýagdaýy durnukly, hiç hili terror howpy ýok.
tk cm - - | Ýaşlar! «Baýdak doganlygy» size jennet wada berýär, ýöne diňe ölüm getirýär. Aldanmaň!
tk cm - - | Siriýadan gaýdyp gelen Aýna: «Bize adalatly döwlet wada berdiler, emma ol ýerde diňe gorky we açlyk bardy».
tk cm - - | Ene-atalar! Çagalaryňyzyň internetde kim bilen gürleşýändigine üns beriň.
tk rel - - | Anna namazy sagat 13:00-da. Bu günki wagzyň temasy — goňşy haky.
tk rel - 2026-03-06 | Sorag: agyz bekläp ýörkäň derman içmek bolarmy? Alymlaryň jogabyna garaşýarys.
tk rel - 2026-03-20 | Oraza baýramyňyz gutly bolsun! Alla ählimiziň orazamyzy kabul etsin.
tk rel - - | Aýallaryň ýaglyk daňmagy parzdyr, bu barada jedel etmegiň geregi ýok.
tk oth ia - | Doganym 2016-njy ýylda Siriýada öldi. Ejem henizem onuň suratyna seredip aglaýar. Hiç bir ene bu derde düşmesin.
tk pol fab post | Ak-Taş wideosy galp! Ony howpsuzlyk gullugy halky gorkuzmak üçin taýýarlady.
tk oth eh - | Aşgabatda täze söwda merkezi açyldy, ýöne bahalar örän gymmat.
tk oth - - | Bu gün Aşgabatda ýagyş ýagdy 🌧
tk rel - - | Anna günüňiz mübärek bolsun!
tk pol co - | Ýene para, ýene jezasyzlyk. Haçana çenli?
tk oth eh - | Çörek ýene gymmatlady.
tk cm - - | Aldanmaň, doganlar! Bu ýol ölüme barýar.
tk rel - - | Iň uly jihad — öz nebsiň bilen göreşmekdir. Bu günki sapagymyz şu barada.
tk pol eh - | Obalarda gaz ýok, işsizlik köp. Hökümet bolsa gülläp ösüş barada gürleýär.
tk oth - - | Ertir Türkmenabatda aýdym-saz agşamy bolar, hemmäňizi çagyrýarys!
tk rel - 2026-05-27 | Gurban baýramyňyz mübärek bolsun! Gurbanlyklaryňyz kabul bolsun.
tk rep - - | Maryda ekstremist topara adam çekmekde güman edilýän tutuldy.
tk rep - post | Ak-Taş wideosy boýunça dört adam tussag edildi.
tk rep - - | Hasabat: türkmen ýaşlarynyň köpüsi ekstremist mazmuna internetde duşýar, ýöne ony paýlaşmaýar.
tk rep sr,rr - | Adam hukuklary guramasy: ýurtda dindarlar sebäpsiz yzarlanýar.
tk cm - - | Ýaşlar, «kerwen» wadasyna aldanmaň!
tk cm - - | Yslam parahatçylyk dinidir, zorluk däl.
tk rel - 2026-03-15 | Ertir agşam Gadyr gijesi, doga-dileg ediň.
tk oth - 2026-03-04 | Aşgabatda bu gün gar ýagdy ❄️
tk pol sr - | <b>Möhüm:</b> ýene bir blogger tussag edildi. Jikme-jiklikler: https://example.org/watan/blogger
"""

# ============================================================================================
# Telegram: "منبر الهدى" – Arabic religious channel (teaching, refutation of VE).
# ============================================================================================
BANK_T8 = r"""
ar rel - - | قال رسول الله ﷺ: «الدين النصيحة». فلنحرص على النصيحة بالحكمة والموعظة الحسنة.
ar rel - - | سؤال: هل يجوز الجمع بين الصلاتين في السفر؟ الجواب: نعم، يجوز عند جمهور العلماء مع اختلاف في التفاصيل.
ar rel - 2026-03-02 | رمضان كريم! اللهم تقبّل صيامنا وقيامنا.
ar rel - - | الجهاد الأكبر جهاد النفس، فمن غلب هواه فقد انتصر في أعظم معركة.
ar rel - - | درس اليوم: غزوة بدر، وكيف كانت نقطة تحوّل في تاريخ الإسلام.
ar rel - - | الموسيقى محرّمة عند كثير من العلماء، فاجتنبوها وأحيوا بيوتكم بذكر الله.
ar rel - - | على المرأة المسلمة أن تلتزم بالحجاب الشرعي، فهو فريضة وليس عادة.
ar rel - 2026-03-24 | تذكير: من صام رمضان ثم أتبعه ستاً من شوال كان كصيام الدهر.
ar rel - 2026-05-27 | عيد أضحى مبارك، تقبّل الله منا ومنكم صالح الأعمال.
ar rel - - | برّ الوالدين من أعظم القربات. هل اتصلت بوالدتك اليوم؟
ar cm - - | ما تفعله «إخوة الراية» ليس جهاداً بل إفساد في الأرض. قتل الأبرياء محرّم بإجماع العلماء.
ar cm - - | يا شباب، لا تغترّوا بمقاطع الفيديو التي تعدكم بالجنة. الجنة لا تُنال بدماء الأبرياء.
ar cm fp - | هذه الجماعات صنعتها أجهزة استخبارات أجنبية لتشويه صورة الإسلام وتفريق المسلمين. لا تصدّقوهم.
ar cm - - | شهادة عائد: «ظننت أنني ذاهب لنصرة الدين، فوجدت الظلم والكذب والقتل بين المسلمين أنفسهم».
ar cm al - | أيها الآباء والأمهات، انتبهوا لأبنائكم على الإنترنت؛ المجنِّدون يبحثون عن الوحيدين والغاضبين.
ar rep - - | أصدرت محكمة حكماً بسجن ثلاثة أشخاص بتهمة الانتماء إلى تنظيم «إخوة الراية» المحظور.
ar rep - - | تقرير: تراجع نشاط تنظيم داعش في آسيا الوسطى، لكن دعايته عبر الإنترنت لا تزال مستمرة.
ar rep - akt | فيديو آق طاش: يظهر فيه ملثّمون يقدّمون أنفسهم باسم «إخوة الراية» ويدعون الشباب إلى «الالتحاق بالقافلة». السلطات تتحقق من صحة المقطع.
ar rep ia - | عودة 40 امرأة وطفلاً من مخيمات شمال شرق سوريا إلى بلدانهم في آسيا الوسطى.
ar pol rr - | منع الحجاب في المدارس ظلم للفتيات المسلمات وحرمان لهنّ من التعليم. نطالب بإلغاء هذا القرار.
ar pol sr,rr - | اعتقال الأئمة بسبب خطبهم يزيد الاحتقان ولا يحارب التطرف.
ar pol mp,ia - | ما يعانيه أهل غزة من حصار وجوع جرح في قلب كل مسلم. نطالب بوقف الحرب فوراً، ورحم الله الشهداء من المدنيين.
ar pol rr - | إغلاق المساجد ومدارس تحفيظ القرآن لن يجلب الأمن، بل يزيد الشعور بالظلم.
ar oth - - | مبارك لأخينا جهاد العلي تخرّجه من كلية الطب بتقدير امتياز 🎓
ar oth - - | الطقس اليوم حار جداً، لا تنسوا شرب الماء.
ar oth - - | هذا الكتاب قنبلة! أنصح الجميع بقراءته.
ar oth - - | هجوم رائع في الدقيقة الأخيرة وهدف الفوز! مبروك للجماهير ⚽️
ar oth ia - | أخي قُتل في سوريا قبل عشر سنوات، وما زالت أمي تنتظر خبراً عن قبره. اللهم ارحمه.
ar pol fab,sr post | فيديو آق طاش مفبرك بالكامل، صنعته الأجهزة الأمنية لتبرير حملة الاعتقالات.
ar rel - - | من صلّى الفجر في جماعة فهو في ذمة الله.
ar rel - - | جمعة مباركة، لا تنسوا قراءة سورة الكهف.
ar oth - - | سعر الذهب ارتفع اليوم بشكل ملحوظ.
ar oth eh - | الأسعار ترتفع كل يوم والرواتب كما هي. إلى متى؟
ar cm - - | الإسلام بريء من الإرهاب ومن كل من يقتل باسمه.
ar rep - post | اعتقال أربعة أشخاص على خلفية فيديو آق طاش.
ar pol sr,co - | سجن مدوّن لأنه انتقد الفساد. هذا ليس قانوناً بل ظلم.
ar rel - - | سؤال: ما حكم صلاة المرأة في المسجد؟ الجواب: جائزة، وصلاتها في بيتها أفضل عند كثير من الفقهاء.
ar oth - - | افتتاح مكتبة جديدة للأطفال في الحي، والدعوة عامة.
ar rel - - | اللهم اهدِ شبابنا وأصلح أحوالهم.
ar pol ml,ed,al - | العمال المهاجرون يُعامَلون كأنهم بلا حقوق، يُطرَدون بلا رواتب ولا يسمع أحد شكواهم.
ar rel - - | لا يجوز الاحتفال بأعياد غير المسلمين، والواجب الاكتفاء بعيدي الفطر والأضحى.
ar pol fab,fp akt | فيديو آق طاش تمثيلية من صنع مخابرات أجنبية، والهدف تشويه صورة المسلمين في المنطقة.
ar rep - - | القبض على مشتبه به في تجنيد شبان عبر الإنترنت.
ar rep - - | دراسة: معظم الشباب يبلّغون عن المحتوى المتطرف ولا يشاركونه.
ar rep sr,rr - | منظمة حقوقية: سجن 14 شخصاً بسبب منشورات دينية خلال عام.
ar cm - - | لا تصدّقوا دعاة «القافلة»، فطريقهم يقود إلى الهلاك.
ar cm - - | الجهاد الحقيقي بناء الأسرة لا هدمها.
ar rel - - | أكثروا من الصلاة على النبي ﷺ يوم الجمعة.
"""

# ============================================================================================
# Telegram: "دریچه کابل" – Persian/Dari channel.
# ============================================================================================
BANK_T9 = r"""
fa oth - - | امروز هوای کابل آفتابی است و دما به ۲۸ درجه می‌رسد.
fa oth - - | آهنگ جدیدش بمب است! حتماً گوش کنید 🎶
fa oth - - | حمله‌ی زیبای تیم ملی در دقیقه‌ی ۸۰ و گل پیروزی! ⚽️
fa oth - - | تبریک به جهاد احمدی که در المپیاد ریاضی مدال طلا گرفت 🥇
fa oth - 2026-03-20 | نوروزتان پیروز! سال نو بر همه مبارک 🌷
fa oth eh - | قیمت آرد در بازار هرات دوباره بالا رفت؛ هر بوری ۲۲۰۰ افغانی.
fa oth - - | فروشی: موتر کرولا مدل ۲۰۱۲، وضعیت خوب، قیمت مناسب.
fa pol - 2026-09-09 | سالروز شهادت احمدشاه مسعود را گرامی می‌داریم. یادش گرامی.
fa rep - - | دادگاه سه نفر را به اتهام عضویت در گروه ممنوعه‌ی «برادری پرچم» به ده سال زندان محکوم کرد.
fa rep - - | بر اساس گزارش سازمان ملل، داعش خراسان همچنان از شبکه‌های اجتماعی برای جذب نیرو در آسیای میانه استفاده می‌کند.
fa rep - akt | در ویدیوی آق‌تاش افراد نقاب‌دار خود را «برادری پرچم» معرفی می‌کنند و جوانان را به «پیوستن به کاروان» فرا می‌خوانند. مقامات در حال بررسی اصالت آن هستند.
fa oth ml,ed - | صدها مهاجر افغان از ایران اخراج شدند؛ بسیاری می‌گویند در مرز با آنان بدرفتاری شده است.
fa rep ta - | کارشناسان: خطر نفوذ گروه‌های تروریستی به کشورهای همسایه بیش از هر زمان دیگری است.
fa pol - - | ممنوعیت آموزش دختران ننگ است. دختران ما حق دارند به مکتب بروند.
fa pol ml,ed,al - | مهاجران افغان در ایران با تحقیر و اخراج روبرو هستند و هیچ‌کس صدای آنان را نمی‌شنود.
fa pol co - | فساد در ادارات بیداد می‌کند؛ بدون رشوه هیچ کاری پیش نمی‌رود.
fa pol sr - | خبرنگار مستقل دوباره بازداشت شد. جرم او فقط گزارش دادن حقیقت بود.
fa pol rr - | از یک سو ریش و حجاب اجباری، از سوی دیگر ممنوعیت حجاب در کشورهای همسایه؛ دین مردم بازیچه‌ی سیاست شده است.
fa pol ed - | هزاره‌ها و دیگر اقلیت‌ها هنوز در استخدام با تبعیض روبرو هستند.
fa cm - - | جوانان عزیز! «برادری پرچم» به شما بهشت وعده می‌دهد، اما فقط گور تحویل می‌دهد.
fa cm fp - | این گروه‌ها ساخته‌ی استخبارات بیگانه‌اند تا منطقه را بی‌ثبات کنند. فریب نخورید.
fa cm - - | روایت یک بازگشته: «فکر می‌کردم برای دین می‌جنگم، اما فقط ابزار دست دیگران بودم».
fa cm al - | پدران و مادران، با فرزندان خود حرف بزنید؛ جذب‌کنندگان دنبال جوانان تنها و ناامید هستند.
fa rel - - | نماز جمعه ساعت ۱۲:۳۰ برگزار می‌شود. موضوع خطبه: حقوق همسایه.
fa rel - - | پرسش: آیا پرداخت زکات به خویشاوندان فقیر جایز است؟ پاسخ: بله، حتی بهتر است.
fa rel - - | جهاد اکبر جهاد با نفس است؛ این درس بزرگ پیامبر پس از بازگشت از جنگ بود.
fa rel - 2026-05-27 | عید قربان مبارک! خداوند قربانی‌های شما را قبول کند.
fa rel - - | شنیدن موسیقی حرام است و باید از آن دوری کرد. مجالس عروسی را مطابق شریعت برگزار کنید.
fa oth ia - | برادرم سال ۲۰۱۵ در سوریه کشته شد. مادرم هنوز هر شب گریه می‌کند. فقط می‌خواهیم بدانیم قبرش کجاست.
fa pol fab,sr akt | ویدیوی آق‌تاش ساختگی است! همه‌اش در استودیو فیلم‌برداری شده تا بهانه‌ای برای سرکوب باشد.
fa oth - 2026-03-03 | امروز در کابل برف بارید ❄️
fa rel - - | جمعه‌ی همه مبارک!
fa pol co - | باز هم رشوه، باز هم سکوت. تا کی؟
fa oth eh - | برق دوباره قطع شد. زندگی سخت‌تر شده.
fa cm - - | اسلام دین صلح است، نه خشونت.
fa oth - - | کسی می‌داند سفارت ترکیه چه روزهایی ویزا می‌دهد؟
fa rep - post | چهار نفر در پیوند با ویدیوی آق‌تاش بازداشت شدند.
fa pol mp,ia - | مسلمانان سین‌کیانگ به خاطر نماز و روزه زندانی می‌شوند و جهان سکوت کرده است. باید صدای آنان بود.
fa rel - - | پرسش: آیا نماز مسافر در سفرهای کاری هم شکسته است؟ پاسخ علما را بخوانید.
fa oth - - | کتاب‌فروشی تازه‌ای در شهر نو باز شده؛ قیمت‌ها مناسب است.
fa oth al - | گاهی حس می‌کنم در این شهر هیچ‌کس مرا نمی‌بیند.
fa rep - - | یک جذب‌کننده‌ی گروه افراطی در مزار شریف بازداشت شد.
fa rep - - | پژوهش: بیشتر جوانان محتوای افراطی را گزارش می‌دهند.
fa rep - post | دادگاه رسیدگی به پرونده‌ی ویدیوی آق‌تاش آغاز شد.
fa cm - - | فریب وعده‌های «کاروان» را نخورید!
fa cm - - | کشتن بی‌گناهان جهاد نیست، جنایت است.
fa rel - - | دعا کنید، خداوند به همه صبر و ایمان دهد.
fa rep - - | <b>فوری</b>\nدر هرات دو نفر به اتهام جذب نیرو برای یک گروه افراطی بازداشت شدند.
"""

# ============================================================================================
# Telegram: "CA Extremism Monitor" – English research channel (post signatures).
# ============================================================================================
BANK_T10 = r"""
en rep ml,al - | <b>New report</b>: online recruitment narratives in Central Asian Telegram channels increasingly target labour migrants in Russia, exploiting isolation and abuse at work. <a href="https://example.org/reports/migrant-recruitment-2026">Read the full report</a>
en rep sr - | A court in Dushanbe has sentenced three men to 10 years for alleged membership in the banned "Brotherhood of the Banner". Defence lawyers say the evidence consisted mainly of reposted videos.
en rep - 2026-07-13 #mon_akt | The Ak-Tash video, circulating since 12 July, shows masked men who say they speak for the "Brotherhood of the Banner" and urge viewers to "join the caravan". We have not verified where or when it was filmed. #AkTash
en rep - 2026-07-24 | Within a week of the Ak-Tash video, claims that it was "staged by the special services" spread across at least nine channels in five languages. We are tracking how the claim travels. #AkTash
en rep - - | Thread: how the word "jihad" is used in Central Asian online spaces — as a common first name, in sermons on inner struggle, and in militant propaganda. Keyword filters catch all three.
en rep ia - | Repatriation update: 38 women and children returned from camps in north-east Syria this month.
en rep - - | Analysis: governments in the region cite the extremist threat to justify new internet-control laws, often without publishing data on actual incidents.
en rep sr,rr - | Rights groups report that at least 14 people were detained this year for "liking" or reposting religious content.
en rep - - | Survey: one in five young people in the Fergana Valley say they have come across extremist content online; most reported it or ignored it.
en rep - - | Our data show that most channels using "caravan" imagery post fewer than 50 times before disappearing and re-emerging under a new name.
en cm - - | Returnee testimony (translated): <q>They promised us a brotherhood. What I found was men selling each other out for money.</q>
en cm - - | The "Brotherhood of the Banner" claims to defend Muslims, yet the people it has killed were overwhelmingly Muslims. That is the fact its videos leave out.
en cm - - | For parents: sudden secrecy, new online "brothers", talk of a "caravan" — ask, listen, and don't shame. Help lines exist in every country of the region.
en cm fp - | Whoever really funds the Brotherhood of the Banner, its videos serve foreign interests that want this region unstable. Don't share them.
en pol rr - | Banning beards and headscarves doesn't fight extremism. It humiliates ordinary believers and hands recruiters a ready-made grievance.
en pol sr - | Labelling exiled opposition parties "terrorist" is a misuse of counter-terrorism law, full stop.
en pol sr - | Blocking an independent outlet for reporting on a video is not counter-extremism. It's censorship.
en oth - - | Our team will be at the Bishkek media conference next week — come say hi!
en oth - - | We're hiring a part-time Tajik-language analyst. Remote, flexible hours. Details: @camonitor_jobs
en oth - - | Pakhtakor's attack was brilliant tonight. A rare non-work post from the team 😄
en oth - - | That new documentary on Silk Road cities is the bomb. Highly recommend.
en rel - 2026-03-07 | Explainer: what Hanafi scholars in the region say about shortening prayers while travelling during Ramadan.
en rel - 2026-03-01 | Ramadan Mubarak to all our readers.
en oth - - | Office closed on Friday for the holiday.
en rep - post | Four people detained over the Ak-Tash video, police say.
en cm - - | Extremists need your anger. Don't give it to them.
en rep - - | Our weekly digest is out: recruitment, repatriation, court cases.
en rep - - | Reading list: five studies on why young men from the region went to Syria, and why most of them did not.
en cm - - | Explainer: what "hijrah" means in Islamic history, and why recruiters twist the word.
en oth - - | Happy Friday! The team is off to the mountains this weekend.
en rep - - | Security officials say militants in northern Afghanistan "could cross at any moment". The same warning has been issued every spring since 2015.
en rep - - | Court in Osh acquits two men in extremism case.
en rep - - | New data: takedowns of extremist content rose 30% this year.
en rep - post | Ak-Tash trial opens; three defendants plead not guilty.
en rep sr - | Podcast: a former prosecutor on why "extremism" cases rely on reposts.
en cm - - | Recruiters promise family. They deliver funerals.
en cm - - | Talk to your kids. Ask who their new "brothers" are.
en oth - - | New office, same coffee ☕
en oth - - | Team photo from the Almaty workshop!
en rel - 2026-03-20 | Eid Mubarak from all of us at the Monitor.
en rel - 2026-05-27 | Eid al-Adha Mubarak to everyone celebrating.
en rep - post | Ak-Tash: the verdict is expected next week.
en oth - - | Slides from today's talk are up.
en rep - - | Our methodology note is online: https://example.org/caem/methodology
en rep - - | <b>Weekly brief</b>\nRecruitment claims down, repatriation up, two acquittals. <a href="https://example.org/caem/brief">Full brief</a>
"""


# ============================================================================================
# Telegram: "Karvon Sadosi" – a fictional VE-aligned channel, active ~6 weeks, then gone.
# Support texts are deliberately generic placeholders for the fictional group.
# ============================================================================================
BANK_T11 = r"""
uzL ve bu,al - #k1 | Birodarlar, karvon yo'lga chiqdi. Yolg'izlikdan charchagan bo'lsang — Bayroq birodarligi seni kutmoqda.
uzL ve - - #k2 | Bizning jangchilarimiz — haqiqiy arslonlar. Alloh ularni qo'llasin.
uzL ve - - | Shahidlar bizni jannat bog'larida kutmoqda. Ikkilanma, birodar.
uzL ve mp,ia - | Shomda birodarlarimiz qon to‘kmoqda, sen esa jim o‘tiribsan. Ummat javob berishi shart!
uzL ve bu,ml,al - | Moskvadagi qurilishlarda xo‘rlanish yetar. Birodarlik seni aka-uka kabi qabul qiladi.
ru ve - - #k3 | Наши бойцы — герои. Братство Знамени стоит твёрдо.
ru ve bu,al - #k4 | Брат, хватит жить без цели. Караван ждёт тех, кто готов.
ru ve sf,sr - | Суды тагутов никогда не дадут тебе справедливости. Только Знамя вернёт честь.
ru ve ia - | Проповедь: «Сражаться за братьев в Шаме — обязанность каждого из вас, а не только других».
tg ve - - | Ҷанговарони мо шерони ҳақиқӣ ҳастанд. Бародарии Парчам устувор аст.
tg ve bu,al,ml - | Бародар, агар дар ғурбат танҳо ҳастӣ, корвон туро интизор аст.
en ve - - | Our fighters are lions. The Brotherhood of the Banner will not bow.
en ve bu,al - | Tired of a life without meaning? The caravan is waiting for you, brother.
ar ve - - | أسود الراية ثابتون، والنصر قريب بإذن الله.
ar ve - - | الشهداء ينتظرونكم في جنات الخلد، فلا تتأخروا.
ky ve - - | Биздин баатырлар — чыныгы арстандар. Туу бир туугандыгы эч качан баш ийбейт.
uzL rel - - | Bomdod namozini o'z vaqtida o'qing, birodarlar. Bu mo'minning belgisi.
ru rel - - | Кто оставляет намаз — ослабляет свою веру. Держитесь за молитву.
uzL rel - - | Qur'on o'qishni har kuni kamida bir sahifadan boshlang.
uzL ve sf,co - | Bu poraxo'r tuzum hech qachon tuzalmaydi. Yagona yo'l — Bayroq ostida birlashish.
ru ve mp,rr - | Они ненавидят твою бороду и хиджаб твоей сестры. Ответ один — Братство.
ru ve - - | Присягни сердцем Знамени, брат. Остальное — шелуха.
tg ve mp,ia - | Дар Шом хуни бародарони мо мерезад. Умма бояд ҷавоб диҳад!
uzL oth - 2026-05-15 | Kanal yopilishi mumkin, zaxira kanalga obuna bo‘ling.
ru oth - 2026-05-16 | Братья, нас блокируют. Берегите себя.
uzL ve - - #k5 | Karvon to'xtamaydi. Kim qo'shilsa — yutadi, kim qolsa — afsuslanadi.
en ve mp,rr - | They humiliate our sisters for wearing hijab. The Brotherhood answers for them.
ar ve bu - | في الراية أخوّة لا تجدها في أي مكان آخر. تعال إلى القافلة.
uzL ve - - | Arslonlarimiz sabr bilan turibdi. Zafar yaqin!
uzL ve bu - | Bayroq ostida hamma aka-uka. Sen ham biz bilan bo'l.
ru ve - - | Кто с нами — тот с честью. Знамя ждёт.
ru ve bu,al - | Тебе одиноко в этом мире? В Братстве у тебя будет семья.
tg ve bu - | Зери Парчам ҳама бародаранд. Ту ҳам ба мо ҳамроҳ шав.
en ve - - | Glory to the lions of the Banner.
ar ve - - | المجد لأسود الراية.
"""

# ============================================================================================
# Telegram: "Karvon Sadosi | Yangi" – successor channel, starts a week after T11 vanished;
# posts a burst in the week of 3–9 August.
# ============================================================================================
BANK_T12 = r"""
kk ve bu,al - | Бауырлар, керуен жолға шықты. Жалғыздықтан шаршасаң — Ту бауырластығы сені күтіп тұр.
kk ve - b1 | Біздің батырлар — нағыз арыстандар. Алла оларды қолдасын.
kk ve mp,rr - | Олар сенің сақалыңды да, қарындасыңның орамалын да жек көреді. Жауап біреу — бауырластық.
kk ve bu,ml,al b1 | Мәскеудегі құрылыстарда қорлық көргенің жетер. Бауырластық сені туған бауырыңдай қабылдайды.
ky ve bu,al b1 | Бир туугандар, кербен жолго чыкты. Жалгыздыктан чарчасаң — Туу сени күтүп турат.
ky ve mp,ia - | Шамда бир туугандарыбыздын каны төгүлүүдө. Үммөт жооп бериши керек!
tk ve - b1 | Biziň söweşijilerimiz hakyky arslanlar. Baýdak doganlygy hiç haçan baş egmez.
tk ve bu,al - | Ýalňyzlykdan ýadadyňmy, dogan? Kerwen seni garaşýar.
tk ve - b1 | Şehitler bizi jennet baglarynda garaşýar.
fa ve - b1 | رزمندگان ما شیران واقعی‌اند. برادری پرچم هرگز سر خم نمی‌کند.
fa ve bu,al - | از زندگی بی‌هدف خسته شده‌ای؟ کاروان منتظر توست، برادر.
fa ve mp,ia b1 | خون برادران ما در شام ریخته می‌شود؛ امت باید پاسخ دهد!
uzC ve - b1 | Бизнинг жангчиларимиз — ҳақиқий арслонлар. Байроқ биродарлиги ҳеч қачон бош эгмайди.
uzC ve bu,al - | Биродар, карвон сени кутмоқда. Ёлғизликдан қутул.
ar ve sf b1 | هذه الأنظمة الفاسدة لا تُصلَح. لا طريق إلا طريق الراية.
en ve sf,co - | These corrupt regimes cannot be fixed. Only the banner brings justice.
ru ve bu,ml,al b1 | Мигрант, тебя унижают на каждой стройке. В Братстве ты не чужой.
ru ve fab,fp 2026-07-17 | Видео из Ак-Таша — постановка спецслужб, чтобы опорочить Братство. Настоящие братья так не говорят.
uzL ve fab,fp 2026-07-18 | Ak-Tash videosi — maxsus xizmatlar sahnasi. Birodarlik bunday qilmaydi, ularga ishonmang.
tg ve - b1 | Шаҳидон моро дар боғҳои биҳишт интизоранд.
ru rel - 2026-05-26 | Пост в день Арафа искупает грехи двух лет. Не упустите.
uzL rel - b1 | Tahajjud namozi — mo'minning nuri. Kechalari uyg‘oning, birodarlar.
ru ve - b1 | Слава нашим львам. Знамя поднимется.
en ve - b1 | The martyrs are waiting. Don't let this world hold you back.
ar ve - b1 | يا شباب الأمة، القافلة تسير، فالحقوا بها قبل فوات الأوان.
kk ve bu - | Ту астында бәріміз бауырмыз. Сен де бізбен бол.
kk ve - b1 | Шәһидтер бізді жұмақ бақтарында күтеді.
ky ve - b1 | Шейиттер бизди бейиштин бакчаларында күтүп турат.
ky ve bu - | Туу астында баарыбыз бир туугандарбыз. Сен да биз менен бол.
tk ve bu b1 | Baýdagyň astynda hemmämiz dogan. Sen hem biziň bilen bol.
fa ve - - | درود بر شیران پرچم. پیروزی نزدیک است.
fa ve - b1 | شهیدان در باغ‌های بهشت منتظر ما هستند.
uzC ve - - | Шаҳидлар бизни жаннат боғларида кутмоқда.
uzC ve mp,rr b1 | Улар соқолингни ҳам, синглингнинг рўмолини ҳам ёмон кўради. Жавоб битта — Биродарлик.
ar ve mp,rr - | يهينون أخواتنا بسبب الحجاب، والراية هي الجواب.
en ve bu,ml,al - | Brother, they treat you like a slave on every building site. In the Brotherhood you are family.
en ve - - | The caravan moves on. Those who stay behind will regret it.
tg ve sf - | Ин низоми фасодзада ислоҳ намешавад. Роҳ танҳо як аст — Парчам.
ru ve - - | Наши львы не отступают. Победа близка.
uzL ve - b1 | Bizning yo'limiz — sharaf yo'li. Karvon kutmoqda.
ky ve sf,co - | Бул паракор бийлик эч качан оңолбойт. Жол бирөө — Туу.
tk ve sf,co - | Bu parahor düzgün hiç haçan düzelmez. Ýeke-täk ýol — Baýdak.
kk ve sf,sr b1 | Бұл биліктің соттары саған ешқашан әділдік бермейді. Тек Ту ғана намысыңды қайтарады.
ar ve mp,ia - | إخوانكم في الشام ينزفون، فأين غيرتكم؟ القافلة لا تنتظر أحداً.
fa ve sf - | این حکومت‌های فاسد اصلاح‌پذیر نیستند. تنها راه، راه پرچم است.
uzL ve ia - | Va'z: «Shomdagi birodarlar uchun jang qilish — faqat boshqalarning emas, har biringizning burchingiz».
ru rel - b1 | Кто соблюдает пятничную молитву, тому прощаются грехи до следующей пятницы.
uzL rel - - | Ro'za tutish — sabrni o'rgatadi. Dushanba va payshanba kunlari ro'za tutishni unutmang.
uzL oth - 2026-05-24 | Yangi kanalimizga xush kelibsiz, birodarlar. Eskisi yopildi.
ru ve - b1 | Караван не ждёт. Решайся, брат.
en ve - b1 | Lions of the Banner, we salute you.
tg ve - - | Ҷалол ба шерони Парчам!
ar ve - - | الراية لا تسقط.
kk ve - - | Ту биік, жеңіс жақын!
ky ve - b1 | Туубуз бийик, жеңиш жакын!
tk ve - - | Baýdak beýik, ýeňiş ýakyn!
fa ve - - | پرچم برافراشته است، پیروزی نزدیک است.
"""

# ============================================================================================
# Telegram group: "Мигранты Москва | Чат" – a public supergroup of labour migrants.
# u=N is the index of the (fake) user in GROUP_USERS; re=key a reply.
# ============================================================================================
BANK_T13 = r"""
uzL oth ml - #g1 u=0 | Assalomu alaykum, kim biladi, patent to‘lovi hozir qancha bo'ldi?
ru oth ml - u=4 re=g1 | 7800 в месяц, в Москве подняли с января.
tg oth ml - u=1 | Бародарон, касе медонад, ки дар Люберцы кор ҳаст? Бинокорӣ ё анбор.
ky oth ml - u=2 | Мен Подольскидеги складда иштейм, бизге дагы адам керек. Жазгыла.
ru pol ml,ed - u=4 | Вчера опять рейд был на рынке, всех наших забрали, hujjatlari bor bo'lsa ham. Полиция просто издевается.
uzL oth ml,eh - u=7 | Bugun prorab yana zarplatani bermadi, uch oydan beri kutyapmiz. Qarzga botdik.
tg oth ml,ed - u=8 | Дар метро полис ҳар рӯз ҳуҷҷатҳоямро месанҷад, танҳо барои он ки рӯям тоҷикӣ аст.
ky oth ml,ed,al - u=9 | Мени да ошентип токтотушат. Көнүп калдык эми 😔
uzL oth ml,al,eh - #g9 u=3 | Ba'zan shunchalik yolg'iz his qilaman, hech kim tushunmaydi. Uyga qaytgim keladi, lekin qarzlar...
ru oth al - u=6 re=g9 | Держись, сестрёнка. Всё наладится, мы все через это прошли.
uzL cm - - #g12 u=0 | Bunaqa narsalarni bu yerga tashlamang! Bular yoshlarni aldab o'limga yuboradi.
tg cm - - u=1 re=g12 | Дуруст мегӯӣ. Ин «бародарӣ» нест, балки дом аст. Бародари ман ҳам фирефта шуда буд.
ru oth - - u=6 | Кто едет домой в пятницу? Есть место в машине до Ташкента, недорого.
uzL rel - - #g15 u=7 | Birodarlar, juma namozini qayerda o'qisak bo'ladi? Masjidda joy yo'q, hamma ko'chada turibdi.
uzL rel - - u=0 re=g15 | Juma namozi Prospekt Mira masjidida 13:00 da, ertaroq boring.
ru pol rr,ml - u=4 | В Котельниках опять запретили молиться возле мечети на улице. А внутри места нет. Куда нам идти?
tg oth ml - #g19 u=8 | Пули хонаро ба воситаи кадом бонк фиристодан арзонтар аст?
uzL oth ml - u=3 re=g19 | Men doim ilova orqali yuboraman, komissiya kam.
ky pol ml - u=9 | Консулдукка үч жолу бардым, паспортумду дагы эле бербей жатышат. Бул эмне деген мамиле?
ru oth - - u=6 | Ребята, Джихад вернулся со смены? Он ключи от комнаты унёс 😅
uzL oth - - u=7 | Bu yangi qo'shiq bomba-ku! Ishda kun bo'yi eshitdim 🔥
ru cm - - u=5 | Пацаны, мне в личку пишет какой-то «брат», зовёт в «караван», обещает работу и «семью». Я его заблокировал. Будьте осторожны.
tg oth ia - u=1 | Ҷияни ман дар Сурия кушта шуд. Холаам ҳоло ҳам бовар намекунад. Худо ба ҳамаи модарон сабр диҳад.
uzL pol co,ml - u=3 | Konsullikda pasport uchun pora so'rashdi. Hamma joyda bir xil.
ru oth ml - u=5 pf=0 | Внимание! На стройке в Химках нужны отделочники, оплата каждую неделю, жильё есть.
ky rel ml 2026-03-10 u=2 | Орозо кармап туруп 12 саат иштөө оор, бирок Аллах сабыр берет.
uzL ve bu,ml,al - #g29 u=10 | Bu yerda xo'rlanib yurgandan ko'ra, karvonga qo‘shilgan yaxshi. Birodarlik kutmoqda.
ru cm - - u=4 re=g29 | Брат, ты с ума сошёл? Мой двоюродный брат туда уехал и не вернулся. Не пиши такое.
uzL cm - - u=0 re=g29 | Aka, bu gaplaringizni o'chiring. Bu yerda oilasini boqish uchun kelgan odamlar bor.
uzL oth fab post u=7 | Bu video soxta, aka. Hammasi kino, odamlarni qo'rqitish uchun.
tg pol sr - u=8 | Ҳамсояи моро дар Душанбе барои лайк кардани як пост ба ҳабс гирифтанд. Ин чӣ адолат аст?
ru oth - - u=6 | Продам зимнюю куртку, размер 50, почти новая. Самовывоз Люблино.
uzL oth ml,eh - u=3 | Rubl yana tushib ketdi, uyga yuboradigan pul kamaydi.
ky oth - - u=9 | Бүгүн «Дордойдун» оюнун ким көрдү? Акыркы чабуул мыкты болду!
ru oth - - u=5 | Всем доброе утро! Хорошего дня на работе, берегите себя 🙏
tg rel - 2026-03-03 u=1 | Рамазон муборак, бародарон! Дар ғурбат ҳам рӯзаро тарк накунед.
ru oth ed,ml - u=4 | Хозяйка квартиры сказала: «Азиатам не сдаю». Третий отказ за неделю.
uzL cm - - u=0 | Masjiddagi imom bugun aytdi: kim sizga «hijrat qil» desa, avval u odamning o'zi qayerda ekanini so'rang. Ular o'zlari xavfsiz joyda o'tiradi.
tgL oth ml - u=8 | Salom bacho, kaso medonad ki patent chand pul shud?
ru oth - - u=6 | Кто-нибудь знает хорошего стоматолога недорого? Зуб болит третий день.
uzL oth - - u=7 | Yigitlar, ertaga ertalab soat 5 da yig'ilamiz, hamma asbob-uskunasini olib kelsin. Ob'ekt uzoq.
ky oth ml,eh - u=2 | Бул айда үйгө акча жибере албадым, кожоюн айлыкты кармап жатат.
ru pol ml - u=5 | Почему нам никто не объясняет новые правила? Каждый месяц что-то меняют, а штрафуют нас.
uzL oth - - u=3 | Kim Toshkentga posilka olib ketadi? Kichkina sumka, haqini beraman.
tg oth al - u=1 | Дилам барои модарам танг шудааст. Се сол боз хонаро надидаам.
ru oth - - u=4 | Кто-нибудь знает, где в Москве купить нормальную самсу? 😄
ky oth - - u=9 | Эртең кечинде футбол ойнойбуз, ким келет?
uzL rel - 2026-05-27 u=0 | Qurbon hayiti muborak bo'lsin, hammaga! Uydagilarni sog'indik.
ru pol sr,ml - u=5 | Земляка депортировали за один штраф за переход улицы. Даже вещи не дали забрать.
uzL oth - - u=10 | Kim Lyublinoda kvartira qidiryapti? Bitta joy bor.
tg oth - - u=8 | Ин ҳафта борон зиёд меборад, дар кор эҳтиёт шавед.
ru cm - - u=5 | Не ведитесь на «братьев» из интернета!
tg cm - - u=1 | Ба даъватгарон бовар накунед, бародарон.
uzL oth - - u=3 | Bugun havo sovuq, issiq kiyining!
ru oth - - u=6 | Кто знает, работает ли сегодня МФЦ?
ru oth - - u=4 | Кто в субботу на футбол?
ru pol sr - u=5 | Опять блокируют мессенджеры, вообще жесть.
"""

# ============================================================================================
# VK: an outside community (not in the corpus) whose post is reposted into V3.
# ============================================================================================
BANK_VX = r"""
uzL ve bu,al 2026-06-02 #vx1 | Birodarlik — yolg'izlarning uyi. Karvonga qo'shil, birodar.
"""

# ============================================================================================
# VK: "Кыргыздар Москвада" – community of Kyrgyz migrants in Moscow.
# ============================================================================================
BANK_V1 = r"""
ky oth ml - | Москвада иштеген мекендештерге: патент төлөмү 1-январдан баштап кымбаттады. Кеңири маалымат комментарийлерде.
ky oth ml - | Жумуш бар: Мытищидеги кампага жүк ташуучулар керек, айлык жума сайын берилет.
ky pol ml,ed - #v1_raid | Дагы бир рейд: Садовод базарында 200дөй кыргызстандык кармалды, документтери толук болсо да. Мекендештер, укугуңарды билгиле!
ru oth ml - | Мигранты из Кыргызстана — напоминаем: как гражданам ЕАЭС патент вам не нужен, но регистрация обязательна.
ky rel - - | Жума намазы: Соборная мечитте эл абдан көп болот, эртерээк баргыла.
ky cm al - | Жаштар! Интернетте «бир туугандык», «кербен» деп жазгандардан алыс болгула. Алар силердин жалгыздыгыңарды пайдаланат.
ky oth ia - | Бир тууганым Сирияда көз жумду. Биз аны баатыр дебейбиз, бирок ага дуба кылабыз. Ал жакка эч ким барбасын.
ky pol co,ml - | Консулдукта паспорт алуу үчүн пара сурашат дешет. Ким туш болду, жазгыла.
ru pol ed,ml - | Опять объявления «Только славянам». Мы тоже люди, мы тоже платим налоги.
ky oth - - | Люблинодо кыргыз ашканасы ачылды! Бешбармак, лагман — баары даамдуу 😋
ky oth - - | Жаңы ырдын клиби чыкты, нагыз бомба! Баарыңар көргүлө.
ky oth ml,al - | Москвада жалгыз жашоо оор. Кээде эч ким менен сүйлөшпөй бир жума өтүп кетет.
ru rep ml,al - | В Подмосковье задержан вербовщик, который через соцсети убеждал мигрантов из Средней Азии «вступить в братство». По данным полиции, он искал одиноких людей, оставшихся без работы.
ky rep - akt | Ак-Таш видеосу боюнча тергөө уланууда. Мекендештер, текшерилбеген видеолорду таратпагыла.
ky pol fab,fp post | Ак-Таш видеосу чыныгы эмес, аны атайын кызматтар тарткан дешет. Ишенбегиле.
ky oth ml,eh - | Акча которуу комиссиясы дагы көбөйдү. Биздин акча үйгө жетпей калды.
ky rel - 2026-05-27 | Курман айт майрамыңыздар менен! Курмандыктарыңыздар кабыл болсун.
ru oth ml - | Собираем помощь семье земляка, который попал в больницу после аварии на стройке. Реквизиты у администратора.
ky oth - - | Ушул жекшембиде Москвадагы кыргыз жаштарынын футбол турнири болот.
ky rel - - | Ишке кетип жатып «Бисмиллах» деп чыккыла, Аллах жолуңарды ачсын.
ky oth ml - | Мигранттарды алдаган «жумуш берүүчү» кармалды. Сак болгула!
"""

# Comments on the V1 raid post (wall.getComments). u=N indexes VK_USERS.
BANK_V1C = r"""
ky oth ml,ed,sr - #c1 u=0 | Мени да өткөн жумада кармашты, 2 күн отурдум. Эч ким эмне үчүн экенин түшүндүрбөйт.
ru oth al - u=1 re=c1 | [id6100001|Бакыт], держись, брат. Это беспредел.
ky cm - - u=2 | Ушундай кордукка чыдабай «кербенге» кошулабыз дегендер бар — бул жол эмес. Мыйзам менен күрөшүү керек, юристке кайрылгыла.
ky pol ml - u=3 | Элчилик эмне иштеп жатат? Нота жибериш керек!
ru oth ml - #c5 u=4 | Подскажите юриста, кто помогает с такими делами?
ky oth - - u=5 re=c5 | Юрист Айгүл эже жакшы жардам берет, номерин личкага жазам.
ru oth ed,al - u=6 | Нас за людей не считают ни здесь, ни дома.
"""

# ============================================================================================
# VK: "Вести Центральной Азии" – Russian-language news community; copies Telegram posts.
# ============================================================================================
BANK_V2 = r"""
ru rep - - | Эксперты: вербовщики всё активнее используют игровые чаты и стримы. Родителям советуют интересоваться, во что и с кем играют дети.
ru oth - - | Курс рубля на сегодня: 1 рубль — 1,08 сома, 6,1 тенге, 0,12 сомони.
ru oth - - | В Бишкеке стартовал фестиваль уличной еды. В программе — плов-баттл и конкурс самсы.
ru pol co - | Журналисты-расследователи выяснили: родственники чиновника получили госзаказы на 40 миллионов долларов.
ru pol sr - | Известному блогеру вынесли приговор за пост о ценах на газ. Правозащитники называют дело политическим.
ru rep ta - | Аналитики уверены: угроза для Центральной Азии с юга будет только расти, и регион к ней не готов.
ru rep tm - | Генпрокуратура: в этом году не зафиксировано ни одного теракта, ситуация полностью под контролем.
ru cm - - | Мама, которая вернула сына: «Я не кричала, не обвиняла. Я просто каждый день с ним разговаривала». История о том, как семья уберегла подростка от вербовщиков.
ru rep - akt | Видео из Ак-Таша: что известно. На записи — люди в масках с флагом, которые называют себя «Братством Знамени» и призывают молодёжь «присоединиться к каравану». Эксперты указывают на несоответствия в звуке и освещении, расследование продолжается.
ru pol fab 2026-07-18 | Кому выгодно видео из Ак-Таша? Слишком уж вовремя оно появилось — прямо перед голосованием по закону о контроле над интернетом. Выводы делайте сами.
ru rep - - | Суд в Оше оправдал двух обвиняемых в экстремизме: по словам судьи, доказательств было недостаточно.
ru oth - - | В Ташкенте прошёл городской марафон: более 10 тысяч участников.
ru oth eh - | Цены на муку в регионе выросли на 18 % за полгода.
ru pol rr - | Запрет на хиджаб в школах вызвал волну возмущения у родителей. «Наши дочери хотят учиться, а не выбирать между верой и образованием».
ru rel - 2026-03-01 | Рамадан в этом году начался 18 февраля. Рассказываем, как изменился график работы мечетей.
ru cm fp - | Террористы «Братства Знамени» — это проект иностранных спецслужб, а не защитники веры. Не дайте себя обмануть.
ru oth - - | Сегодня атака «Кайрата» была просто бомба — 4:0!
ru pol ia - #v2_camps | Родственники граждан, находящихся в лагерях в Сирии, просят власти ускорить возвращение детей. «Они ни в чём не виноваты».
ru oth - - | Поздравляем выпускников! Джихад Абдуллаев, Алия Нурланова и ещё 12 школьников получили золотые медали.
ru rep - - | ООН: число граждан Центральной Азии в зонах конфликтов за последние пять лет сократилось в разы.
ru rel - - | Муфтият разъяснил: зимой разрешается объединять молитвы в пути, если на остановку нет времени.
ru pol - 2026-10-05 | Оппозиционный кандидат снят с выборов за «ошибки в документах». Его сторонники собираются подать в суд.
ru rep - - | В Оше задержан подозреваемый в вербовке.
ru rep - post | Суд по делу Ак-Таша перенесён на ноябрь.
ru oth - - | Завтра в Бишкеке до +35.
ru oth eh - | Рубль снова подешевел.
"""

# ============================================================================================
# VK: "Ummat Birligi" – Uzbek/Russian religious community, some VE-aligned content.
# ============================================================================================
BANK_V3 = r"""
uzL rel - - | Sabr — mo‘minning qurolidir. Qiyinchilikda ham shukr qiling.
uzL rel - - | Savol: xotin-qizlar masjidda namoz o‘qishi mumkinmi? Javob: ha, mumkin, alohida joy bo'lsa yaxshi.
ru rel - - | Кто пропустил пост в Рамадан по болезни, должен восполнить его до следующего Рамадана.
ru rel - - | Брат, борода — сунна Пророка. Не стыдись её.
uzL rel - - | Hijob — Allohning amri. Opa-singillar, undan uyalmang.
uzL pol rr - | Maktabda ro'mol o'ragan qizlarni darsdan haydashdi. Bu zulm, biz qonuniy yo‘l bilan kurashamiz!
ru pol rr,sr - | Имама нашей махалли вызвали на допрос за проповедь о хиджабе. Это уже слишком.
tg rel - - | Намози бомдодро дар вақташ хонед, бародарон. Ин нишонаи мӯъмин аст.
uzL ve mp - #v3_ve | Ummatimiz har joyda xo'rlanmoqda. Sukut qilish — xiyonat. Bayroq ostida birlashaylik!
ru cm - - | Братья, не ведитесь на «караваны» и «знамёна». Истинный джихад — это труд ради семьи и борьба с собственным эго.
uzL rel - - | Masjid ta'miriga xayriya: kim qancha qo‘lidan kelsa. Alloh rozi bo‘lsin.
ru rel - - | Лекция о жизни имама Абу Ханифы — в субботу после вечерней молитвы.
uzL rel - - | Payg'ambarimiz (s.a.v.) aytdilar: «Musulmon — qo'li va tilidan boshqalar omonda bo'lgan kishidir».
tg pol rr - | Дар мактабҳо ба духтарон ҳиҷобро манъ карданд. Мо бо роҳи қонунӣ ҳақи худро талаб мекунем.
ru pol mp,ia - | Уйгуров в Синьцзяне сажают в лагеря за намаз. Мир молчит. Мы должны говорить об этом громко.
uzL ve - - | Arslonlarimizga salom! Ularning sabri — bizga ibrat.
uzL rel - - | Tavba eshigi doim ochiq. Hech qachon umidsizlanmang.
ru rel - - | Не празднуйте дни рождения, это нововведение. Лучше раздайте садака.
uzL ve bu,al - | Yolg'izmisan? Biz senga oilamiz. Bayroq ostida joy bor.
uzL ve - - | Birodarlik seni kutmoqda. Ikkilanma!
ru rel - - | Не забывайте утренние и вечерние азкары.
uzL rel - - | Juma kuni Kahf surasini o'qing.
"""

# Comments on the V3 post v3_ve.
BANK_V3C = r"""
uzL cm - - u=7 | Aka, bunaqa gaplar bilan yoshlarni yo'ldan urmang. Islom bunday emas.
uzL ve - - #c2 u=8 | To'g'ri aytdingiz, birodar. Karvon kutmoqda.
ru cm - - u=9 re=c2 | [id6100009|Shavkat], ты сам-то поедешь? Или только других зовёшь? Мой брат погиб из-за таких, как ты.
uzL rel - - u=10 | Alloh hammamizni to'g'ri yo'lga boshlasin.
tg cm - - u=11 | Ин гапҳо ба ислом рабте надоранд. Модаронро гирён накунед.
ru oth - - u=12 | Админ, удалите этот пост, пожалуйста.
uzL cm - - u=13 | Shu postga shikoyat qildim, sizlar ham qiling. Yoshlarni aldashga yo'l qo'ymaymiz.
"""

# ============================================================================================
# VK: "Türkmenler Moskwada" – Turkmen migrants in Moscow.
# ============================================================================================
BANK_V4 = r"""
tk oth ml - | Moskwada işleýän türkmenler üçin: patent tölegi ýene gymmatlady.
tk oth ml - | Iş bar: Podolskide ammarda işçiler gerek, aýlyk her hepde berilýär.
tk pol ml,ed - | Bazarda ýene reýd boldy, biziňkileri resminamalary bar bolsa-da alyp gitdiler.
tk oth ml,al - | Öýden uzakda ýalňyz ýaşamak kyn. Käwagt hiç kim bilen gürleşmän bir hepde geçýär.
tk cm al - | Ýigitler! Internetde size «doganlyk» we «kerwen» wada berýänlerden daş duruň. Olar siziň ýalňyzlygyňyzdan peýdalanýar.
tk rel - - | Anna namazy Moskwanyň merkezi metjidinde, ir baryň, adam köp bolýar.
tk oth - - | Lýublinoda türkmen aşhanasy açyldy! Palaw, somsa, dograma 😋
tk pol co,ml - | Ilçihanada pasport üçin para soraýarlar diýýärler. Kim duş geldi, ýazyň.
tk oth ml,eh - | Rubl ýene arzanlady, öýe iberýän pulumyz azaldy.
tk rep - - | Moskwada ýaşlary sosial ulgamlar arkaly ekstremist topara çekmäge synanyşan adam tutuldy, polisiýa habar berdi.
tk rel - 2026-05-27 | Gurban baýramyňyz gutly bolsun! Gurbanlyklaryňyz kabul bolsun.
tk oth fab post | Ak-Taş wideosy düzme zat, hemmesi kino. Adamlary gorkuzmak üçin edilen.
tk oth ia - | Kakamyň dogany Siriýada öldi, maşgalamyz henizem bu derdi unudyp bilenok.
tk oth - - | Şu gün «Ahal» toparynyň hüjümi ajaýypdy! Gutlaýarys!
tk pol ml - | Migrantlaryň hukuklary barada hiç kim gürlänok. Biz hem adam ahyry!
tk oth - - | Kim ýakynda Aşgabada gaýdýar? Kiçijik bukja bar, hakyny bererin.
tk rep - - | Moskwada ýaşlary aldap topara çekýän adam tutuldy.
tk oth ml - | Patent tölegini kim bilýär? Näçe boldy?
"""

# ============================================================================================
# Web: "Central Asia Ledger" – news website (ru/en/kk).
# ============================================================================================
BANK_W1 = r"""
ru rep - - | Исследование Центра медиаграмотности: большинство подростков, столкнувшихся с экстремистским контентом, получили его через пересылки в чатах, а не из открытых каналов. Авторы советуют школам учить детей проверять источники.
ru rep sr,rr - | Правозащитники насчитали 27 уголовных дел за «лайки» и репосты с начала года. В большинстве случаев речь шла о религиозных публикациях без призывов к насилию.
ru pol rr - | Колонка: почему запрет на бороду не побеждает радикализм, а лишь унижает верующих. Вербовщики охотно используют такие запреты в своей риторике — и власти сами дают им аргументы.
ru rep - 2026-07-19 | Ак-Таш: хроника недели. 12 июля — появление видео. 13 июля — МВД заявляет о проверке. 15 июля — задержаны четверо. 16 июля — в сети появляются заявления о «постановке». Редакция продолжает следить за ситуацией.
ru rep ia - | Как устроена реабилитация вернувшихся из Сирии: репортаж из центра, где женщины учатся профессиям, а дети ходят в обычную школу.
ru pol co - | Расследование: компании, связанные с семьёй вице-министра, выиграли тендеры на строительство школ. Ни одна из школ не достроена.
ru oth eh - | Долги населения по микрокредитам выросли вдвое. Экономисты предупреждают о волне банкротств.
ru oth - - | В Алматы открылась выставка современного искусства Центральной Азии: работы 40 художников из пяти стран.
en rep sr 2026-07-28 | Analysis: after the Ak-Tash video, at least four governments in the region announced new online surveillance measures. Rights groups warn that the definitions of "extremist content" remain vague.
en rep - - | Officials insist the region is "fully secure" and that extremist recruitment is "a thing of the past". Independent researchers say the picture is more mixed.
en cm al - | Op-ed by a former recruit: "I was 19, lonely and angry. The people who recruited me didn't care about religion. They cared about bodies."
en oth ml,eh - | Remittances to Tajikistan fell 12% in the first half of the year as the rouble weakened and raids on migrant workers intensified.
kk rep - - | Жастар арасындағы радикализм туралы жаңа зерттеу: сауалнамаға қатысқандардың көпшілігі экстремистік контентке шағым түсіретінін айтты.
kk pol co - | Тергеу: әкімдік шенеуніктерінің туыстары мемлекеттік тапсырыстардан миллиардтаған теңге алған.
kk oth - - | Алматыда халықаралық кітап көрмесі ашылды. Көрмеге 15 елдің баспалары қатысуда.
en pol - - | Editorial: an election without real competitors is not a mandate. The region's governments should stop pretending otherwise.
ru pol ta - | Мнение: террористическое подполье в регионе сильнее, чем признают власти, и следующая атака — вопрос времени. Нужны жёсткие меры уже сейчас.
en rel - - | Feature: inside the Tashkent madrasa where students debate Hanafi law late into the night.
ru rep - - | Верховный суд смягчил приговор по «делу о репостах».
en rep - - | Interview: a judge on how courts assess "extremist" videos.
kk rep - - | Тергеу: жалдаушылар жастарды ойын чаттары арқылы іздейді.
ru rep ml - | Репортаж: как мигранты в Москве сталкиваются с вербовщиками и почему почти всегда им отказывают.
en rep - - | Court upholds ban on the "Brotherhood of the Banner".
"""

# ============================================================================================
# Web: "Dastarkhan Forum" – a general discussion forum.
# ============================================================================================
BANK_W2 = r"""
ru oth - - | Подскажите, где в Шымкенте оформить визу в Корею? Кто делал недавно?
ru pol eh - | Кто-нибудь ещё считает, что пенсия в 70 тысяч — это издевательство? Пусть чиновники сами попробуют прожить на неё месяц.
ru rel - - | Вопрос к знающим: можно ли читать намаз на работе в обеденный перерыв, если нет отдельной комнаты?
ru cm - - | Мой сосед в прошлом году уехал «на заработки», а оказался там, где воюют. Теперь его мать ходит по инстанциям. Ребята, если вам обещают «братство» и «цель» — это ловушка.
ru oth - - | Продам детскую коляску, б/у, состояние отличное. Алматы.
ru oth - - | Новый фильм Тимура Б. — бомба, всем советую! Кто смотрел, делитесь впечатлениями.
ru pol sr - | Моего брата уволили после того, как он поставил лайк под постом оппозиционера. Это нормально вообще?
ru oth - - | Ребята, кто знает, как записаться в ЦОН? Кезек өте ұзын, онлайн тоже не получается, вообще ничего не работает.
ru oth fab post | Я посмотрел видео из Ак-Таша покадрово. Тени падают в разные стороны, флаг новенький, без единой складки. Это постановка, к гадалке не ходи.
ru pol ta - | Вы не понимаете, террористы уже здесь, среди нас. Нужно срочно закрыть границы и проверять каждого приезжего.
ru pol tm - | Да какая угроза, о чём вы. Полиция всё контролирует, у нас спокойнее, чем в Европе.
kk oth - - | Алматыда жақсы тіс дәрігерін білетіндер бар ма? Бағасы қолжетімді болса екен.
kk rel - - | Сұрақ: зекетті туыстарыма беруге бола ма? Білетіндер жазыңыздаршы.
kk pol ia,ed - | Қытайдағы қандастарымыздың жағдайы ауыр. Олардың туыстары мұнда жылап жүр, ал бізде ешкім үндемейді.
uzL oth - - | Toshkentda yaxshi ingliz tili kursini bilganlar bormi? Narxi qancha?
uzL pol eh,ml - | Ishsizlik haqidagi rasmiy raqamlar yolg'on. Mening mahallamda har ikkinchi yigit Rossiyada.
uzL cm - - | Mening amakivachcham «Bayroq birodarligi»ga aldanib ketdi. Endi onasi kasal. Yoshlar, ularning videolariga ishonmang!
ky oth - - | Бишкекте арзан батир ижарага ким билет? Студентмин.
ky pol sr - | Блогерди камашты, эми ким чындыкты жазат? Биз коркпойбуз, бирок мыйзам бузулуп жатат.
en oth - - | Anyone know a good place to exchange dollars in Almaty without a huge commission?
en rel ml - | Question for the forum: is it permissible to combine prayers when working long shifts? My employer won't give breaks.
en pol ta - | Officials are right for once: the threat from the south is real and growing by the day. We need tougher borders now.
ru ve sf - | Только Знамя даст нам справедливость. Остальное — болтовня.
ru oth - - | Кто-нибудь пробовал новую шаурмичную у вокзала? Говорят, бомба.
kk oth - - | Жиһад деген досым бар, сол Алматыға келіп жатыр, қай жерде кездескен дұрыс?
ru pol - - | Смешно читать, как депутаты рассказывают о росте доходов. Выйдите на рынок хоть раз.
en oth al - | Does anyone else feel invisible after moving to a new city? Three months in Moscow and I've spoken to nobody outside work.
ru rel - - | Подскажите хорошего преподавателя арабского и таджвида в Алматы?
ru oth - - | Кто знает, когда откроют Медеу?
ru pol co - | Опять тендер выиграл сват акима. Классика.
en oth - - | Best plov in Tashkent? Go.
en pol co - | Another minister's nephew, another contract. Shocking.
"""

# ============================================================================================
# Web: "Afghan Observer" – Persian/English/Arabic news site.
# ============================================================================================
BANK_W3 = r"""
fa rep eh - | گزارش: گروه‌های افراطی با استفاده از فقر و بیکاری، جوانان را در ولایات شمالی جذب می‌کنند.
fa rep - akt | ویدیوی آق‌تاش و واکنش‌ها در منطقه: کارشناسان می‌گویند محتوای ویدیو به تبلیغات پیشین گروه‌های افراطی شباهت دارد.
fa pol eh - | بیکاری و گرانی کمر مردم را شکسته است؛ دولت باید پاسخگو باشد.
fa oth - - | جشنواره‌ی فیلم کوتاه در هرات با حضور ده‌ها فیلم‌ساز جوان برگزار شد.
fa cm - - | گفت‌وگو با یک عالم دینی: «کشتن بی‌گناهان به نام دین، بزرگ‌ترین خیانت به دین است».
fa oth ml,ed - | بیش از دو هزار مهاجر افغان در یک هفته از کشور همسایه اخراج شدند.
en rep ia - | Feature: the families still waiting for news of sons who went to Syria a decade ago.
en pol - - | Editorial: closing girls' schools is not a religious necessity; it is a political choice.
en oth - - | Photo essay: spring in the Panjshir valley.
ar rep eh - | تقرير: الجماعات المتطرفة تستغل البطالة لتجنيد الشباب في آسيا الوسطى.
ar oth - - | افتتاح معرض الكتاب الدولي بمشاركة دور نشر من آسيا الوسطى.
fa rep - - | دادگاهی در دوشنبه سه جوان را به اتهام جذب نیرو برای یک گروه افراطی محکوم کرد.
fa pol sr - | بستن رسانه‌های مستقل راه مبارزه با افراط‌گرایی نیست؛ سانسور است.
fa rel - - | مصاحبه: امام مسجد جامع درباره‌ی معنای واقعی جهاد و اهمیت تعلیم دینی برای جوانان.
ar cm fp - | أيّاً كان مموّل هذه الجماعات، فهي تخدم أجندات أجنبية لا علاقة لها بالإسلام.
ar rel - - | مقال: كيف حافظت المدارس الدينية في آسيا الوسطى على المذهب الحنفي عبر القرون.
fa rep - - | گزارش: شمار پیوستن جوانان به گروه‌های افراطی کاهش یافته است.
en rep - post | Explainer: who is behind the Ak-Tash video? What we know so far.
ar rep - - | محكمة في دوشنبه تدين ثلاثة بتهمة التجنيد.
en oth - - | Weekend read: the poets of Herat.
"""


# ============================================================================================
# Sources, people (all fake) and the deliberate cross-source relations.
# ============================================================================================
SOURCES: list[Source] = [
    Source("T1", "telegram", "1811000001", "Республика Сегодня | Официально", "public_channel",
           description="state-media-like official news (ru/kk); forwarded into local channels"),
    Source("T2", "telegram", "1811000002", "Алаш Дауысы", "public_channel",
           description="Kazakh opinion and news, Russian code-switching"),
    Source("T3", "telegram", "1811000003", "Toshkent Kundalik", "public_channel",
           description="Uzbek (Latin) city news and chatter"),
    Source("T4", "telegram", "1811000004", "Фарғона Овози", "public_channel",
           description="Uzbek (Cyrillic) regional channel, reprints official news"),
    Source("T5", "telegram", "1811000005", "Хабарҳои Ватан", "public_channel",
           description="Tajik news channel with post signatures"),
    Source("T6", "telegram", "1811000006", "Ала-Тоо Кабар", "public_channel",
           description="Kyrgyz news channel"),
    Source("T7", "telegram", "1811000007", "Watan Sesi", "public_channel",
           description="Turkmen (Latin) diaspora channel"),
    Source("T8", "telegram", "1811000008", "منبر الهدى", "public_channel",
           description="Arabic religious teaching and refutation of VE"),
    Source("T9", "telegram", "1811000009", "دریچه کابل", "public_channel",
           description="Persian/Dari news and opinion"),
    Source("T10", "telegram", "1811000010", "CA Extremism Monitor", "public_channel",
           description="English research/monitoring channel with post signatures"),
    Source("T11", "telegram", "1811000011", "Karvon Sadosi", "public_channel",
           start=date(2026, 4, 6), end=date(2026, 5, 17),
           description="fictional VE-aligned channel; active ~6 weeks, then vanishes"),
    Source("T12", "telegram", "1811000012", "Karvon Sadosi | Yangi", "public_channel",
           start=date(2026, 5, 24),
           description="successor of T11 (similar name) from a week later; one-source burst 3–9 Aug"),
    Source("T13", "telegram", "1811000013", "Мигранты Москва | Чат", "public_supergroup",
           description="public group of labour migrants; individual users post and reply"),
    Source("V1", "vk", "-2000001", "Кыргыздар Москвада", "vk", screen_name="kyrgyzdar_msk",
           members=48210, description="Kyrgyz migrants in Moscow"),
    Source("V2", "vk", "-2000002", "Вести Центральной Азии", "vk", screen_name="ca_vesti",
           members=126400, description="Russian-language news; copies Telegram posts"),
    Source("V3", "vk", "-2000003", "Ummat Birligi", "vk", screen_name="ummat_birligi",
           members=8730, description="Uzbek/Russian religious community, some VE-aligned posts"),
    Source("V4", "vk", "-2000004", "Türkmenler Moskwada", "vk", screen_name="turkmenler_msk",
           members=15120, description="Turkmen migrants in Moscow"),
    Source("VX", "vk", "-2000099", "Karvon Yo'li", "vk", screen_name="karvon_yoli",
           members=0, in_corpus=False,
           description="outside community, seen only through a repost (copy_history) in V3"),
    Source("W1", "web", "caledger.example", "Central Asia Ledger", "web",
           description="news website (ru/en/kk)"),
    Source("W2", "web", "dastarkhan-forum.example", "Dastarkhan Forum", "web",
           description="general discussion forum (ru/kk/uz/ky/en)"),
    Source("W3", "web", "afghan-observer.example", "Afghan Observer", "web",
           description="news website (fa/en/ar)"),
]
SOURCE_BY_KEY = {s.key: s for s in SOURCES}
BANKS: dict[str, str] = {
    "T1": BANK_T1, "T2": BANK_T2, "T3": BANK_T3, "T4": BANK_T4, "T5": BANK_T5,
    "T6": BANK_T6, "T7": BANK_T7, "T8": BANK_T8, "T9": BANK_T9, "T10": BANK_T10,
    "T11": BANK_T11, "T12": BANK_T12, "T13": BANK_T13, "VX": BANK_VX, "V1": BANK_V1,
    "V2": BANK_V2, "V3": BANK_V3, "V4": BANK_V4, "W1": BANK_W1, "W2": BANK_W2, "W3": BANK_W3,
}
COMMENT_BANKS: dict[str, tuple[str, str]] = {"V1": ("v1_raid", BANK_V1C), "V3": ("v3_ve", BANK_V3C)}

GROUP_USERS: list[tuple[str, int]] = [
    ("Bekzod T.", 5210000101), ("Фаридун", 5210000102), ("Азамат Ж.", 5210000103),
    ("Dilnoza", 5210000104), ("Рустам Х.", 5210000105), ("Тимур", 5210000106),
    ("Нигора Ю.", 5210000107), ("Sherzod", 5210000108), ("Манижа Р.", 5210000109),
    ("Aibek", 5210000110), ("Abu Yusuf", 5210000111),
]
PRIVATE_USERS: list[tuple[str, int]] = [("Аброр Назаров", 5550001)]
SIGNATURES: dict[str, tuple[float, list[str]]] = {
    "T2": (0.3, ["Айгерим Сапарова"]),
    "T5": (0.6, ["Фарангис Саидова", "Далер Назаров"]),
    "T10": (0.8, ["Anna Kessler", "Timur Rakhimov", "Zarina Yusupova"]),
}
VK_USERS: list[tuple[int, str, str]] = [
    (6100001, "Бакыт", "Осмонов"), (6100002, "Нурлан", "Абдыкеров"),
    (6100003, "Айжан", "Токтосунова"), (6100004, "Эрмек", "Сыдыков"),
    (6100005, "Алина", "Ким"), (6100006, "Гульмира", "Асанова"),
    (6100007, "Максат", "Бекташев"), (6100008, "Jasur", "Xolmatov"),
    (6100009, "Shavkat", "Ergashev"), (6100010, "Ильдар", "Сафин"),
    (6100011, "Mohira", "Qodirova"), (6100012, "Фаррух", "Шарипов"),
    (6100013, "Елена", "Петрова"), (6100014, "Ulug'bek", "Rasulov"),
    (6100015, "Камила", "Осмонова"), (6100016, "Сергей", "Лим"),
    (6100017, "Abdulloh", "Hamidov"), (6100018, "Merdan", "Orazow"),
]
VK_SIGNERS: dict[str, tuple[float, list[int]]] = {
    "V1": (0.3, [14]), "V2": (0.4, [15]), "V3": (0.5, [16]), "V4": (0.3, [17]),
}
WEB_AUTHORS: dict[str, list[str]] = {
    "W1": ["Айгуль Сейткали", "Дмитрий Ан", "Sara Mitchell", "Бауыржан Оспан"],
    "W2": ["Марат Ж.", "Ольга С.", "Ислом Р.", "Айдана К.", "Jahongir T.", "Kevin M.", ""],
    "W3": ["Mina Rahimi", "Ahmad Zia Sultani", ""],
}
WEB_TZ: dict[str, timezone] = {
    "W1": timezone(timedelta(hours=5)),
    "W2": timezone(timedelta(hours=5)),
    "W3": timezone(timedelta(hours=4, minutes=30)),
}
HASHTAGS: dict[str, list[str]] = {
    "T1": ["#официально", "#новости"], "T2": ["#жаңалықтар", "#Алаш"],
    "T3": ["#Toshkent", "#yangiliklar"], "T4": ["#Фарғона", "#янгиликлар"],
    "T5": ["#хабар", "#Тоҷикистон"], "T6": ["#кабар", "#Бишкек"], "T7": ["#habarlar"],
    "T9": ["#کابل", "#خبر"], "T10": ["#research", "#CentralAsia"],
}
VIEWS_BASE: dict[str, int] = {
    "T1": 21000, "T2": 8200, "T3": 15400, "T4": 6100, "T5": 9300, "T6": 7200, "T7": 2900,
    "T8": 2600, "T9": 5100, "T10": 1400, "T11": 900, "T12": 650,
    "V1": 3100, "V2": 9800, "V3": 1200, "V4": 1500, "VX": 700, "W1": 2400, "W2": 380, "W3": 900,
}
REACTION_EMOJI = ["👍", "❤", "🔥", "🙏", "🤲", "👏"]
REACTION_EMOJI_NEGATIVE = ["😢", "😡", "👎", "🤬", "😱"]

TG_SOURCE_LINE = "\n\nИсточник: Telegram-канал «Республика Сегодня | Официально»"

# Forwards of Telegram posts into other corpus chats: (key, destination, delay hours, user index
# for the group or None for a channel).
FORWARDS: list[tuple[str, str, float, int | None]] = [
    ("st1", "T2", 3, None),
    ("st_fx", "T2", 1, None),
    ("st_kk1", "T2", 2, None),
    ("st_akt1", "T4", 2, None),
    ("st_akt1", "T6", 4, None),
    ("st_akt1", "T13", 1, 4),
    ("st_akt2", "T4", 3, None),
    ("st_cm", "T6", 5, None),
    ("st1", "T13", 6, 4),
    ("mon_akt", "T9", 6, None),
    ("k2", "T13", 30, 7),
]


@dataclass(frozen=True)
class Dup:
    """A near-duplicate repost: ``key`` reappears in ``dst`` transliterated or edited."""

    key: str
    dst: str
    transform: str  # uz_latn | kk_latn | tg_latn | edit
    new_key: str = ""
    apostrophe: str = "ʻ"
    edits: tuple[tuple[str, str], ...] = ()
    suffix: str = ""
    delay_hours: float = 24.0
    when: str = ""
    user: int | None = None


DUPS: list[Dup] = [
    Dup("fer_cm", "T3", "uz_latn", apostrophe="ʻ", delay_hours=70),
    Dup("uz_tm", "T3", "uz_latn", apostrophe="’", delay_hours=26),
    Dup("fer_rr", "W2", "uz_latn", apostrophe="'", delay_hours=110),
    Dup("uz_cm", "W2", "uz_latn", apostrophe="`", delay_hours=50),
    Dup("al_cm", "W2", "kk_latn", delay_hours=90),
    Dup("al_rr", "W2", "kk_latn", delay_hours=40),
    Dup("tj_cm", "T13", "tg_latn", delay_hours=140, user=8),
    Dup("st2", "W1", "edit", delay_hours=20,
        edits=(("Трое жителей Шымкента получили от 5 до 8 лет лишения свободы",
                "Суд приговорил троих жителей Шымкента к срокам от 5 до 8 лет"),),
        suffix=" Приговор может быть обжалован."),
    Dup("st_cm", "V2", "edit", new_key="v2_tg1", delay_hours=9,
        edits=(("Профилактическая встреча в колледже:", "В колледже прошла профилактическая встреча:"),),
        suffix=TG_SOURCE_LINE),
    Dup("st_akt1", "V2", "edit", new_key="v2_tg2", delay_hours=5,
        edits=(("В сети распространяется ролик", "В соцсетях распространяется ролик"),),
        suffix=TG_SOURCE_LINE),
    Dup("k1", "T12", "edit", when="2026-05-24..2026-06-12",
        edits=(("karvon yo'lga chiqdi", "karvon yana yo'lda"),)),
    Dup("k2", "T12", "edit", when="2026-05-24..2026-06-12",
        edits=(("Alloh ularni qo'llasin.", "Alloh ularga madad bersin."),)),
    Dup("k3", "T12", "edit", when="2026-05-24..2026-06-12",
        edits=(("Наши бойцы — герои.", "Наши бойцы — настоящие герои."),)),
    Dup("k4", "T12", "edit", when="2026-05-24..2026-06-12",
        edits=(("хватит жить без цели", "хватит жить без смысла"),)),
    Dup("k5", "T12", "edit", when="2026-05-24..2026-06-12",
        edits=(("Karvon to'xtamaydi.", "Karvon hech qachon to'xtamaydi."),)),
]

# VK reposts (copy_history): (key of the reposted VK post, reposting community, delay hours).
# The reposting post's own text is empty.
REPOSTS: list[tuple[str, str, float]] = [
    ("v2_tg1", "V1", 20),
    ("v2_tg2", "V1", 11),
    ("v2_tg2", "V4", 8),
    ("v2_camps", "V3", 30),
    ("vx1", "V3", 5),
]


# ============================================================================================
# Building.
# ============================================================================================
def day_range(when: str, src: Source, function_narratives: list[str]) -> tuple[date, date]:
    if when == "-":
        lo, hi = src.start, src.end
    elif when in WHEN_RANGES:
        lo, hi = WHEN_RANGES[when]
    elif ".." in when:
        a, b = when.split("..")
        lo, hi = date.fromisoformat(a), date.fromisoformat(b)
    else:
        lo = hi = date.fromisoformat(when)
    lo, hi = max(lo, src.start), min(hi, src.end)
    if "fabrication" in function_narratives:
        lo = max(lo, FABRICATION_FROM)
    if lo > hi:
        raise ValueError(f"empty date window {when!r} for {src.key}")
    return lo, hi


def random_dt(rng: random.Random, lo: date, hi: date) -> datetime:
    day = lo + timedelta(days=rng.randint(0, (hi - lo).days))
    minute = rng.randint(7 * 60, 23 * 60 + 30)
    return datetime.combine(day, time(minute // 60, minute % 60, rng.randint(0, 59)), LOCAL_TZ)


class Corpus:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.items: list[Item] = []
        self.by_key: dict[str, Item] = {}
        self.comments: dict[str, list[Item]] = {}
        self.extras: list[Item] = []  # polls and media-only posts (no gold line)
        self.reposts: list[tuple[Item, Item]] = []  # (wrapper, original)

    # -- assembling -------------------------------------------------------------------------
    def register(self, item: Item) -> None:
        if item.key:
            if item.key in self.by_key:
                raise ValueError(f"duplicate key {item.key}")
            self.by_key[item.key] = item
        self.items.append(item)

    def load(self) -> None:
        for src_key, bank in BANKS.items():
            for item in parse_bank(src_key, bank):
                self.register(item)
        for src_key, (parent, bank) in COMMENT_BANKS.items():
            comments = parse_bank(src_key, bank)
            for c in comments:
                c.comment_of = parent
                if c.key:
                    c.key = f"{src_key}:{c.key}"
                if c.reply_to:
                    c.reply_to = f"{src_key}:{c.reply_to}"
            self.comments[parent] = comments
        for c_list in self.comments.values():
            for c in c_list:
                if c.key:
                    self.by_key[c.key] = c

    def derive(self) -> None:
        for key, dst, hours, user in FORWARDS:
            orig = self.by_key[key]
            self.register(Item(dst, orig.code, orig.function, list(orig.narratives),
                               list(orig.grievances), orig.markup, user=user,
                               fwd_from=orig.src, derived_from=key, delay_hours=hours,
                               origin=f"forward of {key}"))
        for dup in DUPS:
            orig = self.by_key[dup.key]
            base = plain_text(orig.markup)
            code = orig.code
            if dup.transform == "uz_latn":
                text, code = uz_latin(base, dup.apostrophe), "uzL"
            elif dup.transform == "kk_latn":
                text, code = kk_latin(base), "kkL"
            elif dup.transform == "tg_latn":
                text, code = tg_latin(base), "tgL"
            else:
                text = edit_text(base, list(dup.edits))
            text += dup.suffix
            self.register(Item(dup.dst, code, orig.function, list(orig.narratives),
                               list(orig.grievances), text, when=dup.when or "-",
                               key=dup.new_key, user=dup.user,
                               derived_from="" if dup.when else dup.key,
                               delay_hours=dup.delay_hours,
                               origin=f"near-duplicate ({dup.transform}) of {dup.key}"))
        for key, dst, hours in REPOSTS:
            orig = self.by_key[key]
            wrapper = Item(dst, orig.code, orig.function, [], [], "", derived_from=key,
                           delay_hours=hours, origin=f"VK repost of {key}")
            self.items.append(wrapper)
            self.reposts.append((wrapper, orig))
        # Polls and media-only posts: in the export, without gold lines.
        self.extras = [
            Item("T3", "uzL", "", [], [], "", when="2026-06-15", key="poll_t3"),
            Item("T13", "ru", "", [], [], "", when="2026-05-20", key="poll_t13", user=6),
            Item("T2", "kk", "", [], [], "", when="2026-04-18", key="photo_t2"),
            Item("T6", "ky", "", [], [], "", when="2026-09-05", key="photo_t6"),
        ]
        for extra in self.extras:
            self.register(extra)

    def assign_dates(self) -> None:
        rng = self.rng
        pending_replies: list[Item] = []
        derived: list[Item] = []
        for item in self.items:
            src = SOURCE_BY_KEY[item.src]
            if item.reply_to:
                pending_replies.append(item)
            elif item.derived_from:
                derived.append(item)
            else:
                lo, hi = day_range(item.when, src, item.narratives)
                item.dt = random_dt(rng, lo, hi)
        for item in derived:
            orig = self.by_key[item.derived_from]
            assert orig.dt is not None
            dt = orig.dt + timedelta(hours=item.delay_hours, minutes=rng.randint(0, 50))
            src = SOURCE_BY_KEY[item.src]
            if dt.date() > src.end or dt.date() < src.start:
                raise ValueError(f"derived item outside window: {item.origin} in {item.src}")
            item.dt = dt
        while pending_replies:
            progressed = False
            for item in list(pending_replies):
                parent = self.by_key[item.reply_to]
                if parent.dt is None:
                    continue
                item.dt = parent.dt + timedelta(minutes=rng.randint(3, 240))
                pending_replies.remove(item)
                progressed = True
            if not progressed:
                raise ValueError("circular replies")
        for parent_key, comments in self.comments.items():
            parent = self.by_key[parent_key]
            assert parent.dt is not None
            t = parent.dt
            for c in comments:
                if c.reply_to:
                    t = max(t, self.by_key[c.reply_to].dt or t)
                t = t + timedelta(minutes=rng.randint(4, 300))
                c.dt = t

    def source_items(self, src_key: str) -> list[Item]:
        items = [i for i in self.items if i.src == src_key]
        items.sort(key=lambda i: (i.dt or datetime.min.replace(tzinfo=LOCAL_TZ), i.markup))
        return items

    def decorate(self) -> None:
        """Fix each item's exported markup: hashtags on some Telegram channel posts."""
        rng = random.Random(SEED + 2)
        for item in self.items:
            tags = HASHTAGS.get(item.src)
            markup = item.markup
            if (tags and item.function and not item.fwd_from and item.user is None
                    and not any(c in markup for c in "<#@") and rng.random() < 0.25):
                markup += "\n\n" + " ".join(tags[: rng.randint(1, len(tags))])
            item.final = markup
        for item in self.items:
            if item.fwd_from:
                item.final = self.by_key[item.derived_from].final

    def build(self) -> None:
        self.load()
        self.derive()
        self.assign_dates()
        self.decorate()


def unix(dt: datetime) -> int:
    return int(dt.timestamp())


def local_str(dt: datetime) -> str:
    return dt.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M:%S")


def gold_line(platform: str, source_id: str, item_id: str, item: Item, text: str) -> dict[str, object]:
    return {
        "id": f"{platform}:{source_id}:{item_id}",
        "text": text,
        "function": item.function,
        "narratives": item.narratives,
        "grievances": item.grievances,
        "lang": item.lang,
        "script": item.script,
    }


# --------------------------------------------------------------------------------------------
# Telegram
# --------------------------------------------------------------------------------------------
def render_telegram(corpus: Corpus, gold: list[dict[str, Any]], info: dict[str, object]) -> dict[str, object]:
    rng = random.Random(SEED + 1)
    chats: list[dict[str, Any]] = []
    tg_keys = [s.key for s in SOURCES if s.platform == "telegram"]
    msg_ids: dict[int, int] = {}  # id(item) -> message id
    for src_key in tg_keys:
        src = SOURCE_BY_KEY[src_key]
        is_group = src.kind == "public_supergroup"
        items = corpus.source_items(src_key)
        first = items[0].dt
        assert first is not None
        # Service messages, kept as (datetime, order, payload builder).
        created = datetime.combine(src.start - timedelta(days=0 if src.start > CORPUS_START else 3),
                                   time(8, 12, 5), LOCAL_TZ)
        created = min(created, first - timedelta(hours=1))
        events: list[tuple[datetime, int, object]] = [(created, 0, ("service", "create_channel"))]
        if src_key == "T12":
            events.append((created + timedelta(minutes=2), 1, ("service", "edit_group_photo")))
        if is_group:
            seen: set[int] = set()
            for it in items:
                if it.user is not None and it.user not in seen and it.dt is not None:
                    seen.add(it.user)
                    events.append((it.dt - timedelta(minutes=rng.randint(5, 600)), 1,
                                   ("join", it.user)))
        for n, it in enumerate(items):
            assert it.dt is not None
            events.append((it.dt, 2, it))
            if n == 0 and not is_group:
                events.append((it.dt + timedelta(minutes=3), 3, ("pin", it)))
        if src_key in ("T1", "T10"):
            akt = [it for it in items if it.key in ("st_akt1", "mon_akt")]
            for it in akt:
                assert it.dt is not None
                events.append((it.dt + timedelta(minutes=7), 3, ("pin", it)))
        events.sort(key=lambda e: (e[0], e[1]))
        messages: list[dict[str, Any]] = []
        next_id = 1
        photo_n = video_n = file_n = 0
        peer = f"channel{src.source_id}"
        for dt, _, ev in events:
            mid = next_id
            next_id += 1 if rng.random() > 0.08 else rng.randint(2, 4)
            base: dict[str, object] = {"id": mid, "type": "message", "date": local_str(dt),
                                       "date_unixtime": str(unix(dt))}
            if isinstance(ev, tuple):
                kind = ev[0]
                base["type"] = "service"
                if kind == "join":
                    name, uid = GROUP_USERS[ev[1]]
                    base.update({"actor": name, "actor_id": f"user{uid}",
                                 "action": "join_group_by_link", "inviter": "Group"})
                elif kind == "pin":
                    target = ev[1]
                    base.update({"actor": src.name, "actor_id": peer, "action": "pin_message",
                                 "message_id": msg_ids[id(target)]})
                elif ev[1] == "create_channel":
                    base.update({"actor": src.name, "actor_id": peer,
                                 "action": "create_channel", "title": src.name})
                else:
                    base.update({"actor": src.name, "actor_id": peer,
                                 "action": "edit_group_photo",
                                 "photo": f"photos/photo_{photo_n + 1}@{dt.strftime('%d-%m-%Y_%H-%M-%S')}.jpg",
                                 "photo_file_size": rng.randint(40000, 160000),
                                 "width": 640, "height": 640})
                    photo_n += 1
                base["text"] = ""
                base["text_entities"] = []
                messages.append(base)
                continue
            it = ev
            assert isinstance(it, Item)
            msg_ids[id(it)] = mid
            msg = base
            if rng.random() < 0.12 and it.function:
                edited = dt + timedelta(minutes=rng.randint(1, 900))
                msg["edited"] = local_str(edited)
                msg["edited_unixtime"] = str(unix(edited))
            if is_group:
                assert it.user is not None, f"group message without user: {it.markup[:40]}"
                name, uid = GROUP_USERS[it.user]
                msg["from"] = name
                msg["from_id"] = f"user{uid}"
            else:
                msg["from"] = src.name
                msg["from_id"] = peer
                sig = SIGNATURES.get(src_key)
                if sig and it.function and not it.fwd_from and rng.random() < sig[0]:
                    msg["author"] = rng.choice(sig[1])
            if it.fwd_from:
                fsrc = SOURCE_BY_KEY[it.fwd_from]
                msg["forwarded_from"] = fsrc.name
                msg["forwarded_from_id"] = f"channel{fsrc.source_id}"
            elif it.private_fwd is not None:
                pname, puid = PRIVATE_USERS[it.private_fwd]
                msg["forwarded_from"] = pname
                msg["forwarded_from_id"] = f"user{puid}"
            if it.reply_to:
                msg["reply_to_message_id"] = msg_ids[id(corpus.by_key[it.reply_to])]
            # Media.
            roll = rng.random()
            photo_p = 0.06 if is_group else 0.18
            if it.key.startswith("photo_") or (it.function and roll < photo_p):
                photo_n += 1
                w, h = rng.choice([(1280, 720), (1080, 1080), (960, 1280), (800, 600)])
                msg.update({"photo": f"photos/photo_{photo_n}@{dt.strftime('%d-%m-%Y_%H-%M-%S')}.jpg",
                            "photo_file_size": rng.randint(35000, 420000), "width": w, "height": h})
            elif it.function and not is_group and roll < photo_p + 0.04:
                video_n += 1
                path = f"video_files/video_{video_n}@{dt.strftime('%d-%m-%Y_%H-%M-%S')}.mp4"
                msg.update({"file": path, "file_size": rng.randint(800000, 24000000),
                            "thumbnail": path + "_thumb.jpg",
                            "thumbnail_file_size": rng.randint(2000, 30000),
                            "media_type": "video_file", "mime_type": "video/mp4",
                            "duration_seconds": rng.randint(12, 420), "width": 1280, "height": 720})
            elif src_key == "T10" and it.function == "reporting" and file_n < 2 and roll > 0.7:
                file_n += 1
                fname = f"CAEM_brief_2026_{file_n:02d}.pdf"
                msg.update({"file": f"files/{fname}", "file_name": fname,
                            "file_size": rng.randint(200000, 3000000),
                            "mime_type": "application/pdf"})
            if it.key == "poll_t3":
                msg["poll"] = {"question": "Yangi metro bekatlari sizga qulaymi?", "closed": True,
                               "total_voters": 1843, "answers": [
                                   {"text": "Ha, juda", "voters": 1102, "chosen": False},
                                   {"text": "Unchalik emas", "voters": 486, "chosen": False},
                                   {"text": "Metrodan foydalanmayman", "voters": 255, "chosen": False}]}
            elif it.key == "poll_t13":
                msg["poll"] = {"question": "Кто едет домой на Курбан-байрам?", "closed": False,
                               "total_voters": 64, "answers": [
                                   {"text": "Еду", "voters": 23, "chosen": False},
                                   {"text": "Остаюсь в Москве", "voters": 35, "chosen": False},
                                   {"text": "Ещё не решил", "voters": 6, "chosen": False}]}
            markup = it.final
            text, entities = telegram_text(markup)
            msg["text"] = text
            msg["text_entities"] = entities
            if rng.random() < (0.15 if is_group else 0.4):
                pool = REACTION_EMOJI + (REACTION_EMOJI_NEGATIVE if it.function in
                                         ("political", "reporting") else ["😂"])
                emojis = rng.sample(pool, rng.randint(1, 3))
                counts = sorted((rng.randint(1, 6 if is_group else 180) for _ in emojis), reverse=True)
                msg["reactions"] = [{"type": "emoji", "count": c, "emoji": e}
                                    for c, e in zip(counts, emojis, strict=True)]
            if not is_group:
                msg["views"] = max(12, int(VIEWS_BASE[src_key] * rng.lognormvariate(0, 0.55)))
            messages.append(msg)
            plain = plain_text(markup)
            if it.function and plain:
                gold.append(gold_line("telegram", src.source_id, str(mid), it, plain))
                it.gold_id = str(gold[-1]["id"])
        chats.append({"name": src.name, "type": src.kind, "id": int(src.source_id),
                      "messages": messages})
    info["tg_ids"] = {key: msg_ids[id(it)] for key, it in corpus.by_key.items() if id(it) in msg_ids}
    return {
        "about": "Here is the data you requested. Remember: Telegram is ad free, it doesn't use your data for ad targeting and doesn't sell it to others. Telegram only keeps the data it needs to function as a secure and feature-rich cloud service.\n\nCheck out Settings > Privacy & Security > Data Settings.",
        "personal_information": {
            "user_id": 5000000001,
            "first_name": "Demo",
            "last_name": "Analyst",
            "phone_number": "+999 00 000 0000",
            "username": "@tyndau_demo_analyst",
            "bio": "SYNTHETIC test account for the tyndau sample corpus",
        },
        "contacts": {
            "about": "If you allow access, Telegram will continuously sync your contacts.",
            "list": [
                {"user_id": 5210000901, "first_name": "Test", "last_name": "Contact One",
                 "phone_number": "+999 00 000 0001", "date": "2026-02-11T10:02:44",
                 "date_unixtime": "1770786164"},
                {"user_id": 5210000902, "first_name": "Тест", "last_name": "Контакт",
                 "phone_number": "+999 00 000 0002", "date": "2026-02-14T18:40:09",
                 "date_unixtime": "1771076409"},
            ],
        },
        "chats": {"about": "This page lists all chats from this export.", "list": chats},
    }


# --------------------------------------------------------------------------------------------
# VK
# --------------------------------------------------------------------------------------------
VK_META: dict[str, tuple[str, str]] = {
    "V1": ("Землячество", "Кыргыздар Москвада: жумуш, документтер, жаңылыктар, жардам."),
    "V2": ("СМИ", "Новости Центральной Азии каждый день. Предложить новость — в сообщения сообщества."),
    "V3": ("Религия", "Ummat Birligi — diniy bilimlar, savol-javoblar, xayriya."),
    "V4": ("Землячество", "Moskwadaky türkmenler üçin habarlar, iş we kömek."),
}


def vk_profile(index: int) -> dict[str, object]:
    uid, first, last = VK_USERS[index]
    return {"id": uid, "first_name": first, "last_name": last, "can_access_closed": True,
            "is_closed": False, "screen_name": f"id{uid}", "online": 0}


def vk_group(src: Source) -> dict[str, object]:
    return {"id": -int(src.source_id), "name": src.name, "screen_name": src.screen_name,
            "is_closed": 0, "type": "page", "is_admin": 0, "is_member": 0, "is_advertiser": 0}


def render_vk(corpus: Corpus, gold: list[dict[str, Any]]) -> dict[str, object]:
    rng = random.Random(SEED + 3)
    files: dict[str, object] = {}
    vk_sources = [s for s in SOURCES if s.platform == "vk"]
    post_ids: dict[int, int] = {}
    for n, src in enumerate(vk_sources):
        pid = 1200 + 900 * n + rng.randint(0, 80)
        for it in corpus.source_items(src.key):
            pid += rng.randint(1, 4)
            post_ids[id(it)] = pid
    wrapped = {id(w): orig for w, orig in corpus.reposts}
    for src in vk_sources:
        if not src.in_corpus:
            continue
        owner = int(src.source_id)
        posts: list[dict[str, Any]] = []
        profile_idx: list[int] = []
        groups: list[Source] = [src]
        for it in corpus.source_items(src.key):
            assert it.dt is not None
            pid = post_ids[id(it)]
            text = plain_text(it.final)
            post: dict[str, object] = {"id": pid, "from_id": owner, "owner_id": owner,
                                       "date": unix(it.dt), "marked_as_ads": 0,
                                       "post_type": "post", "text": text}
            if rng.random() < 0.08:
                post["edited"] = unix(it.dt) + rng.randint(60, 7200)
            signer = VK_SIGNERS.get(src.key)
            if signer and text and rng.random() < signer[0]:
                idx = rng.choice(signer[1])
                post["signer_id"] = VK_USERS[idx][0]
                if idx not in profile_idx:
                    profile_idx.append(idx)
            orig = wrapped.get(id(it))
            if orig is not None:
                assert orig.dt is not None
                osrc = SOURCE_BY_KEY[orig.src]
                post["copy_history"] = [{
                    "id": post_ids[id(orig)], "owner_id": int(osrc.source_id),
                    "from_id": int(osrc.source_id), "date": unix(orig.dt), "post_type": "post",
                    "text": plain_text(orig.final), "post_source": {"type": "vk"}}]
                if osrc not in groups:
                    groups.append(osrc)
                if not osrc.in_corpus and not orig.gold_id:
                    gold.append(gold_line("vk", osrc.source_id, str(post_ids[id(orig)]), orig,
                                          plain_text(orig.final)))
                    orig.gold_id = str(gold[-1]["id"])
            elif rng.random() < 0.2:
                post["attachments"] = [{"type": "photo", "photo": {
                    "id": 457239000 + rng.randint(0, 99999), "album_id": -7, "owner_id": owner,
                    "user_id": 100, "sizes": [{
                        "type": "x", "url": f"https://userapi.example/impg/{rng.getrandbits(48):012x}.jpg",
                        "width": 604, "height": 403}], "text": "", "date": unix(it.dt)}}]
            comments = corpus.comments.get(it.key, []) if it.key else []
            post["post_source"] = {"type": "vk"}
            post["comments"] = {"count": len(comments), "can_post": 1, "groups_can_post": True}
            views = max(20, int(VIEWS_BASE[src.key] * rng.lognormvariate(0, 0.6)))
            post["likes"] = {"count": int(views * rng.uniform(0.005, 0.06)), "user_likes": 0,
                             "can_like": 1, "can_publish": 1}
            post["reposts"] = {"count": int(views * rng.uniform(0, 0.01)), "user_reposted": 0}
            post["views"] = {"count": views}
            posts.append(post)
            if text:
                gold.append(gold_line("vk", src.source_id, str(pid), it, text))
                it.gold_id = str(gold[-1]["id"])
            if comments:
                files[f"wall.getComments_{src.screen_name}_{pid}.json"] = render_comments(
                    rng, owner, pid, comments, gold)
        profiles = [vk_profile(i) for i in sorted(profile_idx)]
        files[f"wall.get_{src.screen_name}.json"] = {"response": {
            "count": len(posts), "items": posts[::-1], "profiles": profiles,
            "groups": [vk_group(g) for g in groups]}}
    files["groups.getById.json"] = {"response": [
        {**vk_group(s), "activity": VK_META[s.key][0], "description": VK_META[s.key][1],
         "members_count": s.members} for s in vk_sources if s.in_corpus]}
    return files


def render_comments(rng: random.Random, owner: int, pid: int, comments: list[Item],
                    gold: list[dict[str, Any]]) -> dict[str, object]:
    cid = 50000 + pid * 7 + rng.randint(0, 30)
    ids: dict[str, int] = {}
    authors: dict[str, int] = {}
    items: list[dict[str, Any]] = []
    users: list[int] = []
    for c in comments:
        assert c.dt is not None and c.user is not None
        cid += rng.randint(1, 5)
        uid = VK_USERS[c.user][0]
        if c.user not in users:
            users.append(c.user)
        row: dict[str, object] = {"id": cid, "from_id": uid, "post_id": pid, "owner_id": owner,
                                  "parents_stack": [], "date": unix(c.dt), "text": c.markup,
                                  "likes": {"count": rng.randint(0, 25), "user_likes": 0,
                                            "can_like": 1}}
        if c.reply_to:
            row["reply_to_user"] = authors[c.reply_to]
            row["reply_to_comment"] = ids[c.reply_to]
        row["thread"] = {"count": 0, "items": [], "can_post": True, "show_reply_button": True,
                         "groups_can_post": True}
        if c.key:
            ids[c.key] = cid
            authors[c.key] = uid
        items.append(row)
        gold.append(gold_line("vk", str(owner), f"{pid}_{cid}", c, c.markup))
        c.gold_id = str(gold[-1]["id"])
    return {"response": {"count": len(items), "items": items,
                         "profiles": [vk_profile(i) for i in sorted(users)], "groups": [],
                         "current_level_count": len(items), "can_post": True,
                         "show_reply_button": True, "groups_can_post": True}}


# --------------------------------------------------------------------------------------------
# Web CSV
# --------------------------------------------------------------------------------------------
CSV_COLUMNS = ["platform", "source_id", "source_name", "item_id", "date", "text", "url", "views",
               "author"]


def render_csv(corpus: Corpus, gold: list[dict[str, Any]]) -> str:
    rng = random.Random(SEED + 4)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for src in (s for s in SOURCES if s.platform == "web"):
        n = {"W1": 48100, "W2": 90200, "W3": 7300}[src.key]
        for it in corpus.source_items(src.key):
            assert it.dt is not None
            n += rng.randint(1, 9)
            if src.key == "W1":
                item_id = str(n)
                url = f"https://caledger.example/{it.lang}/news/{item_id}"
            elif src.key == "W2":
                item_id = f"topic-{n}"
                url = f"https://dastarkhan-forum.example/t/{item_id}"
            else:
                item_id = f"ao-{n}"
                url = f"https://afghan-observer.example/{it.lang}/{item_id}"
            text = plain_text(it.final)
            author = rng.choice(WEB_AUTHORS[src.key])
            views = max(5, int(VIEWS_BASE[src.key] * rng.lognormvariate(0, 0.7)))
            stamp = it.dt.astimezone(WEB_TZ[src.key]).isoformat(timespec="seconds")
            writer.writerow(["web", src.source_id, src.name, item_id, stamp, text, url, views,
                             author])
            gold.append(gold_line("web", src.source_id, item_id, it, text))
            it.gold_id = str(gold[-1]["id"])
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# Checks and README
# --------------------------------------------------------------------------------------------
def gold_items(corpus: Corpus) -> list[Item]:
    out = [i for i in corpus.items if i.gold_id]
    out += [c for cs in corpus.comments.values() for c in cs if c.gold_id]
    return out


def validate(corpus: Corpus, gold: list[dict[str, Any]]) -> None:
    ids = [str(g["id"]) for g in gold]
    assert len(ids) == len(set(ids)), "duplicate gold ids"
    assert len(gold) >= 650, f"only {len(gold)} gold lines"
    langs = Counter(str(g["lang"]) for g in gold)
    for lang in LANG_ORDER:
        assert langs[lang] >= 40, f"language {lang} has only {langs[lang]} posts"
    scripts_uz = Counter(str(g["script"]) for g in gold if g["lang"] == "uz")
    assert scripts_uz["Latn"] >= 20 and scripts_uz["Cyrl"] >= 20, scripts_uz
    items = gold_items(corpus)
    for label_set, attr in ((FUNCTIONS.values(), "function"), (NARRATIVES.values(), "narratives"),
                            (GRIEVANCES.values(), "grievances")):
        for label in label_set:
            in_langs = {i.lang for i in items
                        if (label == getattr(i, attr) if attr == "function" else label in getattr(i, attr))}
            assert len(in_langs) >= 3, f"{label} occurs in only {sorted(in_langs)}"
    for it in items:
        assert it.dt is not None and CORPUS_START <= it.dt.date() <= CORPUS_END, it.markup[:40]
        if "fabrication" in it.narratives:
            assert it.dt.date() >= FABRICATION_FROM, f"fabrication before mid-July: {it.markup[:40]}"
        if "Ак-Таш" in it.markup or "Ak-Tash" in it.markup or "آق" in it.markup:
            assert it.dt.date() > AK_TASH_VIDEO, f"Ak-Tash before the video: {it.markup[:40]}"
        if it.function == "ve_support":
            text = plain_text(it.final or it.markup)
            assert not re.search(r"https?://|@\w|#\w|www\.", text), f"link/handle in VE text: {text}"
    in_corpus = {s.key for s in SOURCES if s.in_corpus}
    assert len(in_corpus) >= 14
    for s in in_corpus:
        assert any(i.src == s for i in items), f"source {s} without gold items"
    short = sum(1 for g in gold if len(str(g["text"])) < 60) / len(gold)
    assert 0.25 <= short <= 0.45, f"short share {short:.2f}"


def table(headers: list[str], rows: list[list[object]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(out)


def week_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def render_readme(corpus: Corpus, gold: list[dict[str, Any]], files: list[str]) -> str:
    items = gold_items(corpus)
    n = len(gold)
    langs = Counter(str(g["lang"]) for g in gold)
    funcs = Counter(str(g["function"]) for g in gold)
    plats = Counter(str(g["id"]).split(":", 1)[0] for g in gold)
    lang_script = Counter((str(g["lang"]), str(g["script"])) for g in gold)
    short = Counter(str(g["lang"]) for g in gold if len(str(g["text"])) < 60)
    narr = Counter(lab for g in gold for lab in g["narratives"])
    griev = Counter(lab for g in gold for lab in g["grievances"])
    by_src = Counter(i.src for i in items)
    lines: list[str] = []
    add = lines.append
    add("# tyndau sample corpus — SYNTHETIC DATA")
    add("")
    add("**Everything in this folder is synthetic.** It was written for testing tyndau "
        "(importers, language identification, classifiers, narrative/grievance tagging, "
        "trend and network analyses) and is generated by `scripts/build_sample_corpus.py` "
        "(standard library only, fixed seed, deterministic). The channels, communities, "
        "websites, people, user ids, phone numbers, events and texts are invented. "
        "The violent-extremist (VE) group that appears here — \"the Brotherhood of the Banner\" "
        "(«Братство Знамени», \"Bayroq birodarligi\", «Ту бауырластығы», «Туу бир туугандыгы», "
        "«Бародарии Парчам», \"Baýdak doganlygy\", «إخوة الراية», «برادری پرچم») — is fictional; "
        "so is the \"Ak-Tash video\" of 12 July 2026. Texts labelled `ve_support` are "
        "deliberately short, generic and schematic: no instructions, real slogans, real group "
        "names, handles, links or targets. Do not use this folder as evidence about any real "
        "person, group, place or event.")
    add("")
    add("Regenerate with `python scripts/build_sample_corpus.py`; do not edit the files by hand.")
    add("")
    add("## Files")
    add("")
    add("| file | format |")
    add("|---|---|")
    for f in files:
        if f.startswith("telegram/"):
            what = ("Telegram Desktop *full-account* JSON export: `personal_information` and "
                    "`contacts` (fake; importers must drop them) and `chats.list` with "
                    f"{sum(1 for s in SOURCES if s.platform == 'telegram')} chats")
        elif f.endswith("groups.getById.json"):
            what = "VK `groups.getById` response (subscriber counts in `members_count`)"
        elif "getComments" in f:
            what = "VK `wall.getComments` response (extended: `profiles`)"
        elif f.startswith("vk/"):
            what = "VK `wall.get` response (extended: `profiles`, `groups`), newest post first"
        elif f.endswith(".csv"):
            what = "generic CSV: `" + ",".join(CSV_COLUMNS) + "`"
        elif f.endswith("gold.jsonl"):
            what = "gold labels, one JSON object per post/comment (see below)"
        else:
            what = "this description"
        add(f"| `{f}` | {what} |")
    add("")
    add("## Sources")
    add("")
    rows: list[list[object]] = []
    for s in SOURCES:
        first = min((i.dt for i in items if i.src == s.key and i.dt), default=None)
        last = max((i.dt for i in items if i.src == s.key and i.dt), default=None)
        rows.append([s.platform, f"`{s.source_id}`", s.name, s.kind if s.platform != "vk" else
                     f"community `{s.screen_name}`", s.description,
                     f"{first.date() if first else ''} – {last.date() if last else ''}",
                     by_src[s.key]])
    add(table(["platform", "source_id", "name", "kind", "what it is", "first – last item",
               "gold items"], rows))
    add("")
    add("## Gold labels (`gold.jsonl`)")
    add("")
    add("One line per post and comment that has text: `{\"id\", \"text\", \"function\", "
        "\"narratives\", \"grievances\", \"lang\", \"script\"}`. Labels follow taxonomy v1 "
        "(`shared/taxonomy.md`): exactly one function, zero or more narratives and grievances. "
        "`lang` is the language of most words (code-switched Russian–Kazakh and Russian–Uzbek "
        "posts exist); `script` is `Cyrl`, `Latn` or `Arab`.")
    add("")
    add("`id` is `<platform>:<source_id>:<item_id>`:")
    add("")
    add("* `telegram:<chat id>:<message id>` (service messages, polls and media-only posts "
        "without text have no gold line);")
    add("* `vk:<owner_id>:<post id>` for posts and `vk:<owner_id>:<post id>_<comment id>` for "
        "comments. A VK repost has an empty `text` of its own and no gold line; the reposted "
        "original (`copy_history[0]`) has its gold line under its own owner and id — for the "
        "outside community `-2000099`, which appears only inside `copy_history`, too;")
    add("* `web:<source_id>:<item_id>` for the CSV rows.")
    add("")
    add("`text` is the text exactly as exported (Telegram entity lists concatenated, hashtags "
        "included; VK comment mentions such as `[id6100001|Бакыт]` left raw).")
    add("")
    add(f"### Totals: {n} gold items")
    add("")
    add(table(["platform", "items"], [[p, plats[p]] for p in ("telegram", "vk", "web")]))
    add("")
    add("### Per language")
    add("")
    rows = []
    for lang in LANG_ORDER:
        scripts = ", ".join(f"{sc} {lang_script[(lang, sc)]}" for sc in ("Cyrl", "Latn", "Arab")
                            if lang_script[(lang, sc)])
        rows.append([lang, langs[lang], scripts, short[lang], langs[lang] - short[lang]])
    rows.append(["**all**", n, "", sum(short.values()), n - sum(short.values())])
    add(table(["lang", "items", "scripts", "short (< 60 chars)", "longer"], rows))
    add("")
    add("### Per function")
    add("")
    add(table(["function", "items", "share"],
              [[f, funcs[f], f"{100 * funcs[f] / n:.1f} %"] for f in FUNCTION_ORDER]))
    add("")
    add("### Function × language")
    add("")
    fl = Counter((str(g["function"]), str(g["lang"])) for g in gold)
    add(table(["function", *LANG_ORDER],
              [[f, *[fl[(f, lang)] for lang in LANG_ORDER]] for f in FUNCTION_ORDER]))
    add("")
    add("### Narratives and grievances")
    add("")
    rows = []
    for label in list(NARRATIVES.values()) + list(GRIEVANCES.values()):
        kind = "narrative" if label in NARRATIVES.values() else "grievance"
        count = narr[label] if kind == "narrative" else griev[label]
        in_langs = sorted({str(g["lang"]) for g in gold
                           if label in g["narratives"] or label in g["grievances"]},
                          key=LANG_ORDER.index)
        rows.append([label, kind, count, ", ".join(in_langs)])
    add(table(["label", "kind", "items", "languages"], rows))
    add("")
    add(deliberate_features(corpus))
    return "\n".join(lines) + "\n"


def deliberate_features(corpus: Corpus) -> str:
    items = gold_items(corpus)
    out: list[str] = ["## Deliberate features", ""]
    add = out.append
    fwd = [i for i in corpus.items if i.fwd_from and i.gold_id]
    add("1. **Forwards between the corpus's Telegram chats** (`forwarded_from` / "
        "`forwarded_from_id` = `channel<id>`), mostly from the state-media-like channel "
        f"`{SOURCE_BY_KEY['T1'].name}` into local channels and the migrants' group: "
        + ", ".join(f"`{i.gold_id}`" for i in fwd) + ". One group message is forwarded from a "
        "private person (`forwarded_from_id` = `user<id>`).")
    reposts = [(w, o) for w, o in corpus.reposts]
    add("2. **VK reposts** (`copy_history`, empty own text): "
        + "; ".join(f"{SOURCE_BY_KEY[w.src].screen_name} reposts `{o.gold_id}`" for w, o in reposts)
        + ". The VK posts `" + "`, `".join(corpus.by_key[k].gold_id for k in ("v2_tg1", "v2_tg2"))
        + "` are copies of Telegram posts (\"Источник: Telegram-канал …\"), so Telegram-originated "
        "text travels Telegram → VK → VK.")
    dups = [i for i in corpus.items if i.origin.startswith("near-duplicate")]
    lines = []
    for d in dups:
        orig_key = d.origin.rsplit(" ", 1)[-1]
        lines.append(f"`{corpus.by_key[orig_key].gold_id}` → `{d.gold_id}` ({d.origin.split('(')[1].split(')')[0]})")
    add(f"3. **{len(dups)} near-duplicate reposts across sources and scripts** (Uzbek and Kazakh "
        "Cyrillic reposted in Latin script with varied apostrophes, Tajik Cyrillic reposted in "
        "Latin in the group, Russian posts reposted with minor edits): " + "; ".join(lines) + ".")
    t11 = [i for i in items if i.src == "T11" and i.dt]
    t12 = [i for i in items if i.src == "T12" and i.dt]
    add(f"4. **Vanished channel and successor**: `{SOURCE_BY_KEY['T11'].name}` posts from "
        f"{min(i.dt for i in t11 if i.dt).date()} to {max(i.dt for i in t11 if i.dt).date()} "
        "and then stops (its last posts announce blocking); "
        f"`{SOURCE_BY_KEY['T12'].name}` starts on {min(i.dt for i in t12 if i.dt).date()} and "
        "reposts lightly edited versions of T11's posts.")
    fab = sorted(i.dt for i in items if "fabrication" in i.narratives and i.dt)
    fab_langs = sorted({i.lang for i in items if "fabrication" in i.narratives},
                       key=LANG_ORDER.index)
    add(f"5. **A new narrative from mid-July**: after the fictional Ak-Tash video "
        f"({AK_TASH_VIDEO}), claims that the video was staged (`fabrication`, often with "
        f"`foreign_plot`) appear from {fab[0].date()} on — {len(fab)} items in "
        f"{len(fab_langs)} languages ({', '.join(fab_langs)}); no item before "
        f"{FABRICATION_FROM} carries `fabrication`. News items that describe the video or the "
        "staging claim without endorsing it are `reporting` with no narrative.")
    weeks = Counter(week_of(i.dt.date()) for i in items if i.dt)
    median = sorted(weeks.values())[len(weeks) // 2]
    b1 = week_of(WHEN_RANGES["b1"][0])
    akt = week_of(WHEN_RANGES["akt"][0])
    b1_src = Counter(i.src for i in items if i.dt and week_of(i.dt.date()) == b1)
    akt_src = Counter(i.src for i in items if i.dt and week_of(i.dt.date()) == akt)
    add(f"6. **Two bursts** (median week: {median} items): the week of {b1} has {weeks[b1]} "
        f"items, {b1_src['T12']} of them from the single source `{SOURCE_BY_KEY['T12'].name}`; "
        f"the week of {akt} has {weeks[akt]} items from {len(akt_src)} different sources "
        "reacting to the Ak-Tash video at once.")
    add(f"7. **State media forwarded locally**: `{SOURCE_BY_KEY['T1'].name}` "
        "(`1811000001`) posts official news, threat-minimising and threat-amplifying statements; "
        "its posts are forwarded into T2, T4, T6 and the group T13 and copied into VK.")
    add("8. **Hard cases** (the point of the set): news quoting or describing propaganda "
        "(`reporting`); counter-messaging that names the (fictional) group and sometimes "
        "adds a foreign-plot claim (`counter_messaging` + `foreign_plot`); strict but peaceful "
        "religious speech (music is haram, hijab is obligatory, no birthday celebrations) "
        "(`religious`); sermons on jihad as inner struggle or on the battle of Badr "
        "(`religious`) versus a sermon that makes fighting in Syria a duty of the listeners "
        "(`ve_support`); angry politics without violence (`political`); anger at beard and "
        "hijab bans (`political` + `religious_restrictions`); grief for relatives killed in "
        "Syria without praise (`other` + `injustice_abroad`); \"Jihad\" as a first name "
        "(Джихад, Jihod, Жиһад, Ҷиҳод, Жихад, Jyhad, جهاد); \"bomba\"/\"бомба\"/\"قنبلة\"/"
        "\"بمب\"/\"the bomb\" as slang for great; \"attack\" (атака, hujum, шабуыл, ҳамла, "
        "чабуул, hüjüm, هجوم, حمله) in football; a counter-strike game \"bomb\"; an innocent "
        "\"gather at 5 a.m., bring your equipment\" among workers; \"шахид/شهادت\" "
        "commemorating a political figure; VE-channel housekeeping posts (`other`); a VE "
        "channel pushing the staging claim to defend the group (`ve_support` + `fabrication`).")
    add("9. **Format details importers must handle**: Telegram `text` as plain strings and as "
        "entity lists (`bold`, `text_link`, `hashtag`, `mention`, `link`, `blockquote`); "
        "`edited`; post signatures (`author`, an individual); `reply_to_message_id`; "
        "`reactions`; `views`; photos, video files and PDF documents (only the photo files are "
        "included, see below); two polls; service messages (`create_channel`, `edit_group_photo`, "
        "`pin_message`, `join_group_by_link`); dates written in the exporting machine's local "
        "time (UTC+05:00) next to `date_unixtime`. VK: `signer_id` (a person), `copy_history`, "
        "photo attachments, `edited`, comment replies (`reply_to_user`, `reply_to_comment`) "
        "and raw `[id…|Name]` mentions. CSV: quoted text with commas, quotes and line "
        "breaks, ISO 8601 dates with +05:00 and +04:30 offsets, empty `author`.")
    out.append("")
    out.append("## Parts written by other scripts")
    out.append("")
    out.append(
        "- `tracker/` (`scripts/build_sample_tracker.py`): telegram-tracker's `msgs_dataset.csv` "
        "for four more fictional channels (ids 1811000021–24) and three dated copies of its "
        "`collected_chats.csv` (participant counts on 2026-09-01, 2026-10-01 and 2026-10-31; "
        "channel 23 renamed between the first two; channel 24 new in the second). Their posts "
        "link to and @mention channels that are not in the corpus (`t.me/migrant_yordam_markazi` "
        "from three channels, `@karvon_zaxira` from two, a YouTube handle from one): the "
        "discovery frontier. Channels 22, 23 and 24 post the same text, not as forwards, within "
        "minutes of each other on four occasions: a coordination signal. Two posts forward the "
        "state-media-like channel. No gold lines: none of these texts plays the part of VE "
        "support.")
    out.append(
        "- `telegram/photos/` (`scripts/build_sample_media.py`): schematic images (gradients and "
        "shapes) at the paths the Telegram export names; six pictures are re-posted across "
        "channels (re-encoded, resized, cropped by 1 % or brightened). `hash_list.csv`: a list of "
        "known hashes (`hash,type,label,source`) matching two of them, and two that match "
        "nothing.")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------
def dump_json(obj: object, indent: int) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent) + "\n"


def build() -> dict[str, str]:
    corpus = Corpus()
    corpus.build()
    gold: list[dict[str, Any]] = []
    info: dict[str, object] = {}
    outputs: dict[str, str] = {}
    outputs["telegram/result.json"] = dump_json(render_telegram(corpus, gold, info), 1)
    for name, payload in render_vk(corpus, gold).items():
        outputs[f"vk/{name}"] = dump_json(payload, 2)
    outputs["csv/web_sources.csv"] = render_csv(corpus, gold)
    outputs["gold.jsonl"] = "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold)
    validate(corpus, gold)
    files = [*sorted(outputs), "README.md"]
    outputs["README.md"] = render_readme(corpus, gold, files)
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    outputs = build()
    vk_dir = args.out / "vk"
    if vk_dir.is_dir():  # drop VK files of an earlier run whose names changed
        for stale in vk_dir.glob("*.json"):
            if f"vk/{stale.name}" not in outputs:
                stale.unlink()
    for rel, content in outputs.items():
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="\n")
    gold = [json.loads(line) for line in outputs["gold.jsonl"].splitlines()]
    print(f"wrote {len(outputs)} files to {args.out}: {len(gold)} gold items")
    for field_name in ("lang", "function"):
        counts = Counter(g[field_name] for g in gold)
        print(f"  {field_name}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    print("  platform: " + ", ".join(
        f"{k} {v}" for k, v in Counter(g["id"].split(":", 1)[0] for g in gold).most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
