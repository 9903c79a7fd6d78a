"""Training and cross-validation of the crisis model (``manage.py safety_train``).

Reproducible: pure Python, a fixed seed, the labelled sets under ``tests/coaching/safety/``.

  * Logistic regression with L2, trained by AdaGrad over shuffled epochs; two models (crisis vs
    the rest; concern-or-crisis vs none).
  * Near-duplicates are grouped (character-trigram Jaccard >= 0.5 on the compact form) and a
    group never straddles a training and a test fold, so a paraphrase cannot leak its label.
  * Thresholds are chosen on the out-of-fold probabilities of grouped k-fold cross-validation:
    the crisis threshold is the highest one that still recalls the target share of crises, and
    the false-alarm rate at that threshold is reported next to it.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .evaluation import Item, load
from .model import WEIGHTS_PATH, Weights, _sigmoid, featurize, probability
from .normalize import clean, compact_korean, english_form

SEED = 20261130
EPOCHS = 30
L2 = 1e-4
LEARNING_RATE = 0.5
CRISIS_POSITIVE_WEIGHT = 1.5
MIN_FEATURE_COUNT = 2
GROUP_JACCARD = 0.5
# Chosen on simulated freezes (see ROUNDS.md): the rules as they stood before rounds 4, 5 and 6,
# plus a model trained without those rounds (and without later ones), scored on each round. At
# 0.8 the combination recalled 97 / 91 / 97 % of crises at 1.5 / 6.2 / 1.6 % crisis false alarms;
# 0.75 recalled 97 / 94 / 97 % at up to 10.8 %. The flag threshold (concern) kept "any false
# alarm" on texts labelled none at 0-2 % there.
CRISIS_THRESHOLD = 0.8
FLAG_THRESHOLD = 0.9


@dataclass(frozen=True)
class Example:
    item: Item
    source: str
    features: dict[str, float]
    group: int = -1


def labelled_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def load_examples(paths: Sequence[Path]) -> list[Example]:
    examples = []
    for path in paths:
        for item in load(path):
            examples.append(Example(item, path.stem, featurize(clean(item.text))))
    return _grouped(examples)


def _shingles(text: str) -> set[str]:
    form = compact_korean(text) + " " + english_form(text).replace(" ", "")
    return {form[i : i + 3] for i in range(max(1, len(form) - 2))}


def _grouped(examples: list[Example]) -> list[Example]:
    """Union near-duplicate excerpts into groups (an inverted index keeps it fast)."""
    parent = list(range(len(examples)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    shingles = [_shingles(e.item.text) for e in examples]
    index: dict[str, list[int]] = {}
    for i, grams in enumerate(shingles):
        for gram in grams:
            index.setdefault(gram, []).append(i)
    for i, grams in enumerate(shingles):
        overlap: dict[int, int] = {}
        for gram in grams:
            for j in index[gram]:
                if j < i:
                    overlap[j] = overlap.get(j, 0) + 1
        for j, shared in overlap.items():
            union = len(grams) + len(shingles[j]) - shared
            if union and shared / union >= GROUP_JACCARD:
                parent[find(i)] = find(j)
    return [Example(e.item, e.source, e.features, find(i)) for i, e in enumerate(examples)]


def train_logistic(
    rows: Sequence[dict[str, float]],
    labels: Sequence[int],
    *,
    positive_weight: float = 1.0,
    seed: int = SEED,
    min_count: int = MIN_FEATURE_COUNT,
) -> dict[str, float]:
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    kept = {name for name, n in counts.items() if n >= min_count or name == "bias"}
    # Features as list indices (the same arithmetic in the same order as dicts, ~2x faster).
    index_of: dict[str, int] = {}
    data: list[tuple[list[int], list[float], int]] = []
    for row, y in zip(rows, labels, strict=True):
        names = [name for name in row if name in kept]
        ids = [index_of.setdefault(name, len(index_of)) for name in names]
        data.append((ids, [row[name] for name in names], y))
    w = [0.0] * len(index_of)
    squares = [1e-8] * len(index_of)
    order = list(range(len(data)))
    rng = random.Random(seed)  # noqa: S311 - reproducible shuffling, not crypto
    sqrt = math.sqrt
    for _epoch in range(EPOCHS):
        rng.shuffle(order)
        for index in order:
            ids, values, y = data[index]
            z = sum(w[i] * v for i, v in zip(ids, values, strict=True))
            p = _sigmoid(z)
            error = (p - y) * (positive_weight if y else 1.0)
            for i, v in zip(ids, values, strict=True):
                gradient = error * v + L2 * w[i]
                squares[i] += gradient * gradient
                w[i] -= LEARNING_RATE * gradient / sqrt(squares[i])
    weights = {name: w[i] for name, i in index_of.items()}
    return {name: round(w, 4) for name, w in weights.items() if abs(w) >= 1e-4}


def _is_crisis(e: Example) -> int:
    return int(e.item.level == "crisis")


def _is_flag(e: Example) -> int:
    return int(e.item.level != "none")


def train_pair(train: Sequence[Example]) -> tuple[dict[str, float], dict[str, float]]:
    rows = [e.features for e in train]
    crisis = train_logistic(
        rows, [_is_crisis(e) for e in train], positive_weight=CRISIS_POSITIVE_WEIGHT
    )
    flag = train_logistic(rows, [_is_flag(e) for e in train])
    return crisis, flag


@dataclass
class Prediction:
    example: Example
    p_crisis: float
    p_flag: float


def cross_validate(examples: Sequence[Example], folds: int = 5) -> list[Prediction]:
    """Grouped k-fold: out-of-fold probabilities for every example."""
    groups = sorted({e.group for e in examples})
    random.Random(SEED).shuffle(groups)  # noqa: S311 - reproducible folds, not crypto
    fold_of = {group: i % folds for i, group in enumerate(groups)}
    predictions: list[Prediction] = []
    for fold in range(folds):
        train = [e for e in examples if fold_of[e.group] != fold]
        test = [e for e in examples if fold_of[e.group] == fold]
        crisis, flag = train_pair(train)
        for e in test:
            predictions.append(
                Prediction(e, probability(crisis, e.features), probability(flag, e.features))
            )
    return predictions


def leave_one_source_out(
    examples: Sequence[Example], sources: Sequence[str]
) -> dict[str, list[Prediction]]:
    """Train on every other set, predict one whole set (a round written independently)."""
    result: dict[str, list[Prediction]] = {}
    for source in sources:
        train = [e for e in examples if e.source != source]
        test = [e for e in examples if e.source == source]
        crisis, flag = train_pair(train)
        result[source] = [
            Prediction(e, probability(crisis, e.features), probability(flag, e.features))
            for e in test
        ]
    return result


@dataclass(frozen=True)
class HeldOut:
    """One excerpt read by a model that never trained on its set (leave-one-set-out)."""

    source: str
    language: str
    level: str
    rules: str  # the rules' level (the rules as they are now: they may have seen the set)
    p_crisis: float  # the model's, as assess() reads it (whole text and windows)
    p_flag: float
    has_concept: bool  # assess() lets the model raise a level only then
    denied: bool = False  # the writer denied intent: assess() stops at concern

    def model_level(self, crisis_threshold: float, flag_threshold: float) -> str:
        if not self.has_concept:
            return "none"
        if self.p_crisis >= crisis_threshold:
            return "crisis"
        return "concern" if self.p_flag >= flag_threshold else "none"

    def combined_level(self, crisis_threshold: float, flag_threshold: float) -> str:
        """What assess() says: the rules, raised (never lowered) by the model."""
        model = self.model_level(crisis_threshold, flag_threshold)
        if self.rules == "crisis" or (model == "crisis" and not self.denied):
            return "crisis"
        return "concern" if "concern" in (self.rules, model) else "none"


def leave_one_set_out(examples: Sequence[Example], sources: Sequence[str]) -> list[HeldOut]:
    """For each set: train on every other set, then read the set the way assess() does (rules,
    then the model over the whole text and its windows, gated on concepts)."""
    from .concepts import concept_features
    from .detector import rules_level
    from .model import score

    out: list[HeldOut] = []
    for source in sources:
        crisis, flag = train_pair([e for e in examples if e.source != source])
        weights = Weights(crisis, flag, 0.5, 0.5, f"without-{source}")
        for e in examples:
            if e.source != source:
                continue
            text = clean(e.item.text)
            scored = score(text, weights)
            rules, denied = rules_level(text)
            out.append(
                HeldOut(
                    source=source,
                    language=e.item.language,
                    level=e.item.level,
                    rules=rules,
                    p_crisis=scored.p_crisis if scored else 0.0,
                    p_flag=scored.p_flag if scored else 0.0,
                    has_concept=any(n.startswith("c:") for n in concept_features(text)),
                    denied=denied,
                )
            )
    return out


@dataclass(frozen=True)
class Rates:
    crisis_recall: float
    crisis_false_alarm: float
    concern_recall: float
    none_false_alarm: float
    n: int

    def line(self) -> str:
        return (
            f"n={self.n:<5} crisis recall {self.crisis_recall * 100:5.1f}%"
            f"  crisis false alarm {self.crisis_false_alarm * 100:5.1f}%"
            f"  concern recall {self.concern_recall * 100:5.1f}%"
            f"  any false alarm {self.none_false_alarm * 100:5.1f}%"
        )


def rates(levels: Sequence[tuple[str, str]]) -> Rates:
    """(expected, predicted) pairs -> the four rates of the product goal."""

    def share(pairs: list[tuple[str, str]], hit: Callable[[str], bool]) -> float:
        return sum(hit(p) for _, p in pairs) / len(pairs) if pairs else 0.0

    crisis = [p for p in levels if p[0] == "crisis"]
    non_crisis = [p for p in levels if p[0] != "crisis"]
    concern = [p for p in levels if p[0] == "concern"]
    none = [p for p in levels if p[0] == "none"]
    return Rates(
        crisis_recall=share(crisis, lambda p: p == "crisis"),
        crisis_false_alarm=share(non_crisis, lambda p: p == "crisis"),
        concern_recall=share(concern, lambda p: p != "none"),
        none_false_alarm=share(none, lambda p: p != "none"),
        n=len(levels),
    )


def model_level(p: Prediction, crisis_threshold: float, flag_threshold: float) -> str:
    if p.p_crisis >= crisis_threshold:
        return "crisis"
    return "concern" if p.p_flag >= flag_threshold else "none"


def recall_at_false_alarm(predictions: Sequence[Prediction], false_alarm: float) -> float:
    """Crisis recall of the model alone at the threshold that allows ``false_alarm``."""
    negatives = sorted(
        (p.p_crisis for p in predictions if p.example.item.level != "crisis"), reverse=True
    )
    positives = [p.p_crisis for p in predictions if p.example.item.level == "crisis"]
    if not negatives or not positives:
        return 0.0
    cut = negatives[min(len(negatives) - 1, int(false_alarm * len(negatives)))]
    return sum(score > cut for score in positives) / len(positives)


def write_weights(
    crisis: dict[str, float],
    flag: dict[str, float],
    *,
    crisis_threshold: float,
    flag_threshold: float,
    version: str,
    path: Path = WEIGHTS_PATH,
) -> Weights:
    data = {
        "version": version,
        "crisis": {
            "threshold": round(crisis_threshold, 4),
            "weights": dict(sorted(crisis.items())),
        },
        "flag": {"threshold": round(flag_threshold, 4), "weights": dict(sorted(flag.items()))},
    }
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    return Weights(crisis, flag, crisis_threshold, flag_threshold, version)
