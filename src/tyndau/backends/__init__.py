"""Engines that execute stages over batches. The seam is one method: ``apply(stages, batch)``."""

from tyndau.backends.local import LocalEngine

__all__ = ["LocalEngine"]
