from __future__ import annotations

import random

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tsushinbo.integrity.voters import Voter
from tsushinbo.pledges.models import Pledge, ReviewStatus
from tsushinbo.rankings.picking import pick_pledge
from tsushinbo.rankings.tests.base import RankingsTestCase, add_votes
from tsushinbo.ratings.actions import cast_vote
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import make_pledge, make_politician

DONE_MESSAGE = "評価できる公約・政策はすべて評価済みです"


def browser() -> Client:
    return Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Safari")


def shown_pledge(content: str) -> Pledge:
    marker = 'id="random-title"><a href="/pledges/'
    start = content.index(marker) + len(marker)
    return Pledge.objects.get(pk=int(content[start : content.index("/", start)]))


class RandomEvaluationTestCase(RankingsTestCase):
    def setUp(self) -> None:
        super().setUp()
        politician = make_politician(family_name="乱数")
        self.pledges = [
            make_pledge(politician=politician, title=f"ランダム公約{i}") for i in range(3)
        ]

    def test_it_never_shows_a_pledge_the_member_voted_on(self) -> None:
        voter = Voter(user=self.alice, key="", network_key="net")
        for pledge in self.pledges[:2]:
            cast_vote(pledge=pledge, voter=voter, polarity="good", reason="clarity")
        self.client.force_login(self.alice)
        for _ in range(15):
            r = self.client.get("/random/")
            self.assertEqual(shown_pledge(r.content.decode()), self.pledges[2])
        cast_vote(pledge=self.pledges[2], voter=voter, polarity="bad", reason="other")
        r = self.client.get("/random/")
        self.assertContains(r, DONE_MESSAGE)

    def test_it_works_without_javascript_for_an_anonymous_visitor(self) -> None:
        client = browser()
        seen: list[Pledge] = []
        r = client.get("/random/")
        for _ in range(3):
            pledge = shown_pledge(r.content.decode())
            self.assertNotIn(pledge, seen)
            seen.append(pledge)
            self.assertContains(r, f'action="/pledges/{pledge.pk}/vote/"')
            self.assertContains(r, '<input type="hidden" name="next" value="/random/">')
            r = client.post(
                f"/pledges/{pledge.pk}/vote/",
                {"polarity": "good", "reason": "feasibility", "next": "/random/"},
            )
            self.assertRedirects(r, "/random/", fetch_redirect_response=False)
            r = client.get("/random/")
            self.assertContains(r, "評価を受け付けました")
        self.assertContains(r, DONE_MESSAGE)
        self.assertEqual(Vote.objects.filter(user__isnull=True).count(), 3)
        self.assertEqual(len({vote.voter_key for vote in Vote.objects.all()}), 1)

    def test_it_offers_a_next_link_that_skips_the_shown_pledge(self) -> None:
        r = self.client.get("/random/")
        pledge = shown_pledge(r.content.decode())
        self.assertContains(r, f'href="/random/?skip={pledge.pk}"')
        self.assertContains(r, f'hx-get="/random/?skip={pledge.pk}"')
        for _ in range(10):
            r = self.client.get(f"/random/?skip={pledge.pk}", HTTP_HX_REQUEST="true")
            self.assertNotEqual(shown_pledge(r.content.decode()), pledge)
            self.assertNotContains(r, "<html")
            self.assertContains(r, 'id="random-panel"')
        self.assertEqual(self.client.get("/random/?skip=abc").status_code, 200)

    def test_it_votes_in_place_with_htmx(self) -> None:
        client = browser()
        pledge = shown_pledge(client.get("/random/").content.decode())
        r = client.post(
            f"/pledges/{pledge.pk}/vote/",
            {"polarity": "bad", "reason": "sincerity", "next": "/random/"},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(r, "評価を受け付けました")
        self.assertContains(r, 'id="evaluation"')

    def test_it_never_shows_a_pledge_that_is_not_visible(self) -> None:
        Pledge.objects.filter(pk__in=[p.pk for p in self.pledges[1:]]).update(
            review_status=ReviewStatus.PENDING
        )
        for _ in range(10):
            r = self.client.get("/random/")
            self.assertEqual(shown_pledge(r.content.decode()), self.pledges[0])

    def test_it_says_so_kindly_when_there_is_nothing(self) -> None:
        Pledge.objects.all().delete()
        r = self.client.get("/random/")
        self.assertContains(r, DONE_MESSAGE)
        self.assertContains(r, "ご協力ありがとうございます")

    def test_it_favours_pledges_with_few_votes(self) -> None:
        for pledge in self.pledges[1:]:
            add_votes(pledge, good=30)
            Pledge.objects.filter(pk=pledge.pk).update(votes_good=30)
        voter = Voter(user=None, key="fresh", network_key="net")
        rng = random.Random(7)
        picks = [pick_pledge(voter, rng=rng) for _ in range(100)]
        self.assertGreater(sum(1 for p in picks if p == self.pledges[0]), 70)
        self.assertEqual({p for p in picks if p is not None}, set(self.pledges))

    def test_its_cost_is_bounded_whatever_the_number_of_pledges(self) -> None:
        politician = make_politician()
        Pledge.objects.bulk_create(
            Pledge(politician=politician, title=f"大量{i}", source_url="https://example.com/")
            for i in range(300)
        )
        voter = Voter(user=self.bob, key="", network_key="net")
        for pledge in Pledge.objects.order_by("pk")[:150]:
            cast_vote(pledge=pledge, voter=voter, polarity="good", reason="other")
        self.client.force_login(self.bob)
        for _ in range(20):
            with CaptureQueriesContext(connection) as queries:
                r = self.client.get("/random/")
            self.assertLessEqual(len(queries.captured_queries), 20)
            self.assertFalse(
                Vote.objects.filter(user=self.bob, pledge=shown_pledge(r.content.decode())).exists()
            )
