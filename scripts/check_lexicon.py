#!/usr/bin/env python3
"""Validate the rule lexicon (``src/tyndau/data/lexicon/v0.json``).

Usage::

    python scripts/check_lexicon.py [PATH] [--quiet]

Checks the file against the lexicon contract described in
``src/tyndau/data/lexicon/README.md``: entry keys and types, id format, axis and label (the
taxonomy v1 ids are hard-coded below, the taxonomy document is not read at run time), language,
match kind, weight range, notes, lower-case and normalised terms, terms that the reference
tokeniser can actually match, the alphabet of each language, Uzbek Latin/Cyrillic twins,
duplicate ids, duplicate (lang, term, label) and label coverage per language.

Prints a count of entries per language x axis and exits 0 when the file is valid, 1 otherwise
(every problem found is listed, not just the first). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------- taxonomy v1 ids
# fmt: off
FUNCTION_LABELS = (
    "ve_support", "reporting", "counter_messaging", "religious", "political", "other",
)
NARRATIVE_LABELS = (
    "foreign_plot", "fabrication", "threat_amplification", "threat_minimisation",
    "muslim_persecution", "belonging_utopia", "state_failure",
)
GRIEVANCE_LABELS = (
    "migrant_labour", "economic_hardship", "ethnic_discrimination", "religious_restrictions",
    "state_repression", "injustice_abroad", "corruption", "alienation",
)
CUE_LABELS = (
    "attribution", "condemnation", "quotation", "negation", "first_person_support",
    "imperative_call",
)
# fmt: on
LABELS_BY_AXIS: dict[str, tuple[str, ...]] = {
    "function": FUNCTION_LABELS,
    "narrative": NARRATIVE_LABELS,
    "grievance": GRIEVANCE_LABELS,
    "cue": CUE_LABELS,
}
AXES = tuple(LABELS_BY_AXIS)
LANGS = ("ru", "kk", "uz", "tg", "ky", "tk", "ar", "fa", "en")
MATCH_KINDS = ("prefix", "word", "phrase")
ENTRY_KEYS = frozenset({"id", "axis", "label", "lang", "term", "match", "weight", "note"})
TOP_KEYS = frozenset({"version", "description", "entries"})
WEIGHT_MIN, WEIGHT_MAX = 0.2, 3.0
MIN_PREFIX_CHARS = 3
MIN_NOTE_CHARS = 10
# Coverage: entries every language (and each Uzbek script) must have per label, by axis.
MIN_PER_LABEL = {"function": 1, "narrative": 2, "grievance": 2, "cue": 1}
# Topic words that are not evidence of support (taxonomy v1: "talking about jihad, the
# caliphate, Syria or a video is not support"). A ve_support entry made of one of these alone
# (match "word" or "prefix") is an error; they may appear inside a longer phrase.
# fmt: off
TOPIC_STEMS = (
    "jihad", "jihod", "jihat", "mujahid", "mujohid", "mujahit", "shahid", "martyr", "caliphat",
    "khilafa", "xalifa", "xilofat", "takbir", "allahu", "ummah", "hijra", "hijr", "kafir",
    "kofir", "kapyr", "kuffar", "şehit", "halyfat",
    "джихад", "жиһад", "жихад", "жиҳод", "ҷиҳод", "моджахед", "муджахид", "мұжаһид", "мужахид",
    "мужоҳид", "муҷоҳид", "шахид", "шаҳид", "шейіт", "шейит", "халифа", "хилофат", "такбир",
    "хиджр", "хижр", "ҳижрат", "ҳиҷрат", "кафир", "кәпір", "каапыр", "кофир",
    "جهاد", "الجهاد", "مجاهد", "المجاهد", "شهيد", "الشهيد", "شهدا", "خلافة", "خلافه", "الخلافة",
    "تكبير", "هجرة", "كفار",
)
# fmt: on

# --------------------------------------------------------------------------- reference matcher
# These functions are the reference implementation of the matching rules in the README.
_APOSTROPHES = "'`´ʹʻʼʽʾʿˈ‘’‛′"
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(_APOSTROPHES, "'"))
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Same folding as tyndau.text.normalise.fold_arabic: alef forms → ا, ى/ی → ي, ک → ك.
# fmt: off
_ARABIC_FOLD = str.maketrans({
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u06a9": "\u0643",
})
# fmt: on
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_ZWNJ = "\u200c"


def fold(text: str) -> str:
    """Normalise text (or a term) for lexicon matching; see the README, 'Matching'."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace(_ZWNJ, " ")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = text.translate(_APOSTROPHE_TABLE).lower().replace("ё", "е")
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)


