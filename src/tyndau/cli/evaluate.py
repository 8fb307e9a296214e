"""``tyndau eval --gold GOLD.jsonl``: the taxonomy's figures, overall and per language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import orjson
from rich.table import Table

from tyndau.classifiers.evaluate import evaluate
from tyndau.cli.common import classifier_options, classifier_params, out_console


@click.command("eval")
@click.option("--gold", "gold", required=True, type=click.Path(path_type=Path),
              help="JSON Lines: id, text, function, narratives, grievances, optional lang.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("tyndau-eval.json"), show_default=True, help="Where to write JSON.")
@classifier_options
def command(gold: Path, output: Path, **classifier: Any) -> None:
    """Per-label precision/recall/F1, function macro-F1, protected-speech false-positive rate,
    ve_support recall, narrative and grievance micro-F1 and a confusion matrix, per language."""
    params = classifier_params(**classifier)
    result = evaluate(gold, **params)
    output.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    t = Table(title=f"{result['classifier']} on {gold.name} "
                    f"(ve_threshold {params['ve_threshold']})")
    for col in ("language", "items", "macro-F1", "ve_support recall", "protected FPR",
                "narrative F1", "grievance F1"):
        t.add_column(col, justify="left" if col == "language" else "right")

    def fmt(v: float | None) -> str:
        return "—" if v is None else f"{v:.3f}"

    for lang, f in [("all", result["overall"]), *result["by_language"].items()]:
        t.add_row(lang, str(f["items"]), fmt(f["function_macro_f1"]), fmt(f["ve_support_recall"]),
                  fmt(f["protected_speech_fpr"]), fmt(f["narrative_micro"]["f1"]),
                  fmt(f["grievance_micro"]["f1"]))
    out_console.print(t)
    out_console.print(f"written to {output}")
