import datetime as dt

import pytest
from django.utils import timezone

from accounts.enums import UserState
from accounts.services import user_change_state
from accounts.services.anonymise import user_anonymise
from core.exceptions import HaruError, PermissionDeniedError
from diaries import selectors, services
from diaries.exceptions import DiaryUnreadableError, EntryNotFoundError
from diaries.exports import diary_for_user
from diaries.models import Entry, ModerationLog

pytestmark = pytest.mark.django_db


def test_operator_blocks_deletes_and_restores_with_a_log_row_each(alice, operator, write):
    entry = write(alice).entry
    services.entry_moderate(entry=entry, action="block", reason="신고 접수", operator=operator)
    with pytest.raises(EntryNotFoundError):
        selectors.entry_get_for_user(user=alice, entry_id=entry.pk)
    services.entry_moderate(entry=entry, action="restore", reason="검토 완료", operator=operator)
    assert selectors.entry_get_for_user(user=alice, entry_id=entry.pk)
    services.entry_moderate(entry=entry, action="delete", reason="정책 위반", operator=operator)
    assert Entry.objects.get(pk=entry.pk).deleted_at is not None
    logs = list(
        ModerationLog.objects.filter(entry=entry)
        .order_by("created_at")
        .values_list("action", "admin")
    )
    assert logs == [("block", operator.pk), ("restore", operator.pk), ("delete", operator.pk)]


def test_moderation_needs_an_operator_and_a_reason(alice, bob, operator, write):
    entry = write(alice).entry
    with pytest.raises(PermissionDeniedError):
        services.entry_moderate(entry=entry, action="block", reason="x", operator=bob)
    with pytest.raises(HaruError):
        services.entry_moderate(entry=entry, action="block", reason="", operator=operator)


def test_export_holds_the_diary_decrypted(alice, write, analyse):
    write(alice, body="내보낼 일기", title="제목", tags=["태그"])
    analyse(alice)
    data = diary_for_user(alice)
    [entry] = data["entries"]
    assert (entry["body"], entry["title"], entry["tags"]) == ("내보낼 일기", "제목", ["태그"])
    assert entry["analyses"]
    assert "tier_a" not in entry["analyses"][0]


def test_after_withdrawal_and_anonymisation_rows_remain_but_cannot_be_decrypted(
    alice, write, analyse
):
    entry = write(alice, body="탈퇴 전 마지막 일기").entry
    analyse(alice)
    services.report_generate_current(user=alice, period_type="daily")
    user_change_state(user=alice, new_state=UserState.RESIGNED, actor=alice)
    alice.refresh_from_db()
    type(alice).objects.filter(pk=alice.pk).update(
        deleted_at=timezone.now() - dt.timedelta(days=60)
    )
    assert user_anonymise(user_id=alice.pk)
    fresh = type(alice).objects.get(pk=alice.pk)
    assert Entry.objects.filter(pk=entry.pk).exists()
    assert Entry.objects.get(pk=entry.pk).body_ct.startswith("d1$")
    with pytest.raises(DiaryUnreadableError):
        selectors.entry_get_for_user(user=fresh, entry_id=entry.pk)
    assert diary_for_user(fresh)["entries"] == []
