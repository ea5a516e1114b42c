"""drf-spectacular hooks."""

from core.api import EMPTY_MEANS_ANY

V1_PREFIX = "/api/v1/"


def only_v1_endpoints(endpoints, **kwargs):
    """Document /api/v1/ alone. Wagtail's pages API and its admin's internal
    API are DRF views too, but not ours to describe (and their schema
    warnings would fail `check --deploy`)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(V1_PREFIX)]


# What core.request_guard lets through in a query value: no C0 control
# character but tab and line breaks, no DEL.
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$"


def describe_query_rules(result, generator, request, public):
    """What drf-spectacular cannot say of our query parameters itself:

    - a filter marked EMPTY_MEANS_ANY takes an empty value (an empty field of
      the search form sends `?date_to=`): OpenAPI's `allowEmptyValue`;
    - free text may not hold control characters (refused with a 400 before
      any view runs): a `pattern`.
    """
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                if parameter.pop(EMPTY_MEANS_ANY, False):
                    parameter["allowEmptyValue"] = True
                schema = parameter.get("schema", {})
                if schema.get("type") == "string" and not (
                    {"enum", "format", "pattern"} & set(schema)
                ):
                    schema["pattern"] = NO_CONTROL_CHARACTERS
    return result
