from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from core.templatetags.money import money

register = template.Library()


# One money filter for every app (core.money); billing's templates keep ``|money`` here.
register.filter("money", money)


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


@register.filter
def ledger_reason(value) -> str:
    """A ledger entry's reason in the reader's language (``entry|ledger_reason``); an old
    free-text reason string is converted on the fly."""
    from billing.messages import legacy_reason_to_key, message_render

    if hasattr(value, "reason_text"):
        return value.reason_text
    return message_render(*legacy_reason_to_key(str(value or "")))


@register.filter
def checkout_title(checkout) -> str:
    """What a checkout buys, in the reader's language (a booking's message key), else its name."""
    from billing.messages import message_render

    if getattr(checkout, "description_key", ""):
        return message_render(checkout.description_key, checkout.description_params)
    return checkout.order_name
