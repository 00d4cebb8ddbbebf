"""tsushinbo.W001: production with a cache that worker processes do not share."""

from __future__ import annotations

from django.core import checks
from django.test import SimpleTestCase, override_settings

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}
}


def warning_ids() -> list[str | None]:
    return [message.id for message in checks.run_checks(tags=[checks.Tags.caches])]


class SharedCacheCheckTestCase(SimpleTestCase):
    @override_settings(DEBUG=False, CACHES=LOCMEM)
    def test_it_warns_in_production_with_a_per_process_cache(self) -> None:
        self.assertIn("tsushinbo.W001", warning_ids())

    @override_settings(
        DEBUG=False,
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    )
    def test_it_warns_with_the_dummy_cache(self) -> None:
        self.assertIn("tsushinbo.W001", warning_ids())

    @override_settings(DEBUG=False, CACHES=REDIS)
    def test_it_is_quiet_with_redis(self) -> None:
        self.assertNotIn("tsushinbo.W001", warning_ids())

    @override_settings(DEBUG=True, CACHES=LOCMEM)
    def test_it_is_quiet_in_development(self) -> None:
        self.assertNotIn("tsushinbo.W001", warning_ids())

    @override_settings(DEBUG=False, CACHES=LOCMEM, SILENCED_SYSTEM_CHECKS=["tsushinbo.W001"])
    def test_it_can_be_silenced_for_a_single_process(self) -> None:
        messages = checks.run_checks(tags=[checks.Tags.caches])
        self.assertFalse([m for m in messages if m.id == "tsushinbo.W001" and not m.is_silenced()])
