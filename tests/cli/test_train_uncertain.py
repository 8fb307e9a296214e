"""`tyndau train` and `tyndau uncertain`: real commands, real store, real models."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tests.cli.test_cli import run

from tyndau.classifiers.supervised import SupervisedClassifier, load_classifier
from tyndau.cli.demo import sample_dir


def _gold(tmp_path: Path, n: int = 40) -> Path:
    lines = (sample_dir() / "gold.jsonl").read_text("utf-8").splitlines()[:n]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.mark.slow
def test_train_reports_cross_validated_figures_and_gates_promotion(tmp_path: Path) -> None:
    gold = _gold(tmp_path)
    models = tmp_path / "models"
    r = run("train", "--gold", str(gold), "--folds", "2", "--no-embeddings", "--model-dir",
            str(models), "--promote", cwd=tmp_path)
    written = sorted(models.glob("function-*.npz"))
    assert len(written) == 1, r.stdout + r.stderr
    heads, meta = load_classifier(written[0])
    assert meta["gold_items"] == 40 and meta["n_training_items"] > 2000
    cv, current = meta["cross_validated"], meta["current_on_gold"]
    assert 0 <= cv["function_macro_f1"] <= 1 and "protected_speech_fpr" in current
    assert "function_macro_f1" in r.stdout and "new (cross-validated)" in r.stdout
    promoted = (models / "default.json").exists()
    if r.returncode == 0:
        assert promoted and "promoted" in r.stdout
        assert cv["function_macro_f1"] >= current["function_macro_f1"]
    else:
        assert r.returncode == 3 and not promoted
        assert "not promoted:" in r.stderr
    # the new model classifies through --model
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "Скидки на телефоны"}) + "\n")
    r = run("classify", "--input", str(src), "--output", str(tmp_path / "o.jsonl"),
            "--model", str(written[0]), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = json.loads((tmp_path / "o.jsonl").read_text())
    assert out["rationale"]["classifier"].startswith(meta["version"])
    assert "e5_function" not in heads  # --no-embeddings
    assert not SupervisedClassifier(model_path=written[0]).has_embedding_heads
    assert SupervisedClassifier().has_embedding_heads


def test_train_refuses_bad_gold_and_writes_nothing(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": 1, "text": "a", "function": "other", "narratives": [], '
                    '"grievances": []}\n{"id": 2, "text": "b", "function": "terror", '
                    '"narratives": [], "grievances": []}\n')
    r = run("train", "--gold", str(gold), "--model-dir", str(tmp_path / "m"), cwd=tmp_path)
    assert r.returncode != 0
    assert "line 2, field 'function': unknown function label 'terror'" in r.stderr
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_uncertainty_queue_from_an_analysed_store(tmp_path: Path) -> None:
    corpus = sample_dir()
    r = run("ingest", str(corpus / "telegram"), str(corpus / "vk"), str(corpus / "csv"),
            "--db", "s.duckdb", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert run("analyse", "--db", "s.duckdb", cwd=tmp_path).returncode == 0
    r = run("uncertain", "--db", "s.duckdb", "--limit", "12", "-o", "q.jsonl", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(x) for x in (tmp_path / "q.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 12
    margins = [x["margin"] for x in rows]
    assert margins == sorted(margins)
    for x in rows:
        assert x["function"] is None and x["text"]
        scores = sorted(x["suggested"]["function_scores"].values(), reverse=True)
        assert np.isclose(scores[0] - scores[1], x["margin"], atol=1e-3)
        assert not any(k in x for k in ("author", "author_name"))
    kk = run("uncertain", "--db", "s.duckdb", "--lang", "kk", "--limit", "3", cwd=tmp_path)
    assert kk.returncode == 0 and kk.stdout.count(" kk ") >= 1
    # an unlabelled queue cannot be trained on: the labels must be filled in by a person
    r = run("train", "--gold", "q.jsonl", "--model-dir", "m", cwd=tmp_path)
    assert r.returncode != 0 and "line 1, field 'function'" in r.stderr
