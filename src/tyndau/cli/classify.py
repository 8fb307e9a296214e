"""``tyndau classify --input IN.jsonl --output OUT.jsonl``: the stable contract, no store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tyndau.cli.common import classifier_options, classifier_params, out_console
from tyndau.services.classify_file import classify_file


@click.command("classify")
@click.option("--input", "src", required=True, type=click.Path(path_type=Path),
              help="JSON Lines with at least 'id' and 'text' (optional 'lang').")
@click.option("--output", "dst", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the enriched JSON Lines.")
@click.option("--processes", type=click.IntRange(0, 64), default=1, show_default=True,
              help="Worker processes (0 = one per core).")
@classifier_options
def command(src: Path, dst: Path, processes: int, **classifier: Any) -> None:
    """Add lang, script, function, function_scores, narratives, grievances and rationale."""
    n = classify_file(src, dst, processes=processes, **classifier_params(**classifier))
    out_console.print(f"classified {n:,} items → {dst}")