def tokenise(text: str) -> list[str]:
    """Tokens of a folded text: runs of letters/digits, with apostrophes inside a word kept."""
    return _TOKEN.findall(fold(text))


def term_matches(tokens: list[str], term: str, match: str) -> bool:
    """Whether an entry (term, match kind) occurs in a token list produced by ``tokenise``."""
    parts = tokenise(term)
    if not parts:
        return False
    if match == "word":
        return parts[0] in tokens
    if match == "prefix":
        return any(tok.startswith(parts[0]) for tok in tokens)
    n = len(parts)
    for i in range(len(tokens) - n + 1):
        if tokens[i : i + n - 1] == parts[:-1] and tokens[i + n - 1].startswith(parts[-1]):
            return True
    return False


# --------------------------------------------------------------------------- alphabets
_RU = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_ALPHABETS: dict[str, set[str]] = {
    "ru": _RU,
    "kk_cyrl": _RU | set("әғқңөұүһі"),
    "kk_latn": set("abcdefghijklmnopqrstuvwxyzäğıñöşūü"),
    "uz_latn": set("abcdefghijklmnopqrstuvwxyz'"),
    "uz_cyrl": _RU | set("ўқғҳ"),
    "tg": _RU | set("ғӣқӯҳҷ"),
    "ky": _RU | set("ңөү"),
    "tk": set("abçdeäfghijžklmnňoöprsştuüwyýz"),
    "en": set("abcdefghijklmnopqrstuvwxyz'"),
    # Arabic letters U+0621–U+064A; Persian adds پ چ ژ گ ک ی and drops ك ي ى.
    "ar": {chr(c) for c in range(0x0621, 0x064B)},
    "fa": ({chr(c) for c in range(0x0621, 0x064B)} - set("\u0643\u064a\u0649")) | set("پچژگکی"),
}
_DIGITS = set("0123456789")
_ID = re.compile(r"^([a-z]{2})\.([a-z_]+)\.([a-z0-9_]+)$")


def _alphabet_key(lang: str, entry_id: str) -> str:
    if lang in ("uz", "kk"):
        return f"{lang}_latn" if entry_id.endswith("_latn") else f"{lang}_cyrl"
    return lang


def _script_bucket(lang: str, entry_id: str) -> str:
    """Coverage bucket: one per language, Uzbek counted per script, Kazakh Cyrillic only."""
    if lang == "uz":
        return "uz_latn" if entry_id.endswith("_latn") else "uz_cyrl"
    if lang == "kk" and entry_id.endswith("_latn"):
        return "kk_latn"
    return lang


def _check_term(where: str, entry_id: str, lang: str, term: str, match: str) -> list[str]:
    errors: list[str] = []
    if not term:
        return [f"{where}: empty term"]
    if term != term.lower():
        errors.append(f"{where}: term {term!r} is not lower-case")
    if term != unicodedata.normalize("NFKC", term):
        errors.append(f"{where}: term {term!r} is not NFKC-normalised")
    if "  " in term or term != term.strip():
        errors.append(f"{where}: term {term!r} has leading/trailing/double spaces")
    bad_apostrophes = sorted(set(term) & (set(_APOSTROPHES) - {"'"}))
    if bad_apostrophes:
        errors.append(
            f"{where}: term {term!r} uses apostrophe variants {bad_apostrophes}; write U+0027 (')"
        )
    words = term.split(" ")
    for w in words:
        if not _TOKEN.fullmatch(w) or "\u0640" in w:
            errors.append(
                f"{where}: term part {w!r} is not a single token (punctuation, "
                "hyphen, tatweel, diacritic or invisible character?)"
            )
    if tokenise(term) != fold(term).split(" "):
        errors.append(f"{where}: term {term!r} does not tokenise to its own words")
    if match in ("word", "prefix") and len(words) != 1:
        errors.append(
            f"{where}: match={match!r} needs a single token, got {term!r}; use match='phrase'"
        )
    if match == "phrase" and len(words) < 2:
        errors.append(f"{where}: match='phrase' needs at least two tokens, got {term!r}")
    if match == "prefix" and len(fold(term)) < MIN_PREFIX_CHARS:
        errors.append(f"{where}: prefix {term!r} is shorter than {MIN_PREFIX_CHARS} characters")
    alphabet = _ALPHABETS.get(_alphabet_key(lang, entry_id), set())
    stray = sorted({ch for ch in term if ch != " " and ch not in alphabet | _DIGITS})
    if stray:
        errors.append(
            f"{where}: term {term!r} has characters outside the "
            f"{_alphabet_key(lang, entry_id)} alphabet: {stray}"
        )
    return errors


