from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy

from core.templatetags.money import money

register = template.Library()


# One money filter for every app (core.money); billing's templates keep ``|money`` here.
register.filter("money", money)


@register.filter
def signed(value):
    value = int(value)
    return f"+{intcomma(value)}" if value > 0 else f"−{intcomma(-value)}"  # noqa: RUF001 - a real minus sign


REASON_LABELS = {
    "ai_service": gettext_lazy("AI service"),
    "attendance": gettext_lazy("Daily check-in"),
    "achievement": gettext_lazy("Achievement"),
    "event": gettext_lazy("Event"),
    "credit_pack": gettext_lazy("Credit pack"),
    "refund": gettext_lazy("Refund"),
    "coupon": gettext_lazy("Coupon"),
    "discount": gettext_lazy("Discount"),
    "expired": gettext_lazy("Expired points"),
}


@register.filter
def ledger_reason(reason: str) -> str:
    """``ai_service:dream-interpretation`` -> "AI service · dream interpretation"."""
    prefix, _sep, rest = (reason or "").partition(":")
    label = REASON_LABELS.get(prefix)
    if label is None:
        return reason
    rest = rest.replace("-", " ").replace("_", " ").strip()
    return f"{label} · {rest}" if rest else str(label)
