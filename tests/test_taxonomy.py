"""The taxonomy as data: the contract's labels and hard cases, and deployment extensions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tyndau.classifiers.evaluate import read_gold
from tyndau.errors import ConfigError
from tyndau.taxonomy import EXTENSION_ENV, load


def test_builtin_labels_and_hard_cases() -> None:
    tax = load()
    assert tax.functions == ("ve_support", "reporting", "counter_messaging", "religious",
                             "political", "other")
    assert len(tax.narratives) == 7 and len(tax.grievances) == 8
    assert set(tax.protected_functions) == {"reporting", "counter_messaging", "religious",
                                            "political"}
    decided = {c["function"] for c in tax.hard_cases}
    assert "ve_support" in decided and "religious" in decided and len(tax.hard_cases) == 6


def _extension(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: object) -> Path:
    path = tmp_path / "ext.json"
    path.write_text(json.dumps(data), "utf-8")
    monkeypatch.setenv(EXTENSION_ENV, str(path))
    return path


def test_a_deployment_adds_a_narrative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _extension(tmp_path, monkeypatch, {"narrative": [
        {"id": "water_conflict", "name": "Water conflict",
         "definition": "Claims that a neighbour steals the region's water."}]})
    tax = load()
    assert tax.narratives[-1] == "water_conflict" and tax.version.endswith("+ext")
    assert len(tax.functions) == 6 and "foreign_plot" in tax.narratives
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": 1, "text": "x", "function": "political",
                                "narratives": ["water_conflict"], "grievances": []}) + "\n")
    assert read_gold(gold)[0]["narratives"] == ["water_conflict"]


@pytest.mark.parametrize(("data", "message"), [
    ({"narrative": [{"id": "foreign_plot", "name": "x", "definition": "y"}]},
     "already a label; built-in labels keep their meaning"),
    ({"function": [{"id": "satire", "name": "x", "definition": "y"}]},
     "axis 'function' cannot be extended"),
    ({"grievance": [{"id": "Bad Id", "name": "x", "definition": "y"}]}, "must be snake_case"),
    ({"grievance": [{"id": "ok_id"}]}, "needs string id, name and definition"),
    ([], "must be an object"),
])
def test_bad_extensions_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    data: object, message: str) -> None:
    _extension(tmp_path, monkeypatch, data)
    with pytest.raises(ConfigError, match=message):
        load()
