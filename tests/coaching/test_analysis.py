"""journal_analyze: the interface diaries builds on."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coaching.enums import CallStatus
from coaching.exceptions import AIPaused
from coaching.models import AICallLog
from coaching.offline import OFFLINE_MODEL, analyze
from coaching.services import journal_analyze

pytestmark = pytest.mark.django_db

KO = (
    "오늘은 아침부터 너무 피곤했다. 회사에서 팀장님 때문에 화가 났다. "
    "그래도 저녁에 친구랑 맛있는 걸 먹어서 행복했다. 내일은 좀 편안했으면 좋겠다."
)
EN = (
    "I was not happy this morning. Work was really stressful and I felt anxious. "
    "In the evening I walked with my dog and felt calm and grateful."
)


def test_offline_analysis_of_korean_text_is_complete_and_labelled_local(alice):
    result = journal_analyze(user=alice, text=KO, language="ko", ref="diary-entry:1:v1")

    assert result.offline is True
    assert result.model == OFFLINE_MODEL
    assert result.model.startswith("local-")
    assert result.primary_emotion in result.emotions
    assert abs(sum(result.emotions.values()) - 1.0) < 0.01
    assert [step["stage"] for step in result.emotion_flow] == ["beginning", "middle", "end"]
    assert all(0 <= step["intensity"] <= 1 for step in result.emotion_flow)
    assert result.emotion_flow[0]["emotion"] == "fatigue"
    assert "joy" in result.emotions
    assert "anger" in result.emotions
    assert result.summary
    assert result.representative_sentence in KO
    assert result.reflection_question.endswith("?")
    assert 0.1 <= result.tier_a <= 4.0
    assert 0.1 <= result.tier_m <= 4.0
    assert result.prompt_name == "journal_analysis"
    # diaries seeds the slip policy
    assert result.policy_versions == {"ethics": 1, "tone": 1, "mode": 1, "slip": 1}
    assert result.slip_flag is False
    assert AICallLog.objects.get(ref="diary-entry:1:v1").status == CallStatus.OFFLINE


def test_offline_analysis_reads_english_negation():
    result = analyze("I am not happy. I am not happy at all.", language="en")

    assert result.primary_emotion == "sadness"
    assert "joy" not in result.emotions


def test_offline_analysis_reads_korean_negation():
    result = analyze("하나도 행복하지 않았다. 즐겁지 않아.", language="ko")

    assert result.primary_emotion == "sadness"


def test_offline_analysis_is_deterministic(alice):
    first = journal_analyze(user=alice, text=EN, language="en", ref="r1")
    second = journal_analyze(user=alice, text=EN, language="en", ref="r2")

    assert {**first.__dict__, "latency_ms": 0} == {**second.__dict__, "latency_ms": 0}
    assert first.primary_emotion == "anxiety"


def test_neutral_text_gets_ordinary_tiers_and_a_neutral_question():
    result = analyze("회의 준비. 점심 먹음.", language="ko")

    assert result.primary_emotion == "neutral"
    assert result.tier_a < 1.0


def test_emotional_text_scores_higher_tier_a_than_flat_text():
    flat = analyze("Went to work. Had lunch. Came home.", language="en")
    loud = analyze("I am so so angry!! I hate this! Really furious and exhausted!", language="en")

    assert loud.tier_a > flat.tier_a + 1.0


def test_a_user_under_safety_pause_gets_no_analysis(alice):
    alice.safety_paused_until = timezone.now() + datetime.timedelta(hours=1)
    alice.save(update_fields=["safety_paused_until"])

    with pytest.raises(AIPaused):
        journal_analyze(user=alice, text=KO, language="ko", ref="x")


def test_a_crisis_sets_the_slip_flag(alice):
    result = journal_analyze(user=alice, text="정말 사라지고 싶다.", language="ko", ref="x")

    assert result.slip_flag is True
    assert "suicide" in result.ethics_tags


def test_ethics_policy_terms_become_tags(alice):
    text = "누가 마약을 권했다. 무서웠다."

    result = journal_analyze(user=alice, text=text, language="ko", ref="x")

    assert "illegal" in result.ethics_tags


def test_slip_policy_thresholds_set_the_slip_flag(alice, operator):
    from coaching.services.policies import policy_activate, policy_version_create

    version = policy_version_create(
        name="slip", rules={"tier_a_threshold": 0.5, "tier_m_threshold": 0.5}, actor=operator
    )
    policy_activate(version=version, actor=operator, reason="test thresholds")

    result = journal_analyze(user=alice, text=KO, language="ko", ref="x")

    assert result.slip_flag is True
    assert result.policy_versions["slip"] == version.version
