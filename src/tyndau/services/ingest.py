"""Import files into the store: sniff, stream, batch, write — all or nothing, in bounded memory.

Files are streamed and written in batches, each batch its own transaction, so memory stays flat
however large the export (one DuckDB transaction holding a million rows would need gigabytes).
Every row an import adds is tagged with the import's run and file (``ingest_run``). If any file
fails, the rows of the whole call are deleted again in one transaction, so the store is exactly
as it was before; with ``skip_bad`` only the failed file's rows are. Metadata updates of sources
that already existed wait for the final transaction. An import killed part-way (power cut,
``kill -9``) leaves a run marked ``running``: the next write to the store undoes it first (the
store admits one writer, so a ``running`` run found then is dead). Re-importing a file adds
nothing: records are keyed by (platform, source, item id) and only new keys are inserted.
"""

from __future__ import annotations

import os
import queue
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pyarrow as pa

import tyndau
from tyndau.config import Settings
from tyndau.connectors import ImportContext, Skip, by_name, sniff
from tyndau.errors import InputError, TyndauError
from tyndau.privacy.pseudonymise import Pseudonymiser
from tyndau.schema import Item, Run, ServiceEvent, Source, SourceSnapshot, SourceTitle
from tyndau.schema.columns import to_arrow
from tyndau.store import Store
from tyndau.store.recovery import recover_interrupted, undo

DATA_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv", ".tsv"}
MEDIA_DIRS = {"photos", "files", "video_files", "voice_messages", "round_video_messages",
              "stickers", "animations", "audio_files", "images", "css", "js"}


@dataclass
class FileReport:
    path: str
    format: str = ""
    sources_new: int = 0
    items_read: int = 0
    items_new: int = 0
    snapshots_new: int = 0
    events_new: int = 0
    skipped: Counter = field(default_factory=Counter)
    error: str | None = None

    @property
    def items_present(self) -> int:
        return self.items_read - self.items_new


