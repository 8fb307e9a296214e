"""The audit log's chain: changes, insertions and deletions anywhere — the newest included —
are found; so is a chain rewritten without the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tyndau.privacy import audit
from tyndau.store import Store


@pytest.fixture
def logged(tmp_path: Path) -> Path:
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        for i in range(6):
            audit.append(s, "search", username="ana", target=f"query {i}", detail={"n": i})
    return db


def check(db: Path) -> dict:
    with Store(db) as s:
        return audit.verify(s)


def test_an_intact_log_verifies(logged: Path) -> None:
    assert check(logged) == {"ok": True, "entries": 6, "last_hash": check(logged)["last_hash"]}


@pytest.mark.parametrize(("sql", "bad_seq", "needle"), [
    ("UPDATE audit_entry SET target = 'other' WHERE seq = 3", 3, "changed"),
    ("DELETE FROM audit_entry WHERE seq = 2", 2, "missing"),
    ("DELETE FROM audit_entry WHERE seq >= 5", 5, "newest entries were deleted"),
    ("UPDATE audit_entry SET username = 'bob' WHERE seq = 6", 6, "changed"),
])
def test_tampering_is_found(logged: Path, sql: str, bad_seq: int, needle: str) -> None:
    with Store(logged) as s:
        s.con.execute(sql)
    result = check(logged)
    assert not result["ok"] and result["first_bad_seq"] == bad_seq
    assert needle in result["problem"]


def test_a_chain_rewritten_without_the_key_is_found(logged: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # someone with write access to the store but another key rebuilds the whole chain
    monkeypatch.setenv("TYNDAU_KEY_FILE", str(tmp_path / "other.key"))
    forged = tmp_path / "forged.duckdb"
    with Store(forged) as s:
        for i in range(6):
            audit.append(s, "search", username="ana", target=f"query {i}", detail={"n": i})
    monkeypatch.delenv("TYNDAU_KEY_FILE")
    result = check(forged)
    assert not result["ok"] and result["first_bad_seq"] == 1


def test_a_missing_head_file_is_reported(logged: Path) -> None:
    logged.with_name(logged.name + ".audit-head").unlink()
    result = check(logged)
    assert not result["ok"] and "missing" in result["problem"]


def test_unknown_actions_are_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s, pytest.raises(ValueError):
        audit.append(s, "erase_everything", username="x")
