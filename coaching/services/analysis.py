"""``journal_analyze``: the analysis diaries (and reports) ask for.

Order: safety pause → crisis assessment (local, always) → provider (if configured, the
breaker closed and the budget left; personal details masked) → offline analyzer when the
provider is unavailable or answers out of schema → the output post-filter on every AI-written
text → slip flag and ethics tags from the active policies.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coaching import offline
from coaching.exceptions import (
    AIBudgetExceeded,
    AIPaused,
    AIUnavailable,
    PromptNotFound,
    ProviderError,
)
from coaching.llm import gateway
from coaching.llm.schemas import JournalAnalysisOut
from coaching.models import AnalysisSample
from coaching.policies import policy_get
from coaching.services.prompts import prompt_resolve

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)
PROMPT_NAME = "journal_analysis"
OFFLINE_PROMPT_VERSION = 0  # "no prompt: the local analyzer answered"


@dataclass(frozen=True)
class JournalAnalysis:
    summary: str
    emotion_flow: list[dict]
    emotions: dict[str, float]
    primary_emotion: str
    keywords: list[str]
    representative_sentence: str
    reflection_question: str
    interpretation: str
    tier_a: float
    tier_m: float
    slip_flag: bool
    ethics_tags: list[str]
    model: str
    offline: bool
    prompt_name: str
    prompt_version: int
    policy_versions: dict[str, int] = field(default_factory=dict)
    tokens_in: int = 0
    tokens_out: int = 0
    latency_ms: int = 0
    safety_level: str = "none"
    filtered: bool = False


def ethics_tags_for(*, text: str, categories: tuple[str, ...], rules: dict[str, Any]) -> list[str]:
    """Tags from the crisis assessment plus the ethics policy's term lists
    (``rules["terms"] = {"violence": [...], "harassment": [...], "illegal": [...]}``)."""
    tags = set(categories)
    lowered = text.lower()
    for tag, terms in (rules.get("terms") or {}).items():
        if any(str(term).lower() in lowered for term in terms or ()):
            tags.add(str(tag))
    return sorted(tags)


def slip_flag_for(*, tier_a: float, tier_m: float, crisis: bool, rules: dict[str, Any]) -> bool:
    """True on a crisis, or when both tiers reach the slip policy's thresholds
    (``tier_a_threshold`` / ``tier_m_threshold``; diaries owns the policy's full meaning)."""
    if crisis:
        return True
    a_min = rules.get("tier_a_threshold")
    m_min = rules.get("tier_m_threshold")
    if a_min is None and m_min is None:
        return False
    return tier_a >= float(a_min if a_min is not None else 0) and tier_m >= float(
        m_min if m_min is not None else 0
    )


def _from_llm(parsed: JournalAnalysisOut) -> dict[str, Any]:
    emotions = {item.emotion: round(item.score, 3) for item in parsed.emotions}
    return {
        "summary": parsed.summary,
        "emotion_flow": [step.model_dump() for step in parsed.emotion_flow],
        "emotions": emotions or {"neutral": 1.0},
        "primary_emotion": parsed.primary_emotion,
        "keywords": list(parsed.keywords)[:10],
        "representative_sentence": parsed.representative_sentence,
        "reflection_question": parsed.reflection_question,
        "interpretation": parsed.interpretation,
        "tier_a": round(parsed.tier_a, 2),
        "tier_m": round(parsed.tier_m, 2),
    }


def journal_analyze(*, user: User, text: str, language: str, ref: str) -> JournalAnalysis:
    """Analyse one journal text for ``user`` (see the module docstring). ``ref`` is an opaque
    trace reference stored on the call log (e.g. ``"diary-entry:42:v3"``)."""
    from accounts.selectors import user_is_safety_paused
    from coaching import safety

    if user_is_safety_paused(user=user):
        raise AIPaused()
    text = (text or "").strip()
    language = language if language in ("ko", "en") else offline.detect_language(text)
    assessment = safety.assess(text, language=language)

    ethics = policy_get("ethics", user)
    slip = policy_get("slip", user)
    policy_versions = {
        name: policy.version
        for name, policy in (
            ("ethics", ethics),
            ("slip", slip),
            ("tone", policy_get("tone", user)),
            ("mode", policy_get("mode", user)),
        )
        if policy is not None
    }

    data: dict[str, Any] | None = None
    model = offline.OFFLINE_MODEL
    prompt_version = OFFLINE_PROMPT_VERSION
    tokens_in = tokens_out = latency_ms = 0
    if gateway.llm_configured() and text:
        try:
            choice = prompt_resolve(name=PROMPT_NAME, user=user)
            result = gateway.llm_call(
                template=choice.template,
                variables={"text": text, "language": language},
                user=user,
                purpose="journal_analysis",
                ref=ref,
                experiment=choice.experiment,
                arm=choice.arm,
                schema=JournalAnalysisOut,
            )
        except (ProviderError, AIBudgetExceeded, PromptNotFound) as exc:
            logger.info("coaching: journal analysis falls back offline (%s)", exc.code)
        else:
            assert isinstance(result.parsed, JournalAnalysisOut)
            data = _from_llm(result.parsed)
            model = result.model
            prompt_version = choice.template.version
            tokens_in, tokens_out, latency_ms = (
                result.tokens_in,
                result.tokens_out,
                result.latency_ms,
            )

    if data is None:
        started = time.monotonic()
        try:
            local = offline.analyze(text, language=language)
        except Exception as exc:  # the last resort failed: say so, never invent
            logger.exception("coaching: offline analyzer failed")
            raise AIUnavailable() from exc
        latency_ms = int((time.monotonic() - started) * 1000)
        tokens_in, tokens_out = local.tokens_in, local.tokens_out
        data = {
            "summary": local.summary,
            "emotion_flow": local.emotion_flow,
            "emotions": local.emotions,
            "primary_emotion": local.primary_emotion,
            "keywords": local.keywords,
            "representative_sentence": local.representative_sentence,
            "reflection_question": local.reflection_question,
            "interpretation": local.interpretation,
            "tier_a": local.tier_a,
            "tier_m": local.tier_m,
        }
        gateway.record_offline(
            prompt_name=PROMPT_NAME,
            user=user,
            purpose="journal_analysis",
            model=model,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            latency_ms=latency_ms,
            ref=ref,
        )

    filtered = False
    for key in ("summary", "interpretation", "reflection_question"):
        out = safety.filter_output(data[key], language=language)
        if out.changed:
            filtered = True
            data[key] = out.text

    ethics_tags = ethics_tags_for(
        text=text, categories=tuple(assessment.categories), rules=ethics.rules if ethics else {}
    )
    AnalysisSample.objects.create(
        language=language,
        tier_a=data["tier_a"],
        tier_m=data["tier_m"],
        crisis=assessment.is_crisis,
        categories=list(assessment.categories),
        tags=ethics_tags,
        policy_versions=policy_versions,
    )
    return JournalAnalysis(
        **data,
        slip_flag=slip_flag_for(
            tier_a=data["tier_a"],
            tier_m=data["tier_m"],
            crisis=assessment.is_crisis,
            rules=slip.rules if slip else {},
        ),
        ethics_tags=ethics_tags,
        model=model,
        offline=model.startswith("local-"),
        prompt_name=PROMPT_NAME,
        prompt_version=prompt_version,
        policy_versions=policy_versions,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        latency_ms=latency_ms,
        safety_level=assessment.level,
        filtered=filtered,
    )
