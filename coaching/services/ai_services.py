"""Running an AI service paid in credits (seed 004).

``service_run`` records the request and debits its credits in ONE transaction (a request that
cannot be paid leaves no row), keyed by the client's Idempotency-Key under a unique constraint
(so a retried request is answered with the result it already made, debited once). The reading
is produced after the commit; if the model fails the credits come back (once, by key) and the
result says so. Entertainment readings pause, and refund, while the user's risk is elevated.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import secrets
import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.exceptions import InsufficientBalance
from coaching import readings
from coaching.enums import ResultStatus
from coaching.exceptions import (
    AIBudgetExceeded,
    AIPaused,
    IdempotencyKeyReused,
    InsufficientCredits,
    PromptNotFound,
    ProviderError,
    ServiceInputInvalid,
    ServiceUnavailable,
)
from coaching.llm import gateway
from coaching.llm.schemas import ReadingOut
from coaching.models import AIService, ServiceResult
from coaching.services.prompts import experiment_record_rating, prompt_resolve

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)
KEY_MAX = 100


def idempotency_key_clean(key: str | None) -> str:
    key = (key or "").strip()
    if not key or len(key) > KEY_MAX or any(ord(c) < 32 for c in key):
        raise ServiceInputInvalid(
            _("Send an Idempotency-Key header (1 to 100 visible characters) with each request."),
            code="idempotency_key_required",
        )
    return key


def service_validate_inputs(*, service: AIService, inputs: dict[str, Any]) -> dict[str, Any]:
    """Check ``inputs`` against the service's form; returns the cleaned values."""
    if not isinstance(inputs, dict):
        raise ServiceInputInvalid(_("The input must be an object."))
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for spec in service.input_schema or []:
        name = spec["name"]
        raw = inputs.get(name)
        value = "" if raw is None else str(raw).strip()
        if "\x00" in value:
            errors[name] = [_("This contains characters that are not allowed.")]
            continue
        if not value:
            if spec.get("required"):
                errors[name] = [_("This field is required.")]
            continue
        kind = spec.get("type", "text")
        if kind == "date":
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                errors[name] = [_("Enter a date as YYYY-MM-DD.")]
                continue
            if not datetime.date(1900, 1, 1) <= day <= timezone.localdate():
                errors[name] = [_("Enter a date between 1900 and today.")]
                continue
            value = day.isoformat()
        elif kind == "choice":
            if value not in spec.get("choices", []):
                errors[name] = [_("Choose one of the options.")]
                continue
        else:
            limit = int(spec.get("max_length") or 500)
            if len(value) > limit:
                errors[name] = [
                    _("Keep this to %(n)s characters or fewer.") % {"n": limit},
                ]
                continue
        cleaned[name] = value
    if errors:
        raise ServiceInputInvalid(_("Please check the highlighted fields."), fields=errors)
    return cleaned


