"""One defence at the door against input no view should ever see.

``RequestGuardMiddleware`` runs before sessions, CSRF and every view (pages, the API, allauth's
headless app API, webhooks) and refuses:

* a body larger than its endpoint class allows (``HARU_BODY_LIMITS``): 413;
* NUL characters (``\\x00``, ``%00``, JSON ``\\u0000``) in the path, the query string, a header,
  a form or JSON body: PostgreSQL cannot store them in text, so they only ever cause 500s: 400;
* lone UTF-16 surrogates in a JSON body (``"\\ud800"``: valid JSON, but not encodable as
  UTF-8, so every database write or encryption of it fails): 400 naming the field;
* JSON bodies that do not parse or nest deeper than ``HARU_JSON_MAX_DEPTH`` (a few thousand
  levels make ``json.loads`` or a serializer hit ``RecursionError``): 400.

Answers under ``/api/`` and ``/_allauth/`` are JSON in the API's error envelope
``{"code", "message", "fields"}``; pages get the 400/413 page.

It also turns the database's own refusal of a value (``DataError``: a number out of range, a
date PostgreSQL cannot store) that slipped past validation into a 400 instead of a 500, and
logs it so the missing validation gets fixed.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger("haru.guard")

JSON_PREFIXES = ("/api/", "/_allauth/")
DEFAULT_JSON_MAX_DEPTH = 32
_PCT_NUL = re.compile(rb"%00")
JSON_CONTENT = re.compile(r"^application/([a-z0-9.+-]+\+)?json\b", re.IGNORECASE)
FORM_CONTENT = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class BodyLimit:
    pattern: re.Pattern[str]
    max_bytes: int


def wants_json(request: HttpRequest) -> bool:
    """True for the API and allauth's headless API (their errors are always JSON), and for a
    client that sent or asked for JSON."""
    if request.path_info.startswith(JSON_PREFIXES):
        return True
    if JSON_CONTENT.match(request.META.get("CONTENT_TYPE", "")):
        return True
    accept = request.META.get("HTTP_ACCEPT", "")
    return accept.startswith("application/json")


def error_response(
    request: HttpRequest, *, status: int, code: str, message: str, fields: dict | None = None
) -> HttpResponse:
    """The API error envelope for JSON clients, the matching error page for browsers."""
    if wants_json(request):
        body = {"code": code, "message": str(message), "fields": fields or {}}
        return JsonResponse(body, status=status)
    template = f"{status}.html" if status in (400, 403, 404, 413, 500) else "400.html"
    if not hasattr(request, "user"):  # refused before authentication: render as a visitor
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    try:
        return render(request, template, {"message": message}, status=status)
    except Exception:  # the page itself failed: a short plain answer still says what happened
        return HttpResponse(str(message), status=status, content_type="text/plain")


DEFAULT_BODY_MAX = 1024 * 1024


def _limits() -> list[BodyLimit]:
    configured = getattr(settings, "HARU_BODY_LIMITS", ())
    return [BodyLimit(re.compile(pattern), int(size)) for pattern, size in configured]


def body_limit_for(path: str, content_type: str = "") -> int:
    """The largest body the endpoint at ``path`` accepts.

    The first ``HARU_BODY_LIMITS`` pattern matching the path wins (webhooks: small); otherwise
    file uploads (multipart) may send ``HARU_UPLOAD_BODY_MAX`` and everything else (API JSON,
    forms) ``HARU_BODY_MAX``.
    """
    for limit in _limits():
        if limit.pattern.search(path):
            return limit.max_bytes
    if content_type.lower().startswith("multipart/"):
        return int(getattr(settings, "HARU_UPLOAD_BODY_MAX", DEFAULT_BODY_MAX))
    return int(getattr(settings, "HARU_BODY_MAX", DEFAULT_BODY_MAX))


def json_depth_exceeded(value, *, max_depth: int) -> bool:
    """True when ``value`` nests lists/dicts deeper than ``max_depth`` (iterative, no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_bad_text(value) -> tuple[str, str] | None:
    """The first string (value or key) PostgreSQL and UTF-8 cannot store, as ``(what, field)``.

    ``what`` is ``"nul"`` (a NUL character) or ``"surrogate"`` (a lone UTF-16 surrogate such as
    JSON ``"\\ud800"``: valid JSON, but no UTF-8 encoder, psycopg or the encryption layer
    accepts it). ``field`` is the top-level key it sits under (``non_field_errors`` when the
    body is not an object, or the key itself is bad), so the answer names the field."""
    top = value.items() if isinstance(value, dict) else [("non_field_errors", value)]
    stack = []
    for key, item in top:
        stack.append((key, "non_field_errors"))
        stack.append((item, key))
    while stack:
        item, field = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "nul", field
            if _SURROGATE.search(item):
                return "surrogate", field
        elif isinstance(item, dict):
            stack.extend((key, field) for key in item)
            stack.extend((child, field) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, field) for child in item)
    return None


