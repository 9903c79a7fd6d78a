"""One entry point for every provider call: ``llm_call``.

In order: the user's daily allowance (``ai_messages_per_day`` from billing entitlements, for
calls that count toward it), the platform's daily budget, the circuit breaker; then personal
details are masked in every variable and history message, the template is rendered, and the
provider is called with retries and exponential backoff on 429 / 5xx / timeouts. Every call,
whatever its outcome, writes one ``AICallLog`` row (tokens, latency, cost, status — never the
text) and updates the prompt version's usage statistics and its experiment's counters.
Output that does not fit its schema raises ``SchemaViolation``: a recorded failure, never
shown. Callers fall back to the offline analyzer on ``ProviderError`` / ``AIBudgetExceeded``.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel

from coaching.enums import Arm, CallStatus
from coaching.exceptions import (
    AIBudgetExceeded,
    AIQuotaExceeded,
    BreakerOpen,
    ProviderError,
    SchemaViolation,
)
from coaching.llm import breaker
from coaching.llm.client import Fatal, OpenAIChatClient, Retryable, SchemaBroken
from coaching.llm.pricing import cost_micro_usd
from coaching.llm.schemas import schema_for
from coaching.masking import mask, user_names
from coaching.models import AICallLog, PromptExperiment, PromptTemplate
from core.live_settings import live_setting

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LLMResult:
    parsed: BaseModel
    model: str
    tokens_in: int
    tokens_out: int
    latency_ms: int
    attempts: int
    call_id: int


def llm_configured() -> bool:
    return bool(settings.OPENAI_API_KEY)


def _client(timeout: float | None = None) -> OpenAIChatClient:
    return OpenAIChatClient(
        api_key=settings.OPENAI_API_KEY,
        base_url=settings.OPENAI_BASE_URL or None,
        timeout=float(settings.COACHING_LLM_TIMEOUT) if timeout is None else timeout,
    )


def _local_day_start(user: User) -> datetime:
    from accounts.selectors import user_zone

    zone = user_zone(user=user)
    now_local = timezone.now().astimezone(zone)
    return now_local.replace(hour=0, minute=0, second=0, microsecond=0)


def user_calls_today(*, user: User) -> int:
    """Calls counted toward ``ai_messages_per_day`` since the start of the user's local day."""
    return AICallLog.objects.filter(
        user=user,
        counts_toward_limit=True,
        status__in=(CallStatus.OK, CallStatus.OFFLINE),
        created_at__gte=_local_day_start(user),
    ).count()


def user_daily_allowance_left(*, user: User) -> int | None:
    from billing import entitlements

    allowed = entitlements.limit(user, "ai_messages_per_day")
    if allowed is None:
        return None
    return max(0, allowed - user_calls_today(user=user))


def spent_today_micro_usd() -> int:
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    total = AICallLog.objects.filter(created_at__gte=start).aggregate(total=Sum("cost_micro_usd"))
    return int(total["total"] or 0)


def check_daily_allowance(*, user: User | None) -> None:
    if user is None:
        return
    left = user_daily_allowance_left(user=user)
    if left is not None and left <= 0:
        raise AIQuotaExceeded(
            _("You have used today's AI messages. They refill tomorrow, or with a bigger plan."),
        )


def render(template: PromptTemplate, variables: dict[str, Any]) -> str:
    from coaching.services.prompts import prompt_render

    return prompt_render(template=template, variables=variables)


def _record(
    *,
    template: PromptTemplate | None,
    prompt_name: str,
    user: User | None,
    purpose: str,
    counts: bool,
    model: str,
    status: str,
    error_code: str = "",
    attempts: int = 1,
    tokens_in: int = 0,
    tokens_out: int = 0,
    latency_ms: int = 0,
    ref: str = "",
    experiment: PromptExperiment | None = None,
    arm: str = "",
) -> AICallLog:
    cost = cost_micro_usd(model, tokens_in, tokens_out) if status == CallStatus.OK else 0
    call = AICallLog.objects.create(
        prompt=template,
        prompt_name=prompt_name,
        prompt_version=template.version if template is not None else None,
        experiment=experiment,
        arm=arm,
        user=user if user is not None and user.pk else None,
        purpose=purpose[:40],
        counts_toward_limit=counts,
        model=model[:60],
        status=status,
        error_code=error_code[:60],
        attempts=attempts,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        latency_ms=latency_ms,
        cost_micro_usd=cost,
        ref=ref[:120],
    )
    failed = status not in (
        CallStatus.OK,
        CallStatus.OFFLINE,
        CallStatus.BREAKER_OPEN,
        CallStatus.QUOTA,
    )
    if template is not None and status != CallStatus.OFFLINE and status != CallStatus.QUOTA:
        PromptTemplate.objects.filter(pk=template.pk).update(
            usage_count=F("usage_count") + 1,
            failure_count=F("failure_count")
            + (1 if failed or status == CallStatus.BREAKER_OPEN else 0),
            tokens_total=F("tokens_total") + tokens_in + tokens_out,
            latency_total_ms=F("latency_total_ms") + latency_ms,
        )
    if experiment is not None and arm in (Arm.A, Arm.B):
        updates = {f"{arm}_count": F(f"{arm}_count") + 1}
        if failed:
            updates[f"{arm}_failures"] = F(f"{arm}_failures") + 1
        PromptExperiment.objects.filter(pk=experiment.pk).update(**updates)
    logger.info(
        "coaching.llm call prompt=%s v=%s status=%s model=%s tokens=%s/%s latency_ms=%s",
        prompt_name,
        template.version if template else None,
        status,
        model,
        tokens_in,
        tokens_out,
        latency_ms,
    )
    return call


