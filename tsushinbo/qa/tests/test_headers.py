"""Security headers on every kind of response: CSP, nosniff, referrer, framing, HSTS."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from tsushinbo.testing import BaseTestCase, make_pledge

STRICT_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def parse_csp(header: str) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in directives}


class SecurityHeaderTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge()

    def paths(self) -> list[str]:
        return ["/", "/politicians/", f"/pledges/{self.pledge.pk}/", "/accounts/login/", "/nope/"]

    def test_it_sends_a_strict_content_security_policy(self) -> None:
        for path in self.paths():
            with self.subTest(path=path):
                csp = parse_csp(self.client.get(path).headers["Content-Security-Policy"])
                for name, value in STRICT_DIRECTIVES.items():
                    self.assertEqual(csp[name], value, name)
                # No inline code or eval anywhere in the policy.
                for value in csp.values():
                    self.assertNotIn("unsafe-inline", value)
                    self.assertNotIn("unsafe-eval", value)

    def test_it_sends_the_other_security_headers(self) -> None:
        for path in self.paths():
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
                self.assertEqual(
                    response.headers["Referrer-Policy"], "strict-origin-when-cross-origin"
                )
                self.assertEqual(response.headers["X-Frame-Options"], "DENY")
                self.assertEqual(response.headers["Cross-Origin-Opener-Policy"], "same-origin")
                self.assertNotIn("Strict-Transport-Security", response.headers)

    def test_it_sends_the_policy_on_api_like_json_and_static_responses(self) -> None:
        response = self.client.get("/integrity/challenge/")
        self.assertIn("frame-ancestors 'none'", response.headers["Content-Security-Policy"])

    @override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
    def test_it_sends_hsts_only_over_https(self) -> None:
        secure = self.client.get("/", secure=True)
        self.assertEqual(
            secure.headers["Strict-Transport-Security"], "max-age=31536000; includeSubDomains"
        )
        self.assertNotIn("Strict-Transport-Security", self.client.get("/").headers)

    def test_it_allows_the_500_page_style_by_its_exact_hash(self) -> None:
        template = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text()
        match = re.search(r"<style>(.*?)</style>", template, re.S)
        assert match is not None
        digest = base64.b64encode(hashlib.sha256(match.group(1).encode()).digest()).decode()
        style_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
        self.assertIn(f"'sha256-{digest}'", style_src)
        self.assertEqual(template.count("<style"), 1)
