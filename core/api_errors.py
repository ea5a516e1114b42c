"""What /api/v1/ answers when it does not answer the data, and how the
OpenAPI document describes it (every app's api.py shares these).

Two shapes, and the document names both wherever either can come:

- ours: `{"errors": {field: [message, ...]}}` (400, a field or filter is
  invalid) and `{"error": message}` (404 no such thing, 409 refused);
- DRF's and the site's: `{"detail": message}` for what is refused before a
  view reads the request (malformed JSON, control characters in the
  address, not signed in, no CSRF token, an unknown address or page).
"""

from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer
from rest_framework import serializers
from rest_framework.settings import api_settings


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField()

    class Meta:
        ref_name = "Error"


class FieldErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField())

    class Meta:
        ref_name = "FieldErrors"


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()

    class Meta:
        ref_name = "Detail"


def field_errors(errors_dict) -> dict:
    """{field: [message, ...]}, nested fields flattened to one key each:
    `target_skills[1].target_level`."""
    flat: dict[str, list[str]] = {}
    for field, messages in errors_dict.items():
        _flatten(str(field), messages, flat)
    return flat


def _flatten(key: str, value, flat: dict) -> None:
    if isinstance(value, dict):
        for name, inner in value.items():
            if name == api_settings.NON_FIELD_ERRORS_KEY:
                inner_key = key  # about the field itself (a list that is not one)
            elif isinstance(name, int):
                inner_key = f"{key}[{name}]"
            else:
                inner_key = f"{key}.{name}"
            _flatten(inner_key, inner, flat)
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for index, inner in enumerate(value):
            if inner:  # rows without errors come back empty
                _flatten(f"{key}[{index}]", inner, flat)
    elif isinstance(value, list):
        flat[key] = [str(message) for message in value]
    else:
        flat[key] = [str(value)]


def _either(name: str, ours: type, description: str) -> OpenApiResponse:
    return OpenApiResponse(
        response=PolymorphicProxySerializer(
            component_name=name,
            serializers=[ours, DetailSerializer],
            resource_type_field_name=None,
        ),
        description=description,
    )


BAD_REQUEST = _either(
    "BadRequest",
    FieldErrorsSerializer,
    "`errors`: a field or filter is invalid. `detail`: the request could not "
    "be read (malformed JSON, control characters in the address).",
)
NOT_FOUND = _either(
    "NotFound", ErrorSerializer, "No such thing here, or no such page of results."
)
FORBIDDEN = OpenApiResponse(
    response=DetailSerializer, description="Not signed in, or no CSRF token."
)
UNSUPPORTED_MEDIA_TYPE = OpenApiResponse(
    response=DetailSerializer, description="The body is not JSON."
)
CONFLICT = OpenApiResponse(
    response=ErrorSerializer,
    description="A rule refused the action (the reason is in `error`); "
    "nothing was changed.",
)
TOO_MANY_REQUESTS = OpenApiResponse(
    response=ErrorSerializer,
    description="Too many in a short time (the limit is in `error`): wait and "
    "try again; nothing was changed.",
)
