"""The schema of a plan's ``features`` and ``limits`` (seed 000), with labels for pages.

Other apps ask about these keys through ``billing.entitlements``. Adding a key here (and to
each plan, through the admin or a data migration) is how a new entitlement is introduced.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# feature key -> label shown on the pricing page
FEATURES: dict[str, str] = {
    "ai_coaching": _("AI coaching messages"),
    "diary_analysis": _("AI reflections on your diary"),
    "advanced_reports": _("Monthly and yearly reports with trends"),
    "premium_content": _("The full content library and courses"),
    "data_export": _("Download your data"),
    "priority_support": _("Priority support"),
}

# limit key -> label; a value is a whole number, or null for "unlimited"
LIMITS: dict[str, str] = {
    "max_habits": _("Habits you can track"),
    "ai_messages_per_day": _("AI coaching messages a day"),
    "max_diary_analyses_per_month": _("Diary reflections a month"),
    "max_reports_per_month": _("Period reports a month"),
    "max_courses": _("Courses you can join at once"),
}

FEATURES_SCHEMA = {
    "type": "object",
    "properties": {key: {"type": "boolean"} for key in FEATURES},
    "additionalProperties": False,
}
LIMITS_SCHEMA = {
    "type": "object",
    "properties": {key: {"type": ["integer", "null"], "minimum": 0} for key in LIMITS},
    "required": list(LIMITS),
    "additionalProperties": False,
}


def validate_features(value) -> None:
    """``{"feature_key": true/false}``; only known keys (missing keys mean "no")."""
    if not isinstance(value, dict):
        raise ValidationError(_("Features must be an object of feature: true/false."))
    unknown = sorted(set(value) - set(FEATURES))
    if unknown:
        raise ValidationError(_("Unknown features: %(keys)s."), params={"keys": ", ".join(unknown)})
    wrong = sorted(key for key, flag in value.items() if not isinstance(flag, bool))
    if wrong:
        raise ValidationError(
            _("These features must be true or false: %(keys)s."), params={"keys": ", ".join(wrong)}
        )


def validate_limits(value) -> None:
    """Every limit key present; each a non-negative whole number or null (unlimited)."""
    if not isinstance(value, dict):
        raise ValidationError(_("Limits must be an object of limit: number or null."))
    unknown = sorted(set(value) - set(LIMITS))
    if unknown:
        raise ValidationError(_("Unknown limits: %(keys)s."), params={"keys": ", ".join(unknown)})
    missing = sorted(set(LIMITS) - set(value))
    if missing:
        raise ValidationError(_("Missing limits: %(keys)s."), params={"keys": ", ".join(missing)})
    wrong = sorted(
        key
        for key, amount in value.items()
        if amount is not None
        and (isinstance(amount, bool) or not isinstance(amount, int) or amount < 0)
    )
    if wrong:
        raise ValidationError(
            _(
                "These limits must be a whole number of at least 0, or empty for unlimited: "
                "%(keys)s."
            ),
            params={"keys": ", ".join(wrong)},
        )
