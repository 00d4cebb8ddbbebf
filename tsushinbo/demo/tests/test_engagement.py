from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from tsushinbo.accounts.models import User
from tsushinbo.activities.models import ActivityReport
from tsushinbo.books.models import Book
from tsushinbo.comments.models import Comment
from tsushinbo.demo.models import DemoObject
from tsushinbo.demo.tests.base import seed, seed_tiny_on
from tsushinbo.news.models import Announcement
from tsushinbo.pledges.models import Pledge, ProgressEvidence, ProgressReport
from tsushinbo.ratings.models import Statistic, Vote
from tsushinbo.surveys.models import Survey, SurveyAnswer, SurveyOption
from tsushinbo.testing import BaseTestCase, make_pledge, make_politician

TODAY = timezone.localdate()


def seed_tiny(seed_value: int = 1) -> str:
    return seed_tiny_on(TODAY, seed_value)


def statistics() -> list[tuple[Any, ...]]:
    fields = ["criterion", "pledge_count", "score_sum", "score_sum_of_squares", "n_min"]
    fields += [f"bin_{index}" for index in range(10)]
    return list(Statistic.objects.order_by("criterion").values_list(*fields))


def engagement_snapshot() -> dict[str, list[Any]]:
    return {
        "votes": list(
            Vote.objects.order_by("id").values_list(
                "pledge__title", "user__username", "voter_key", "polarity", "reason", "created_at"
            )
        ),
        "reports": list(
            ActivityReport.objects.order_by("id").values_list(
                "title", "date", "body", "comment_count", "politician__external_ids"
            )
        ),
        "comments": list(
            Comment.objects.order_by("id").values_list("body", "status", "nickname", "created_at")
        ),
        "progress": list(
            ProgressReport.objects.order_by("id").values_list(
                "pledge__title", "status", "percent", "evidence_date"
            )
        ),
        "answers": list(SurveyOption.objects.order_by("id").values_list("label", "answer_count")),
    }


