import pytest

from diaries import selectors, services
from diaries.enums import AnalysisStatus
from diaries.models import Analysis

from .conftest import CALM_KO

pytestmark = pytest.mark.django_db


def test_analysis_stores_texts_sealed_and_metadata_in_plain_numbers(alice, write, analyse):
    saved = write(alice, body=CALM_KO)
    [analysis] = analyse(alice)
    assert analysis.status == AnalysisStatus.DONE
    row = Analysis.objects.get(pk=analysis.pk)
    assert row.summary_ct.startswith("d1$")
    assert row.interpretation_ct.startswith("d1$")
    assert 0.1 <= row.tier_a <= 4.0
    assert 0.1 <= row.tier_m <= 4.0
    assert row.model_name
    assert row.prompt_version is not None
    opened = selectors.analysis_latest_for_entry(user=alice, entry=saved.entry)
    assert opened.summary
    assert opened.reflection_question
    assert opened.summary not in row.summary_ct


def test_running_the_same_analysis_twice_changes_nothing(alice, write, analyse):
    write(alice)
    [first] = analyse(alice)
    again = services.analysis_run(analysis_id=first.pk)
    assert again.completed_at == first.completed_at
    assert Analysis.objects.filter(user=alice).count() == 1


def test_reanalysis_after_an_edit_or_a_prompt_change_keeps_older_results(alice, write, analyse):
    entry = write(alice, body="처음 쓴 글").entry
    analyse(alice)
    services.entry_update(user=alice, entry=entry, body="고친 글")
    analyse(alice)
    entry.refresh_from_db()
    services.analysis_request(entry=entry, force_new_run=True)  # a prompt change
    analyse(alice)
    rows = list(Analysis.objects.filter(entry=entry).values_list("entry_version", "run", "status"))
    assert sorted(rows) == [(1, 1, "done"), (2, 1, "done"), (2, 2, "done")]


def test_the_offline_analyzer_is_labelled(alice, write, analyse):
    write(alice)
    [analysis] = analyse(alice)
    assert analysis.offline is True  # no provider key in tests
    assert analysis.model_name.startswith("local")


def test_a_sealed_entry_queued_before_sealing_is_skipped_not_sent(alice, write, analyse):
    entry = write(alice).entry
    services.entry_set_sealed(user=alice, entry=entry, sealed=True)
    [analysis] = analyse(alice)
    assert analysis.status == AnalysisStatus.SKIPPED
    assert analysis.summary_ct == ""


def test_no_ai_call_while_slipped(alice, operator, write, analyse):
    from diaries.services import slip_override

    slip_override(user=alice, operator=operator, reason="test", status="slipped")
    saved = write(alice)
    assert saved.analysis_status == AnalysisStatus.PAUSED
    assert analyse(alice) == []
