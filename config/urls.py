from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularJSONAPIView,
    SpectacularSwaggerSplitView,
)

from accounts.api.spec import app_openapi_json, not_offered
from core import health, views
from core.api.router import api_urlpatterns

admin.site.site_header = _("Haru operator console")
admin.site.site_title = _("Haru operator console")
admin.site.index_title = _("Operations overview")

urlpatterns = [
    path("", views.landing, name="landing"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include(api_urlpatterns())),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/schema.json", SpectacularJSONAPIView.as_view(), name="schema-json"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # accounts: allauth's pages (sign-in, sign-up, MFA, sessions) share /accounts/ with the
    # accounts app's own pages (mounted below); the mobile app API lives at /_allauth/app/v1/.
    path("accounts/", include("allauth.urls")),
    path("_allauth/openapi.json", app_openapi_json, name="allauth-openapi-json"),
    re_path(r"^_allauth/(?P<client>app|browser)/v1/(account|auth)/phone", not_offered),
    path("_allauth/", include("allauth.headless.urls")),
    # the support desk (ops_admin) for members and guests; the rest of ops_admin is /admin/
    path("support/", include("ops_admin.support_urls")),
]

# Each domain app mounts its pages at /<app>/ once it has a urls module.
for app in settings.HARU_APPS:
    if app != "core" and find_spec(app) and find_spec(f"{app}.urls"):
        urlpatterns.append(path(f"{app.replace('_', '-')}/", include(f"{app}.urls")))

# No /media/ route, not even in DEBUG: uploads and data exports are private and are served
# only by views that check the owner (accounts:file, accounts:export_download).

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
