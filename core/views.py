from django.http import HttpResponseServerError
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def landing(request):
    return render(request, "core/landing.html")


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the page itself failed (e.g. the database is down): plain text
        return HttpResponseServerError("500 · Haru: something went wrong. Please try again soon.")
