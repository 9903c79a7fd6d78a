"""Server-rendered SVG charts for reports (no JavaScript; scale to the phone's width)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STAGE_LABELS = {
    "beginning": gettext_lazy("beginning"),
    "start": gettext_lazy("beginning"),
    "middle": gettext_lazy("middle"),
    "end": gettext_lazy("end"),
}
EMOTION_LABELS = {
    "joy": gettext_lazy("joy"),
    "calm": gettext_lazy("calm"),
    "gratitude": gettext_lazy("gratitude"),
    "pride": gettext_lazy("pride"),
    "excitement": gettext_lazy("excitement"),
    "love": gettext_lazy("love"),
    "sadness": gettext_lazy("sadness"),
    "anxiety": gettext_lazy("anxiety"),
    "anger": gettext_lazy("anger"),
    "fear": gettext_lazy("fear"),
    "fatigue": gettext_lazy("tiredness"),
    "loneliness": gettext_lazy("loneliness"),
    "frustration": gettext_lazy("frustration"),
    "neutral": gettext_lazy("neutral"),
}
COLOURS = ["#2f6b5b", "#c2603a", "#2c5aa0", "#8a5a00", "#7a4f9a", "#5f574f", "#3d8b74", "#b3261e"]
W, H, PAD = 340, 160, 28


def stage_label(name: str) -> str:
    return str(STAGE_LABELS.get(name, name))


def emotion_label(name: str) -> str:
    return str(EMOTION_LABELS.get(name, name))


def _empty(message: str) -> SafeString:
    return mark_safe(  # noqa: S308 - escaped below
        f'<svg viewBox="0 0 {W} 60" role="img" class="chart"><text x="{W // 2}" y="34" '
        f'text-anchor="middle" class="chart__muted">{escape(message)}</text></svg>'
    )


def waveform_svg(points: list[dict], *, title: str) -> SafeString:
    """Mood (1-5) and emotional intensity (tier_a 0.1-4) per day as two lines."""
    if not any(p.get("mood") is not None or p.get("tier_a") is not None for p in points):
        return _empty(_("No entries in this period yet."))
    n = max(len(points), 2)
    step = (W - 2 * PAD) / (n - 1)

    def line(key: str, top: float, css: str) -> str:
        segs, path = [], []
        for i, p in enumerate(points):
            v = p.get(key)
            if v is None:
                if path:
                    segs.append(path)
                path = []
                continue
            x = PAD + i * step
            y = H - PAD - (float(v) / top) * (H - 2 * PAD)
            path.append(f"{x:.1f},{y:.1f}")
        if path:
            segs.append(path)
        out = []
        for seg in segs:
            if len(seg) == 1:
                x, y = seg[0].split(",")
                out.append(f'<circle cx="{x}" cy="{y}" r="3.5" class="{css}"/>')
            else:
                out.append(f'<polyline points="{" ".join(seg)}" class="{css}" fill="none"/>')
        return "".join(out)

    first, last = escape(str(points[0]["t"])[-5:]), escape(str(points[-1]["t"])[-5:])
    mood_label, intensity_label = escape(_("mood")), escape(_("intensity"))
    svg = (
        f'<svg viewBox="0 0 {W} {H}" role="img" class="chart" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" class="chart__axis"/>'
        f"{line('mood', 5.0, 'chart__mood')}{line('tier_a', 4.0, 'chart__tier')}"
        f'<text x="{PAD}" y="{H - 8}" class="chart__label">{first}</text>'
        f'<text x="{W - PAD}" y="{H - 8}" text-anchor="end" class="chart__label">{last}</text>'
        f'<g class="chart__legend">'
        f'<rect x="{PAD}" y="6" width="10" height="10" class="chart__mood-key"/>'
        f'<text x="{PAD + 14}" y="15" class="chart__label">{mood_label}</text>'
        f'<rect x="{PAD + 90}" y="6" width="10" height="10" class="chart__tier-key"/>'
        f'<text x="{PAD + 104}" y="15" class="chart__label">{intensity_label}</text></g>'
        "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text is escaped


def emotion_bars_svg(distribution: dict[str, float]) -> SafeString:
    items = list(distribution.items())[:6]
    if not items:
        return _empty(_("No readings yet."))
    row = 26
    height = row * len(items) + 8
    label_w = 96
    bar_w = W - label_w - 48
    label = escape(_("Emotions"))
    parts = [f'<svg viewBox="0 0 {W} {height}" role="img" class="chart" aria-label="{label}">']
    for i, (name, share) in enumerate(items):
        y = 4 + i * row
        width = max(2.0, float(share) * bar_w)
        parts.append(
            f'<text x="0" y="{y + 16}" class="chart__label">{escape(emotion_label(name))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="14" rx="4" '
            f'fill="{COLOURS[i % len(COLOURS)]}"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 16}" class="chart__label">'
            f"{round(float(share) * 100)}%</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped


def habit_bars_svg(by_day: list[dict], waveform: list[dict]) -> SafeString:
    """Check-ins per day as bars, with the day's mood as dots above them."""
    if not by_day or not any(d.get("check_ins") or d.get("workouts") for d in by_day):
        return _empty(_("No habit check-ins in this period."))
    moods = {p["t"]: p.get("mood") for p in waveform}
    n = len(by_day)
    slot = (W - 2 * PAD) / n
    top = max(max(d.get("check_ins", 0) + d.get("workouts", 0) for d in by_day), 1)
    label = escape(_("Mood and habits"))
    legend = escape(_("bars: check-ins · dots: mood"))
    parts = [f'<svg viewBox="0 0 {W} {H}" role="img" class="chart" aria-label="{label}">']
    for i, d in enumerate(by_day):
        x = PAD + i * slot
        total = d.get("check_ins", 0) + d.get("workouts", 0)
        h = (total / top) * (H - 2 * PAD) * 0.7
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{H - PAD - h:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{h:.1f}" rx="2" class="chart__bar"/>'
        )
        mood = moods.get(d["t"])
        if mood is not None:
            y = H - PAD - (float(mood) / 5.0) * (H - 2 * PAD)
            parts.append(
                f'<circle cx="{x + slot / 2:.1f}" cy="{y:.1f}" r="3.5" class="chart__mood"/>'
            )
    parts.append(
        f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" class="chart__axis"/>'
        f'<text x="{PAD}" y="{H - 8}" class="chart__label">{legend}</text></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped
