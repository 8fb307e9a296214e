"""The stable classification contract, usable without any store.

Input: JSON Lines, each an object with at least ``id`` and ``text`` (optional ``lang``). Output:
each input object plus ``lang``, ``script``, ``function``, ``function_scores`` (label →
probability, summing to 1), ``narratives`` (list), ``grievances`` (list) and ``rationale``. The
output file appears only when every line was read (written to a temporary file, then renamed).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import orjson
import pyarrow as pa

from tyndau.backends.local import LocalEngine
from tyndau.errors import InputError
from tyndau.pipeline.registry import default_pipeline
from tyndau.taxonomy import load as load_taxonomy

BATCH = 2000


def _read(path: Path, max_chars: int) -> Iterator[tuple[int, dict]]:
    try:
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    with fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise InputError(f"malformed JSON: {exc}", path=str(path),
                                 record=f"line {n}") from None
            if not isinstance(obj, dict):
                raise InputError("not a JSON object", path=str(path), record=f"line {n}")
            if "id" not in obj:
                raise InputError("missing", path=str(path), record=f"line {n}", field="id")
            text = obj.get("text")
            if not isinstance(text, str):
                raise InputError("missing or not a string", path=str(path), record=f"line {n}",
                                 field="text")
            if len(text) > max_chars:
                raise InputError(f"text longer than {max_chars:,} characters", path=str(path),
                                 record=f"line {n}", field="text")
            yield n, obj


def classify_objects(objs: list[dict], stages: list | None = None,
                     engine: LocalEngine | None = None) -> list[dict]:
    """Classify objects with ``text`` (and optional ``lang``); returns enriched copies."""
    stages = stages or default_pipeline()
    batch = pa.table({"item_key": pa.array([str(o.get("id")) for o in objs], pa.string()),
                      "text": pa.array([o["text"] for o in objs], pa.string())})
    wanted = ["lang", "script", "function", "function_scores", "narratives", "grievances",
              "rationale"]
    out = (engine or LocalEngine()).apply(stages, batch).select(wanted).to_pydict()
    known = set(load_taxonomy().languages)
    result = []
    for i, obj in enumerate(objs):
        given = obj.get("lang")
        result.append({
            **obj,
            "lang": given if isinstance(given, str) and given in known else out["lang"][i],
            "script": out["script"][i],
            "function": out["function"][i],
            "function_scores": orjson.loads(out["function_scores"][i]),
            "narratives": list(orjson.loads(out["narratives"][i])),
            "grievances": list(orjson.loads(out["grievances"][i])),
            "rationale": orjson.loads(out["rationale"][i]),
        })
    return result


def classify_file(src: Path, dst: Path, *, max_chars: int = 1_000_000, processes: int = 1,
                  **classify_params: object) -> int:
    """Classify a JSON Lines file; ``processes`` workers (0 = one per core)."""
    stages = default_pipeline(**classify_params)
    dst = Path(dst)
    fd, tmp = tempfile.mkstemp(prefix=".tyndau-", suffix=".jsonl", dir=dst.parent or ".")
    n = 0
    batch = BATCH * max(1, processes)
    try:
        with os.fdopen(fd, "wb") as out, \
                (LocalEngine.auto() if processes == 0 else LocalEngine(processes)) as engine:
            pending: list[dict] = []
            for _, obj in _read(Path(src), max_chars):
                pending.append(obj)
                if len(pending) >= batch:
                    n += _flush(out, pending, stages, engine)
            n += _flush(out, pending, stages, engine)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _flush(out: object, pending: list[dict], stages: list, engine: LocalEngine) -> int:
    if not pending:
        return 0
    for obj in classify_objects(pending, stages, engine):
        out.write(orjson.dumps(obj) + b"\n")  # type: ignore[attr-defined]
    k = len(pending)
    pending.clear()
    return k
