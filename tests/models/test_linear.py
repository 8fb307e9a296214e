"""The sparse-feature linear models behind language identification and classification."""

from __future__ import annotations

import io

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tyndau.models.features import char_ngrams, ngram_bucket, word_ngrams
from tyndau.models.linear import LinearModel, fit_temperature, load_models, save_models, train
from tyndau.models.wordscore import WordScorer

ORDERS = (1, 2, 3)
BITS = 12


def test_char_ngrams_count_and_never_span_two_texts() -> None:
    f = char_ngrams(["ab", "", "c"], ORDERS, BITS, normalise_length=False)
    # " ab " has 4 + 3 + 2 n-grams of orders 1–3; "  " has 2 + 1; " c " has 3 + 2 + 1
    assert np.bincount(f.docs, minlength=3).tolist() == [9, 3, 6]
    # the bucket of "ab" (an n-gram inside the first text) is among its features
    assert ngram_bucket("ab", BITS) in f.feats[f.docs == 0].tolist()
    assert ngram_bucket("b c", BITS) not in f.feats.tolist()


def test_hashes_are_fixed_across_runs() -> None:
    # a saved model means the same thing in every process: the hash has no per-process salt
    assert ngram_bucket("қаз", 20) == ngram_bucket("қаз", 20)
    assert 0 <= ngram_bucket("қаз", 20) < 2**20
    assert char_ngrams(["қаз"], ORDERS, 20).feats.tolist() == \
        char_ngrams(["қаз"], ORDERS, 20).feats.tolist()


def _toy() -> tuple[list[list[str]], np.ndarray]:
    a = ["alpha", "alpine", "alps", "algebra"]
    b = ["бета", "берег", "бег", "белый"]
    docs, labels = [], []
    rng = np.random.default_rng(1)
    for i in range(200):
        words = a if i % 2 == 0 else b
        docs.append(list(rng.choice(words, size=1 + i % 4)))
        labels.append(i % 2)
    y = np.zeros((len(docs), 2), dtype=np.float32)
    y[np.arange(len(docs)), labels] = 1
    return docs, y


def test_training_learns_a_separable_problem_and_scores_sum_to_one() -> None:
    docs, y = _toy()
    f = word_ngrams(docs, ORDERS, BITS)
    model = train(f, y, labels=["a", "b"], link="softmax", n_features=2**BITS, epochs=3)
    p = model.proba(f)
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)
    assert (p.argmax(axis=1) == y.argmax(axis=1)).mean() == 1.0
    t = fit_temperature(model, f, y)
    assert 0.25 <= t <= 8.0


def test_word_scorer_equals_full_scoring_even_with_a_tiny_cache() -> None:
    docs, y = _toy()
    f = word_ngrams(docs, ORDERS, BITS)
    model = train(f, y, labels=["a", "b"], link="softmax", n_features=2**BITS, epochs=2)
    full = model.logits(f)
    for max_words in (3, 400_000):
        scorer = WordScorer(model, ORDERS, BITS, max_words=max_words)
        for _ in range(2):  # second pass from the cache
            assert np.allclose(scorer.logits(docs), full, atol=1e-4)


def test_save_and_load_round_trip_without_pickle() -> None:
    docs, y = _toy()
    f = word_ngrams(docs, ORDERS, BITS)
    model = train(f, y, labels=["a", "b"], link="sigmoid", n_features=2**BITS, epochs=2)
    model.temperature = 1.5
    buf = io.BytesIO()
    path_models = {"m": model}
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.npz"
        save_models(p, path_models, {"kind": "test"})
        buf.write(p.read_bytes())
    buf.seek(0)
    loaded, meta = load_models(buf)
    assert meta == {"kind": "test"}
    m2 = loaded["m"]
    assert isinstance(m2, LinearModel) and m2.labels == ["a", "b"] and m2.link == "sigmoid"
    assert m2.temperature == 1.5
    assert np.allclose(m2.proba(f), model.proba(f), atol=2e-3)  # float16 weights


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=6))
def test_features_of_any_text(texts: list[str]) -> None:
    f = char_ngrams(texts, ORDERS, BITS)
    assert f.n_docs == len(texts)
    assert len(f.docs) == len(f.feats)
    if len(f.feats):
        assert f.feats.min() >= 0 and f.feats.max() < 2**BITS
        assert f.docs.max() < len(texts)
    assert np.all(np.diff(f.docs) >= 0)
