"""``tyndau coordination``: sources that repeatedly post the same content within minutes."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
from rich.table import Table

from tyndau.cli.common import db_option, out_console, safe, warn_about_clusters
from tyndau.config import Settings
from tyndau.services.coordination import coordination
from tyndau.store import Store


@click.command("coordination")
@db_option
@click.option("--window", "window", type=click.FloatRange(0.1, 60 * 24 * 30), default=60.0,
              show_default=True, help="Minutes within which two posts of the same content "
                                      "count as co-posting.")
@click.option("--min-events", type=click.IntRange(1), default=2, show_default=True,
              help="Distinct co-posted units a pair of sources needs to be an edge.")
@click.option("--basis", type=click.Choice(["content", "links", "both"]), default="both",
              show_default=True, help="Co-post the same near-duplicate text, URL, or either.")
@click.option("--no-forwards", is_flag=True,
              help="Leave out explicit forwards (attributed copies).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with all evidence).")
def command(db: Path | None, window: float, min_events: int, basis: str, no_forwards: bool,
            as_json: bool) -> None:
    """Co-posting network with its evidence items: a signal for analysts, never a verdict."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        if basis != "links":
            warn_about_clusters(store, "content co-posting signals")
        data = coordination(store, window_minutes=window, min_events=min_events,
                            include_forwards=not no_forwards,
                            basis=("content", "links") if basis == "both" else (basis,))
    if as_json:
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return
    t = Table(title=f"{len(data['edges'])} co-posting pairs, {len(data['groups'])} groups",
              caption=f"method: {safe(data['method'])}\n[bold]{safe(data['caveat'])}[/bold]")
    for c in ("source A", "source B", "events", "via forward", "median gap min", "evidence"):
        t.add_column(c)
    for e in data["edges"]:
        ev = "\n".join(f"{safe(x['item_a'])} ~ {safe(x['item_b'])} "
                       f"({safe(x['gap_minutes'])} min)" for x in e["evidence"][:3])
        t.add_row(f"{safe(e['title_a'])}\n[dim]{safe(e['source_a'])}[/dim]",
                  f"{safe(e['title_b'])}\n[dim]{safe(e['source_b'])}[/dim]",
                  safe(e["events"]), safe(e["via_forward"]), safe(e["median_gap_minutes"]), ev)
    out_console.print(t)
