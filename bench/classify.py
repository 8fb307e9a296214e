"""Benchmark: ``tyndau classify`` throughput and peak memory, with and without embeddings.

    .venv/bin/python bench/classify.py [--posts 100000] [--embedding-posts 3000]
                                       [--processes 2] [--workdir bench/out]

Posts: 1–3 sentences drawn (with a fixed seed) from the texts of the built-in training corpus
and the sample gold, in the same language, with one word in five re-spelled (a letter swapped
or doubled), so that the vocabulary keeps growing as it does in real channels rather than
repeating a few hundred texts. Only speed is measured here, never accuracy.

Runs the real CLI in child processes and prints posts/s and the peak resident memory of the
command and its workers (from wait4). The embedding run (``--embeddings uncertain``: sentence
embeddings for the items the fast model is unsure of) is measured on ``--embedding-posts``
posts, since it runs at tens of posts per second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pool() -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = defaultdict(list)
    files = [*sorted((ROOT / "src/tyndau/data/train").glob("function_*.jsonl")),
             ROOT / "src/tyndau/data/sample/gold.jsonl"]
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                by_lang[row.get("lang") or "und"].append(row["text"])
    return by_lang


def respell(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def generate(path: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    by_lang = pool()
    langs = sorted(by_lang)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            texts = by_lang[rng.choice(langs)]
            words = " ".join(rng.choice(texts) for _ in range(rng.randint(1, 3))).split()
            words = [respell(w, rng) if rng.random() < 0.2 else w for w in words]
            out.write(json.dumps({"id": i, "text": " ".join(words)}, ensure_ascii=False) + "\n")


def run_classify(src: Path, dst: Path, processes: int, embeddings: str) -> tuple[float, int]:
    cmd = [sys.executable, "-m", "tyndau.cli.main", "classify", "--input", str(src),
           "--output", str(dst), "--processes", str(processes), "--embeddings", embeddings]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"tyndau classify failed: {' '.join(cmd)}")
    # the largest of the command and its workers (which it waited for), in KiB
    return seconds, usage.ru_maxrss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--embedding-posts", type=int, default=3_000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out")
    a = ap.parse_args()
    a.workdir.mkdir(parents=True, exist_ok=True)
    src = a.workdir / f"classify-{a.posts}.jsonl"
    if not src.exists():
        generate(src, a.posts)
    small = a.workdir / f"classify-{a.embedding_posts}.jsonl"
    if not small.exists():
        generate(small, a.embedding_posts, seed=12)
    print(f"tyndau classify, {a.processes} processes, on {os.cpu_count()} cores")
    for label, path, n, embeddings in (("default (no embeddings)", src, a.posts, "off"),
                                       ("with embeddings for uncertain items", small,
                                        a.embedding_posts, "uncertain")):
        seconds, peak_kb = run_classify(path, a.workdir / "classify-out.jsonl", a.processes,
                                        embeddings)
        consulted = sum("sentence embeddings" in line for line in
                        (a.workdir / "classify-out.jsonl").open(encoding="utf-8"))
        print(f"{label}: {n:,} posts in {seconds:.1f} s = {n / seconds:,.0f} posts/s "
              f"(including start-up); peak RSS {peak_kb / 1024:,.0f} MB; embeddings consulted "
              f"for {consulted:,} posts")


if __name__ == "__main__":
    main()
