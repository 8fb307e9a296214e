"""Small inline SVG charts for the pages: sparklines and a line chart.

Built server-side, no script; every piece of text is XML-escaped (labels come from hostile
channels) and numbers are formatted here, so the result can be marked safe for the template.
Colours use SVG presentation attributes (allowed by the CSP, unlike ``style=``).
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from markupsafe import Markup

LINE = "#3b6ea5"
MUTED = "#8a94a6"


def _esc(text: object) -> str:
    return escape(str(text), {'"': "&quot;", "'": "&#x27;"})


def _num(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 10 or v == int(v) else f"{v:.2f}"


def sparkline(values: Sequence[float | None], *, title: str, width: int = 120,
              height: int = 28, colour: str = LINE, zero_based: bool = True) -> Markup:
    """A tiny line over ``values`` (None = unknown, drawn as a gap) with a text alternative;
    the baseline is 0, or the smallest value when not ``zero_based`` (e.g. subscribers)."""
    known = [v for v in values if v is not None]
    label = _esc(title)
    if not known:
        return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="spark" '
                      f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
                      f'<title>{label}</title></svg>')
    lo, hi = (min([*known, 0.0]) if zero_based else min(known)), max(known)
    span = (hi - lo) or 1.0
    n = len(values)
    step = (width - 4) / max(n - 1, 1)
    segments: list[list[str]] = [[]]
    last_xy = (0.0, 0.0)
    for i, v in enumerate(values):
        if v is None:
            if segments[-1]:
                segments.append([])
            continue
        x = 2 + i * step if n > 1 else width / 2
        y = height - 2 - (height - 4) * (v - lo) / span
        segments[-1].append(f"{x:.1f},{y:.1f}")
        last_xy = (x, y)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="spark" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
             f'<title>{label}</title>',
             f'<line x1="0" y1="{height - 1}" x2="{width}" y2="{height - 1}" '
             f'stroke="{MUTED}" stroke-width="0.5"/>']
    for seg in segments:
        if len(seg) > 1:
            parts.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                         'stroke-width="1.5" stroke-linejoin="round"/>')
        elif seg:
            x, y = seg[0].split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="1.5" fill="{colour}"/>')
    parts.append(f'<circle cx="{last_xy[0]:.1f}" cy="{last_xy[1]:.1f}" r="2" '
                 f'fill="{colour}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(points: Sequence[tuple[str, float]], *, title: str, width: int = 640,
               height: int = 220, colour: str = LINE) -> Markup:
    """A labelled line chart of (x label, value) points, e.g. a subscriber series."""
    left, right, top, bottom = 64, 16, 28, 34
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
             f'<title>{_esc(title)}</title>',
             f'<text x="0" y="16" class="chart-title">{_esc(title)}</text>']
    if not points:
        parts.append('<text x="0" y="44" class="chart-empty">no data</text></svg>')
        return Markup("".join(parts))
    values = [v for _, v in points]
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = lo * 0.9, (hi * 1.1) or 1.0
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(points)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)
        return x, top + plot_h - plot_h * (v - lo) / (hi - lo)

    parts += [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{MUTED}"/>',
        f'<text x="{left - 6}" y="{top + 8}" text-anchor="end" class="chart-axis">'
        f'{_esc(_num(hi))}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" class="chart-axis">'
        f'{_esc(_num(lo))}</text>',
    ]
    coords = [xy(i, v) for i, (_, v) in enumerate(points)]
    if n > 1:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" '
                     'stroke-width="2" stroke-linejoin="round"/>')
    every = max(1, n // 6)
    for i, ((label, v), (x, y)) in enumerate(zip(points, coords, strict=True)):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                     f'<title>{_esc(label)}: {_esc(_num(v))}</title></circle>')
        if i % every == 0 or i == n - 1:
            parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
                         f'class="chart-axis">{_esc(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
