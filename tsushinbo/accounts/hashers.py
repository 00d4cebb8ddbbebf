from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane).

    Django's default (100 MiB, 8 lanes) takes about half a second of both cores
    per hash on our 2-core machines, which turns every login into a denial-of-
    service lever. Hashes made with other parameters are upgraded at next login.
    """

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
