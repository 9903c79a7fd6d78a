"""One audit trail for everything an operator does in the console.

Apps above accounts (billing, coaching, diaries, habits, practitioners, content, ops_admin)
cannot be asked to remember to log: so the recording hooks into Django's ``ModelAdmin``
itself, once, when accounts starts (``install``):

- every admin action, whoever defines it and on whatever site (site-wide ones such as
  "delete selected" included), is listed by ``ModelAdmin._get_base_actions`` and run from
  that list by ``response_action``; each callable is wrapped by ``audited_action``, which
  snapshots the selected rows before and after and writes one row per object once the action
  has done its work (not when it only shows its form or a confirmation page);
- a change-form save and a delete page are wrapped the same way (``changeform_view``,
  ``delete_view``), and an addition is written from ``log_addition``.

``before``/``after`` keep only the fields that changed. Secrets (passwords, tokens, keys,
hashes), encrypted columns (diary text, health records, billing keys) and ciphertext never
appear; personal details (e-mail, phone, name, birth date, IP) show as "[redacted]" so the
trail proves *that* they changed without keeping them after a member's erasure.

``tests/ops_admin/test_audit.py`` walks every registered ModelAdmin and asserts that each of
its actions is wrapped, so a new action cannot escape.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import Any

from django.contrib.admin.options import ModelAdmin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from core.fields import EncryptedMixin

REDACTED = "[redacted]"
# at most this many selected objects get a row each; the rest are counted in ``detail``
MAX_OBJECTS_PER_ACTION = 500
_SECRET_NAME = re.compile(r"(password|token|secret|(^|_)key$|hash|_ct$|billing_key|otp|totp)")
_PERSONAL_NAMES = frozenset(
    {"email", "phone", "name", "birth_date", "birth_year", "ip", "user_agent", "identifier"}
)


def _audited_fields(model: type[models.Model]) -> list[models.Field]:
    fields = []
    for field in model._meta.concrete_fields:
        if isinstance(field, EncryptedMixin) or _SECRET_NAME.search(field.name):
            continue
        if isinstance(field, models.BinaryField):
            continue
        fields.append(field)
    return fields


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, default=str))


def snapshot(model: type[models.Model], pks: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """The audited fields of each row, keyed by ``str(pk)`` (one query)."""
    pks = list(pks)
    if not pks:
        return {}
    names = [field.attname for field in _audited_fields(model)]
    rows = model._base_manager.filter(pk__in=pks).values("pk", *names)
    return {str(row.pop("pk")): row for row in rows}


def changed_fields(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields whose value differs, as JSON, with personal details masked."""
    before = before or {}
    after = after or {}
    old, new = {}, {}
    for name in sorted(set(before) | set(after)):
        if before.get(name) == after.get(name):
            continue
        masked = name.removesuffix("_id") in _PERSONAL_NAMES or name in _PERSONAL_NAMES
        if name in before:
            old[name] = REDACTED if masked else _jsonable(before[name])
        if name in after:
            new[name] = REDACTED if masked else _jsonable(after[name])
    return old, new


