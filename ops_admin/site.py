"""The operator console: Django's admin site with a dashboard home and task-grouped menus.

Installed through ``ops_admin.apps.HaruAdminConfig`` (``default_site``) in place of
``django.contrib.admin``, so every app's ``admin.site.register`` / ``@admin.register`` lands
here unchanged and the admin URLs stay where they were.

Navigation is grouped by the operator's task rather than by Django app. ``get_app_list``
starts from Django's own list, which already holds only what the user's permissions allow,
and regroups it; report pages are added only for users who hold their view permission.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

USERS = "users"
MONEY = "money"
AI = "ai"
CONTENT = "content"
PRACTITIONERS = "practitioners"
SUPPORT = "support"
SYSTEM = "system"

GROUPS = [
    (USERS, _("Users & safety")),
    (MONEY, _("Money")),
    (AI, _("AI")),
    (CONTENT, _("Content")),
    (PRACTITIONERS, _("Practitioners")),
    (SUPPORT, _("Support")),
    (SYSTEM, _("System")),
]

APP_GROUPS = {
    "accounts": USERS,
    "diaries": USERS,
    "habits": USERS,
    "account": USERS,  # allauth e-mail addresses
    "socialaccount": USERS,
    "mfa": USERS,
    "usersessions": USERS,
    "billing": MONEY,
    "coaching": AI,
    "content": CONTENT,
    "practitioners": PRACTITIONERS,
}
# Models whose task differs from their app's.
MODEL_GROUPS = {
    "habits.habitcategory": CONTENT,
    "habits.habittemplate": CONTENT,
    "habits.achievement": CONTENT,
    "habits.exercise": CONTENT,
    "habits.trainerprofile": PRACTITIONERS,
}
SUPPORT_PREFIXES = ("support", "canned", "inquir")

# Third-party models whose names their libraries do not translate into Korean.
MODEL_NAMES = {
    "usersessions.usersession": _("Sign-in sessions"),
    "constance.config": _("Live settings"),
    "waffle.sample": _("Rollout samples"),
    "waffle.switch": _("On/off switches"),
}


def group_of(app_label: str, object_name: str) -> str:
    label = f"{app_label}.{object_name.lower()}"
    if label in MODEL_GROUPS:
        return MODEL_GROUPS[label]
    if app_label == "ops_admin" and object_name.lower().startswith(SUPPORT_PREFIXES):
        return SUPPORT
    return APP_GROUPS.get(app_label, SYSTEM)


class HaruAdminSite(admin.AdminSite):
    site_header = _("Haru operator console")
    site_title = _("Haru operator console")
    index_title = _("Today")
    # Not "admin/index.html": django.contrib.admin's own template of that name is found first.
    index_template = "ops_admin/index.html"

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        grouped: dict[str, list[dict]] = {key: [] for key, _label in GROUPS}
        for app in apps:
            for model in app["models"]:
                label = f"{app['app_label']}.{model['object_name'].lower()}"
                entry = {**model, "name": f"{MODEL_NAMES.get(label, model['name'])}"}
                grouped[group_of(app["app_label"], model["object_name"])].append(entry)
        for entry in self._report_entries(request):
            grouped[entry.pop("group")].append(entry)
        result = []
        for key, label in GROUPS:
            models = sorted(grouped[key], key=lambda m: str(m["name"]))
            if models:
                result.append(
                    {
                        "name": label,
                        "app_label": f"group_{key}",
                        "app_url": f"{reverse('admin:index')}#group-{key}",
                        "has_module_perms": True,
                        "models": models,
                    }
                )
        return result

    def _report_entries(self, request: HttpRequest) -> list[dict[str, Any]]:
        from ops_admin.views import REPORTS

        entries = []
        for report in REPORTS:
            if request.user.has_perm(report.permission):
                entries.append(
                    {
                        "group": report.group,
                        "name": report.title,
                        "object_name": report.key,
                        "perms": {"view": True},
                        "admin_url": reverse(f"admin:{report.url_name}"),
                        "add_url": None,
                        "view_only": True,
                    }
                )
        return entries

    def get_urls(self) -> list[URLPattern]:
        from ops_admin.views import REPORTS

        extra = [
            path(f"reports/{report.key}/", self.admin_view(report.view(self)), name=report.url_name)
            for report in REPORTS
        ]
        return extra + super().get_urls()

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        from ops_admin.views import dashboard_context

        context = {**dashboard_context(request), **(extra_context or {})}
        return super().index(request, context)
