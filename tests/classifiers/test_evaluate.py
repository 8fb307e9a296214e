from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tyndau.classifiers.evaluate import evaluate, figures, read_gold
from tyndau.cli.demo import sample_dir
from tyndau.errors import InputError
from tyndau.taxonomy import load as load_taxonomy

TAX = load_taxonomy()


def test_figures_by_hand() -> None:
    gold = [
        {"function": "ve_support", "narratives": ["foreign_plot"], "grievances": []},
        {"function": "reporting", "narratives": [], "grievances": ["corruption"]},
        {"function": "religious", "narratives": [], "grievances": []},
        {"function": "ve_support", "narratives": [], "grievances": []},
    ]
    pred = [
        {"function": "ve_support", "narratives": ["foreign_plot"], "grievances": []},
        {"function": "ve_support", "narratives": [], "grievances": []},
        {"function": "religious", "narratives": ["fabrication"], "grievances": []},
        {"function": "other", "narratives": [], "grievances": []},
    ]
    f = figures(gold, pred)
    assert f["ve_support_recall"] == 0.5
    assert f["protected_speech_fpr"] == 0.5  # 1 of 2 protected items flagged
    assert f["function"]["ve_support"]["precision"] == 0.5
    assert f["narrative_micro"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert f["grievance_micro"]["recall"] == 0.0
    assert f["confusion"]["ve_support"]["other"] == 1
    assert sum(sum(row.values()) for row in f["confusion"].values()) == 4
    # macro-F1 over the labels present in gold: ve_support .5, reporting 0, religious 1
    assert f["function_macro_f1"] == pytest.approx((0.5 + 0 + 1) / 3, abs=1e-4)


def test_evaluate_the_sample_gold(tmp_path: Path) -> None:
    result = evaluate(sample_dir() / "gold.jsonl")
    overall = result["overall"]
    assert overall["items"] == sum(f["items"] for f in result["by_language"].values())
    assert set(result["by_language"]) >= {"ru", "kk", "uz", "tg", "ky", "tk", "ar", "fa", "en"}
    assert 0.0 <= overall["function_macro_f1"] <= 1.0
    assert overall["protected_speech_fpr"] is not None
    assert set(overall["confusion"]) == set(TAX.functions)


@pytest.mark.parametrize(("line", "expected"), [
    ({"id": 1, "text": "x", "function": "terror", "narratives": [], "grievances": []},
     "line 1, field 'function': unknown function label 'terror'"),
    ({"id": 1, "text": "x", "function": "other", "narratives": ["nope"], "grievances": []},
     "field 'narratives': unknown label 'nope'"),
    ({"id": 1, "text": "x", "function": "other", "grievances": []}, "field 'narratives'"),
    ({"id": 1, "text": "x", "function": "other", "narratives": "a", "grievances": []},
     "not a list"),
])
def test_bad_gold_lines_are_named(line: dict, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(line) + "\n")
    with pytest.raises(InputError, match=expected.replace("(", r"\(")):
        read_gold(path)


def test_duplicate_ids_and_cli(tmp_path: Path) -> None:
    row = {"id": "a", "text": "Скидки на телефоны", "function": "other", "narratives": [],
           "grievances": [], "lang": "ru"}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps(row) + "\n")
    with pytest.raises(InputError, match=r"line 2.*duplicate id 'a' \(first on line 1\)"):
        read_gold(path)
    r = subprocess.run([sys.executable, "-m", "tyndau.cli.main", "eval", "--gold", str(path)],
                       cwd=tmp_path, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert r.returncode == 2 and "duplicate id" in r.stderr
    path.write_text(json.dumps(row) + "\n")
    r = subprocess.run([sys.executable, "-m", "tyndau.cli.main", "eval", "--gold", str(path),
                        "-o", "e.json"], cwd=tmp_path, capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "e.json").read_text())["by_language"]["ru"]["items"] == 1
