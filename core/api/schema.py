"""OpenAPI pieces shared by every app: the error body every endpoint may answer with."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


class SingleObjectSchema(AutoSchema):
    """For a ViewSet whose ``list`` action answers one object (e.g. "my subscription")."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


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


ERROR_COMPONENT = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "Stable machine-readable code, e.g. `invalid`."},
        "message": {"type": "string", "description": "A sentence for people."},
        "fields": {
            "type": "object",
            "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "object"}]},
            "description": (
                "Per-field messages for validation errors, `{field: [messages]}`; nested "
                "objects and list items nest the same way (`{items: {0: {value: [...]}}}`). "
                "Empty otherwise."
            ),
        },
    },
    "required": ["code", "message", "fields"],
}
# What any endpoint may answer whatever its view declares: the request guard (400 for NUL
# bytes, deep or malformed JSON anywhere; 413 for bodies), authentication, permissions, an
# object that is not the caller's, and throttling.
COMMON_ERRORS = {
    "400": "The request is malformed or a value is invalid.",
    "401": "Not signed in.",
    "403": "Signed in, but not allowed.",
    "404": "No such object for this user.",
    "429": "Too many requests; slow down.",
}
BODY_ERRORS = {"413": "The request body is larger than this endpoint accepts."}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: document the error envelope for every status the
    platform itself may answer, on every operation, so clients (and the fuzzer) can rely on
    the schema. Responses a view declares itself are left as they are."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_COMPONENT
    _times_as_patterns(result)
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(COMMON_ERRORS)
            if "requestBody" in operation:
                errors.update(BODY_ERRORS)
            for status_code, description in errors.items():
                responses.setdefault(
                    status_code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result


TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def _times_as_patterns(node) -> None:
    """``format: time`` means RFC 3339 full-time (with an offset) to JSON Schema validators and
    clients, but a wall-clock time ("08:00:00", a reminder or quiet hour) has none: say so."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "string" and item.get("format") == "time":
                del item["format"]
                item["pattern"] = TIME_PATTERN
                item.setdefault("description", "Local wall-clock time, HH:MM[:SS].")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
