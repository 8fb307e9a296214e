"""The default classifier: calibrated scores, careful decisions, rationales, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tyndau.classifiers.catalogue import default_model, promote, resolve_model
from tyndau.classifiers.supervised import SupervisedClassifier
from tyndau.classifiers.training import builtin_rows
from tyndau.errors import ConfigError
from tyndau.taxonomy import load as load_taxonomy

TAX = load_taxonomy()


@pytest.fixture(scope="module")
def clf() -> SupervisedClassifier:
    return SupervisedClassifier()


def test_training_corpus_is_valid_balanced_and_apart_from_the_sample() -> None:
    rows = builtin_rows()
    langs = {r["lang"] for r in rows}
    assert langs == {"ru", "kk", "uz", "tg", "ky", "tk", "ar", "fa", "en"}
    for lang in langs:
        functions = {r["function"] for r in rows if r["lang"] == lang}
        assert functions == set(TAX.functions), lang
    from tyndau.cli.demo import sample_dir

    sample = {json.loads(x)["text"] for x in
              (sample_dir() / "gold.jsonl").read_text("utf-8").splitlines() if x.strip()}
    assert not sample & {r["text"] for r in rows}  # no evaluation text in the training corpus


def test_scores_are_calibrated_distributions(clf: SupervisedClassifier) -> None:
    preds = clf.predict_full(["Суд приговорил двоих жителей к 8 годам за вербовку.",
                              "Сегодня на рынке скидки на арбузы", "", "🙂🙂", "x" * 200_000])
    for p in preds:
        assert set(p["function_scores"]) == set(TAX.functions)
        assert sum(p["function_scores"].values()) == pytest.approx(1.0, abs=1e-5)
        assert p["function"] in TAX.functions
        assert all(0 <= s <= 1 for s in p["narratives"].values())
    assert preds[2]["function"] == "other"  # empty text
    assert max(preds[2]["function_scores"].values()) < 0.9  # …with low confidence


def test_rationale_names_influential_words(clf: SupervisedClassifier) -> None:
    text = ("Суд приговорил жителя к 8 годам колонии за участие в ИГИЛ, сообщает "
            "пресс-служба.")
    r = clf.predict_full([text])[0]["rationale"]
    assert r["classifier"].startswith("function-v1")
    words = [w["word"] for w in r["influential"]]
    assert words and set(words) <= set(clf.lexicon.tokens(text))  # the item's own words
    assert all(w["weight"] > 0 for w in r["influential"])
    assert len(words) == len(set(words)) <= 5


def test_ve_support_needs_positive_evidence(clf: SupervisedClassifier) -> None:
    # Group names, violence and religion words alone: never ve_support.
    neutral = ["ИГИЛ", "джихад", "теракт", "Jihad", "bomba", "ҷиҳод", "халифат", "шахид",
               "attack", "namoz"]
    for p in clf.predict_full(neutral):
        assert p["function"] != "ve_support"


def test_threshold_is_the_documented_trade_off() -> None:
    texts = [r["text"] for r in builtin_rows() if r["function"] == "ve_support"][:80]
    strict = SupervisedClassifier(ve_threshold=0.95).predict(texts)
    loose = SupervisedClassifier(ve_threshold=0.3, ve_strong=0.3).predict(texts)
    assert strict.count("ve_support") <= loose.count("ve_support")
    assert loose.count("ve_support") > 0


def test_model_file_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match=r"bad\.npz: cannot load classifier model"):
        SupervisedClassifier(model_path=bad)
    np.savez(tmp_path / "other.npz", meta=np.frombuffer(b'{"kind": "x"}', dtype=np.uint8))
    with pytest.raises(ConfigError, match="not a tyndau classifier model"):
        SupervisedClassifier(model_path=tmp_path / "other.npz")


def test_default_model_pointer(tmp_path: Path) -> None:
    d = tmp_path / "models"
    d.mkdir()
    assert default_model(d) is None and resolve_model(None, d) is None
    m = d / "function-x.npz"
    m.write_bytes(b"")
    promote(d, m)
    assert default_model(d) == str(m)
    assert resolve_model("/explicit.npz", d) == "/explicit.npz"
    with pytest.raises(ConfigError, match="only a model inside"):
        promote(d, tmp_path / "elsewhere.npz")
    (d / "default.json").write_text('{"model": "../escape.npz"}')
    with pytest.raises(ConfigError, match="not a model in"):
        default_model(d)
