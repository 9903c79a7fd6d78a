"""Support desk: members (pages and API), guests (e-mail link, rate-limited), the console's
replies with notifications, statuses and times, and nobody reads another's inquiry."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AdminAuditLog, Notification
from ops_admin.models import CannedAnswer, SupportCategory, SupportInquiry
from ops_admin.services import support as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment_category():
    return SupportCategory.objects.get(code="payment")


@pytest.fixture
def ask(payment_category):
    def _ask(user, subject="결제가 두 번 됐어요", message="어제 결제가 두 번 승인됐어요."):
        return services.inquiry_create(
            user=user, category=payment_category, subject=subject, message=message
        )

    return _ask


def test_a_member_asks_from_the_page_and_reads_the_thread(client, alice, payment_category):
    client.force_login(alice)
    response = client.post(
        reverse("support:new"),
        {"category": payment_category.pk, "subject": "환불 문의", "message": "환불 가능할까요?"},
    )
    inquiry = SupportInquiry.objects.get(user=alice)
    assert response.status_code == 302
    assert response["Location"] == reverse("support:thread", args=[inquiry.pk])
    assert inquiry.team == "billing"  # the category routes it
    assert inquiry.status == "open"
    page = client.get(response["Location"]).content.decode()
    assert "환불 가능할까요?" in page
    assert "환불 문의" in client.get(reverse("support:list")).content.decode()


def test_bad_input_comes_back_with_field_errors_and_nothing_saved(client, alice):
    client.force_login(alice)
    response = client.post(reverse("support:new"), {"subject": "", "message": ""})
    assert response.status_code == 400
    assert not SupportInquiry.objects.exists()


def test_another_members_inquiry_is_not_found_on_pages_and_api(client, api_client, alice, bob, ask):
    inquiry = ask(alice)
    client.force_login(bob)
    assert client.get(reverse("support:thread", args=[inquiry.pk])).status_code == 404
    assert (
        client.post(reverse("support:thread", args=[inquiry.pk]), {"body": "x"}).status_code == 404
    )
    api_client.force_authenticate(bob)
    assert api_client.get(f"/api/v1/support/inquiries/{inquiry.pk}/").status_code == 404
    assert (
        api_client.post(f"/api/v1/support/inquiries/{inquiry.pk}/reply/", {"body": "x"}).status_code
        == 404
    )
    assert api_client.get("/api/v1/support/inquiries/").json()["results"] == []


def test_the_api_creates_lists_and_replies(alice_api):
    response = alice_api.post(
        "/api/v1/support/inquiries/",
        {"category": "bug", "subject": "앱이 멈춰요", "message": "일기 저장할 때 멈춰요."},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["category"] == "bug"
    assert [m["body"] for m in body["messages"]] == ["일기 저장할 때 멈춰요."]
    reply = alice_api.post(
        f"/api/v1/support/inquiries/{body['id']}/reply/", {"body": "사진 첨부해요"}
    )
    assert reply.status_code == 201
    assert len(reply.json()["messages"]) == 2
    assert alice_api.post("/api/v1/support/inquiries/", {"category": "nope"}).status_code == 400
    assert len(alice_api.get("/api/v1/support/inquiries/").json()["results"]) == 1
    assert {c["code"] for c in alice_api.get("/api/v1/support/categories/").json()} >= {"bug"}


def test_a_guest_asks_gets_a_link_by_mail_and_reads_the_answer(
    client, payment_category, role_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("support:new"),
            {
                "email": "guest@example.com",
                "category": payment_category.pk,
                "subject": "가입 전 문의",
                "message": "요금제가 궁금해요.",
            },
        )
    assert response.status_code == 302
    inquiry = SupportInquiry.objects.get(guest_email="guest@example.com")
    assert inquiry.user is None
    [confirmation] = mail.outbox
    link = re.search(r"https?://\S+/support/guest/\S+/", confirmation.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        services.inquiry_reply(
            inquiry=inquiry, staff=role_user("operator"), body="월 9,900원이에요."
        )
    assert len(mail.outbox) == 2
    page = client.get("/" + path).content.decode()
    assert "월 9,900원이에요." in page
    assert client.get("/support/guest/forged-token/").status_code == 404


def test_guests_are_rate_limited_per_email(client, payment_category):
    data = {
        "email": "spam@example.com",
        "category": payment_category.pk,
        "subject": "s",
        "message": "m",
    }
    codes = [client.post(reverse("support:new"), data).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert SupportInquiry.objects.count() == 3


def test_console_reply_notifies_the_member_and_times_the_first_response(
    console, alice, ask, django_capture_on_commit_callbacks
):
    inquiry = ask(alice)
    canned = CannedAnswer.objects.create(
        title="중복 결제", body_ko="중복 결제는 자동으로 취소돼요."
    )
    client = console("operator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/ops_admin/supportinquiry/",
            {
                "action": "reply",
                "_selected_action": [inquiry.pk],
                "apply": "1",
                "canned": canned.pk,
                "body": "",
                "status": "answered",
            },
        )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "answered"
    assert inquiry.first_response_at is not None
    assert inquiry.waiting_since is None
    assert [m.body for m in inquiry.messages.all()][-1] == "중복 결제는 자동으로 취소돼요."
    notification = Notification.objects.get(user=alice, type="support_reply")
    assert notification.data["url"] == reverse("support:thread", args=[inquiry.pk])
    assert AdminAuditLog.objects.filter(action="reply", object_pk=str(inquiry.pk)).exists()


def test_member_follow_up_reopens_and_close_sets_resolution(alice, ask, role_user):
    inquiry = ask(alice)
    staff = role_user("operator")
    services.inquiry_reply(inquiry=inquiry, staff=staff, body="확인했어요", status="closed")
    inquiry.refresh_from_db()
    assert inquiry.status == "closed"
    assert inquiry.resolution_time is not None
    services.inquiry_follow_up(inquiry=inquiry, body="아직 안 됐어요", author=alice)
    inquiry.refresh_from_db()
    assert inquiry.status == "open"
    assert inquiry.resolved_at is None
    assert inquiry.waiting_since is not None


def test_the_support_queue_counts_inquiries_waiting_for_the_team(alice, ask, role_user):
    from ops_admin.queues import work_queues

    ask(alice)
    answered = ask(alice, subject="두 번째")
    services.inquiry_reply(inquiry=answered, staff=role_user("operator"), body="답변")
    queues = {q.key: q for q in work_queues(role_user("operator", nickname="o2"))}
    assert queues["support_inquiries"].count == 1
    assert "queue=waiting" in queues["support_inquiries"].url


@pytest.mark.parametrize("rows", [2, 12])
def test_my_inquiries_page_and_api_use_a_fixed_number_of_queries(
    client, api_client, alice, ask, rows, django_assert_max_num_queries
):
    for n in range(rows):
        ask(alice, subject=f"문의 {n}")
    client.force_login(alice)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("support:list")).status_code == 200
    api_client.force_authenticate(alice)
    with django_assert_max_num_queries(6):
        assert api_client.get("/api/v1/support/inquiries/").status_code == 200


def test_the_console_desk_lists_with_a_fixed_number_of_queries(
    console, alice, ask, django_assert_max_num_queries
):
    client = console("operator")
    for n in range(3):
        ask(alice, subject=f"문의 {n}")
    with django_assert_max_num_queries(20) as small:
        assert client.get("/admin/ops_admin/supportinquiry/?queue=waiting").status_code == 200
    for n in range(15):
        ask(alice, subject=f"더 {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/admin/ops_admin/supportinquiry/?queue=waiting").status_code == 200


def test_promote_to_faq_is_for_managers_and_says_so_when_content_is_missing(console, alice, ask):
    inquiry = ask(alice)
    operator = console("operator")
    form = {
        "action": "promote_to_faq",
        "_selected_action": [inquiry.pk],
        "apply": "1",
        "question": "중복 결제는 어떻게 되나요?",
        "answer": "자동으로 취소돼요.",
    }
    operator.post("/admin/ops_admin/supportinquiry/", form)
    inquiry.refresh_from_db()
    assert inquiry.faq_promoted_at is None
    manager = console("manager")
    response = manager.post("/admin/ops_admin/supportinquiry/", form, follow=True)
    assert response.status_code == 200
    inquiry.refresh_from_db()
    try:
        import content.services.faq  # noqa: F401
    except ImportError:
        assert inquiry.faq_promoted_at is None
        assert "FAQ" in response.content.decode()
    else:  # after the merge with content: the draft exists
        assert inquiry.faq_promoted_at is not None


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(out, format="PNG")
    return out.getvalue()


def test_a_guest_attaches_a_picture_that_staff_can_open(client, payment_category, console):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import UploadedFile
    from ops_admin.services.support import GUEST_UPLOADS_EMAIL

    response = client.post(
        reverse("support:new"),
        {
            "email": "guest@example.com",
            "category": payment_category.pk,
            "subject": "결제 화면",
            "message": "이 화면이 떠요.",
            "attachment": SimpleUploadedFile("screen.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    inquiry = SupportInquiry.objects.get(guest_email="guest@example.com")
    [upload] = inquiry.messages.get().attachments.all()
    assert upload.mime_type == "image/png"
    assert upload.context == "support"
    assert upload.owner.email == GUEST_UPLOADS_EMAIL
    assert not upload.owner.is_active
    assert not upload.owner.has_usable_password()
    assert UploadedFile.objects.count() == 1
    staff = console("operator")
    assert staff.get(reverse("accounts:file", args=[upload.pk])).status_code == 200


def test_a_guests_bad_file_is_a_form_error_and_keeps_what_they_wrote(client, payment_category):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import UploadedFile

    response = client.post(
        reverse("support:new"),
        {
            "email": "guest@example.com",
            "category": payment_category.pk,
            "subject": "첨부 문의",
            "message": "긴 설명을 여기에 적었어요.",
            "attachment": SimpleUploadedFile("run.sh", b"#!/bin/sh\necho hi\n"),
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["attachment"]
    page = response.content.decode()
    assert "긴 설명을 여기에 적었어요." in page  # nothing the guest typed is lost
    assert 'value="첨부 문의"' in page
    assert not SupportInquiry.objects.exists()
    assert not UploadedFile.objects.exists()


def test_guest_attachments_share_the_guest_rate_limit(client, payment_category):
    from django.core.files.uploadedfile import SimpleUploadedFile

    codes = [
        client.post(
            reverse("support:new"),
            {
                "email": "many@example.com",
                "category": payment_category.pk,
                "subject": "s",
                "message": "m",
                "attachment": SimpleUploadedFile("a.png", _png(), content_type="image/png"),
            },
        ).status_code
        for _ in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    assert SupportInquiry.objects.count() == 3


def test_a_member_attaches_a_picture_from_the_page_and_by_upload_id_in_the_api(
    client, alice_api, alice, payment_category
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.services import upload_create

    client.force_login(alice)
    response = client.post(
        reverse("support:new"),
        {
            "category": payment_category.pk,
            "subject": "사진",
            "message": "첨부했어요",
            "attachment": SimpleUploadedFile("a.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    [upload] = SupportInquiry.objects.get(user=alice).messages.get().attachments.all()
    assert upload.owner == alice
    earlier = upload_create(
        owner=alice, file=SimpleUploadedFile("b.png", _png()), context="support"
    )
    created = alice_api.post(
        "/api/v1/support/inquiries/",
        {"category": "bug", "subject": "s", "message": "m", "attachment_ids": [str(earlier.pk)]},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["messages"][0]["attachment_ids"] == [str(earlier.pk)]


def test_the_api_refuses_someone_elses_upload(alice_api, bob):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.services import upload_create

    theirs = upload_create(owner=bob, file=SimpleUploadedFile("b.png", _png()), context="support")
    response = alice_api.post(
        "/api/v1/support/inquiries/",
        {"category": "bug", "subject": "s", "message": "m", "attachment_ids": [str(theirs.pk)]},
        format="json",
    )
    assert response.status_code == 400
    assert "attachment_ids" in response.json()["fields"]
    assert not SupportInquiry.objects.exists()


def test_a_thread_costs_the_same_for_2_and_12_messages(
    client, alice, ask, django_assert_max_num_queries
):
    inquiry = ask(alice)
    services.inquiry_follow_up(inquiry=inquiry, body="추가로 적어요", author=alice)
    client.force_login(alice)
    url = reverse("support:thread", args=[inquiry.pk])
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for n in range(10):
        services.inquiry_follow_up(inquiry=inquiry, body=f"또 적어요 {n}", author=alice)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
