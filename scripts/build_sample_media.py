#!/usr/bin/env python3
"""Write the SYNTHETIC images of tyndau's sample corpus, and a sample hash list.

Every picture is schematic: a colour gradient with a few abstract geometric shapes (no text, no
symbols, no people, no real imagery), at most 320 pixels on a side, JPEG quality 85, a few KB.
They are written at the paths the Telegram export's photo messages name
(``telegram/photos/…``), so ``tyndau media hash`` has files to hash beside the export.

Most pictures are unique. Six are re-used across channels the way reposts are: the same file
copied, re-encoded at a lower JPEG quality, resized, slightly cropped or brightened
(:data:`REUSE`), so ``tyndau media clusters`` finds images spread across sources.

``hash_list.csv`` (header ``hash,type,label,source``) lists entries for two of the re-used
pictures (A and B) and two entries that match nothing in the corpus.

Deterministic (fixed seed): running twice writes the same files. Usage::

    python scripts/build_sample_media.py [--out src/tyndau/data/sample]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from tyndau.analysis.media import ImageHashes, hamming_hex, hash_image_bytes

SEED = 20260301
LONG_SIDE = 176
BLUR = 1.0  # soft edges: smaller files, as a re-compressed photo has
QUALITY = 85
SAMPLE = Path(__file__).resolve().parents[1] / "src" / "tyndau" / "data" / "sample"
LIST_SOURCE = "tyndau sample (synthetic)"

#: Re-used pictures: (Telegram chat id, message id, how the copy differs from the original).
#: The original is the earliest of the messages.
REUSE: dict[str, list[tuple[int, int, str]]] = {
    "A": [(1811000011, 20, "original"), (1811000012, 43, "quality 55"),
          (1811000011, 36, "copy"), (1811000012, 15, "crop")],
    "B": [(1811000011, 19, "original"), (1811000012, 27, "resize"),
          (1811000012, 39, "brighten"), (1811000011, 30, "quality 60")],
    "C": [(1811000010, 2, "original"), (1811000004, 2, "quality 60"),
          (1811000007, 9, "resize")],
    "D": [(1811000006, 29, "original"), (1811000002, 37, "crop"),
          (1811000001, 47, "quality 70"), (1811000004, 35, "copy"),
          (1811000009, 35, "resize")],
    "E": [(1811000001, 28, "original"), (1811000004, 23, "resize"),
          (1811000007, 19, "brighten")],
    "F": [(1811000009, 2, "original"), (1811000002, 30, "quality 60"),
          (1811000008, 32, "resize"), (1811000006, 49, "crop")],
}

# Distinct pictures must lie far apart; re-used copies close (thresholds: PDQ 31, pHash 10).
MIN_APART = {"pdq": 80, "phash": 20, "dhash": 18}
MAX_VARIANT = {"pdq": 31, "phash": 10}


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def picture(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A gradient background with 4–8 abstract shapes."""
    w, h = size
    c1, c2 = np.array(_colour(rng), float), np.array(_colour(rng), float)
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:h, 0:w]
    t = (xx / w) * np.cos(angle) + (yy / h) * np.sin(angle)
    t = (t - t.min()) / max(float(np.ptp(t)), 1e-9)
    arr = c1[None, None, :] * (1 - t[..., None]) + c2[None, None, :] * t[..., None]
    img = Image.fromarray(arr.round().astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randint(4, 8)):
        kind = rng.choice(("ellipse", "rectangle", "triangle", "stripe", "ring"))
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        r = rng.uniform(0.08, 0.35) * min(w, h)
        fill = _colour(rng)
        if kind == "ellipse":
            draw.ellipse((cx - r, cy - r * rng.uniform(0.5, 1.2), cx + r,
                          cy + r * rng.uniform(0.5, 1.2)), fill=fill)
        elif kind == "rectangle":
            draw.rectangle((cx - r, cy - r * 0.7, cx + r * 0.8, cy + r), fill=fill)
        elif kind == "triangle":
            pts = [(cx + r * np.cos(a), cy + r * np.sin(a))
                   for a in (rng.uniform(0, 6.3) + k * 2.1 for k in range(3))]
            draw.polygon(pts, fill=fill)
        elif kind == "stripe":
            width = max(4, int(r / 3))
            draw.line((rng.uniform(0, w), 0, rng.uniform(0, w), h), fill=fill, width=width)
        else:
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=fill,
                         width=max(3, int(r / 5)))
    return img.filter(ImageFilter.GaussianBlur(BLUR))