def record_offline(
    *,
    prompt_name: str,
    user: User | None,
    purpose: str,
    model: str,
    tokens_in: int,
    tokens_out: int,
    latency_ms: int,
    ref: str = "",
    counts: bool = False,
) -> AICallLog:
    """Log an answer from the offline analyzer (no cost) so usage shows every AI answer."""
    return _record(
        template=None,
        prompt_name=prompt_name,
        user=user,
        purpose=purpose,
        counts=counts,
        model=model,
        status=CallStatus.OFFLINE,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        latency_ms=latency_ms,
        ref=ref,
    )


def _backoff(attempt: int, retry_after: float | None) -> float:
    base = float(settings.COACHING_LLM_BACKOFF_BASE)
    cap = float(settings.COACHING_LLM_BACKOFF_MAX)
    delay = base * (2**attempt) + random.uniform(0, base)  # noqa: S311 - jitter, not crypto
    if retry_after is not None:
        delay = max(delay, retry_after)
    return min(delay, cap)


def llm_call(
    *,
    template: PromptTemplate,
    variables: dict[str, Any],
    user: User | None,
    purpose: str,
    ref: str = "",
    experiment: PromptExperiment | None = None,
    arm: str = "",
    counts_toward_limit: bool = False,
    history: list[dict[str, str]] | None = None,
    schema: type[BaseModel] | None = None,
    timeout: float | None = None,
    max_retries: int | None = None,
) -> LLMResult:
    """Ask the provider; see the module docstring for the order of checks. ``timeout`` and
    ``max_retries`` override the settings for callers someone waits on (the safety second
    opinion during a diary save)."""
    common = {
        "template": template,
        "prompt_name": template.name,
        "user": user,
        "purpose": purpose,
        "counts": counts_toward_limit,
        "model": template.model,
        "ref": ref,
        "experiment": experiment,
        "arm": arm,
    }
    if not llm_configured():
        raise ProviderError(_("No AI provider is configured."), code="ai_not_configured")
    if counts_toward_limit:
        try:
            check_daily_allowance(user=user)
        except AIQuotaExceeded:
            _record(status=CallStatus.QUOTA, error_code="daily_limit", **common)
            raise
    # live setting: operators tune it in the console (constance); the deploy sets the default
    budget = int(float(live_setting("AI_DAILY_BUDGET_USD")) * 1_000_000)
    if budget > 0 and spent_today_micro_usd() >= budget:
        _record(status=CallStatus.QUOTA, error_code="daily_budget", **common)
        raise AIBudgetExceeded(_("Today's AI budget is spent; answering offline."))
    if not breaker.allow():
        _record(status=CallStatus.BREAKER_OPEN, error_code="breaker_open", **common)
        raise BreakerOpen(_("The AI provider is resting after repeated failures."))

    names = user_names(user) if user is not None else []
    masked = {
        key: mask(value, names=names).text if isinstance(value, str) else value
        for key, value in variables.items()
    }
    messages: list[dict[str, str]] = []
    if template.system_prompt:
        messages.append({"role": "system", "content": template.system_prompt})
    for item in history or []:
        messages.append({"role": item["role"], "content": mask(item["content"], names=names).text})
    messages.append({"role": "user", "content": render(template, masked)})

    schema = schema or schema_for(template.name)
    client = _client(timeout)
    retries = int(settings.COACHING_LLM_MAX_RETRIES) if max_retries is None else max_retries
    attempts_allowed = retries + 1
    started = time.monotonic()
    last_code = "provider_error"
    last_status: str = CallStatus.PROVIDER_ERROR
    attempt = 0
    for attempt in range(attempts_allowed):
        try:
            completion = client.parse(
                model=template.model,
                messages=messages,
                schema=schema,
                parameters=template.parameters or {},
            )
        except Retryable as exc:
            breaker.record_failure()
            last_code = exc.code
            last_status = {
                "timeout": CallStatus.TIMEOUT,
                "rate_limited": CallStatus.RATE_LIMITED,
            }.get(exc.code, CallStatus.PROVIDER_ERROR)
            if attempt + 1 < attempts_allowed and breaker.state() == "closed":
                time.sleep(_backoff(attempt, exc.retry_after))
                continue
            break
        except SchemaBroken as exc:
            breaker.record_success()  # the provider is up; the answer was wrong
            latency = int((time.monotonic() - started) * 1000)
            _record(
                status=CallStatus.SCHEMA_ERROR,
                error_code=exc.code,
                attempts=attempt + 1,
                latency_ms=latency,
                **common,
            )
            raise SchemaViolation(_("The AI answer did not have the expected shape.")) from exc
        except Fatal as exc:
            latency = int((time.monotonic() - started) * 1000)
            _record(
                status=CallStatus.PROVIDER_ERROR,
                error_code=exc.code,
                attempts=attempt + 1,
                latency_ms=latency,
                **common,
            )
            raise ProviderError(_("The AI provider refused the request.")) from exc
        else:
            breaker.record_success()
            latency = int((time.monotonic() - started) * 1000)
            call = _record(
                status=CallStatus.OK,
                attempts=attempt + 1,
                tokens_in=completion.tokens_in,
                tokens_out=completion.tokens_out,
                latency_ms=latency,
                **{**common, "model": completion.model},
            )
            return LLMResult(
                parsed=completion.parsed,
                model=completion.model,
                tokens_in=completion.tokens_in,
                tokens_out=completion.tokens_out,
                latency_ms=latency,
                attempts=attempt + 1,
                call_id=call.pk,
            )
    latency = int((time.monotonic() - started) * 1000)
    _record(
        status=last_status, error_code=last_code, attempts=attempt + 1, latency_ms=latency, **common
    )
    raise ProviderError(_("The AI provider did not answer."), code=f"ai_{last_code}")


def usage_window_start(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)
