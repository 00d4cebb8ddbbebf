"""The client address behind reverse proxies (TRUSTED_PROXY_COUNT) for network keys."""

from __future__ import annotations

from django.http import HttpRequest
from django.test import RequestFactory, SimpleTestCase, override_settings

from tsushinbo.lib.network import client_address, key_for_prefix, network_key

NGINX = "127.0.0.1"
CLIENT = "203.0.113.7"


def request(forwarded: str = "", remote: str = NGINX) -> HttpRequest:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


class ClientAddressTestCase(SimpleTestCase):
    def test_it_ignores_x_forwarded_for_by_default(self) -> None:
        self.assertEqual(client_address(request(CLIENT)), NGINX)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_it_takes_the_address_nginx_appended(self) -> None:
        self.assertEqual(client_address(request(CLIENT)), CLIENT)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_it_ignores_what_the_client_wrote_itself(self) -> None:
        spoofed = f"198.51.100.1, 198.51.100.2 ,{CLIENT}"
        self.assertEqual(client_address(request(spoofed)), CLIENT)

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_it_skips_each_trusted_proxy_from_the_right(self) -> None:
        # client-written, client (added by the load balancer), load balancer (added by nginx)
        chain = f"198.51.100.1, {CLIENT}, 10.0.0.2"
        self.assertEqual(client_address(request(chain)), CLIENT)

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_it_takes_the_first_entry_when_the_chain_is_short(self) -> None:
        self.assertEqual(client_address(request(CLIENT)), CLIENT)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_it_falls_back_to_remote_addr_without_the_header(self) -> None:
        self.assertEqual(client_address(request()), NGINX)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_it_keys_rate_limits_by_the_forwarded_address(self) -> None:
        self.assertEqual(network_key(request(CLIENT)), key_for_prefix(f"{CLIENT}/32"))
        self.assertNotEqual(network_key(request("203.0.113.8")), network_key(request(CLIENT)))
        self.assertEqual(
            network_key(request(f"198.51.100.9, {CLIENT}")), network_key(request(CLIENT))
        )

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_it_groups_a_forwarded_ipv6_address_by_its_64(self) -> None:
        first = network_key(request("2001:db8:1:2::10"))
        self.assertEqual(first, network_key(request("2001:db8:1:2:ffff::1")))

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_it_treats_garbage_as_an_unknown_network(self) -> None:
        self.assertEqual(network_key(request("not-an-address")), key_for_prefix("unknown"))
