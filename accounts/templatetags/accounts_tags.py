from django import template

from accounts.requestinfo import describe_device

register = template.Library()


@register.filter
def device(user_agent: str) -> str:
    """ "Mozilla/5.0 (iPhone; ...) Safari/604.1" -> "iPhone · Safari"."""
    return describe_device(user_agent or "") or (user_agent or "")[:60]
