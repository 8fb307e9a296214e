"""Small SVG charts rendered locally (no JavaScript, no CDN): bars and stacked columns.

Every label is XML-escaped: labels come from hostile content (channel titles).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

PALETTE = ("#3b6ea5", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#a26769",
           "#2e4057", "#c17c74", "#7a9e9f", "#b8b08d", "#5c6f68")
FUNCTION_COLOURS = {"ve_support": "#c0392b", "reporting": "#2e86c1", "counter_messaging": "#27ae60",
                    "religious": "#8e44ad", "political": "#d68910", "other": "#95a5a6"}


def colour_for(label: str, i: int) -> str:
    return FUNCTION_COLOURS.get(label, PALETTE[i % len(PALETTE)])


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 10 or v == int(v) else f"{v:.2f}"


def bar_chart(data: list[tuple[str, float]], *, title: str, width: int = 560,
              unit: str = "", colours: dict[str, str] | None = None) -> str:
    """Horizontal bars, one per (label, value)."""
    row, label_w, pad = 22, 170, 8
    height = 34 + row * max(len(data), 1) + pad
    vmax = max((v for _, v in data), default=0) or 1
    bar_w = width - label_w - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="chart"><title>{escape(title)}</title>',
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>',
    ]
    if not data:
        parts.append('<text x="0" y="44" class="chart-empty">no data</text>')
    for i, (label, value) in enumerate(data):
        y = 30 + i * row
        w = max(1.0, bar_w * value / vmax) if value else 0
        fill = (colours or {}).get(label, PALETTE[i % len(PALETTE)])
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" '
                     f'class="chart-label">{escape(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 7}" '
                     f'fill="{fill}"><title>{escape(label)}: {_fmt(value)}{unit}</title></rect>')
        parts.append(f'<text x="{label_w + w + 5:.1f}" y="{y + 14}" class="chart-value">'
                     f'{_fmt(value)}{escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def stacked_columns(categories: list[str], series: dict[str, list[float]], *, title: str,
                    width: int = 720, height: int = 260) -> str:
    """Vertical stacked columns: one column per category (e.g. month), one colour per series."""
    left, bottom, top, legend_h = 44, 40, 28, 20 * ((len(series) + 3) // 4)
    plot_h = height - bottom - top
    totals = [sum(vals[i] for vals in series.values()) for i in range(len(categories))]
    vmax = max(totals, default=0) or 1
    n = max(len(categories), 1)
    col_w = (width - left - 10) / n
    full_h = height + legend_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {full_h}" '
        f'width="{width}" height="{full_h}" class="chart"><title>{escape(title)}</title>',
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
        'stroke="#888"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" class="chart-axis">'
        f'{_fmt(vmax)}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" class="chart-axis">0</text>',
    ]
    for i, cat in enumerate(categories):
        x = left + i * col_w
        y = top + plot_h
        for j, (name, vals) in enumerate(series.items()):
            h = plot_h * vals[i] / vmax
            if h <= 0:
                continue
            y -= h
            parts.append(f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{max(col_w - 4, 1):.1f}" '
                         f'height="{h:.1f}" fill="{colour_for(name, j)}"><title>{escape(cat)} · '
                         f'{escape(name)}: {_fmt(vals[i])}</title></rect>')
        if n <= 24 or i % max(1, n // 12) == 0:
            parts.append(f'<text x="{x + col_w / 2:.1f}" y="{top + plot_h + 16}" '
                         f'text-anchor="middle" class="chart-axis">{escape(cat)}</text>')
    for j, name in enumerate(series):
        lx = left + (j % 4) * ((width - left) / 4)
        ly = height + 20 * (j // 4) - 8
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="12" height="12" '
                     f'fill="{colour_for(name, j)}"/>')
        parts.append(f'<text x="{lx + 16:.1f}" y="{ly}" class="chart-label">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
