"""``tyndau trends``, ``tyndau bursts``, ``tyndau changes``: series, bursts and what changed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click
import orjson
from rich.table import Table

from tyndau.analysis.trends import DEFAULT_BASELINE, DEFAULT_MIN_COUNT, DEFAULT_P
from tyndau.cli.common import db_option, err_console, out_console, safe
from tyndau.config import Settings
from tyndau.services.trends import (
    AXES,
    DEFAULT_CHANGE_P,
    DIMENSIONS,
    bursts,
    changes,
    compare,
    countries_from_registry,
    series,
)
from tyndau.store import Store

_DATE = click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"])
_PROB = click.FloatRange(0.0, 1.0, min_open=True, max_open=True)


def _window_options(f: Any) -> Any:
    for option in reversed([
        click.option("--since", type=_DATE, default=None,
                     help="Only periods from this date (UTC) on."),
        click.option("--until", type=_DATE, default=None,
                     help="Only items before this date (UTC)."),
        click.option("--registry", type=click.Path(dir_okay=False, path_type=Path),
                     default=None,
                     help="Attribution registry whose `country` column maps sources to "
                          "countries [default: the configured registry, when it exists]."),
        click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables."),
    ]):
        f = option(f)
    return f


def _countries(store: Store, settings: Settings, registry: Path | None) -> dict[str, str] | None:
    from tyndau.services.attribution import load_registry

    path = registry or settings.attribution
    if registry is None and not path.is_file():
        return None
    return countries_from_registry(store, load_registry(path)) or None


def _echo_json(data: object) -> None:
    click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode())


def _p(value: float) -> str:
    return "< 1e-300" if value == 0 else f"{value:.1e}" if value < 0.001 else f"{value:.3f}"


# -- trends ---------------------------------------------------------------------------------

@click.command("trends")
@db_option
@click.option("--by", type=click.Choice(DIMENSIONS), default="function", show_default=True,
              help="What to count items by (narratives include discovered ones).")
@click.option("--period", type=click.Choice(["day", "week"]), default="week",
              show_default=True)
@click.option("--label", default=None,
              help="One value only; for a function, narrative or grievance label also its "
                   "share across languages, platforms and countries and the order in which it "
                   "reached each language.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@_window_options
def trends_command(db: Path | None, by: str, period: str, label: str | None, limit: int,
                   since: datetime | None, until: datetime | None, registry: Path | None,
                   as_json: bool) -> None:
    """Items per day or week for every label, narrative, language, platform or source."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        countries = _countries(store, settings, registry)
        data = series(store, by, period=period, label=label, since=since, until=until,
                      countries=countries, limit=limit)
        comparison = (compare(store, axis=by, label=label, countries=countries)
                      if label and by in AXES else None)
    if as_json:
        _echo_json({"series": data, "comparison": comparison})
        return
    if data.get("note"):
        err_console.print(f"[dim]{safe(data['note'])}[/dim]")
    recent = data["periods"][-8:]
    t = Table(title=f"items per {period} by {safe(by)}"
                    + (f": {safe(label)}" if label else "")
                    + f" ({len(data['periods'])} {period}s)")
    for c in ("value", "total", "first seen", "last seen", *(p[5:] for p in recent),
              "share (last)"):
        t.add_column(c)
    for v in data["values"]:
        last_share = v["shares"][-1] if v["shares"] else None
        t.add_row(f"{safe(v['value'])}" + (f"\n[dim]{safe(v['title'])}[/dim]" if v["title"]
                                            else ""),
                  safe(v["total"]), safe(v["first_seen"][:10]), safe(v["last_seen"][:10]),
                  *(safe(n) for n in v["counts"][-len(recent):] if recent),
                  f"{last_share:.1%}" if last_share is not None else "—")
    out_console.print(t)
    if comparison:
        _print_comparison(comparison)


