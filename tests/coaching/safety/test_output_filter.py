"""The post-filter every AI output passes: one test per rule, in Korean and English."""

from __future__ import annotations

import dataclasses

import pytest

from coaching.safety import FilteredOutput, filter_output


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ko", "오늘 하루 정말 수고 많으셨어요. 내일은 조금 더 가벼운 마음이길 바라요."),
        ("ko", "산책하면서 마음을 정리해 보는 건 어때요? 작은 성취도 충분히 의미 있어요."),
        ("ko", "우울증은 흔하고 치료할 수 있는 질환이에요."),
        ("en", "You did great today. Rest well and be kind to yourself."),
        ("en", "Depression is common and treatable."),
        ("en", "Try a short walk after lunch; small wins count."),
    ],
)
def test_safe_text_passes_unchanged(language: str, text: str) -> None:
    result = filter_output(text, language=language)
    assert result == FilteredOutput(text=text, changed=False, violations=())
    assert result.text is text


@pytest.mark.parametrize(
    ("language", "text", "forbidden", "kept"),
    [
        ("ko", "말씀을 들어보니 우울증인 것 같아요. 산책을 해보세요.", "우울증인", "산책"),
        ("ko", "공황장애입니다. 호흡을 천천히 해 보세요.", "공황장애입니다", "호흡"),
        ("en", "It sounds like you have depression. Try journaling.", "have depression", "Try"),
        ("en", "You are clinically depressed. Try journaling.", "clinically", "journaling"),
    ],
)
def test_diagnosis_is_replaced_with_a_no_diagnosis_line(
    language: str, text: str, forbidden: str, kept: str
) -> None:
    result = filter_output(text, language=language)
    assert result.changed
    assert "diagnosis" in result.violations
    assert forbidden not in result.text
    assert ("진단을 내릴 수 없어요" if language == "ko" else "can't diagnose") in result.text
    assert kept in result.text  # the rest of the message stays


@pytest.mark.parametrize(
    ("language", "text", "forbidden"),
    [
        ("ko", "잠이 안 오면 멜라토닌 3mg을 드셔 보세요.", "3mg"),
        ("ko", "항우울제를 조금 줄여 보시는 것도 방법이에요.", "줄여"),
        ("en", "Take 50mg of sertraline before bed.", "50mg"),
        ("en", "You could try to stop taking your antidepressants for a week.", "stop taking"),
    ],
)
def test_medication_and_dosage_advice_is_replaced(language: str, text: str, forbidden: str) -> None:
    result = filter_output(text, language=language)
    assert "medication" in result.violations
    assert forbidden not in result.text
    assert ("의사나 약사" if language == "ko" else "doctor or pharmacist") in result.text


@pytest.mark.parametrize(
    ("language", "text", "forbidden"),
    [
        ("ko", "번개탄 같은 방법은 위험해요. 오늘은 푹 쉬세요.", "번개탄"),
        ("ko", "마포대교에서 뛰어내리는 사람도 있어요. 당신은 소중해요.", "마포대교"),
        ("ko", "수면제 30알이면 위험할 수 있어요.", "30알"),
        ("en", "Jumping off a bridge is not the answer. You matter.", "bridge"),
        ("en", "A lethal dose is smaller than people think.", "lethal"),
    ],
)
def test_any_method_means_or_place_is_removed_and_crisis_lines_added(
    language: str, text: str, forbidden: str
) -> None:
    result = filter_output(text, language=language)
    assert "method" in result.violations
    assert forbidden not in result.text
    assert ("109" if language == "ko" else "findahelpline.com") in result.text


def test_extreme_choice_euphemism_becomes_the_plain_word() -> None:
    result = filter_output("최근 극단적 선택을 하는 청년이 늘고 있어요.", language="ko")
    assert "euphemism" in result.violations
    assert "극단적 선택" not in result.text
    assert "자살을 하는 청년" in result.text
    spaced = filter_output("극단적인 선택이 떠오를 때는 꼭 도움을 요청하세요.", language="ko")
    assert "극단적" not in spaced.text
    assert "자살이 떠오를 때는" in spaced.text


def test_commit_suicide_becomes_died_by_suicide() -> None:
    result = filter_output("He committed suicide last year.", language="en")
    assert "euphemism" in result.violations
    assert "died by suicide" in result.text


@pytest.mark.parametrize(
    ("language", "text", "violation"),
    [
        ("ko", "죽음은 고통에서의 해방일 수도 있어요.", "romanticising"),
        ("ko", "희망이 없어요. 이미 늦었어요.", "fatalism"),
        ("ko", "앞으로도 절대 나아지지 않을 거예요.", "fatalism"),
        ("en", "Death can be a peaceful release.", "romanticising"),
        ("en", "Nothing will ever change for you.", "fatalism"),
        ("en", "There is no hope left.", "fatalism"),
    ],
)
def test_romanticising_and_fatalistic_lines_are_removed(
    language: str, text: str, violation: str
) -> None:
    result = filter_output(text, language=language)
    assert violation in result.violations
    first = text.split(".")[0]
    assert first not in result.text
    assert ("109" if language == "ko" else "findahelpline.com") in result.text


def test_reflecting_a_feeling_is_not_fatalism_but_still_gets_the_lines() -> None:
    result = filter_output(
        "희망이 없다고 느껴질 수 있어요. 그래도 오늘 버틴 당신이 대단해요.", language="ko"
    )
    assert "fatalism" not in result.violations
    assert "희망이 없다고 느껴질 수 있어요" in result.text
    assert "109" in result.text


@pytest.mark.parametrize(
    ("language", "text", "line"),
    [
        ("ko", "죽고 싶다는 마음이 들 만큼 힘드셨군요. 적어 주셔서 고마워요.", "109"),
        ("en", "I'm sorry you're thinking about ending your life. You matter.", "109"),
        ("en", "I hear how hopeless things feel right now.", "findahelpline.com"),
    ],
)
def test_distress_in_the_output_appends_hope_and_crisis_lines(
    language: str, text: str, line: str
) -> None:
    result = filter_output(text, language=language)
    assert result.changed
    assert result.text.startswith(text)
    assert line in result.text
    assert ("혼자 견디지 않아도" if language == "ko" else "carry them alone") in result.text


def test_crisis_lines_are_not_appended_twice() -> None:
    text = "죽고 싶을 만큼 힘들다면 자살예방상담전화 109에 전화해 주세요."
    result = filter_output(text, language="ko")
    assert result.text.count("109") == 1


def test_filter_output_shape_and_edge_inputs() -> None:
    result = filter_output("", language="ko")
    assert result == FilteredOutput(text="", changed=False, violations=())
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "x"  # type: ignore[misc]
    nul = filter_output("좋은 하루\x00예요", language="ko")
    assert isinstance(nul, FilteredOutput)
    huge = filter_output("좋은 하루예요. " * 50_000, language="ko")
    assert isinstance(huge.text, str)
