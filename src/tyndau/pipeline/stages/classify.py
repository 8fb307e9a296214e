"""Classification stages: function, narratives and grievances with scores and rationale.

``classify.v2`` (the default) is the supervised classifier that also reads the lexicon's
evidence (``classifiers.supervised``); ``classify.v1`` is the lexicon alone, kept for
comparison and for deployments that want only reviewable rules. Each stage builds its
classifier on first use, so worker processes build their own instead of receiving a pickled
copy.
"""

from __future__ import annotations

from typing import Any

import orjson
import pyarrow as pa

from tyndau.classifiers.lexicon import LexiconClassifier
from tyndau.pipeline.stage import Stage, with_columns

PRODUCES = ("function", "function_score", "function_scores", "narratives", "grievances",
            "rationale")


def _columns(preds: list[dict[str, Any]]) -> dict[str, pa.Array]:
    return {
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
    }


class _LazyClassifierStage(Stage):
    requires = ("text_norm",)
    produces = PRODUCES

    def __getstate__(self) -> dict[str, Any]:
        return {"params": self.params}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.params = state["params"]

    @property
    def classifier(self) -> Any:
        model = self.__dict__.get("_classifier")
        if model is None:
            model = self.__dict__["_classifier"] = self.build()
        return model

    def build(self) -> Any:
        raise NotImplementedError

    def process(self, batch: pa.Table) -> pa.Table:
        preds = self.classifier.predict_full(batch.column("text_norm").to_pylist(),
                                             normalised=True)
        return with_columns(batch, _columns(preds))


class LexiconClassifyStage(_LazyClassifierStage):
    name = "classify"
    version = 1

    def __init__(self, *, lexicon: str | None = None, ve_threshold: float = 0.6) -> None:
        super().__init__(lexicon=lexicon, ve_threshold=ve_threshold)

    def build(self) -> LexiconClassifier:
        return LexiconClassifier(**self.params).fit()

    def describe(self) -> dict:
        return {**super().describe(), "classifier": f"lexicon {self.classifier.version_}"}


class ClassifyStage(_LazyClassifierStage):
    name = "classify"
    version = 2
    requires = ("text_norm", "match_key")

    def __init__(self, *, model: str | None = None, lexicon: str | None = None,
                 ve_threshold: float = 0.5, embeddings: str = "off") -> None:
        super().__init__(model=model, lexicon=lexicon, ve_threshold=ve_threshold,
                         embeddings=embeddings)

    def build(self) -> Any:
        from tyndau.classifiers.supervised import SupervisedClassifier

        p = self.params
        return SupervisedClassifier(model_path=p["model"], lexicon=p["lexicon"],
                                    ve_threshold=p["ve_threshold"], embeddings=p["embeddings"])

    def process(self, batch: pa.Table) -> pa.Table:
        preds = self.classifier.predict_full(batch.column("text_norm").to_pylist(),
                                             normalised=True,
                                             match_keys=batch.column("match_key").to_pylist())
        return with_columns(batch, _columns(preds))

    def describe(self) -> dict:
        c = self.classifier
        return {**super().describe(),
                "classifier": f"{c.version} + lexicon {c.lexicon.version_}"}
