"""The only module that imports ``openai``.

One call = one ``chat.completions.parse`` with a Pydantic ``response_format`` (structured
output). The SDK's own retries are off: ``coaching.llm.gateway`` retries with backoff so every
attempt is counted and the circuit breaker sees each failure. Errors come back as the three
kinds the gateway handles: ``Retryable`` (429, 5xx, timeouts, refused connections),
``Fatal`` (4xx other than 429) and ``SchemaBroken`` (the answer does not fit the schema, was
cut off, or the model refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import openai
import pydantic
from pydantic import BaseModel


class ClientError(Exception):
    def __init__(self, code: str, *, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after


class Retryable(ClientError):  # noqa: N818
    pass


class Fatal(ClientError):  # noqa: N818
    pass


class SchemaBroken(ClientError):  # noqa: N818
    pass


@dataclass(frozen=True)
class Completion:
    parsed: BaseModel
    model: str
    tokens_in: int
    tokens_out: int


def _retry_after(response: httpx.Response | None) -> float | None:
    if response is None:
        return None
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class OpenAIChatClient:
    def __init__(self, *, api_key: str, base_url: str | None, timeout: float) -> None:
        self._client = openai.OpenAI(
            api_key=api_key,
            base_url=base_url or None,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            max_retries=0,
        )

    def parse(
        self,
        *,
        model: str,
        messages: list[dict[str, str]],
        schema: type[BaseModel],
        parameters: dict[str, Any],
    ) -> Completion:
        extra = {k: v for k, v in parameters.items() if k in ("temperature", "top_p", "seed")}
        max_tokens = parameters.get("max_tokens")
        if max_tokens is not None:
            extra["max_completion_tokens"] = int(max_tokens)
        try:
            completion = self._client.chat.completions.parse(
                model=model,
                messages=messages,  # type: ignore[arg-type]
                response_format=schema,
                **extra,
            )
        except openai.APITimeoutError as exc:
            raise Retryable("timeout") from exc
        except openai.APIConnectionError as exc:
            raise Retryable("connection_error") from exc
        except openai.RateLimitError as exc:
            raise Retryable("rate_limited", retry_after=_retry_after(exc.response)) from exc
        except openai.InternalServerError as exc:
            raise Retryable(f"http_{exc.status_code}") from exc
        except openai.APIStatusError as exc:
            if exc.status_code >= 500 or exc.status_code in (408, 409):
                raise Retryable(f"http_{exc.status_code}") from exc
            raise Fatal(f"http_{exc.status_code}") from exc
        except (openai.LengthFinishReasonError, openai.ContentFilterFinishReasonError) as exc:
            raise SchemaBroken("cut_off") from exc
        except (pydantic.ValidationError, ValueError) as exc:
            raise SchemaBroken("schema_violation") from exc
        choice = completion.choices[0] if completion.choices else None
        parsed = choice.message.parsed if choice is not None else None
        if parsed is None:
            raise SchemaBroken("refused" if choice and choice.message.refusal else "empty")
        usage = completion.usage
        return Completion(
            parsed=parsed,
            model=completion.model or model,
            tokens_in=int(usage.prompt_tokens) if usage else 0,
            tokens_out=int(usage.completion_tokens) if usage else 0,
        )
