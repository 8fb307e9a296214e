"""Shared fixtures: real stores in temporary folders, the shared real-format samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from tyndau.config import Settings
from tyndau.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real key file or a store in the working directory."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TYNDAU_DB", raising=False)
    monkeypatch.delenv("TYNDAU_KEY_FILE", raising=False)


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is absent")
    return SAMPLES


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.resolve(db=tmp_path / "store.duckdb", key_file=tmp_path / "key")


@pytest.fixture
def store(settings: Settings):
    with Store(settings.db) as s:
        yield s


def table_counts(store: Store) -> dict[str, int]:
    tables = [r[0] for r in store.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")]
    return {t: store.query(f"SELECT count(*) FROM {t}")[0][0] for t in sorted(tables)}


def all_text_values(store: Store, *, exclude: tuple[str, ...] = ()) -> list[str]:
    """Every VARCHAR (and VARCHAR[]) value of every table (but ``table.column`` in
    ``exclude``), for privacy checks."""
    out: list[str] = []
    cols = store.query(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND (data_type = 'VARCHAR' OR data_type = 'VARCHAR[]')")
    for table, column, dtype in cols:
        if f"{table}.{column}" in exclude:
            continue
        expr = column if dtype == "VARCHAR" else f"array_to_string({column}, ' ')"
        out.extend(r[0] for r in store.query(f"SELECT {expr} FROM {table} WHERE {column} "
                                             "IS NOT NULL"))
    return out
