from django import template

from diaries.charts import emotion_label as _emotion_label

register = template.Library()


@register.filter
def emotion_label(name: str) -> str:
    return _emotion_label(str(name or ""))
