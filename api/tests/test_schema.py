"""The OpenAPI document and its docs page, as an API client meets them."""

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_describing_only_our_v1_api(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # against the OpenAPI 3 JSON Schema
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/bookings/"])
    assert "/api/v1/sessions/" in paths
    assert "/api/v1/bookings/{booking_id}/cancel/" in paths
    # Wagtail's APIs are not part of this contract.
    assert all(path.startswith("/api/v1/") for path in paths)
    booking_post = paths["/api/v1/bookings/"]["post"]["responses"]
    assert {"201", "400", "403", "404", "409"} <= set(booking_post)


MENTORSHIP_OPERATIONS = {
    "/api/v1/questionnaire/": {"get": "200", "put": "200"},
    "/api/v1/matches/": {"get": "200"},
    "/api/v1/mentorships/": {"get": "200", "post": "201"},
    "/api/v1/mentorships/{mentorship_id}/": {"get": "200", "put": "200"},
    **{
        f"/api/v1/mentorships/{{mentorship_id}}/{action}/": {"post": "200"}
        for action in (
            "accept",
            "decline",
            "withdraw",
            "pause",
            "resume",
            "complete",
            "cancel",
        )
    },
    "/api/v1/mentorships/{mentorship_id}/messages/": {"get": "200", "post": "201"},
    "/api/v1/mentorships/{mentorship_id}/one-to-ones/": {"get": "200", "post": "201"},
    **{
        f"/api/v1/one-to-ones/{{one_to_one_id}}/{action}/": {"post": "200"}
        for action in ("accept", "decline", "cancel", "complete", "checkout")
    },
}


def test_schema_describes_every_mentorship_operation_with_its_errors(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path, operations in MENTORSHIP_OPERATIONS.items():
        assert set(paths[path]) == set(operations), path
        for method, success in operations.items():
            operation = paths[path][method]
            responses = operation["responses"]
            # Sign-in everywhere; a mentorship or 1:1 not yours is a 404.
            assert {success, "403", "404"} <= set(responses), (path, method)
            assert "content" in responses[success], (path, method)
            if method in ("post", "put"):
                assert {"400", "409"} & set(responses), (path, method)
            if operation.get("requestBody"):
                assert "415" in responses, (path, method)
    checkout = paths["/api/v1/one-to-ones/{one_to_one_id}/checkout/"]["post"]
    answer = checkout["responses"]["200"]["content"]["application/json"]["schema"]
    component = answer["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][component]["required"] == ["checkout_url"]


def test_docs_page_serves_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    # No CDN: the page works where third-party hosts are unreachable.
    assert "cdn.jsdelivr.net" not in html
    assert "/api/v1/schema/" in html


FORUM_OPERATIONS = {
    "/api/v1/forum/categories/": {"get": "200"},
    "/api/v1/forum/threads/": {"get": "200", "post": "201"},
    "/api/v1/forum/threads/{thread_id}/": {"get": "200"},
    "/api/v1/forum/threads/{thread_id}/answers/": {"post": "201"},
    "/api/v1/forum/threads/{thread_id}/follow/": {"post": "200", "delete": "200"},
    "/api/v1/forum/posts/{post_id}/": {"put": "200", "delete": "204"},
    "/api/v1/forum/posts/{post_id}/replies/": {"post": "201"},
    "/api/v1/forum/posts/{post_id}/vote/": {"post": "200"},
    "/api/v1/forum/posts/{post_id}/accept/": {"post": "200", "delete": "200"},
}
FORUM_READS = {("get", path) for path in list(FORUM_OPERATIONS)[:3]}


def test_schema_describes_every_forum_operation_with_its_errors(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path, operations in FORUM_OPERATIONS.items():
        assert set(paths[path]) - {"parameters"} == set(operations), path
        for method, success in operations.items():
            operation = paths[path][method]
            responses = operation["responses"]
            assert {success, "400", "404"} <= set(responses), (path, method)
            if (method, path) in FORUM_READS:
                # Reading the forum needs no account.
                assert {} in operation["security"], path
                continue
            assert "403" in responses and "409" in responses, (path, method)
            assert {} not in operation["security"], (path, method)
            if success != "204":
                assert "content" in responses[success], (path, method)
            if operation.get("requestBody"):
                assert "415" in responses, (path, method)
    components = schema["components"]["schemas"]
    post = components["ForumPost"]["properties"]
    # Never HTML the site did not sanitise, and the source only as text.
    assert post["body_html"]["nullable"] and post["body"]["nullable"]
    vote = paths["/api/v1/forum/posts/{post_id}/vote/"]["post"]
    assert "429" in vote["responses"]


PROGRESS_OPERATIONS = {
    "/api/v1/assessments/": {"get": "200"},
    "/api/v1/assessments/{assessment_id}/": {"get": "200"},
    "/api/v1/assessments/{assessment_id}/start/": {"post": "200"},
    "/api/v1/assessments/attempts/{attempt_id}/": {
        "get": "200",
        "put": "200",
        "patch": "200",
    },
    "/api/v1/assessments/attempts/{attempt_id}/submit/": {"post": "200"},
    "/api/v1/progress/skills/": {"get": "200"},
    "/api/v1/progress/skills/{slug}/": {"get": "200"},
    "/api/v1/progress/skills/{slug}/ratings/": {"post": "201"},
    "/api/v1/progress/skills/{slug}/evidence/": {"get": "200", "post": "201"},
    "/api/v1/progress/evidence/{evidence_id}/": {"delete": "204"},
    "/api/v1/progress/goals/": {"get": "200", "post": "200"},
    "/api/v1/progress/goals/{goal_id}/": {"delete": "204"},
    "/api/v1/progress/feedback/": {"get": "200", "post": "201"},
    "/api/v1/progress/feedback/{feedback_id}/withdraw/": {"post": "200"},
    "/api/v1/progress/sharing/": {"get": "200", "put": "200"},
}


def test_schema_describes_every_progress_operation_with_its_errors(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path, operations in PROGRESS_OPERATIONS.items():
        assert set(paths[path]) - {"parameters"} == set(operations), path
        for method, success in operations.items():
            operation = paths[path][method]
            responses = operation["responses"]
            # Sign-in everywhere; something not yours is a 404.
            assert {success, "403", "404"} <= set(responses), (path, method)
            assert {} not in operation["security"], (path, method)
            if success != "204":
                assert "content" in responses[success], (path, method)
            if method in ("post", "put", "patch") and operation.get("requestBody"):
                assert {"400", "409", "415"} <= set(responses), (path, method)
    components = schema["components"]["schemas"]
    # An attempt's questions are prompts: the key is only in `results`.
    prompt = components["AssessmentPrompt"]["properties"]
    assert set(prompt) == {"id", "kind", "number", "prompt", "points", "choices"}
    assert set(components["AssessmentChoice"]["properties"]) == {"id", "text"}
    attempt = components["AssessmentAttempt"]["properties"]
    assert attempt["results"]["nullable"]
    assert "questions" not in components["AssessmentDetail"]["properties"]
