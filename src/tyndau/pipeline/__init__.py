"""Stages over batches, their registry and the runner that feeds them from the store."""
