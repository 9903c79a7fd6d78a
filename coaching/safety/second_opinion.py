"""The LLM's second opinion on a diary or chat text: it may add a flag, never remove one.

    from coaching.safety.second_opinion import assess_with_second_opinion

Issue 11: "When a key is set, the LLM may add a second opinion but never removes a local crisis
flag." ``assess()`` stays local, network-free and a few milliseconds; this function runs it first
and, only when an OpenAI key is configured and the local level is below crisis, asks the model
through the coaching gateway (personal details masked, the platform budget and the circuit
breaker respected, every call logged without text). The answer may raise none -> concern or
crisis, or concern -> crisis; it never lowers. Any failure (no key, no prompt, budget spent,
breaker open, timeout, an answer out of shape) returns the local result unchanged.

The call is short on purpose: a diary save waits for it, so it has its own timeout and no retry.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from django.conf import settings

from .detector import assess
from .normalize import clean
from .resources import resources_for_categories
from .types import CATEGORIES, LEVEL_RANK, SafetyAssessment

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger("coaching.safety")

PROMPT_NAME = "safety_second_opinion"
PURPOSE = "safety_second_opinion"
# The model reads at most this much of a text: the head and the tail (farewells come last).
MAX_CHARS = 4000
_CATEGORY_ORDER = {name: index for index, name in enumerate(CATEGORIES)}


def _bounded(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    half = MAX_CHARS // 2
    return text[:half] + "\n…\n" + text[-half:]


def _ask(text: str, *, language: str, user: User | None, ref: str) -> tuple[str, tuple[str, ...]]:
    """The model's level and categories (raises on any failure; the caller falls back)."""
    from coaching.llm.gateway import llm_call
    from coaching.llm.schemas import SafetySecondOpinionOut
    from coaching.services.prompts import prompt_resolve

    choice = prompt_resolve(name=PROMPT_NAME, user=user)
    result = llm_call(
        template=choice.template,
        variables={"language": language, "text": _bounded(text)},
        user=user,
        purpose=PURPOSE,
        ref=ref,
        experiment=choice.experiment,
        arm=choice.arm,
        counts_toward_limit=False,  # a safety read is never the user's AI allowance
        schema=SafetySecondOpinionOut,
        timeout=float(getattr(settings, "COACHING_SAFETY_SECOND_OPINION_TIMEOUT", 4.0)),
        max_retries=0,
    )
    parsed = result.parsed
    assert isinstance(parsed, SafetySecondOpinionOut)
    return parsed.level, tuple(parsed.categories)


def _paused(user: User) -> bool:
    from accounts.selectors import user_is_safety_paused

    return user_is_safety_paused(user=user)


def second_opinion_enabled() -> bool:
    from coaching.llm.gateway import llm_configured

    return llm_configured() and bool(getattr(settings, "COACHING_SAFETY_SECOND_OPINION", True))


def assess_with_second_opinion(
    text: str,
    *,
    language: str | None = None,
    user: User | None = None,
    ref: str = "",
) -> SafetyAssessment:
    """``assess(text)``, then (when a key is set) the LLM's second opinion, which may only raise
    the level. Never raises; never lowers a local flag."""
    started = time.perf_counter()
    local = assess(text, language=language)
    if local.level == "crisis" or not second_opinion_enabled():
        return local
    if user is not None and _paused(user):
        return local  # a user under a safety pause is never sent to an AI
    cleaned = clean(text)
    if not cleaned.strip():
        return local
    try:
        level, categories = _ask(cleaned, language=local.language, user=user, ref=ref)
    except Exception as exc:  # any failure: the local result stands, silently for the user
        logger.info("safety.second_opinion unavailable: %s", type(exc).__name__)
        return local
    if LEVEL_RANK.get(level, 0) <= LEVEL_RANK[local.level]:
        return local
    merged = set(local.categories) | {c for c in categories if c in _CATEGORY_ORDER}
    if not merged:
        merged = {"suicide"} if level == "crisis" else {"hopelessness"}
    ordered = tuple(sorted(merged, key=_CATEGORY_ORDER.__getitem__))
    raised = SafetyAssessment(
        level=level,  # type: ignore[arg-type]
        categories=ordered,
        language=local.language,
        resources=resources_for_categories(language or local.language, ordered),
        rules=(*local.rules, "llm.second_opinion"),
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )
    logger.info("safety.second_opinion raised", extra=raised.log_fields())
    return raised
