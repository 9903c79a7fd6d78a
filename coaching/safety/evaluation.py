"""Scoring assess() on a labelled set (JSON lines: text, language, level, categories, note).

Metrics, as the product goal states them:
  crisis recall        crises labelled crisis that assess() calls crisis
  concern recall       concerns that assess() flags at all (concern or crisis)
  false alarm (crisis) non-crises that assess() calls crisis
  false alarm (any)    texts labelled none that assess() flags at all
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .detector import assess
from .types import LEVELS


@dataclass(frozen=True)
class Item:
    text: str
    language: str
    level: str
    categories: tuple[str, ...] = ()
    note: str = ""


@dataclass
class Slice:
    total: int = 0
    crisis: int = 0
    crisis_hit: int = 0
    concern: int = 0
    concern_flagged: int = 0
    non_crisis: int = 0
    non_crisis_as_crisis: int = 0
    none: int = 0
    none_flagged: int = 0

    def add(self, expected: str, predicted: str) -> None:
        self.total += 1
        if expected == "crisis":
            self.crisis += 1
            self.crisis_hit += predicted == "crisis"
        else:
            self.non_crisis += 1
            self.non_crisis_as_crisis += predicted == "crisis"
        if expected == "concern":
            self.concern += 1
            self.concern_flagged += predicted != "none"
        if expected == "none":
            self.none += 1
            self.none_flagged += predicted != "none"

    @staticmethod
    def _rate(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def crisis_recall(self) -> float:
        return self._rate(self.crisis_hit, self.crisis) if self.crisis else 1.0

    @property
    def concern_recall(self) -> float:
        return self._rate(self.concern_flagged, self.concern) if self.concern else 1.0

    @property
    def crisis_false_alarm(self) -> float:
        return self._rate(self.non_crisis_as_crisis, self.non_crisis)

    @property
    def none_false_alarm(self) -> float:
        return self._rate(self.none_flagged, self.none)


@dataclass
class Report:
    overall: Slice = field(default_factory=Slice)
    by_language: dict[str, Slice] = field(default_factory=dict)
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)
    misses: list[tuple[Item, str, tuple[str, ...]]] = field(default_factory=list)
    elapsed_ms: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)

    def latency_percentile(self, share: float) -> float:
        """The time assess() took on ``share`` of the excerpts or fewer (0.5 = median)."""
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def accuracy(self) -> float:
        right = sum(n for (e, p), n in self.confusion.items() if e == p)
        return right / self.overall.total if self.overall.total else 0.0


def load(path: str | Path) -> list[Item]:
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        row = json.loads(line)
        if row["level"] not in LEVELS:
            raise ValueError(f"{path}:{number}: level must be one of {LEVELS}")
        items.append(
            Item(
                text=row["text"],
                language=row.get("language", ""),
                level=row["level"],
                categories=tuple(row.get("categories", ())),
                note=row.get("note", ""),
            )
        )
    return items


def evaluate(items: Iterable[Item]) -> Report:
    report = Report()
    for item in items:
        result = assess(item.text)
        predicted = result.level
        report.elapsed_ms += result.elapsed_ms
        report.latencies_ms.append(result.elapsed_ms)
        report.overall.add(item.level, predicted)
        report.by_language.setdefault(item.language or result.language, Slice()).add(
            item.level, predicted
        )
        key = (item.level, predicted)
        report.confusion[key] = report.confusion.get(key, 0) + 1
        if predicted != item.level:
            report.misses.append((item, predicted, result.rules))
    return report
