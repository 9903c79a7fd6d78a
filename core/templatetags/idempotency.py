"""``{% load idempotency %}{% idempotency_field %}``: one fresh key per rendered form."""

import uuid

from django import template
from django.utils.html import format_html

from core.idempotency import FORM_FIELD

register = template.Library()


@register.simple_tag
def idempotency_field() -> str:
    """A hidden input with a new key: a double click or a resent form runs the POST once."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, uuid.uuid4())
