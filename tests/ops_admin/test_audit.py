"""One audit trail: every admin action, save and delete leaves a row with before/after."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.audit import REDACTED, changed_fields, is_installed
from accounts.models import AdminAuditLog
from tests.ops_admin.conftest import CRISIS_KO

pytestmark = pytest.mark.django_db


def test_every_action_of_every_registered_model_admin_is_audited(django_user_model):
    assert is_installed()
    superuser = django_user_model.objects.create_superuser(email="r@haru.example", password="x")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    checked = 0
    for model, model_admin in admin.site._registry.items():
        for name, (func, _name, _desc) in model_admin.get_actions(request).items():
            assert getattr(func, "audited", False), f"{model._meta.label}.{name} is not audited"
            checked += 1
    assert checked > 25


def test_changed_fields_masks_personal_details_and_keeps_only_changes():
    old, new = changed_fields(
        {"email": "a@x.kr", "state": "active", "nickname": "a"},
        {"email": "b@x.kr", "state": "suspended", "nickname": "a"},
    )
    assert old == {"email": REDACTED, "state": "active"}
    assert new == {"email": REDACTED, "state": "suspended"}


def test_a_diary_block_from_the_console_is_audited_with_role_request_id_and_no_text(
    console, alice, write
):
    entry = write(alice, body=CRISIS_KO).entry
    client = console("operator")
    response = client.post(
        "/admin/diaries/entry/",
        {
            "action": "block_entries",
            "_selected_action": [entry.pk],
            "apply": "1",
            "reason": "정책 위반 신고",
        },
        HTTP_X_REQUEST_ID="req-audit-1",
    )
    assert response.status_code == 302
    row = AdminAuditLog.objects.get(action="block_entries")
    assert row.actor_role == "operator"
    assert row.object_pk == str(entry.pk)
    assert row.before == {"moderation_status": "visible"}
    assert row.after == {"moderation_status": "blocked"}
    assert row.request_id == "req-audit-1"
    assert row.content_type.model == "entry"
    dumped = str(row.before) + str(row.after) + row.object_repr
    assert "body" not in dumped
    assert "죽고" not in dumped


def test_the_form_step_of_an_action_writes_nothing(console, alice, write):
    entry = write(alice).entry
    client = console("operator")
    response = client.post(
        "/admin/diaries/entry/", {"action": "block_entries", "_selected_action": [entry.pk]}
    )
    assert response.status_code == 200  # the reason form
    assert not AdminAuditLog.objects.exists()


def test_a_change_form_save_is_audited_with_before_and_after(console):
    from ops_admin.models import SupportCategory

    category = SupportCategory.objects.get(code="bug")
    client = console("admin")
    response = client.post(
        f"/admin/ops_admin/supportcategory/{category.pk}/change/",
        {
            "code": "bug",
            "name_ko": "버그 신고",
            "name_en": category.name_en,
            "team": "tech",
            "sort_order": category.sort_order,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    row = AdminAuditLog.objects.get(action="change")
    assert row.before == {"name_ko": "오류·버그 신고"}
    assert row.after == {"name_ko": "버그 신고"}
    assert row.actor_role == "admin"


def test_an_addition_and_a_delete_are_audited(console):
    client = console("admin")
    response = client.post(
        "/admin/ops_admin/cannedanswer/add/",
        {
            "title": "환불 안내",
            "body_ko": "환불은 7일 이내 전액 가능해요.",
            "body_en": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    added = AdminAuditLog.objects.get(action="add")
    assert added.after["title"] == "환불 안내"
    response = client.post(
        f"/admin/ops_admin/cannedanswer/{added.object_pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    deleted = AdminAuditLog.objects.get(action="delete")
    assert deleted.before["title"] == "환불 안내"
    assert deleted.after == {}


def test_the_audit_trail_is_read_only_in_the_console(console):
    client = console("manager")
    assert client.get("/admin/accounts/adminauditlog/?actor_role=operator").status_code == 200
    assert client.get("/admin/accounts/adminauditlog/add/").status_code == 403
