"""Nothing unreviewed is public: a pending pledge on every page that lists pledges."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tsushinbo.accounts.models import Follow
from tsushinbo.accounts.queries import digest_for
from tsushinbo.elections.models import Candidacy
from tsushinbo.pledges.models import Pledge, ReviewStatus
from tsushinbo.pledges.tests.helpers import days_ago, pledge_data
from tsushinbo.testing import (
    BaseTestCase,
    make_election,
    make_party,
    make_pledge,
    make_politician,
)

PENDING_TITLE = "確認待ちの秘密の公約"
REJECTED_TITLE = "却下された公約"


class VisibilityTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.party = make_party(name="みらい党", slug="mirai")
        self.politician = make_politician(family_name="渡具知", given_name="武豊", party=self.party)
        self.election = make_election(name="名護市長選挙")
        Candidacy.objects.create(election=self.election, politician=self.politician)
        self.public = make_pledge(
            politician=self.politician,
            title="公開中の公約",
            election=self.election,
            created_by=self.alice,
            deadline=days_ago(10),
        )
        self.pending = self.add_as_alice(f"politician={self.politician.pk}", PENDING_TITLE)
        self.rejected = make_pledge(
            politician=self.politician,
            title=REJECTED_TITLE,
            election=self.election,
            created_by=self.alice,
            deadline=days_ago(10),
            review_status=ReviewStatus.REJECTED,
        )
        self.party_pending = self.add_as_alice("party=mirai", "政党の確認待ち公約")

    def add_as_alice(self, query: str, title: str) -> Pledge:
        self.client.force_login(self.alice)
        data = pledge_data(title=title, deadline="2020-01-01")
        if query.startswith("politician="):
            data["election"] = self.election.pk
        self.client.post(f"/pledges/new/?{query}", data)
        self.client.logout()
        pledge = Pledge.objects.get(title=title)
        assert pledge.review_status == ReviewStatus.PENDING
        return pledge

    def assert_hidden(self, url: str, *, shown: str = "公開中の公約") -> None:
        r = self.client.get(url)
        self.assertEqual(r.status_code, 200, url)
        if shown:
            self.assertContains(r, shown)
        self.assertNotContains(r, PENDING_TITLE)
        self.assertNotContains(r, REJECTED_TITLE)
        self.assertNotContains(r, "政党の確認待ち公約")
        self.assertNotContains(r, f"/pledges/{self.pending.pk}/")
        self.assertNotContains(r, f"/pledges/{self.rejected.pk}/")

    def test_the_pledge_pages_return_404(self) -> None:
        for pledge in (self.pending, self.rejected, self.party_pending):
            for suffix in ("", "history/", "progress/", "edit/", "progress/new/"):
                with self.subTest(pledge=pledge.title, suffix=suffix):
                    self.client.force_login(self.alice)
                    r = self.client.get(f"/pledges/{pledge.pk}/{suffix}")
                    self.assertEqual(r.status_code, 404)

    def test_the_politician_page(self) -> None:
        self.assert_hidden(f"/politicians/{self.politician.pk}/")
        self.assertContains(
            self.client.get(f"/politicians/{self.politician.pk}/"), "公約・政策（1件）"
        )

    def test_the_politicians_pledge_list_and_its_overdue_filter(self) -> None:
        self.assert_hidden(f"/politicians/{self.politician.pk}/pledges/")
        self.assert_hidden(f"/politicians/{self.politician.pk}/pledges/?overdue=1")
        r = self.client.get(f"/politicians/{self.politician.pk}/pledges/?overdue=1")
        self.assertContains(r, "<strong>1件</strong>", html=True)

    def test_the_party_pages(self) -> None:
        make_pledge(party=self.party, title="政党の公開中の公約")
        self.assert_hidden("/parties/mirai/", shown="政党の公開中の公約")
        self.assertContains(self.client.get("/parties/mirai/"), "政党の公約・政策（1件）")
        r = self.client.get("/parties/")
        self.assertContains(r, "<td>1件</td>", html=True)

    def test_the_home_page(self) -> None:
        self.assert_hidden("/")

    def test_the_election_page(self) -> None:
        self.assert_hidden(f"/elections/{self.election.pk}/")

    def test_the_public_profile(self) -> None:
        self.assert_hidden(f"/users/{self.alice.pk}/")
        self.assertContains(self.client.get(f"/users/{self.alice.pk}/"), "登録した公約（1件）")

    def test_my_page_marks_my_own_pending_pledges(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get("/me/")
        self.assertContains(r, PENDING_TITLE)
        self.assertContains(
            r, '<span class="badge badge-status-pending">確認待ち</span>', html=True
        )
        self.assertContains(r, '<span class="badge badge-status-rejected">却下</span>', html=True)
        self.assertNotContains(r, f'href="/pledges/{self.pending.pk}/"')
        self.client.force_login(self.bob)
        self.assertNotContains(self.client.get("/me/"), PENDING_TITLE)

    def test_followers_see_only_public_pledges(self) -> None:
        Follow.objects.create(user=self.bob, politician=self.politician)
        self.client.force_login(self.bob)
        self.assert_hidden("/me/")
        now = timezone.now()
        items = digest_for(
            self.bob, now - datetime.timedelta(days=1), now + datetime.timedelta(days=1)
        )
        self.assertEqual([p.title for item in items for p in item.new_pledges], ["公開中の公約"])

    def test_votes_on_hidden_pledges_are_refused(self) -> None:
        self.client.force_login(self.bob)
        r = self.client.post(
            f"/pledges/{self.pending.pk}/vote/", {"polarity": "good", "reason": "clarity"}
        )
        self.assertEqual(r.status_code, 404)
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.votes_good, 0)
