"""Benchmark: ingest and analyse throughput and peak memory on a synthetic Telegram export.

    .venv/bin/python bench/ingest.py [--messages 1000000] [--workdir bench/out]

Generates a Telegram Desktop single-channel export (text as strings and as entity lists,
replies, forwards, reactions, media references, edits), then runs the real CLI in child
processes — ``tyndau ingest`` and ``tyndau analyse`` — and prints messages/s and each child's
peak resident memory (from wait4). Prints a second ingest of the same file (idempotent path) too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

SENTENCES = [
    "Суд приговорил двоих жителей к восьми годам заключения, сообщает пресс-служба",
    "Цены на муку снова выросли, семьи мигрантов не могут свести концы с концами",
    "Bugun juma namozi soat 13:00 da boʻladi, barchani taklif qilamiz",
    "Бүгін Алматыда ауа райы жылы болады деп күтілуде",
    "Мигранттар патент үчүн көп акча төлөшөт, иш таппай жатышат",
    "Имрӯз дар шаҳр нархи гӯшт боз баланд шуд",
    "Ýaşlar üçin täze iş orunlary açylýar diýip habar berildi",
    "الصلاة في وقتها من أحب الأعمال إلى الله",
    "امروز جلسه شورای شهر درباره بیکاری جوانان برگزار شد",
    "Police said the suspects were detained after a long investigation",
    "Скидки на телефоны и ноутбуки до конца недели!",
    "Это не ислам: не верьте вербовщикам в интернете, берегите детей",
]


def generate(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    t0 = 1_700_000_000
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{\n "name": "Bench channel",\n "type": "public_channel",\n "id": 1234567,\n'
                 ' "messages": [\n')
        for i in range(1, n + 1):
            when = t0 + i * 37
            text = " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
            msg: dict = {"id": i, "type": "message",
                         "date": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(when)),
                         "date_unixtime": str(when), "from": "Bench channel",
                         "from_id": "channel1234567"}
            r = rng.random()
            if r < 0.3:
                msg["text"] = [text, {"type": "hashtag", "text": "#news"}, " ",
                               {"type": "link", "text": "https://example.org/a"}]
            else:
                msg["text"] = text
            msg["text_entities"] = []
            if r < 0.1:
                msg["reply_to_message_id"] = max(1, i - rng.randint(1, 50))
            if 0.1 <= r < 0.2:
                msg["forwarded_from"] = "Other channel"
                msg["forwarded_from_id"] = f"channel{rng.randint(1, 500)}"
            if rng.random() < 0.3:
                msg["reactions"] = [{"type": "emoji", "count": rng.randint(1, 90), "emoji": "👍"}]
            if rng.random() < 0.2:
                msg.update(photo=f"photos/photo_{i}.jpg", photo_file_size=40000, width=640,
                           height=480)
            if rng.random() < 0.5:
                msg["edited_unixtime"] = str(when + 60)
            fh.write("  " + json.dumps(msg, ensure_ascii=False))
            fh.write(",\n" if i < n else "\n")
        fh.write(" ]\n}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--workdir", type=Path, default=Path("bench/out"))
    ap.add_argument("--skip-analyse", action="store_true")
    a = ap.parse_args()
    a.workdir.mkdir(parents=True, exist_ok=True)
    export = a.workdir / f"telegram-{a.messages}.json"
    if not export.exists():
        t = time.perf_counter()
        generate(export, a.messages)
        print(f"generated {export} ({export.stat().st_size / 1e6:,.0f} MB, "
              f"{a.messages:,} messages) in {time.perf_counter() - t:.1f} s")
    db = a.workdir / "bench.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    env = {**os.environ, "TYNDAU_KEY_FILE": str(a.workdir / "bench.key")}
    tyndau = [sys.executable, "-m", "tyndau.cli.main"]
    print(f"{'step':<22}{'seconds':>10}{'messages/s':>14}{'peak RSS MB':>14}")
    for label, args in [("ingest", ["ingest", str(export), "--db", str(db)]),
                        ("ingest again (no-op)", ["ingest", str(export), "--db", str(db)])]:
        secs, rss, _ = run_child_wait(tyndau + args, env)
        print(f"{label:<22}{secs:>10.1f}{a.messages / secs:>14,.0f}{rss:>14,.0f}")
    if not a.skip_analyse:
        secs, rss, _ = run_child_wait([*tyndau, "analyse", "--db", str(db)], env)
        print(f"{'analyse':<22}{secs:>10.1f}{a.messages / secs:>14,.0f}{rss:>14,.0f}")
    print(f"store file: {db.stat().st_size / 1e6:,.0f} MB; cores: {os.cpu_count()}")


def run_child_wait(args: list[str], env: dict) -> tuple[float, float, str]:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            stdin=subprocess.DEVNULL)
    # wait4 gives this child's own peak memory (not the maximum over all children)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(args)}\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out


if __name__ == "__main__":
    main()
