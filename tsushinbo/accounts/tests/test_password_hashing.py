from __future__ import annotations

from django.contrib.auth.hashers import get_hasher, make_password
from django.test import SimpleTestCase


class PasswordHashingTestCase(SimpleTestCase):
    def test_it_hashes_new_passwords_with_argon2(self) -> None:
        self.assertEqual(get_hasher().algorithm, "argon2")
        self.assertTrue(make_password("a passphrase").startswith("argon2$"))
