from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from tsushinbo.audit.actions import record
from tsushinbo.audit.models import AuditEntry
from tsushinbo.testing import BaseTestCase, make_pledge


class RecordTestCase(BaseTestCase):
    def test_it_appends_an_entry_with_actor_target_and_reason(self) -> None:
        pledge = make_pledge(title="保育所の待機児童ゼロ")
        entry = record(
            actor=self.charlie,
            action="pledge.hide",
            target=pledge,
            reason="出典が確認できないため",
            previous_status="visible",
        )
        entry = AuditEntry.objects.get(pk=entry.pk)
        self.assertEqual(entry.actor, self.charlie)
        self.assertEqual(entry.action, "pledge.hide")
        self.assertEqual(entry.target_type, "pledges.pledge")
        self.assertEqual(entry.target_id, str(pledge.pk))
        self.assertEqual(entry.target_label, "保育所の待機児童ゼロ")
        self.assertEqual(entry.reason, "出典が確認できないため")
        self.assertEqual(entry.detail, {"previous_status": "visible"})
        self.assertIsNotNone(entry.created_at)

    def test_it_keeps_every_entry_newest_first(self) -> None:
        first = record(actor=self.charlie, action="user.ban", target=self.bob)
        second = record(actor=self.charlie, action="user.unban", target=self.bob)
        self.assertEqual(list(AuditEntry.objects.all()), [second, first])

    def test_it_records_commands_and_anonymous_requests_without_an_actor(self) -> None:
        self.assertIsNone(record(actor=None, action="demo.seed").actor)
        self.assertIsNone(record(actor=AnonymousUser(), action="vote.void").actor)  # type: ignore[arg-type]

    def test_it_works_without_a_target(self) -> None:
        entry = record(actor=self.charlie, action="settings.change")
        self.assertEqual((entry.target_type, entry.target_id, entry.target_label), ("", "", ""))

    def test_it_refuses_to_change_an_entry(self) -> None:
        entry = record(actor=self.charlie, action="user.ban", target=self.bob, reason="スパム")
        entry.reason = "書き換え"
        with self.assertRaises(ValueError):
            entry.save()
        entry.refresh_from_db()
        self.assertEqual(entry.reason, "スパム")

    def test_it_refuses_to_delete_an_entry(self) -> None:
        entry = record(actor=self.charlie, action="user.ban", target=self.bob)
        with self.assertRaises(ValueError):
            entry.delete()
        self.assertTrue(AuditEntry.objects.filter(pk=entry.pk).exists())
