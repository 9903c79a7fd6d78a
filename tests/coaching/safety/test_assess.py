"""The crisis detector, one phenomenon at a time (Korean and English)."""

from __future__ import annotations

import dataclasses
import logging
import time

import pytest

from coaching.safety import CATEGORIES, CrisisResource, SafetyAssessment, assess


def level(text: str) -> str:
    return assess(text).level


@pytest.mark.parametrize(
    "text",
    [
        "요즘 그냥 사라지고 싶다",
        "다 끝내고 싶어",
        "내가 없으면 다들 편하겠지",
        "죽고싶다",
        "죽고 싶어요",
        "죽고 싶네",
        "죽고 시퍼",
        "살고 싶지 않아",
        "everyone would be better off without me",
        "I won't be a burden much longer",
        "I want to kill myself",
        "i wanna die",
    ],
)
def test_direct_and_indirect_suicidal_phrasing_is_crisis(text: str) -> None:
    result = assess(text)
    assert result.level == "crisis"
    assert "suicide" in result.categories


@pytest.mark.parametrize(
    "text",
    [
        "시험 때문에 죽겠다",
        "배고파 죽겠네",
        "웃겨 죽겠어 ㅋㅋ",
        "죽이는 맛이다",
        "이 집 국물 진짜 죽인다",
        "피곤해 죽을 것 같아",
        "this commute is killing me",
        "I could kill for a coffee",
        "dying to see that movie",
        "I died 5 times on the same boss",
        "my phone died",
        "this cake is to die for",
    ],
)
def test_idioms_are_not_flagged(text: str) -> None:
    assert level(text) == "none"


@pytest.mark.parametrize(
    "text",
    [
        "죽고 싶지는 않아",
        "죽고 싶진 않아. 그냥 쉬고 싶어",
        "죽고 싶다는 생각은 안 들어",
        "자살할 생각은 전혀 없어",
        "자해는 안 했어",
        "I'm not suicidal",
        "I would never hurt myself",
        "I don't want to die",
        "I no longer want to die",
    ],
)
def test_negated_intent_is_not_flagged(text: str) -> None:
    assert level(text) == "none"


@pytest.mark.parametrize(
    "text",
    [
        "죽고 싶지 않은 날이 하루도 없다",  # the negation is itself negated
        "살고 싶지 않아",  # negated life is a wish to die
        "I don't want to live anymore",
        "I'm not going to lie, I want to die",  # a discourse marker is not a negation
    ],
)
def test_negation_that_does_not_cancel_is_still_crisis(text: str) -> None:
    assert level(text) == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "친구가 죽고 싶대",
        "동생이 요즘 죽고 싶어 해",
        "룸메가 자해했대",
        "My friend told me she wants to kill herself",
        "My brother has been cutting himself",
    ],
)
def test_someone_elses_crisis_is_the_writers_concern(text: str) -> None:
    result = assess(text)
    assert result.level == "concern"
    assert "third_party" in result.categories


def test_the_writer_quoting_themselves_is_still_their_crisis() -> None:
    assert level("상담 선생님한테 죽고 싶다고 말했다") == "crisis"
    assert level("I told my sister I want to die") == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "뉴스에서 배우가 극단적 선택을 했다는 기사를 봤다",
        "자살 예방 교육을 받았다",
        "Read an article about suicide prevention.",
        'The song goes "I want to die in your arms"',
        "The character in the book kills himself at the end",
    ],
)
def test_news_lyrics_and_fiction_are_not_the_writer(text: str) -> None:
    assert level(text) == "none"


@pytest.mark.parametrize(
    "text",
    [
        "예전에 죽고 싶었던 적이 있었다. 지금은 괜찮아",
        "고등학교 때 자해했었는데 지금은 안 해",
        "I used to self-harm in high school.",
        "Years ago I attempted suicide. I'm much better now.",
    ],
)
def test_distant_past_is_concern(text: str) -> None:
    assert level(text) == "concern"


def test_past_with_recurrence_is_crisis() -> None:
    assert level("예전에 자해했었는데 요즘 다시 하고 싶다") == "crisis"
    assert level("I used to cut myself and I started again this week") == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "창피해서 죽고 싶었다",
        "너무 쪽팔려서 사라지고 싶었음",
        "Ugh, I want to die of embarrassment",
    ],
)
def test_embarrassment_frame_is_an_idiom(text: str) -> None:
    assert level(text) == "none"


