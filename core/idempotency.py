"""Idempotency-Key for money-moving POSTs: a repeat returns the first result, never runs twice.

Every app uses the same three entry points (the model lives in ``core.models``):

* API views (DRF): decorate the action with ``@idempotent("billing.credit_pack.purchase")``
  and add ``IDEMPOTENCY_PARAMETER`` / ``IDEMPOTENCY_RESPONSES`` to its ``extend_schema``.
  The client sends an ``Idempotency-Key`` header (1-255 printable ASCII characters).
* Page views: ``return idempotent_page(request, scope="...", run=lambda: ...)`` where ``run``
  does the work and returns the redirect (or htmx redirect); the template puts
  ``{% load idempotency %}{% idempotency_field %}`` in the form, one key per rendered form.
* Anything else (a service, a task): ``idempotency_begin`` / ``idempotency_finish`` /
  ``idempotency_abandon``.

How it holds: the first request inserts a ``running`` record under the unique constraint
(user, key) in its own transaction before any work starts. A repeat with the same key and the
same request (scope + fingerprint of method, path and body) waits up to
``IDEMPOTENCY_WAIT_SECONDS`` for the first to finish, then answers its stored response (API)
or redirect (pages), or 409 ``idempotency_in_progress`` if it is still running. The same key
with another request answers 422 ``idempotency_key_reused``. Responses with status >= 500 and
unexpected exceptions drop the record (nothing was promised: the client may retry with the
same key); 2xx-4xx responses are kept until ``IDEMPOTENCY_TTL_HOURS`` (the ``core.purge_
idempotency_records`` beat job deletes expired rows). A ``running`` record older than
``IDEMPOTENCY_STALE_SECONDS`` (a killed process) may be taken over by a repeat.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exceptions import ConflictError, HaruError

if TYPE_CHECKING:
    from core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
FORM_FIELD = "idempotency_key"
REPLAY_HEADER = "Idempotent-Replayed"
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
IGNORED_FORM_FIELDS = frozenset({"csrfmiddlewaretoken", FORM_FIELD})
KEPT_HEADERS = ("Location", "HX-Redirect", "Content-Type")


class InvalidIdempotencyKey(HaruError):  # noqa: N818 - named for what the client did
    default_code = "invalid_idempotency_key"

    def __init__(self) -> None:
        super().__init__(
            str(_("The Idempotency-Key must be 1 to 255 printable ASCII characters.")),
            fields={"Idempotency-Key": [str(_("Send 1 to 255 printable ASCII characters."))]},
        )


class IdempotencyKeyReused(HaruError):  # noqa: N818
    status_code = 422
    default_code = "idempotency_key_reused"

    def __init__(self) -> None:
        super().__init__(
            str(
                _(
                    "This Idempotency-Key was already used for a different request. "
                    "Send a new key for a new request."
                )
            )
        )


class IdempotencyInProgress(ConflictError):  # noqa: N818
    default_code = "idempotency_in_progress"

    def __init__(self) -> None:
        super().__init__(
            str(
                _(
                    "The first request with this Idempotency-Key is still being processed. "
                    "Try again in a moment with the same key."
                )
            )
        )


@dataclass(frozen=True)
class StoredResponse:
    """What the first request answered: replay it."""

    status: int
    body: Any
    headers: dict[str, str]
    result_ref: str


# --- the record's life --------------------------------------------------------------------------


def idempotency_key_validate(key: str) -> str:
    if not KEY_PATTERN.match(key or ""):
        raise InvalidIdempotencyKey()
    return key


def request_fingerprint(*, method: str, path: str, body: Any) -> str:
    """SHA-256 of the request: method, path and the body in a canonical JSON form."""
    canonical = json.dumps(
        {"method": method.upper(), "path": path, "body": body},
        sort_keys=True,
        default=str,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _stored(record: IdempotencyRecord) -> StoredResponse:
    return StoredResponse(
        status=record.response_status or 200,
        body=record.response_body,
        headers=dict(record.response_headers or {}),
        result_ref=record.result_ref,
    )


def idempotency_begin(
    *, user: Any, key: str, scope: str, fingerprint: str
) -> IdempotencyRecord | StoredResponse:
    """Start a keyed request: the new ``running`` record (go on and do the work), or the first
    request's stored response (replay it). Raises ``IdempotencyKeyReused`` for the same key
    with another request and ``IdempotencyInProgress`` when the first is still running after
    ``IDEMPOTENCY_WAIT_SECONDS``. Must not run inside a transaction (the record has to be
    visible to a concurrent repeat at once)."""
    from core.models import IdempotencyRecord

    idempotency_key_validate(key)
    deadline = time.monotonic() + settings.IDEMPOTENCY_WAIT_SECONDS
    while True:
        now = timezone.now()
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(
                    user=user,
                    key=key,
                    scope=scope[:100],
                    fingerprint=fingerprint,
                    status=IdempotencyRecord.Status.RUNNING,
                    expires_at=now + timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS),
                )
        except IntegrityError:
            pass
        existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if existing is None:
            continue  # deleted in between (failed or expired): insert again
        if existing.expires_at <= now:
            IdempotencyRecord.objects.filter(pk=existing.pk, expires_at__lte=now).delete()
            continue
        if existing.scope != scope[:100] or existing.fingerprint != fingerprint:
            raise IdempotencyKeyReused()
        if existing.status == IdempotencyRecord.Status.DONE:
            return _stored(existing)
        stale = now - timedelta(seconds=settings.IDEMPOTENCY_STALE_SECONDS)
        if existing.started_at < stale:
            taken = IdempotencyRecord.objects.filter(
                pk=existing.pk, status=IdempotencyRecord.Status.RUNNING, started_at__lt=stale
            ).update(started_at=now)
            if taken:
                existing.started_at = now
                return existing
        if time.monotonic() >= deadline:
            raise IdempotencyInProgress()
        time.sleep(0.05)


def idempotency_finish(
    *,
    record: IdempotencyRecord,
    status: int,
    body: Any = None,
    headers: dict[str, str] | None = None,
    result_ref: str = "",
) -> StoredResponse:
    """Store the answer of a finished request (statuses >= 500 are not kept: abandon)."""
    if status >= 500:
        idempotency_abandon(record=record)
        return StoredResponse(status, body, headers or {}, result_ref)
    record.status = record.Status.DONE
    record.response_status = status
    record.response_body = body
    record.response_headers = headers or {}
    record.result_ref = result_ref[:200]
    record.completed_at = timezone.now()
    record.save(
        update_fields=[
            "status",
            "response_status",
            "response_body",
            "response_headers",
            "result_ref",
            "completed_at",
        ]
    )
    return _stored(record)


def idempotency_abandon(*, record: IdempotencyRecord) -> None:
    """The request failed before it promised anything: a retry with the key runs again."""
    type(record).objects.filter(pk=record.pk, status=record.Status.RUNNING).delete()


def idempotency_records_purge(*, now: Any = None) -> int:
    """Beat job: delete expired records. Returns how many."""
    from core.models import IdempotencyRecord

    deleted, _ = IdempotencyRecord.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def idempotency_records_erase(user: Any) -> None:
    """Anonymiser: a withdrawn user's stored keys and responses go (registered by billing)."""
    from core.models import IdempotencyRecord

    IdempotencyRecord.objects.filter(user=user).delete()


