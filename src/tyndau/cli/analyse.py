"""``tyndau analyse``: normalise → language → classify the items not yet analysed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tyndau.backends.local import LocalEngine
from tyndau.cli.common import (
    classifier_options,
    classifier_params,
    db_option,
    err_console,
    interactive,
    out_console,
)
from tyndau.config import Settings
from tyndau.pipeline.registry import default_pipeline
from tyndau.pipeline.runner import analyse
from tyndau.store import Store


@click.command("analyse")
@db_option
@click.option("--all", "everything", is_flag=True, help="Re-analyse every item, not only new ones.")
@click.option("--batch-size", type=int, default=5000, show_default=True)
@click.option("--processes", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Worker processes (0 = one per core; batches under 2,000 rows run in-process).")
@classifier_options
def command(db: Path | None, everything: bool, batch_size: int, processes: int,
            **classifier: Any) -> None:
    """Run the analysis pipeline; resumable: an interrupted run continues where it stopped."""
    settings = Settings.resolve(db=db)
    stages = default_pipeline(**classifier_params(**classifier))

    def progress(done: int, total: int) -> None:
        if interactive():
            err_console.print(f"  analysed {done:,}/{total:,}", end="\r")

    engine = LocalEngine.auto() if processes == 0 else LocalEngine(processes)
    with Store(settings.db) as store, engine:
        result = analyse(store, stages, everything=everything, batch_size=batch_size,
                         engine=engine, progress=progress)
    rate = result.items / result.seconds if result.seconds else 0
    out_console.print(f"run {result.run_id}: analysed {result.items:,} items in "
                      f"{result.seconds:.1f} s ({rate:,.0f} items/s); stages "
                      + " → ".join(s.id for s in stages))