def _print_comparison(c: dict[str, Any]) -> None:
    for by in ("lang", "platform", "country"):
        t = Table(title=f"share of {safe(c['label'])} by {by}")
        for col in (by, "items", "of", "share"):
            t.add_column(col)
        for r in c[by]:
            t.add_row(safe(r[by]), safe(r["items"]), safe(r["of"]),
                      f"{r['share']:.1%}" if r["share"] is not None else "—")
        out_console.print(t)
    if c.get("country_note"):
        err_console.print(f"[dim]{safe(c['country_note'])}[/dim]")
    t = Table(title=f"{safe(c['label'])}: first appearance in each language")
    for col in ("#", "lang", "first seen", "after days", "items", "first item", "copy of"):
        t.add_column(col)
    for r in c["crossing"]:
        via = r["copy_of"]
        t.add_row(safe(r["order"]), safe(r["lang"]), safe(r["first_seen"][:16]),
                  safe(r["days_after_first"]), safe(r["items"]),
                  f"{safe(r['first_item'])}\n[dim]{safe(r['first_source'])}[/dim]",
                  f"{safe(via['item_key'])} ({safe(via['lang'])})" if via else "—")
    out_console.print(t)


# -- bursts ---------------------------------------------------------------------------------

@click.command("bursts")
@db_option
@click.option("--by", type=click.Choice(DIMENSIONS), default="all", show_default=True,
              help="Test the series of every value of this dimension (all: every item).")
@click.option("--period", type=click.Choice(["day", "week"]), default="week",
              show_default=True)
@click.option("--p", "p", type=_PROB, default=DEFAULT_P, show_default=True,
              help="Significance threshold of the upper-tail test.")
@click.option("--baseline", type=click.IntRange(2, 104), default=DEFAULT_BASELINE,
              show_default=True, help="Weeks of history each period is compared with.")
@click.option("--min-count", type=click.IntRange(1), default=DEFAULT_MIN_COUNT,
              show_default=True, help="Fewer items in a period are never a burst.")
@click.option("--label", default=None, help="Test one value only.")
@_window_options
def bursts_command(db: Path | None, by: str, period: str, p: float, baseline: int,
                   min_count: int, label: str | None, since: datetime | None,
                   until: datetime | None, registry: Path | None, as_json: bool) -> None:
    """Bursts robust to weekly cycles and bulk posting, each with what drove it."""
    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        countries = _countries(store, settings, registry) if by == "country" else None
        data = bursts(store, by=by, period=period, p=p, baseline_periods=baseline,
                      min_count=min_count, label=label, since=since, until=until,
                      countries=countries)
    if as_json:
        _echo_json(data)
        return
    _print_bursts(data["bursts"], f"{len(data['bursts'])} bursts by {safe(by)} per {period} "
                                  f"({data['tests']} tests, ~{data['expected_by_chance']} "
                                  "expected by chance)", safe(data["method"]))


def _print_bursts(found: list[dict[str, Any]], title: str, caption: str | None = None) -> None:
    t = Table(title=title, caption=f"method: {caption}" if caption else None)
    for c in ("period", "value", "items", "expected", "p", "capped p", "driven by",
              "sources", "terms", "languages", "examples"):
        t.add_column(c)
    for b in found:
        ex = b["explanation"] or {}
        sources = "\n".join(f"{safe(s['title'] or s['source_key'])}: {safe(s['items'])} "
                            f"(usually {safe(s['usual'])})" for s in ex.get("sources", [])[:3])
        terms = ", ".join(safe(t["surface"] if "surface" in t else t["term"])
                          for t in ex.get("terms", [])[:6])
        langs = " ".join(f"{safe(x['lang'])}:{safe(x['items'])}"
                         for x in ex.get("languages", [])[:5])
        t.add_row(safe(b["start"]) + (" (partial)" if b["partial"] else ""),
                  ("" if b["by"] == "all" else f"{safe(b['by'])}: ") + safe(b["value"])
                  + (f"\n[dim]{safe(b['title'])}[/dim]" if b.get("title") else ""),
                  safe(b["count"]), safe(b["expected"]), _p(b["p"]), _p(b["capped"]["p"]),
                  safe(b["driven_by"]), sources or "—", terms or "—", langs or "—",
                  "\n".join(safe(k) for k in ex.get("examples", [])[:3]) or "—")
    out_console.print(t)


# -- changes --------------------------------------------------------------------------------

@click.command("changes")
@db_option
@click.option("--since", type=_DATE, required=True,
              help="Start of the window (UTC); compared with the same length before it.")
@click.option("--until", type=_DATE, default=None,
              help="End of the window [default: the day after the newest item].")
@click.option("--p", "p", type=_PROB, default=DEFAULT_CHANGE_P, show_default=True,
              help="Significance threshold for rising and falling labels.")
