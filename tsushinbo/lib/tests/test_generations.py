from __future__ import annotations

from django.core.cache import cache

from tsushinbo.lib.generations import bump, generation
from tsushinbo.testing import BaseTestCase


class GenerationsTestCase(BaseTestCase):
    def test_it_keeps_a_generation_until_it_is_bumped(self) -> None:
        cache.delete("test:generation")
        first = generation("test:generation")
        self.assertTrue(first)
        self.assertEqual(generation("test:generation"), first)
        bump("test:generation")
        self.assertNotIn(generation("test:generation"), ("", first))

    def test_it_keeps_keys_apart(self) -> None:
        bump("test:one")
        bump("test:two")
        self.assertNotEqual(generation("test:one"), generation("test:two"))
