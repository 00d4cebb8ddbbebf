from __future__ import annotations

from tsushinbo.activities.models import ActivityReport
from tsushinbo.activities.tests.base import ActivityTestCase, make_report
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.testing import make_pledge, make_politician


def form_data(**fields: object) -> dict[str, object]:
    return {
        "title": "本会議で代表質問",
        "date": "2026-04-01",
        "body": "少子化対策について質問しました。",
        "source_url": "https://example.com/minutes/1",
    } | fields


class PostReportTestCase(ActivityTestCase):
    def url(self) -> str:
        return f"/politicians/{self.politician.pk}/activities/new/"

    def test_anonymous_visitors_are_sent_to_log_in(self) -> None:
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 302)
        self.assertIn("/accounts/login/", r["Location"])

    def test_a_member_posts_a_report_that_waits_for_review(self) -> None:
        pledge = make_pledge(politician=self.politician, title="少子化対策")
        self.client.force_login(self.alice)
        r = self.client.get(self.url())
        self.assertContains(r, "少子化対策")
        self.assertContains(r, "管理者の確認後公開されます。24時間以内に確認されます")
        r = self.client.post(self.url(), form_data(pledges=[pledge.pk]), follow=True)
        report = ActivityReport.objects.get()
        self.assertEqual((report.status, report.posted_by), (ReviewStatus.PENDING, self.alice))
        self.assertEqual(list(report.pledges.all()), [pledge])
        self.assertContains(r, "活動報告を受け付けました。")
        self.client.logout()
        self.assertNotContains(self.client.get("/activities/"), "本会議で代表質問")

    def test_trusted_members_and_the_politician_publish_directly(self) -> None:
        for user in (self.dave, self.frank):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                data = form_data(title=f"{user.username}の報告")
                if user == self.frank:
                    data["source_url"] = ""  # optional on one's own profile
                self.client.post(self.url(), data)
                self.assertTrue(ActivityReport.objects.get(posted_by=user).is_public)

    def test_a_politician_posting_about_someone_else_is_reviewed_and_needs_a_source(self) -> None:
        other = make_politician(family_name="鈴木")
        self.client.force_login(self.frank)
        url = f"/politicians/{other.pk}/activities/new/"
        r = self.client.post(url, form_data(source_url=""))
        self.assertContains(r, "出典URLを入力してください", status_code=422)
        self.client.post(url, form_data())
        self.assertTrue(ActivityReport.objects.get().is_pending)

    def test_it_explains_bad_input_in_japanese(self) -> None:
        other_pledge = make_pledge(politician=make_politician(family_name="他人"))
        self.client.force_login(self.alice)
        r = self.client.post(
            self.url(),
            form_data(
                title=" ",
                date="2026/13/40",
                source_url="javascript:alert(1)",
                pledges=[other_pledge.pk],
            ),
        )
        self.assertContains(r, "タイトルを入力してください。", status_code=422)
        self.assertContains(r, "活動日は 2026-04-01 の形式で入力してください。", status_code=422)
        self.assertContains(r, "URLを正しく入力してください。", status_code=422)
        self.assertContains(r, "正しく選択してください", status_code=422)
        self.assertFalse(ActivityReport.objects.exists())

    def test_banned_and_unverified_accounts_cannot_post(self) -> None:
        from tsushinbo.testing import make_user

        newcomer = make_user("newbie", "新人")  # no member role yet
        self.client.force_login(newcomer)
        self.assertContains(
            self.client.get(self.url()), "メールアドレスを確認済み", status_code=403
        )


class EditReportTestCase(ActivityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.report = make_report(self.politician, title="元のタイトル", posted_by=self.alice)
        self.url = f"/activities/{self.report.pk}/edit/"

    def test_only_the_poster_and_moderators_may_edit(self) -> None:
        for user, allowed in [
            (self.alice, True),
            (self.erin, True),
            (self.bob, False),
            (self.dave, False),
            (self.frank, False),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(self.url)
                self.assertEqual(r.status_code, 200 if allowed else 403)
                page = self.client.get(f"/activities/{self.report.pk}/")
                self.assertEqual("この活動報告を編集する" in page.content.decode(), allowed)

    def test_a_members_edit_goes_back_to_review(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url, form_data(title="直したタイトル"))
        self.report.refresh_from_db()
        self.assertEqual(
            (self.report.title, self.report.status), ("直したタイトル", ReviewStatus.PENDING)
        )
        self.client.logout()
        self.assertEqual(self.client.get(f"/activities/{self.report.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/activities/"), "直したタイトル")

    def test_a_moderators_edit_stays_public_and_is_audited(self) -> None:
        self.client.force_login(self.erin)
        self.client.post(self.url, form_data(title="モデレーターが直した"))
        self.report.refresh_from_db()
        self.assertTrue(self.report.is_public)
        from tsushinbo.audit.models import AuditEntry

        self.assertTrue(AuditEntry.objects.filter(action="report.edit", actor=self.erin).exists())
