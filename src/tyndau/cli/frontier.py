"""``tyndau frontier``: sources the monitored ones point at but that are not monitored yet."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
from rich.table import Table
from rich.text import Text

from tyndau.analysis.graph import KINDS
from tyndau.cli.common import db_option, out_console, printable
from tyndau.config import Settings
from tyndau.services.spread_graph import PLATFORMS, frontier
from tyndau.store import Store


def _top(counts: dict[str, int], n: int) -> str:
    return ", ".join(f"{k} {v}" for k, v in list(counts.items())[:n])


@click.command("frontier")
@db_option
@click.option("--platform", type=click.Choice(PLATFORMS), default=None,
              help="Only candidates on this platform.")
@click.option("--since", default=None, help="Only references at or after (ISO date/time).")
@click.option("--until", default=None, help="Only references before (ISO date/time).")
@click.option("--min-sources", type=click.IntRange(1), default=1, show_default=True,
              help="Only candidates at least this many monitored sources point at.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only these reference kinds (repeatable) [default: all].")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON.")
def command(db: Path | None, platform: str | None, since: str | None, until: str | None,
            min_sources: int, limit: int, kinds: tuple[str, ...], as_json: bool) -> None:
    """Rank unmonitored sources by how many monitored sources point at them (forwards,
    reposts, links, @mentions), how often and how recently: the candidates to add."""
    settings = Settings.resolve(db=db)
    with Store(settings.db, read_only=True) as store:
        rows = frontier(store, platform=platform, since=since, until=until,
                        min_sources=min_sources, limit=limit, kinds=kinds or None)
    if as_json:
        click.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())
        return
    t = Table(title=f"Discovery frontier: {len(rows)} unmonitored sources")
    for col in ("#", "reference", "sources", "refs", "kinds", "last", "functions",
                "narratives"):
        t.add_column(col, justify="right" if col in ("#", "sources", "refs") else "left",
                     overflow="fold")
    for i, r in enumerate(rows, 1):
        name = r["ref"] + (f" ({r['title']})" if r["title"] else "")
        name += " (bot)" if r["bot"] else ""
        # Text cells: titles come from hostile content and must not be read as rich markup;
        # printable() shows their control characters (ESC, bidi overrides) as escapes
        t.add_row(*(Text(printable(v)) for v in (
            str(i), name, str(r["sources"]), str(r["references"]), _top(r["by_kind"], 4),
            (r["last_at"] or "")[:10], _top(r["functions"], 3), _top(r["narratives"], 2))))
    out_console.print(t)
