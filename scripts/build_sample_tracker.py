#!/usr/bin/env python3
# ruff: noqa: E501
"""Build the telegram-tracker part of tyndau's SYNTHETIC sample corpus.

Writes ``src/tyndau/data/sample/tracker/``: ``msgs_dataset.csv`` (telegram-tracker's message
table, its real column order) and three dated copies of ``collected_chats.csv``
(``collected_chats_2026-09-01.csv`` …), as a researcher keeps them, so that participant counts
form a time series. Everything is invented: four fictional channels (ids 1811000021–24), their
posts, handles and counts. What the part is for (see the sample README):

* **Discovery frontier**: posts link to and @mention channels that are not in the corpus
  (``t.me/migrant_yordam_markazi`` from three channels, ``@karvon_zaxira`` from two,
  ``youtube.com/@ozodfikr_video`` from one), besides monitored ones (``vk.com/karvon_yoli``,
  ``caledger.example``).
* **Coordination signal**: three channels (22, 23, 24) post the same text — not forwards — within
  a few minutes of each other on four occasions; one of them also posts alone.
* **Forwards into new channels** from the state-media-like channel ``1811000001``.
* **Growth and a rename**: participant counts on three dates; channel 23 changes its title
  between the first and second snapshot; channel 24 appears in the second.

No text here plays the part of violent-extremist support. Deterministic: no randomness.

Usage::

    python scripts/build_sample_tracker.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "tyndau" / "data" / "sample" / "tracker"

# telegram-tracker's msgs_dataset_columns(), in its order
COLUMNS = [
    "signature", "channel_id", "channel_name", "msg_id", "message", "cleaned_message", "date",
    "msg_link", "msg_from_peer", "msg_from_id", "views", "number_replies", "number_forwards",
    "is_forward", "forward_msg_from_peer_type", "forward_msg_from_peer_id",
    "forward_msg_from_peer_name", "forward_msg_date", "forward_msg_date_string",
    "forward_msg_link", "is_reply", "reply_to_msg_id", "reply_msg_link", "contains_media",
    "media_type", "has_url", "url", "domain", "url_title", "url_description", "document_type",
    "document_id", "document_video_duration", "document_filename", "poll_id", "poll_question",
    "poll_total_voters", "poll_results", "contact_phone_number", "contact_name",
    "contact_userid", "geo_type", "lat", "lng", "venue_id", "venue_type", "venue_title",
    "venue_address", "venue_provider",
]
CHAT_COLUMNS = ["_", "id", "title", "username", "date", "broadcast", "megagroup", "verified",
                "restricted", "scam", "fake", "participants_count"]

CHANNELS = {
    21: ("yol_xabarlari", "Yo'l Xabarlari"),
    22: ("ozod_fikr_kanal", "Ozod Fikr"),
    23: ("haqiqat_sahifasi", "Haqiqat Sahifasi | Rasmiy"),  # renamed; see SNAPSHOTS
    24: ("vatan_sadosi_24", "Vatan Sadosi 24"),
}
STATE_MEDIA = ("1811000001", "Республика Сегодня | Официально")

# (date, {channel: (title, participants)})
SNAPSHOTS = [
    ("2026-09-01", {21: ("Yo'l Xabarlari", 12400), 22: ("Ozod Fikr", 3100),
                    23: ("Haqiqat Sahifasi", 2800)}),
    ("2026-10-01", {21: ("Yo'l Xabarlari", 12950), 22: ("Ozod Fikr", 5900),
                    23: ("Haqiqat Sahifasi | Rasmiy", 5600), 24: ("Vatan Sadosi 24", 4100)}),
    ("2026-10-31", {21: ("Yo'l Xabarlari", 13300), 22: ("Ozod Fikr", 9800),
                    23: ("Haqiqat Sahifasi | Rasmiy", 9100), 24: ("Vatan Sadosi 24", 8700)}),
]

# The same text posted by 22, 23 and 24 within minutes: (date, minute offsets per channel, text)
COPOSTS = [
    ("2026-09-14 07:02:00", {22: 0, 23: 3, 24: 6},
     "Chet el fondlari yana bizning ishimizga aralashmoqda: mitinglar ortida ular turibdi, deyishmoqda. Tarqating!"),
    ("2026-09-21 18:40:00", {22: 0, 23: 2, 24: 5},
     "Иностранные фонды снова вмешиваются в наши дела: за митингами стоят они. Поделитесь с друзьями!"),
    ("2026-10-05 06:15:00", {22: 1, 23: 0, 24: 4},
     "Mustaqil saytlar xorijdan pul olmoqda, ularning maqolalariga ishonmang. Hammaga yuboring!"),
    ("2026-10-19 20:05:00", {22: 0, 23: 4, 24: 7},
     "Независимые сайты получают деньги из-за рубежа, не верьте их статьям. Отправьте всем!"),
]

# Own posts: (channel, date, text, extra columns)
POSTS: list[tuple[int, str, str, dict[str, object]]] = [
    (21, "2026-09-02 08:00:00", "Migrantlar uchun yordam: ish va hujjatlar bo'yicha savollarga t.me/migrant_yordam_markazi kanalida javob berishadi.", {}),
    (21, "2026-09-05 09:30:00", "Toshkentda yangi avtobus yo'nalishlari ochildi, jadval shahar hokimligi saytida e'lon qilindi.", {}),
    (21, "2026-09-09 12:10:00", "Bloklangan Karvon Sadosi kanali nusxalari paydo bo'lmoqda: @karvon_zaxira kanali eski postlarni qayta tarqatmoqda, deb xabar berdi monitoring guruhi.", {}),
    (21, "2026-09-16 10:00:00", "Markaziy Osiyo bo'yicha tahlil: mehnat migratsiyasi va pul o'tkazmalari haqida yangi hisobot https://caledger.example/analysis/remittances-2026", {}),
    (21, "2026-09-24 07:45:00", "Ob-havo: hafta oxirigacha iliq kunlar kutilmoqda, tunda salqin bo'ladi.", {}),
    (21, "2026-10-08 11:20:00", "Rossiyadagi yurtdoshlar uchun huquqiy maslahat: t.me/migrant_yordam_markazi orqali bepul yozilish mumkin.", {}),
    (21, "2026-10-22 09:05:00", "VK'dagi Karvon Yo'li jamoasi haqida: vk.com/karvon_yoli sahifasi yana faollashdi, deb yozmoqda kuzatuvchilar.", {}),
    (22, "2026-09-03 19:00:00", "Ishchilar haqlarini talab qilish tinch yo'l bilan bo'lishi kerak. Savollaringiz bo'lsa t.me/migrant_yordam_markazi ga yozing.", {}),
    (22, "2026-09-27 17:30:00", "Yangi videomiz youtube.com/@ozodfikr_video kanalida: narxlar nega oshyapti?", {}),
    (22, "2026-10-12 16:00:00", "Цены на продукты выросли на треть за год, а зарплаты стоят на месте. Кто ответит?", {}),
    (23, "2026-09-04 13:00:00", "Migrantlar yordam markazi t.me/migrant_yordam_markazi yangi manzilga ko'chdi.", {}),
    (23, "2026-09-30 15:20:00", "Haqiqatni bilmoqchi bo'lsangiz, bizni kuzatib boring. Kanal nomi yangilandi.", {}),
    (24, "2026-09-18 10:00:00", "Kanalimiz ochildi! Yangiliklar va fikrlar har kuni. Do'stlaringizni taklif qiling.", {}),
    (24, "2026-10-02 21:10:00", "Eski kanal yopilgani aytilmoqda, yangisi @karvon_zaxira deb yozishmoqda. Biz bunday kanallar bilan bog'liq emasmiz.", {}),
]

# Forwards of the state-media-like channel's posts: (channel, date, original msg id, text)
FORWARDS = [
    (21, "2026-09-11 06:30:00", 71, "Правительство объявило о новых мерах поддержки семей трудовых мигрантов."),
    (22, "2026-10-15 08:10:00", 74, "МВД: в регионе усилены меры безопасности на время праздников."),
]


def _row(channel: int, msg_id: int, date: str, text: str, **extra: object) -> dict[str, object]:
    handle, _title = CHANNELS[channel]
    row: dict[str, object] = {c: "" for c in COLUMNS}
    cid = 1811000000 + channel
    row.update({
        "signature": f"msg_iteration.{msg_id}.user.{handle}.post.{msg_id}",
        "channel_id": cid, "channel_name": handle, "msg_id": msg_id, "message": text,
        "cleaned_message": " ".join(text.split()), "date": date + "+00:00",
        "msg_link": f"https://t.me/{handle}/{msg_id}", "msg_from_peer": "PeerChannel",
        "msg_from_id": cid, "views": 400 + 37 * msg_id + 11 * channel,
        "number_replies": 0, "number_forwards": msg_id % 7, "is_forward": 0, "is_reply": 0,
        "contains_media": 0, "has_url": 0,
    })
    row.update(extra)
    return row


def _add_minutes(date: str, minutes: int) -> str:
    from datetime import datetime, timedelta
    at = datetime.strptime(date, "%Y-%m-%d %H:%M:%S") + timedelta(minutes=minutes)
    return at.strftime("%Y-%m-%d %H:%M:%S")


def messages() -> list[dict[str, object]]:
    events: list[tuple[str, int, str, dict[str, object]]] = []
    for channel, date, text, extra in POSTS:
        events.append((date, channel, text, extra))
    for date, offsets, text in COPOSTS:
        for channel, minutes in offsets.items():
            events.append((_add_minutes(date, minutes), channel, text, {}))
    for channel, date, _original_id, text in FORWARDS:
        events.append((date, channel, text, {
            "is_forward": 1, "forward_msg_from_peer_type": "PeerChannel",
            "forward_msg_from_peer_id": STATE_MEDIA[0],
            "forward_msg_from_peer_name": STATE_MEDIA[1],
            "forward_msg_date": date + "+00:00"}))
    events.sort(key=lambda e: (e[1], e[0]))
    rows, next_id = [], dict.fromkeys(CHANNELS, 1)
    for date, channel, text, extra in events:
        rows.append(_row(channel, next_id[channel], date, text, **extra))
        next_id[channel] += 1
    return rows


def chats(date: str, snapshot: dict[int, tuple[str, int]]) -> list[dict[str, object]]:
    out = []
    for channel, (title, count) in sorted(snapshot.items()):
        out.append({"_": "Channel", "id": 1811000000 + channel, "title": title,
                    "username": CHANNELS[channel][0], "date": date + " 00:00:00+00:00",
                    "broadcast": True, "megagroup": False, "verified": False,
                    "restricted": False, "scam": False, "fake": False,
                    "participants_count": count})
    return out


def write_csv(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "msgs_dataset.csv", COLUMNS, messages())
    for date, snapshot in SNAPSHOTS:
        write_csv(args.out / f"collected_chats_{date}.csv", CHAT_COLUMNS, chats(date, snapshot))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
