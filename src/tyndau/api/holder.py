"""How a running server shares the store with the command line (DuckDB admits one writer).

The server opens the store when a request needs it and lets go of it when no request has used
it for ``idle`` seconds, or at once when another process asks for it: a command that finds the
store locked — ``tyndau ingest``, ``analyse``, ``train`` — leaves a ``<store>.want`` file beside
it and waits (``TYNDAU_LOCK_WAIT``); the server sees the file, finishes the requests in flight
and lets go (new requests wait a moment). While the command holds the store, requests wait up
to ``wait`` seconds and then answer "busy" (HTTP 503) instead of failing with a lock error.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from tyndau.errors import StoreError
from tyndau.store import Store


class StoreHolder:
    def __init__(self, path: Path, *, idle: float = 1.0, wait: float = 10.0,
                 handover_pause: float = 0.5) -> None:
        self.path = Path(path)
        self.idle = idle
        self.wait = wait
        self.handover_pause = handover_pause
        self._store: Store | None = None
        self._last_used = 0.0
        self._users = 0
        self._cond = threading.Condition()
        self._write_lock = threading.Lock()
        self._closing = False
        self._opening = False
        self._stop = threading.Event()
        self._reaper = threading.Thread(target=self._reap, name="tyndau-store-reaper",
                                        daemon=True)
        self._reaper.start()

    # -- use -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def reading(self) -> Iterator[Store]:
        """A store view (its own cursor) for one request's reads."""
        store = self._acquire()
        try:
            view = store.view()
            try:
                yield view
            finally:
                view.close()
        finally:
            self._release()

    @contextlib.contextmanager
    def writing(self) -> Iterator[Store]:
        """A store view for one request's writes; writes are serialised within the server."""
        store = self._acquire()
        try:
            view = store.view()
            try:
                with self._write_lock:
                    yield view
            finally:
                view.close()
        finally:
            self._release()

    def _acquire(self) -> Store:
        deadline = time.monotonic() + self.wait + 1.0
        with self._cond:
            while True:
                if self._store is not None and not self._closing:
                    self._users += 1
                    return self._store
                if not self._closing and not self._opening:
                    self._opening = True
                    break
                if not self._cond.wait(timeout=max(0.0, deadline - time.monotonic())):
                    raise StoreError(f"{self.path}: the store is busy; try again in a moment")
        try:  # open outside the lock: other requests wait on the condition, not behind it
            store = Store(self.path, wait=self.wait)
        except BaseException:
            with self._cond:
                self._opening = False
                self._cond.notify_all()
            raise
        with self._cond:
            self._store, self._opening = store, False
            self._users += 1
            self._cond.notify_all()
            return store

    def _release(self) -> None:
        with self._cond:
            self._users -= 1
            self._last_used = time.monotonic()
            self._cond.notify_all()

    # -- letting go ----------------------------------------------------------------------
    def _reap(self) -> None:
        while not self._stop.wait(0.1):
            try:
                self._reap_once()
            except Exception:  # never let the reaper die with the store half-closed
                with self._cond:
                    self._closing = False
                    self._cond.notify_all()

    def _reap_once(self) -> None:
        now = time.monotonic()
        with self._cond:
            if self._store is None:
                return
            idle = self._users == 0 and now - self._last_used >= self.idle
            wanted = Store.store_wanted(self.path)
            if not (idle or wanted):
                return
            self._closing = True
            try:
                while self._users:
                    self._cond.wait(timeout=1.0)
                self._store.close()
            finally:
                self._store = None
        try:
            if wanted and not idle:
                time.sleep(self.handover_pause)  # the waiting command takes the store now
        finally:
            with self._cond:
                self._closing = False
                self._cond.notify_all()

    def close(self) -> None:
        self._stop.set()
        self._reaper.join(timeout=2)
        with self._cond:
            if self._store is not None:
                self._store.close()
                self._store = None
