"""Burst statistics: baselines robust to weekly cycles, count tests, source concentration, terms.

Pure computation over arrays and lists; :mod:`tyndau.services.trends` feeds it from the store.

**Baseline.** Counts are kept per *day* and aggregated to the period tested. A week is compared
with the preceding ``baseline_periods`` (default 8) complete weeks: a week holds every weekday
once, so a weekly cycle (quiet weekends, busy weekdays) cancels out. A day is compared with the
same weekday of the preceding 8 weeks (Mondays with Mondays), which removes the cycle at daily
resolution. The expected count is the larger of the baseline's median and its mean with the
single largest value left out (a past burst in the baseline does not lower the bar, and a
series that comes in lumps is not judged by a median of zeros), and at least
:data:`EXPECTED_FLOOR` (an empty history expects half an item, not none).

**Test.** The count ``k`` of the period is tested against a negative binomial with that mean and
a dispersion estimated from the baseline by the method of moments (variance with the largest
value left out; ``alpha = max(0, (var - mean) / mean²)``); with no over-dispersion this is the
Poisson test. The p-value is the upper tail ``P(X ≥ k)``. A period is a burst when
``p < threshold`` (default 0.001) and ``k ≥ min_count`` (default 5), with at least
``min_baseline`` (default 4) baseline periods. Every period of every series is a test: with
many series expect about ``threshold × tests`` chance bursts.

**One source posting in bulk.** The test is repeated on a *capped* count, where each source
counts at most the larger of its own baseline rate (its mean count per baseline period) and the
median count of the *other* sources active in the period (1 when there are none). A burst
that one source makes disappears under the cap; one that many sources make survives.
``driven_by`` comes from how the excess over each source's own baseline is shared:
``"one source"`` when the top source holds at least half of it; ``"many sources"`` when the
capped test is still significant and the effective number of sources (``1 / Σ pᵢ²`` over the
shares of the excess) and the number of sources with an excess of at least one item are both
at least 3; ``"few sources"`` otherwise.

**Terms.** Words of the match key (script-independent, so a Cyrillic and a Latin spelling
count as one) over-represented among the burst's items against the baseline's items: the log
odds ratio of the share of items holding the word, with 0.5 added to every cell, divided by its
standard error (a z-score); words in at least 2 items of the burst with ``z ≥ 1.64`` are
kept (a description of the burst, not a test).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tyndau.text.scripts import match_key

DEFAULT_P = 0.001
DEFAULT_BASELINE = 8
DEFAULT_MIN_COUNT = 5
DEFAULT_MIN_BASELINE = 4
EXPECTED_FLOOR = 0.5
ONE_SOURCE_SHARE = 0.5
MANY_SOURCES = 3.0

METHOD = ("daily counts aggregated to the period; a week against the preceding {n} complete "
          "weeks, a day against the same weekday of the preceding {n} weeks (weekly cycles "
          "cancel); expected = max(median, mean without the largest value, "
          f"{EXPECTED_FLOOR}); upper-tail p of a negative binomial with dispersion estimated "
          "from the baseline (Poisson when none); burst when p < {p} and count ≥ {min_count}; "
          "repeated with each source capped at max(its baseline rate, the median count of the "
          "other sources in the period) so that one source posting in bulk is not taken for "
          "many; driven_by from the shares of the excess over each source's baseline")


# -- tail probabilities ---------------------------------------------------------------------

def _tail(log_first: float, ratio: object, start: int, limit: int = 200_000) -> float:
    """Σ of terms from ``start`` on, the first being ``exp(log_first)`` and each next one the
    previous times ``ratio(x)``; stops when the terms no longer matter."""
    total, term, x = 1.0, 1.0, start
    for _ in range(limit):
        term *= ratio(x)  # type: ignore[operator]
        total += term
        if term < total * 1e-15:
            break
        x += 1
    return min(1.0, math.exp(log_first) * total) if log_first > -745 else 0.0


def poisson_sf(k: int, mean: float) -> float:
    """``P(X ≥ k)`` for a Poisson variable of ``mean`` (1.0 when ``k`` is at most the mean:
    nothing to test above it)."""
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    if k <= mean:
        return 1.0
    log_first = k * math.log(mean) - mean - math.lgamma(k + 1)
    return _tail(log_first, lambda x: mean / (x + 1), k)


def nbinom_sf(k: int, mean: float, alpha: float) -> float:
    """``P(X ≥ k)`` for a negative binomial of ``mean`` and variance ``mean + alpha·mean²``."""
    if alpha <= 1e-9:
        return poisson_sf(k, mean)
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    if k <= mean:
        return 1.0
    r = 1.0 / alpha
    q = mean / (r + mean)  # probability of a "failure" (an item) per trial
    log_first = (math.lgamma(k + r) - math.lgamma(r) - math.lgamma(k + 1)
                 + r * math.log1p(-q) + k * math.log(q))
    return _tail(log_first, lambda x: (x + r) / (x + 1) * q, k)


def binom_sf(k: int, n: int, p: float) -> float:
    """``P(X ≥ k)`` for a binomial of ``n`` trials of probability ``p``."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    if k <= n * p:  # at or below the expectation: 1 − P(X ≤ k − 1), summed on the other side
        return max(0.0, 1.0 - binom_cdf(k - 1, n, p))
    log_first = (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
                 + k * math.log(p) + (n - k) * math.log1p(-p))
    return _tail(log_first, lambda x: (n - x) / (x + 1) * p / (1 - p), k, limit=n - k)