def _check_entry(i: int, entry: Any) -> list[str]:
    where = f"entries[{i}]"
    if not isinstance(entry, dict):
        return [f"{where}: not an object"]
    errors: list[str] = []
    keys = set(entry)
    if keys != ENTRY_KEYS:
        missing, extra = sorted(ENTRY_KEYS - keys), sorted(keys - ENTRY_KEYS)
        errors.append(
            f"{where}: keys differ from the contract (missing {missing}, unknown {extra})"
        )
    for key in ENTRY_KEYS - {"weight"}:
        if key in entry and not isinstance(entry[key], str):
            errors.append(f"{where}: {key!r} must be a string")
    if errors:
        return errors
    entry_id, axis, label, lang = entry["id"], entry["axis"], entry["label"], entry["lang"]
    where = f"entries[{i}] ({entry_id})"
    if axis not in LABELS_BY_AXIS:
        errors.append(f"{where}: unknown axis {axis!r}; expected one of {AXES}")
    elif label not in LABELS_BY_AXIS[axis]:
        errors.append(
            f"{where}: unknown label {label!r} for axis {axis!r}; expected one of "
            f"{LABELS_BY_AXIS[axis]}"
        )
    if lang not in LANGS:
        errors.append(f"{where}: unknown lang {lang!r}; expected one of {LANGS}")
    if entry["match"] not in MATCH_KINDS:
        errors.append(f"{where}: unknown match {entry['match']!r}; expected one of {MATCH_KINDS}")
    m = _ID.match(entry_id)
    if not m:
        errors.append(f"{where}: id must look like '<lang>.<label>.<slug>' with slug in [a-z0-9_]")
    elif (m.group(1), m.group(2)) != (lang, label):
        errors.append(
            f"{where}: id prefix {m.group(1)}.{m.group(2)} does not match lang/label {lang}.{label}"
        )
    weight = entry["weight"]
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        errors.append(f"{where}: weight must be a number")
    elif not WEIGHT_MIN <= weight <= WEIGHT_MAX:
        errors.append(f"{where}: weight {weight} outside [{WEIGHT_MIN}, {WEIGHT_MAX}]")
    if len(entry["note"].strip()) < MIN_NOTE_CHARS:
        errors.append(f"{where}: missing or too short note")
    if lang == "uz" and not entry_id.endswith(("_latn", "_cyrl")):
        errors.append(f"{where}: Uzbek ids must end in _latn or _cyrl")
    if lang in LANGS and entry["match"] in MATCH_KINDS:
        errors += _check_term(where, entry_id, lang, entry["term"], entry["match"])
    return errors


def validate(data: Any) -> tuple[list[str], list[str]]:
    """Return (errors, warnings) for a parsed lexicon document."""
    if not isinstance(data, dict):
        return ["top level: not a JSON object"], []
    errors: list[str] = []
    warnings: list[str] = []
    if set(data) != TOP_KEYS:
        errors.append(f"top level: keys must be {sorted(TOP_KEYS)}, got {sorted(data)}")
    if not isinstance(data.get("version"), str) or not re.fullmatch(
        r"lexicon\.v\d+", data.get("version", "")
    ):
        errors.append("top level: 'version' must look like 'lexicon.v0'")
    if not isinstance(data.get("description"), str) or not data["description"].strip():
        errors.append("top level: 'description' must be a non-empty string")
    entries = data.get("entries")
    if not isinstance(entries, list) or not entries:
        errors.append("top level: 'entries' must be a non-empty list")
        return errors, warnings

    seen_ids: dict[str, int] = {}
    seen_terms: dict[tuple[str, str, str], str] = {}
    valid: list[Mapping[str, Any]] = []
    for i, entry in enumerate(entries):
        entry_errors = _check_entry(i, entry)
        errors += entry_errors
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        entry_id = entry["id"]
        if entry_id in seen_ids:
            errors.append(
                f"entries[{i}]: duplicate id {entry_id!r} (first at entries[{seen_ids[entry_id]}])"
            )
        else:
            seen_ids[entry_id] = i
        if all(isinstance(entry.get(k), str) for k in ("lang", "term", "label")):
            key = (entry["lang"], " ".join(tokenise(entry["term"])), entry["label"])
            if key in seen_terms:
                errors.append(
                    f"entries[{i}] ({entry_id}): duplicate (lang, term, label) "
                    f"{key} — same as {seen_terms[key]}"
                )
            else:
                seen_terms[key] = entry_id
        if not entry_errors:
            valid.append(entry)

    errors += _check_uzbek_twins(valid)
    errors += _check_topic_words(valid)
    warnings += _check_conflicts(valid)
    cov_errors, cov_warnings = _check_coverage(valid)
    return errors + cov_errors, warnings + cov_warnings


