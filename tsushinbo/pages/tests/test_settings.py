from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

from tsushinbo.testing import BaseTestCase

# Settings are read once per process, so each case imports them in a fresh
# interpreter with exactly the environment it names (nothing inherited).
PRINT_CACHE_BACKEND = (
    "import tsushinbo.settings as s; print(s.CACHES['default']['BACKEND'], s.DEBUG, sep='\\n')"
)
PRINT_SQLITE_PRAGMAS = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    for pragma in ("journal_mode", "busy_timeout", "foreign_keys"):
        cursor.execute(f"PRAGMA {pragma}")
        print(cursor.fetchone()[0])
print(connection.transaction_mode)
"""


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean_env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "tsushinbo.settings"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=clean_env | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class SettingsTestCase(BaseTestCase):
    def test_it_refuses_to_start_without_a_secret_key_in_production(self) -> None:
        result = run_python("import tsushinbo.settings")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("django.core.exceptions.ImproperlyConfigured", result.stderr)
        self.assertIn("SECRET_KEY is not set", result.stderr)

    def test_it_treats_an_empty_secret_key_as_unset(self) -> None:
        result = run_python("import tsushinbo.settings", SECRET_KEY="", DEBUG="false")
        self.assertIn("SECRET_KEY is not set", result.stderr)

    def test_it_checks_migrations_but_refuses_other_commands_without_a_secret_key(self) -> None:
        def manage(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=settings.BASE_DIR,
                env={"PATH": os.environ.get("PATH", "")},
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )

        checked = manage("makemigrations", "--check", "--dry-run")
        self.assertEqual(checked.returncode, 0, checked.stderr)
        self.assertIn("No changes detected", checked.stdout)
        refused = manage("migrate", "--plan")
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("SECRET_KEY is not set", refused.stderr)

    def test_it_starts_in_debug_without_a_secret_key(self) -> None:
        result = run_python(PRINT_CACHE_BACKEND, DEBUG="true")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("True", result.stdout)

    def test_it_starts_in_production_with_a_secret_key(self) -> None:
        result = run_python(PRINT_CACHE_BACKEND, SECRET_KEY="x" * 50)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("False", result.stdout)

    def test_it_uses_a_per_process_cache_without_redis(self) -> None:
        result = run_python(PRINT_CACHE_BACKEND, DEBUG="true")
        self.assertIn("django.core.cache.backends.locmem.LocMemCache", result.stdout)

    def test_it_shares_the_cache_through_redis_when_configured(self) -> None:
        result = run_python(PRINT_CACHE_BACKEND, DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/1")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("django_redis.cache.RedisCache", result.stdout)

    def test_it_opens_sqlite_in_wal_mode_with_immediate_transactions(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            database = Path(directory) / "site.sqlite3"
            result = run_python(
                PRINT_SQLITE_PRAGMAS, DEBUG="true", DATABASE_URL=f"sqlite:///{database}"
            )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["wal", "20000", "1", "IMMEDIATE"])

    def test_it_defaults_to_sqlite_under_var(self) -> None:
        code = "import tsushinbo.settings as s; print(s.DATABASES['default']['NAME'])"
        result = run_python(code, DEBUG="true")
        self.assertEqual(
            result.stdout.strip(), str(settings.BASE_DIR / "var" / "tsushinbo.sqlite3")
        )

    def test_it_turns_on_https_protections_in_production(self) -> None:
        code = (
            "import tsushinbo.settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
        )
        result = run_python(code, SECRET_KEY="x" * 50)
        self.assertEqual(result.stdout.split(), ["True", "True", "31536000"])
        # `make serve` on plain local HTTP.
        result = run_python(code, SECRET_KEY="x" * 50, SECURE_SSL="false")
        self.assertEqual(result.stdout.split(), ["False", "False", "0"])
