from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()


@register.filter
def money(amount, currency="KRW"):
    """``9900|money`` -> ₩9,900 (KRW has no minor unit)."""
    if amount is None or amount == "":
        return ""
    if currency == "KRW":
        return _("₩%(amount)s") % {"amount": intcomma(int(amount))}
    return f"{intcomma(int(amount))} {currency}"


def _vat(amount: int) -> int:
    """The VAT inside a VAT-inclusive price (부가세 10%): total - round(total / 1.1)."""
    return int(amount) - round(int(amount) * 10 / 11)


@register.filter
def vat(amount):
    return _vat(amount) if amount not in (None, "") else ""


@register.filter
def supply_value(amount):
    return int(amount) - _vat(amount) if amount not in (None, "") else ""


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
