"""The health metrics Haru understands: canonical unit, how a day is summarised, sane bounds,
and the other units a mobile client may send (converted on the way in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MetricSpec:
    key: str
    label: Promise
    unit: str
    daily: str  # "sum" (steps), "avg" (heart rate) or "last" (weight)
    minimum: Decimal
    maximum: Decimal
    decimals: int = 0
    conversions: dict[str, Decimal] = field(default_factory=dict)  # unit -> factor to canonical

    @property
    def unit_label(self) -> str:
        """The unit as people read it (steps are counted, not measured in "count")."""
        return str(UNIT_LABELS.get(self.unit, self.unit))


UNIT_LABELS = {"count": _("steps"), "min": _("min")}


METRICS: dict[str, MetricSpec] = {
    spec.key: spec
    for spec in [
        MetricSpec("steps", _("Steps"), "count", "sum", Decimal(0), Decimal(200_000)),
        MetricSpec(
            "distance",
            _("Distance"),
            "km",
            "sum",
            Decimal(0),
            Decimal(500),
            2,
            {"m": Decimal("0.001"), "mi": Decimal("1.609344")},
        ),
        MetricSpec(
            "active_energy",
            _("Active calories"),
            "kcal",
            "sum",
            Decimal(0),
            Decimal(20_000),
            0,
            {"kJ": Decimal("0.239006")},
        ),
        MetricSpec(
            "calories_intake",
            _("Calories eaten"),
            "kcal",
            "sum",
            Decimal(0),
            Decimal(20_000),
            0,
            {"kJ": Decimal("0.239006")},
        ),
        MetricSpec("heart_rate", _("Heart rate"), "bpm", "avg", Decimal(20), Decimal(250)),
        MetricSpec(
            "resting_heart_rate", _("Resting heart rate"), "bpm", "avg", Decimal(20), Decimal(200)
        ),
        MetricSpec(
            "weight",
            _("Weight"),
            "kg",
            "last",
            Decimal(1),
            Decimal(500),
            1,
            {"lb": Decimal("0.45359237"), "g": Decimal("0.001")},
        ),
        MetricSpec("body_fat", _("Body fat"), "%", "last", Decimal(1), Decimal(80), 1),
        MetricSpec(
            "sleep",
            _("Sleep"),
            "min",
            "sum",
            Decimal(0),
            Decimal(1440),
            0,
            {"h": Decimal(60), "s": Decimal(1) / Decimal(60)},
        ),
        MetricSpec(
            "water", _("Water"), "ml", "sum", Decimal(0), Decimal(10_000), 0, {"l": Decimal(1000)}
        ),
        MetricSpec(
            "mindful_minutes", _("Mindful minutes"), "min", "sum", Decimal(0), Decimal(1440)
        ),
        MetricSpec(
            "blood_pressure_systolic",
            _("Blood pressure (systolic)"),
            "mmHg",
            "last",
            Decimal(50),
            Decimal(260),
        ),
        MetricSpec(
            "blood_pressure_diastolic",
            _("Blood pressure (diastolic)"),
            "mmHg",
            "last",
            Decimal(30),
            Decimal(160),
        ),
        MetricSpec(
            "blood_glucose",
            _("Blood glucose"),
            "mg/dL",
            "last",
            Decimal(10),
            Decimal(800),
            0,
            {"mmol/L": Decimal("18.0182")},
        ),
        MetricSpec("oxygen_saturation", _("Blood oxygen"), "%", "avg", Decimal(50), Decimal(100)),
    ]
}

METRIC_CHOICES = [(key, spec.label) for key, spec in METRICS.items()]


def to_canonical(metric_type: str, value: Decimal, unit: str | None) -> Decimal:
    """Convert ``value`` in ``unit`` to the metric's canonical unit; raise ValueError if unknown."""
    spec = METRICS[metric_type]
    if not unit or unit == spec.unit:
        return value
    if unit not in spec.conversions:
        raise ValueError(unit)
    return value * spec.conversions[unit]
