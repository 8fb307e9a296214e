"""Perceptual and exact hashes of images, Hamming-distance search over them, and clusters.

Hashes:

- **PDQ** (256 bits, 64 hex digits, with a 0–100 quality), computed by ``pdqhash`` and written as
  the hash-sharing industry writes it (bits in order, most significant first; as
  ThreatExchange's ``pdq_hasher`` does), so it compares with hashes from other PDQ tools;
- **pHash** and **dHash** (64 bits, 16 hex digits) as ``imagehash`` writes them;
- **SHA-256** of the file's bytes, for exact matches.

Files come from hostile channels: only JPEG, PNG, WebP and GIF (first frame) are decoded, an image
above ``max_pixels`` is refused before it is decoded (decompression bombs), a file above
``max_bytes`` is not read, and :class:`ExportFolder` never resolves a path outside its folder
(``..``, absolute paths and symlinks that lead out are refused).

Export folders: every Telegram Desktop export is called ``result.json``, so a file name does not
say which folder an item came from. :class:`ExportIndex` reads which chats each export file
holds (:func:`telegram_export_sources`, streamed) and gives an item only the folders whose
export holds its source: a file is never taken from another channel's export.

Search: :func:`pairs_within` finds every pair of hashes within a Hamming distance, exactly. Small
inputs are compared all against all (numpy, blockwise); large ones use multi-index hashing: the
hash is cut into 16-bit chunks, and two hashes within ``r`` bits must agree within
``r // chunks`` bits on at least one chunk (pigeonhole), so only the pairs that share a chunk
value, or one a few bit flips away, are verified.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import igraph as ig
import ijson
import imagehash
import numpy as np
import pdqhash
from PIL import Image

from tyndau.connectors.telegram_desktop import CHAT_PREFIXES, PLATFORM, normalise_peer_id
from tyndau.schema.keys import source_key

#: Image formats decoded (Pillow format names); anything else is unreadable.
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
#: File name endings taken for images when an export's media entry does not say it is a photo.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})
#: Largest image decoded, in pixels (50 megapixels, e.g. 7,000 × 7,000); larger is refused
#: before decoding, as a decompression bomb would be.
DEFAULT_MAX_PIXELS = 50_000_000
#: Largest file read, in bytes.
DEFAULT_MAX_BYTES = 64 << 20

#: Bits of each hash type.
HASH_BITS = {"pdq": 256, "phash": 64, "dhash": 64, "sha256": 256}
#: Default match thresholds (Hamming distance, inclusive). PDQ: 31 of 256 bits, the threshold
#: recommended by the PDQ documentation (ThreatExchange hashing.pdf); pHash/dHash: 10 of 64 bits,
#: a common choice for imagehash's 64-bit hashes.
DEFAULT_MAX_DISTANCE = {"pdq": 31, "phash": 10, "dhash": 10, "sha256": 0}
#: PDQ hashes of quality below this are unreliable (PDQ documentation) and not matched by default.
MIN_PDQ_QUALITY = 50

CHUNK_BITS = 16
_BRUTE_PAIRS = 20_000_000  # all-against-all below this many comparisons
_BLOCK_BYTES = 64 << 20  # memory of one all-against-all block
_CANDIDATES = 4_000_000  # candidate pairs verified at once by the multi-index search
_MAX_PROBES = 4_000  # chunk × flip probes above which all-against-all is cheaper


class UnreadableImage(Exception):
    """A file that is not a decodable image within the limits (the message says why)."""


@dataclass(frozen=True, slots=True)
class ImageHashes:
    sha256: str
    pdq: str
    pdq_quality: int
    phash: str
    dhash: str
    width: int
    height: int


# -- hashing ------------------------------------------------------------------------------------
def is_image_ref(entry: dict) -> bool:
    """Whether an item's media entry names an image file (photo, or an image file name/type)."""
    ref = entry.get("file")
    if not isinstance(ref, str):
        return False
    if entry.get("type") == "photo":
        return True
    mime = entry.get("mime_type")
    if isinstance(mime, str) and mime.lower().startswith("image/"):
        return True
    return os.path.splitext(ref.replace("\\", "/").rsplit("/", 1)[-1])[1].lower() in IMAGE_SUFFIXES


def pdq_hex(bits: np.ndarray) -> str:
    """PDQ bit vector (256 ints 0/1, as ``pdqhash.compute`` returns it) → 64 hex digits."""
    return np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes().hex()


