from __future__ import annotations

from tsushinbo.news.tests.base import days_from_now, make_announcement
from tsushinbo.testing import BaseTestCase


class PreviewTestCase(BaseTestCase):
    def test_it_shows_staff_a_draft_with_a_banner(self) -> None:
        draft = make_announcement(
            title="準備中のお知らせ", body="**下書き**です。", published_at=None
        )
        self.client.force_login(self.charlie)
        r = self.client.get(f"/news/preview/{draft.pk}/")
        self.assertContains(r, "<strong>プレビュー</strong>（下書き）", status_code=200)
        self.assertContains(r, "準備中のお知らせ")
        self.assertContains(r, "<strong>下書き</strong>です。")
        self.assertContains(r, '<meta name="robots" content="noindex">')
        self.assertContains(r, f'href="/admin/news/announcement/{draft.pk}/change/"')
        self.assertIn("no-cache", r["Cache-Control"])

    def test_it_shows_staff_when_a_scheduled_one_goes_out(self) -> None:
        scheduled = make_announcement(published_at=days_from_now(3))
        self.client.force_login(self.charlie)
        r = self.client.get(f"/news/preview/{scheduled.pk}/")
        self.assertContains(r, "<strong>プレビュー</strong>（予約公開：")

    def test_it_is_404_for_everyone_else(self) -> None:
        draft = make_announcement(published_at=None)
        url = f"/news/preview/{draft.pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)
        for user in [self.alice, self.erin]:  # a member and a moderator
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, 404, user.username)

    def test_it_is_404_for_a_missing_announcement(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get("/news/preview/999999/").status_code, 404)