# --- API views (DRF) ----------------------------------------------------------------------------


def _api_body(request) -> Any:
    try:
        data = request.data
    except Exception:
        return hashlib.sha256(request.body).hexdigest()
    if hasattr(data, "lists"):  # QueryDict (form or multipart)
        return dict(data.lists())
    return data


def idempotent(scope: str) -> Callable:
    """Decorate a DRF view method: honour the ``Idempotency-Key`` header when it is sent.

    The first response (2xx-4xx, errors included, e.g. a declined card's 402) is stored and
    replayed with the header ``Idempotent-Replayed: true``.
    """

    def decorator(view_method: Callable) -> Callable:
        @wraps(view_method)
        def wrapper(self, request, *args, **kwargs):
            from rest_framework.response import Response

            key = request.headers.get(HEADER)
            if key is None:
                return view_method(self, request, *args, **kwargs)
            fingerprint = request_fingerprint(
                method=request.method, path=request.path, body=_api_body(request)
            )
            outcome = idempotency_begin(
                user=request.user, key=key, scope=scope, fingerprint=fingerprint
            )
            if isinstance(outcome, StoredResponse):
                response = Response(outcome.body, status=outcome.status)
                response[REPLAY_HEADER] = "true"
                return response
            try:
                try:
                    response = view_method(self, request, *args, **kwargs)
                except Exception as exc:
                    response = self.handle_exception(exc)  # re-raises what it cannot handle
            except BaseException:
                idempotency_abandon(record=outcome)
                raise
            idempotency_finish(
                record=outcome,
                status=response.status_code,
                body=getattr(response, "data", None),
            )
            return response

        return wrapper

    return decorator


