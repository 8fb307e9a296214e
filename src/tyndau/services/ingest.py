"""Import files into the store: sniff, stream, batch, write — all or nothing.

By default one ``ingest`` call is one transaction: if any file fails, the store is exactly as it
was before the call. With ``skip_bad`` every file is its own transaction and a bad file is
reported and skipped. Re-importing a file adds nothing: records are keyed by (platform, source,
item id) and only new keys are inserted.
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

import tyndau
from tyndau.config import Settings
from tyndau.connectors import ImportContext, Skip, by_name, sniff
from tyndau.errors import InputError, TyndauError
from tyndau.privacy.pseudonymise import Pseudonymiser
from tyndau.schema import Item, Run, ServiceEvent, Source, SourceSnapshot
from tyndau.schema.columns import to_arrow
from tyndau.store import Store

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
    started = datetime.now(UTC)
    report = IngestReport(run_id="ingest-" + uuid.uuid4().hex[:12], not_data=not_data)

    def one(path: Path) -> FileReport:
        fr = FileReport(path=str(path))
        report.files.append(fr)
        connector = by_name(fmt) if fmt else sniff(path)
        fr.format = connector.name
        ctx = ImportContext(path=path, pseudonymiser=pseudonymiser, imported_at=started,
                            max_text_chars=settings.max_text_chars, encoding=encoding,
                            options=dict(options or {}))
        _write(store, connector.read(ctx), fr, settings.batch_size, progress)
        return fr

    if skip_bad:
        for path in files:
            try:
                with store.transaction():
                    one(path)
            except TyndauError as exc:
                report.files[-1].error = str(exc)
            except Exception as exc:
                report.files[-1].error = _unexpected(path, exc)
        with store.transaction():
            _record_run(store, report, started, settings)
    else:
        with store.transaction():
            for path in files:
                try:
                    one(path)
                except TyndauError:
                    raise
                except Exception as exc:
                    raise InputError(_unexpected(path, exc)) from exc
            _record_run(store, report, started, settings)
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

    def __init__(self, store: Store, fr: FileReport) -> None:
        self.store = store
        self.fr = fr
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
                if sources:
                    self.fr.sources_new += _upsert_sources(self.store, sources)
                if batch is not None:
                    self.fr.items_new += self.store.insert_arrow_new(Item, batch)
            except BaseException as exc:  # handed to the caller
                self.error = exc

    def put(self, sources: list[Source], items: list[Item]) -> None:
        self._check()
        self.queue.put((sources, to_arrow(Item, items) if items else None))

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self._check()

    def _check(self) -> None:
        if self.error is not None:
            raise self.error


def _write(store: Store, records: Iterable, fr: FileReport, batch_size: int,
           progress: ProgressFn | None) -> None:
    items: list[Item] = []
    sources: dict[str, Source] = {}
    snapshots: list[SourceSnapshot] = []
    events: list[ServiceEvent] = []
    writer = _BackgroundWriter(store, fr)
    try:
        for rec in records:
            if isinstance(rec, Item):
                items.append(rec)
                fr.items_read += 1
                if len(items) >= batch_size:
                    writer.put(list(sources.values()), items)
                    sources.clear()
                    items = []
                    if progress:
                        progress(fr.path, fr.items_read)
            elif isinstance(rec, Source):
                sources[rec.source_key] = rec
            elif isinstance(rec, SourceSnapshot):
                snapshots.append(rec)
            elif isinstance(rec, ServiceEvent):
                events.append(rec)
            elif isinstance(rec, Skip):
                fr.skipped[rec.reason] += 1
        writer.put(list(sources.values()), items)
    finally:
        writer.close()
    fr.snapshots_new += store.insert_new(SourceSnapshot, snapshots)
    fr.events_new += store.insert_new(ServiceEvent, events)


def _upsert_sources(store: Store, sources: list[Source]) -> int:
    new = store.insert_new(Source, sources)
    for s in sources:
        store.con.execute(
            "UPDATE source SET last_imported_at = greatest(last_imported_at, ?), "
            "title = coalesce(?, title), handle = coalesce(?, handle), url = coalesce(?, url) "
            "WHERE source_key = ?",
            [s.last_imported_at, s.title, s.handle, s.url, s.source_key],
        )
    return new


def _record_run(store: Store, report: IngestReport, started: datetime, settings: Settings) -> None:
    run = Run(
        run_id=report.run_id,
        kind="ingest",
        started_at=started,
        finished_at=datetime.now(UTC),
        status="done" if not any(f.error for f in report.files) else "done_with_errors",
        stages=orjson.dumps(sorted({f.format for f in report.files if f.format})).decode(),
        settings=orjson.dumps({"batch_size": settings.batch_size,
                               "max_text_chars": settings.max_text_chars}).decode(),
        counts=orjson.dumps(report.to_json()["totals"]).decode(),
        tyndau_version=tyndau.__version__,
        error=None,
    )
    store.insert_new(Run, [run])
