"""Shadow evaluation of a candidate policy over recent de-identified analysis inputs.

Sources yield dicts ``{"tier_a", "tier_m", "crisis", "categories", "text_terms"}`` — numbers
and tags, never text. Coaching records its own (``journal_analyze`` stores each analysis's
tiers and tags in ``ShadowSample`` rows); diaries may register more with ``register_source``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from coaching.services.analysis import slip_flag_for

Source = Callable[[int, int], Iterable[dict[str, Any]]]
_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    _sources[name] = source


def _coaching_samples(days: int, limit: int) -> Iterable[dict[str, Any]]:
    from coaching.models import AnalysisSample

    since = timezone.now() - timedelta(days=days)
    for sample in AnalysisSample.objects.filter(created_at__gte=since).order_by("-created_at")[
        :limit
    ]:
        yield {
            "tier_a": sample.tier_a,
            "tier_m": sample.tier_m,
            "crisis": sample.crisis,
            "categories": tuple(sample.categories),
            "tags": tuple(sample.tags),
        }


def _evaluate(name: str, rules: dict[str, Any], sample: dict[str, Any]) -> Any:
    if name == "slip":
        return slip_flag_for(
            tier_a=sample["tier_a"], tier_m=sample["tier_m"], crisis=sample["crisis"], rules=rules
        )
    if name == "ethics":
        terms = set((rules.get("terms") or {}).keys())
        return tuple(sorted(set(sample["categories"]) | (set(sample.get("tags", ())) & terms)))
    if name == "tone":
        return rules.get("tone")
    return rules.get("mode")


def shadow_compare(
    *,
    name: str,
    current_rules: dict[str, Any],
    candidate_rules: dict[str, Any],
    days: int = 7,
    limit: int = 500,
) -> dict[str, Any]:
    samples = list(_coaching_samples(days, limit))
    for source in _sources.values():
        samples.extend(list(source(days, limit))[:limit])
    changes: dict[str, int] = {}
    changed = 0
    for sample in samples:
        before = _evaluate(name, current_rules, sample)
        after = _evaluate(name, candidate_rules, sample)
        if before != after:
            changed += 1
            key = f"{before} -> {after}"
            changes[key] = changes.get(key, 0) + 1
    return {
        "inputs": len(samples),
        "changed": changed,
        "changed_rate": changed / len(samples) if samples else 0.0,
        "changes": dict(sorted(changes.items(), key=lambda kv: -kv[1])),
    }
