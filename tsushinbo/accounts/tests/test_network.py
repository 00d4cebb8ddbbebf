from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from django.test import RequestFactory, SimpleTestCase, override_settings

from tsushinbo.lib.network import network_key, network_prefix, network_pseudo_address


def request_from(ip: str) -> HttpRequest:
    return RequestFactory().get("/", REMOTE_ADDR=ip)


class NetworkKeyTestCase(SimpleTestCase):
    def test_it_uses_the_whole_ipv4_address(self) -> None:
        self.assertEqual(network_prefix("203.0.113.7"), "203.0.113.7/32")
        self.assertEqual(network_prefix("::ffff:203.0.113.7"), "203.0.113.7/32")

    def test_it_uses_the_ipv6_slash_64(self) -> None:
        self.assertEqual(network_prefix("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64")

    def test_it_refuses_non_addresses(self) -> None:
        with self.assertRaises(ValueError):
            network_prefix("not-an-ip")

    def test_it_gives_one_key_per_network(self) -> None:
        same_line = network_key(request_from("2001:db8:1:2::1"))
        self.assertEqual(same_line, network_key(request_from("2001:db8:1:2:ffff::9")))
        self.assertNotEqual(same_line, network_key(request_from("2001:db8:1:3::1")))
        self.assertNotEqual(
            network_key(request_from("203.0.113.7")), network_key(request_from("203.0.113.8"))
        )
        self.assertRegex(same_line, r"^[0-9a-f]{64}$")

    def test_it_depends_on_the_pepper(self) -> None:
        key = network_key(request_from("203.0.113.7"))
        with override_settings(VOTER_KEY_PEPPER="another pepper"):
            self.assertNotEqual(key, network_key(request_from("203.0.113.7")))

    def test_it_survives_a_missing_address(self) -> None:
        request = RequestFactory().get("/")
        del request.META["REMOTE_ADDR"]
        self.assertRegex(network_key(request), r"^[0-9a-f]{64}$")

    def test_it_offers_a_discard_prefix_address_for_libraries(self) -> None:
        pseudo = network_pseudo_address(request_from("203.0.113.7"))
        self.assertIn(ipaddress.IPv6Address(pseudo), ipaddress.IPv6Network("100::/64"))
        self.assertNotIn("203.0.113.7", pseudo)
