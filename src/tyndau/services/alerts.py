"""Alert rules: saved searches and label thresholds, written to a log and, if set, a webhook.

A rules file is a JSON list of objects (rules are counted from 1 in error messages)::

    [{"name": "staging claims", "kind": "search", "query": "video OR видео -football",
      "min_items": 5, "window_days": 7},
     {"name": "fabrication", "kind": "label", "axis": "narrative", "label": "fabrication",
      "min_items": 3}]

``kind`` is ``search`` (``query`` in the search syntax of :mod:`tyndau.services.items`: phrases,
``OR``, ``-word``; matched across scripts) or ``label`` (``axis`` function, narrative or
grievance and a ``label`` of the taxonomy, or ``discovered:<id>`` for a discovered narrative).
``min_items`` (default 1) items published in the last ``window_days`` (default 7) before *now*
fire the rule. Unknown fields are refused, so a misspelt threshold cannot silently default.

:func:`run_alerts` appends one JSON line per fired rule to the log (rule, window, count,
sources, example item keys — keys only, never texts) and, when a webhook URL is given (http or
https only), POSTs ``{"alerts": [...]}`` to it once (5 s timeout, redirects not followed).
A failed delivery is recorded in the log lines, never raised. The URL itself is not logged:
webhook URLs often carry a secret.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

from tyndau import __version__
from tyndau.errors import ConfigError, InputError
from tyndau.services.items import parse_query, search_clause
from tyndau.services.trends import AXES, DISCOVERED, as_utc, value_condition
from tyndau.store import Store

KINDS = {"search": ("query",), "label": ("axis", "label")}
COMMON = ("name", "kind", "min_items", "window_days")
WEBHOOK_TIMEOUT = 5.0
MAX_WINDOW_DAYS = 3660


@dataclass(frozen=True, slots=True)
class AlertRule:
    name: str
    kind: str
    min_items: int = 1
    window_days: int = 7
    query: str | None = None
    axis: str | None = None
    label: str | None = None


def load_rules(path: str | Path) -> list[AlertRule]:
    """Read and validate a rules file; the first bad rule fails it, named by file, rule
    number and field."""
    where = str(path)
    try:
        doc = orjson.loads(Path(path).read_bytes())
    except FileNotFoundError:
        raise InputError("no rules file here", path=where) from None
    except OSError as exc:
        raise InputError(f"cannot read the rules file: {exc.strerror or exc}",
                         path=where) from None
    except orjson.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc}", path=where) from None
    return parse_rules(doc, path=where)


def parse_rules(doc: object, *, path: str | None = None) -> list[AlertRule]:
    """Validate decoded rules (see the module's description)."""
    from tyndau.taxonomy import load as load_taxonomy

    if not isinstance(doc, list):
        raise InputError("a rules file holds a JSON list of rules", path=path)
    taxonomy = load_taxonomy()
    rules: list[AlertRule] = []
    names: dict[str, int] = {}
    for number, rule in enumerate(doc, 1):
        def bad(message: str, field: str | None = None, n: int = number) -> InputError:
            return InputError(message, path=path, record=n, field=field)

        if not isinstance(rule, dict):
            raise bad("a rule is a JSON object")
        kind = rule.get("kind")
        if kind not in KINDS:
            raise bad(f"kind must be one of {', '.join(KINDS)}, not {str(kind)[:40]!r}", "kind")
        allowed = (*COMMON, *KINDS[kind])
        for key in rule:
            if key not in allowed:
                raise bad(f"unknown field for a {kind} rule (fields: {', '.join(allowed)})",
                          str(key)[:60])
        for key in KINDS[kind]:
            if key not in rule:
                raise bad(f"a {kind} rule needs {key!r}", key)
        name = rule.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise bad("every rule needs a name (text, at most 200 characters)", "name")
        if name in names:
            raise bad(f"the name {name[:60]!r} is used by rule {names[name]} too", "name")
        names[name] = number
        values: dict[str, Any] = {"name": name, "kind": kind}
        for key, default, top in (("min_items", 1, 10**9), ("window_days", 7, MAX_WINDOW_DAYS)):
            v = rule.get(key, default)
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= top:
                raise bad(f"a whole number from 1 to {top}, not {str(v)[:40]!r}", key)
            values[key] = v
        if kind == "search":
            query = rule["query"]
            if not isinstance(query, str):
                raise bad("the query is text in the search syntax", "query")
            try:
                parse_query(query)
            except InputError as exc:
                raise bad(exc.detail, "query") from None
            values["query"] = query
        else:
            axis, label = rule["axis"], rule["label"]
            if axis not in AXES:
                raise bad(f"axis must be one of {', '.join(AXES)}, not {str(axis)[:40]!r}",
                          "axis")
            known = taxonomy.ids(axis)
            discovered = (axis == "narrative" and isinstance(label, str)
                          and label.startswith(DISCOVERED) and len(label) > len(DISCOVERED))
            if not isinstance(label, str) or (label not in known and not discovered):
                raise bad(f"unknown {axis} label {str(label)[:60]!r} (one of "
                          f"{', '.join(known)}"
                          + (", or discovered:<id>" if axis == "narrative" else "") + ")",
                          "label")
            values.update(axis=axis, label=label)
        rules.append(AlertRule(**values))
    return rules


def check_webhook(url: str) -> str:
    """The URL if it is http or https with a host; a :class:`ConfigError` otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError("a webhook must be an http:// or https:// URL with a host, not "
                          f"{url[:12]!r}…")
    return url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _post(url: str, payload: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=orjson.dumps(payload), method="POST",
        headers={"Content-Type": "application/json", "User-Agent": f"tyndau/{__version__}"})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=WEBHOOK_TIMEOUT) as response:
            return {"delivered": True, "status": response.status}
    except urllib.error.HTTPError as exc:
        return {"delivered": False, "status": exc.code, "error": f"HTTP {exc.code} {exc.reason}"}
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return {"delivered": False, "error": f"{type(exc).__name__}: {reason}"[:300]}


def evaluate(store: Store, rule: AlertRule, now: datetime) -> dict[str, Any]:
    """The rule's count over its window, with the sources and example keys behind it."""
    lo = now - timedelta(days=rule.window_days)
    if rule.kind == "search":
        cond, params = search_clause(rule.query or "")
    else:
        cond, params = value_condition(store, rule.axis or "", rule.label or "", None)
    where = f"{cond} AND x.published_at >= ? AND x.published_at < ?"
    args = [*params, lo, now]
    n, sources = store.query(f"SELECT count(*), count(DISTINCT x.source_key) FROM item_index x "
                             f"WHERE {where}", args)[0]
    examples = [r[0] for r in store.query(
        f"SELECT x.item_key FROM item_index x WHERE {where} "
        "ORDER BY x.published_at DESC, x.item_key LIMIT 5", args)]
    return {"items": int(n), "sources": int(sources), "examples": examples,
            "window": {"since": lo.isoformat(), "until": now.isoformat()}}


def run_alerts(store: Store, rules: list[AlertRule], *, now: date | datetime | None = None,
               log_path: str | Path, webhook_url: str | None = None) -> list[dict[str, Any]]:
    """Evaluate every rule at ``now`` (default: the current time); append the fired ones to
    the log as JSON lines and POST them to the webhook, if any. Returns the fired alerts."""
    if webhook_url is not None:
        check_webhook(webhook_url)
    at = as_utc(now) or datetime.now(UTC)
    evaluated_at = datetime.now(UTC).isoformat()
    fired = []
    for rule in rules:
        result = evaluate(store, rule, at)
        if result["items"] >= rule.min_items:
            fired.append({"alert": rule.name, "evaluated_at": evaluated_at,
                          "rule": {k: v for k, v in asdict(rule).items() if v is not None},
                          **result})
    if not fired:
        return []
    if webhook_url is not None:
        delivery = _post(webhook_url, {"source": "tyndau", "alerts": fired})
        for alert in fired:
            alert["webhook"] = delivery
    path = Path(log_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab") as log:
            for alert in fired:
                log.write(orjson.dumps(alert) + b"\n")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the alert log: {exc.strerror or exc}") from None
    return fired
