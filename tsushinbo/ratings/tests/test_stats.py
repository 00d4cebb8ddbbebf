"""Site statistics: kept current by every vote, rebuilt by recompute_stats, shown at /stats/."""

from __future__ import annotations

import statistics as pystats
from io import StringIO

from django.core.management import call_command

from tsushinbo.lib.scoring import distribution_from_sums
from tsushinbo.ratings.models import Statistic
from tsushinbo.ratings.statistics import site_distributions
from tsushinbo.ratings.tests.base import RatingsTestCase, anonymous_voter, browser, cast, cast_many
from tsushinbo.testing import make_pledge

# The statistics rows, and the demo-banner check of every page.
STATS_QUERIES = 2


class StatisticsTestCase(RatingsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledges = [make_pledge() for _ in range(3)]
        for pledge, (good, bad) in zip(self.pledges, [(8, 2), (3, 3), (1, 1)], strict=True):
            cast_many(pledge, "good", "clarity", good)
            cast_many(pledge, "bad", "clarity", bad)

    def test_it_keeps_mean_and_sd_current_after_every_vote(self) -> None:
        overall = site_distributions()["overall"]
        self.assertEqual(overall.count, 2)  # the third pledge has 2 votes < N_MIN
        self.assertAlmostEqual(overall.mean, pystats.fmean([80.0, 50.0]))
        self.assertAlmostEqual(overall.sd, pystats.pstdev([80.0, 50.0]))
        voter = anonymous_voter()
        cast(self.pledges[2], "good", "clarity", voter)
        cast_many(self.pledges[2], "good", "clarity", 2)  # 4 good / 1 bad = 80
        overall = site_distributions()["overall"]
        self.assertEqual(overall.count, 3)
        self.assertAlmostEqual(overall.sd, pystats.pstdev([80.0, 50.0, 80.0]))
        cast(self.pledges[2], "bad", "clarity", voter)  # a change: 3 good / 2 bad = 60
        self.assertAlmostEqual(
            site_distributions()["clarity"].mean, pystats.fmean([80.0, 50.0, 60.0])
        )

    def test_it_recomputes_the_same_figures(self) -> None:
        before = {row.criterion: row.bins for row in Statistic.objects.all()}
        Statistic.objects.update(pledge_count=0, score_sum=0, score_sum_of_squares=0, bin_5=99)
        out = StringIO()
        call_command("recompute_stats", stdout=out)
        self.assertIn("overall", out.getvalue())
        after = {row.criterion: row.bins for row in Statistic.objects.all()}
        self.assertEqual(after, before)
        row = Statistic.objects.get(criterion="overall")
        dist = distribution_from_sums(row.pledge_count, row.score_sum, row.score_sum_of_squares)
        self.assertAlmostEqual(dist.mean, 65.0)
        self.assertIsNotNone(row.recomputed_at)

    def test_it_changes_nothing_on_a_dry_run(self) -> None:
        Statistic.objects.update(bin_5=99)
        call_command("recompute_stats", "--dry-run", stdout=StringIO())
        self.assertEqual(Statistic.objects.get(criterion="overall").bin_5, 99)

    def test_it_shows_the_statistics_page(self) -> None:
        with self.assertNumQueries(STATS_QUERIES):
            r = browser().get("/stats/")
        self.assertContains(r, "<h1>評価の統計</h1>", html=True)
        self.assertContains(r, "<td>65.0</td>", html=True)  # μ of 80 and 50
        self.assertContains(r, "<td>15.0</td>", html=True)  # σ
        self.assertContains(r, 'role="img"')
        self.assertContains(r, "50以上60未満：1件")  # the histogram's text alternative
        self.assertContains(r, "90以上100以下：0件")
        self.assertNotContains(r, "style=")

    def test_it_reads_the_same_number_of_queries_with_more_pledges(self) -> None:
        for _ in range(20):
            cast_many(make_pledge(), "good", "feasibility", 5)
        with self.assertNumQueries(STATS_QUERIES):
            browser().get("/stats/")
