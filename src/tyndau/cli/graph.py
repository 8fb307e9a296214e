"""``tyndau graph``: the propagation graph between sources, its communities, GraphML/GEXF."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
from rich.table import Table
from rich.text import Text

from tyndau.analysis.graph import KINDS
from tyndau.cli.common import db_option, out_console, printable, safe
from tyndau.config import Settings
from tyndau.services.spread_graph import export_format, export_graph, propagation_graph
from tyndau.store import Store


def _name(key: str, titles: dict[str, str | None]) -> str:
    title = titles.get(key)
    return f"{title} ({key})" if title else key


def _top(counts: dict[str, int], n: int = 3) -> str:
    return ", ".join(f"{k} {v}" for k, v in list(counts.items())[:n])


def _row(table: Table, *cells: str) -> None:
    """Cells as plain text: titles come from hostile content, never read as rich markup, and
    their control characters are shown as escapes (see :func:`tyndau.cli.common.printable`)."""
    table.add_row(*(Text(printable(c)) for c in cells))


@click.command("graph")
@db_option
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only these reference kinds (repeatable) [default: all].")
@click.option("--since", default=None, help="Only items published at or after (ISO date/time).")
@click.option("--until", default=None, help="Only items published before (ISO date/time).")
@click.option("--min-weight", type=click.IntRange(1), default=1, show_default=True,
              help="Leave out edges with fewer referencing items.")
@click.option("--communities/--no-communities", default=True, show_default=True,
              help="Find Leiden communities.")
@click.option("--resolution", type=click.FloatRange(0, min_open=True), default=1.0,
              show_default=True, help="Leiden resolution (higher: more, smaller communities).")
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True)
@click.option("--top", type=click.IntRange(1), default=15, show_default=True,
              help="Rows per table.")
@click.option("--export", "export", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the graph to PATH.graphml or PATH.gexf (Gephi).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole graph as JSON.")
def command(db: Path | None, kinds: tuple[str, ...], since: str | None, until: str | None,
            min_weight: int, communities: bool, resolution: float, seed: int, top: int,
            export: Path | None, as_json: bool) -> None:
    """Forwards, reposts, links and @mentions between sources as a weighted, time-stamped
    graph. An edge A → B means content or attention flowed from A to B (B forwarded,
    reposted, linked to or mentioned A)."""
    settings = Settings.resolve(db=db)
    params = {"kinds": kinds or None, "since": since, "until": until, "min_weight": min_weight,
              "communities": communities, "resolution": resolution, "seed": seed}
    if export is not None:
        export_format(export)  # refuse a bad suffix before any work
        with Store(settings.db, read_only=True) as store:
            done = export_graph(store, export, **params)
        out_console.print(f"{done['nodes']} sources, {done['edges']} edges, "
                          f"{done['communities']} communities → {safe(done['path'])} "
                          f"({safe(done['format'])})")
        return
    with Store(settings.db, read_only=True) as store:
        g = propagation_graph(store, **params)
    if as_json:
        click.echo(orjson.dumps(g, option=orjson.OPT_INDENT_2).decode())
        return
    c = g["counts"]
    kinds_line = safe(", ".join(f"{k} {v}" for k, v in c["edges_by_kind"].items()))
    out_console.print(f"{c['nodes']} sources ({c['monitored']} monitored), {c['edges']} edges "
                      f"({kinds_line}), {c['communities']} communities"
                      + (f", modularity {safe(c['modularity'])}" if c["modularity"] is not None
                         else ""))
    out_console.print("A → B: content or attention flowed from A to B (B forwarded, reposted, "
                      "linked to or mentioned A); weight = B's items that did so.")
    titles = {n["key"]: n["title"] for n in g["nodes"]}
    t = Table(title=f"Top {min(top, len(g['edges']))} edges of {c['edges']}")
    for col in ("from (A)", "to (B)", "kind", "weight", "first", "last"):
        t.add_column(col, justify="right" if col == "weight" else "left", overflow="fold")
    for e in g["edges"][:top]:
        _row(t, _name(e["src"], titles), _name(e["dst"], titles), e["kind"], str(e["weight"]),
             (e["first_at"] or "")[:10], (e["last_at"] or "")[:10])
    out_console.print(t)
    nodes = sorted(g["nodes"], key=lambda n: (-n["out_strength"], n["key"]))
    t = Table(title="Most taken-from sources (out-strength)")
    for col in ("source", "monitored", "out", "taken by", "in", "community"):
        t.add_column(col)
    for n in nodes[:top]:
        if not n["out_strength"]:
            break
        _row(t, _name(n["key"], titles), "yes" if n["monitored"] else "no",
             str(n["out_strength"]), str(n["out_degree"]), str(n["in_strength"]),
             "" if n["community"] is None else str(n["community"]))
    out_console.print(t)
    if g["communities"]:
        t = Table(title=f"Communities ({len(g['communities'])} of two sources or more)")
        for col in ("id", "size", "monitored", "strongest members", "functions", "narratives"):
            t.add_column(col)
        for cm in g["communities"][:top]:
            _row(t, str(cm["id"]), str(cm["size"]), str(cm["monitored"]),
                 "; ".join(m["title"] or m["key"] for m in cm["top"][:3]),
                 _top(cm["functions"]), _top(cm["narratives"], 2))
        out_console.print(t)
