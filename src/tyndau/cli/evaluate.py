"""``tyndau eval --gold GOLD.jsonl``: the taxonomy's figures, overall and per language."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
from rich.table import Table

from tyndau.classifiers.evaluate import evaluate
from tyndau.cli.common import out_console


@click.command("eval")
@click.option("--gold", "gold", required=True, type=click.Path(path_type=Path),
              help="JSON Lines: id, text, function, narratives, grievances, optional lang.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("tyndau-eval.json"), show_default=True, help="Where to write JSON.")
@click.option("--ve-threshold", type=click.FloatRange(0.0, 1.0), default=0.6, show_default=True)
def command(gold: Path, output: Path, ve_threshold: float) -> None:
    """Per-label precision/recall/F1, function macro-F1, protected-speech false-positive rate,
    ve_support recall, narrative and grievance micro-F1 and a confusion matrix, per language."""
    result = evaluate(gold, ve_threshold=ve_threshold)
    output.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    t = Table(title=f"{result['classifier']} on {gold.name} (ve_threshold {ve_threshold})")
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
