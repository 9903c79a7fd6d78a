from core.api.router import api_router

from . import views

api_router.register("diary-entries", views.EntryViewSet, basename="diary-entry")
api_router.register("diary-reports", views.ReportViewSet, basename="diary-report")

urlpatterns: list = []
