"""A transparent lexicon classifier: every score traces back to reviewable entries.

Entries (``data/lexicon/v0.json``; format in its README) carry an axis, a label, a language, a
term, a match mode (word, prefix, phrase), a weight and a note. Matching runs on the lexical form
of the normalised text (lower-case, Arabic variants folded, Uzbek apostrophes as ``'``).

Deciding with care: ``ve_support`` needs positive evidence from ``ve_support`` entries; support
cues (first-person plural, imperative calls) only strengthen such evidence, never create it;
attribution, quotation and condemnation cues move the weight to ``reporting`` and
``counter_messaging``. ``ve_support`` is chosen only when its probability reaches
``ve_threshold`` (the documented precision/recall setting; default 0.6, conservative); otherwise
the next most likely function is chosen and the rationale says so.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from tyndau.errors import ConfigError
from tyndau.taxonomy import load as load_taxonomy
from tyndau.text.normalise import fold_arabic, normalise

_TOKEN = re.compile(r"[\w']+")
CUES = ("attribution", "condemnation", "quotation", "negation", "first_person_support",
        "imperative_call")
DEFAULT_LEXICON = "lexicon/v0.json"
#: Logit of `other` before any evidence: one matched entry of weight ≥ 0.5 outweighs it.
OTHER_PRIOR = 0.6
PREFIX_KEY = 3
POLITICAL_CONTEXT = (("grievance", "corruption"), ("grievance", "state_repression"),
                     ("grievance", "religious_restrictions"),
                     ("grievance", "ethnic_discrimination"), ("narrative", "state_failure"))


def lexical_form(text: str, *, normalised: bool = False) -> str:
    """Lower-case normalised text for matching; Persian ZWNJ splits words like a space."""
    norm = text if normalised else normalise(text)
    return fold_arabic(norm.lower()).replace("ʻ", "'").replace("\u200c", " ")


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    axis: str
    label: str
    lang: str
    term: str
    match: str
    weight: float
    note: str


def load_entries(path: Path | None = None) -> tuple[str, list[Entry]]:
    if path is None:
        raw = resources.files("tyndau.data").joinpath(DEFAULT_LEXICON).read_text("utf-8")
        where = "built-in " + DEFAULT_LEXICON
    else:
        try:
            raw = Path(path).read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read lexicon: {exc.strerror}") from None
        where = str(path)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{where}: malformed JSON at line {exc.lineno}: {exc.msg}") from None
    tax = load_taxonomy()
    valid = {"function": set(tax.functions), "narrative": set(tax.narratives),
             "grievance": set(tax.grievances), "cue": set(CUES)}
    entries = []
    for i, e in enumerate(data.get("entries", [])):
        try:
            entry = Entry(id=str(e["id"]), axis=e["axis"], label=e["label"], lang=e["lang"],
                          term=lexical_form(e["term"]), match=e["match"],
                          weight=float(e["weight"]), note=str(e.get("note", "")))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: entry {i}: missing or bad field {exc}") from None
        if entry.axis not in valid or entry.label not in valid[entry.axis]:
            raise ConfigError(f"{where}: entry {entry.id}: unknown {entry.axis} label "
                              f"{entry.label!r}")
        if entry.match not in ("word", "prefix", "phrase"):
            raise ConfigError(f"{where}: entry {entry.id}: match must be word, prefix or phrase")
        entries.append(entry)
    return str(data.get("version", where)), entries


def _rounded_distribution(scores: dict[str, float], digits: int = 6) -> dict[str, float]:
    """Round probabilities and give the rounding residue to the largest, so they sum to 1."""
    out = {k: round(v, digits) for k, v in scores.items()}
    top = max(out, key=lambda k: out[k])
    out[top] = round(out[top] + 1.0 - sum(out.values()), digits)
    return out


class LexiconClassifier:
    """Lexicon-based function/narrative/grievance classifier with rationales."""

    def __init__(self, *, lexicon: str | None = None, ve_threshold: float = 0.6,
                 label_threshold: float = 1.0) -> None:
        self.lexicon = lexicon
        self.ve_threshold = ve_threshold
        self.label_threshold = label_threshold

    # scikit-learn contract ---------------------------------------------------------------
    def fit(self, X: Any = None, y: Any = None) -> LexiconClassifier:
        tax = load_taxonomy()
        self.classes_ = list(tax.functions)
        self.version_, entries = load_entries(Path(self.lexicon) if self.lexicon else None)
        words: dict[str, list[Entry]] = defaultdict(list)
        prefixes: dict[str, list[Entry]] = defaultdict(list)
        phrases: dict[str, list[tuple[tuple[str, ...], Entry]]] = defaultdict(list)
        for e in entries:
            toks = tuple(_TOKEN.findall(e.term))
            if not toks:
                continue
            if e.match == "phrase" and len(toks) > 1:
                phrases[toks[0]].append((toks, e))
            elif e.match == "prefix":
                prefixes[toks[0]].append(e)
            else:
                words[toks[0]].append(e)
        self.words_ = dict(words)
        self.prefixes_ = dict(prefixes)
        # prefixes indexed by their first PREFIX_KEY letters: one lookup per token, then a
        # startswith test on the few candidates (shorter prefixes are looked up by length)
        index: dict[str, list[tuple[str, list[Entry]]]] = defaultdict(list)
        for prefix, found in prefixes.items():
            if len(prefix) >= PREFIX_KEY:
                index[prefix[:PREFIX_KEY]].append((prefix, found))
        self.prefix_index_ = dict(index)
        self.prefix_lengths_ = sorted({len(k) for k in prefixes if len(k) < PREFIX_KEY},
                                      reverse=True)
        self.phrases_ = dict(phrases)
        self.n_entries_ = len(entries)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "words_"):
            self.fit()

    def predict(self, texts: list[str]) -> list[str]:
        return [p["function"] for p in self.predict_full(texts)]

    def predict_proba(self, texts: list[str]) -> list[list[float]]:
        return [[p["function_scores"][c] for c in self.classes_] for p in self.predict_full(texts)]

    # matching ----------------------------------------------------------------------------
    def _match(self, tokens: list[str]) -> list[Entry]:
        hits: list[Entry] = []
        words, prefixes, phrases = self.words_, self.prefixes_, self.phrases_
        lengths = self.prefix_lengths_
        index = self.prefix_index_
        for i, tok in enumerate(tokens):
            hit = words.get(tok)
            if hit:
                hits.extend(hit)
            for prefix, found in index.get(tok[:PREFIX_KEY], ()):
                if tok.startswith(prefix):
                    hits.extend(found)
            for n in lengths:
                if n <= len(tok):
                    p = prefixes.get(tok[:n])
                    if p:
                        hits.extend(p)
            cand = phrases.get(tok)
            if cand:
                for toks, e in cand:
                    k = len(toks)
                    window = tokens[i:i + k]
                    if len(window) == k and window[:-1] == list(toks[:-1]) \
                            and window[-1].startswith(toks[-1]):
                        hits.append(e)
        return hits

    def predict_full(self, texts: list[str], *, normalised: bool = False) -> list[dict[str, Any]]:
        """Full predictions; ``normalised=True`` when the texts are already normalised."""
        self._check_fitted()
        return [self._one(t, normalised) for t in texts]

    def tokens(self, text: str, *, normalised: bool = False) -> list[str]:
        """The lexical tokens the entries are matched against."""
        return _TOKEN.findall(lexical_form(text or "", normalised=normalised)[:200_000])

    def evidence(self, tokens: list[str]) -> tuple[dict[tuple[str, str], float], list[dict]]:
        """Summed entry weights per (axis, label) and the entries matched (each once)."""
        self._check_fitted()
        evidence: dict[tuple[str, str], float] = defaultdict(float)
        seen: set[str] = set()
        matched = []
        for e in self._match(tokens):
            if e.id in seen:
                continue
            seen.add(e.id)
            evidence[(e.axis, e.label)] += e.weight
            matched.append({"id": e.id, "axis": e.axis, "label": e.label, "term": e.term,
                            "lang": e.lang, "weight": e.weight})
        return evidence, matched

    def _one(self, text: str, normalised: bool = False) -> dict[str, Any]:
        return self.decide(*self.evidence(self.tokens(text, normalised=normalised)))

    def decide(self, evidence: dict[tuple[str, str], float],
               matched: list[dict]) -> dict[str, Any]:
        """The lexicon's prediction from its evidence."""
        cue = {c: evidence.get(("cue", c), 0.0) for c in CUES}
        logits = {c: 1.2 * evidence.get(("function", c), 0.0) for c in self.classes_}
        logits["other"] += OTHER_PRIOR
        notes = []
        support = evidence.get(("function", "ve_support"), 0.0)
        if support > 0:
            support += 0.5 * (cue["first_person_support"] + cue["imperative_call"])
            distance = cue["attribution"] + cue["quotation"] + cue["condemnation"]
            if distance > 0:
                support *= 0.3
                notes.append("support terms appear with attribution, quotation or condemnation"
                             " cues: weight moved to reporting/counter-messaging")
            if cue["negation"] > 0:
                support *= 0.5
                notes.append("negation near support terms halves their weight")
            logits["ve_support"] = 1.2 * support
        logits["reporting"] += 0.8 * cue["attribution"] + 0.4 * cue["quotation"]
        # Complaints about the state are political speech (never evidence of support).
        logits["political"] += 0.5 * sum(
            evidence.get(key, 0.0) for key in POLITICAL_CONTEXT)
        logits["counter_messaging"] += 0.8 * cue["condemnation"]
        top = max(logits.values())
        exp = {c: math.exp(v - top) for c, v in logits.items()}
        z = sum(exp.values())
        scores = {c: exp[c] / z for c in self.classes_}
        ranked = sorted(self.classes_, key=lambda c: -scores[c])
        function = ranked[0]
        if function == "ve_support" and scores["ve_support"] < self.ve_threshold:
            function = ranked[1]
            notes.append(f"ve_support probability {scores['ve_support']:.2f} is below the "
                         f"threshold {self.ve_threshold}: not flagged")
        if not matched:
            notes.append("no lexicon entry matched: 'other' with low confidence")
        narratives = self._multi("narrative", evidence)
        grievances = self._multi("grievance", evidence)
        matched = sorted(matched, key=lambda m: -m["weight"])
        return {
            "function": function,
            "function_scores": _rounded_distribution(scores),
            "narratives": narratives,
            "grievances": grievances,
            "rationale": {"classifier": self.version_, "matched": matched[:12],
                          "cues": {k: v for k, v in cue.items() if v}, "notes": notes},
        }

    def _multi(self, axis: str, evidence: dict[tuple[str, str], float]) -> dict[str, float]:
        out = {}
        for (ax, label), value in evidence.items():
            if ax == axis and value >= self.label_threshold:
                out[label] = round(1.0 - math.exp(-value), 4)
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))
