from __future__ import annotations

from unittest.mock import MagicMock, patch

from django.db import OperationalError

from tsushinbo.testing import BaseTestCase


class HealthzTestCase(BaseTestCase):
    def test_it_reports_ok(self) -> None:
        with self.assertNumQueries(1):
            r = self.client.get("/healthz")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/json")
        self.assertEqual(r.json(), {"status": "ok", "database": "ok"})

    def test_it_is_never_cached(self) -> None:
        r = self.client.get("/healthz")
        self.assertIn("no-store", r["Cache-Control"])

    def test_it_answers_head(self) -> None:
        r = self.client.head("/healthz")
        self.assertEqual(r.status_code, 200)

    def test_it_reports_a_broken_database(self) -> None:
        broken = MagicMock()
        broken.cursor.side_effect = OperationalError("unable to open database file")
        with (
            patch("tsushinbo.pages.views.connection", broken),
            self.assertLogs("tsushinbo.pages.views", "ERROR"),
        ):
            r = self.client.get("/healthz")
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r.json(), {"status": "error", "database": "error"})
        self.assertIn("no-store", r["Cache-Control"])
        self.assertNotContains(r, "unable to open", status_code=503)
