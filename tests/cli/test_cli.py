from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tyndau.cli.main import cli
from tyndau.taxonomy import load as load_taxonomy

TAX = load_taxonomy()


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command line, in a subprocess with no standard input."""
    return subprocess.run([sys.executable, "-m", "tyndau.cli.main", *args], cwd=cwd,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)


def _export(tmp_path: Path) -> Path:
    data = {"name": "Test channel", "type": "public_channel", "id": 12, "messages": [
        {"id": i, "type": "message", "date_unixtime": str(1772449300 + 86400 * i),
         "text": text} for i, text in enumerate([
             "Суд приговорил жителя города к 5 годам, сообщает пресс-служба",
             "Bugun juma namozi soat 13:00 da boʻladi",
             "Скидки на телефоны до конца недели",
         ], start=1)]}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_ingest_analyse_status_report(tmp_path: Path) -> None:
    path = _export(tmp_path)
    r = run("ingest", str(path), "--db", "s.duckdb", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "3 new items" in r.stdout
    r = run("ingest", str(path), "--db", "s.duckdb", "--json", cwd=tmp_path)
    assert json.loads(r.stdout)["totals"]["items_present"] == 3
    r = run("analyse", "--db", "s.duckdb", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = run("status", "--json", "--db", "s.duckdb", cwd=tmp_path)
    status = json.loads(r.stdout)
    assert status["sources"] == 1 and status["items"] == 3 and status["analysed"] == 3
    assert isinstance(status["items"], int) and status["runs"] == 3
    assert sum(status["by_language"].values()) == 3
    r = run("report", "--db", "s.duckdb", "-o", "out/r.html", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "out" / "r.html").read_text()
    assert html.count("<svg") >= 6 and "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_bad_input_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    good = _export(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "type": "public_channel", "id": 1, "messages": [{"id": 1,')
    r = run("ingest", str(good), str(bad), "--db", "s.duckdb", cwd=tmp_path)
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(bad) in lines[0] and "truncated" in lines[0]
    r = run("status", "--json", "--db", "s.duckdb", cwd=tmp_path)
    assert json.loads(r.stdout)["items"] == 0
    r = run("status", "--db", "missing.duckdb", cwd=tmp_path)
    assert r.returncode == 3 and "no store here" in r.stderr


def test_classify_contract(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": "Суд приговорил двоих к 8 годам за вербовку, сообщает агентство",
             "extra": 1},
            {"id": 2, "text": "", "lang": "kk"},
            {"id": "c", "text": "x" * 200_000}]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    result = CliRunner().invoke(cli, ["classify", "--input", str(src), "--output",
                                      str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    out = [json.loads(ln) for ln in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [o["id"] for o in out] == ["a", 2, "c"]
    assert out[0]["extra"] == 1 and out[1]["lang"] == "kk"
    for o in out:
        assert set(o["function_scores"]) == set(TAX.functions)
        assert abs(sum(o["function_scores"].values()) - 1) < 1e-6
        assert o["function"] in TAX.functions
        assert set(o["narratives"]) <= set(TAX.narratives)
        assert set(o["grievances"]) <= set(TAX.grievances)
        assert o["script"] in {"Cyrl", "Latn", "Arab", "mixed", "und"}
        assert "matched" in o["rationale"]
    assert out[1]["function"] == "other" and out[2]["function"] == "other"


@pytest.mark.parametrize(("line", "expected"), [
    ('{"text": "no id"}', "line 1, field 'id'"),
    ('{"id": 1, "text": 5}', "line 1, field 'text'"),
    ("[1, 2]", "line 1: not a JSON object"),
    ('{"id": 1, "text": "ok"}\n{broken', "line 2: malformed JSON"),
])
def test_classify_bad_input(line: str, expected: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(line + "\n")
    r = run("classify", "--input", str(src), "--output", "out.jsonl", cwd=tmp_path)
    assert r.returncode == 2 and expected in r.stderr
    assert not (tmp_path / "out.jsonl").exists()