def _fingerprint(service: AIService, cleaned: dict[str, Any]) -> str:
    raw = json.dumps([service.service_type, cleaned], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def _existing(
    *, user: User, key: str, service: AIService, fingerprint: str
) -> ServiceResult | None:
    existing = ServiceResult.objects.filter(user=user, idempotency_key=key).first()
    if existing is not None and (
        existing.service_id != service.pk or existing.input_fingerprint != fingerprint
    ):
        raise IdempotencyKeyReused(
            _("This request key was already used for a different request."),
        )
    return existing


def result_open_paid(
    *,
    user: User,
    service: AIService,
    cleaned: dict[str, Any],
    idempotency_key: str,
    store_input: bool = True,
) -> tuple[ServiceResult, bool]:
    """Record the request and debit its credits in one transaction.

    Returns ``(result, created)``; ``created`` is False when the key was already used for this
    same request (nothing is debited again)."""
    from billing.services import credits_debit

    fingerprint = _fingerprint(service, cleaned)
    existing = _existing(user=user, key=idempotency_key, service=service, fingerprint=fingerprint)
    if existing is not None:
        return existing, False
    now = timezone.now()
    try:
        with transaction.atomic():
            result = ServiceResult.objects.create(
                user=user,
                service=service,
                idempotency_key=idempotency_key,
                input_fingerprint=fingerprint,
                input_data=cleaned if store_input else {},
                credits_charged=service.credit_cost,
                expires_at=now + datetime.timedelta(days=settings.COACHING_RESULT_RETENTION_DAYS),
            )
            if service.credit_cost > 0:
                credits_debit(
                    user=user,
                    amount=service.credit_cost,
                    reason=f"ai_service:{service.service_type}",
                    reference_type="coaching.serviceresult",
                    reference_id=str(result.pk),
                    idempotency_key=f"coaching:result:{result.pk}",
                )
    except InsufficientBalance as exc:
        raise InsufficientCredits(
            _("You need %(cost)s credits for this; you have %(balance)s.")
            % {"cost": service.credit_cost, "balance": exc.balance},
            fields={"credits": [str(exc.balance)]},
        ) from exc
    except IntegrityError:
        # the same key arrived twice at once: the other request owns it
        existing = _existing(
            user=user, key=idempotency_key, service=service, fingerprint=fingerprint
        )
        if existing is None:
            raise
        return existing, False
    return result, True


def result_refund(*, result: ServiceResult, status: str, error_code: str) -> ServiceResult:
    """Give the credits back (once) and mark the result failed or paused."""
    from billing.services import credits_refund

    with transaction.atomic():
        locked = ServiceResult.objects.select_for_update().get(pk=result.pk)
        if locked.status != ResultStatus.PENDING:
            return locked
        if locked.credits_charged > 0:
            credits_refund(
                user=locked.user,
                amount=locked.credits_charged,
                reason=f"ai_service_refund:{error_code}"[:120],
                reference_type="coaching.serviceresult",
                reference_id=str(locked.pk),
                idempotency_key=f"coaching:refund:{locked.pk}",
            )
        locked.status = status
        locked.error_code = error_code[:60]
        locked.credits_refunded = locked.credits_charged
        locked.completed_at = timezone.now()
        locked.save(update_fields=["status", "error_code", "credits_refunded", "completed_at"])
    return locked


def _reading_variables(service: AIService, cleaned: dict[str, Any], language: str) -> dict:
    """Variables for the service's prompt, grounded in what the offline calculation finds."""
    today = timezone.localdate()
    base = {"language": language, **cleaned}
    kind = service.service_type
    if kind == "saju":
        born = datetime.date.fromisoformat(cleaned["birth_date"])
        base["pillars"] = (
            f"year {readings._label(readings.year_pillar(born.year))}, "
            f"day {readings._label(readings.day_pillar(born))}"
        )
        base.setdefault("birth_hour", "unknown")
    elif kind == "tarot":
        cards = readings.tarot_cards(cleaned["question"], today)
        base["cards"] = ", ".join(readings.TAROT[c][1] for c in cards)
    elif kind == "name-analysis":
        base["elements"] = ", ".join(readings.name_elements(cleaned["name"]))
    elif kind == "tojeong":
        base["year"] = str(today.year)
        base["numbers"] = readings.tojeong(cleaned, "en", today)["summary"]
    elif kind == "face-reading":
        base["features"] = ", ".join(f"{k}: {v}" for k, v in cleaned.items())
    elif kind == "story":
        base.setdefault("genre", "healing")
    return base


def _filter_reading(data: dict[str, Any], language: str) -> tuple[dict[str, Any], bool]:
    from coaching.safety import filter_output

    changed = False

    def clean(text: str) -> str:
        nonlocal changed
        out = filter_output(str(text), language=language)
        changed = changed or out.changed
        return out.text

    return (
        {
            "title": clean(data.get("title", "")),
            "summary": clean(data.get("summary", "")),
            "sections": [
                {"heading": clean(s.get("heading", "")), "body": clean(s.get("body", ""))}
                for s in data.get("sections", [])
            ],
        },
        changed,
    )


def service_run(
    *,
    user: User,
    service: AIService,
    inputs: dict[str, Any],
    idempotency_key: str,
    language: str = "ko",
) -> ServiceResult:
    """Pay for and produce one reading (see the module docstring)."""
    from accounts.selectors import user_is_safety_paused
    from coaching.safety import assess

    if not service.is_active or service.service_type == "chat":
        raise ServiceUnavailable(_("This service cannot be run here."))
    key = idempotency_key_clean(idempotency_key)
    language = "en" if str(language).startswith("en") else "ko"
    cleaned = service_validate_inputs(service=service, inputs=inputs)
    fingerprint = _fingerprint(service, cleaned)
    existing = _existing(user=user, key=key, service=service, fingerprint=fingerprint)
    if existing is not None:
        return existing
    if service.is_entertainment and user_is_safety_paused(user=user):
        raise AIPaused()

    result, created = result_open_paid(
        user=user, service=service, cleaned=cleaned, idempotency_key=key
    )
    if not created:
        return result

    free_text = " ".join(str(v) for v in cleaned.values())
    assessment = assess(free_text, language=language)
    if assessment.level != "none":
        ServiceResult.objects.filter(pk=result.pk).update(safety_level=assessment.level)
    if service.is_entertainment and assessment.is_crisis:
        return result_refund(result=result, status=ResultStatus.PAUSED, error_code="safety_pause")

    started = time.monotonic()
    try:
        data, meta = _produce(user=user, service=service, cleaned=cleaned, language=language,
                              result=result)  # fmt: skip
    except (ProviderError, AIBudgetExceeded, PromptNotFound) as exc:
        return result_refund(result=result, status=ResultStatus.FAILED, error_code=exc.code)
    except Exception:
        logger.exception("coaching: service %s failed", service.service_type)
        return result_refund(result=result, status=ResultStatus.FAILED, error_code="internal")
    data, _changed = _filter_reading(data, language)
    with transaction.atomic():
        locked = ServiceResult.objects.select_for_update().get(pk=result.pk)
        if locked.status != ResultStatus.PENDING:
            return locked
        locked.result_data = {**data, "language": language}
        locked.status = ResultStatus.SUCCEEDED
        locked.model = meta["model"]
        locked.prompt = meta.get("prompt")
        locked.prompt_version = meta.get("prompt_version")
        locked.experiment = meta.get("experiment")
        locked.arm = meta.get("arm", "")
        locked.tokens_used = meta.get("tokens", 0)
        locked.processing_ms = int((time.monotonic() - started) * 1000)
        locked.completed_at = timezone.now()
        locked.save()
    return locked


def _produce(
    *,
    user: User,
    service: AIService,
    cleaned: dict[str, Any],
    language: str,
    result: ServiceResult,
) -> tuple[dict[str, Any], dict[str, Any]]:
    if gateway.llm_configured():
        choice = prompt_resolve(name=service.service_type, user=user)
        answer = gateway.llm_call(
            template=choice.template,
            variables=_reading_variables(service, cleaned, language),
            user=user,
            purpose=f"service:{service.service_type}",
            ref=f"coaching.serviceresult:{result.pk}",
            experiment=choice.experiment,
            arm=choice.arm,
            schema=ReadingOut,
        )
        assert isinstance(answer.parsed, ReadingOut)
        return answer.parsed.model_dump(), {
            "model": answer.model,
            "prompt": choice.template,
            "prompt_version": choice.template.version,
            "experiment": choice.experiment,
            "arm": choice.arm,
            "tokens": answer.tokens_in + answer.tokens_out,
        }
    started = time.monotonic()
    data = readings.offline_reading(
        service.service_type, cleaned, language=language, today=timezone.localdate()
    )
    gateway.record_offline(
        prompt_name=service.service_type,
        user=user,
        purpose=f"service:{service.service_type}",
        model=readings.OFFLINE_READING_MODEL,
        tokens_in=0,
        tokens_out=0,
        latency_ms=int((time.monotonic() - started) * 1000),
        ref=f"coaching.serviceresult:{result.pk}",
    )
    return data, {"model": readings.OFFLINE_READING_MODEL}


def result_share(*, result: ServiceResult) -> ServiceResult:
    """Give the result an unguessable public token (keeps an existing one)."""
    if result.status != ResultStatus.SUCCEEDED:
        raise ServiceUnavailable(_("Only a finished reading can be shared."))
    if not result.share_token:
        result.share_token = secrets.token_urlsafe(32)
        result.shared_at = timezone.now()
        result.save(update_fields=["share_token", "shared_at"])
    return result


def result_unshare(*, result: ServiceResult) -> ServiceResult:
    result.share_token = None
    result.shared_at = None
    result.save(update_fields=["share_token", "shared_at"])
    return result


def result_rate(*, result: ServiceResult, rating: int) -> ServiceResult:
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ServiceInputInvalid(_("Rate from 1 to 5."), fields={"rating": [_("1 to 5")]})
    first = result.rating is None
    result.rating = rating
    result.save(update_fields=["rating"])
    if first and result.experiment is not None and result.arm:
        experiment_record_rating(experiment=result.experiment, arm=result.arm, rating=rating)
    return result


def results_expire(*, now: datetime.datetime | None = None) -> int:
    """Beat job: delete results 12 months old (their share links stop working with them)."""
    deleted, _counts = ServiceResult.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
