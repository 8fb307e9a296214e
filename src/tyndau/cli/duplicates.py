"""``tyndau duplicates``: near-duplicate clusters across sources, platforms and scripts."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
from rich.table import Table

from tyndau.cli.common import db_option, err_console, out_console, safe
from tyndau.config import Settings
from tyndau.services.near_duplicates import (
    DEFAULT_MIN_CHARS,
    DEFAULT_THRESHOLD,
    build_near_duplicates,
    cluster_detail,
    dedup_state,
    duplicate_clusters,
)
from tyndau.store import Store


@click.command("duplicates")
@db_option
@click.option("--rebuild", is_flag=True,
              help="Recompute the clusters (done anyway when there are none or new items "
                   "were imported or analysed since).")
@click.option("--threshold", type=click.FloatRange(0.3, 1.0), default=None,
              help="Jaccard similarity of match-key shingles to count as a near-duplicate "
                   f"(when building) [default: the last build's, else {DEFAULT_THRESHOLD}].")
@click.option("--min-chars", type=click.IntRange(8, 10_000), default=None,
              help="Shorter texts are left out (when building) [default: the last build's, "
                   f"else {DEFAULT_MIN_CHARS}].")
@click.option("--cluster", "cluster_id", default=None,
              help="Show one cluster: every copy in order, with its lag after the origin.")
@click.option("--min-sources", type=click.IntRange(1), default=2, show_default=True)
@click.option("--platform", default=None, help="Only clusters that reach this platform.")
@click.option("--cross-platform", is_flag=True, help="Only clusters spanning platforms.")
@click.option("--cross-script", is_flag=True, help="Only clusters spanning scripts.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=30, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def command(db: Path | None, rebuild: bool, threshold: float | None, min_chars: int | None,
            cluster_id: str | None, min_sources: int, platform: str | None,
            cross_platform: bool, cross_script: bool, limit: int, offset: int,
            as_json: bool) -> None:
    """List clusters of near-duplicate items: origin, copies, lag, platforms crossed."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        state = dedup_state(store)
    last = (state or {}).get("settings", {})
    threshold = threshold if threshold is not None else last.get("threshold", DEFAULT_THRESHOLD)
    min_chars = min_chars if min_chars is not None else last.get("min_chars", DEFAULT_MIN_CHARS)
    changed = bool(state) and (threshold != last.get("threshold")
                               or min_chars != last.get("min_chars"))
    if rebuild or changed or state is None or state["stale"]:
        with Store(settings.db) as store:
            built = build_near_duplicates(store, threshold=threshold, min_chars=min_chars)
        err_console.print(f"built {built['clusters']:,} clusters of {built['items_clustered']:,}"
                          f" items from {built['items_considered']:,} in {built['seconds']} s")
    with Store.reading(settings.db) as store:
        if cluster_id:
            detail = cluster_detail(store, cluster_id)
            if as_json:
                click.echo(orjson.dumps(detail, option=orjson.OPT_INDENT_2).decode())
                return
            _print_detail(detail)
            return
        clusters = duplicate_clusters(store, min_sources=min_sources, platform=platform,
                                      cross_platform=cross_platform, cross_script=cross_script,
                                      limit=limit, offset=offset)
        method = (dedup_state(store) or {}).get("settings", {})
    if as_json:
        click.echo(orjson.dumps({"settings": method, "clusters": clusters},
                                option=orjson.OPT_INDENT_2).decode())
        return
    t = Table(title=f"{len(clusters)} near-duplicate clusters "
                    f"(J ≥ {safe(method.get('threshold'))}, "
                    f"≥ {min_sources} sources)")
    for c in ("cluster", "origin", "size", "sources", "platforms", "scripts", "span h"):
        t.add_column(c)
    for c in clusters:
        t.add_row(safe(c["cluster_id"]), f"{safe(c['origin_title'] or c['origin_source'])}\n"
                  f"[dim]{safe(c['origin_key'])}[/dim]", str(c["size"]), str(c["sources"]),
                  safe(" ".join(c["platforms"])), safe(" ".join(c["scripts"])),
                  safe(c["span_hours"]))
    out_console.print(t)


def _print_detail(detail: dict) -> None:
    t = Table(title=f"cluster {safe(detail['cluster_id'])}: {detail['size']} items in "
                    f"{detail['sources']} sources, "
                    f"path {safe(' → '.join(detail['platform_path']))}")
    for c in ("#", "item", "source", "published (UTC)", "lag h", "sim", "lang", "via"):
        t.add_column(c)
    for it in detail["items"]:
        t.add_row(str(it["order"]), safe(it["item_key"]),
                  safe(it["source_title"] or it["source_key"]),
                  safe((it["published_at"] or "")[:16]), safe(it["lag_hours"]),
                  f"{it['similarity']:.2f}", safe(f"{it['lang']}/{it['script']}"),
                  safe(it["via"]))
    out_console.print(t)
