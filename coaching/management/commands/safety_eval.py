"""manage.py safety_eval [--file PATH] [--verbose]: score the crisis detector on a labelled set."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coaching.safety.evaluation import Slice, evaluate, load
from coaching.safety.types import LEVELS

DEFAULT_FILE = Path(settings.BASE_DIR) / "tests" / "coaching" / "safety" / "dev_set.jsonl"


def _pct(value: float) -> str:
    return f"{value * 100:5.1f}%"


class Command(BaseCommand):
    help = "Crisis recall, concern recall and false-alarm rates of coaching.safety.assess."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(DEFAULT_FILE), help="JSON lines to score.")
        parser.add_argument("--verbose", action="store_true", help="List every miss.")

    def _slice(self, name: str, s: Slice) -> None:
        self.stdout.write(
            f"{name:<8} n={s.total:<4} crisis recall {_pct(s.crisis_recall)}"
            f" ({s.crisis_hit}/{s.crisis})"
            f"  concern recall {_pct(s.concern_recall)} ({s.concern_flagged}/{s.concern})"
            f"  false alarm: crisis {_pct(s.crisis_false_alarm)}"
            f" ({s.non_crisis_as_crisis}/{s.non_crisis}), any {_pct(s.none_false_alarm)}"
            f" ({s.none_flagged}/{s.none})"
        )

    def handle(self, *args: Any, file: str, verbose: bool, **options: Any) -> None:
        try:
            items = load(file)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        # The detector logs every flagged text's level at INFO; an evaluation run is not news.
        safety_logger = logging.getLogger("coaching.safety")
        previous = safety_logger.level
        safety_logger.setLevel(logging.WARNING)
        try:
            report = evaluate(items)
        finally:
            safety_logger.setLevel(previous)
        self.stdout.write(f"file: {file} ({len(items)} excerpts)")
        self._slice("all", report.overall)
        for language in sorted(report.by_language):
            self._slice(language, report.by_language[language])
        self.stdout.write(f"accuracy (exact level) {_pct(report.accuracy)}")
        self.stdout.write("confusion (rows expected, columns predicted):")
        self.stdout.write("          " + "".join(f"{p:>9}" for p in LEVELS))
        for expected in LEVELS:
            row = "".join(f"{report.confusion.get((expected, p), 0):>9}" for p in LEVELS)
            self.stdout.write(f"{expected:<10}{row}")
        mean = report.elapsed_ms / len(items) if items else 0.0
        self.stdout.write(
            f"time: {report.elapsed_ms:.1f} ms total, {mean:.3f} ms per excerpt"
            f" (p50 {report.latency_percentile(0.5):.3f} ms,"
            f" p99 {report.latency_percentile(0.99):.3f} ms,"
            f" max {report.latency_percentile(1.0):.3f} ms)"
        )
        if verbose and report.misses:
            self.stdout.write(f"misses ({len(report.misses)}):")
            for item, predicted, rules in report.misses:
                rule_list = ",".join(rules) or "-"
                self.stdout.write(
                    f"  expected {item.level:<7} got {predicted:<7} [{item.language}] {item.text!r}"
                    f"  rules={rule_list}  note={item.note}"
                )
