"""The language layer: normalisation, scripts and transliteration, language identification."""
