"""``tyndau report``: a self-contained offline HTML report."""

from __future__ import annotations

from pathlib import Path

import click

from tyndau.cli.common import db_option, out_console
from tyndau.config import Settings
from tyndau.reports.html import write_report
from tyndau.services.report_data import report_data
from tyndau.store import Store


@click.command("report")
@db_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("tyndau-report.html"), show_default=True)
def command(db: Path | None, output: Path) -> None:
    """Volumes, label shares with charts, top sources and a note on method and limits."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        data = report_data(store)
    write_report(data, output)
    out_console.print(f"report written to {output}")
