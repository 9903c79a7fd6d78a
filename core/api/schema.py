"""OpenAPI pieces shared by every app: the error body every endpoint may answer with."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(help_text="Stable machine-readable code, e.g. `invalid`."),
        "message": serializers.CharField(
            help_text="A sentence for people, in the request's language."
        ),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Per-field messages for validation errors; empty otherwise.",
        ),
    },
)
