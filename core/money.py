"""Money shown to people: integer minor units + ISO 4217 currency, formatted in one place."""

from __future__ import annotations

from contextlib import nullcontext
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation
from django.utils.translation import gettext as _

# Digits after the decimal point (ISO 4217); everything else Haru takes has two.
MINOR_UNIT_DIGITS = {"KRW": 0, "JPY": 0, "VND": 0, "CLP": 0, "ISK": 0, "TWD": 2, "BHD": 3}


def minor_unit_digits(currency: str) -> int:
    return MINOR_UNIT_DIGITS.get(currency.upper(), 2)


def format_money(amount_minor: int, currency: str, *, locale: str | None = None) -> str:
    """``format_money(9900, "KRW")`` -> "₩9,900"; ``format_money(1234, "USD")`` -> "12.34 USD".

    ``locale`` (a language code) picks the digit grouping and the wording; default: the
    active language.
    """
    with translation.override(locale) if locale else nullcontext():
        digits = minor_unit_digits(currency)
        value = Decimal(int(amount_minor)).scaleb(-digits)
        if digits:
            whole, _sep, fraction = f"{abs(value):.{digits}f}".partition(".")
            number = f"{'-' if value < 0 else ''}{intcomma(int(whole))}.{fraction}"
        else:
            number = intcomma(int(value))
        if currency.upper() == "KRW":
            return _("₩%(amount)s") % {"amount": number}
        return f"{number} {currency.upper()}"
