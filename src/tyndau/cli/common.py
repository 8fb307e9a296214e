"""Options and helpers shared by the commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from tyndau.config import Settings

err_console = Console(stderr=True, highlight=False)
# Wide enough for the summary tables when output goes to a file or a CI log.
out_console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)


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