def _check_topic_words(entries: Iterable[Mapping[str, Any]]) -> list[str]:
    stems = tuple(fold(s) for s in TOPIC_STEMS)
    return [
        f"{e['id']}: ve_support entry {e['term']!r} is a bare topic word; topic words are not "
        "evidence of support (use a phrase with praise, pledge, recruitment or threat)"
        for e in entries
        if e["label"] == "ve_support"
        and e["match"] in ("word", "prefix")
        and fold(e["term"]).startswith(stems)
    ]


def _check_conflicts(entries: Iterable[Mapping[str, Any]]) -> list[str]:
    """Warn when one term is evidence for two different function labels in a language."""
    labels: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in entries:
        if e["axis"] == "function":
            labels[e["lang"], " ".join(tokenise(e["term"]))].add(e["label"])
    return [
        f"term {term!r} ({lang}) is evidence for several functions: {sorted(ls)}"
        for (lang, term), ls in sorted(labels.items())
        if len(ls) > 1
    ]


def _check_uzbek_twins(entries: Iterable[Mapping[str, Any]]) -> list[str]:
    stems: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e["lang"] == "uz":
            stem, _, script = e["id"].rpartition("_")
            stems[stem].add(script)
    return [
        f"{stem}: Uzbek entry has no {'Cyrillic' if s == {'latn'} else 'Latin'} twin "
        f"({stem}_{'cyrl' if s == {'latn'} else 'latn'})"
        for stem, s in sorted(stems.items())
        if s != {"latn", "cyrl"}
    ]


def _check_coverage(entries: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for e in entries:
        counts[_script_bucket(e["lang"], e["id"]), e["label"]] += 1
    buckets = [*LANGS[:2], "uz_latn", "uz_cyrl", *LANGS[3:]]
    errors: list[str] = []
    warnings: list[str] = []
    for bucket in buckets:
        for axis, labels in LABELS_BY_AXIS.items():
            for label in labels:
                n = counts[bucket, label]
                if n == 0:
                    errors.append(f"coverage: {bucket} has no entry for {axis}/{label}")
                elif n < MIN_PER_LABEL[axis]:
                    warnings.append(f"coverage: {bucket} has only {n} entry for {axis}/{label}")
    return errors, warnings


def count_table(entries: Iterable[Mapping[str, Any]]) -> str:
    """Entries per language (rows) x axis (columns), with totals."""
    counts: Counter[tuple[str, str]] = Counter()
    for e in entries:
        counts[e.get("lang", "?"), e.get("axis", "?")] += 1
    langs = [lang for lang in LANGS if any(counts[lang, a] for a in AXES)]
    width = max(len(a) for a in AXES) + 1
    lines = ["lang" + "".join(f"{a:>{width}}" for a in AXES) + f"{'total':>{width}}"]
    for lang in langs:
        row = [counts[lang, a] for a in AXES]
        lines.append(f"{lang:<4}" + "".join(f"{n:>{width}}" for n in row) + f"{sum(row):>{width}}")
    totals = [sum(counts[lang, a] for lang in langs) for a in AXES]
    lines.append("all " + "".join(f"{n:>{width}}" for n in totals) + f"{sum(totals):>{width}}")
    return "\n".join(lines)


def default_path() -> Path:
    return (
        Path(__file__).resolve().parent.parent / "src" / "tyndau" / "data" / "lexicon" / "v0.json"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate the tyndau rule lexicon.")
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=default_path(),
        help="lexicon JSON file (default: the packaged v0.json)",
    )
    parser.add_argument("--quiet", action="store_true", help="print errors only")
    args = parser.parse_args(argv)
    try:
        data = json.loads(args.path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"check_lexicon: cannot read {args.path}: {exc}", file=sys.stderr)
        return 1
    errors, warnings = validate(data)
    if not args.quiet:
        entries = data.get("entries", []) if isinstance(data, dict) else []
        print(count_table(e for e in entries if isinstance(e, dict)))
        for w in warnings:
            print(f"warning: {w}")
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if errors:
        print(f"check_lexicon: {len(errors)} error(s) in {args.path}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"check_lexicon: OK ({args.path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
