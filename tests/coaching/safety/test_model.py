"""The crisis model behind the rules: it may raise a level, never lower one; it is reproducible."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from coaching.safety import assess, training
from coaching.safety.detector import _raise_with_model
from coaching.safety.evaluation import load
from coaching.safety.model import WEIGHTS_PATH, choseong, featurize, load_weights, score
from coaching.safety.types import LEVEL_RANK

HERE = Path(__file__).parent


@pytest.mark.parametrize(
    "text",
    [
        # Farewell arrangements without a word for death or a wish.
        "통장 비밀번호를 동생한테 적어 줬다. 이제 아무 걱정 없어",
        "이번 주말에 다 정리하고 떠날 생각이야",
        # A means and a time, no verb of dying.
        "i keep staring at my pills tonight",
    ],
)
def test_the_model_raises_crises_the_rules_miss(text: str) -> None:
    assert assess(text, use_model=False).level == "none"
    result = assess(text)
    assert result.level == "crisis"
    assert "model.crisis" in result.rules
    assert "suicide" in result.categories
    assert result.resources


def test_the_model_never_lowers_what_the_rules_found() -> None:
    # A rules crisis stays a crisis whatever the model thinks of the text.
    assert score("밥 먹었어? 오늘 날씨 좋다") is not None
    assert _raise_with_model("밥 먹었어? 오늘 날씨 좋다", "crisis", {"suicide"})[0] == "crisis"
    lowered = []
    for path in sorted(HERE.glob("*.jsonl")):
        for item in load(path):
            rules_only = assess(item.text, use_model=False).level
            combined = assess(item.text).level
            if LEVEL_RANK[combined] < LEVEL_RANK[rules_only]:
                lowered.append(item.text)
    assert lowered == []


@pytest.mark.parametrize(
    "text",
    ["밥 먹었어? 오늘 날씨 좋다", "I'm fine, had a great lunch with friends", "배고파 죽겠네"],
)
def test_ordinary_days_are_not_raised(text: str) -> None:
    assert assess(text).level == "none"


def test_features_do_not_depend_on_korean_spacing() -> None:
    assert featurize("죽고싶다") == featurize("죽고 싶다")


def test_vowel_typos_and_choseong_writing_share_initial_consonant_features() -> None:
    assert choseong("죽고싶다") == choseong("죽고십다") == choseong("ㅈㄱㅅㄷ") == "ㅈㄱㅅㄷ"
    for text in ("주거 십다", "ㅈㄱㅅㄷ", "죽고 싶다"):
        assert "j4:ㅈㄱㅅㄷ" in featurize(text), text


def test_missing_weights_leave_the_rules_alone(tmp_path: Path) -> None:
    assert load_weights(tmp_path / "nope.json") is None


def test_near_duplicates_share_a_cross_validation_group(tmp_path: Path) -> None:
    rows = [
        {"text": "요즘 그냥 사라지고 싶다는 생각만 든다", "level": "crisis"},
        {"text": "요즘 그냥 사라지고 싶다는 생각만 들어", "level": "crisis"},
        {"text": "오늘 점심은 김치찌개였다", "level": "none"},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    groups = [e.group for e in training.load_examples([path])]
    assert groups[0] == groups[1] != groups[2]


@pytest.mark.slow
def test_the_shipped_weights_are_reproduced_from_the_labelled_sets() -> None:
    # If a set changes, `manage.py safety_train` must be run and its weights committed.
    examples = training.load_examples(training.labelled_files(HERE))
    crisis, flag = training.train_pair(examples)
    shipped = json.loads(WEIGHTS_PATH.read_text("utf-8"))
    assert shipped["crisis"]["weights"] == dict(sorted(crisis.items()))
    assert shipped["flag"]["weights"] == dict(sorted(flag.items()))
    assert shipped["crisis"]["threshold"] == training.CRISIS_THRESHOLD
    assert shipped["flag"]["threshold"] == training.FLAG_THRESHOLD


def test_safety_train_cross_validates_without_writing(tmp_path: Path) -> None:
    lines = []
    for i in range(12):
        lines.append({"text": f"오늘 {i}번째로 죽고 싶다는 생각을 했다 {i * 7}", "level": "crisis"})
        lines.append({"text": f"점심 메뉴 {i}번은 비빔밥 {i * 3}", "level": "none"})
        lines.append({"text": f"my friend {i} says she wants to die {i}", "level": "concern"})
    (tmp_path / "holdout_x.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in lines), "utf-8"
    )
    before = WEIGHTS_PATH.read_bytes()
    out = StringIO()
    call_command("safety_train", cv=True, no_write=True, sets=str(tmp_path), stdout=out)
    text = out.getvalue()
    assert "grouped 5-fold" in text
    assert "leave-one-set-out" in text
    assert "holdout_x     all  rules+model" in text
    assert "crisis recall" in text
    assert WEIGHTS_PATH.read_bytes() == before


LUNCH = (
    "아침에 늦잠을 자서 지각할 뻔했다. 점심은 회사 근처에서 김치찌개를 먹었다. "
    "오후엔 회의가 세 개나 있어서 정신이 없었고 팀장님한테 한 소리 들었다. "
)


def test_one_farewell_sentence_is_not_diluted_by_a_long_ordinary_diary() -> None:
    farewell = "이번 주말에 다 정리하고 떠날 생각이야."
    assert assess(LUNCH * 3 + farewell).level == "crisis"
    assert assess(LUNCH * 3).level == "none"


def test_the_model_does_not_raise_a_short_text_without_any_concept_of_risk() -> None:
    # N-grams alone ("아무도 ... 몰라") once made this a crisis in a diaries test.
    assert assess("아무도 몰라야 하는 비밀 문장 7731").level == "none"