@dataclass
class IngestReport:
    run_id: str
    files: list[FileReport] = field(default_factory=list)
    not_data: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        keys = ("sources_new", "items_read", "items_new", "snapshots_new", "events_new")
        out = {k: sum(getattr(f, k) for f in self.files if f.error is None) for k in keys}
        out["items_present"] = out["items_read"] - out["items_new"]
        out["skipped"] = sum(sum(f.skipped.values()) for f in self.files if f.error is None)
        out["files"] = len(self.files)
        out["files_failed"] = sum(1 for f in self.files if f.error)
        return out

    def to_json(self) -> dict:
        return {
            "run_id": self.run_id,
            "totals": self.totals(),
            "files": [
                {**{k: v for k, v in f.__dict__.items() if k != "skipped"},
                 "items_present": f.items_present, "skipped": dict(f.skipped)}
                for f in self.files
            ],
            "not_data_files": self.not_data,
        }


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Files to import: explicit files as given; folders walked for data files (sorted)."""
    files: list[Path] = []
    not_data: list[str] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in MEDIA_DIRS)
                for name in sorted(names):
                    f = Path(root) / name
                    if name.startswith("."):
                        continue
                    if f.suffix.lower() in DATA_SUFFIXES:
                        files.append(f)
                    else:
                        not_data.append(str(f))
        elif p.exists():
            files.append(p)
        else:
            raise InputError("no such file or folder", path=str(p))
    return files, not_data


ProgressFn = Callable[[str, int], None]


def ingest(
    store: Store,
    paths: Iterable[Path],
    settings: Settings,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    options: dict | None = None,
    skip_bad: bool = False,
    progress: ProgressFn | None = None,
) -> IngestReport:
    files, not_data = expand(paths)
    if not files:
        raise InputError("no data files to import (looked for " + ", ".join(sorted(DATA_SUFFIXES))
                         + ")", path=", ".join(str(p) for p in paths))
    pseudonymiser = Pseudonymiser.from_file(settings.key_file)
    recover_interrupted(store)
    started = datetime.now(UTC)
    report = IngestReport(run_id="ingest-" + uuid.uuid4().hex[:12], not_data=not_data)
    seen_sources: dict[str, Source] = {}
    titles_seen: list[tuple[str, str, datetime]] = []
    with store.transaction():
        store.insert_new(Run, [Run(run_id=report.run_id, kind="ingest", started_at=started,
                                   finished_at=None, status="running", stages=None,
                                   settings=None, counts=None,
                                   tyndau_version=tyndau.__version__, error=None)])

    def one(number: int, path: Path) -> None:
        fr = FileReport(path=str(path))
        report.files.append(fr)
        connector = by_name(fmt) if fmt else sniff(path)
        fr.format = connector.name
        ctx = ImportContext(path=path, pseudonymiser=pseudonymiser, imported_at=started,
                            max_text_chars=settings.max_text_chars, encoding=encoding,
                            options=dict(options or {}))
        tag = f"{report.run_id}#{number}"
        file_sources: dict[str, Source] = {}
        file_titles: dict[str, str] = {}
        newest = _write(store, connector.read(ctx), fr, tag, settings.batch_size, seen_sources,
                        file_sources, file_titles, progress)
        seen_sources.update(file_sources)  # only files that succeeded refresh source metadata
        # when the file's titles were true: the date in its name, else its newest item's time
        # (an export is made after its last post), else now
        observed = ctx.name_date or newest or started
        titles_seen.extend((k, t, observed) for k, t in file_titles.items())

    try:
        for number, path in enumerate(files, start=1):
            try:
                one(number, path)
            except Exception as exc:
                if isinstance(exc, TyndauError):
                    error: TyndauError = exc
                else:
                    error = InputError(_unexpected(path, exc))
                    error.__cause__ = exc
                if not skip_bad:
                    raise error  # noqa: B904 — the cause is set above when there is one
                undo(store, f"{report.run_id}#{number}")
                report.files[-1].error = str(error)
        with store.transaction():
            _update_sources(store, list(seen_sources.values()))
            _record_titles(store, titles_seen, f"{report.run_id}#0")
            _finish_run(store, report, started, settings)
    except BaseException:
        undo(store, report.run_id, whole_run=True)
        raise
    return report


def _unexpected(path: Path, exc: Exception) -> str:
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{path}: cannot import ({type(exc).__name__}: {detail})"


class _BackgroundWriter:
    """Writes item batches on a second thread, so parsing continues while DuckDB inserts.

    DuckDB releases the GIL while it executes, so on two cores parsing (Python) and inserting
    (C++) overlap. Only this thread touches the connection until :meth:`close` returns; an error
    on the writer is re-raised in the caller, inside the same transaction, which then rolls back.
    """

    def __init__(self, store: Store, fr: FileReport, tag: str) -> None:
        self.store = store
        self.fr = fr
        self.tag = tag
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="tyndau-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            job = self.queue.get()
            if job is None:
                return
            if self.error is not None:
                continue
            sources, batch = job
            try:
                with self.store.transaction():
                    if sources:
                        self.fr.sources_new += self.store.insert_new(Source, sources)
                    if batch is not None:
                        self.fr.items_new += self.store.insert_arrow_new(Item, batch)
            except BaseException as exc:  # handed to the caller
                self.error = exc

    def put(self, sources: list[Source], items: list[Item]) -> None:
        self._check()
        for src in sources:
            src.ingest_run = self.tag
        batch = None
        if items:
            batch = to_arrow(Item, items)
            batch = batch.set_column(batch.schema.get_field_index("ingest_run"), "ingest_run",
                                     pa.array([self.tag] * batch.num_rows, pa.string()))
        self.queue.put((sources, batch))

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self._check()

    def _check(self) -> None:
        if self.error is not None:
            raise self.error


def _write(store: Store, records: Iterable, fr: FileReport, tag: str, batch_size: int,
           seen_sources: dict[str, Source], file_sources: dict[str, Source],
           file_titles: dict[str, str], progress: ProgressFn | None) -> datetime | None:
    """Stream one file's records into the store; ``file_titles`` collects the titles the file
    itself gives its sources (not those carried over from earlier files). Returns the newest
    item's publication time."""
    newest: datetime | None = None
    items: list[Item] = []
    sources: dict[str, Source] = {}
    snapshots: list[SourceSnapshot] = []
    events: list[ServiceEvent] = []
    writer = _BackgroundWriter(store, fr, tag)
    try:
        for rec in records:
            if isinstance(rec, Item):
                items.append(rec)
                if rec.published_at is not None and (newest is None or rec.published_at > newest):
                    newest = rec.published_at
                fr.items_read += 1
                if len(items) >= batch_size:
                    writer.put(list(sources.values()), items)
                    sources.clear()
                    items = []
                    if progress:
                        progress(fr.path, fr.items_read)
            elif isinstance(rec, Source):
                if rec.title:
                    file_titles[rec.source_key] = rec.title
                earlier = file_sources.get(rec.source_key) or seen_sources.get(rec.source_key)
                if earlier is not None:  # later files win, but only with what they know
                    rec.title = rec.title or earlier.title
                    rec.handle = rec.handle or earlier.handle
                    rec.url = rec.url or earlier.url
                sources[rec.source_key] = rec
                file_sources[rec.source_key] = rec
            elif isinstance(rec, SourceSnapshot):
                rec.ingest_run = tag
                snapshots.append(rec)
            elif isinstance(rec, ServiceEvent):
                rec.ingest_run = tag
                events.append(rec)
            elif isinstance(rec, Skip):
                fr.skipped[rec.reason] += 1
        writer.put(list(sources.values()), items)
    finally:
        writer.close()
    with store.transaction():
        fr.snapshots_new += store.insert_new(SourceSnapshot, snapshots)
        fr.events_new += store.insert_new(ServiceEvent, events)
    return newest


