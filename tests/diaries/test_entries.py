import datetime as dt

import pytest
from django.utils import timezone

from diaries import selectors, services
from diaries.enums import AnalysisStatus, SafetyLevel
from diaries.exceptions import EntryNotFoundError
from diaries.models import Analysis, Draft, Entry, EntryVersion, SafetyEvent, SlipCondition

from .conftest import CALM_KO, CRISIS_KO

pytestmark = pytest.mark.django_db


def test_saving_encrypts_the_text_and_queues_one_analysis_for_the_version(alice, write):
    saved = write(alice, body=CALM_KO, title="산책", mood=4, tags=["walk"])
    row = Entry.objects.get(pk=saved.entry.pk)
    assert CALM_KO not in row.body_ct
    assert "산책" not in row.title_ct
    assert row.word_count == len(CALM_KO.split())
    assert saved.analysis_status == AnalysisStatus.PENDING
    assert Analysis.objects.filter(entry=row, entry_version=1).count() == 1
    opened = selectors.entry_get_for_user(user=alice, entry_id=row.pk)
    assert (opened.body, opened.title, opened.tags, opened.mood) == (CALM_KO, "산책", ["walk"], 4)


def test_editing_keeps_every_version_encrypted(alice, write):
    entry = write(alice, body="첫 번째").entry
    services.entry_update(user=alice, entry=entry, body="두 번째", mood=3)
    versions = selectors.entry_versions(user=alice, entry=entry)
    assert [(v.version, v.body) for v in versions] == [(2, "두 번째"), (1, "첫 번째")]
    assert all("번째" not in v.body_ct for v in EntryVersion.objects.all())
    assert Analysis.objects.filter(entry=entry).count() == 2  # one per version


def test_a_sealed_entry_is_never_queued_for_ai(alice, write):
    saved = write(alice, body="아무에게도 보여주지 않을 이야기", sealed=True)
    assert saved.analysis_status == AnalysisStatus.SKIPPED
    assert not Analysis.objects.filter(entry=saved.entry).exists()


def test_an_entry_cannot_be_dated_in_the_future(alice, write):
    from diaries.exceptions import DiaryError

    with pytest.raises(DiaryError) as error:
        write(alice, written_on=timezone.now().date() + dt.timedelta(days=3))
    assert error.value.code == "diary_future_date"


def test_crisis_is_answered_in_the_save_and_recorded_without_the_text(alice, write):
    saved = write(alice, body=CRISIS_KO)
    assert saved.is_crisis
    event = SafetyEvent.objects.get(user=alice)
    assert event.level == SafetyLevel.CRISIS
    assert CRISIS_KO not in str(event.__dict__)
    # the slip policy was consulted at once: slipped, analysis paused, not sent to AI
    assert SlipCondition.objects.filter(user=alice, status="slipped", rule="crisis").exists()
    assert saved.analysis_status == AnalysisStatus.PAUSED


def test_trash_hides_restores_and_purges_after_30_days(alice, write):
    entry = write(alice).entry
    services.entry_trash(user=alice, entry=entry)
    with pytest.raises(EntryNotFoundError):
        selectors.entry_get_for_user(user=alice, entry_id=entry.pk)
    assert selectors.entry_get_for_user(user=alice, entry_id=entry.pk, include_trash=True)
    services.entry_restore(user=alice, entry=entry)
    assert selectors.entry_get_for_user(user=alice, entry_id=entry.pk)
    services.entry_trash(user=alice, entry=entry)
    assert services.entries_purge_trash(now=timezone.now() + dt.timedelta(days=29)) == 0
    assert services.entries_purge_trash(now=timezone.now() + dt.timedelta(days=31)) >= 1
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_draft_autosave_is_encrypted_and_cleared_by_the_save(alice, write):
    services.draft_save(user=alice, entry=None, title="", body="쓰다 만 문장")
    services.draft_save(user=alice, entry=None, title="", body="쓰다 만 문장 두 개")
    draft = Draft.objects.get(user=alice)
    assert "문장" not in draft.body_ct
    assert selectors.draft_get(user=alice, entry=None).body == "쓰다 만 문장 두 개"
    write(alice, body="다 쓴 일기")
    assert not Draft.objects.filter(user=alice).exists()


def test_another_users_entry_is_not_found(alice, bob, write):
    entry = write(bob).entry
    with pytest.raises(EntryNotFoundError):
        selectors.entry_get_for_user(user=alice, entry_id=entry.pk)
    for junk in ("x", None, -1, 2**70):
        with pytest.raises(EntryNotFoundError):
            selectors.entry_get_for_user(user=alice, entry_id=junk)
