"""Channels and spread on the real platform samples (../shared/samples): every analysis runs on
real exports and its results hold up when checked independently."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from tyndau.analysis.dedup import ShingleSets
from tyndau.analysis.links import is_reference
from tyndau.config import Settings
from tyndau.pipeline.registry import default_pipeline
from tyndau.pipeline.runner import analyse
from tyndau.services.coordination import coordination
from tyndau.services.ingest import ingest
from tyndau.services.near_duplicates import build_near_duplicates, duplicate_clusters
from tyndau.services.reach import narrative_reach, source_reach
from tyndau.services.sources import list_sources, source_detail
from tyndau.services.spread_graph import export_graph, frontier, propagation_graph
from tyndau.store import Store


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    samples = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
    if not samples.is_dir():
        pytest.skip("../shared/samples is absent")
    folder = tmp_path_factory.mktemp("real")
    settings = Settings.resolve(db=folder / "real.duckdb", key_file=folder / "key")
    with Store(settings.db) as s:
        ingest(s, [samples], settings, skip_bad=True)
        analyse(s, default_pipeline())
        build_near_duplicates(s)
    return settings.db


def test_near_duplicates_on_real_channels_are_verified(real_db: Path) -> None:
    with Store(real_db, read_only=True) as s:
        rows = s.query("SELECT n.item_key, n.origin_key, n.similarity, a.match_key, b.match_key "
                       "FROM near_duplicate n JOIN item_text a USING (item_key) "
                       "JOIN item_text b ON b.item_key = n.origin_key")
        clusters = duplicate_clusters(s, min_sources=1, limit=1000)
    assert rows and clusters
    texts = [r[3] for r in rows] + [r[4] for r in rows]
    sets = ShingleSets(texts)
    n = len(rows)
    sims = sets.jaccard(np.array([[i, n + i] for i in range(n)]))
    assert np.allclose(sims, [r[2] for r in rows], atol=1e-4)
    assert {r[1] for r in rows} == {c["origin_key"] for c in clusters}


def test_registry_reach_and_coordination_on_real_channels(real_db: Path) -> None:
    with Store(real_db, read_only=True) as s:
        reg = list_sources(s, limit=10_000)
        with_items = [r for r in reg["sources"] if r["items"] >= 2]
        detail = source_detail(s, with_items[0]["source_key"])
        reach = source_reach(s, limit=10_000)["sources"]
        labels = narrative_reach(s, axis="function")["labels"]
        coord = coordination(s, window_minutes=60)
        analysed = s.query("SELECT count(*) FROM item_text")[0][0]
    assert with_items and all(r["status"] in {"active", "dormant", "gone"} for r in with_items)
    assert all(r["lifespan_days"] >= 0 for r in with_items)
    assert detail["items_by_month"] and detail["languages"]
    assert all((r["reach_beyond_subscribers"] or 0) >= 0 for r in reach)
    assert sum(x["items"] for x in labels) == analysed  # one function per analysed item
    assert isinstance(coord["edges"], list)


def test_frontier_and_graph_on_real_channels(real_db: Path, tmp_path: Path) -> None:
    with Store(real_db, read_only=True) as s:
        monitored = {r[0] for r in s.query("SELECT DISTINCT source_key FROM item")}
        rows = frontier(s, limit=1000)
        graph = propagation_graph(s)
        gexf, graphml = tmp_path / "g.gexf", tmp_path / "g.graphml"
        export_graph(s, gexf, "gexf")
        export_graph(s, graphml, "graphml")
    refs = {r["ref"] for r in rows}
    assert rows and "web:tass.ru" in refs  # the news channels link to it
    assert not refs & monitored
    assert all(is_reference(r) for r in refs)
    assert not {"web:bit.ly", "web:apps.apple.com"} & refs  # shorteners and stores name no one
    assert graph["edges"]
    for path in (gexf, graphml):
        root = ET.parse(path).getroot()
        assert root.tag.endswith(("gexf", "graphml"))
