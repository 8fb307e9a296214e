from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from tyndau.errors import ConfigError
from tyndau.privacy.pseudonymise import Pseudonymiser, load_or_create_key


def test_key_is_created_once_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "key"
    k1 = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == k1
    assert len(k1) == 32


def test_pseudonyms_are_stable_keyed_and_opaque() -> None:
    a, b = Pseudonymiser(b"k" * 32), Pseudonymiser(b"j" * 32)
    p = a.person("telegram", "user42")
    assert p == a.person("telegram", "user42")
    assert p != b.person("telegram", "user42")
    assert p != a.person("vk", "user42")
    assert re.fullmatch(r"p:[0-9a-f]{20}", p)
    assert a.person("telegram", "") is None and a.person("telegram", None) is None


def test_bad_key_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "key"
    bad.write_text("not hex at all")
    with pytest.raises(ConfigError, match="not hex"):
        load_or_create_key(bad)
