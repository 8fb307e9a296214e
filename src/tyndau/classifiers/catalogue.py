"""Trained classifier models of a deployment: where they live and which is the default.

``tyndau train`` writes ``function-YYYYmmddTHHMMSSZ.npz`` into the model folder
(``--model-dir`` / ``TYNDAU_MODEL_DIR``, default ``~/.local/share/tyndau/models``) with its
figures in the model's metadata; ``default.json`` there names the model the pipeline uses when
none is given. Without it, the built-in model is used.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tyndau.errors import ConfigError

POINTER = "default.json"


def default_model(model_dir: Path) -> str | None:
    """The promoted model's path, or None for the built-in model."""
    pointer = Path(model_dir) / POINTER
    if not pointer.exists():
        return None
    try:
        name = json.loads(pointer.read_text("utf-8"))["model"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{pointer}: unreadable default-model pointer ({exc})") from None
    path = Path(model_dir) / str(name)
    if path.parent != Path(model_dir) or not path.is_file():
        raise ConfigError(f"{pointer}: names {name!r}, which is not a model in {model_dir}")
    return str(path)


def promote(model_dir: Path, model: Path) -> None:
    """Make ``model`` (a file inside ``model_dir``) the default, atomically."""
    model_dir = Path(model_dir)
    if Path(model).resolve().parent != model_dir.resolve():
        raise ConfigError(f"{model}: only a model inside {model_dir} can become the default")
    tmp = model_dir / f".{POINTER}.tmp"
    tmp.write_text(json.dumps({"model": Path(model).name}), "utf-8")
    os.replace(tmp, model_dir / POINTER)


def resolve_model(explicit: str | None, model_dir: Path) -> str | None:
    """An explicit ``--model`` wins; else the promoted default; else None (built-in)."""
    return explicit or default_model(model_dir)
