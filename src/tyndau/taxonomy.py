"""The label contract (``data/taxonomy/v1.json``, from shared/taxonomy.md) as data.

Labels carry an id, a display name, a definition and (functions) when they do not apply; the
hard cases the guide decides are kept with them. A deployment may **extend** the taxonomy with
its own narratives and grievances: a JSON file named by ``TYNDAU_TAXONOMY_EXTENSION`` with
``{"narrative": [{"id", "name", "definition"}], "grievance": [...]}``. The built-in labels keep
their meaning: an extension may not redefine one, and may not add functions (exactly one
function per item, so a new one would change what the others mean).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from tyndau.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Label:
    id: str
    axis: str
    name: str
    definition: str


@dataclass(frozen=True)
class Taxonomy:
    version: str
    labels: tuple[Label, ...]
    protected_functions: tuple[str, ...]
    languages: tuple[str, ...]
    hard_cases: tuple[dict, ...] = ()
    extension: str | None = None

    def ids(self, axis: str) -> tuple[str, ...]:
        return tuple(lb.id for lb in self.labels if lb.axis == axis)

    @property
    def functions(self) -> tuple[str, ...]:
        return self.ids("function")

    @property
    def narratives(self) -> tuple[str, ...]:
        return self.ids("narrative")

    @property
    def grievances(self) -> tuple[str, ...]:
        return self.ids("grievance")

    def name(self, label_id: str) -> str:
        for lb in self.labels:
            if lb.id == label_id:
                return lb.name
        return label_id


EXTENSION_ENV = "TYNDAU_TAXONOMY_EXTENSION"
EXTENSIBLE_AXES = ("narrative", "grievance")
_ID = re.compile(r"[a-z][a-z0-9_]{1,48}")


def load() -> Taxonomy:
    """The built-in taxonomy plus the extension named by ``TYNDAU_TAXONOMY_EXTENSION``."""
    return _load(os.environ.get(EXTENSION_ENV) or None)


@cache
def _load(extension: str | None) -> Taxonomy:
    raw = json.loads(resources.files("tyndau.data").joinpath("taxonomy/v1.json").read_text("utf-8"))
    labels = [
        Label(id=lb["id"], axis=axis, name=lb["name"], definition=lb["definition"])
        for axis, spec in raw["axes"].items()
        for lb in spec["labels"]
    ]
    version = raw["version"]
    if extension:
        labels += _extension_labels(Path(extension), {lb.id for lb in labels})
        version += "+" + Path(extension).stem
    return Taxonomy(version, tuple(labels), tuple(raw["protected_functions"]),
                    tuple(raw["languages"]), tuple(raw.get("hard_cases", ())), extension)


def _extension_labels(path: Path, taken: set[str]) -> list[Label]:
    where = f"{path} ({EXTENSION_ENV})"
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read taxonomy extension: {exc.strerror}") from None
    except ValueError as exc:
        raise ConfigError(f"{where}: malformed JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be an object of axis → list of labels")
    out = []
    for axis, entries in data.items():
        if axis not in EXTENSIBLE_AXES:
            raise ConfigError(f"{where}: axis {str(axis)[:40]!r} cannot be extended "
                              f"(only {', '.join(EXTENSIBLE_AXES)})")
        if not isinstance(entries, list):
            raise ConfigError(f"{where}: {axis} must be a list of labels")
        for i, e in enumerate(entries):
            if not isinstance(e, dict) or not all(isinstance(e.get(k), str)
                                                  for k in ("id", "name", "definition")):
                raise ConfigError(f"{where}: {axis}[{i}] needs string id, name and definition")
            if not _ID.fullmatch(e["id"]):
                raise ConfigError(f"{where}: {axis}[{i}] id {e['id'][:40]!r} must be snake_case")
            if e["id"] in taken:
                raise ConfigError(f"{where}: {axis}[{i}] id {e['id']!r} is already a label; "
                                  "built-in labels keep their meaning")
            taken.add(e["id"])
            out.append(Label(id=e["id"], axis=axis, name=e["name"], definition=e["definition"]))
    return out