def jpeg(img: Image.Image, quality: int = QUALITY) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def variant(original: bytes, how: str) -> bytes:
    """A repost of ``original``: the same bytes, re-encoded, resized, cropped or brightened."""
    if how in ("original", "copy"):
        return original
    img = Image.open(io.BytesIO(original)).convert("RGB")
    w, h = img.size
    if how.startswith("quality "):
        return jpeg(img, int(how.split()[1]))
    if how == "resize":
        return jpeg(img.resize((round(w * 0.7), round(h * 0.7)), Image.Resampling.LANCZOS), 80)
    if how == "crop":
        dx, dy = max(1, round(w * 0.01)), max(1, round(h * 0.01))
        return jpeg(img.crop((dx, dy, w - dx, h - dy)))
    if how == "brighten":
        return jpeg(ImageEnhance.Brightness(img).enhance(1.1))
    raise ValueError(how)


def size_for(msg: dict) -> tuple[int, int]:
    w, h = msg.get("width") or 4, msg.get("height") or 3
    scale = LONG_SIDE / max(w, h)
    return max(16, round(w * scale)), max(16, round(h * scale))


def far_apart(h: ImageHashes, accepted: list[ImageHashes]) -> bool:
    if h.pdq_quality < 70:
        return False
    return all(hamming_hex(getattr(h, k), getattr(o, k)) >= v
               for o in accepted for k, v in MIN_APART.items())


def close(base: ImageHashes, data: bytes) -> bool:
    h = hash_image_bytes(data)
    return all(hamming_hex(getattr(h, k), getattr(base, k)) <= v for k, v in MAX_VARIANT.items())


def build(out: Path) -> dict[str, object]:
    export = out / "telegram"
    doc = json.loads((export / "result.json").read_text(encoding="utf-8"))
    photos: dict[tuple[int, int], dict] = {}
    for chat in doc["chats"]["list"]:
        for msg in chat.get("messages", []):
            if isinstance(msg.get("photo"), str):
                photos[(chat["id"], msg["id"])] = msg
    reused = {(c, m): (name, how) for name, uses in REUSE.items() for c, m, how in uses}
    for key in reused:
        if key not in photos:
            raise SystemExit(f"message {key} has no photo in {export / 'result.json'}")
    rng = random.Random(SEED)
    accepted: list[ImageHashes] = []
    originals: dict[str, tuple[bytes, ImageHashes]] = {}

    def fresh(size: tuple[int, int], reposts: tuple[str, ...] = ()) -> tuple[bytes, ImageHashes]:
        """A new picture far from all others, whose reposts stay within the thresholds."""
        while True:
            data = jpeg(picture(rng, size))
            h = hash_image_bytes(data)
            if far_apart(h, accepted) and all(close(h, variant(data, how)) for how in reposts):
                accepted.append(h)
                return data, h

    # Originals of the re-used pictures first, so that their seeds do not depend on the rest.
    for name, uses in REUSE.items():
        c, m, _ = uses[0]
        originals[name] = fresh(size_for(photos[(c, m)]), tuple(how for _, _, how in uses))
    written = {}
    for key, msg in photos.items():
        if key in reused:
            name, how = reused[key]
            data = variant(originals[name][0], how)
        else:
            data, _ = fresh(size_for(msg))
        target = export / msg["photo"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written[msg["photo"]] = len(data)
    a, b = originals["A"], originals["B"]
    noise = random.Random(SEED + 1)
    rows = [
        (a[1].pdq, "pdq", "schematic test image A", LIST_SOURCE),
        (a[1].sha256, "sha256", "schematic test image A", LIST_SOURCE),
        (b[1].phash, "phash", "schematic test image B", LIST_SOURCE),
        (f"{noise.getrandbits(256):064x}", "pdq", "schematic test image Y (not in the corpus)",
         LIST_SOURCE),
        (f"{noise.getrandbits(64):016x}", "dhash", "schematic test image Z (not in the corpus)",
         LIST_SOURCE),
    ]
    with open(out / "hash_list.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("hash", "type", "label", "source"))
        writer.writerows(rows)
    return {"images": len(written), "bytes": sum(written.values()),
            "largest": max(written.values()), "re-used pictures": len(REUSE),
            "distinct pictures": len(accepted)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=SAMPLE,
                        help="the sample corpus folder (holds telegram/result.json)")
    args = parser.parse_args(argv)
    summary = build(args.out)
    print(", ".join(f"{k}: {v:,}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
