"""``tyndau uncertain``: the items the classifier is least sure about, for human labelling."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
from rich.table import Table

from tyndau.cli.common import db_option, out_console
from tyndau.config import Settings
from tyndau.services.uncertainty import uncertainty_queue
from tyndau.store import Store


@click.command("uncertain")
@db_option
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--lang", default=None, help="Only items in this language (e.g. kk).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the queue as JSON Lines in gold format, labels left empty to fill in.")
def command(db: Path | None, limit: int, lang: str | None, output: Path | None) -> None:
    """List analysed items by smallest margin between their two most likely functions."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        rows = uncertainty_queue(store, limit=limit, lang=lang)
    if output is not None:
        output.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
        out_console.print(f"{len(rows)} items → {output} (fill in function, narratives and "
                          "grievances, then `tyndau train --gold`)")
        return
    t = Table(title=f"{len(rows)} least certain items")
    for c in ("item", "lang", "suggested", "margin", "text"):
        t.add_column(c)
    for r in rows:
        t.add_row(r["id"], r["lang"] or "", r["suggested"]["function"], f"{r['margin']:.3f}",
                  (r["text"] or "")[:70].replace("\n", " "))
    out_console.print(t)
