"""Typed settings: command-line flag → environment variable → default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


def _default_key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "tyndau" / "pseudonym.key"


def _default_model_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tyndau" / "models"


def _default_attribution() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "tyndau" / "attribution.csv"


def _setting(default: object, env: str, help: str) -> object:
    if callable(default):
        return field(default_factory=default, metadata={"env": env, "help": help})
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(slots=True)
class Settings:
    db: Path = _setting(Path("tyndau.duckdb"), "TYNDAU_DB", "the store file")
    key_file: Path = _setting(
        _default_key_file,
        "TYNDAU_KEY_FILE",
        "pseudonymisation key (outside the store; created on first use)",
    )
    model_dir: Path = _setting(
        _default_model_dir,
        "TYNDAU_MODEL_DIR",
        "classifier models trained by `tyndau train`, and which one is the default",
    )
    attribution: Path = _setting(
        _default_attribution,
        "TYNDAU_ATTRIBUTION",
        "the known-source attribution registry (CSV you edit; see README)",
    )
    batch_size: int = _setting(20_000, "TYNDAU_BATCH_SIZE", "rows per write batch")
    max_text_chars: int = _setting(
        1_000_000,
        "TYNDAU_MAX_TEXT_CHARS",
        "longest text accepted in one record; longer records are rejected as hostile input",
    )

    @classmethod
    def resolve(cls, **flags: object) -> Settings:
        """Flags given (not None) win over environment variables, which win over defaults."""
        s = cls()
        for f in fields(cls):
            value = flags.get(f.name)
            if value is None:
                value = os.environ.get(f.metadata["env"])
            if value is None:
                continue
            current = getattr(s, f.name)
            kind = Path if isinstance(current, Path) else type(current)
            setattr(s, f.name, kind(value))
        return s
