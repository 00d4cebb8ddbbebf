"""detect_vote_bursts flags waves; moderators void a wave in one step at /moderation/votes/."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from tsushinbo.audit.models import AuditEntry
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.models import BurstKind, BurstStatus, Vote, VoteBurst, VoteVoiding
from tsushinbo.ratings.tests.base import RatingsTestCase, browser, cast_many, fresh
from tsushinbo.testing import make_pledge

HOUR = datetime.timedelta(hours=1)


def at(
    pledge: Pledge, when: datetime.datetime, count: int, network: str = "", polarity: str = "good"
) -> None:
    """Cast `count` votes and date them inside the hour starting at `when`."""
    before = set(Vote.objects.filter(pledge=pledge).values_list("pk", flat=True))
    cast_many(pledge, polarity, "clarity", count, network=network)
    new = Vote.objects.filter(pledge=pledge).exclude(pk__in=before)
    for minute, vote in enumerate(new):
        Vote.objects.filter(pk=vote.pk).update(
            created_at=when + datetime.timedelta(minutes=minute % 60)
        )


def detect(*args: str) -> str:
    out = StringIO()
    call_command("detect_vote_bursts", *args, stdout=out)
    return out.getvalue()


class DetectionTestCase(RatingsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.hour = timezone.now().replace(minute=0, second=0, microsecond=0) - 3 * HOUR
        self.pledge = make_pledge()

    def test_it_flags_a_wave_far_above_the_baseline(self) -> None:
        for day in range(1, 8):
            at(self.pledge, self.hour - day * 24 * HOUR, 1)  # one vote a day
        at(self.pledge, self.hour, 30)
        output = detect()
        self.assertIn("surge", output)
        burst = VoteBurst.objects.get()
        self.assertEqual(
            (burst.kind, burst.vote_count, burst.status), (BurstKind.SURGE, 30, "pending")
        )
        self.assertEqual(burst.starts_at, self.hour)
        self.assertAlmostEqual(burst.baseline, 7 / (7 * 24))
        self.assertTrue(AuditEntry.objects.filter(action="votes.burst_flag").exists())

    def test_it_flags_votes_concentrated_in_one_network(self) -> None:
        at(self.pledge, self.hour, 12, network="net-office")
        at(self.pledge, self.hour, 3)
        detect("--min-votes", "100")
        burst = VoteBurst.objects.get()
        self.assertEqual(burst.kind, BurstKind.CONCENTRATED)
        self.assertEqual((burst.network_key, burst.vote_count), ("net-office", 12))
        self.assertAlmostEqual(burst.share, 12 / 15)

    def test_it_leaves_ordinary_voting_alone(self) -> None:
        for hour in range(10):
            at(self.pledge, self.hour - hour * HOUR, 3)
        self.assertIn("0 waves found", detect())
        self.assertFalse(VoteBurst.objects.exists())

    def test_it_flags_a_wave_once_and_not_on_a_dry_run(self) -> None:
        at(self.pledge, self.hour, 25)
        self.assertIn("dry run", detect("--dry-run"))
        self.assertFalse(VoteBurst.objects.exists())
        self.assertIn("1 newly flagged", detect())
        self.assertIn("0 newly flagged", detect())
        self.assertEqual(VoteBurst.objects.count(), 1)


class ModerationTestCase(RatingsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.hour = timezone.now().replace(minute=0, second=0, microsecond=0) - 3 * HOUR
        self.pledge = make_pledge(title="水道料金を下げます")
        at(self.pledge, self.hour - 30 * HOUR, 4, polarity="bad")
        at(self.pledge, self.hour, 12, network="net-bot")
        at(self.pledge, self.hour, 2, polarity="bad")
        detect("--min-votes", "100")
        self.burst = VoteBurst.objects.get()

    def test_it_lists_pending_waves_for_moderators(self) -> None:
        self.client.force_login(self.erin)
        r = self.client.get("/moderation/votes/")
        self.assertContains(r, "水道料金を下げます")
        self.assertContains(r, "同一ネットワークに集中")
        self.assertContains(r, "12件")
        self.assertContains(r, f'action="/moderation/votes/{self.burst.pk}/void/"')

    def test_it_voids_a_wave_in_one_step(self) -> None:
        self.client.force_login(self.erin)
        r = self.client.post(
            f"/moderation/votes/{self.burst.pk}/void/",
            {"reason": "concentrated", "note": "同一回線"},
        )
        self.assertRedirects(r, "/moderation/votes/", fetch_redirect_response=False)
        pledge = fresh(self.pledge)
        self.assertEqual((pledge.votes_good, pledge.votes_bad, pledge.votes_voided), (0, 6, 12))
        self.assertEqual(Vote.objects.voided().count(), 12)
        self.assertEqual(fresh_burst(self.burst).status, BurstStatus.VOIDED)
        voiding = VoteVoiding.objects.get()
        self.assertEqual((voiding.vote_count, voiding.actor), (12, self.erin))
        actions = set(AuditEntry.objects.filter(actor=self.erin).values_list("action", flat=True))
        self.assertEqual(actions, {"votes.void", "votes.burst_void"})
        page = browser().get(f"/pledges/{self.pledge.pk}/")
        self.assertContains(
            page,
            "12件の評価を無効化しました（理由：短時間に同じネットワークから集中した評価 12件）",
        )

    def test_it_decides_a_wave_only_once(self) -> None:
        self.client.force_login(self.erin)
        self.client.post(
            f"/moderation/votes/{self.burst.pk}/dismiss/", {"note": "選挙事務所の集会"}
        )
        self.assertEqual(fresh_burst(self.burst).status, BurstStatus.DISMISSED)
        r = self.client.post(
            f"/moderation/votes/{self.burst.pk}/void/", {"reason": "automated"}, follow=True
        )
        self.assertContains(r, "すでに判断済み")
        self.assertEqual(fresh(self.pledge).votes_good, 12)

    def test_it_is_for_moderators_only(self) -> None:
        r = self.client.get("/moderation/votes/")
        self.assertEqual(r.status_code, 302)
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get("/moderation/votes/").status_code, 403)
        r = self.client.post(f"/moderation/votes/{self.burst.pk}/void/", {"reason": "automated"})
        self.assertEqual(r.status_code, 403)
        self.assertEqual(fresh(self.pledge).votes_voided, 0)

    def test_it_runs_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.erin)
        self.client.get("/moderation/votes/")
        for n in range(30):
            VoteBurst.objects.create(
                pledge=make_pledge(),
                kind=BurstKind.SURGE,
                starts_at=self.hour - n * HOUR,
                ends_at=self.hour - (n - 1) * HOUR,
                vote_count=40,
                baseline=0.1,
            )
        # Session and user, the user's groups, the page of bursts with their pledges,
        # the two counts (paginator and pending), the demo-banner check.
        with self.assertNumQueries(6):
            self.client.get("/moderation/votes/")


def fresh_burst(burst: VoteBurst) -> VoteBurst:
    return VoteBurst.objects.get(pk=burst.pk)
