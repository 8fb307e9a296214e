"""Corpus-wide analyses over the store: near-duplicates, sources, spread, coordination, media."""
