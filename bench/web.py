"""Benchmark: workbench latency under 8 concurrent clients on a store of 1,000,000 items.

    .venv/bin/python bench/web.py [--items 1000000] [--clients 8] [--seconds 20]

Builds (once, cached under bench/out/) a store of synthetic analysed items — texts drawn from a
pool of posts in the region's languages with their real normalised text and match key, function
labels for every item and narratives for some, 2,000 sources, two years of dates — written
straight into the tables (the import and analysis pipeline is measured by bench/ingest.py).
Then starts ``tyndau serve`` in a child process, logs 8 clients in (analyst role) and has each
request, in turn, the overview API, a filtered item list (a language, a function, a month) and
a search (one word, Latin query for Cyrillic text), and prints p50/p95/p99 latency per request
kind and requests per second over the whole run, and the server's peak memory.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
POSTS = [
    ("ru", "Цены на муку снова выросли, семьи мигрантов не могут свести концы с концами"),
    ("ru", "Суд приговорил двоих жителей к восьми годам заключения за репосты"),
    ("uz", "Bugun juma namozi soat 13:00 da boʻladi, barchani taklif qilamiz"),
    ("uz", "Наманганда ёлловчи гумонланувчи қўлга олинди"),
    ("kk", "Бүгін Алматыда ауа райы жылы болады деп күтілуде"),
    ("ky", "Мигранттар патент үчүн көп акча төлөшөт, иш таппай жатышат"),
    ("tg", "Имрӯз дар шаҳр нархи гӯшт боз баланд шуд"),
    ("tk", "Ýaşlar üçin täze iş orunlary açylýar diýip habar berildi"),
    ("ar", "الصلاة في وقتها من أحب الأعمال إلى الله"),
    ("en", "Police said the suspects were detained after a long investigation"),
    ("ru", "Это не ислам: не верьте вербовщикам в интернете, берегите детей"),
    ("ru", "Караван идёт дальше, канал заблокирован, подписывайтесь на новый"),
]
FUNCTIONS = ["reporting", "political", "religious", "other", "counter_messaging", "ve_support"]
NARRATIVES = ["muslim_persecution", "state_failure", "foreign_plot", "belonging_utopia"]


def build_store(path: Path, n: int, seed: int = 5) -> None:
    from tyndau.schema import Annotation, Item, ItemText, Source
    from tyndau.schema.columns import arrow_schema
    from tyndau.store import Store
    from tyndau.store.item_index import refresh_item_index
    from tyndau.text.normalise import normalise
    from tyndau.text.scripts import detect_script, match_key

    rng = np.random.default_rng(seed)
    n_sources = 2000
    pool = [(lang, text, normalise(text), match_key(normalise(text)), detect_script(text))
            for lang, text in POSTS]
    pick = rng.integers(0, len(pool), n)
    src = rng.integers(0, n_sources, n)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    seconds = np.sort(rng.integers(0, 730 * 86400, n))
    keys = [f"telegram:{1000 + s}:{i}" for i, s in enumerate(src.tolist())]
    when = [start + timedelta(seconds=int(x)) for x in seconds]

    def table(record: type, columns: dict) -> pa.Table:
        schema = arrow_schema(record)
        rows = len(next(iter(columns.values())))
        arrays = [columns[f.name] if f.name in columns else pa.nulls(rows, f.type)
                  for f in schema]
        return pa.Table.from_arrays(arrays, schema=schema)

    with Store(path) as store, store.transaction():
        store.insert_arrow_new(Source, table(Source, {
            "source_key": pa.array([f"telegram:{1000 + s}" for s in range(n_sources)]),
            "platform": pa.array(["telegram"] * n_sources),
            "source_id": pa.array([str(1000 + s) for s in range(n_sources)]),
            "kind": pa.array(["channel"] * n_sources),
            "title": pa.array([f"Channel {s}" for s in range(n_sources)])}))
        for lo in range(0, n, 200_000):
            hi = min(n, lo + 200_000)
            idx = pick[lo:hi]
            store.insert_arrow_new(Item, table(Item, {
                "item_key": pa.array(keys[lo:hi]), "platform": pa.array(["telegram"] * (hi - lo)),
                "source_key": pa.array([f"telegram:{1000 + s}" for s in src[lo:hi].tolist()]),
                "item_id": pa.array([str(i) for i in range(lo, hi)]),
                "kind": pa.array(["post"] * (hi - lo)),
                "published_at": pa.array(when[lo:hi], pa.timestamp("us", tz="UTC")),
                "text": pa.array([pool[i][1] for i in idx.tolist()]),
                "views": pa.array(rng.integers(10, 50_000, hi - lo)),
                "origin_format": pa.array(["bench"] * (hi - lo)),
                "origin_file": pa.array(["bench"] * (hi - lo))}))
            store.insert_arrow_new(ItemText, table(ItemText, {
                "item_key": pa.array(keys[lo:hi]), "run_id": pa.array(["bench"] * (hi - lo)),
                "text_norm": pa.array([pool[i][2] for i in idx.tolist()]),
                "match_key": pa.array([pool[i][3] for i in idx.tolist()]),
                "script": pa.array([pool[i][4] for i in idx.tolist()]),
                "lang": pa.array([pool[i][0] for i in idx.tolist()]),
                "lang_score": pa.array([0.99] * (hi - lo)),
                "code_switch": pa.array([False] * (hi - lo))}))
            fn = rng.integers(0, len(FUNCTIONS), hi - lo)
            store.insert_arrow_new(Annotation, table(Annotation, {
                "item_key": pa.array(keys[lo:hi]), "axis": pa.array(["function"] * (hi - lo)),
                "label": pa.array([FUNCTIONS[f] for f in fn.tolist()]),
                "score": pa.array(rng.uniform(0.4, 1.0, hi - lo)),
                "stage": pa.array(["bench"] * (hi - lo)),
                "run_id": pa.array(["bench"] * (hi - lo))}))
            some = np.flatnonzero(rng.random(hi - lo) < 0.1)
            store.insert_arrow_new(Annotation, table(Annotation, {
                "item_key": pa.array([keys[lo + int(j)] for j in some]),
                "axis": pa.array(["narrative"] * len(some)),
                "label": pa.array([NARRATIVES[int(j) % 4] for j in some]),
                "score": pa.array(rng.uniform(0.5, 1.0, len(some))),
                "stage": pa.array(["bench"] * len(some)),
                "run_id": pa.array(["bench"] * len(some))}))
    with Store(path) as store:
        refresh_item_index(store)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


REQUESTS = {
    "overview": ("/api/v1/overview", {}),
    "item list": ("/api/v1/items", {"lang": "ru", "function": "political",
                                    "since": "2026-03-01", "until": "2026-04-01", "limit": 50}),
    "search": ("/api/v1/items", {"q": "migrant", "limit": 50}),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / f"web-{args.items}.duckdb"
    if not db.exists():
        t = time.perf_counter()
        build_store(db.with_suffix(".tmp"), args.items)
        db.with_suffix(".tmp").rename(db)
        print(f"built a store of {args.items:,} items in {time.perf_counter() - t:.0f} s → {db}")
    env = {**os.environ, "TYNDAU_PASSWORD": "bench password 123"}
    subprocess.run([sys.executable, "-m", "tyndau.cli.main", "user", "add", "bench", "--role",
                    "analyst", "--db", str(db)], env=env, capture_output=True,
                   stdin=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tyndau.cli.main", "serve", "--db", str(db),
                               "--port", str(port)], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        latencies: dict[str, list[float]] = {k: [] for k in REQUESTS}
        errors: list[str] = []
        stop = time.monotonic() + args.seconds
        lock = threading.Lock()

        def client(number: int) -> None:
            rng = random.Random(number)
            with httpx.Client(base_url=base, timeout=60) as c:
                c.post("/api/v1/session", json={"username": "bench",
                                                "password": "bench password 123"})
                kinds = list(REQUESTS)
                while time.monotonic() < stop:
                    kind = rng.choice(kinds)
                    path, params = REQUESTS[kind]
                    t0 = time.perf_counter()
                    r = c.get(path, params=params)
                    dt = time.perf_counter() - t0
                    with lock:
                        if r.status_code == 200:
                            latencies[kind].append(dt)
                        else:
                            errors.append(f"{kind}: {r.status_code} {r.text[:100]}")

        # warm-up: one of each
        with httpx.Client(base_url=base, timeout=60) as c:
            c.post("/api/v1/session", json={"username": "bench", "password": "bench password 123"})
            for path, params in REQUESTS.values():
                c.get(path, params=params)
        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    total = sum(len(v) for v in latencies.values())
    print(f"\nworkbench API, {args.items:,} items, {args.clients} concurrent clients, "
          f"{wall:.0f} s, 2 cores")
    print(f"  {'request':12} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, values in latencies.items():
        if not values:
            continue
        q = statistics.quantiles(values, n=100) if len(values) > 1 else [values[0]] * 99
        print(f"  {kind:12} {len(values):6d} {1000 * statistics.median(values):8.0f} "
              f"{1000 * q[94]:8.0f} {1000 * q[98]:8.0f}")
    print(f"  throughput: {total / wall:.1f} requests/s; errors: {len(errors)}")
    for e in errors[:5]:
        print("   ", e)


if __name__ == "__main__":
    main()
