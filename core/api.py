"""The plumbing every /api/v1/ view shares: JSON in and out, our error
shapes (core/api_errors.py), pages of results, and no shared caching of a
member's answers. Each app's api.py builds its views on `JsonApi`."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_errors import field_errors
from core.http import private_if_signed_in
from core.parsers import BoundedJSONParser

PAGE_SIZE_INVALID = "Enter a whole number from 1."
# Marks a filter whose empty value means "any" (as an empty field of a
# listing's filter form does); api.schema turns it into OpenAPI's
# allowEmptyValue.
EMPTY_MEANS_ANY = "x-empty-means-any"


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """Always answer JSON. DRF would read `?format=` as a renderer choice, but
    here it is a filter (the sessions list's format: workshop, webinar, ...)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class JsonApi(APIView):
    renderer_classes = [JSONRenderer]
    parser_classes = [BoundedJSONParser]
    content_negotiation_class = JSONOnlyNegotiation

    def handle_exception(self, exc):
        # Invalid query parameters read outside a serializer (page_size)
        # answer like every other invalid field.
        if isinstance(exc, serializers.ValidationError):
            return invalid(exc.detail)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Answers for a member (their bookings, their mentorships, a meeting
        # link) must not be kept by a shared cache.
        return private_if_signed_in(request, response)


def error_response(message, status: int) -> Response:
    return Response({"error": str(message)}, status=status)


def invalid(errors_dict) -> Response:
    """400 `{"errors": {field: [message, ...]}}`."""
    return Response({"errors": field_errors(errors_dict)}, status=400)


class ApiPagination(PageNumberPagination):
    """Pages of 20, `page_size` up to 100. A `page_size` that is not a
    whole number from 1 is a 400 (DRF would quietly use 20); past 100 it is
    100, as the document says."""

    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise serializers.ValidationError({"page_size": [PAGE_SIZE_INVALID]})
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


def filter_parameter(name: str, kind, **kwargs) -> OpenApiParameter:
    """A listing's query filter, which an empty value leaves out."""
    return OpenApiParameter(name, kind, extensions={EMPTY_MEANS_ANY: True}, **kwargs)