def test_laughter_softens_a_dark_joke_to_concern() -> None:
    assert level("과제 폭망 죽고싶다 ㅋㅋㅋ") == "concern"
    assert level("lol i want to die this exam was a disaster") == "concern"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("수면제 모으고 있어", "suicide"),
        ("번개탄 사왔다", "suicide"),
        ("옥상에서 뛰어내리고 싶다", "suicide"),
        ("손목을 그었다", "self_harm"),
        ("I've been saving up my pills", "suicide"),
        ("I cut myself again last night", "self_harm"),
    ],
)
def test_means_and_acts_are_crisis(text: str, category: str) -> None:
    result = assess(text)
    assert result.level == "crisis"
    assert category in result.categories


@pytest.mark.parametrize(
    "text",
    [
        "번개탄으로 고기 구워 먹었다",
        "수면제 처방받았다. 반 알만 먹으래",
        "약 다 먹었다. 이제 병원 안 가도 된대",
        "I cut myself while chopping onions",
        "Jumped off the cliff into the lake, best summer ever",
    ],
)
def test_means_words_in_ordinary_life_are_not_flagged(text: str) -> None:
    assert level(text) == "none"


def test_hopelessness_alone_is_concern_and_with_burden_is_crisis() -> None:
    assert level("요즘 희망이 안 보여") == "concern"
    assert level("I feel hopeless") == "concern"
    assert level("희망도 없고 나는 가족한테 짐일 뿐이야") == "crisis"
    assert level("I'm a burden to everyone and nothing will ever get better") == "crisis"


def test_the_rules_escalate_a_suicide_concern_with_a_plan_to_crisis() -> None:
    # The rules alone: frequent thoughts of death are a concern, with a plan a crisis. (The
    # model reads the first as passive ideation and raises it too: see test_model.py.)
    assert assess("요즘 죽음에 대해 자주 생각해", use_model=False).level == "concern"
    assert assess("요즘 죽음에 대해 자주 생각해. 계획도 세웠어", use_model=False).level == "crisis"
    assert level("요즘 죽음에 대해 자주 생각해. 계획도 세웠어") == "crisis"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("아빠가 술 먹으면 또 때린다", "abuse"),
        ("반 애들이 나를 계속 괴롭혀", "abuse"),
        ("My dad hits me when he's drunk", "abuse"),
        ("I'm being bullied at school", "abuse"),
        ("먹고 바로 토했다. 살찔까봐 무서워", "eating_disorder"),
        ("I made myself throw up after dinner", "eating_disorder"),
        ("팀장 진짜 죽여버리고 싶다", "harm_to_others"),
        ("I swear I want to punch my boss", "harm_to_others"),
    ],
)
def test_other_categories_are_concern(text: str, category: str) -> None:
    result = assess(text)
    assert result.level == "concern"
    assert category in result.categories


def test_harm_to_others_with_means_and_plan_is_crisis() -> None:
    result = assess("I'm planning to hurt him tomorrow with the knife from the kitchen")
    assert result.level == "crisis"
    assert "harm_to_others" in result.categories


def test_korean_spacing_typos_and_slang_are_read() -> None:
    for text in ("죽 고 싶 다", "죽구싶다", "뒤지고싶다", "ㅈㄱㅅㄷ", "자살하고십다", "살기싫어"):
        assert level(text) == "crisis", text


def test_mixed_language_text_is_read_in_both_languages() -> None:
    assert level("오늘 너무 힘들었다. honestly I just want to disappear.") == "crisis"
    assert level("요즘 자꾸 I want to die 라는 생각이 들어") == "crisis"
    assert level("회사 deadline 때문에 죽겠다 ㅋㅋ") == "none"


@pytest.mark.parametrize(
    "text",
    [
        "죽고 싶다는 생각 가끔 해. 근데 그럴 용기도 없고 계획도 없어",
        "Sometimes I think everyone would be better off without me. I'm not planning anything.",
        "I keep wishing I could fall asleep and not wake up. I wouldn't do anything.",
        "자해 충동 올라오는데 지금 얼음 쥐고 버티는 중",
    ],
)
def test_thoughts_the_writer_says_they_will_not_act_on_are_concern(text: str) -> None:
    result = assess(text)
    assert result.level == "concern"
    assert "denied_intent" in result.rules
    assert result.resources  # still a flag: the lines are shown


