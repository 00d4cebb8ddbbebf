"""Issue 5's 「Done when」, end to end as members and a moderator see it."""

from __future__ import annotations

from tsushinbo.audit.models import AuditEntry
from tsushinbo.pledges.models import Pledge, PledgeRevision, ProgressReport
from tsushinbo.pledges.tests.helpers import pledge_data, progress_data
from tsushinbo.testing import BaseTestCase, make_politician


class DoneWhenTestCase(BaseTestCase):
    def test_it_adds_reports_approves_shows_history_and_reverts(self) -> None:
        politician = make_politician(family_name="渡具知", given_name="武豊")

        # A member adds a pledge with a source; a new member's pledge waits for review.
        self.client.force_login(self.alice)
        r = self.client.post(f"/pledges/new/?politician={politician.pk}", pledge_data())
        self.assertRedirects(r, f"/politicians/{politician.pk}/")
        pledge = Pledge.objects.get()
        self.assertEqual(self.client.get(f"/pledges/{pledge.pk}/").status_code, 404)
        self.client.force_login(self.erin)
        self.client.post(f"/moderation/pledges/{pledge.revisions.get().pk}/approve/")
        self.assertContains(self.client.get(f"/pledges/{pledge.pk}/"), "学校給食費を無償化します")

        # A second member edits it and posts progress with evidence.
        self.client.force_login(self.bob)
        r = self.client.post(
            f"/pledges/{pledge.pk}/edit/",
            pledge_data(
                body="市内の小中学校の給食費を2026年度から無償にします。",
                summary="開始年度を追記",
            ),
        )
        self.assertRedirects(r, f"/pledges/{pledge.pk}/")
        r = self.client.post(f"/pledges/{pledge.pk}/progress/new/", progress_data())
        self.assertRedirects(r, f"/pledges/{pledge.pk}/#progress-heading")
        page = self.client.get(f"/pledges/{pledge.pk}/")
        self.assertContains(page, "現在の進捗度・達成度:0%")
        self.assertContains(page, "進捗0件")
        self.assertNotContains(page, "2026年度から")

        # A moderator approves both.
        self.client.force_login(self.erin)
        edit = PledgeRevision.objects.pending().get()
        report = ProgressReport.objects.pending().get()
        self.client.post(f"/moderation/pledges/{edit.pk}/approve/", {"reason": "出典で確認"})
        self.client.post(f"/moderation/progress/{report.pk}/approve/")
        Pledge.objects.filter(pk=pledge.pk).update(votes_good=56)  # for the summary sentence

        # The pledge page shows the new status, percent and the timeline entry with its evidence.
        page = self.client.get(f"/pledges/{pledge.pk}/")
        self.assertContains(page, "現在の進捗度・達成度:40%")
        self.assertContains(page, '<span class="badge">進行中</span>', html=True)
        self.assertContains(page, "進捗1件")
        self.assertContains(page, "2025年3月1日")
        self.assertContains(
            page,
            '<a href="https://example.com/yosan-2025" rel="nofollow ugc noopener"'
            ' target="_blank">https://example.com/yosan-2025</a>',
            html=True,
        )
        self.assertContains(page, "2025年度予算に関連経費が計上された。")
        self.assertContains(page, "この公約・政策は56人が良いと考えていますが、40%の進捗率です。")
        self.assertContains(page, "市内の小中学校の給食費を2026年度から無償にします。")

        # The history page shows both revisions, and a moderator's revert restores the text.
        history = self.client.get(f"/pledges/{pledge.pk}/history/")
        self.assertContains(history, '<span class="badge">新規登録</span>', html=True)
        self.assertContains(history, "開始年度を追記")
        self.assertContains(history, "<ins>2026年度から</ins>", html=True)
        self.client.post(
            f"/pledges/{pledge.pk}/history/{edit.pk}/revert/", {"reason": "出典に開始年度がない"}
        )
        pledge.refresh_from_db()
        self.assertEqual(pledge.body, "市内の小中学校の給食費を無償にします。")
        history = self.client.get(f"/pledges/{pledge.pk}/history/")
        self.assertContains(history, '<span class="badge">差し戻し</span>', html=True)
        self.assertContains(history, "<del>2026年度から</del>", html=True)
        self.assertTrue(AuditEntry.objects.filter(action="pledge.revert", actor=self.erin).exists())
