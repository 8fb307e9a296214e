"""Near-duplicate search: shingles, signatures, LSH recall against exact computation."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tyndau.analysis.dedup import (
    ShingleSets,
    exact_similar_pairs,
    lsh_params,
    near_duplicates,
    shingles,
    signatures,
)


def _jaccard(a: str, b: str) -> float:
    sa = {a.encode()[i:i + 4] for i in range(len(a.encode()) - 3)}
    sb = {b.encode()[i:i + 4] for i in range(len(b.encode()) - 3)}
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _corpus(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abdeghijklmnopqrstuvyz") for _ in range(rng.randint(2, 9)))
             for _ in range(3000)]
    texts: list[str] = []
    for _ in range(n):
        if texts and rng.random() < 0.25:
            words = rng.choice(texts[-200:]).split()
            for _ in range(rng.randint(0, 5)):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choice(vocab) for _ in range(rng.randint(8, 40))))
    return texts


def test_shingles_are_the_exact_four_byte_windows_of_each_text() -> None:
    texts = ["abcdef", "", "xyz", "hello world"]
    owner, code = shingles(texts)
    got: dict[int, set[bytes]] = {}
    for o, c in zip(owner, code, strict=True):
        got.setdefault(int(o), set()).add(int(c).to_bytes(4, "big"))
    assert got == {0: {b"abcd", b"bcde", b"cdef"},
                   3: {b"hell", b"ello", b"llo ", b"lo w", b"o wo", b" wor", b"worl", b"orld"}}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=12))
def test_shingle_sets_match_python_sets(texts: list[str]) -> None:
    sets = ShingleSets(texts)
    for i, t in enumerate(texts):
        b = t.encode()
        expected = {int.from_bytes(b[j:j + 4], "big") for j in range(len(b) - 3)}
        assert set(sets.codes[sets.indptr[i]:sets.indptr[i + 1]].tolist()) == expected


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=4, max_size=80), st.text(min_size=4, max_size=80))
def test_exact_jaccard_matches_the_definition(a: str, b: str) -> None:
    sim = ShingleSets([a, b]).jaccard(np.array([[0, 1]]))[0]
    assert sim == pytest.approx(_jaccard(a, b))


def test_equal_texts_get_equal_signatures_and_unrelated_texts_differ() -> None:
    sig = signatures(["the same words here", "the same words here",
                      "completely different content"], 64)
    assert (sig[0] == sig[1]).all()
    assert (sig[0] != sig[2]).mean() > 0.5
    assert (sig != 0xFFFFFFFF).all()  # densified: no empty bin left


def test_signature_agreement_estimates_jaccard() -> None:
    texts = _corpus(400)
    sig = signatures(texts, 128)
    rng = random.Random(1)
    errors = []
    for _ in range(300):
        i, j = rng.randrange(400), rng.randrange(400)
        errors.append(abs((sig[i] == sig[j]).mean() - _jaccard(texts[i], texts[j])))
    assert np.mean(errors) < 0.05


def test_lsh_params_reach_the_asked_recall_at_the_threshold() -> None:
    for t in (0.5, 0.6, 0.8, 0.9):
        p = lsh_params(t, 128)
        assert p.bands * p.rows <= 128
        assert p.candidate_probability(t) >= 0.985
        assert p.candidate_probability(t / 3) < 0.2  # few candidates far below it
    with pytest.raises(ValueError):
        lsh_params(0.0)


def test_prefix_filtering_finds_exactly_the_brute_force_pairs() -> None:
    texts = _corpus(600)
    sets = ShingleSets(texts)
    i, j = np.triu_indices(len(texts), 1)
    sim = sets.jaccard(np.stack([i, j], 1))
    for t in (0.6, 0.8):
        brute = {(a, b) for a, b, s in zip(i.tolist(), j.tolist(), sim.tolist(), strict=True)
                 if s >= t}
        pairs, found_sim = exact_similar_pairs(sets, t)
        assert {tuple(p) for p in pairs.tolist()} == brute
        assert (found_sim >= t).all()
        assert brute, "the corpus must contain similar pairs for this test to mean anything"


def test_near_duplicates_recall_against_exact_pairs() -> None:
    texts = _corpus(3000)
    truth, _ = exact_similar_pairs(ShingleSets(texts), 0.8)
    result = near_duplicates(texts, threshold=0.8, min_bytes=4)
    a, b = result.labels[truth[:, 0]], result.labels[truth[:, 1]]
    assert len(truth) > 100
    assert np.mean((a == b) & (a >= 0)) >= 0.98
    # every verified pair really is similar enough
    assert (result.similarity >= 0.8).all()
    sims = ShingleSets(texts).jaccard(result.pairs)
    assert (sims >= 0.8 - 1e-9).all()


def test_exact_copies_are_collapsed_then_clustered_together() -> None:
    base = "один и тот же текст о ценах на муку и хлеб"
    texts = [base, "совсем другой текст о погоде в горах и долинах", base, base,
             base.replace("хлеб", "хлеба")]
    result = near_duplicates(pa.array(texts), threshold=0.7, min_bytes=10)
    assert result.labels[0] == result.labels[2] == result.labels[3] == result.labels[4] >= 0
    assert result.labels[1] == -1


def test_short_and_empty_texts_are_left_out() -> None:
    result = near_duplicates(["ok", "ok", "", None, "a long enough text here"],  # type: ignore[list-item]
                             threshold=0.8, min_bytes=10)
    assert (result.labels == -1).all()
    assert len(result.pairs) == 0
