"""Operator roles (seed 002 ``admins.role``): operator, manager and admin as Django groups.

Each role is a list of permission patterns (``app_label.codename``, ``*`` wildcards) matched
against every permission that exists, so a model added later falls into the right roles the
next time ``sync_roles`` runs (the data migration runs it once; ``manage.py sync_roles`` and
every ``migrate`` keep it in step). The Django admin hides a model without view permission,
and each admin action names the permission it needs, so a role sees only its menus and
actions.

- operator: the work queues (diary moderation, slip reviews, flagged AI outputs) and the
  support desk; reads members, payments and subscriptions to answer them.
- manager: all of that, plus refunds and subscription changes, AI policies and prompts,
  content publishing, the audit trail.
- admin: everything, roles, feature flags and live settings included.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from django.utils.translation import gettext_lazy as _

OPERATOR = "operator"
MANAGER = "manager"
ADMIN = "admin"
ROLE_NAMES = (OPERATOR, MANAGER, ADMIN)
ROLE_LABELS = {OPERATOR: _("Operator"), MANAGER: _("Manager"), ADMIN: _("Administrator")}


@dataclass(frozen=True)
class CustomPermission:
    """A permission the console needs on a lower app's model (an action, not a CRUD right)."""

    app_label: str
    model: str
    codename: str
    name: str


# Actions on lower apps' models that are not "change" (their admins are read-only or the
# action is narrower than editing). Their admins ask for them with
# ``core.admin_actions.permission_check``.
CUSTOM_PERMISSIONS = (
    CustomPermission("diaries", "entry", "moderate_entry", "Can block, delete or restore entries"),
    CustomPermission(
        "diaries", "slipcondition", "review_slipcondition", "Can override and review slips"
    ),
    CustomPermission("accounts", "user", "change_user_state", "Can change account states"),
    CustomPermission("accounts", "user", "send_test_notification", "Can send test notifications"),
    CustomPermission("accounts", "uploadedfile", "rescan_uploadedfile", "Can rescan uploads"),
    CustomPermission("billing", "payment", "refund_payment", "Can refund payments"),
    CustomPermission("billing", "payment", "request_refund", "Can ask for a refund"),
    CustomPermission("billing", "refund", "approve_refund", "Can approve or reject refunds"),
    CustomPermission(
        "coaching", "policyversion", "activate_policyversion", "Can activate policy versions"
    ),
)

_OPERATOR_PATTERNS = (
    "accounts.view_user",
    "accounts.view_userstatuslog",
    "accounts.view_safetypause",
    "accounts.view_notification",
    "accounts.change_notification",
    "accounts.view_uploadedfile",
    "accounts.rescan_uploadedfile",
    "diaries.view_*",
    "diaries.moderate_entry",
    "diaries.review_slipcondition",
    "billing.view_payment",
    "billing.request_refund",
    "billing.view_refund",
    "billing.view_subscription",
    "billing.view_plan",
    "coaching.view_coachingmessage",
    "coaching.view_serviceresult",
    "coaching.view_aioutputflag",
    "coaching.review_aioutputflag",
    "ops_admin.view_supportinquiry",
    "ops_admin.change_supportinquiry",
    "ops_admin.reply_supportinquiry",
    "ops_admin.view_supportresponse",
    "ops_admin.view_cannedanswer",
    "ops_admin.view_supportcategory",
    "ops_admin.view_diarymoderationqueue",
    "ops_admin.view_slipreviewqueue",
    "practitioners.view_*",
)
_MANAGER_PATTERNS = (
    *_OPERATOR_PATTERNS,
    "accounts.change_user_state",
    "accounts.view_adminauditlog",
    "accounts.view_loginlog",
    "billing.view_*",
    "billing.change_subscription",
    "billing.refund_payment",
    "billing.approve_refund",
    "billing.change_reconciliationissue",
    "billing.change_practitionerpayout",
    "coaching.view_*",
    "coaching.add_prompttemplate",
    "coaching.change_prompttemplate",
    "coaching.add_promptexperiment",
    "coaching.change_promptexperiment",
    "coaching.add_policyversion",
    "coaching.change_policyversion",
    "coaching.activate_policyversion",
    "coaching.add_policyoverride",
    "coaching.change_policyoverride",
    "content.view_*",
    "content.add_*",
    "content.change_*",
    "content.publish_*",
    "ops_admin.view_*",
    "ops_admin.add_cannedanswer",
    "ops_admin.change_cannedanswer",
    "ops_admin.add_supportcategory",
    "ops_admin.change_supportcategory",
    "ops_admin.promote_supportinquiry",
    "waffle.view_*",
    "pghistory.view_*",
)
ROLE_PATTERNS: dict[str, tuple[str, ...]] = {
    OPERATOR: _OPERATOR_PATTERNS,
    MANAGER: _MANAGER_PATTERNS,
    ADMIN: ("*",),
}


def role_permission_keys(role: str, available: list[str]) -> set[str]:
    """Which of ``available`` (``app_label.codename``) the role gets."""
    patterns = ROLE_PATTERNS[role]
    return {key for key in available if any(fnmatchcase(key, p) for p in patterns)}


def sync_roles(*, apps: Any = None) -> dict[str, int]:
    """Create the custom permissions and the three groups, and set each group's permissions
    to exactly what its role grants. Idempotent; returns the permission count per role.

    ``apps`` is the migration state's registry when run from a data migration."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for custom in CUSTOM_PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(
            app_label=custom.app_label, model=custom.model
        )
        Permission.objects.update_or_create(
            content_type=content_type,
            codename=custom.codename,
            defaults={"name": custom.name},
        )
    rows = list(Permission.objects.values_list("pk", "content_type__app_label", "codename"))
    keys = [f"{app}.{codename}" for _pk, app, codename in rows]
    pk_of = {f"{app}.{codename}": pk for pk, app, codename in rows}
    counts = {}
    for role in ROLE_NAMES:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = {pk_of[key] for key in role_permission_keys(role, keys)}
        group.permissions.set(wanted)
        counts[role] = len(wanted)
    return counts


def user_role(user: Any) -> str:
    """The highest role of ``user`` ("" when none); superusers count as admin."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    if user.is_superuser:
        return ADMIN
    names = set(user.groups.values_list("name", flat=True))
    for role in reversed(ROLE_NAMES):
        if role in names:
            return role
    return ""


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    """post_migrate: give the roles the permissions of models added since (every app's
    permissions are created first, whatever the app order)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    using = kwargs.get("using", "default")
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()
