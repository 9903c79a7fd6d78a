"""allauth's headless app API specification, served with its translated texts as strings.

allauth's own view ``json.dumps`` the spec, which fails (500) as soon as a form field carries a
lazy translation (our sign-up form's help texts do). This view renders those texts in the
request's language and answers the same document; config/urls.py mounts it in front of
allauth's URL.
"""

from __future__ import annotations

import json

from allauth.account.internal.decorators import login_not_required
from allauth.headless.spec.internal.schema import get_schema
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def app_openapi_json(request: HttpRequest) -> HttpResponse:
    content = json.dumps(get_schema(), cls=DjangoJSONEncoder)
    return HttpResponse(
        content,
        content_type="application/vnd.oai.openapi+json",
        headers={"Content-Disposition": "inline; filename=allauth-openapi.json"},
    )