def _update_sources(store: Store, sources: list[Source]) -> None:
    """Refresh metadata of every source this import saw (in the final transaction, one
    statement for all of them)."""
    if not sources:
        return
    batch = pa.table({
        "source_key": pa.array([s.source_key for s in sources], pa.string()),
        "seen": pa.array([s.last_imported_at for s in sources], pa.timestamp("us", tz="UTC")),
        "title": pa.array([s.title for s in sources], pa.string()),
        "handle": pa.array([s.handle for s in sources], pa.string()),
        "url": pa.array([s.url for s in sources], pa.string()),
    })
    store.con.register("_tyndau_seen", batch)
    try:
        store.con.execute(
            "UPDATE source SET last_imported_at = greatest(source.last_imported_at, b.seen), "
            "title = coalesce(b.title, source.title), handle = coalesce(b.handle, "
            "source.handle), url = coalesce(b.url, source.url) "
            "FROM _tyndau_seen b WHERE source.source_key = b.source_key")
    finally:
        store.con.unregister("_tyndau_seen")


def _record_titles(store: Store, seen: list[tuple[str, str, datetime]], tag: str) -> None:
    """Extend each source's title history with the titles this import saw, each at the time
    its file observed it, and make a source's title the most recently observed one (so an
    older export imported later does not undo a rename). Rows carry the run's tag ``<run>#0``
    so that undoing the run removes them."""
    if not seen:
        return
    store.insert_new(SourceTitle, [
        SourceTitle(source_key=k, title=t, first_seen_at=at, last_seen_at=at, ingest_run=tag)
        for k, t, at in seen])
    batch = pa.table({"source_key": pa.array([k for k, _, _ in seen], pa.string()),
                      "title": pa.array([t for _, t, _ in seen], pa.string()),
                      "seen_at": pa.array([a for _, _, a in seen], pa.timestamp("us", tz="UTC"))})
    store.con.register("_tyndau_titles", batch)
    try:
        store.con.execute(
            "UPDATE source_title SET first_seen_at = least(source_title.first_seen_at, b.lo), "
            "last_seen_at = greatest(source_title.last_seen_at, b.hi) "
            "FROM (SELECT source_key, title, min(seen_at) AS lo, max(seen_at) AS hi "
            "      FROM _tyndau_titles "
            "      GROUP BY ALL) b "
            "WHERE source_title.source_key = b.source_key AND source_title.title = b.title")
        store.con.execute(
            "UPDATE source SET title = latest.title FROM ("
            "  SELECT source_key, arg_max(title, last_seen_at) AS title FROM source_title "
            "  WHERE source_key IN (SELECT source_key FROM _tyndau_titles) GROUP BY 1"
            ") latest WHERE source.source_key = latest.source_key")
    finally:
        store.con.unregister("_tyndau_titles")


def _finish_run(store: Store, report: IngestReport, started: datetime,
                settings: Settings) -> None:
    status = "done" if not any(f.error for f in report.files) else "done_with_errors"
    store.con.execute(
        "UPDATE run SET status = ?, finished_at = ?, stages = ?, settings = ?, counts = ? "
        "WHERE run_id = ?",
        [status, datetime.now(UTC),
         orjson.dumps(sorted({f.format for f in report.files if f.format})).decode(),
         orjson.dumps({"batch_size": settings.batch_size,
                       "max_text_chars": settings.max_text_chars}).decode(),
         orjson.dumps(report.to_json()["totals"]).decode(), report.run_id])
