"""The label contract (``data/taxonomy/v1.json``, from shared/taxonomy.md) as data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


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


@cache
def load() -> Taxonomy:
    raw = json.loads(resources.files("tyndau.data").joinpath("taxonomy/v1.json").read_text("utf-8"))
    labels = tuple(
        Label(id=lb["id"], axis=axis, name=lb["name"], definition=lb["definition"])
        for axis, spec in raw["axes"].items()
        for lb in spec["labels"]
    )
    return Taxonomy(raw["version"], labels, tuple(raw["protected_functions"]),
                    tuple(raw["languages"]))
