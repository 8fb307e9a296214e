"""Classification stage: function, narratives and grievances with scores and rationale."""

from __future__ import annotations

import orjson
import pyarrow as pa

from tyndau.classifiers.lexicon import LexiconClassifier
from tyndau.pipeline.stage import Stage, with_columns


class ClassifyStage(Stage):
    name = "classify"
    version = 1
    requires = ("text_norm",)
    produces = ("function", "function_score", "function_scores", "narratives", "grievances",
                "rationale")

    def __init__(self, *, lexicon: str | None = None, ve_threshold: float = 0.6) -> None:
        super().__init__(lexicon=lexicon, ve_threshold=ve_threshold)
        self.model = LexiconClassifier(lexicon=lexicon, ve_threshold=ve_threshold).fit()

    def describe(self) -> dict:
        return {**super().describe(), "classifier": self.model.version_}

    def process(self, batch: pa.Table) -> pa.Table:
        preds = self.model.predict_full(batch.column("text_norm").to_pylist(), normalised=True)
        return with_columns(batch, {
            "function": pa.array([p["function"] for p in preds], pa.string()),
            "function_score": pa.array([p["function_scores"][p["function"]] for p in preds],
                                       pa.float64()),
            "function_scores": pa.array([orjson.dumps(p["function_scores"]).decode()
                                         for p in preds], pa.string()),
            "narratives": pa.array([orjson.dumps(p["narratives"]).decode() for p in preds],
                                   pa.string()),
            "grievances": pa.array([orjson.dumps(p["grievances"]).decode() for p in preds],
                                   pa.string()),
            "rationale": pa.array([orjson.dumps(p["rationale"]).decode() for p in preds],
                                  pa.string()),
        })