def json_has_nul(value) -> bool:
    found = json_bad_text(value)
    return found is not None and found[0] == "nul"


def _nul_message() -> str:
    return _("The request contains a NUL character, which is not allowed.")


def _surrogate_message() -> str:
    return _("The request contains text that is not valid Unicode (a lone surrogate).")


class RequestGuardMiddleware:
    """See the module docstring. Sits right after the request-id middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self._check(request)
        if refused is not None:
            return refused
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        # 1. where and how: path, query string, headers
        if "\x00" in request.path_info:
            return self._refuse(request, "path")
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query:
            return self._refuse(request, "query")
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
                return self._refuse(request, "header")

        # 2. how much: the declared length first, then what is actually read
        content_type = request.META.get("CONTENT_TYPE", "")
        limit = body_limit_for(request.path_info, content_type)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return self._too_large(request, limit)

        is_json = bool(JSON_CONTENT.match(content_type))
        is_form = content_type.lower().startswith(FORM_CONTENT)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if content_type.lower().startswith("multipart/form-data"):
            return self._check_multipart(request, limit)
        if not (is_json or is_form):
            return None
        try:
            body = request.body
        except RequestDataTooBig:
            return self._too_large(request, limit)
        if len(body) > limit:
            return self._too_large(request, limit)
        if not body:
            return None

        # 3. what: NUL anywhere, JSON that does not parse or nests too deep
        if b"\x00" in body:
            return self._refuse(request, "body")
        if is_form:
            if _PCT_NUL.search(body) or b"\x00" in unquote_to_bytes(body):
                return self._refuse(request, "body")
            return None
        return self._check_json(request, body)

    def _check_multipart(self, request: HttpRequest, limit: int) -> HttpResponse | None:
        """Form fields and file names of an upload (the files' bytes are the file's business)."""
        try:
            fields, files = request.POST, request.FILES
        except RequestDataTooBig:
            return self._too_large(request, limit)
        except Exception:  # a broken multipart body: the view's parser will answer 400
            return None
        texts = [value for key in fields for value in [key, *fields.getlist(key)]]
        texts += [upload.name or "" for key in files for upload in files.getlist(key)]
        if any("\x00" in text for text in texts):
            return self._refuse(request, "body")
        return None

    def _check_json(self, request: HttpRequest, body: bytes) -> HttpResponse | None:
        max_depth = getattr(settings, "HARU_JSON_MAX_DEPTH", DEFAULT_JSON_MAX_DEPTH)
        try:
            data = json.loads(body)
        except RecursionError:
            return self._too_deep(request, max_depth)
        except ValueError:
            logger.info("refused malformed JSON body on %s", request.path_info)
            return error_response(
                request,
                status=400,
                code="parse_error",
                message=_("The request body is not valid JSON."),
            )
        if json_depth_exceeded(data, max_depth=max_depth):
            return self._too_deep(request, max_depth)
        found = json_bad_text(data)
        if found is not None:
            what, field = found
            return self._refuse(request, "body", field=field, surrogate=what == "surrogate")
        return None

    def _refuse(
        self, request: HttpRequest, where: str, *, field: str = "", surrogate: bool = False
    ) -> HttpResponse:
        what = "a lone surrogate" if surrogate else "a NUL character"
        logger.warning("refused %s in the %s of %s", what, where, request.path_info[:200])
        if surrogate:
            code, message = "invalid_unicode", _surrogate_message()
        else:
            code, message = "nul_character", _nul_message()
        fields = {field[:100]: [message]} if field else None
        return error_response(request, status=400, code=code, message=message, fields=fields)

    def _too_deep(self, request: HttpRequest, max_depth: int) -> HttpResponse:
        logger.warning("refused JSON nested deeper than %d on %s", max_depth, request.path_info)
        return error_response(
            request,
            status=400,
            code="too_deep",
            message=_("The JSON body nests deeper than %(depth)d levels.") % {"depth": max_depth},
        )

    def _too_large(self, request: HttpRequest, limit: int) -> HttpResponse:
        logger.warning("refused a body over %d bytes on %s", limit, request.path_info)
        response = error_response(
            request,
            status=413,
            code="too_large",
            message=_("The request body is larger than %(size)s bytes allowed here.")
            % {"size": f"{limit:,}"},
        )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        """PostgreSQL refused a value that validation let through, or date arithmetic on an
        extreme date (year 1 / 9999 shifted by a time zone) overflowed: 400, and an ERROR log
        so the missing validation gets fixed."""
        if isinstance(exception, DataError | OverflowError):
            logger.error(
                "database refused a value on %s (add validation): %s",
                request.path_info,
                str(exception).splitlines()[0][:200],
            )
            return error_response(
                request,
                status=400,
                code="invalid",
                message=_("A value in the request is out of the range Haru can store."),
            )
        return None
