"""Endpoints that exist only in tests, to prove the shared API error shape end to end."""

from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ConflictError


class GreetingInput(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    age = serializers.IntegerField(min_value=0)


class GreetingView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        data = GreetingInput(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["name"] == "taken":
            raise ConflictError("That name is taken.", code="name_taken")
        return Response({"hello": data.validated_data["name"]})


class PrivateView(APIView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("greet/", GreetingView.as_view()),
    path("private/", PrivateView.as_view()),
]
