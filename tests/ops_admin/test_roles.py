"""Roles: each sees only its menus and actions; an operator never reaches manager or admin
actions (tested per action over every registered ModelAdmin)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory

from ops_admin.roles import ROLE_NAMES, sync_roles, user_role

pytestmark = pytest.mark.django_db

# every action of the console and the lowest role that may run it
ACTION_ROLES = {
    ("billing.practitionerpayout", "mark_processing"): "manager",
    ("billing.practitionerpayout", "mark_paid"): "manager",
    ("billing.practitionerpayout", "mark_failed"): "manager",
    ("billing.practitionerpayout", "reopen"): "manager",
    ("billing.practitionerpayout", "cancel"): "manager",
    ("accounts.user", "change_state"): "manager",
    ("accounts.user", "send_test_notification"): "admin",
    ("accounts.notification", "resend"): "operator",
    ("accounts.uploadedfile", "rescan"): "operator",
    ("billing.plan", "propose_price"): "admin",
    ("billing.subscription", "cancel_now"): "manager",
    ("billing.subscription", "extend"): "manager",
    ("billing.subscription", "comp_period"): "manager",
    ("billing.payment", "refund"): "manager",
    ("billing.payment", "request_refund"): "operator",
    ("billing.refund", "approve"): "manager",
    ("billing.refund", "reject"): "manager",
    ("billing.wallet", "adjust"): "admin",
    ("billing.webhookevent", "reprocess"): "admin",
    ("billing.reconciliationissue", "resolve"): "manager",
    ("billing.reconciliationissue", "look_up_again"): "manager",
    ("coaching.prompttemplate", "activate"): "manager",
    ("coaching.prompttemplate", "new_version"): "manager",
    ("coaching.promptexperiment", "declare_winner"): "manager",
    ("coaching.promptexperiment", "cancel"): "manager",
    ("coaching.policyversion", "activate_globally"): "manager",
    ("coaching.aioutputflag", "resolve"): "operator",
    ("coaching.aioutputflag", "dismiss"): "operator",
    ("coaching.aioutputflag", "disable_prompt_version"): "manager",
    ("diaries.entry", "block_entries"): "operator",
    ("diaries.entry", "delete_entries"): "operator",
    ("diaries.entry", "restore_entries"): "operator",
    ("diaries.slipcondition", "override"): "operator",
    ("diaries.slipcondition", "mark_reviewed"): "operator",
    ("ops_admin.flag", "enable_for_all"): "admin",
    ("ops_admin.flag", "disable_for_all"): "admin",
    ("ops_admin.flag", "delete_individually"): "admin",
    ("ops_admin.supportinquiry", "reply"): "operator",
    ("ops_admin.supportinquiry", "assign_to_me"): "operator",
    ("ops_admin.supportinquiry", "close"): "operator",
    ("ops_admin.supportinquiry", "promote_to_faq"): "manager",
    ("ops_admin.errorgroup", "mark_resolved"): "admin",
    ("ops_admin.cohort", "refresh"): "admin",
}
RANK = {"operator": 0, "manager": 1, "admin": 2}


def _actions_for(user) -> set[tuple[str, str]]:
    request = RequestFactory().get("/admin/")
    request.user = user
    found = set()
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        for name in model_admin.get_actions(request):
            found.add((model._meta.label_lower, name))
    return found


def test_the_three_roles_exist_as_groups_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_NAMES)


def test_sync_roles_is_idempotent_and_orders_roles_by_reach():
    first = sync_roles()
    call_command("sync_roles")
    assert sync_roles() == first
    assert first["operator"] < first["manager"] < first["admin"]


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_each_role_gets_exactly_the_actions_of_its_rank(role, role_user):
    user = role_user(role)
    available = _actions_for(user) - {(label, "delete_selected") for label, _ in _actions_for(user)}
    expected = {key for key, lowest in ACTION_ROLES.items() if RANK[lowest] <= RANK[role]}
    # actions of models this branch does not know (added by other apps later) are not judged
    assert available & set(ACTION_ROLES) == expected
    if role != "admin":
        assert not any(name == "delete_selected" for _, name in _actions_for(user))


def test_every_action_of_the_console_is_in_the_role_table():
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser(email="root@haru.example", password="x")
    known = {key for key in _actions_for(superuser) if key[1] != "delete_selected"}
    unknown = {
        key
        for key in known
        if key[0].split(".")[0]
        in {"accounts", "billing", "coaching", "diaries", "habits", "ops_admin"}
    } - set(ACTION_ROLES)
    assert not unknown, f"add these actions to ACTION_ROLES with their lowest role: {unknown}"


@pytest.mark.parametrize(
    ("url", "operator_status"),
    [
        ("/admin/diaries/entry/", 200),
        ("/admin/diaries/slipcondition/", 200),
        ("/admin/ops_admin/supportinquiry/", 200),
        ("/admin/billing/payment/", 200),
        ("/admin/coaching/policyversion/", 403),
        ("/admin/billing/wallet/", 403),
        ("/admin/accounts/adminauditlog/", 403),
        ("/admin/auth/group/", 403),
        ("/admin/ops_admin/cannedanswer/add/", 403),
    ],
)
def test_an_operator_reaches_queue_screens_but_not_manager_or_admin_screens(
    console, url, operator_status
):
    assert console("operator").get(url).status_code == operator_status


def test_a_manager_opens_policies_and_the_audit_trail_but_not_roles(console):
    client = console("manager")
    assert client.get("/admin/coaching/policyversion/").status_code == 200
    assert client.get("/admin/accounts/adminauditlog/").status_code == 200
    assert client.get("/admin/auth/group/").status_code == 403


def test_an_admin_manages_roles(console):
    assert console("admin").get("/admin/auth/group/").status_code == 200


def test_an_operator_posting_a_manager_action_changes_nothing(console, alice):
    client = console("operator")
    response = client.post(
        "/admin/accounts/user/",
        {
            "action": "change_state",
            "_selected_action": [alice.pk],
            "apply": "1",
            "new_state": "suspended",
            "reason": "x",
        },
    )
    # the action is not among the operator's: the list comes back, nothing ran
    assert response.status_code == 200
    assert b"change_state" not in response.content
    alice.refresh_from_db()
    assert alice.state == "active"


def test_staff_mfa_stays_required_for_every_role(client, make_user):
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name="admin"))
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "totp" in response["Location"]


def test_user_role_is_the_highest_group(role_user):
    assert user_role(role_user("operator")) == "operator"
    manager = role_user("manager", nickname="m")
    manager.groups.add(Group.objects.get(name="operator"))
    assert user_role(manager) == "manager"
