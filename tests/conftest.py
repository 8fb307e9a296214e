"""Shared fixtures: real stores in temporary folders, the shared real-format samples."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tyndau.config import Settings
from tyndau.services.ingest import ingest
from tyndau.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real key file or a store in the working directory."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("TYNDAU_MODEL_DIR", raising=False)
    monkeypatch.delenv("TYNDAU_TAXONOMY_EXTENSION", raising=False)
    monkeypatch.delenv("TYNDAU_DB", raising=False)
    monkeypatch.delenv("TYNDAU_KEY_FILE", raising=False)


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is absent")
    return SAMPLES


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled sample corpus, imported and analysed once per session.

    Open it with ``Store(sample_db, read_only=True)``; a test that writes copies it first
    (``shutil.copy(sample_db, tmp_path / "s.duckdb")``).
    """
    from tyndau.cli.demo import sample_paths
    from tyndau.pipeline.registry import default_pipeline
    from tyndau.pipeline.runner import analyse
    from tyndau.services.near_duplicates import build_near_duplicates

    folder = tmp_path_factory.mktemp("sample-store")
    settings = Settings.resolve(db=folder / "sample.duckdb", key_file=folder / "key")
    with Store(settings.db) as s:
        ingest(s, sample_paths(), settings)
        analyse(s, default_pipeline())
        build_near_duplicates(s)
    return settings.db


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

def occurrences(store: Store, *needles: str) -> dict[str, list[str]]:
    """Where each needle occurs in any VARCHAR (or VARCHAR[]) column of any table."""
    cols = store.query(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE data_type IN ('VARCHAR', 'VARCHAR[]') AND table_name <> 'tyndau_meta'")
    hits: dict[str, list[str]] = {}
    for table, column in cols:
        for (value,) in store.query(f"SELECT CAST({column} AS VARCHAR) FROM {table} "
                                    f"WHERE {column} IS NOT NULL"):
            for n in needles:
                if n in value:
                    hits.setdefault(n, []).append(f"{table}.{column}")
    return hits

def write_doc(tmp: Path, name: str, doc: object) -> Path:
    path = tmp / name
    path.write_bytes(doc if isinstance(doc, bytes) else orjson.dumps(doc))
    return path

def ingest_into(tmp: Path, *paths: Path, **kw: object) -> tuple[Store, object]:
    store = Store(tmp / "t.duckdb")
    report = ingest(store, list(paths), Settings.resolve(db=tmp / "t.duckdb", key_file=tmp / "k"),
                    **kw)
    return store, report

def item_row(store: Store, key: str) -> dict:
    cur = store.con.execute("SELECT * FROM item WHERE item_key = ?", [key])
    row = cur.fetchone()
    assert row is not None, f"no item {key}"
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def assert_refused_cleanly(store: Store, path: Path, settings: Settings, *, fmt: str,
                           expected: str, counts: object) -> None:
    """Importing ``path`` fails with an InputError that names the file and where, and the
    row counts given by ``counts(store)`` stay as they were."""
    from tyndau.errors import InputError

    before = counts(store)  # type: ignore[operator]
    with pytest.raises(InputError) as exc:
        ingest(store, [path], settings, fmt=fmt)
    message = str(exc.value)
    assert str(path) in message and expected in message
    err = exc.value
    assert err.record or err.field or err.position is not None or "empty file" in message
    assert counts(store) == before  # type: ignore[operator]
