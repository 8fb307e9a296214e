"""``tyndau sources`` and ``tyndau source NAME``: the source registry and one source's lifecycle."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
import orjson
from rich.table import Table

from tyndau.cli.common import db_option, out_console, safe, warn_about_clusters
from tyndau.config import Settings
from tyndau.services.sources import (
    DORMANT_AFTER_DAYS,
    GONE_AFTER_DAYS,
    SORTS,
    list_sources,
    source_detail,
)
from tyndau.store import Store


def _lifecycle_options(f):  # type: ignore[no-untyped-def]
    for option in reversed([
        click.option("--as-of", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
                     default=None, help="Judge status as of this date (UTC) [default: the "
                                        "newest item in the store]."),
        click.option("--dormant-after", type=click.IntRange(1), default=DORMANT_AFTER_DAYS,
                     show_default=True, help="Days of silence after which a source is dormant."),
        click.option("--gone-after", type=click.IntRange(1), default=GONE_AFTER_DAYS,
                     show_default=True, help="Days of silence after which a source is gone."),
    ]):
        f = option(f)
    return f


def _utc(value: datetime | None) -> datetime | None:
    from datetime import UTC
    return value.replace(tzinfo=UTC) if value is not None else None


@click.command("sources")
@db_option
@click.option("--platform", default=None, help="telegram, vk, youtube, web, …")
@click.option("--status", type=click.Choice(["active", "dormant", "gone", "unknown"]),
              default=None)
@click.option("--short-lived", is_flag=True,
              help="Only sources that appeared and vanished within 90 days.")
@click.option("--search", default=None, help="Part of a title, handle or key.")
@click.option("--sort", type=click.Choice(sorted(SORTS)), default="last_item",
              show_default=True)
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@_lifecycle_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def sources_command(db: Path | None, platform: str | None, status: str | None,
                    short_lived: bool, search: str | None, sort: str, limit: int, offset: int,
                    as_of: datetime | None, dormant_after: int, gone_after: int,
                    as_json: bool) -> None:
    """List sources with their lifecycle: status, lifespan, subscribers, growth, successors."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        data = list_sources(store, platform=platform, status=status, short_lived=short_lived,
                            search=search, sort=sort, limit=limit, offset=offset,
                            as_of=_utc(as_of), dormant_after=dormant_after,
                            gone_after=gone_after)
        if not as_json:
            warn_about_clusters(store, "successors")
    if as_json:
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return
    t = Table(title=f"{len(data['sources'])} of {data['total']} sources",
              caption=safe(data["method"]))
    for c in ("source", "platform", "status", "items", "first item", "last item", "lifespan d",
              "subscribers", "growth/30d", "flags"):
        t.add_column(c)
    for s in data["sources"]:
        flags = []
        if s["short_lived"]:
            flags.append("short-lived")
        if s["titles"] > 1:
            flags.append(f"{s['titles']} titles")
        flags += [f"successor: {safe(k)}" for k in s["likely_successors"]]
        flags += [f"successor of {safe(k)}" for k in s["successor_of"]]
        t.add_row(f"{safe(s['title'])}\n[dim]{safe(s['source_key'])}[/dim]", safe(s["platform"]),
                  safe(s["status"]), str(s["items"]), safe((s["first_item_at"] or "")[:10]),
                  safe((s["last_item_at"] or "")[:10]), _num(s["lifespan_days"]),
                  _num(s["subscribers"]), _num(s["growth_per_30d"]), "\n".join(flags))
    out_console.print(t)


def _num(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.1f}"


@click.command("source")
@click.argument("name")
@db_option
@_lifecycle_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def source_command(name: str, db: Path | None, as_of: datetime | None, dormant_after: int,
                   gone_after: int, as_json: bool) -> None:
    """Show one source (key, @handle or title): lifecycle, renames, subscribers, labels."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        d = source_detail(store, name, as_of=_utc(as_of), dormant_after=dormant_after,
                          gone_after=gone_after)
    if as_json:
        click.echo(orjson.dumps(d, option=orjson.OPT_INDENT_2).decode())
        return
    p = out_console.print
    # every value below comes from the data: safe() before it meets rich markup
    p(f"[bold]{safe(d['title'] or d['source_key'])}[/bold]  {safe(d['source_key'])}  "
      f"({safe(d['platform'])} {safe(d['kind'])}"
      f"{', @' + safe(d['handle']) if d['handle'] else ''})")
    p(f"status: [bold]{safe(d['status'])}[/bold] — {safe(d['method'])}")
    p(f"items: {d['items']:,}  first {safe((d['first_item_at'] or '-')[:16])}  last "
      f"{safe((d['last_item_at'] or '-')[:16])}  lifespan {_num(d['lifespan_days'])} days"
      + ("  [bold]short-lived[/bold]" if d["short_lived"] else ""))
    p(f"imports: first {safe((d['first_imported_at'] or '-')[:16])}  last "
      f"{safe((d['last_imported_at'] or '-')[:16])}")
    p("titles: " + "; ".join(f"{safe(h['title'])} (from {safe((h['first_seen_at'] or '?')[:10])}"
                             f", {safe(', '.join(h['evidence']))})"
                             for h in d["title_history"]))
    if d["subscriber_series"]:
        p("subscribers: " + ", ".join(f"{safe(s['observed_at'][:10])} {s['subscribers']:,}"
                                      for s in d["subscriber_series"])
          + (f"  (growth {_num(d['growth_per_30d'])}/30 days)" if d["growth_per_30d"]
             is not None else ""))
    p("languages: " + ", ".join(f"{safe(x['lang'])} {x['items']}" for x in d["languages"]))
    for axis, rows in d["labels"].items():
        if rows:
            p(f"{safe(axis)}: " + ", ".join(f"{safe(x['label'])} {x['items']}" for x in rows))
    for s in d["likely_successors"]:
        p(f"likely successor: {safe(s['successor_title'])} ({safe(s['successor_key'])}), first "
          f"item {_gap(s['gap_days'])} this one fell silent; {s['shared_clusters']} shared "
          f"near-duplicate clusters, title similarity {s['title_similarity']}, shared audience "
          f"{safe(', '.join(s['shared_audience'])) or 'none seen'}; score {s['score']}")
    for s in d["successor_of"]:
        p(f"likely successor of: {safe(s['gone_title'])} ({safe(s['gone_key'])}), "
          f"first item {_gap(s['gap_days'])} it fell silent; {s['shared_clusters']} shared "
          f"clusters, title similarity {s['title_similarity']}, shared audience "
          f"{safe(', '.join(s['shared_audience'])) or 'none seen'}; score {s['score']}")


def _gap(days: float) -> str:
    return f"{days} days after" if days >= 0 else f"{-days} days before"
