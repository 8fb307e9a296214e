from __future__ import annotations

import json
from datetime import UTC, datetime

import pyarrow as pa
import pytest

from tyndau.pipeline.registry import default_pipeline
from tyndau.pipeline.runner import analyse
from tyndau.pipeline.stage import PipelineError, Stage, check_chain
from tyndau.schema import Item
from tyndau.store import Store

TEXTS = [
    "Суд приговорил двоих мужчин к десяти годам за вербовку, сообщает агентство",
    "Bugun bozorda narxlar yana oshdi, non qimmatlashdi",
    "Рамазан айында ораза ұстау — әр мұсылманның парызы",
    "Great match yesterday, what an attack by the home team!",
    "الصلاة في وقتها من أحب الأعمال إلى الله",
    "Мигранттар патент үчүн көп акча төлөшөт",
] * 5


def _items(n: int) -> list[Item]:
    now = datetime(2026, 5, 1, tzinfo=UTC)
    return [Item(item_key=f"web:s:{i:03d}", platform="web", source_key="web:s", item_id=str(i),
                 kind="post", published_at=now, edited_at=None, text=TEXTS[i % len(TEXTS)],
                 author=None, parent_key=None, reply_to_key=None, forward_from=None,
                 forward_from_title=None, repost_of_key=None, views=None, forwards=None,
                 replies=None, reactions=None, reactions_detail=None, links=None, media=None,
                 poll=None, url=None, origin_format="test", origin_file="t", imported_at=now)
            for i in range(n)]


class FailingStage(Stage):
    name = "failing"
    version = 1
    requires = ("text",)
    produces = ()

    def __init__(self, *, fail_on_call: int) -> None:
        super().__init__(fail_on_call=fail_on_call)
        self.calls = 0

    def process(self, batch: pa.Table) -> pa.Table:
        self.calls += 1
        if self.calls == self.params["fail_on_call"]:
            raise RuntimeError("simulated crash")
        return batch


def test_analyse_writes_language_and_labels(store: Store) -> None:
    store.insert_new(Item, _items(30))
    result = analyse(store, default_pipeline(), batch_size=7)
    assert result.items == 30 and result.batches == 5
    assert store.query("SELECT count(*) FROM item_text")[0][0] == 30
    assert store.query("SELECT count(*) FROM annotation WHERE axis = 'function'")[0][0] == 30
    langs = dict(store.query("SELECT item_key, lang FROM item_text"))
    assert langs["web:s:000"] == "ru" and langs["web:s:001"] == "uz"
    assert langs["web:s:004"] == "ar"
    rationale = json.loads(store.query(
        "SELECT rationale FROM annotation WHERE axis = 'function' LIMIT 1")[0][0])
    assert abs(sum(rationale["function_scores"].values()) - 1) < 1e-6
    stages = json.loads(store.query("SELECT stages FROM run WHERE kind = 'analyse'")[0][0])
    assert [s["stage"] for s in stages] == ["normalise.v2", "language.v2", "classify.v2"]
    # nothing left to do: a second run analyses nothing; --all redoes everything once
    assert analyse(store, default_pipeline()).items == 0
    assert analyse(store, default_pipeline(), everything=True, batch_size=8).items == 30
    assert store.query("SELECT count(*) FROM annotation WHERE axis = 'function'")[0][0] == 30


def test_interrupted_run_keeps_finished_batches_and_resumes(store: Store) -> None:
    store.insert_new(Item, _items(30))
    stages = [FailingStage(fail_on_call=3), *default_pipeline()]
    with pytest.raises(RuntimeError, match="simulated"):
        analyse(store, stages, batch_size=10)
    assert store.query("SELECT count(*) FROM item_text")[0][0] == 20
    status, error = store.query("SELECT status, error FROM run")[0]
    assert status == "failed" and "simulated crash" in error
    result = analyse(store, default_pipeline(), batch_size=10)
    assert result.items == 10
    assert store.query("SELECT count(*), count(DISTINCT item_key) FROM item_text")[0] == (30, 30)
    assert store.query("SELECT count(DISTINCT item_key) FROM annotation")[0][0] == 30


def test_pipeline_analysis_rejects_a_broken_chain() -> None:
    normalise, language, classify = default_pipeline()
    with pytest.raises(PipelineError, match="requires"):
        check_chain([language, normalise, classify], ("item_key", "text"))


def test_worker_processes_give_the_same_result(tmp_path) -> None:
    from tyndau.backends.local import LocalEngine

    results = []
    for processes in (1, 2):
        with Store(tmp_path / f"s{processes}.duckdb") as store, LocalEngine(processes) as engine:
            store.insert_new(Item, _items(2400))
            analyse(store, default_pipeline(), batch_size=2400, engine=engine)
            results.append(store.query(
                "SELECT t.item_key, t.lang, t.match_key, a.label, a.score FROM item_text t "
                "JOIN annotation a USING (item_key) WHERE a.axis = 'function' ORDER BY 1"))
    assert len(results[0]) == 2400 and results[0] == results[1]
