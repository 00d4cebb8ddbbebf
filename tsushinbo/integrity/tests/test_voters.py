"""Anonymous voter keys: stable for one browser on one network, never an address."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from tsushinbo.integrity.voters import VOTER_COOKIE, anonymous_key, ensure_voter_cookie, voter_for
from tsushinbo.testing import BaseTestCase

IP = "203.0.113.7"
UA = "Mozilla/5.0 (iPhone) Safari"


class VoterKeyTestCase(BaseTestCase):
    def request(self, ip: str = IP, ua: str = UA, cookie: str = "") -> HttpRequest:
        request = RequestFactory().post("/", REMOTE_ADDR=ip, HTTP_USER_AGENT=ua)
        if cookie:
            request.COOKIES[VOTER_COOKIE] = cookie
        request.user = AnonymousUser()
        return request

    def cookie_for(self) -> tuple[str, str]:
        voter = voter_for(self.request())
        response = HttpResponse()
        ensure_voter_cookie(response, voter)
        return voter.key, response.cookies[VOTER_COOKIE].value

    def test_it_keeps_the_key_for_the_same_cookie_network_and_browser(self) -> None:
        key, cookie = self.cookie_for()
        again = voter_for(self.request(cookie=cookie))
        self.assertEqual(again.key, key)
        self.assertFalse(again.new_cookie)

    def test_it_changes_the_key_with_network_browser_or_cookie(self) -> None:
        key, cookie = self.cookie_for()
        self.assertNotEqual(voter_for(self.request(ip="203.0.113.8", cookie=cookie)).key, key)
        self.assertNotEqual(voter_for(self.request(ua="Firefox", cookie=cookie)).key, key)
        self.assertNotEqual(voter_for(self.request()).key, key)

    def test_it_ignores_a_forged_cookie(self) -> None:
        forged = voter_for(self.request(cookie="chosen-id:bad-signature"))
        self.assertTrue(forged.new_cookie)
        self.assertNotEqual(forged.cookie_id, "chosen-id")

    def test_it_keeps_no_address_in_the_key(self) -> None:
        voter = voter_for(self.request())
        self.assertRegex(voter.key, r"^[0-9a-f]{64}$")
        self.assertRegex(voter.network_key, r"^[0-9a-f]{64}$")
        self.assertNotIn(IP, voter.key + voter.network_key)
        self.assertEqual(anonymous_key("a", "n", UA), anonymous_key("a", "n", UA))

    def test_it_uses_the_account_for_a_member(self) -> None:
        request = self.request()
        request.user = self.alice
        voter = voter_for(request)
        self.assertEqual((voter.user, voter.key, voter.is_anonymous), (self.alice, "", False))
