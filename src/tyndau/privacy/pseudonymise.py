"""Pseudonymisation at the door: individual people are stored only as a keyed hash.

The key is a random 32-byte secret in a file *outside* the store (created on first use with
mode 0600). Without the key, a pseudonym cannot be linked back to a handle by hashing guesses;
with the same key, the same person gets the same pseudonym across imports, so that analysts can
count distinct commenters without ever seeing who they are. Channels, groups and organisations
are not pseudonymised: they are the public actors the analysis is about.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from tyndau.errors import ConfigError

PSEUDONYM_PREFIX = "p:"
KEY_BYTES = 32


def load_or_create_key(path: Path) -> bytes:
    """Read the key file, creating it (and its folder) with a fresh random key if absent."""
    path = Path(path)
    if path.exists():
        data = path.read_bytes().strip()
        try:
            key = bytes.fromhex(data.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            raise ConfigError(f"{path}: pseudonymisation key file is not hex") from None
        if len(key) < 16:
            raise ConfigError(f"{path}: pseudonymisation key is shorter than 16 bytes")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key.hex() + "\n")
    return key


class Pseudonymiser:
    """Maps a person's platform identity to a stable keyed pseudonym ``p:<20 hex>``."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._cache: dict[str, str] = {}

    @classmethod
    def from_file(cls, path: Path) -> Pseudonymiser:
        return cls(load_or_create_key(path))

    def person(self, platform: str, identity: str | int | None) -> str | None:
        """The pseudonym of a person known by ``identity`` (an id, or a name when no id exists)."""
        if identity is None or identity == "":
            return None
        raw = f"{platform}\x1f{identity}"
        hit = self._cache.get(raw)
        if hit is None:
            digest = hmac.new(self._key, raw.encode("utf-8", "surrogatepass"), hashlib.sha256)
            hit = PSEUDONYM_PREFIX + digest.hexdigest()[:20]
            if len(self._cache) < 1_000_000:
                self._cache[raw] = hit
        return hit