class TinyEngagementTestCase(BaseTestCase):
    """One `--scale tiny` load, checked against what the apps' own recounts say."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        seed_tiny()

    def test_it_votes_with_reasons_registered_and_anonymous(self) -> None:
        votes = Vote.objects.all()
        self.assertGreater(votes.count(), 2000)
        self.assertEqual(
            set(votes.values_list("reason", flat=True)),
            {"clarity", "feasibility", "sincerity", "other"},
        )
        self.assertEqual(set(votes.values_list("polarity", flat=True)), {"good", "bad"})
        self.assertTrue(votes.filter(user__isnull=False).exists())
        self.assertTrue(votes.filter(user__isnull=True).exclude(voter_key="").exists())

    def test_it_skews_votes_over_pledges(self) -> None:
        totals = sorted(
            (good + bad for good, bad in Pledge.objects.values_list("votes_good", "votes_bad")),
            reverse=True,
        )
        median = totals[len(totals) // 2]
        self.assertGreater(totals[0], 10 * max(median, 1))

    def test_it_spreads_votes_so_ranking_periods_differ(self) -> None:
        now = timezone.now()
        counts = [
            Vote.objects.filter(created_at__gte=now - datetime.timedelta(days=days)).count()
            for days in (7, 30, 365)
        ]
        self.assertLess(0, counts[0])
        self.assertLess(counts[0], counts[1])
        self.assertLess(counts[1], counts[2])
        self.assertLess(counts[2], Vote.objects.count())
        self.assertFalse(Vote.objects.filter(created_at__gt=now).exists())

    def test_it_keeps_counters_exactly_as_recount_votes_counts_them(self) -> None:
        out = StringIO()
        call_command("recount_votes", "--dry-run", stdout=out)
        self.assertIn("0 pledges drifted.", out.getvalue())

    def test_it_leaves_nothing_for_recompute_stats_to_change(self) -> None:
        before = statistics()
        self.assertGreater(before[0][1], 0)
        call_command("recompute_stats", stdout=StringIO())
        self.assertEqual(statistics(), before)

    def test_it_writes_the_wilson_bound_with_the_counters(self) -> None:
        out = StringIO()
        call_command("recount_votes", stdout=out)  # would rewrite any drifted bound
        self.assertIn("0 pledges drifted.", out.getvalue())
        top = Pledge.objects.order_by("-votes_wilson_lower").first()
        assert top is not None
        self.assertGreater(top.votes_wilson_lower, 0)

    def test_it_keeps_progress_consistent_with_approved_reports(self) -> None:
        counted = dict(
            ProgressReport.objects.approved()
            .values("pledge")
            .annotate(n=Count("id"))
            .values_list("pledge", "n")
        )
        self.assertTrue(counted)
        for pledge in Pledge.objects.all():
            self.assertEqual(pledge.progress_count, counted.get(pledge.pk, 0), pledge.pk)
            latest = ProgressReport.objects.filter(pledge=pledge).timeline_order().first()
            if latest is None:
                self.assertIsNone(pledge.progress_date)
                continue
            self.assertEqual(
                (pledge.progress_status, pledge.progress_percent, pledge.progress_date),
                (latest.status, latest.percent, latest.evidence_date),
            )
        self.assertFalse(ProgressReport.objects.filter(evidence__isnull=True).exists())
        self.assertFalse(
            ProgressEvidence.objects.exclude(url__startswith="https://example.com/demo/").exists()
        )

    def test_it_links_activity_reports_to_the_politicians_pledges(self) -> None:
        reports = ActivityReport.objects.all()
        self.assertGreater(reports.count(), 200)
        self.assertEqual(reports.public().count(), reports.count())
        self.assertTrue(reports.filter(pledges__isnull=False).exists())
        self.assertFalse(
            reports.exclude(pledges__isnull=True)
            .exclude(pledges__politician=F("politician"))
            .exists()
        )

    def test_it_counts_only_public_comments_on_reports(self) -> None:
        for report in ActivityReport.objects.filter(comment_count__gt=0)[:100]:
            visible = Comment.objects.filter(report=report).visible_thread().count()
            self.assertEqual(report.comment_count, visible)
        self.assertEqual(
            sum(ActivityReport.objects.values_list("comment_count", flat=True)),
            Comment.objects.filter(report__isnull=False).visible_thread().count(),
        )

    def test_it_keeps_pending_comments_off_public_pages(self) -> None:
        pending = Comment.objects.pending()
        self.assertTrue(pending.exists())
        self.assertTrue(Comment.objects.public().exists())
        comment = pending.filter(report__isnull=False).select_related("report").first()
        assert comment is not None and comment.report is not None
        response = self.client.get(f"/activities/{comment.report_id}/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, f'id="comment-{comment.pk}"')
        self.assertFalse(Comment.objects.public().filter(published_at__isnull=True).exists())

    def test_it_opens_one_survey_with_consistent_answers(self) -> None:
        self.assertEqual(Survey.objects.open().count(), 1)
        self.assertGreater(Survey.objects.count(), 1)
        for survey in Survey.objects.all():
            answers = SurveyAnswer.objects.filter(survey=survey)
            self.assertEqual(survey.respondent_count, answers.count())
            for option in survey.options.all():
                chosen = answers.filter(options=option).count()
                self.assertEqual(option.answer_count, chosen)

    def test_it_adds_books_and_announcements(self) -> None:
        self.assertTrue(Book.objects.filter(politicians__is_demo=True).exists())
        self.assertTrue(Announcement.objects.published().filter(slug__startswith="demo-").exists())

    def test_it_shows_a_lively_front_page(self) -> None:
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)


class EngagementLifecycleTestCase(BaseTestCase):
    def test_it_is_deterministic(self) -> None:
        seed_tiny(5)
        first = engagement_snapshot()
        seed("--clear")
        seed_tiny(5)
        self.assertEqual(engagement_snapshot(), first)

    def test_it_does_nothing_when_run_again(self) -> None:
        seed_tiny()
        votes = Vote.objects.count()
        comments = list(Comment.objects.values_list("id", flat=True))
        self.assertIn("読み込み済み", seed_tiny())
        self.assertEqual(Vote.objects.count(), votes)
        self.assertEqual(list(Comment.objects.values_list("id", flat=True)), comments)

    def test_it_replaces_engagement_for_another_seed(self) -> None:
        seed_tiny(1)
        users = User.objects.count()
        seed_tiny(2)
        self.assertEqual(User.objects.count(), users)
        out = StringIO()
        call_command("recount_votes", "--dry-run", stdout=out)
        self.assertIn("0 pledges drifted.", out.getvalue())

    def test_it_clears_only_demo_engagement(self) -> None:
        politician = make_politician()
        pledge = make_pledge(politician=politician)
        Vote.objects.create(pledge=pledge, user=self.alice, polarity="good", reason="clarity")
        report = ActivityReport.objects.create(
            politician=politician, title="実在の報告", date=TODAY, body="本文"
        )
        comment = Comment.objects.create(report=report, body="実在のコメント", nickname="a")
        survey = Survey.objects.create(question="実在のアンケート")
        book = Book.objects.create(title="実在の本", authors="著者")
        users = User.objects.count()
        seed_tiny()
        self.assertGreater(Vote.objects.count(), 1000)

        seed("--clear")

        self.assertEqual(list(Vote.objects.values_list("pledge", flat=True)), [pledge.pk])
        self.assertEqual(list(ActivityReport.objects.all()), [report])
        self.assertEqual(list(Comment.objects.all()), [comment])
        self.assertEqual(list(Survey.objects.all()), [survey])
        self.assertEqual(list(Book.objects.all()), [book])
        self.assertEqual(User.objects.count(), users)
        self.assertFalse(ProgressReport.objects.exists())
        self.assertFalse(Announcement.objects.filter(slug__startswith="demo-").exists())
        self.assertFalse(DemoObject.objects.exists())
        self.assertEqual(Statistic.objects.get(criterion="overall").pledge_count, 0)
