"""End to end: the bundled synthetic corpus through the real CLI, and its privacy."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import all_text_values

from tyndau.cli.demo import sample_dir
from tyndau.store import Store
from tyndau.taxonomy import load as load_taxonomy

SAMPLE = sample_dir()
TAX = load_taxonomy()


def gold() -> list[dict]:
    return [json.loads(line) for line in (SAMPLE / "gold.jsonl").read_text().splitlines()]


def people_in_sample() -> set[str]:
    """Every individual's display name or handle the sample files carry (as whole strings;
    a first name alone may legitimately occur in public content, e.g. a journalist in a news
    post, so single given names are not what is checked)."""
    names: set[str] = set()
    export = json.loads((SAMPLE / "telegram" / "result.json").read_text())
    info = export.get("personal_information", {})
    names.add(f"{info.get('first_name', '')} {info.get('last_name', '')}".strip())
    names.update(str(info[k]) for k in ("username", "phone_number") if info.get(k))
    for contact in export.get("contacts", {}).get("list", []):
        names.add(f"{contact.get('first_name', '')} {contact.get('last_name', '')}".strip())
    for chat in export["chats"]["list"]:
        for m in chat["messages"]:
            if str(m.get("from_id", "")).startswith("user") and m.get("from"):
                names.add(m["from"])
            if m.get("author"):
                names.add(m["author"])
            if m.get("forwarded_from") and not str(m.get("forwarded_from_id", "")).startswith(
                    "channel"):
                names.add(m["forwarded_from"])
    for path in (SAMPLE / "vk").glob("*.json"):
        response = json.loads(path.read_text(encoding="utf-8-sig")).get("response")
        if isinstance(response, dict):
            for p in response.get("profiles", []):
                names.add(f"{p.get('first_name', '')} {p.get('last_name', '')}".strip())
                if p.get("screen_name"):
                    names.add(str(p["screen_name"]))
    with open(SAMPLE / "csv" / "web_sources.csv", encoding="utf-8") as fh:
        names.update(row["author"] for row in csv.DictReader(fh) if row["author"])
    return {n for n in names if len(n) >= 4}


def test_sample_corpus_meets_its_brief() -> None:
    g = gold()
    assert len(g) >= 600
    assert {x["lang"] for x in g} >= {"ru", "kk", "uz", "tg", "ky", "tk", "ar", "fa", "en"}
    assert {x["script"] for x in g if x["lang"] == "uz"} == {"Latn", "Cyrl"}
    assert {x["function"] for x in g} == set(TAX.functions)
    assert {n for x in g for n in x["narratives"]} == set(TAX.narratives)
    assert {n for x in g for n in x["grievances"]} == set(TAX.grievances)
    assert len({x["id"] for x in g}) == len(g)
    assert "SYNTHETIC" in (SAMPLE / "README.md").read_text().upper()


@pytest.mark.slow
def test_demo_end_to_end(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "tyndau.cli.main", "demo", "--key-file",
                        str(tmp_path / "key")], cwd=tmp_path, capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "analysed" in r.stdout and "report" in r.stdout
    html = (tmp_path / "tyndau-report.html").read_text()
    assert html.count("<svg") >= 6 and "<script" not in html
    assert "built-in method" not in html and "Undefined" not in html
    with Store(tmp_path / "tyndau-demo.duckdb", read_only=True) as store:
        q = store.query
        assert q("SELECT count(*) FROM source")[0][0] >= 12
        assert q("SELECT count(DISTINCT platform) FROM item")[0][0] >= 2
        first, last = q("SELECT min(published_at), max(published_at) FROM item")[0]
        assert (last - first).days >= 180
        stored = {r[0] for r in q("SELECT item_key FROM item")}
        assert {x["id"] for x in gold()} <= stored
        assert q("SELECT count(*) FROM item_text")[0][0] == len(stored)
        assert q("SELECT count(*) FROM item WHERE forward_from LIKE 'telegram:%'")[0][0] >= 5
        assert q("SELECT count(*) FROM item WHERE repost_of_key IS NOT NULL")[0][0] >= 3
        langs = dict(q("SELECT i.item_key, t.lang FROM item i JOIN item_text t USING "
                       "(item_key)"))
        hits = sum(langs[x["id"]] == x["lang"] for x in gold())
        assert hits / len(gold()) >= 0.95
        derived_from_text = ("item.text", "item_text.text_norm", "item_text.match_key")
        fields_only = "\n".join(all_text_values(store, exclude=derived_from_text))
        texts = "\n".join(r[0] for r in q("SELECT text FROM item"))
    people = people_in_sample()
    assert len(people) >= 10
    # No person's name or handle in any field; in post texts, where a given name alone can be
    # public content (a journalist, a pupil in the news), no full name and no handle either.
    leaked = sorted(n for n in people if n in fields_only)
    assert not leaked, leaked
    distinctive = [n for n in people if " " in n or n.startswith(("@", "id", "+"))]
    leaked = sorted(n for n in distinctive if n in texts)
    assert not leaked, leaked
