"""``tyndau media``: perceptual hashes of the images beside exports, hash lists, re-use clusters."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import orjson
from rich.table import Table

from tyndau.analysis.media import DEFAULT_MAX_DISTANCE, DEFAULT_MAX_PIXELS, MIN_PDQ_QUALITY
from tyndau.cli.common import db_option, err_console, out_console, printable, safe
from tyndau.config import Settings
from tyndau.errors import TyndauError
from tyndau.services.media import (
    hash_media,
    import_hash_list,
    match_hash_list,
    media_clusters,
)
from tyndau.store import Store


def _json(value: Any) -> None:
    click.echo(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode())


class _MediaGroup(click.Group):
    """Errors become one line on stderr and the error's exit code, also when run on its own."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TyndauError as exc:
            click.echo(f"tyndau: error: {printable(exc)}", err=True)
            sys.exit(exc.exit_code)


@click.group("media", cls=_MediaGroup)
def media() -> None:
    """Perceptual hashes (PDQ, pHash, dHash) of images beside exports: hash, match, cluster."""


@media.command("hash")
@db_option
@click.argument("export_dirs", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--max-pixels", type=click.IntRange(1), default=DEFAULT_MAX_PIXELS,
              show_default=True, help="Larger images are refused before decoding.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes hashing in parallel.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def hash_command(db: Path | None, export_dirs: tuple[Path, ...], max_pixels: int, workers: int,
                 as_json: bool) -> None:
    """Hash the image files that imported items name, in the EXPORT_DIRS they came from.

    Each item's media file is looked up only in the folder whose export (result.json) holds the
    item's chat (else by its bare name inside that folder); items of other chats or formats are
    counted, not guessed. Paths leading outside a folder are refused; files already hashed are
    skipped.
    """
    settings = Settings.resolve(db=db)
    with Store(settings.db) as store:
        report = hash_media(store, list(export_dirs), max_pixels=max_pixels, workers=workers)
    if as_json:
        _json(report)
        return
    for line in report["warnings"]:
        err_console.print(f"[yellow]warning:[/yellow] {safe(line)}")
    t = Table(title=f"media hash · run {report['run_id']}")
    t.add_column("images")
    t.add_column("hashed")
    t.add_column("new")
    t.add_column("already stored")
    t.add_column("missing")
    t.add_column("unreadable")
    t.add_column("refused")
    t.add_column("not images")
    t.add_row(*(f"{report[k]:,}" for k in ("images", "hashed", "new", "already_stored",
                                           "missing", "unreadable", "refused", "not_image")))
    out_console.print(t)
    rate = report["images_per_second"]
    out_console.print(f"{report['files_read']:,} files read in {report['seconds']:.2f} s"
                      + (f" ({rate:,.0f} images/s)" if rate else ""))


@media.command("import-list")
@db_option
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
def import_list_command(db: Path | None, csv_file: Path) -> None:
    """Import a CSV list of known media hashes (columns hash,type,label,source)."""
    settings = Settings.resolve(db=db)
    with Store(settings.db) as store:
        report = import_hash_list(store, csv_file)
    kinds = ", ".join(f"{k} {n:,}" for k, n in report["by_type"].items())
    out_console.print(f"{safe(report['list_name'])}: {report['rows']:,} rows, "
                      f"{report['new']:,} new, {report['already_stored']:,} already stored"
                      + (f" ({kinds})" if kinds else ""))


@media.command("match")
@db_option
@click.option("--max-distance-pdq", type=click.IntRange(0, 256),
              default=DEFAULT_MAX_DISTANCE["pdq"], show_default=True,
              help="PDQ bits (of 256) that may differ.")
@click.option("--max-distance-phash", type=click.IntRange(0, 64),
              default=DEFAULT_MAX_DISTANCE["phash"], show_default=True,
              help="pHash bits (of 64) that may differ.")
@click.option("--max-distance-dhash", type=click.IntRange(0, 64),
              default=DEFAULT_MAX_DISTANCE["dhash"], show_default=True,
              help="dHash bits (of 64) that may differ.")
@click.option("--min-quality", type=click.IntRange(0, 100), default=MIN_PDQ_QUALITY,
              show_default=True, help="PDQ hashes of lower quality are not matched.")
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
def match_command(db: Path | None, max_distance_pdq: int, max_distance_phash: int,
                  max_distance_dhash: int, min_quality: int, as_json: bool) -> None:
    """Stored media that match an imported hash list, nearest first."""
    settings = Settings.resolve(db=db)
    with Store(settings.db, read_only=True) as store:
        matches = match_hash_list(store, max_distance_pdq=max_distance_pdq,
                                  max_distance_phash=max_distance_phash,
                                  max_distance_dhash=max_distance_dhash,
                                  min_pdq_quality=min_quality)
    if as_json:
        _json(matches)
        return
    t = Table(title=f"{len(matches)} hash-list matches")
    for c in ("item", "file", "type", "distance", "label", "list source"):
        t.add_column(c)
    for m in matches:
        t.add_row(safe(m["item_key"]), safe(m["file"]), safe(m["hash_type"]), str(m["distance"]),
                  safe(m["label"]), safe(m["list_source"]))
    out_console.print(t)


@media.command("clusters")
@db_option
@click.option("--min-sources", type=click.IntRange(1), default=2, show_default=True,
              help="Keep clusters whose images appear in at least this many sources.")
@click.option("--hash", "hash_type", type=click.Choice(["pdq", "phash", "dhash"]),
              default="pdq", show_default=True, help="The perceptual hash compared.")
@click.option("--max-distance", type=click.IntRange(0, 256), default=None,
              help="Bits that may differ [default: 31 for pdq, 10 for phash and dhash].")
@click.option("--min-quality", type=click.IntRange(0, 100), default=MIN_PDQ_QUALITY,
              show_default=True, help="PDQ hashes of lower quality link only by identical bytes.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Show the first N clusters.")
@click.option("--json", "as_json", is_flag=True, help="Print the clusters as JSON.")
def clusters_command(db: Path | None, min_sources: int, hash_type: str,
                     max_distance: int | None, min_quality: int, limit: int | None,
                     as_json: bool) -> None:
    """Images re-used across sources: clusters of near-identical pictures, widest spread first."""
    settings = Settings.resolve(db=db)
    with Store(settings.db, read_only=True) as store:
        clusters = media_clusters(store, min_sources=min_sources, hash_type=hash_type,
                                  max_distance=max_distance, min_pdq_quality=min_quality,
                                  limit=limit)
    if as_json:
        _json(clusters)
        return
    t = Table(title=f"{len(clusters)} clusters of re-used images")
    for c in ("cluster", "sources", "files", "platforms", "first seen", "at", "spread to"):
        t.add_column(c)
    for c in clusters:
        first = c["first_seen"]
        others = sorted({i["source_key"] or "" for i in c["items"]} - {first["source_key"]})
        t.add_row(safe(c["id"]), str(c["sources"]), str(c["files"]),
                  safe(", ".join(c["platforms"])),
                  safe(first["item_key"]), safe((first["published_at"] or "")[:16]),
                  safe(", ".join(others)))
    out_console.print(t)


command = media
