"""The console's queue of AI answers users flagged: counts and SLA on the home, the admin
view with the text, model and prompt version, and resolve / dismiss / disable prompt version
through coaching's services (the member is told when resolved; every action is audited)."""

from __future__ import annotations

import pytest

from accounts.models import AdminAuditLog, Notification
from coaching.models import AIOutputFlag, ChatConversation, ChatMessage, PromptTemplate
from coaching.services import flags
from coaching.services.prompts import prompt_activate, prompt_create_version
from ops_admin.queues import work_queues

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/coaching/aioutputflag/"


@pytest.fixture
def prompt_v2():
    """The seeded chat prompt plus a newer active version (the one users complain about)."""
    current = PromptTemplate.objects.filter(is_active=True).order_by("name").first()
    newer = prompt_create_version(
        name=current.name,
        model=current.model,
        system_prompt=current.system_prompt + " v2",
        user_template=current.user_template,
        variables=current.variables,
        output_format=current.output_format,
        json_schema=current.json_schema,
    )
    return current, prompt_activate(template=newer)


@pytest.fixture
def flagged(db):
    """``flagged(user, text, prompt=None)``: an AI chat reply the user flagged."""

    def make(user, text="그건 당신 잘못이에요.", prompt=None, reason="harmful"):
        conversation = ChatConversation.objects.create(user=user, title="t")
        reply = ChatMessage.objects.create(
            conversation=conversation, role="assistant", content=text, model="gpt-test"
        )
        flag, _created = flags.output_flag(
            user=user, output_kind="chat_message", output_id=reply.pk, reason=reason
        )
        if prompt is not None:  # the reply came from this version (as chat_send records it)
            AIOutputFlag.objects.filter(pk=flag.pk).update(
                prompt_name=prompt.name, prompt_version=prompt.version
            )
            flag.refresh_from_db()
        return flag

    return make


def test_the_queue_counts_open_flags_with_the_oldest_for_the_sla(alice, bob, flagged, role_user):
    first = flagged(alice)
    flagged(bob)
    closed = flagged(alice, text="다른 답")
    flags.flags_dismiss(flags=[closed], actor=role_user("operator"))

    queues = {q.key: q for q in work_queues(role_user("operator", nickname="o2"))}

    queue = queues["ai_output_flags"]
    assert queue.count == 2
    assert queue.oldest_waiting_since == first.flagged_at
    assert queue.url == f"{CHANGELIST}?status__exact=open"


def test_the_home_shows_the_flag_queue_to_operators(console, alice, flagged):
    flagged(alice)
    page = console("operator").get("/admin/").content.decode()
    assert "status__exact=open" in page
    assert "/admin/coaching/aioutputflag/" in page


def test_the_admin_view_shows_the_answer_model_prompt_and_reason_escaped(
    console, alice, flagged, prompt_v2
):
    _old, new = prompt_v2
    flag = flagged(alice, text="<script>alert(1)</script> 나쁜 답", prompt=new)
    client = console("operator")
    listing = client.get(CHANGELIST + "?status__exact=open").content.decode()
    assert f"{new.name} v{new.version}" in listing
    detail = client.get(f"{CHANGELIST}{flag.pk}/change/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 나쁜 답" in detail
    assert "<script>alert(1)" not in detail
    assert "gpt-test" in detail
    assert flag.get_reason_display() in detail


def test_resolving_tells_the_member_and_leaves_an_audit_row(
    console, alice, bob, flagged, django_capture_on_commit_callbacks
):
    mine, theirs = flagged(alice), flagged(bob)
    client = console("operator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {
                "action": "resolve",
                "_selected_action": [mine.pk],
                "apply": "1",
                "note": "답변을 고쳤어요",
            },
        )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.resolution_note) == ("resolved", "답변을 고쳤어요")
    assert mine.resolved_by is not None
    assert mine.resolved_at is not None
    notification = Notification.objects.get(user=alice, type="ai_flag_resolved")
    assert notification.title == "신고하신 답변을 검토했어요"  # the member's language: Korean
    assert not Notification.objects.filter(user=bob, type="ai_flag_resolved").exists()
    assert AIOutputFlag.objects.get(pk=theirs.pk).status == "open"
    assert AdminAuditLog.objects.filter(action="resolve", object_pk=str(mine.pk)).exists()