@click.option("--burst-p", type=_PROB, default=DEFAULT_P, show_default=True,
              help="Significance threshold for bursts.")
@click.option("--rules", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Alert rules (JSON list) to evaluate at the end of the window.")
@click.option("--alert-log", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where fired alerts are appended as JSON lines [default: alerts.jsonl "
                   "beside the store].")
@click.option("--webhook", default=None,
              help="Also POST fired alerts as JSON to this http(s) URL.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def changes_command(db: Path | None, since: datetime, until: datetime | None, p: float,
                    burst_p: float, rules: Path | None, alert_log: Path | None,
                    webhook: str | None, as_json: bool) -> None:
    """What changed since a date: new and rising/falling labels, bursts, new sources."""
    from tyndau.services.alerts import check_webhook, load_rules, run_alerts

    if (alert_log or webhook) and not rules:
        raise click.UsageError("--alert-log and --webhook need --rules")
    settings = Settings.resolve(db=db)
    rule_list = load_rules(rules) if rules else []
    if webhook:
        check_webhook(webhook)
    with Store.reading(settings.db) as store:
        data = changes(store, since=since, until=until, p=p, burst_p=burst_p)
        fired = None
        if rules:
            log = alert_log or settings.db.with_name("alerts.jsonl")
            fired = run_alerts(store, rule_list, now=datetime.fromisoformat(
                data["window"]["until"]), log_path=log, webhook_url=webhook)
            data["alerts"] = {"rules": len(rule_list), "fired": fired, "log": str(log)}
    if as_json:
        _echo_json(data)
        return
    w, prev = data["window"], data["previous"]
    out_console.print(f"[bold]window[/bold] {safe(w['since'][:10])} – {safe(w['until'][:10])}: "
                      f"{safe(w['items'])} items; previous {safe(prev['since'][:10])} – "
                      f"{safe(prev['until'][:10])}: {safe(prev['items'])} items")
    for kind in ("new", "rising", "falling"):
        t = Table(title=f"{kind} labels ({len(data[kind])})")
        for c in ("axis", "label", "items", "before", "share", "before share", "p",
                  "sources", "languages", "examples"):
            t.add_column(c)
        for e in data[kind]:
            ev = e["evidence"]
            t.add_row(safe(e["axis"]), safe(e["label"]), safe(e["items"]),
                      safe(e["previous_items"]), _share(e["share"]), _share(e["previous_share"]),
                      _p(e["p"]) if "p" in e else f"first {safe(e['first_seen'][:10])}",
                      "\n".join(f"{safe(s['title'] or s['source_key'])}: {safe(s['items'])}"
                                for s in ev["sources"][:3]),
                      " ".join(f"{safe(x['lang'])}:{safe(x['items'])}"
                               for x in ev["languages"][:5]),
                      "\n".join(safe(k) for k in ev["examples"][:3]))
        out_console.print(t)
    _print_bursts(data["bursts"], f"bursts in the window ({len(data['bursts'])})")
    t = Table(title=f"newly active sources ({len(data['new_sources'])})")
    for c in ("source", "platform", "first item", "items", "functions", "examples"):
        t.add_column(c)
    for s in data["new_sources"]:
        t.add_row(f"{safe(s['title'] or s['source_key'])}\n[dim]{safe(s['source_key'])}[/dim]",
                  safe(s["platform"]), safe(s["first_seen"][:16]), safe(s["items"]),
                  " ".join(f"{safe(f['function'])}:{safe(f['items'])}"
                           for f in s["evidence"]["functions"][:4]),
                  "\n".join(safe(k) for k in s["evidence"]["examples"][:3]))
    out_console.print(t)
    if fired is not None:
        out_console.print(f"alerts: {len(fired)} of {len(rule_list)} rules fired"
                          + (f", appended to {safe(data['alerts']['log'])}" if fired else ""))
        for a in fired:
            hook = a.get("webhook")
            out_console.print(f"  {safe(a['alert'])}: {safe(a['items'])} items from "
                              f"{safe(a['sources'])} sources"
                              + (f" — webhook {'delivered' if hook['delivered'] else 'failed'}"
                                 f" {safe(hook.get('error') or hook.get('status'))}"
                                 if hook else ""))


def _share(value: float | None) -> str:
    return f"{value:.1%}" if value is not None else "—"
