"""Coaching's domain errors: what a caller (diaries, pages, the API) can handle."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.exceptions import ConflictError, HaruError, NotFoundError, PermissionDeniedError


class CoachingError(HaruError):
    default_code = "coaching_error"


class AIPaused(PermissionDeniedError):  # noqa: N818 - names the contract uses
    """The user is under a safety pause: no AI feature answers until it ends."""

    default_code = "ai_paused"

    def __init__(self, message: str | None = None, **kwargs) -> None:
        super().__init__(
            message
            or str(_("AI features are resting for a while. Haru is here if you need support.")),
            **kwargs,
        )


class AIUnavailable(CoachingError):  # noqa: N818 - names the contract uses
    """Neither the provider nor the offline analyzer could answer."""

    status_code = 503
    default_code = "ai_unavailable"

    def __init__(self, message: str | None = None, **kwargs) -> None:
        super().__init__(
            message or str(_("The AI could not answer just now. Please try again later.")),
            **kwargs,
        )


class AIQuotaExceeded(CoachingError):  # noqa: N818 - names the contract uses
    """The user's daily AI allowance (``ai_messages_per_day``) is used up."""

    status_code = 429
    default_code = "ai_quota_exceeded"


class AIBudgetExceeded(CoachingError):  # noqa: N818 - names the contract uses
    """The platform's daily AI budget is spent; callers fall back to the offline analyzer."""

    status_code = 503
    default_code = "ai_budget_exceeded"


class ProviderError(CoachingError):
    """The provider failed (after retries): timeout, 429/5xx, refused connection."""

    status_code = 503
    default_code = "ai_provider_error"


class SchemaViolation(ProviderError):  # noqa: N818 - names the contract uses
    """The provider answered, but not in the declared schema: a recorded failure, never shown."""

    default_code = "ai_schema_violation"


class BreakerOpen(ProviderError):  # noqa: N818 - names the contract uses
    """The circuit breaker is open: the provider failed repeatedly and is being rested."""

    default_code = "ai_breaker_open"


class PromptNotFound(NotFoundError):  # noqa: N818 - names the contract uses
    default_code = "prompt_not_found"


class PromptLocked(ConflictError):  # noqa: N818 - names the contract uses
    """A prompt version that has been used cannot change; create a new version."""

    default_code = "prompt_locked"


class PromptVariablesInvalid(CoachingError):  # noqa: N818 - names the contract uses
    default_code = "prompt_variables_invalid"


class ExperimentInvalid(ConflictError):  # noqa: N818 - names the contract uses
    default_code = "experiment_invalid"


class PolicyInvalid(CoachingError):  # noqa: N818 - names the contract uses
    default_code = "policy_invalid"


class ServiceInputInvalid(CoachingError):  # noqa: N818 - names the contract uses
    default_code = "service_input_invalid"


class ServiceUnavailable(ConflictError):  # noqa: N818 - names the contract uses
    default_code = "service_unavailable"


class InsufficientCredits(ConflictError):  # noqa: N818 - names the contract uses
    default_code = "insufficient_credits"


class IdempotencyKeyReused(ConflictError):  # noqa: N818 - names the contract uses
    default_code = "idempotency_key_reused"


class ResultNotFound(NotFoundError):  # noqa: N818 - names the contract uses
    default_code = "result_not_found"


class FlagInvalid(CoachingError):  # noqa: N818 - names the contract uses
    default_code = "flag_invalid"


class OutputNotFound(NotFoundError):  # noqa: N818 - names the contract uses
    default_code = "output_not_found"