def test_dismissing_closes_without_a_notification(
    console, alice, flagged, django_capture_on_commit_callbacks
):
    flag = flagged(alice)
    with django_capture_on_commit_callbacks(execute=True):
        console("operator").post(
            CHANGELIST,
            {"action": "dismiss", "_selected_action": [flag.pk], "apply": "1", "note": ""},
        )
    flag.refresh_from_db()
    assert flag.status == "dismissed"
    assert not Notification.objects.filter(user=alice, type="ai_flag_resolved").exists()


def test_a_manager_disables_the_prompt_version_and_the_previous_one_answers(
    console, alice, bob, flagged, prompt_v2, django_capture_on_commit_callbacks
):
    old, new = prompt_v2
    one, two = flagged(alice, prompt=new), flagged(bob, prompt=new)
    with django_capture_on_commit_callbacks(execute=True):
        response = console("manager").post(
            CHANGELIST,
            {"action": "disable_prompt_version", "_selected_action": [one.pk, two.pk]},
        )
    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.is_active, new.is_active) == (True, False)
    assert set(AIOutputFlag.objects.values_list("status", flat=True)) == {"resolved"}
    assert Notification.objects.filter(type="ai_flag_resolved").count() == 2
    assert AdminAuditLog.objects.filter(action="disable_prompt_version").exists()


def test_a_version_with_nothing_to_fall_back_to_is_not_disabled(console, alice, flagged):
    lonely = PromptTemplate.objects.create(
        name="lonely", version=1, model="m", user_template="x", is_active=True
    )
    flag = flagged(alice, prompt=lonely)
    response = console("manager").post(
        CHANGELIST, {"action": "disable_prompt_version", "_selected_action": [flag.pk]}, follow=True
    )
    assert response.status_code == 200
    lonely.refresh_from_db()
    assert lonely.is_active
    assert AIOutputFlag.objects.get(pk=flag.pk).status == "open"


def test_operators_cannot_disable_prompt_versions(console, alice, flagged, prompt_v2):
    _old, new = prompt_v2
    flag = flagged(alice, prompt=new)
    response = console("operator").post(
        CHANGELIST, {"action": "disable_prompt_version", "_selected_action": [flag.pk]}
    )
    new.refresh_from_db()
    assert new.is_active
    assert response.status_code in (200, 302, 403)


@pytest.mark.parametrize("rows", [3, 18])
def test_the_flag_queue_lists_with_a_fixed_number_of_queries(
    console, make_user, flagged, rows, django_assert_max_num_queries
):
    client = console("operator")
    users = [make_user() for _ in range(rows)]
    for user in users:
        flagged(user)
    with django_assert_max_num_queries(22):
        assert client.get(CHANGELIST + "?status__exact=open").status_code == 200


def test_a_disabled_version_stays_out_of_service_for_rollbacks_and_experiments(prompt_v2):
    from coaching.exceptions import ExperimentInvalid, PromptLocked
    from coaching.services.prompts import experiment_start, prompt_disable_version

    old, new = prompt_v2
    prompt_disable_version(name=new.name, version=new.version)
    new.refresh_from_db()
    assert new.disabled_at is not None

    with pytest.raises(PromptLocked):
        prompt_activate(template=new)  # a later rollback cannot bring it back
    with pytest.raises(ExperimentInvalid):
        experiment_start(template_a=old, template_b=new)
    with pytest.raises(PromptLocked):
        prompt_disable_version(name=old.name, version=old.version)  # nothing left to answer
    old.refresh_from_db()
    assert old.is_active
    assert old.disabled_at is None


def test_the_queue_names_each_kind_of_answer_in_the_operators_language(console, alice, flagged):
    from django.utils import translation

    flagged(alice)
    with translation.override("ko"):
        page = console("operator").get(CHANGELIST).content.decode()
    assert "AI 풀이" in page
    assert "일기 읽기" in page  # diaries registered its kind with a label
    assert "?output_kind=service_result" in page