def _schema_pieces() -> tuple[Any, dict]:
    from drf_spectacular.utils import OpenApiParameter

    from core.api.schema import ErrorSerializer

    parameter = OpenApiParameter(
        HEADER,
        str,
        location=OpenApiParameter.HEADER,
        required=False,
        description=(
            "A unique key per intended operation (e.g. a UUID), 1-255 printable ASCII. "
            "A repeat with the same key returns the first result without running again "
            "(header `Idempotent-Replayed: true`); the same key with a different request "
            "answers 422; a repeat while the first still runs answers 409. Kept 24 hours."
        ),
    )
    return parameter, {409: ErrorSerializer, 422: ErrorSerializer}


IDEMPOTENCY_PARAMETER, IDEMPOTENCY_RESPONSES = _schema_pieces()


# --- pages --------------------------------------------------------------------------------------


def _replay_page(stored: StoredResponse) -> HttpResponse:
    response = HttpResponse(status=stored.status)
    for name, value in stored.headers.items():
        response[name] = value
    response[REPLAY_HEADER] = "true"
    return response


def idempotent_page(
    request: HttpRequest,
    *,
    scope: str,
    run: Callable[[], HttpResponse],
    on_replay: Callable[[], None] | None = None,
) -> HttpResponse:
    """Run a page's money-moving POST once per form key (the hidden ``idempotency_key`` field,
    or an ``Idempotency-Key`` header from htmx or scripts).

    ``run`` returns the response; a redirect (or an htmx ``HX-Redirect``) is stored and a
    repeat gets the same redirect (``on_replay`` may add a message). Anything else (a form
    shown again with errors) is not kept, so the corrected form may be sent with its key.
    A key that is missing runs ``run`` as before; a repeat while the first still runs is
    answered by ``IdempotencyInProgress`` (a ``HaruError`` the view shows).
    """
    key = request.POST.get(FORM_FIELD) or request.headers.get(HEADER)
    if not key:
        return run()
    body = {k: v for k, v in request.POST.lists() if k not in IGNORED_FORM_FIELDS}
    fingerprint = request_fingerprint(method=request.method or "POST", path=request.path, body=body)
    outcome = idempotency_begin(user=request.user, key=key, scope=scope, fingerprint=fingerprint)
    if isinstance(outcome, StoredResponse):
        if on_replay is not None:
            on_replay()
        return _replay_page(outcome)
    try:
        response = run()
    except BaseException:
        idempotency_abandon(record=outcome)
        raise
    kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    if 300 <= response.status_code < 400 or "HX-Redirect" in kept:
        idempotency_finish(record=outcome, status=response.status_code, headers=kept)
    else:
        idempotency_abandon(record=outcome)
    return response


def idempotent_view(scope: str, *, fallback: str) -> Callable:
    """Decorate a page view whose POST moves money: ``idempotent_page`` around the view.

    A repeat gets the first redirect with a note that it was already done; a key still in use
    or reused for another form shows that message and goes to the ``fallback`` URL name.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from django.contrib import messages
            from django.shortcuts import redirect

            if request.method != "POST":
                return view(request, *args, **kwargs)
            try:
                return idempotent_page(
                    request,
                    scope=scope,
                    run=lambda: view(request, *args, **kwargs),
                    on_replay=lambda: messages.info(
                        request, _("That was already done; here is the result.")
                    ),
                )
            except (IdempotencyInProgress, IdempotencyKeyReused, InvalidIdempotencyKey) as error:
                messages.error(request, error.message)
                return redirect(fallback)

        return wrapper

    return decorator
