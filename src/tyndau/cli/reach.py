"""``tyndau reach``: audience, views, forwards and reach beyond subscribers."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
from rich.table import Table

from tyndau.cli.common import db_option, out_console, safe, warn_about_clusters
from tyndau.config import Settings
from tyndau.services.reach import narrative_reach, source_reach
from tyndau.store import Store


def _n(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


@click.command("reach")
@db_option
@click.option("--by", "by", type=click.Choice(["source", "narrative", "grievance", "function"]),
              default="source", show_default=True)
@click.option("--platform", default=None, help="Only sources of this platform (--by source).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=30, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def command(db: Path | None, by: str, platform: str | None, limit: int, offset: int,
            as_json: bool) -> None:
    """Reach per source or per label, with the estimate's method stated."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        warn_about_clusters(store, "reach figures")
        data = (source_reach(store, platform=platform, limit=limit, offset=offset)
                if by == "source" else narrative_reach(store, axis=by))
    if as_json:
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return
    if by == "source":
        t = Table(title="reach by source", caption="method: " + safe(data["method"]))
        for c in ("source", "items", "subscribers", "views", "forwards", "copies elsewhere",
                  "sources reached", "reach beyond subscribers"):
            t.add_column(c)
        for s in data["sources"]:
            t.add_row(f"{safe(s['title'])}\n[dim]{safe(s['source_key'])}[/dim]", _n(s["items"]),
                      _n(s["subscribers"]), _n(s["views"]), _n(s["forwards"]),
                      _n(s["copies_elsewhere"]), _n(s["sources_reached"]),
                      _n(s["reach_beyond_subscribers"]))
    else:
        t = Table(title=f"reach by {by}", caption="method: " + safe(data["method"]))
        for c in (by, "items", "sources", "subscribers (distinct sources)", "views",
                  "forwards", "copies elsewhere", "reach beyond subscribers"):
            t.add_column(c)
        for r in data["labels"][offset: offset + limit]:
            t.add_row(safe(r["label"]), _n(r["items"]), _n(r["sources"]), _n(r["subscribers"]),
                      _n(r["views"]), _n(r["forwards"]), _n(r["copies_elsewhere"]),
                      _n(r["reach_beyond_subscribers"]))
    out_console.print(t)
