"""Titles, handles, keys and texts come from hostile channels: the table and text output of the
commands must neither crash on rich markup in them, nor drop bracketed text, nor pass terminal
escape sequences or bidi overrides through to the analyst's terminal."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tyndau.cli.common import printable, safe
from tyndau.cli.main import cli
from tyndau.config import Settings
from tyndau.pipeline.registry import default_pipeline
from tyndau.pipeline.runner import analyse
from tyndau.services.ingest import ingest
from tyndau.services.near_duplicates import build_near_duplicates, duplicate_clusters
from tyndau.store import Store

HOSTILE_KEY_ID = "k[/]\x1b[31mred"
# source_id, source_name
SOURCES = [
    ("vesti", "Vesti [official]"),
    ("oops", "oops [/]"),
    ("link", "[link=https://evil.example]click[/link]"),
    ("osc", "\x1b]0;pwned\x07"),
    ("conceal", "\x1b[8mhidden"),
    ("bidi", "\u202etxt.exe"),
    (HOSTILE_KEY_ID, "\x9b31m c1 [/dim]"),
]
SHARED = ("Колонна техники замечена на трассе возле города утром, очевидцы сообщают о "
          "перекрытых дорогах и проверках документов на каждом посту, будьте осторожны")
HOSTILE_TEXTS = ["oops [/] \x1b]0;pwned\x07 see @evil_handle",
                 "[link=https://evil.example]click[/link] https://t.me/evil_chan/5",
                 "\x1b[8mhidden \u202etxt.exe forwarded from @other_chan"]
# ESC, C1 controls and the bidi overrides/isolates must never reach the terminal
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["platform", "source_id", "source_name", "item_id", "date", "text", "url",
                    "views", "author"])
        for i, (sid, name) in enumerate(SOURCES):
            # the same long text in every source, minutes apart: clusters and co-posting
            w.writerow(["telegram", sid, name, "1", f"2026-03-01T10:{i:02d}:00Z", SHARED,
                        f"https://t.me/{sid}/1", 100 + i, name])
            w.writerow(["telegram", sid, name, "2", f"2026-03-02T10:{i:02d}:00Z",
                        HOSTILE_TEXTS[i % len(HOSTILE_TEXTS)], "", 10, ""])
    settings = Settings.resolve(db=folder / "store.duckdb", key_file=folder / "key")
    with Store(settings.db) as store:
        ingest(store, [path], settings)
        analyse(store, default_pipeline())
        build_near_duplicates(store)
    return settings.db


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "attribution.csv"
    path.write_text("source,attribution,country,name,reference,note\n"
                    "telegram:vesti,state_media,RU,Vesti [official],"
                    "https://example.org/report [/] \x1b[8m,\n", encoding="utf-8")
    return path


def _cluster_id(db: Path) -> str:
    with Store(db, read_only=True) as store:
        clusters = duplicate_clusters(store, min_sources=2, limit=1)
    assert clusters, "the shared text should form a cluster"
    return clusters[0]["cluster_id"]


def _invoke(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    output = result.output  # stdout and stderr together
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: {result.exception!r}\n{output}")
    assert result.exit_code == 0, f"{args}: {output}"
    assert "MarkupError" not in output
    bad = sorted({hex(ord(c)) for c in UNSAFE.findall(output)})
    assert not bad, f"{args}: control characters {bad} in the output:\n{output!r}"
    return output


@pytest.mark.parametrize(("args", "official"), [
    (("sources",), True),
    (("source", "telegram:vesti"), True),
    (("source", f"telegram:{HOSTILE_KEY_ID}"), False),
    (("reach",), True),
    (("reach", "--by", "function"), False),
    (("duplicates",), True),
    (("coordination", "--window", "43200", "--min-events", "1"), True),
    (("graph",), False),
    (("frontier",), False),
])
def test_hostile_values_are_shown_safely(db: Path, args: tuple[str, ...],
                                         official: bool) -> None:
    output = _invoke(db, *args)
    if official:
        assert "[official]" in output


def test_duplicate_cluster_detail(db: Path) -> None:
    output = _invoke(db, "duplicates", "--cluster", _cluster_id(db))
    assert "[official]" in output and "\\x1b" in output


def test_attribution(db: Path, registry: Path) -> None:
    output = _invoke(db, "attribution", "--registry", str(registry))
    assert "[official]" in output and "\\x1b" in output


@pytest.mark.parametrize(("sid", "shown"), [
    ("oops", "oops [/]"),
    ("link", "[link=https://evil.example]click[/link]"),
    ("osc", "\\x1b]0;pwned\\x07"),
    ("conceal", "\\x1b[8mhidden"),
    ("bidi", "\\u202etxt.exe"),
    (HOSTILE_KEY_ID, "\\x9b31m c1 [/dim]"),
])
def test_titles_are_shown_literally(db: Path, sid: str, shown: str) -> None:
    output = _invoke(db, "source", f"telegram:{sid}")
    assert output.startswith(shown + "  telegram:"), output


def test_helpers() -> None:
    assert printable("a\x1b[8mb\x07\x9b\u202ec\u2066\n\t") == (
        "a\\x1b[8mb\\x07\\x9b\\u202ec\\u2066\\n\\t")
    assert printable(None) == "" and printable(3) == "3"
    assert safe("Vesti [official] [/] [link=x]y[/link]") == (
        "Vesti \\[official] \\[/] \\[link=x]y\\[/link]")
    assert safe("ends\\") == "ends\\\\"
    assert printable("Салом, ўзбек 👋 ok") == "Салом, ўзбек 👋 ok"
