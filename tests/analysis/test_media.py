"""Media hashes: real images, real stores, real hostile paths and files; no mocks."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import struct
import zlib
from pathlib import Path

import numpy as np
import orjson
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageEnhance
from tests.conftest import table_counts

from tyndau.analysis.media import (
    UnreadableImage,
    check_hex,
    hamming_hex,
    hash_image_bytes,
    hex_to_words,
    pairs_within,
    pdq_hex,
    telegram_export_sources,
)
from tyndau.cli.demo import sample_dir
from tyndau.cli.media import command
from tyndau.errors import InputError
from tyndau.schema import Item
from tyndau.services.media import hash_media, import_hash_list, match_hash_list, media_clusters
from tyndau.store import Store

TELEGRAM = sample_dir() / "telegram"
HASH_LIST = sample_dir() / "hash_list.csv"

#: The pictures the sample corpus re-uses across channels (scripts/build_sample_media.py),
#: first-seen item first.
REUSED = {
    "A": ["telegram:1811000011:20", "telegram:1811000011:36", "telegram:1811000012:15",
          "telegram:1811000012:43"],
    "B": ["telegram:1811000011:19", "telegram:1811000011:30", "telegram:1811000012:27",
          "telegram:1811000012:39"],
    "C": ["telegram:1811000010:2", "telegram:1811000004:2", "telegram:1811000007:9"],
    "D": ["telegram:1811000006:29", "telegram:1811000002:37", "telegram:1811000001:47",
          "telegram:1811000004:35", "telegram:1811000009:35"],
    "E": ["telegram:1811000001:28", "telegram:1811000004:23", "telegram:1811000007:19"],
    "F": ["telegram:1811000009:2", "telegram:1811000002:30", "telegram:1811000008:32",
          "telegram:1811000006:49"],
}


@pytest.fixture
def sample(sample_db: Path, tmp_path: Path):
    path = tmp_path / "s.duckdb"
    shutil.copy(sample_db, path)
    with Store(path) as s:
        yield s


@pytest.fixture
def hashed(sample: Store) -> Store:
    hash_media(sample, [TELEGRAM])
    return sample


# -- images made in the tests -------------------------------------------------------------------
def picture(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """A photo-like test image: a smooth random field with a few shapes on it."""
    rng = np.random.default_rng(seed)
    w, h = size
    low = Image.fromarray((rng.random((6, 8, 3)) * 255).astype(np.uint8), "RGB")
    img = low.resize((w, h), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(img)
    for _ in range(5):
        x, y = rng.integers(0, w), rng.integers(0, h)
        r = int(rng.integers(15, 60))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    return img


def jpeg(img: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def add_items(store: Store, *refs: str | list[str], origin_file: str = "result.json",
              source: str = "telegram:99", origin_format: str = "telegram-desktop") -> None:
    """One item of ``source`` per ``refs`` entry, each naming the given media file(s)."""
    items = []
    for n, ref in enumerate(refs):
        files = ref if isinstance(ref, list) else [ref]
        media = json.dumps([{"type": "file" if f.endswith((".mp4", ".pdf")) else "photo",
                             "file": f} for f in files])
        items.append(Item(item_key=f"{source}:{n}", platform=source.split(":")[0],
                          source_key=source, item_id=str(n), kind="post", media=media,
                          origin_format=origin_format, origin_file=origin_file))
    with store.transaction():
        store.insert_new(Item, items)


def export_file(folder: Path, *chat_ids: int | str, name: str = "result.json",
                left: tuple[int | str, ...] = ()) -> Path:
    """A Telegram Desktop export file in ``folder``: a single chat for one id, else a full-account
    export (``chats.list``, and ``left_chats.list`` for ``left``)."""
    folder.mkdir(parents=True, exist_ok=True)

    def chat(cid: int | str) -> dict:
        return {"name": f"chat {cid}", "type": "public_channel", "id": cid,
                "messages": [{"id": 1, "type": "message", "date": "2026-01-01T00:00:00",
                              "text": "x", "photo": "photos/x.jpg"}]}

    if len(chat_ids) == 1 and not left:
        body = chat(chat_ids[0])
    else:
        body = {"about": "x", "personal_information": {"user_id": 5, "first_name": "Me"},
                "chats": {"about": "y", "list": [chat(c) for c in chat_ids]},
                "left_chats": {"about": "z", "list": [chat(c) for c in left]}}
    path = folder / name
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


# -- hashing the sample corpus ------------------------------------------------------------------
def test_hashes_the_sample_images_and_a_rerun_adds_nothing(sample: Store) -> None:
    expected = {}
    for key, media in sample.query("SELECT item_key, media FROM item WHERE media IS NOT NULL"):
        for m in json.loads(media):
            if m.get("type") == "photo" and (TELEGRAM / m.get("file", "-")).is_file():
                expected[(key, m["file"])] = m
    assert len(expected) >= 100
    report = hash_media(sample, [TELEGRAM])
    assert report["hashed"] == report["new"] == report["images"] == len(expected)
    assert report["missing"] == report["refused"] == report["unreadable"] == 0
    assert report["no_export_folder"] == 0 and report["warnings"] == []
    assert report["export_files"] == [{"file": os.path.realpath(TELEGRAM / "result.json"),
                                      "sources": 13}]
    assert report["not_image"] > 0  # the export's videos and PDFs are not images
    rows = sample.query("SELECT item_key, file, sha256, pdq, pdq_quality, phash, dhash, width, "
                        "height, run_id FROM media_hash")
    assert {(r[0], r[1]) for r in rows} == set(expected)
    for key, file, sha, pdq, quality, phash, dhash, width, height, run_id in rows:
        data = (TELEGRAM / file).read_bytes()
        assert sha == hashlib.sha256(data).hexdigest() == expected[(key, file)]["sha256"]
        assert len(pdq) == 64 and len(phash) == len(dhash) == 16 and 0 <= quality <= 100
        with Image.open(io.BytesIO(data)) as img:
            assert (width, height) == img.size
        assert run_id == report["run_id"]
    assert sample.query("SELECT kind, status FROM run WHERE run_id = ?",
                        [report["run_id"]]) == [("media", "done")]
    before = table_counts(sample)
    again = hash_media(sample, [TELEGRAM])
    assert again["new"] == again["hashed"] == 0
    assert again["already_stored"] == len(expected)
    assert table_counts(sample) == before


def test_parallel_hashing_gives_the_same_hashes(sample_db: Path, tmp_path: Path) -> None:
    out = []
    for workers in (1, 2):
        path = tmp_path / f"w{workers}.duckdb"
        shutil.copy(sample_db, path)
        with Store(path) as s:
            hash_media(s, [TELEGRAM], workers=workers)
            out.append(s.query("SELECT item_key, file, sha256, pdq, pdq_quality, phash, dhash "
                               "FROM media_hash ORDER BY ALL"))
    assert out[0] == out[1] and len(out[0]) > 100


def test_pdq_hex_is_written_most_significant_bit_first() -> None:
    rng = np.random.default_rng(7)
    bits = rng.integers(0, 2, 256)
    reference = f"{int(''.join(str(b) for b in bits), 2):064x}"  # as ThreatExchange converts
    assert pdq_hex(bits) == reference


def test_reposted_copies_stay_within_the_thresholds_and_distinct_images_do_not() -> None:
    original = jpeg(picture(1))
    base = hash_image_bytes(original)
    img = Image.open(io.BytesIO(original)).convert("RGB")
    copies = {
        "re-encoded at quality 50": jpeg(img, 50),
        "resized to half": jpeg(img.resize((160, 120), Image.Resampling.LANCZOS)),
        "brightened": jpeg(ImageEnhance.Brightness(img).enhance(1.1)),
        "as PNG": png(img),
    }
    for how, data in copies.items():
        h = hash_image_bytes(data)
        assert h.sha256 != base.sha256, how
        assert hamming_hex(h.pdq, base.pdq) <= 31, how
        assert hamming_hex(h.phash, base.phash) <= 10, how
    for seed in range(2, 8):
        other = hash_image_bytes(jpeg(picture(seed)))
        assert hamming_hex(other.pdq, base.pdq) > 31
        assert hamming_hex(other.phash, base.phash) > 10


def test_gif_first_frame_and_webp_are_hashed() -> None:
    frames = [picture(3), picture(4)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    gif = hash_image_bytes(buf.getvalue())
    first = hash_image_bytes(png(frames[0]))
    assert hamming_hex(gif.pdq, first.pdq) <= 31
    buf = io.BytesIO()
    frames[1].save(buf, "WEBP", quality=80)
    webp = hash_image_bytes(buf.getvalue())
    assert hamming_hex(webp.pdq, hash_image_bytes(png(frames[1])).pdq) <= 31


# -- clusters and matching on the sample corpus -------------------------------------------------
def test_clusters_of_images_reused_across_sources(hashed: Store) -> None:
    clusters = media_clusters(hashed)
    orjson.dumps(clusters)  # JSON-serialisable for the HTTP API
    got = {frozenset(i["item_key"] for i in c["items"]) for c in clusters}
    assert got == {frozenset(v) for v in REUSED.values()}
    for c in clusters:
        keys = [i["item_key"] for i in c["items"]]
        group = next(v for v in REUSED.values() if set(v) == set(keys))
        assert c["first_seen"]["item_key"] == keys[0] == group[0]
        assert c["sources"] == len({k.rsplit(":", 1)[0] for k in keys}) >= 2
        assert c["platforms"] == ["telegram"]
        assert c["items"][0]["distance"] == 0
        assert all(0 <= i["distance"] <= 31 for i in c["items"])
        times = [i["published_at"] for i in c["items"]]
        assert times == sorted(times)
    assert [c["sources"] for c in clusters] == sorted((c["sources"] for c in clusters),
                                                      reverse=True)
    assert clusters[0]["first_seen"]["item_key"] == "telegram:1811000006:29"
    wide = media_clusters(hashed, min_sources=3)
    assert {c["first_seen"]["item_key"] for c in wide} == {REUSED[k][0] for k in "CDEF"}
    # Identical hashes only: the identical copies (A's and D's) are among them.
    exact = media_clusters(hashed, max_distance=0, min_sources=1)
    groups = [{i["item_key"] for i in c["items"]} for c in exact]
    for pair in ({"telegram:1811000011:20", "telegram:1811000011:36"},
                 {"telegram:1811000006:29", "telegram:1811000004:35"}):
        assert any(pair <= g for g in groups)
    assert all(i["distance"] == 0 for c in exact for i in c["items"])
    assert sum(len(g) for g in groups) < sum(len(v) for v in REUSED.values())
    assert media_clusters(hashed, hash_type="phash") and media_clusters(hashed, hash_type="dhash")
    with pytest.raises(InputError):
        media_clusters(hashed, hash_type="sha1")


def test_matches_the_sample_hash_list(hashed: Store) -> None:
    report = import_hash_list(hashed, HASH_LIST)
    assert report["new"] == report["entries"] == 5
    before = table_counts(hashed)
    again = import_hash_list(hashed, HASH_LIST)
    assert again["new"] == 0 and again["already_stored"] == 5
    assert table_counts(hashed) == before
    matches = match_hash_list(hashed)
    orjson.dumps(matches)
    found = {(m["label"], m["hash_type"], m["item_key"]) for m in matches}
    a, b = "schematic test image A", "schematic test image B"
    assert found == ({(a, "pdq", k) for k in REUSED["A"]}
                     | {(a, "sha256", k) for k in REUSED["A"][:2]}
                     | {(b, "phash", k) for k in REUSED["B"]})
    for m in matches:
        assert m["source_key"] == m["item_key"].rsplit(":", 1)[0]
        assert m["list_source"] == "tyndau sample (synthetic)" and m["file"].startswith("photos/")
    share = [m["distance"] / (64 if m["hash_type"] in ("phash", "dhash") else 256)
             for m in matches]
    assert share == sorted(share)  # nearest first
    exact_only = match_hash_list(hashed, max_distance_pdq=0, max_distance_phash=0)
    assert len(exact_only) < len(matches) and all(m["distance"] == 0 for m in exact_only)
    with pytest.raises(InputError):
        match_hash_list(hashed, max_distance_pdq=300)


# -- hash list validation -----------------------------------------------------------------------
GOOD_ROW = "ab" * 32 + ",pdq,known image,test list"


@pytest.mark.parametrize(("body", "line", "field", "words"), [
    (f"hash,type,label,source\n{GOOD_ROW}\n{'ab' * 32},md5,x,y\n", 3, "type", "unknown hash type"),
    (f"hash,type,label,source\n{GOOD_ROW}\n{'zz' * 32},pdq,x,y\n", 3, "hash", "not hexadecimal"),
    (f"hash,type,label,source\n{GOOD_ROW}\n{'ab' * 16},pdq,x,y\n", 3, "hash", "64 hex digits"),
    (f"hash,type,label,source\n{GOOD_ROW}\n{'ab' * 32},phash,x,y\n", 3, "hash",
     "16 hex digits"),
    (f"hash,type,label,source\n\n{GOOD_ROW}\n{'ab' * 32},sha256,x,y\n{'0f' * 8},dhash,x,y,z\n",
     5, None, "more values"),
    (f"hash,type,label\n{GOOD_ROW}\n", 1, "source", "missing column"),
])
def test_bad_hash_lists_are_refused_whole(tmp_path: Path, store: Store, body: str, line: int,
                                          field: str | None, words: str) -> None:
    import_hash_list(store, HASH_LIST)
    path = tmp_path / "list.csv"
    path.write_text(body, encoding="utf-8")
    before = table_counts(store)
    with pytest.raises(InputError) as exc:
        import_hash_list(store, path)
    message = str(exc.value)
    assert str(path) in message and f"line {line}" in message and words in message
    if field:
        assert exc.value.field == field and f"field {field!r}" in message
    assert table_counts(store) == before
    assert not store.query("SELECT * FROM hash_list_entry WHERE label = 'known image'")


def test_hash_list_accepts_bom_case_extra_columns_and_duplicates(tmp_path: Path,
                                                                 store: Store) -> None:
    path = tmp_path / "list.csv"
    path.write_text("\ufeffType,Hash,Label,Source,Note\n"
                    f"PDQ,{'AB' * 32},known image,list,x\n"
                    f"pdq,{'ab' * 32},known image again,list,y\n"
                    f"sha256,{'01' * 32},a file,list,\n", encoding="utf-8")
    report = import_hash_list(store, path)
    assert report["rows"] == 3 and report["new"] == 2 and report["duplicates_in_file"] == 1
    assert store.query("SELECT hash_type, hash, label FROM hash_list_entry ORDER BY 1") == [
        ("pdq", "ab" * 32, "known image"), ("sha256", "01" * 32, "a file")]


def test_empty_or_absent_hash_list_is_an_input_error(tmp_path: Path, store: Store) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "latin1.csv").write_bytes(b"hash,type,label,source\n" + b"ab" * 32
                                          + b",pdq,caf\xe9,x\n")
    for name in ("empty.csv", "absent.csv", "latin1.csv"):
        with pytest.raises(InputError) as exc:
            import_hash_list(store, tmp_path / name)
        assert name in str(exc.value)
    assert store.count(Item) == 0 and not store.query("SELECT * FROM hash_list_entry")


# -- hostile paths and files --------------------------------------------------------------------
def test_paths_leaving_the_folder_are_refused_and_never_read(tmp_path: Path,
                                                            store: Store) -> None:
    export = tmp_path / "export"
    (export / "photos").mkdir(parents=True)
    export_file(export, 99)
    secret = tmp_path / "secret.jpg"  # outside the export folder
    secret.write_bytes(jpeg(picture(11)))
    (export / "photos" / "ok.jpg").write_bytes(jpeg(picture(12)))
    os.symlink(secret, export / "photos" / "link.jpg")
    os.symlink(tmp_path, export / "photos" / "up")  # a symlinked folder that leads out
    os.symlink(export / "photos" / "ok.jpg", export / "photos" / "inside.jpg")
    refs = ["../secret.jpg", "photos/../../secret.jpg", str(secret), "..\\secret.jpg",
            "C:\\Users\\x\\secret.jpg", "photos/link.jpg", "photos/up/secret.jpg",
            "photos/ok.jpg", "photos/inside.jpg", "secret.jpg"]
    add_items(store, *refs)
    report = hash_media(store, [export])
    assert report["refused"] == 7
    assert report["hashed"] == 2  # ok.jpg, and inside.jpg (a symlink that stays inside)
    assert report["missing"] == 1  # "secret.jpg" by bare name: not found inside the folder
    refused = {r["file"] for r in report["refused_paths"]}
    assert refused == set(refs[:7])
    assert all("refused" in w for w in report["warnings"])
    stored = {r[0] for r in store.query("SELECT sha256 FROM media_hash")}
    assert hashlib.sha256(secret.read_bytes()).hexdigest() not in stored
    assert store.query("SELECT file FROM media_hash ORDER BY file") == [
        ("photos/inside.jpg",), ("photos/ok.jpg",)]


def test_bombs_truncated_and_corrupt_images_are_counted_unreadable(tmp_path: Path,
                                                                  store: Store) -> None:
    export = tmp_path / "export"
    (export / "photos").mkdir(parents=True)
    export_file(export, 99)
    small = png(Image.new("L", (64, 64), 200))
    # A PNG whose header claims 100,000 × 100,000 pixels (10 gigapixels) in a few hundred bytes.
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    bomb = small[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) \
        + small[33:]
    good = jpeg(picture(21))
    files = {"bomb.png": bomb, "truncated.jpg": good[: len(good) // 2],
             "garbage.jpg": b"\xff\xd8\xff\xe0 not really a jpeg" * 10,
             "script.gif": b"<script>alert(1)</script>", "empty.jpg": b"",
             "good.jpg": good}
    for name, data in files.items():
        (export / "photos" / name).write_bytes(data)
    add_items(store, *[f"photos/{n}" for n in files])
    report = hash_media(store, [export])
    assert report["unreadable"] == 5 and report["hashed"] == 1
    why = {u["file"]: u["why"] for u in report["unreadable_files"]}
    assert set(why) == {f"photos/{n}" for n in files if n != "good.jpg"}
    assert "decompression bomb" in why["photos/bomb.png"]
    assert all(any(name in w for w in report["warnings"]) for name in why)
    assert store.query("SELECT file FROM media_hash") == [("photos/good.jpg",)]
    with pytest.raises(UnreadableImage, match="over the limit"):
        hash_image_bytes(good, max_pixels=1000)


def test_missing_files_and_bare_name_lookup(tmp_path: Path, store: Store) -> None:
    export = tmp_path / "export"
    (export / "photos").mkdir(parents=True)
    (export / "a").mkdir()
    (export / "b").mkdir()
    export_file(export, 99)
    (export / "photos" / "moved.jpg").write_bytes(jpeg(picture(31)))
    (export / "a" / "twice.jpg").write_bytes(jpeg(picture(32)))
    (export / "b" / "twice.jpg").write_bytes(jpeg(picture(33)))
    add_items(store, "chats/chat_01/photos/moved.jpg", "photos/absent.jpg", "photos/twice.jpg",
              "(File not included. Change data exporting settings to download.)",
              ["video_files/v.mp4", "files/brief.pdf"])
    report = hash_media(store, [export])
    assert report["hashed"] == 1 and report["missing"] == 3 and report["not_image"] == 2
    assert store.query("SELECT file FROM media_hash") == [("chats/chat_01/photos/moved.jpg",)]


def test_the_folder_whose_export_file_holds_the_items_chat_is_used(tmp_path: Path,
                                                                    store: Store) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    export_file(one, 99)  # the same chat, but not the file the item came from
    export_file(two, 99, name="other.json")
    for folder, seed in ((one, 41), (two, 42)):
        (folder / "photos").mkdir(parents=True)
        (folder / "photos" / "x.jpg").write_bytes(jpeg(picture(seed)))
    add_items(store, "photos/x.jpg", origin_file="other.json")
    hash_media(store, [one, two])
    want = hashlib.sha256((two / "photos" / "x.jpg").read_bytes()).hexdigest()
    assert store.query("SELECT sha256 FROM media_hash") == [(want,)]


def test_a_file_is_never_taken_from_another_channels_export(tmp_path: Path,
                                                            store: Store) -> None:
    # Both exports are called result.json and name the same relative path; only B has the file.
    a, b = tmp_path / "A", tmp_path / "B"
    export_file(a, 1811000101)
    export_file(b, 1811000102)
    (b / "files").mkdir()
    (b / "files" / "IMG_0001.jpg").write_bytes(jpeg(picture(51)))
    (b / "elsewhere").mkdir()
    (b / "elsewhere" / "IMG_0002.jpg").write_bytes(jpeg(picture(52)))
    for chat in ("telegram:1811000101", "telegram:1811000102"):
        add_items(store, "files/IMG_0001.jpg", "photos/IMG_0002.jpg", source=chat)
    for order in ([a, b], [b, a]):
        report = hash_media(store, order)
        assert report["no_export_folder"] == 0 and report["refused"] == 0
    assert store.query("SELECT item_key, file FROM media_hash ORDER BY ALL") == [
        ("telegram:1811000102:0", "files/IMG_0001.jpg"),
        ("telegram:1811000102:1", "photos/IMG_0002.jpg"),  # by bare name, in its own folder
    ]
    assert report["already_stored"] == 2 and report["missing"] == 2
    assert {m["item_key"] for m in report["missing_files"]} == {"telegram:1811000101:0",
                                                                 "telegram:1811000101:1"}
    assert media_clusters(store) == []
    assert media_clusters(store, min_sources=1, max_distance=0) == []  # no file hashed twice


def test_nested_and_full_account_exports_and_items_without_an_export_folder(
        tmp_path: Path, store: Store) -> None:
    top = tmp_path / "exports"
    account, single, again = top / "account", top / "single", top / "zz-again"
    export_file(account, "-1001811000201", 1811000202, left=("channel1811000203",))
    export_file(single, 1811000204)
    export_file(again, 1811000204)  # a second export of the same channel
    images = {}
    for n, (folder, name) in enumerate([(account, "a.jpg"), (account, "b.jpg"),
                                        (account, "c.jpg"), (again, "d.jpg")]):
        (folder / "photos").mkdir(exist_ok=True)
        (folder / "photos" / name).write_bytes(jpeg(picture(60 + n)))
        images[name] = hashlib.sha256((folder / "photos" / name).read_bytes()).hexdigest()
    add_items(store, "photos/a.jpg", source="telegram:1811000201")
    add_items(store, "photos/b.jpg", source="telegram:1811000202")
    add_items(store, "photos/c.jpg", source="telegram:1811000203")  # a left chat
    add_items(store, "photos/d.jpg", source="telegram:1811000204")  # in the second export only
    add_items(store, "photos/a.jpg", "photos/b.jpg", source="telegram:1811000299")  # in none
    add_items(store, "photos/a.jpg", source="vk:-5", origin_format="vk-api")
    report = hash_media(store, [top])
    assert report["hashed"] == 4 and report["missing"] == report["refused"] == 0
    assert report["no_export_folder"] == 3
    assert report["no_export_folder_sources"] == [
        {"source_key": "telegram:1811000299", "images": 2}, {"source_key": "vk:-5", "images": 1}]
    assert any(w.startswith("no export folder found: 3 images") and "telegram:1811000299" in w
               for w in report["warnings"])
    assert sorted(e["sources"] for e in report["export_files"]) == [1, 1, 3]
    got = dict(store.query("SELECT item_key, sha256 FROM media_hash"))
    assert got == {"telegram:1811000201:0": images["a.jpg"],
                   "telegram:1811000202:0": images["b.jpg"],
                   "telegram:1811000203:0": images["c.jpg"],
                   "telegram:1811000204:0": images["d.jpg"]}


def test_export_files_are_read_for_their_chats_only(tmp_path: Path) -> None:
    single = export_file(tmp_path / "s", 1811000301)
    # A single chat's messages are never read: what follows them does not matter.
    data = single.read_bytes()
    cut = data.index(b'"messages"') + len(b'"messages": [')
    single.write_bytes(b"\xef\xbb\xbf" + data[:cut] + b"{not json at all")
    assert telegram_export_sources(single) == (frozenset({"telegram:1811000301"}), None)
    account = export_file(tmp_path / "a", 1811000302, "chat1811000303", left=(-1811000304,))
    assert telegram_export_sources(account) == (frozenset(
        {"telegram:1811000302", "telegram:1811000303", "telegram:1811000304"}), None)
    broken = tmp_path / "broken.json"
    broken.write_bytes(account.read_bytes()[:-40])
    keys, why = telegram_export_sources(broken)
    assert keys and why and why.startswith("not valid JSON")
    for body in ("[]", '{"id": true}', '{"id": "abc"}', "{}"):
        broken.write_text(body)
        assert telegram_export_sources(broken) == (frozenset(), None)


def test_a_folder_that_does_not_exist_changes_nothing(tmp_path: Path, store: Store) -> None:
    add_items(store, "photos/x.jpg")
    before = table_counts(store)
    for folders in ([tmp_path / "absent"], [], [tmp_path / "f.txt"]):
        (tmp_path / "f.txt").write_text("x")
        with pytest.raises(InputError):
            hash_media(store, folders)
    assert table_counts(store) == before


# -- Hamming search -----------------------------------------------------------------------------
@pytest.mark.parametrize(("words", "radius"), [(4, 31), (1, 10), (1, 3), (4, 8)])
def test_multi_index_search_finds_exactly_what_all_pairs_finds(words: int, radius: int) -> None:
    rng = np.random.default_rng(words * 100 + radius)
    n = 1500
    a = rng.integers(0, np.iinfo(np.uint64).max, size=(n, words), dtype=np.uint64,
                     endpoint=True)
    for k in range(0, n, 3):  # plant near copies at and around the radius
        a[k] = a[rng.integers(0, n)]
        for bit in rng.choice(64 * words, size=rng.integers(0, radius + 3), replace=False):
            a[k, bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
    brute = pairs_within(a, None, radius, method="brute")
    index = pairs_within(a, None, radius, method="index")
    assert len(brute[0]) > 100
    for x, y in zip(brute, index, strict=True):
        assert np.array_equal(x, y)
    assert np.all(brute[0] < brute[1]) and np.all(brute[2] <= radius)
    q = a[:300]
    cross = [pairs_within(q, a, radius, method=m) for m in ("brute", "index")]
    for x, y in zip(*cross, strict=True):
        assert np.array_equal(x, y)
    i, j, d = cross[0]
    assert {(k, k) for k in range(300)} <= set(zip(i.tolist(), j.tolist(), strict=True))
    assert np.all(d[i == j] == 0)


def test_hex_helpers() -> None:
    a, b = "0" * 63 + "1", "f" + "0" * 62 + "0"
    assert hamming_hex(a, b) == 5
    words = hex_to_words([a, b], 256)
    assert words.shape == (2, 4) and int(words[0, 3]) == 1 and int(words[1, 0]) == 0xF << 60
    assert int(np.bitwise_count(words[0] ^ words[1]).sum()) == 5
    assert check_hex("ab" * 8, 64) is None
    assert check_hex("ab" * 8, 256) == "must be 64 hex digits, got 16"
    assert check_hex("g" * 16, 64) == "not hexadecimal"
    assert check_hex("ab cd ef 01 23 45", 64) is not None
    with pytest.raises(ValueError):
        hamming_hex("ab", "abc")


# -- the command --------------------------------------------------------------------------------
def test_media_commands(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    shutil.copy(sample_db, db)
    runner = CliRunner()
    r = runner.invoke(command, ["hash", "--db", str(db), str(TELEGRAM)])
    assert r.exit_code == 0, r.output
    assert "124" in r.output and "images/s" in r.output
    r = runner.invoke(command, ["hash", "--db", str(db), str(TELEGRAM), "--json"])
    assert json.loads(r.stdout)["new"] == 0
    r = runner.invoke(command, ["import-list", "--db", str(db), str(HASH_LIST)])
    assert r.exit_code == 0 and "5 new" in r.output
    r = runner.invoke(command, ["match", "--db", str(db), "--json"])
    assert r.exit_code == 0
    assert {m["label"] for m in json.loads(r.stdout)} == {"schematic test image A",
                                                          "schematic test image B"}
    r = runner.invoke(command, ["match", "--db", str(db)])
    assert "schematic test image A" in r.output
    r = runner.invoke(command, ["clusters", "--db", str(db), "--json", "--min-sources", "3"])
    assert r.exit_code == 0 and len(json.loads(r.stdout)) == 4
    r = runner.invoke(command, ["clusters", "--db", str(db)])
    assert "6 clusters" in r.output and "telegram:1811000006:29" in r.output
    bad = tmp_path / "bad.csv"
    bad.write_text("hash,type,label,source\n00,pdq,x,y\n")
    r = runner.invoke(command, ["import-list", "--db", str(db), str(bad)])
    assert r.exit_code == 2
    assert r.stderr.strip() == f"tyndau: error: {bad}, record line 2, field 'hash': pdq hash " \
                               "must be 64 hex digits, got 2"


def test_hostile_file_names_are_printed_inert(tmp_path: Path, settings) -> None:
    export = tmp_path / "export"
    export_file(export, 99)
    with Store(settings.db) as s:
        add_items(s, "../[bold red]x[/]\x1b[2J.jpg")
    r = CliRunner().invoke(command, ["hash", "--db", str(settings.db), str(export)])
    assert r.exit_code == 0
    assert "[bold red]x[/]" in r.stderr and "\x1b[2J" not in r.stderr
