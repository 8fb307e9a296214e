"""``tyndau train --gold GOLD.jsonl``: fit a deployment's model, report cross-validated figures."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from tyndau.cli.common import out_console
from tyndau.config import Settings
from tyndau.errors import TyndauError
from tyndau.services.train import train_model


class NotPromoted(TyndauError):
    exit_code = 3


@click.command("train")
@click.option("--gold", required=True, type=click.Path(path_type=Path),
              help="Your labelled items (the gold format of `tyndau eval`).")
@click.option("--model-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where models are kept [env TYNDAU_MODEL_DIR; default "
                   "~/.local/share/tyndau/models].")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
@click.option("--embeddings/--no-embeddings", default=True, show_default=True,
              help="Also train the sentence-embedding heads (slower; needed for "
                   "--embeddings uncertain/all).")
@click.option("--promote", is_flag=True,
              help="Make the new model the default if its cross-validated figures are not "
                   "worse than the current model's on the same gold.")
def command(gold: Path, model_dir: Path | None, folds: int, embeddings: bool,
            promote: bool) -> None:
    """Train on the built-in corpus plus GOLD; report K-fold figures beside the current model's."""
    settings = Settings.resolve(model_dir=model_dir)
    report = train_model(gold, settings.model_dir, folds=folds, embeddings=embeddings,
                         promote_if_better=promote)
    t = Table(title=f"{report.gold_items} gold items: new model ({folds}-fold cross-validated) "
                    f"vs current model ({report.current_model})")
    t.add_column("figure")
    t.add_column("new (cross-validated)", justify="right")
    t.add_column("current", justify="right")
    for key in ("function_macro_f1", "ve_support_recall", "ve_support_precision",
                "protected_speech_fpr", "narrative_micro_f1", "grievance_micro_f1"):
        t.add_row(key, f"{report.cross_validated[key]:.3f}", f"{report.current[key]:.3f}")
    out_console.print(t)
    out_console.print(f"model written to {report.model} ({report.seconds:.0f} s)")
    if report.promoted:
        out_console.print("promoted: it is now the default model")
    elif promote:
        raise NotPromoted("not promoted: " + "; ".join(report.refused))
    else:
        out_console.print("not promoted (use --promote, or --model PATH to try it)")
