from __future__ import annotations

from django.core.exceptions import ValidationError

from tsushinbo.accounts.permissions import Role
from tsushinbo.audit.models import AuditEntry
from tsushinbo.pledges import actions
from tsushinbo.pledges.models import (
    Category,
    Pledge,
    PledgeRevision,
    ReviewStatus,
    RevisionKind,
)
from tsushinbo.pledges.tests.helpers import edit, pledge_data
from tsushinbo.testing import BaseTestCase, make_pledge, make_politician, make_user


class EditPledgeTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.politician = make_politician(family_name="渡具知", given_name="武豊")
        self.pledge = make_pledge(
            politician=self.politician,
            title="学校給食費を無償化します",
            body="市内の小中学校の給食費を無償にします。",
            source_url="https://example.com/senkyo-koho",
            created_by=self.bob,
        )
        self.url = f"/pledges/{self.pledge.pk}/edit/"

    def test_it_shows_the_form_filled_in(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "公約・政策の編集")
        self.assertContains(r, 'value="学校給食費を無償化します"')
        self.assertContains(r, "市内の小中学校の給食費を無償にします。</textarea>")
        self.assertContains(r, 'name="summary"')

    def test_it_sends_visitors_to_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(r, f"/accounts/login/?next={self.url}", fetch_redirect_response=False)

    def test_a_new_members_edit_waits_and_changes_nothing_public(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(
            self.url, pledge_data(title="学校給食費を完全無償化します", summary="表現を修正")
        )
        self.assertRedirects(r, f"/pledges/{self.pledge.pk}/", fetch_redirect_response=False)
        self.pledge.refresh_from_db()
        self.assertEqual(self.pledge.title, "学校給食費を無償化します")
        revision = PledgeRevision.objects.pending().get()
        self.assertEqual(revision.author, self.alice)
        self.assertEqual(revision.changed_fields, ["title"])
        self.assertEqual(revision.summary, "表現を修正")
        self.client.logout()
        page = self.client.get(f"/pledges/{self.pledge.pk}/")
        self.assertNotContains(page, "完全無償化")
        self.assertNotContains(self.client.get(f"/pledges/{self.pledge.pk}/history/"), "完全無償化")
        self.assertNotContains(self.client.get(f"/politicians/{self.politician.pk}/"), "完全無償化")

    def test_trusted_members_publish_edits_directly(self) -> None:
        self.client.force_login(self.dave)
        self.client.post(
            self.url, pledge_data(title="学校給食費を完全無償化します", summary="表現")
        )
        self.pledge.refresh_from_db()
        self.assertEqual(self.pledge.title, "学校給食費を完全無償化します")
        # The version before the first edit is kept as the first revision.
        kinds = list(
            self.pledge.revisions.approved()
            .newest_published_first()
            .values_list("kind", "snapshot__title")
        )
        self.assertEqual(
            kinds,
            [
                (RevisionKind.EDIT, "学校給食費を完全無償化します"),
                (RevisionKind.CREATE, "学校給食費を無償化します"),
            ],
        )
        self.assertTrue(AuditEntry.objects.filter(action="pledge.edit", actor=self.dave).exists())

    def test_the_politicians_own_account_publishes_directly(self) -> None:
        office = make_user("office", "事務所", Role.MEMBER, politician=self.politician)
        revision = edit(office, self.pledge, body="給食費を2026年度から無償にします。")
        self.assertEqual(revision.status, ReviewStatus.APPROVED)

    def test_it_needs_a_change_and_a_summary(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, pledge_data(summary="変更なし"))
        self.assertContains(r, "変更された項目がありません。")
        r = self.client.post(self.url, pledge_data(title="新しいタイトル", summary=""))
        self.assertContains(r, "編集の要約を入力してください。")
        r = self.client.post(self.url, pledge_data(source_url="", summary="出典削除"))
        self.assertContains(r, "出典URL（公約・政策が示されたページ）を入力してください。")
        self.assertFalse(PledgeRevision.objects.exists())

    def test_approval_applies_only_the_fields_the_edit_changed(self) -> None:
        title_edit = edit(self.alice, self.pledge, title="給食費ゼロ")
        edit(self.dave, self.pledge, body="本文を書き直しました。")
        actions.approve_revision(moderator=self.erin, item=title_edit)
        self.pledge.refresh_from_db()
        self.assertEqual(self.pledge.title, "給食費ゼロ")
        self.assertEqual(self.pledge.body, "本文を書き直しました。")
        title_edit.refresh_from_db()
        self.assertEqual(title_edit.snapshot["body"], "本文を書き直しました。")

    def test_it_records_changes_made_outside_the_site(self) -> None:
        edit(self.dave, self.pledge, title="サイトでの編集")
        Pledge.objects.filter(pk=self.pledge.pk).update(body="管理画面で変更")
        edit(self.dave, self.pledge, title="もう一度編集")
        summaries = list(
            self.pledge.revisions.newest_published_first().values_list("summary", flat=True)
        )
        self.assertEqual(summaries, ["編集", "サイト外（管理画面など）での変更", "編集", ""])

    def test_it_edits_categories(self) -> None:
        kosodate = Category.objects.create(name="子育て", slug="kosodate")
        self.client.force_login(self.dave)
        self.client.post(self.url, pledge_data(categories=[kosodate.pk], summary="分野を追加"))
        self.assertEqual(list(self.pledge.categories.all()), [kosodate])

    def test_pending_pledges_cannot_be_edited(self) -> None:
        pending = make_pledge(politician=self.politician, review_status=ReviewStatus.PENDING)
        self.client.force_login(self.dave)
        self.assertEqual(self.client.get(f"/pledges/{pending.pk}/edit/").status_code, 404)
        with self.assertRaises(ValidationError):
            edit(self.dave, pending, title="x")

    def test_the_form_says_when_edits_wait(self) -> None:
        edit(self.alice, self.pledge, title="保留中の編集")
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "モデレーターの確認後に公開されます。")
        self.assertContains(r, "確認待ちの編集が1件あります。")
        self.client.force_login(self.dave)
        self.assertContains(self.client.get(self.url), "保存するとすぐに公開されます。")
