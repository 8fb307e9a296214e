"""``tyndau demo``: the bundled synthetic corpus → fresh store → analysis → summary → report."""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

import click

from tyndau.cli.common import key_option, out_console
from tyndau.cli.ingest import print_summary
from tyndau.config import Settings
from tyndau.pipeline.registry import default_pipeline
from tyndau.pipeline.runner import analyse
from tyndau.reports.html import write_report
from tyndau.services.ingest import ingest
from tyndau.services.media import hash_media, import_hash_list, match_hash_list
from tyndau.services.near_duplicates import build_near_duplicates
from tyndau.services.report_data import report_data
from tyndau.store import Store


def sample_dir() -> Path:
    return Path(str(resources.files("tyndau.data").joinpath("sample")))


def sample_paths() -> list[Path]:
    """The folders of the bundled sample corpus that hold exports (not gold labels or docs)."""
    corpus = sample_dir()
    return [p for p in (corpus / "telegram", corpus / "vk", corpus / "csv", corpus / "tracker")
            if p.exists()]


@click.command("demo")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("tyndau-demo.duckdb"), show_default=True,
              help="Demo store (replaced on every run).")
@key_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("tyndau-report.html"), show_default=True)
def command(db: Path, key_file: Path | None, output: Path) -> None:
    """Ingest the bundled SYNTHETIC sample corpus into a fresh store, analyse it, report."""
    started = time.perf_counter()
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    settings = Settings.resolve(db=db, key_file=key_file)
    corpus = sample_dir()
    paths = sample_paths()
    out_console.print(f"[bold]tyndau demo[/bold] — synthetic sample corpus from {corpus}")
    with Store(settings.db) as store:
        rep = ingest(store, paths, settings)
        print_summary(rep, time.perf_counter() - started)
        result = analyse(store, default_pipeline())
        dups = build_near_duplicates(store)
        media = hash_media(store, [corpus / "telegram"])
        import_hash_list(store, corpus / "hash_list.csv")
        matches = match_hash_list(store)
        data = report_data(store)
    out_console.print(f"analysed {result.items:,} items in {result.seconds:.1f} s; "
                      f"{dups['clusters']} near-duplicate clusters of {dups['items_clustered']} "
                      "items (tyndau duplicates)")
    out_console.print(f"media: {media['hashed']} images hashed, {len(matches)} match the sample "
                      "hash list (tyndau media match)")
    fn = ", ".join(f"{f['label']} {f['items']}" for f in data["functions"])
    out_console.print(f"function: {fn}")
    langs = ", ".join(f"{lang} {n}" for lang, n in data["by_language"])
    out_console.print(f"languages: {langs}")
    top_n = sorted(data["narratives"], key=lambda f: -f["items"])[:3]
    out_console.print("top narratives: " + ", ".join(f"{f['label']} {f['items']}" for f in top_n))
    write_report(data, output)
    out_console.print(f"store: {db} · report: {output} · "
                      f"{time.perf_counter() - started:.1f} s in all")
    out_console.print(f"workbench: tyndau user add admin --role admin --db {db}, then "
                      f"tyndau serve --db {db}")
