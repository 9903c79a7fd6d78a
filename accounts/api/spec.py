"""allauth's headless app API specification, served with its translated texts as strings.

allauth's own view ``json.dumps`` the spec, which fails (500) as soon as a form field carries a
lazy translation (our sign-up form's help texts do). This view renders those texts in the
request's language and answers the same document; config/urls.py mounts it in front of
allauth's URL.

Haru does not offer phone numbers as a sign-in identity (the profile's contact phone is ours),
so allauth's phone endpoints, which would need an SMS provider and answer 500 without one, are
answered 404 and left out of the specification.
"""

from __future__ import annotations

import json

from allauth.account.internal.decorators import login_not_required
from allauth.headless.spec.internal.schema import get_schema
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from core.api.schema import ERROR_COMPONENT

NOT_OFFERED = ("/account/phone", "/auth/phone")


def app_schema() -> dict:
    """allauth's spec, less what Haru does not offer, plus what Haru's request guard answers
    on every operation: 400 (NUL bytes, malformed or too deep JSON) in Haru's error envelope
    beside allauth's own input errors, and 413 for bodies over the limit."""
    spec = get_schema()
    spec["paths"] = {
        path: item
        for path, item in spec.get("paths", {}).items()
        if not any(part in path for part in NOT_OFFERED)
    }
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["HaruError"] = ERROR_COMPONENT
    haru_error = {"$ref": "#/components/schemas/HaruError"}
    allauth_error = {"$ref": "#/components/schemas/ErrorResponse"}
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation:
                responses.setdefault("413", _json_response("Request body too large.", haru_error))
            bad = responses.get("400")
            if bad is None or "$ref" in bad:
                responses["400"] = _json_response(
                    "An input error occurred.", {"anyOf": [allauth_error, haru_error]}
                )
            else:
                content = bad.setdefault("content", {}).setdefault("application/json", {})
                content["schema"] = {"anyOf": [content.get("schema", allauth_error), haru_error]}
    return spec


def _json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


@csrf_exempt
@login_not_required
def not_offered(request: HttpRequest, **kwargs) -> HttpResponse:
    return JsonResponse(
        {"code": "not_found", "message": str(_("Not found.")), "fields": {}}, status=404
    )


@login_not_required
@require_GET
def app_openapi_json(request: HttpRequest) -> HttpResponse:
    content = json.dumps(app_schema(), cls=DjangoJSONEncoder)
    return HttpResponse(
        content,
        content_type="application/vnd.oai.openapi+json",
        headers={"Content-Disposition": "inline; filename=allauth-openapi.json"},
    )
