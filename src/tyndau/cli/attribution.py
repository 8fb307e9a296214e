"""``tyndau attribution``: the known-source registry and where attributed content travels."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
from rich.table import Table

from tyndau.cli.common import db_option, out_console, printable, safe, warn_about_clusters
from tyndau.config import Settings
from tyndau.services.attribution import attributed_spread, load_registry, sample_registry
from tyndau.store import Store


@click.command("attribution")
@db_option
@click.option("--registry", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Registry CSV [env TYNDAU_ATTRIBUTION; default "
                   "~/.config/tyndau/attribution.csv].")
@click.option("--sample", is_flag=True,
              help="Use the demo corpus's registry of fictional channels.")
@click.option("--check", is_flag=True, help="Only validate the registry and exit.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def command(db: Path | None, registry: Path | None, sample: bool, check: bool,
            as_json: bool) -> None:
    """Show how content first seen in attributed sources (state media, documented
    operations, designated organisations' outlets, …) reaches other sources."""
    settings = Settings.resolve(db=db, attribution=registry)
    path = sample_registry() if sample else settings.attribution
    entries = load_registry(path)
    if check:
        click.echo(f"{printable(path)}: {len(entries)} entries, all valid")
        return
    with Store.reading(settings.db) as store:
        warn_about_clusters(store, "near-duplicate copies")
        data = attributed_spread(store, entries)
    data["registry"] = str(path)
    if as_json:
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return
    t = Table(title=f"attributed sources: {data['matched']} of {data['registry_entries']} "
                    f"registry entries in the store ({safe(path.name)})",
              caption="method: " + safe(data["method"]))
    for c in ("attributed source", "attribution", "reference", "copies", "reached"):
        t.add_column(c)
    for s in data["sources"]:
        reached = "\n".join(
            f"{safe(r['title'] or r['source_key'])}: {safe(r['copies'])} via "
            f"{safe('/'.join(r['via']))}, "
            + (f"median lag {safe(r['median_lag_hours'])} h" if r["median_lag_hours"] is not None
               else "lag unknown") for r in s["reached"]) or "—"
        t.add_row(f"{safe(s['title'] or s['source_key'])}\n[dim]{safe(s['source_key'])}[/dim]",
                  safe(s["attribution"]) + (f" ({safe(s['country'])})" if s["country"] else ""),
                  safe(s["reference"]), safe(s["copies"]), reached)
    out_console.print(t)
