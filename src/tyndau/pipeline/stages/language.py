"""Language-layer stages: normalise text, detect script and language."""

from __future__ import annotations

import pyarrow as pa

from tyndau.pipeline.stage import Stage, with_columns
from tyndau.text.langid import identify_batch
from tyndau.text.normalise import normalise, split_entities
from tyndau.text.scripts import detect_script, match_key


class NormaliseStage(Stage):
    """Canonical text, its entities, the words-only text, script and the match key."""

    name = "normalise"
    version = 2
    requires = ("text",)
    produces = ("text_norm", "words", "match_key", "script", "urls", "mentions", "hashtags",
                "emoji")

    def process(self, batch: pa.Table) -> pa.Table:
        norms = [normalise(t or "") for t in batch.column("text").to_pylist()]
        ents = [split_entities(n) for n in norms]
        words = [e.text for e in ents]
        lists = pa.list_(pa.string())
        return with_columns(batch, {
            "text_norm": pa.array(norms, pa.string()),
            "words": pa.array(words, pa.string()),
            "match_key": pa.array([match_key(n) for n in norms], pa.string()),
            "script": pa.array([detect_script(w) for w in words], pa.string()),
            "urls": pa.array([e.urls or None for e in ents], lists),
            "mentions": pa.array([e.mentions or None for e in ents], lists),
            "hashtags": pa.array([e.hashtags or None for e in ents], lists),
            "emoji": pa.array([e.emoji or None for e in ents], lists),
        })


class LanguageStage(Stage):
    """Language with confidence and code-switching flag (the trained model, a batch at once)."""

    name = "language"
    version = 2
    requires = ("words", "script")
    produces = ("lang", "lang_score", "code_switch", "lang2")

    def process(self, batch: pa.Table) -> pa.Table:
        results = identify_batch(batch.column("words").to_pylist(),
                                 batch.column("script").to_pylist())
        return with_columns(batch, {
            "lang": pa.array([r.lang for r in results], pa.string()),
            "lang_score": pa.array([r.score for r in results], pa.float64()),
            "code_switch": pa.array([r.code_switch for r in results], pa.bool_()),
            "lang2": pa.array([r.lang2 for r in results], pa.string()),
        })
