"""The project's URLs plus one trivial DRF endpoint measured as a baseline."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import handler400, handler403, handler404, handler500, urlpatterns


class PingView(APIView):
    """Authenticated, no database work beyond the session: the framework's own cost."""

    def get(self, request):
        return Response({"ok": True, "user": str(request.user.pk)})


urlpatterns = [*urlpatterns, path("bench/ping/", PingView.as_view(), name="bench-ping")]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
