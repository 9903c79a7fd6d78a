"""manage.py safety_train [--cv] [--no-write]: train the crisis model on every labelled set.

Reads ``tests/coaching/safety/*.jsonl`` (the dev set, every held-out round, train_extra) and
writes ``coaching/safety/model_weights.json``. ``--cv`` first reports grouped 5-fold
cross-validation and leave-one-round-out numbers (the honest proxies for unseen text).
Deterministic: the same sets give the same weights.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from coaching.safety import training
from coaching.safety.detector import rules_level
from coaching.safety.freeze_simulation import simulate
from coaching.safety.model import load_weights
from coaching.safety.normalize import clean
from coaching.safety.types import LEVEL_RANK

SETS_DIR = Path(settings.BASE_DIR) / "tests" / "coaching" / "safety"


class Command(BaseCommand):
    help = "Train the crisis model (coaching/safety/model_weights.json) on the labelled sets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cv", action="store_true", help="Report cross-validation first.")
        parser.add_argument("--no-write", action="store_true", help="Do not write weights.")
        parser.add_argument("--sets", default=str(SETS_DIR), help="Directory of *.jsonl sets.")
        parser.add_argument(
            "--simulate-freeze",
            action="store_true",
            help="Score rules-before-round-k + model-without-round-k on rounds 4-6 (needs git).",
        )

    def _report(self, label: str, predictions: list[training.Prediction]) -> None:
        model = [
            (
                p.example.item.level,
                training.model_level(p, training.CRISIS_THRESHOLD, training.FLAG_THRESHOLD),
            )
            for p in predictions
        ]
        self.stdout.write(f"{label:<22} model alone   {training.rates(model).line()}")

    def _leave_one_set_out(self, examples: list[training.Example]) -> None:
        """The honest estimate: each set read by a model trained on every other set. The
        rules as they are now have seen rounds 1-6 (and were designed on the dev set), so
        "rules + model" is honest only on sets the rules never saw (round 7, train_extra*)."""
        sources = sorted({e.source for e in examples} - {"dev_set"})
        held = training.leave_one_set_out(examples, sources)
        ct, ft = training.CRISIS_THRESHOLD, training.FLAG_THRESHOLD
        self.stdout.write(f"leave-one-set-out (thresholds crisis {ct}, flag {ft}):")
        groups = [(source, {source}) for source in sources]
        groups.append(("pooled", set(sources)))
        for label, members in groups:
            for language in ("all", "ko", "en"):
                rows = [h for h in held if h.source in members and language in ("all", h.language)]
                model = [(h.level, h.model_level(ct, ft)) for h in rows]
                both = [(h.level, h.combined_level(ct, ft)) for h in rows]
                self.stdout.write(
                    f"  {label:<14}{language:<4} model alone  {training.rates(model).line()}"
                )
                self.stdout.write(
                    f"  {label:<14}{language:<4} rules+model  {training.rates(both).line()}"
                )

    def handle(
        self,
        *args: Any,
        cv: bool,
        no_write: bool,
        sets: str,
        simulate_freeze: bool = False,
        **options: Any,
    ) -> None:
        # assess() logs every flagged text's level at INFO; a training run is not news.
        logging.getLogger("coaching.safety").setLevel(logging.WARNING)
        paths = training.labelled_files(Path(sets))
        examples = training.load_examples(paths)
        groups = len({e.group for e in examples})
        self.stdout.write(f"{len(examples)} excerpts in {groups} near-duplicate groups")
        if cv:
            predictions = training.cross_validate(examples)
            self._report("grouped 5-fold", predictions)
            for false_alarm in (0.03, 0.05, 0.10):
                recall = training.recall_at_false_alarm(predictions, false_alarm)
                self.stdout.write(
                    f"  model alone: crisis recall {recall * 100:5.1f}% at"
                    f" {false_alarm * 100:.0f}% crisis false alarms"
                )
            union = []
            for p in predictions:
                rules = rules_level(clean(p.example.item.text))[0]
                model = training.model_level(p, training.CRISIS_THRESHOLD, training.FLAG_THRESHOLD)
                union.append((p.example.item.level, max(rules, model, key=LEVEL_RANK.__getitem__)))
            self.stdout.write(
                f"{'grouped 5-fold':<22} rules+model  {training.rates(union).line()}"
                "  (rules have seen every set: optimistic)"
            )
            self._leave_one_set_out(examples)
        if simulate_freeze:
            pooled: list[tuple[str, str]] = []
            for result in simulate(examples, Path(settings.BASE_DIR)):
                pooled += result.pairs
                self.stdout.write(f"simulated freeze {result.round}")
                self.stdout.write(f"  rules then     {result.rules.line()}")
                self.stdout.write(f"  model alone    {result.model.line()}")
                self.stdout.write(f"  rules + model  {result.combined.line()}")
            self.stdout.write(
                f"simulated freezes pooled: rules + model  {training.rates(pooled).line()}"
            )
        if no_write:
            return
        crisis, flag = training.train_pair(examples)
        digest = hashlib.sha256()
        for path in paths:
            digest.update(path.read_bytes())
        training.write_weights(
            crisis,
            flag,
            crisis_threshold=training.CRISIS_THRESHOLD,
            flag_threshold=training.FLAG_THRESHOLD,
            version=f"sets-{digest.hexdigest()[:12]}",
        )
        load_weights.cache_clear()
        self.stdout.write(
            f"wrote {training.WEIGHTS_PATH.name}: {len(crisis)} crisis and {len(flag)} flag weights"
        )
