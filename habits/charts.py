"""Server-rendered SVG charts (no JavaScript): the 12-week heatmap, the mood/energy trend and
small sparklines. Colours come from CSS classes in haru.css, so charts follow the theme."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

CELL = 14
GAP = 3


@lru_cache(maxsize=2048)
def _day_label(day: date, fmt: str, language: str | None) -> str:
    """A day as the active language writes it, escaped. Every user's heatmap shows the same
    84 days, so each label is formatted once per process and language, not once per cell
    per request (the locale's format lookup is most of a heatmap's cost)."""
    return escape(date_format(day, fmt))


def heatmap_svg(days: Sequence, *, weeks: int) -> SafeString:
    """Columns are weeks (oldest left), rows Monday..Sunday; level 0-4 picks the shade."""
    title = _("Check-ins over the last 12 weeks")
    label_width = 24
    width = label_width + weeks * (CELL + GAP)
    height = 16 + 7 * (CELL + GAP)
    parts = [
        f'<svg class="heatmap" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="heatmap-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="heatmap-title">{escape(title)}</title>',
    ]
    weekday_labels = [_("Mon"), "", _("Wed"), "", _("Fri"), "", ""]
    for row, label in enumerate(weekday_labels):
        if label:
            y = 16 + row * (CELL + GAP) + CELL - 3
            parts.append(f'<text class="heatmap__label" x="0" y="{y}">{escape(label)}</text>')
    last_month = None
    last_label_column = -3
    language = get_language()
    tip_text = _("%(day)s: %(done)d of %(due)d done")
    for index, item in enumerate(days):
        column, row = divmod(index, 7)
        x = label_width + column * (CELL + GAP)
        y = 16 + row * (CELL + GAP)
        if row == 0 and item.day.month != last_month:
            last_month = item.day.month
            if column - last_label_column >= 3:
                last_label_column = column
                month = _day_label(item.day, "M", language)
                parts.append(f'<text class="heatmap__label" x="{x}" y="11">{month}</text>')
        level = "future" if item.future else item.level
        tip = escape(tip_text) % {
            "day": _day_label(item.day, "DATE_FORMAT", language),
            "done": item.done,
            "due": item.due,
        }
        parts.append(
            f'<rect class="heatmap__cell heatmap__cell--{level}" x="{x}" y="{y}" '
            f'width="{CELL}" height="{CELL}" rx="3"><title>{tip}</title></rect>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every dynamic piece is escaped above


def _segments(values: Sequence[float | None], xs: Sequence[float], y_of) -> list[str]:
    segments, current = [], []
    for x, value in zip(xs, values, strict=True):
        if value is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{x:.1f},{y_of(value):.1f}")
    if current:
        segments.append(current)
    return [" ".join(points) for points in segments]


def trend_svg(points: Sequence) -> SafeString:
    """Mood and energy (1-10) per day; days without data leave gaps, single days show dots."""
    title = _("Mood and energy over 30 days")
    width, height = 640, 200
    left, right, top, bottom = 28, 8, 10, 26
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(len(points) - 1, 1)
    xs = [left + i * step for i in range(len(points))]

    def y_of(value: float) -> float:
        return top + inner_h * (10 - value) / 9

    parts = [
        f'<svg class="trend" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="trend-title trend-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="trend-title">{escape(title)}</title>',
    ]
    moods = [p.mood for p in points if p.mood is not None]
    energies = [p.energy for p in points if p.energy is not None]
    if moods or energies:
        desc = _("Average mood %(mood)s, average energy %(energy)s (out of 10).") % {
            "mood": f"{sum(moods) / len(moods):.1f}" if moods else "-",
            "energy": f"{sum(energies) / len(energies):.1f}" if energies else "-",
        }
    else:
        desc = _("No mood or energy recorded yet.")
    parts.append(f'<desc id="trend-desc">{escape(desc)}</desc>')
    for value in (1, 5, 10):
        y = y_of(value)
        parts.append(
            f'<line class="trend__grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" '
            f'y2="{y:.1f}"/><text class="trend__axis" x="4" y="{y + 4:.1f}">{value}</text>'
        )
    for index in (0, len(points) // 2, len(points) - 1):
        if 0 <= index < len(points):
            anchor = "start" if index == 0 else "end" if index == len(points) - 1 else "middle"
            label = escape(date_format(points[index].day, "n/j"))
            parts.append(
                f'<text class="trend__axis" x="{xs[index]:.1f}" y="{height - 6}" '
                f'text-anchor="{anchor}">{label}</text>'
            )
    for name, values in (
        ("mood", [p.mood for p in points]),
        ("energy", [p.energy for p in points]),
    ):
        for segment in _segments(values, xs, y_of):
            if " " in segment:
                parts.append(
                    f'<polyline class="trend__line trend__line--{name}" points="{segment}"/>'
                )
        for x, value in zip(xs, values, strict=True):
            if value is not None:
                parts.append(
                    f'<circle class="trend__dot trend__dot--{name}" cx="{x:.1f}" '
                    f'cy="{y_of(value):.1f}" r="3"/>'
                )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped text only


def sparkline_svg(series: Sequence[tuple[date, float]], *, label: str) -> SafeString:
    width, height, pad = 160, 40, 4
    values = [float(value) for _, value in series if value is not None]
    parts = [
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" preserveAspectRatio="none" '
        f'role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    if len(values) >= 2:
        low, high = min(values), max(values)
        spread = (high - low) or 1
        step = (width - 2 * pad) / (len(values) - 1)
        points = " ".join(
            f"{pad + i * step:.1f},{height - pad - (v - low) / spread * (height - 2 * pad):.1f}"
            for i, v in enumerate(values)
        )
        parts.append(f'<polyline class="sparkline__line" points="{points}"/>')
    elif values:
        parts.append(f'<circle class="sparkline__dot" cx="{width / 2}" cy="{height / 2}" r="3"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped text only
