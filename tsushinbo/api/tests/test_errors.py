"""One error shape with the right status; CORS on reads; the OpenAPI document and docs page."""

from __future__ import annotations

from tsushinbo.api.tests.base import ApiTestCase, api_client


class ErrorShapeTestCase(ApiTestCase):
    def _error(self, response: object, status: int, code: str) -> None:
        self.assertEqual(response.status_code, status, response.content)  # type: ignore[attr-defined]
        body = response.json()  # type: ignore[attr-defined]
        self.assertEqual(set(body), {"error"})
        self.assertEqual(set(body["error"]), {"code", "message"})
        self.assertEqual(body["error"]["code"], code)

    def test_it_answers_404_for_an_unknown_url_and_object(self) -> None:
        self._error(api_client().get("/api/v1/no-such-thing"), 404, "not_found")
        self._error(api_client().get("/api/v1/pledges/424242"), 404, "not_found")
        self._error(api_client().get("/api/v1/parties/no-such-party"), 404, "not_found")

    def test_it_answers_405_with_allow(self) -> None:
        response = api_client().delete("/api/v1/politicians")
        self._error(response, 405, "method_not_allowed")
        self.assertIn("GET", response["Allow"])

    def test_it_answers_422_for_bad_parameters(self) -> None:
        self._error(api_client().get("/api/v1/politicians?page=abc"), 422, "invalid")
        self._error(api_client().get("/api/v1/pledges/abc"), 422, "invalid")
        self._error(api_client().get("/api/v1/pledges?overdue=maybe"), 422, "invalid")

    def test_it_answers_400_for_a_body_that_is_not_json(self) -> None:
        response = api_client().post(
            f"/api/v1/pledges/{self.election.pk}/votes",
            "{not json",
            content_type="application/json",
        )
        self.assertIn(response.status_code, (400, 404, 422))
        self.assertIn("error", response.json())

    def test_it_opens_reads_to_every_origin(self) -> None:
        response = api_client().get("/api/v1/stats", HTTP_ORIGIN="https://example.org")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        preflight = api_client().options(
            "/api/v1/pledges",
            HTTP_ORIGIN="https://example.org",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        )
        self.assertEqual(preflight.status_code, 204)
        self.assertIn("GET", preflight["Access-Control-Allow-Methods"])

    def test_it_does_not_open_writes_to_other_origins(self) -> None:
        response = api_client().post(
            "/api/v1/pledges/1/votes", "{}", content_type="application/json"
        )
        self.assertNotIn("Access-Control-Allow-Origin", response)

    def test_it_answers_head(self) -> None:
        response = api_client().head("/api/v1/stats")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"")

    def test_it_leaves_pages_alone(self) -> None:
        response = api_client().get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(response["Content-Type"].startswith("text/html"))


class DocumentTestCase(ApiTestCase):
    def test_it_publishes_the_openapi_document(self) -> None:
        document = self.get_json("/api/v1/openapi.json")
        self.assertTrue(document["openapi"].startswith("3."))
        paths = document["paths"]
        for path in (
            "/api/v1/politicians",
            "/api/v1/politicians/{politician_id}",
            "/api/v1/parties",
            "/api/v1/memberships",
            "/api/v1/pledges",
            "/api/v1/pledges/{pledge_id}",
            "/api/v1/pledges/{pledge_id}/progress",
            "/api/v1/pledges/{pledge_id}/votes",
            "/api/v1/pledges/{pledge_id}/comments",
            "/api/v1/activities",
            "/api/v1/activities/{activity_id}/comments",
            "/api/v1/elections",
            "/api/v1/candidacies",
            "/api/v1/surveys/{survey_id}",
            "/api/v1/surveys/{survey_id}/answers",
            "/api/v1/stats",
            "/api/v1/rankings/{kind}",
            "/api/v1/search",
        ):
            self.assertIn(path, paths)
        self.assertIn("post", paths["/api/v1/pledges/{pledge_id}/comments"])
        self.assertIn("get", paths["/api/v1/pledges/{pledge_id}/comments"])

    def test_it_serves_the_docs_from_our_static_files(self) -> None:
        response = api_client().get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "/static/vendor/swagger-ui/swagger-ui-bundle.js")
        self.assertContains(response, "/static/js/api-docs.js")
        self.assertNotContains(response, "cdn")
        self.assertNotContains(response, "<script>")
        policy = response.get("Content-Security-Policy")
        if policy is not None:  # swagger-ui's icons are data: SVGs; allowed on this page only
            self.assertIn("data:", policy)
            self.assertNotIn("data:", api_client().get("/").get("Content-Security-Policy", ""))
