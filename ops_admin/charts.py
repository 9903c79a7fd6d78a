"""A tiny server-rendered SVG trend line (no JavaScript, no chart library)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

WIDTH, HEIGHT, PAD = 120, 32, 2


def sparkline(series: list[int | None], *, label: str = "") -> SafeString:
    points = [(i, v) for i, v in enumerate(series) if v is not None]
    if len(points) < 2:
        return format_html(
            '<svg class="ops-spark" viewBox="0 0 {} {}" role="img" aria-label="{}"></svg>',
            WIDTH,
            HEIGHT,
            label,
        )
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span_y = (high - low) or 1
    span_x = (len(series) - 1) or 1

    def xy(i: int, v: int) -> str:
        x = PAD + (WIDTH - 2 * PAD) * i / span_x
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * (v - low) / span_y
        return f"{x:.1f},{y:.1f}"

    path = " ".join(xy(i, v) for i, v in points)
    last_x, last_y = xy(*points[-1]).split(",")
    return format_html(
        '<svg class="ops-spark" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2" fill="currentColor"/></svg>',
        WIDTH,
        HEIGHT,
        label,
        path,
        last_x,
        last_y,
    )
