"""Simulated freezes: how would rules + model have scored on a round neither had seen?

For each past round k: the rules exactly as they were committed before round k was written
(read from git history into a temporary package), plus a model trained on every set except
round k and the rounds after it, scored on round k. This is the closest honest proxy for the
next fresh round that the history allows. Caveats: the concept lexicons and the extra training
excerpts (train_extra.jsonl) were written after every round had been read.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from . import training
from .types import LEVEL_RANK

# (commit of the rules before the round, the round, sets written at or after it)
FREEZES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("1b11994", "holdout_r4", ("holdout_r4", "holdout_r5", "holdout_r6")),
    ("b9fa20c", "holdout_r5", ("holdout_r5", "holdout_r6")),
    ("aa725c1", "holdout_r6", ("holdout_r6",)),
)


@dataclass(frozen=True)
class FreezeResult:
    round: str
    rules: training.Rates
    model: training.Rates
    combined: training.Rates
    pairs: tuple[tuple[str, str], ...]


def _rules_at(commit: str, repo: Path, into: Path) -> ModuleType:
    """coaching/safety as committed at `commit`, imported as a standalone package."""
    package = into / f"safety_{commit}"
    package.mkdir()
    names = subprocess.run(  # noqa: S603 - fixed git arguments, a commit id from FREEZES
        ["git", "ls-tree", "--name-only", commit, "coaching/safety/"],  # noqa: S607
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for name in names:
        if not name.endswith(".py"):
            continue
        source = subprocess.run(  # noqa: S603
            ["git", "show", f"{commit}:{name}"],  # noqa: S607
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        (package / Path(name).name).write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location(
        package.name, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[package.name] = module
    spec.loader.exec_module(module)
    return module


def simulate(
    examples: Sequence[training.Example],
    repo: Path,
    *,
    crisis_threshold: float = training.CRISIS_THRESHOLD,
    flag_threshold: float = training.FLAG_THRESHOLD,
) -> list[FreezeResult]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for commit, round_name, later in FREEZES:
            old = _rules_at(commit, repo, Path(tmp))
            old_assess: Callable[[str], Any] = old.assess
            train = [e for e in examples if e.source not in later]
            test = [e for e in examples if e.source == round_name]
            crisis, flag = training.train_pair(train)
            rules, model, combined = [], [], []
            for e in test:
                rules_level = str(old_assess(e.item.text).level)
                prediction = training.Prediction(
                    e,
                    training.probability(crisis, e.features),
                    training.probability(flag, e.features),
                )
                model_level = training.model_level(prediction, crisis_threshold, flag_threshold)
                both = max(rules_level, model_level, key=LEVEL_RANK.__getitem__)
                rules.append((e.item.level, rules_level))
                model.append((e.item.level, model_level))
                combined.append((e.item.level, both))
            results.append(
                FreezeResult(
                    round_name,
                    training.rates(rules),
                    training.rates(model),
                    training.rates(combined),
                    tuple(combined),
                )
            )
    return results