def hash_image(image: Image.Image) -> tuple[str, int, str, str]:
    """PDQ (hex, quality), pHash and dHash of a decoded image."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    bits, quality = pdqhash.compute(np.asarray(rgb))
    return pdq_hex(bits), int(quality), str(imagehash.phash(rgb)), str(imagehash.dhash(rgb))


def hash_image_bytes(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageHashes:
    """All hashes of an image file's bytes; :class:`UnreadableImage` if it cannot be decoded."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as img:
                width, height = img.size
                if width <= 0 or height <= 0:
                    raise UnreadableImage("empty image")
                if width * height > max_pixels:
                    raise UnreadableImage(f"{width} × {height} pixels is over the limit of "
                                          f"{max_pixels:,} (possible decompression bomb)")
                img.seek(0)  # first frame of an animation
                frame = img.convert("RGB")
                pdq, quality, phash, dhash = hash_image(frame)
    except UnreadableImage:
        raise
    except Image.DecompressionBombError as exc:
        raise UnreadableImage(f"decompression bomb: {exc}") from None
    except Image.UnidentifiedImageError:
        raise UnreadableImage("not a JPEG, PNG, WebP or GIF image") from None
    except Exception as exc:  # hostile files make decoders raise many kinds of errors
        raise UnreadableImage(f"{type(exc).__name__}: {str(exc)[:200]}") from None
    return ImageHashes(sha256=digest, pdq=pdq, pdq_quality=quality, phash=phash, dhash=dhash,
                       width=width, height=height)


