from django import template

from diaries.charts import emotion_label as _emotion_label
from diaries.charts import stage_label as _stage_label

register = template.Library()


@register.filter
def emotion_label(name: str) -> str:
    return _emotion_label(str(name or ""))


@register.filter
def stage_label(name: str) -> str:
    return _stage_label(str(name or ""))