def actor_role(user: Any) -> str:
    """The operator's role as the console knows it: their groups, or "superuser"."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    if user.is_superuser:
        return "superuser"
    return ",".join(sorted(user.groups.values_list("name", flat=True)))[:32]


def record_admin_action(
    *,
    request: HttpRequest | None,
    action: str,
    model: type[models.Model],
    objects: list[tuple[str, str, dict[str, Any], dict[str, Any]]],
    detail: str = "",
) -> int:
    """Write one audit row per ``(pk, repr, before, after)`` in one query; returns the count.

    ``before``/``after`` are full snapshots; only the changed fields are kept."""
    from accounts.models import AdminAuditLog
    from accounts.requestinfo import client_ip
    from accounts.requestinfo import request_id as request_id_of

    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    role = actor_role(actor)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    rid = request_id_of(request) if request is not None else ""
    ip = client_ip(request) if request is not None else None
    rows = []
    for pk, text, before, after in objects:
        old, new = changed_fields(before, after)
        rows.append(
            AdminAuditLog(
                actor=actor,
                actor_role=role,
                action=action[:100],
                content_type=content_type,
                object_pk=str(pk)[:64],
                object_repr=str(text)[:200],
                before=old,
                after=new,
                detail=detail[:300],
                request_id=(rid or "")[:64],
                ip=ip,
            )
        )
    AdminAuditLog.objects.bulk_create(rows)
    return len(rows)


def _completed(response: HttpResponse | None) -> bool:
    """The action did its work: it went back to the list, redirected or sent a file (an
    export). A page answered with 200 is its form or confirmation step: nothing changed."""
    if response is None or isinstance(response, HttpResponseRedirect):
        return True
    return response.has_header("Content-Disposition")


def audited_action(func, name: str):
    """Wrap an admin action so that it leaves one audit row per selected object."""
    if getattr(func, "audited", False):
        return func

    @functools.wraps(func)
    def wrapper(modeladmin, request, queryset):
        model = queryset.model
        selected = list(
            queryset.order_by().values_list("pk", flat=True)[: MAX_OBJECTS_PER_ACTION + 1]
        )
        extra = len(selected) - MAX_OBJECTS_PER_ACTION
        selected = selected[:MAX_OBJECTS_PER_ACTION]
        texts = {str(obj.pk): str(obj) for obj in model._base_manager.filter(pk__in=selected)}
        before = snapshot(model, selected)
        response = func(modeladmin, request, queryset)
        if _completed(response):
            after = snapshot(model, selected)
            record_admin_action(
                request=request,
                action=name,
                model=model,
                objects=[
                    (key, texts.get(key, key), before.get(key, {}), after.get(key, {}))
                    for key in (str(pk) for pk in selected)
                ],
                detail=f"+{extra} more selected" if extra > 0 else "",
            )
        return response

    wrapper.audited = True  # type: ignore[attr-defined]
    return wrapper


def _get_base_actions(original):
    @functools.wraps(original)
    def get_base_actions(self):
        return [
            (audited_action(func, name), name, description)
            for func, name, description in original(self)
        ]

    get_base_actions.audit_installed = True  # type: ignore[attr-defined]
    return get_base_actions


def _changeform_view(original):
    @functools.wraps(original)
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or object_id is None:
            return original(self, request, object_id, form_url, extra_context)
        pk = self.model._meta.pk.to_python(unquote(object_id))
        before = snapshot(self.model, [pk])
        response = original(self, request, object_id, form_url, extra_context)
        if isinstance(response, HttpResponseRedirect) and before:
            after = snapshot(self.model, [pk])
            obj = self.model._base_manager.filter(pk=pk).first()
            record_admin_action(
                request=request,
                action="change",
                model=self.model,
                objects=[
                    (str(pk), str(obj or pk), before.get(str(pk), {}), after.get(str(pk), {}))
                ],
            )
        return response

    return changeform_view


def _delete_view(original):
    @functools.wraps(original)
    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return original(self, request, object_id, extra_context)
        pk = self.model._meta.pk.to_python(unquote(object_id))
        before = snapshot(self.model, [pk])
        obj = self.model._base_manager.filter(pk=pk).first()
        response = original(self, request, object_id, extra_context)
        if isinstance(response, HttpResponseRedirect) and before:
            record_admin_action(
                request=request,
                action="delete",
                model=self.model,
                objects=[(str(pk), str(obj or pk), before.get(str(pk), {}), {})],
            )
        return response

    return delete_view


def _log_addition(original):
    @functools.wraps(original)
    def log_addition(self, request, obj, message):
        entry = original(self, request, obj, message)
        record_admin_action(
            request=request,
            action="add",
            model=type(obj),
            objects=[
                (str(obj.pk), str(obj), {}, snapshot(type(obj), [obj.pk]).get(str(obj.pk), {}))
            ],
        )
        return entry

    return log_addition


def install() -> None:
    """Hook the recording into every ModelAdmin (idempotent; called by accounts' ready)."""
    if is_installed():
        return
    # the one place where the admin lists a ModelAdmin's actions, the site-wide ones
    # (delete_selected) included; response_action runs what this returns
    ModelAdmin._get_base_actions = _get_base_actions(ModelAdmin._get_base_actions)  # type: ignore[method-assign]
    ModelAdmin.changeform_view = _changeform_view(ModelAdmin.changeform_view)  # type: ignore[method-assign]
    ModelAdmin.delete_view = _delete_view(ModelAdmin.delete_view)  # type: ignore[method-assign]
    ModelAdmin.log_addition = _log_addition(ModelAdmin.log_addition)  # type: ignore[method-assign]


def is_installed() -> bool:
    return bool(getattr(ModelAdmin._get_base_actions, "audit_installed", False))
