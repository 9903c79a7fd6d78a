from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def weekday_names(days) -> str:
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    days = sorted(days or [])
    if days == [0, 1, 2, 3, 4]:
        return _("Weekdays")
    if days == [5, 6]:
        return _("Weekends")
    return ", ".join(names[day] for day in days)


@register.filter
def minutes(seconds) -> int:
    return round((seconds or 0) / 60)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
