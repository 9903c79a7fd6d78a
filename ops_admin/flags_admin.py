"""Feature flags in the console: waffle's screen with the plans Haru adds."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from waffle.admin import FlagAdmin as WaffleFlagAdmin

from ops_admin.models import Flag

if admin.site.is_registered(Flag):
    admin.site.unregister(Flag)


@admin.register(Flag)
class FlagAdmin(WaffleFlagAdmin):
    list_display = (*WaffleFlagAdmin.list_display, "plans")
    fieldsets = (
        (None, {"fields": ("name", "note")}),
        (
            _("Kill switch"),
            {
                "fields": ("everyone",),
                "description": _("“No” turns the feature off for everyone, whatever else is set."),
            },
        ),
        (_("Rollout"), {"fields": ("percent", "rollout")}),
        (
            _("Targeting"),
            {
                "fields": (
                    "plans",
                    "groups",
                    "users",
                    "staff",
                    "superusers",
                    "authenticated",
                    "languages",
                )
            },
        ),
        (_("Testing"), {"fields": ("testing",)}),
    )
