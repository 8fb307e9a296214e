"""The stage registry: built-in stages register through the same call as plug-ins.

Nothing registers as a side effect of import: :func:`builtin_stages` registers the built-ins
explicitly, and plug-ins call :func:`register` themselves.
"""

from __future__ import annotations

from tyndau.pipeline.stage import PipelineError, Stage

_REGISTRY: dict[str, type[Stage]] = {}


def register(cls: type[Stage]) -> type[Stage]:
    key = f"{cls.name}.v{cls.version}"
    existing = _REGISTRY.get(key)
    if existing is not None and existing is not cls:
        raise PipelineError(f"stage {key} is registered twice")
    _REGISTRY[key] = cls
    return cls


def builtin_stages() -> dict[str, type[Stage]]:
    from tyndau.pipeline.stages.classify import ClassifyStage, LexiconClassifyStage
    from tyndau.pipeline.stages.language import LanguageStage, NormaliseStage

    for cls in (NormaliseStage, LanguageStage, LexiconClassifyStage, ClassifyStage):
        register(cls)
    return dict(_REGISTRY)


def get(stage_id: str) -> type[Stage]:
    stages = builtin_stages()
    if stage_id not in stages:
        raise PipelineError(f"unknown stage {stage_id!r}; known: {', '.join(sorted(stages))}")
    return stages[stage_id]


def default_pipeline(**classify_params: object) -> list[Stage]:
    """normalise → language → classify, with the classifier's settings."""
    return [get("normalise.v2")(), get("language.v2")(), get("classify.v2")(**classify_params)]
