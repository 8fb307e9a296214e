"""Render the overview report: one self-contained HTML file (inline CSS and SVG, no scripts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from tyndau.reports.charts import FUNCTION_COLOURS, bar_chart, stacked_columns


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("tyndau.reports", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_report(data: dict[str, Any]) -> str:
    charts = {
        "platform": bar_chart([(p, n) for p, n in data["by_platform"]], title="Items by platform",
                              width=460),
        "language": bar_chart([(lang, n) for lang, n in data["by_language"]],
                              title="Analysed items by language", width=460),
        "month": stacked_columns(data["months"], data["function_by_month"],
                                 title="Items per month by function"),
        "function": bar_chart([(f["label"], f["items"]) for f in data["functions"]],
                              title="Function (exactly one per item)", colours=FUNCTION_COLOURS,
                              width=460),
        "narrative": bar_chart([(f["label"], f["items"]) for f in data["narratives"]],
                               title="Narratives (any per item)", width=460),
        "grievance": bar_chart([(f["label"], f["items"]) for f in data["grievances"]],
                               title="Grievances (any per item)", width=460),
    }
    return _env().get_template("report.html.j2").render(d=data, charts=charts)


def write_report(data: dict[str, Any], path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(render_report(data), encoding="utf-8")
    tmp.replace(path)
    return path
