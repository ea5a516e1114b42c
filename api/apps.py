from django.apps import AppConfig


class ApiConfig(AppConfig):
    """/api/v1/ (our REST API and its OpenAPI schema) and /api/v2/ (Wagtail's
    pages API). Each app keeps its serializers and views in its own api.py."""

    name = "api"
    verbose_name = "API"
