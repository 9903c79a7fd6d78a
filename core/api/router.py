"""The API's one router. Each app registers its viewsets in ``<app>/api/urls.py``::

from core.api.router import api_router
api_router.register("habits", HabitViewSet, basename="habit")
urlpatterns = [...]  # optional: extra APIViews, also mounted under /api/v1/
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import include, path
from rest_framework.routers import DefaultRouter

# Every API path ends in "/" (DRF's default), which the OpenAPI schema states exactly.
api_router = DefaultRouter()


def api_urlpatterns() -> list:
    """Import each Haru app's ``api.urls`` (so it registers its routes) and mount everything."""
    extra = []
    for app in settings.HARU_APPS:
        module_name = f"{app}.api.urls"
        if find_spec(f"{app}.api") is None or find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        extra += getattr(module, "urlpatterns", [])
    return [*extra, path("", include(api_router.urls))]
