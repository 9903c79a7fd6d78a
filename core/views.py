from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.guard import wants_json


@require_GET
def landing(request):
    return render(request, "core/landing.html")


def _json_error(status: int, code: str, message: str) -> JsonResponse:
    """Every answer under /api/ and /_allauth/ is JSON, Django's own errors included."""
    return JsonResponse({"code": code, "message": str(message), "fields": {}}, status=status)


def error_400(request, exception=None):
    if wants_json(request):
        return _json_error(400, "bad_request", _("The request could not be understood."))
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    if wants_json(request):
        return _json_error(403, "permission_denied", _("You may not do this."))
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if wants_json(request):
        return _json_error(404, "not_found", _("Not found."))
    return render(request, "404.html", status=404)


def error_500(request):
    if wants_json(request):
        return _json_error(500, "server_error", _("Something went wrong on our side."))
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the page itself failed (e.g. the database is down): plain text
        return HttpResponseServerError("500 · Haru: something went wrong. Please try again soon.")


def csrf_failure(request, reason: str = ""):
    """CSRF refusals speak JSON under /api/ and /_allauth/, like every other error there."""
    if wants_json(request):
        return _json_error(403, "csrf_failed", _("The request was refused (CSRF check)."))
    from django.views.csrf import csrf_failure as django_csrf_failure

    return django_csrf_failure(request, reason=reason)
