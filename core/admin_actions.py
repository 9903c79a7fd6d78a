"""The admin action that asks for a form first (a reason, an amount, days…), for every app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.exceptions import HaruError

TEMPLATE = "core/admin_action_form.html"


def admin_form_action(
    modeladmin,
    request: HttpRequest,
    queryset: Iterable,
    *,
    form_class,
    title: str,
    run: Callable[[Any, dict], Any],
    initial: dict | None = None,
) -> HttpResponse | None:
    """Show ``form_class`` for the selected objects; once submitted and valid, call
    ``run(obj, cleaned_data)`` for each (a service call). A ``HaruError`` for one object is
    reported and the others go on. Returns None afterwards: the admin goes back to the list.
    """
    applying = "apply" in request.POST
    form = form_class(request.POST) if applying else form_class(initial=initial or {})
    if applying and form.is_valid():
        done = 0
        for obj in queryset:
            try:
                run(obj, form.cleaned_data)
            except HaruError as error:
                modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request, _("Done for %(n)d item(s).") % {"n": done}, messages.SUCCESS
            )
        return None
    return render(
        request,
        TEMPLATE,
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "queryset": queryset,
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
        },
    )


def permission_check(codename: str):
    """A ``has_<name>_permission`` method for ``@admin.action(permissions=["<name>"])``: the
    user needs ``<app_label>.<codename>`` (a role grants it; superusers always pass)."""

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    return has_permission
