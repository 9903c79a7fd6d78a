"""The labelled sets and the safety_eval command."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coaching.safety.evaluation import evaluate, load

HERE = Path(__file__).parent
DEV = HERE / "dev_set.jsonl"
HOLDOUTS = [HERE / f"holdout_{name}.jsonl" for name in ("set", "r2", "r3", "r4", "r5", "r6", "r7")]
# Written to train the model (safety_train), never scored as a held-out round.
TRAIN_EXTRA = [HERE / f"train_extra{n}.jsonl" for n in ("", "2", "3")]


def test_dev_set_is_big_bilingual_and_half_hard_negatives() -> None:
    items = load(DEV)
    assert len(items) >= 300
    languages = {item.language for item in items}
    assert {"ko", "en"} <= languages
    negatives = [item for item in items if item.level == "none"]
    assert len(negatives) * 2 >= len(items)
    assert sum(item.language == "ko" for item in items) >= 120
    assert sum(item.language == "en" for item in items) >= 120


def test_dev_set_meets_the_product_goal() -> None:
    report = evaluate(load(DEV))
    assert report.overall.crisis_recall >= 0.95
    assert report.overall.crisis_false_alarm <= 0.05
    assert report.overall.none_false_alarm <= 0.05
    for language in ("ko", "en"):
        assert report.by_language[language].crisis_recall >= 0.95, language


@pytest.mark.parametrize("path", [p for p in HOLDOUTS if p.exists()], ids=lambda p: p.stem)
def test_held_out_sets_keep_false_alarms_low(path: Path) -> None:
    # Recall on held-out text is reported, not asserted at the goal: see the README numbers.
    report = evaluate(load(path))
    assert report.overall.crisis_false_alarm <= 0.05
    assert report.overall.none_false_alarm <= 0.05


def test_sets_do_not_share_excerpts() -> None:
    seen: set[str] = set()
    for path in [DEV, *HOLDOUTS, *TRAIN_EXTRA]:
        if not path.exists():
            continue
        texts = {item.text for item in load(path)}
        assert not (texts & seen), f"{path.name} repeats excerpts of another set"
        seen |= texts


def test_safety_eval_prints_recall_false_alarms_languages_and_confusion() -> None:
    out = StringIO()
    call_command("safety_eval", stdout=out)
    text = out.getvalue()
    assert "crisis recall" in text
    assert "concern recall" in text
    assert "false alarm: crisis" in text
    for row in ("all ", "ko ", "en "):
        assert any(line.startswith(row) for line in text.splitlines()), row
    assert "confusion" in text
    assert "misses" not in text


def test_safety_eval_verbose_lists_misses(tmp_path: Path) -> None:
    labelled = tmp_path / "set.jsonl"
    rows = [
        {"text": "배고파 죽겠네", "language": "ko", "level": "crisis", "categories": []},
        {"text": "죽고 싶어", "language": "ko", "level": "crisis", "categories": ["suicide"]},
    ]
    labelled.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    out = StringIO()
    call_command("safety_eval", file=str(labelled), verbose=True, stdout=out)
    text = out.getvalue()
    assert "crisis recall  50.0% (1/2)" in text
    assert "misses (1)" in text
    assert "배고파 죽겠네" in text


def test_safety_eval_refuses_a_missing_or_broken_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("safety_eval", file=str(tmp_path / "nope.jsonl"))
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "x", "level": "maybe"}', "utf-8")
    with pytest.raises(CommandError):
        call_command("safety_eval", file=str(broken))
