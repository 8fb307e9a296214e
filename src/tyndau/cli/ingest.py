"""``tyndau ingest PATH…``: import exports and API responses (format sniffed from content)."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from tyndau.cli.common import db_option, err_console, interactive, key_option, out_console
from tyndau.connectors import registry
from tyndau.connectors.tabular import Mapping
from tyndau.errors import ConfigError
from tyndau.services.ingest import IngestReport, ingest
from tyndau.store import Store


def _pairs(values: tuple[str, ...], flag: str) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            raise ConfigError(f"{flag} expects FIELD=VALUE, got {v!r}")
        k, _, val = v.partition("=")
        out[k.strip()] = val.strip()
    return out


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@key_option
@click.option("--format", "fmt", type=click.Choice([c.name for c in registry()]), default=None,
              help="Force a format instead of sniffing it.")
@click.option("--encoding", default=None, help="Text encoding of the files (e.g. cp1251).")
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN",
              help="CSV/JSONL: read FIELD from COLUMN (repeatable).")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help="CSV/JSONL: a constant FIELD value, e.g. --set platform=web.")
@click.option("--mapping", "mapping_file", type=click.Path(exists=True, path_type=Path),
              default=None, help="CSV/JSONL: a JSON mapping file {columns:{}, constants:{}}.")
@click.option("--option", "opts", multiple=True, metavar="KEY=VALUE",
              help="Connector option, e.g. VK comment pages that do not name their post: "
                   "--option owner_id=-1 --option post_id=2; YouTube: --option channel_id=UC…")
@click.option("--skip-bad", is_flag=True,
              help="Import each file in its own transaction; report and skip files that fail.")
@click.option("--max-text-chars", type=int, default=None,
              help="Reject records with longer text (hostile input) [default 1,000,000].")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def command(paths: tuple[Path, ...], db: Path | None, key_file: Path | None, fmt: str | None,
            encoding: str | None, maps: tuple[str, ...], sets: tuple[str, ...],
            mapping_file: Path | None, opts: tuple[str, ...], skip_bad: bool,
            max_text_chars: int | None, as_json: bool) -> None:
    """Import files or folders into the store. Re-importing adds nothing.

    All files are one transaction: if one fails, nothing is imported (unless --skip-bad).
    """
    from tyndau.config import Settings

    settings = Settings.resolve(db=db, key_file=key_file, max_text_chars=max_text_chars)
    mapping = Mapping.from_file(mapping_file) if mapping_file else Mapping()
    if maps or sets:
        mapping = Mapping({**mapping.columns, **_pairs(maps, "--map")},
                          {**mapping.constants, **_pairs(sets, "--set")})
    started = time.perf_counter()
    with Store(settings.db) as store, _progress() as bar:
        task = bar.add_task("importing", total=None, items=0)

        def progress(path: str, n: int) -> None:
            bar.update(task, description=Path(path).name[:40], items=n)

        report = ingest(store, paths, settings, fmt=fmt, encoding=encoding,
                        options={**_pairs(opts, "--option"), "mapping": mapping},
                        skip_bad=skip_bad, progress=progress)
    elapsed = time.perf_counter() - started
    if as_json:
        import orjson

        click.echo(orjson.dumps({**report.to_json(), "seconds": round(elapsed, 3)}).decode())
    else:
        print_summary(report, elapsed)
    if any(f.error for f in report.files):
        raise SystemExit(2)


def _progress() -> Progress:
    """A live line on long imports (only on a terminal; silent in logs and CI)."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"),
                    TextColumn("{task.fields[items]:,} items read"), TimeElapsedColumn(),
                    console=err_console, transient=True, disable=not interactive())


def print_summary(report: IngestReport, elapsed: float) -> None:
    table = Table(title=f"Import {report.run_id}", show_lines=False)
    for col, justify in (("file", "left"), ("format", "left"), ("sources new", "right"),
                         ("items read", "right"), ("new", "right"), ("already present", "right"),
                         ("skipped", "left")):
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for f in report.files:
        skipped = "; ".join(f"{n} {reason}" for reason, n in f.skipped.most_common(3))
        if f.error:
            skipped = f"[red]FAILED: {f.error}[/red]"
        table.add_row(Path(f.path).name, f.format, f"{f.sources_new:,}", f"{f.items_read:,}",
                      f"{f.items_new:,}", f"{f.items_present:,}", skipped)
    out_console.print(table)
    t = report.totals()
    rate = t["items_read"] / elapsed if elapsed > 0 else 0
    out_console.print(
        f"{t['files']} files, {t['items_new']:,} new items, {t['items_present']:,} already "
        f"present, {t['skipped']:,} skipped, {t['sources_new']:,} new sources "
        f"({elapsed:.1f} s, {rate:,.0f} items/s)")
    if report.not_data:
        out_console.print(f"{len(report.not_data)} non-data files ignored (media, other types)")
