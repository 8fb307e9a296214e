"""``tyndau status``: what the store holds."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
from rich.table import Table

from tyndau.cli.common import db_option, out_console
from tyndau.config import Settings
from tyndau.services.status import status
from tyndau.store import Store


@click.command("status")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
def command(db: Path | None, as_json: bool) -> None:
    """Counts of sources, items, annotations and runs, by platform and language."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        s = status(store)
    if as_json:
        click.echo(orjson.dumps(s).decode())
        return
    out_console.print(f"[bold]{s['store']}[/bold] (schema v{s['schema_version']})")
    out_console.print(
        f"{s['sources']:,} sources · {s['items']:,} items "
        f"({', '.join(f'{n:,} {k}s' for k, n in s['items_by_kind'].items()) or 'none'}) · "
        f"{s['service_events']:,} service messages · {s['annotations']:,} annotations · "
        f"{s['runs']:,} runs · {s['analysed']:,} analysed, {s['not_analysed']:,} not yet")
    t = Table(title="By platform")
    t.add_column("platform")
    t.add_column("sources", justify="right")
    t.add_column("items", justify="right")
    for p, v in s["by_platform"].items():
        t.add_row(p, f"{v['sources']:,}", f"{v['items']:,}")
    out_console.print(t)
    if s["by_language"]:
        t = Table(title="By language (analysed items)")
        t.add_column("language")
        t.add_column("items", justify="right")
        for lang, n in s["by_language"].items():
            t.add_row(lang, f"{n:,}")
        out_console.print(t)
