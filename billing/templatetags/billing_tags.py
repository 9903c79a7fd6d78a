from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.templatetags.money import money

register = template.Library()


# One money filter for every app (core.money); billing's templates keep ``|money`` here.
register.filter("money", money)


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