def binom_cdf(k: int, n: int, p: float) -> float:
    """``P(X ≤ k)`` for a binomial of ``n`` trials of probability ``p`` (by symmetry,
    ``P(n − X ≥ n − k)`` with probability ``1 − p``)."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    return binom_sf(n - k, n, 1.0 - p)


# -- baselines and the test -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Expectation:
    expected: float
    alpha: float
    baseline: tuple[float, ...]

    @property
    def test(self) -> str:
        return "negative binomial" if self.alpha > 1e-9 else "poisson"

    def p(self, count: float) -> float:
        return nbinom_sf(math.floor(count + 1e-9), self.expected, self.alpha)


def expectation(baseline: Sequence[float]) -> Expectation:
    """Expected count and dispersion from baseline counts (see the module's method)."""
    values = np.asarray(baseline, dtype=float)
    if values.size == 0:
        return Expectation(EXPECTED_FLOOR, 0.0, ())
    trimmed = np.delete(values, int(np.argmax(values))) if values.size >= 3 else values
    mean = float(trimmed.mean())
    expected = max(float(np.median(values)), mean, EXPECTED_FLOOR)
    var = float(trimmed.var(ddof=1)) if trimmed.size >= 2 else 0.0
    alpha = max(0.0, (var - mean) / (expected * expected))
    return Expectation(expected, alpha, tuple(float(v) for v in values))


def baseline_indices(t: int, *, period: str, n: int, valid: np.ndarray) -> list[int]:
    """Indices of the periods ``t`` is compared with: the ``n`` preceding complete weeks, or
    the same weekday of the ``n`` preceding weeks."""
    step = 7 if period == "day" else 1
    return [i for i in (t - step * j for j in range(1, n + 1)) if i >= 0 and valid[i]]


def capped_count(counts: dict[str, float], base_rates: dict[str, float]) -> tuple[float, float]:
    """The period's count with each source capped (see the module's method), and the cap of
    the typical source (the median count of the sources other than the top one)."""
    if not counts:
        return 0.0, 1.0
    top = max(counts, key=lambda s: (counts[s], s))
    others = [c for s, c in counts.items() if s != top]
    typical = float(np.median(others)) if others else 1.0
    total = sum(min(c, max(base_rates.get(s, 0.0), typical)) for s, c in counts.items())
    return total, typical


def concentration(counts: dict[str, float], base_rates: dict[str, float]) -> dict[str, Any]:
    """How the excess over each source's own baseline is shared among the sources."""
    excess = {s: c - base_rates.get(s, 0.0) for s, c in counts.items()}
    positive = {s: e for s, e in excess.items() if e > 0}
    total = sum(positive.values())
    if total <= 0:
        return {"top_source": None, "top_share": 0.0, "sources": len(counts),
                "contributing": 0, "effective_sources": 0.0}
    shares = sorted(((e / total, s) for s, e in positive.items()), reverse=True)
    return {"top_source": shares[0][1], "top_share": round(shares[0][0], 4),
            "sources": len(counts),
            "contributing": sum(1 for e in positive.values() if e >= 1),
            "effective_sources": round(1.0 / sum(p * p for p, _ in shares), 2)}


def driven_by(conc: dict[str, Any], capped_significant: bool) -> str:
    """``one source``, ``few sources`` or ``many sources`` (see the module's method)."""
    if conc["top_share"] >= ONE_SOURCE_SHARE:
        return "one source"
    if (capped_significant and conc["effective_sources"] >= MANY_SOURCES
            and conc["contributing"] >= MANY_SOURCES):
        return "many sources"
    return "few sources"


# -- distinctive terms ----------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _words(key: str) -> set[str]:
    return {w for w in key.split() if len(w) >= 3 and not w.isdigit()}


def distinctive_terms(window: Sequence[tuple[str, str]], baseline: Iterable[str], *,
                      limit: int = 10, min_items: int = 2, min_z: float = 1.64
                      ) -> list[dict[str, object]]:
    """Match-key words over-represented in ``window`` (``(source_key, match_key)`` per item)
    against ``baseline`` (match keys), by the z-score of their log odds ratio."""
    in_window: Counter[str] = Counter()
    sources: dict[str, set[str]] = {}
    for source, key in window:
        for w in _words(key):
            in_window[w] += 1
            sources.setdefault(w, set()).add(source)
    in_base: Counter[str] = Counter()
    n0 = 0
    for key in baseline:
        n0 += 1
        in_base.update(_words(key))
    n1 = len(window)
    scored = []
    for w, a in in_window.items():
        if a < min_items:
            continue
        b = in_base.get(w, 0)
        lor = (math.log((a + 0.5) / (n1 - a + 0.5)) - math.log((b + 0.5) / (n0 - b + 0.5)))
        se = math.sqrt(1 / (a + 0.5) + 1 / (n1 - a + 0.5) + 1 / (b + 0.5) + 1 / (n0 - b + 0.5))
        z = lor / se
        if z >= min_z:
            scored.append((z, a, w))
    scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
    return [{"term": w, "items": a, "sources": len(sources[w]), "baseline_items": in_base.get(w, 0),
             "baseline_share": round(in_base.get(w, 0) / n0, 4) if n0 else 0.0,
             "share": round(a / n1, 4), "z": round(z, 2)} for z, a, w in scored[:limit]]


def surface_forms(terms: Sequence[str], texts: Iterable[str]) -> dict[str, str]:
    """The most frequent original-script spelling (lower-cased) of each match-key word."""
    wanted = set(terms)
    seen: dict[str, Counter[str]] = {t: Counter() for t in wanted}
    for text in texts:
        for token in _WORD.findall(text or ""):
            for w in match_key(token).split():
                if w in wanted:
                    seen[w][token.lower()] += 1
    return {t: c.most_common(1)[0][0] for t, c in seen.items() if c}