@pytest.mark.parametrize(
    "text",
    [
        "죽고 싶어. 약 모아뒀어. 계획은 없어",  # a means in reach
        "오늘 밤에 죽을 거야. 계획은 없어",  # a time
        "I want to die. I'm not planning anything, I already wrote the goodbye letter.",
    ],
)
def test_a_denial_next_to_a_means_a_time_or_a_farewell_stays_crisis(text: str) -> None:
    assert assess(text).level == "crisis"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00", "죽고\x00싶다", "\ud800 broken surrogate", "a" * 2_000_000, None, 42],
)
def test_any_input_never_raises(text: object) -> None:
    result = assess(text)  # type: ignore[arg-type]
    assert result.level in ("none", "concern", "crisis")


def test_nul_bytes_do_not_hide_a_crisis() -> None:
    assert level("죽고\x00 싶다") == "crisis"


def test_a_crisis_at_the_end_of_a_huge_text_is_still_found() -> None:
    text = "오늘은 평범한 하루였다. " * 20_000 + "이제 그만 살고 싶다."
    assert level(text) == "crisis"


def test_language_is_detected_and_the_hint_wins() -> None:
    assert assess("오늘 좋은 하루").language == "ko"
    assert assess("what a good day").language == "en"
    assert assess("what a good day", language="ko-KR").language == "ko"


def test_resources_follow_the_language_and_only_come_with_a_flag() -> None:
    assert assess("오늘 좋은 하루").resources == ()
    korean = assess("죽고 싶어")
    assert [r.phone for r in korean.resources][:2] == ["109", "1577-0199"]
    assert all(isinstance(r, CrisisResource) for r in korean.resources)
    us = assess("I want to die", language="en-US")
    assert us.resources[0].phone == "988"


def test_abuse_adds_the_violence_line_in_korea() -> None:
    result = assess("아빠가 술 먹으면 또 때린다")
    assert "1366" in [r.phone for r in result.resources]


def test_assessment_shape_matches_the_agreed_interface() -> None:
    result = assess("죽고 싶어")
    assert isinstance(result, SafetyAssessment)
    assert dataclasses.is_dataclass(result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.level = "none"  # type: ignore[misc]
    assert result.is_crisis
    assert result.is_concern
    assert set(result.categories) <= set(CATEGORIES)
    calm = assess("좋은 하루")
    assert not calm.is_crisis
    assert not calm.is_concern


def test_logs_carry_level_and_categories_never_the_text(caplog: pytest.LogCaptureFixture) -> None:
    secret = "비밀스러운문장 그냥 죽고 싶다"
    with caplog.at_level(logging.DEBUG, logger="coaching.safety"):
        result = assess(secret)
    assert result.level == "crisis"
    assert caplog.records, "a flagged assessment is logged"
    for record in caplog.records:
        rendered = record.getMessage() + repr(record.__dict__)
        assert "비밀스러운문장" not in rendered
        assert "죽고" not in rendered
    record = caplog.records[-1]
    assert record.safety_level == "crisis"  # type: ignore[attr-defined]
    assert record.safety_categories == ["suicide"]  # type: ignore[attr-defined]
    fields = result.log_fields()
    assert set(fields) == {
        "safety_level",
        "safety_categories",
        "safety_language",
        "safety_rules",
        "safety_elapsed_ms",
    }
    assert "죽고" not in repr(result)


def test_thousand_diary_length_assessments_take_well_under_two_seconds() -> None:
    diary = (
        "아침에 늦잠을 자서 지각할 뻔했다. 점심은 회사 근처에서 김치찌개를 먹었다. "
        "오후엔 회의가 세 개나 있어서 정신이 없었고 팀장님한테 한 소리 들었다. "
        "퇴근하고 운동을 다녀왔더니 그래도 조금 나아졌다. Tomorrow will be better, I hope."
    )
    assess(diary)  # warm up
    # CPU time of this process: eight engineers share two cores, wall time measures them too.
    started = time.process_time()
    for _ in range(1000):
        assess(diary)
    elapsed = time.process_time() - started
    assert elapsed < 2.0, f"1,000 assessments took {elapsed:.2f}s of CPU"
