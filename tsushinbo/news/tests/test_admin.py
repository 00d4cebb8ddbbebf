from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tsushinbo.audit.models import AuditEntry
from tsushinbo.news.actions import save_announcement
from tsushinbo.news.models import Announcement
from tsushinbo.news.tests.base import bulk_announcements, days_from_now, make_announcement
from tsushinbo.testing import BaseTestCase


def form_data(**fields: Any) -> dict[str, Any]:
    """What the admin's announcement form posts, published tomorrow at 09:00 local time."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "title": "新しいランキングのお知らせ",
        "slug": "new-ranking",
        "category": "feature",
        "published_at_0": tomorrow.isoformat(),
        "published_at_1": "09:00:00",
        "body": "ランキングを**信頼区間の下限**で並べます。",
        "_save": "保存",
    }
    return data | fields


class AnnouncementAdminTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.charlie.is_superuser = True
        cls.charlie.save()

    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.charlie)

    def test_it_publishes_a_scheduled_announcement_and_logs_it(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post("/admin/news/announcement/add/", form_data())
        self.assertRedirects(r, "/admin/news/announcement/")
        announcement = Announcement.objects.get(slug="new-ranking")
        assert announcement.published_at is not None
        self.assertEqual(timezone.localtime(announcement.published_at).hour, 9)
        entry = AuditEntry.objects.get(action="announcement.create")
        self.assertEqual(entry.actor, self.charlie)
        self.assertEqual(entry.target_id, str(announcement.pk))
        self.assertEqual(entry.detail["status"], "予約公開")
        self.assertIn("body", entry.detail["changed"])

        self.client.logout()
        self.assertNotContains(self.client.get("/news/"), "新しいランキングのお知らせ")
        later = announcement.published_at + datetime.timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            self.assertContains(self.client.get("/news/"), "新しいランキングのお知らせ")
            self.assertContains(self.client.get("/about/"), 'href="/news/new-ranking/"')

    def test_it_logs_edits_with_the_changed_fields(self) -> None:
        announcement = make_announcement(
            slug="edit-me", title="古い題名", published_at=days_from_now(-1).replace(microsecond=0)
        )
        url = f"/admin/news/announcement/{announcement.pk}/change/"
        published = timezone.localtime(announcement.published_at)
        data = form_data(
            slug="edit-me",
            title="新しい題名",
            category="notice",
            published_at_0=published.date().isoformat(),
            published_at_1=published.time().isoformat(),
            body=announcement.body,
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, data)
        entry = AuditEntry.objects.get(action="announcement.edit")
        self.assertEqual(entry.detail["changed"], ["title"])
        self.assertEqual(entry.detail["status"], "公開中")
        self.assertContains(self.client.get("/about/"), "新しい題名")

    def test_it_logs_deletions_one_by_one(self) -> None:
        one = make_announcement(title="消すお知らせ1")
        two = make_announcement(title="消すお知らせ2")
        self.client.post(f"/admin/news/announcement/{one.pk}/delete/", {"post": "yes"})
        self.client.post(
            "/admin/news/announcement/",
            {"action": "delete_selected", "_selected_action": [two.pk], "post": "yes"},
        )
        self.assertFalse(Announcement.objects.exists())
        labels = set(
            AuditEntry.objects.filter(action="announcement.delete").values_list(
                "target_label", flat=True
            )
        )
        self.assertEqual(labels, {"消すお知らせ1", "消すお知らせ2"})

    def test_it_links_each_announcement_to_its_preview(self) -> None:
        draft = make_announcement(title="下書き", published_at=None)
        r = self.client.get("/admin/news/announcement/")
        self.assertContains(r, f'<a href="/news/preview/{draft.pk}/">プレビュー</a>', html=True)
        self.assertContains(r, "下書き")
        change = self.client.get(f"/admin/news/announcement/{draft.pk}/change/")
        self.assertContains(change, "サイト上で表示")

    def test_it_lists_announcements_with_a_constant_number_of_queries(self) -> None:
        bulk_announcements(3)
        with CaptureQueriesContext(connection) as few:
            self.client.get("/admin/news/announcement/")
        bulk_announcements(297)
        with self.assertNumQueries(len(few)):
            self.client.get("/admin/news/announcement/")

    def test_it_refuses_members(self) -> None:
        with self.assertRaises(PermissionDenied):
            save_announcement(
                actor=self.alice,
                announcement=Announcement(title="x", slug="x", body="x"),
            )
        self.assertFalse(Announcement.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())
        self.client.force_login(self.alice)
        r = self.client.get("/admin/news/announcement/add/")
        self.assertRedirects(r, "/admin/login/?next=/admin/news/announcement/add/")

    def test_it_rejects_a_bad_slug_with_a_message(self) -> None:
        r = self.client.post("/admin/news/announcement/add/", form_data(slug="お知らせ"))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "errorlist")
        self.assertFalse(Announcement.objects.exists())