def hash_image_file(path: str | os.PathLike[str], *, max_pixels: int = DEFAULT_MAX_PIXELS,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> ImageHashes:
    """All hashes of an image file (a regular file, at most ``max_bytes``)."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise UnreadableImage("not a regular file")
            if st.st_size > max_bytes:
                raise UnreadableImage(f"{st.st_size:,} bytes is over the limit of {max_bytes:,}")
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableImage(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise UnreadableImage(f"over the limit of {max_bytes:,} bytes")
    return hash_image_bytes(data, max_pixels=max_pixels)


# -- paths --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Resolved:
    """Where a media reference leads: ``ok`` (``path`` set), ``missing`` or ``refused``."""

    status: str
    path: str | None = None
    why: str = ""


class ExportFolder:
    """An export's folder; resolves the relative file names its items give, never outside it."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = os.fspath(folder)
        self.root = os.path.realpath(self.folder)
        self._by_name: dict[str, list[str]] | None = None

    def has_file(self, name: str) -> bool:
        """Whether a plain file name (an item's ``origin_file``) lies directly in the folder."""
        if not name or "/" in name or "\\" in name or name in (".", "..") or "\x00" in name:
            return False
        return os.path.isfile(os.path.join(self.root, name))

    def _inside(self, real: str) -> bool:
        return real != self.root and os.path.commonpath([self.root, real]) == self.root

    def _checked(self, candidate: str) -> Resolved:
        real = os.path.realpath(candidate)
        if not self._inside(real):
            return Resolved("refused", why="a symlink leads outside the folder")
        try:
            mode = os.stat(real).st_mode
        except OSError:
            return Resolved("missing", why="cannot be read")
        if stat.S_ISDIR(mode):
            return Resolved("missing", why="is a folder")
        if not stat.S_ISREG(mode):
            return Resolved("refused", why="not a regular file")
        return Resolved("ok", real)

    def resolve(self, ref: str) -> Resolved:
        """The file ``ref`` names, relative to the folder; else the one file of that bare name."""
        if not ref or "\x00" in ref or any(ord(c) < 32 for c in ref):
            return Resolved("refused", why="empty name or control characters")
        norm = ref.replace("\\", "/")
        if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
            return Resolved("refused", why="absolute path")
        parts = [p for p in norm.split("/") if p not in ("", ".")]
        if ".." in parts:
            return Resolved("refused", why="'..' in path")
        if not parts:
            return Resolved("refused", why="no file name")
        candidate = os.path.join(self.root, *parts)
        if os.path.lexists(candidate):
            return self._checked(candidate)
        found = self._names().get(parts[-1], [])
        if len(found) == 1:
            return self._checked(found[0])
        if len(found) > 1:
            return Resolved("missing", why=f"{len(found)} files of that name; none at the path")
        return Resolved("missing", why="not in the folder")

    def _names(self) -> dict[str, list[str]]:
        if self._by_name is None:
            index: dict[str, list[str]] = {}
            for base, _dirs, names in os.walk(self.root, followlinks=False):
                for name in names:
                    index.setdefault(name, []).append(os.path.join(base, name))
            self._by_name = index
        return self._by_name


# -- which folder an item came from -------------------------------------------------------------
#: Where a chat's ``id`` lies in a Telegram Desktop export: a single chat's at the top, each chat
#: of a full-account export under ``chats.list`` and ``left_chats.list`` (as the connector reads).
_CHAT_ID_PREFIXES = frozenset(f"{p}.id" if p else "id" for p in CHAT_PREFIXES)
_CHAT_LISTS = frozenset(p.split(".", 1)[0] for p in CHAT_PREFIXES if p)


def _chat_source_key(value: object) -> str | None:
    """The source key the Telegram Desktop connector gives a chat of this ``id`` (None: no id)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        value = int(value)
    sid = normalise_peer_id(value)
    return source_key(PLATFORM, sid) if sid.isdigit() else None


def telegram_export_sources(path: str | os.PathLike[str]) -> tuple[frozenset[str], str | None]:
    """Source keys of the chats a Telegram Desktop export file holds, and why reading stopped
    early (None when the file was read without error).

    Streamed (ijson): a single-chat export is read up to its ``messages``; a full-account export
    up to the end of its chat lists. A file that is not JSON gives what was found before the
    error and the error.
    """
    keys: set[str] = set()
    ended: set[str] = set()
    try:
        with open(path, "rb") as fh:
            if fh.read(3) != b"\xef\xbb\xbf":
                fh.seek(0)
            for prefix, event, value in ijson.parse(fh, use_float=True):
                if prefix in _CHAT_ID_PREFIXES:
                    if event in ("number", "string"):
                        key = _chat_source_key(value)
                        if key is not None:
                            keys.add(key)
                elif prefix == "messages" and event == "start_array":
                    break  # a single chat: its id comes before its messages
                elif prefix in _CHAT_LISTS and event == "end_map":
                    ended.add(prefix)
                    if ended == _CHAT_LISTS:
                        break
                elif prefix == "" and event == "start_array":
                    break  # not an export (a JSON list)
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
        return frozenset(keys), f"not valid JSON: {str(exc)[:200]}"
    except OSError as exc:
        return frozenset(keys), f"cannot read: {exc.strerror or exc}"
    return frozenset(keys), None


@dataclass(frozen=True, slots=True)
class ExportFile:
    """An export file found in a given folder, the folder it lies in, and the sources it holds."""

    path: str
    folder: ExportFolder
    sources: frozenset[str]


class ExportIndex:
    """The export files in the given folders (and their sub-folders), by file name.

    :meth:`folders_for` gives the folders an item's media may be looked up in: those holding an
    export file of the item's ``origin_file`` name that contains the item's source. Export files
    are found and read once per name, when first asked for.
    """

    def __init__(self, folders: Sequence[str | os.PathLike[str]]) -> None:
        roots: list[str] = []
        for folder in folders:
            root = os.path.realpath(folder)
            if root not in roots:
                roots.append(root)
        self.roots = roots
        self._by_name: dict[str, list[ExportFile]] = {}
        self._folders: dict[str, ExportFolder] = {}
        self.errors: list[tuple[str, str]] = []  # export file, why it was not (fully) read

    @staticmethod
    def _plain_name(name: str) -> bool:
        return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..") \
            and "\x00" not in name

    def exports(self, name: str) -> list[ExportFile]:
        """The export files called ``name`` in the folders (each real file once)."""
        if name in self._by_name:
            return self._by_name[name]
        found: list[ExportFile] = []
        self._by_name[name] = found
        if not self._plain_name(name):
            return found
        seen: set[str] = set()
        for root in self.roots:
            for base, dirs, names in os.walk(root, followlinks=False):
                dirs.sort()
                if name not in names:
                    continue
                path = os.path.join(base, name)
                real = os.path.realpath(path)
                if real in seen:
                    continue
                seen.add(real)
                if os.path.commonpath([root, real]) != root or real == root:
                    self.errors.append((path, "a symlink leads outside the folder"))
                    continue
                try:
                    if not stat.S_ISREG(os.stat(real).st_mode):
                        continue
                except OSError:
                    continue
                sources, why = telegram_export_sources(real)
                if why:
                    self.errors.append((path, why))
                folder = self._folders.setdefault(base, ExportFolder(base))
                found.append(ExportFile(path, folder, sources))
        return found

    def files(self) -> list[ExportFile]:
        """The export files read so far."""
        return [e for found in self._by_name.values() for e in found]

    def folders_for(self, origin_file: str, source: str) -> list[ExportFolder]:
        """The folders whose export file ``origin_file`` holds ``source``, in the given order."""
        return [e.folder for e in self.exports(origin_file) if source in e.sources]


# -- Hamming distances --------------------------------------------------------------------------
def check_hex(value: str, bits: int) -> str | None:
    """Why ``value`` is not a ``bits``-bit hash in hex (None when it is)."""
    if len(value) != bits // 4:
        return f"must be {bits // 4} hex digits, got {len(value)}"
    if not all(c in "0123456789abcdefABCDEF" for c in value):
        return "not hexadecimal"
    return None


def hex_to_words(hexes: Sequence[str], bits: int) -> np.ndarray:
    """Hex hashes of ``bits`` bits → (n, bits / 64) uint64 words, the first word the top bits."""
    words = bits // 64
    if not hexes:
        return np.zeros((0, words), dtype=np.uint64)
    for h in hexes:
        if len(h) != bits // 4:
            raise ValueError(f"hash {h[:80]!r} is not {bits // 4} hex digits")
    raw = bytes.fromhex("".join(hexes))
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64).reshape(len(hexes), words)


def hamming_hex(a: str, b: str) -> int:
    """Hamming distance of two hex hashes of the same length."""
    if len(a) != len(b):
        raise ValueError(f"hashes of different lengths ({len(a)} and {len(b)} hex digits)")
    return (int(a, 16) ^ int(b, 16)).bit_count()


def distance_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """All pairwise Hamming distances of two word arrays (small inputs)."""
    return np.bitwise_count(a[:, None, :] ^ b[None, :, :]).sum(axis=2, dtype=np.int32)


def pairs_within(a: np.ndarray, b: np.ndarray | None, max_distance: int, *,
                 method: str = "auto") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (i of ``a``, j of ``b``) within ``max_distance`` bits, with its distance.

    With ``b`` None, pairs within ``a`` (i < j). Exact whatever the method: ``brute`` compares all
    against all, ``index`` uses multi-index hashing, ``auto`` picks by size. Pairs come out sorted
    by (i, j).
    """
    self_join = b is None
    other = a if b is None else b
    if a.ndim != 2 or other.ndim != 2 or a.shape[1] != other.shape[1]:
        raise ValueError("hash arrays must be (n, words) with the same number of words")
    empty = np.zeros(0, dtype=np.int64)
    if len(a) == 0 or len(other) == 0 or max_distance < 0:
        return empty, empty.copy(), empty.astype(np.int32)
    comparisons = len(a) * len(other) // (2 if self_join else 1)
    masks = _flip_masks(max_distance // (a.shape[1] * 64 // CHUNK_BITS))
    probes = a.shape[1] * 64 // CHUNK_BITS * len(masks)
    use_index = method == "index" or (
        method == "auto" and comparisons > _BRUTE_PAIRS and probes <= _MAX_PROBES)
    if use_index:
        i, j, d = _multi_index(a, other, max_distance, self_join, masks)
    else:
        i, j, d = _brute(a, other, max_distance, self_join)
    order = np.lexsort((j, i))
    return i[order], j[order], d[order]


def _brute(a: np.ndarray, b: np.ndarray, r: int,
           self_join: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    block = max(1, _BLOCK_BYTES // max(1, len(b) * b.shape[1] * 8))
    out_i, out_j, out_d = [], [], []
    for start in range(0, len(a), block):
        lo = start if self_join else 0  # self-join: only j >= start can give i < j
        d = distance_matrix(a[start:start + block], b[lo:])
        ii, jj = np.nonzero(d <= r)
        dd = d[ii, jj]
        ii = ii + start
        jj = jj + lo
        if self_join:
            keep = ii < jj
            ii, jj, dd = ii[keep], jj[keep], dd[keep]
        out_i.append(ii)
        out_j.append(jj)
        out_d.append(dd)
    return (np.concatenate(out_i).astype(np.int64), np.concatenate(out_j).astype(np.int64),
            np.concatenate(out_d).astype(np.int32))


def _flip_masks(radius: int) -> list[int]:
    """Every 16-bit value with at most ``radius`` bits set."""
    out = [0]
    for k in range(1, min(radius, CHUNK_BITS) + 1):
        out.extend(sum(1 << b for b in bits) for bits in combinations(range(CHUNK_BITS), k))
    return out


def _chunks(words: np.ndarray) -> np.ndarray:
    """(n, words) uint64 → (n, words × 4) 16-bit chunks, most significant first."""
    shifts = np.array([48, 32, 16, 0], dtype=np.uint64)
    parts = (words[:, :, None] >> shifts[None, None, :]) & np.uint64(0xFFFF)
    return parts.reshape(len(words), -1).astype(np.int64)


def _multi_index(a: np.ndarray, b: np.ndarray, r: int, self_join: bool,
                 masks: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ca, cb = _chunks(a), (None if self_join else _chunks(b))
    cb = ca if cb is None else cb
    found_i, found_j, found_d = [], [], []
    for k in range(ca.shape[1]):
        keys = cb[:, k]
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        for mask in masks:
            query = ca[:, k] ^ mask
            lo = np.searchsorted(sorted_keys, query, side="left")
            hi = np.searchsorted(sorted_keys, query, side="right")
            counts = hi - lo
            if not counts.any():
                continue
            for rows in _blocks_by_budget(counts):
                c = counts[rows]
                total = int(c.sum())
                if total == 0:
                    continue
                ai = np.repeat(rows, c)
                offsets = np.arange(total) - np.repeat(np.cumsum(c) - c, c)
                bj = order[np.repeat(lo[rows], c) + offsets]
                if self_join:
                    keep = ai < bj
                    ai, bj = ai[keep], bj[keep]
                d = np.bitwise_count(a[ai] ^ b[bj]).sum(axis=1, dtype=np.int32)
                near = d <= r
                found_i.append(ai[near])
                found_j.append(bj[near])
                found_d.append(d[near])
    if not found_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), empty.astype(np.int32)
    i = np.concatenate(found_i).astype(np.int64)
    j = np.concatenate(found_j).astype(np.int64)
    d = np.concatenate(found_d).astype(np.int32)
    _, first = np.unique(i * len(b) + j, return_index=True)
    return i[first], j[first], d[first]


def _blocks_by_budget(counts: np.ndarray) -> Iterable[np.ndarray]:
    """Row indices in consecutive blocks of at most ``_CANDIDATES`` candidates each (a row with
    more candidates than that forms a block alone)."""
    rows = np.nonzero(counts)[0]
    cum = np.cumsum(counts[rows])
    start, base = 0, 0
    while start < len(rows):
        stop = int(np.searchsorted(cum, base + _CANDIDATES, side="right"))
        stop = max(stop, start + 1)
        yield rows[start:stop]
        base = int(cum[stop - 1])
        start = stop


def unique_rows(words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct hashes and, for each input row, the index of its distinct hash."""
    if len(words) == 0:
        return words, np.zeros(0, dtype=np.int64)
    uniq, inverse = np.unique(words, axis=0, return_inverse=True)
    return uniq, inverse.reshape(-1).astype(np.int64)


# -- clusters -----------------------------------------------------------------------------------
def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected-component label of each of ``n`` nodes, given edges (i, j)."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    edges = np.column_stack([np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)])
    graph = ig.Graph(n=n, edges=edges.tolist())
    return np.asarray(graph.connected_components().membership, dtype=np.int64)


def near_duplicate_groups(hexes: Sequence[str | None], bits: int, max_distance: int,
                          exact: Sequence[str | None] = ()) -> np.ndarray:
    """Component label of each hash: hashes within ``max_distance`` bits are linked (single
    linkage), as are entries with equal ``exact`` values (e.g. SHA-256); None links nothing."""
    n = len(hexes)
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    present = np.array([h is not None for h in hexes], dtype=bool)
    idx = np.nonzero(present)[0]
    if len(idx):
        words = hex_to_words([hexes[k] for k in idx], bits)  # type: ignore[misc]
        uniq, inverse = unique_rows(words)
        _, first_pos = np.unique(inverse, return_index=True)
        rep = idx[first_pos]  # first row of each distinct hash
        src.append(idx)
        dst.append(rep[inverse])
        pi, pj, _ = pairs_within(uniq, None, max_distance)
        src.append(rep[pi])
        dst.append(rep[pj])
    first: dict[str, int] = {}
    ei, ej = [], []
    for k, value in enumerate(exact):
        if value is None:
            continue
        f = first.setdefault(value, k)
        if f != k:
            ei.append(k)
            ej.append(f)
    src.append(np.array(ei, dtype=np.int64))
    dst.append(np.array(ej, dtype=np.int64))
    return components(n, np.concatenate(src), np.concatenate(dst))
