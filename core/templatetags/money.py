from django import template

from core.money import format_money

register = template.Library()


@register.filter(name="money")
def money(amount, currency="KRW"):
    """``{{ 9900|money }}`` -> ₩9,900; ``{{ plan.price|money:plan.currency }}``."""
    if amount is None or amount == "":
        return ""
    return format_money(int(amount), currency or "KRW")
