"""The 評価 section of /pledges/<id>/ (SPEC §3 and the issue's "Done when")."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.test import override_settings

from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.actions import void_votes
from tsushinbo.ratings.models import VoidReason, Vote
from tsushinbo.ratings.tests.base import RatingsTestCase, account_voter, browser, cast, cast_many
from tsushinbo.testing import make_pledge

CRITERIA = {"総合": None, "明確さ": "clarity", "現実性": "feasibility", "誠実さ": "sincerity"}
# The pledge page before this section (tsushinbo/pledges/tests) plus the statistics row read,
# plus (issue 6) the linked activity reports and the comments.
PAGE_QUERIES = 6


def cast_table(pledge: Pledge, table: dict[tuple[str, str], int]) -> None:
    for (polarity, reason), count in table.items():
        cast_many(pledge, polarity, reason, count)


def independent_deviations(pledge: Pledge, n_min: int) -> dict[str, str]:
    """50 + 10·(s − μ)/σ per criterion, from the stored votes alone (no counters, no statistics)."""
    tallies: dict[tuple[int, str | None], Counter[str]] = {}
    for vote in Vote.objects.active():
        for criterion in (None, vote.reason):
            tallies.setdefault((vote.pledge_id, criterion), Counter())[vote.polarity] += 1
    result = {}
    for label, criterion in CRITERIA.items():
        scores = {
            pledge_id: 100 * c["good"] / (c["good"] + c["bad"])
            for (pledge_id, key), c in tallies.items()
            if key == criterion and c["good"] + c["bad"] >= n_min
        }
        mu, sigma = statistics.fmean(scores.values()), statistics.pstdev(scores.values())
        value = 50 + 10 * (scores[pledge.pk] - mu) / sigma
        result[label] = str(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return result


def table_cells(html: str) -> dict[str, list[str]]:
    rows = re.findall(r'<th scope="row">(.+?)</th>(.*?)</tr>', html, re.S)
    return {
        label: [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td>(.*?)</td>", cells, re.S)
        ]
        for label, cells in rows
    }


class DoneWhenTestCase(RatingsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge(title="給食費を無償化します", progress_percent=20)
        cast_table(
            self.pledge,
            {
                ("good", "clarity"): 20,
                ("good", "feasibility"): 20,
                ("good", "sincerity"): 10,
                ("good", "other"): 6,
                ("bad", "clarity"): 2,
                ("bad", "feasibility"): 1,
                ("bad", "sincerity"): 3,
                ("bad", "other"): 1,
            },
        )
        cast_table(
            make_pledge(),
            {
                ("good", "clarity"): 3,
                ("bad", "clarity"): 4,
                ("good", "feasibility"): 5,
                ("good", "sincerity"): 1,
                ("bad", "sincerity"): 1,
            },
        )
        cast_table(
            make_pledge(),
            {
                ("good", "clarity"): 1,
                ("bad", "clarity"): 9,
                ("good", "feasibility"): 2,
                ("bad", "feasibility"): 6,
                ("good", "sincerity"): 6,
                ("bad", "sincerity"): 2,
            },
        )
        cast_table(make_pledge(), {("good", "clarity"): 2, ("bad", "clarity"): 1})

    def test_it_shows_56_good_7_bad_as_89_out_of_100(self) -> None:
        r = browser().get(f"/pledges/{self.pledge.pk}/")
        html = r.content.decode()
        cells = table_cells(html)
        self.assertEqual(cells["総合"][0], "89 / 100")
        self.assertContains(r, "56P")
        self.assertContains(r, "7P")
        self.assertContains(
            r,
            "この公約・政策は56人が良いと考えていますが、20%の進捗率です。"
            "7人はこの公約・政策は悪いと考えています。",
        )

    def test_it_shows_each_deviation_score_as_the_formula_gives_it(self) -> None:
        r = browser().get(f"/pledges/{self.pledge.pk}/")
        cells = table_cells(r.content.decode())
        expected = independent_deviations(self.pledge, n_min=5)
        for label in CRITERIA:
            with self.subTest(criterion=label):
                self.assertEqual(cells[label][1], expected[label])

    def test_it_shows_n_mean_and_standard_deviation_per_row(self) -> None:
        cells = table_cells(browser().get(f"/pledges/{self.pledge.pk}/").content.decode())
        self.assertEqual(cells["明確さ"][0], "91 / 100")  # 20 / 22
        self.assertEqual(cells["明確さ"][4], "n=22")
        self.assertEqual(cells["誠実さ"][4], "n=13")
        self.assertRegex(cells["総合"][2], r"^\d+\.\d$")  # 平均点
        self.assertRegex(cells["総合"][3], r"^\d+\.\d$")  # 標準偏差

    def test_it_says_too_few_votes_below_n_min(self) -> None:
        few = make_pledge()
        cast_table(few, {("good", "clarity"): 2, ("bad", "clarity"): 1})
        cells = table_cells(browser().get(f"/pledges/{few.pk}/").content.decode())
        self.assertEqual(cells["総合"][1], "評価数不足")
        self.assertEqual(
            cells["明確さ"],
            ["67 / 100", "評価数不足", cells["明確さ"][2], cells["明確さ"][3], "n=3"],
        )
        self.assertEqual(cells["現実性"][0], "—")

    def test_it_shows_registered_and_anonymous_votes_apart(self) -> None:
        cast(self.pledge, "good", "clarity", account_voter(self.alice))
        cast(self.pledge, "bad", "other", account_voter(self.bob))
        r = browser().get(f"/pledges/{self.pledge.pk}/")
        self.assertContains(r, "<dt>登録ユーザー</dt><dd>支持 1・不支持 1</dd>", html=True)
        self.assertContains(r, "<dt>匿名</dt><dd>支持 56・不支持 7</dd>", html=True)

    def test_it_draws_an_accessible_bar_chart(self) -> None:
        r = browser().get(f"/pledges/{self.pledge.pk}/")
        self.assertContains(r, 'role="img" aria-labelledby="vote-chart-title vote-chart-desc"')
        self.assertContains(r, "総合：支持56・不支持7、明確さ：支持20・不支持2")
        self.assertNotContains(r, "style=")

    def test_it_shows_how_many_votes_were_voided_and_why(self) -> None:
        votes = Vote.objects.filter(pledge=self.pledge, reason="other")
        void_votes(actor=self.erin, votes=votes, reason=VoidReason.AUTOMATED)
        r = browser().get(f"/pledges/{self.pledge.pk}/")
        self.assertContains(r, "7件の評価を無効化しました（理由：機械的な大量評価の疑い 7件）")
        self.assertContains(r, "50P")
        self.assertContains(r, "6P")

    def test_it_has_a_vote_form_with_the_spec_labels(self) -> None:
        r = browser().get(f"/pledges/{self.pledge.pk}/")
        self.assertContains(r, f'action="/pledges/{self.pledge.pk}/vote/"')
        self.assertContains(r, f'hx-post="/pledges/{self.pledge.pk}/vote/"')
        for words in (
            "明確・的確",
            "不明確・不的確",
            "現実的",
            "非現実的",
            "誠実",
            "不誠実",
            "評価する",
            "評価しない",
        ):
            self.assertContains(r, words)
        self.assertContains(r, 'name="website"')  # honeypot

    def test_it_runs_a_fixed_number_of_queries(self) -> None:
        quiet = make_pledge()
        cast_many(quiet, "good", "clarity", 3)
        for pledge in (quiet, self.pledge):
            with self.subTest(pledge=pledge.pk), self.assertNumQueries(PAGE_QUERIES):
                browser().get(f"/pledges/{pledge.pk}/")


@override_settings(VOTE_POW=True)
class ProofOfWorkOnPageTestCase(RatingsTestCase):
    def test_it_adds_the_widget_for_anonymous_visitors_only(self) -> None:
        pledge = make_pledge()
        r = browser().get(f"/pledges/{pledge.pk}/")
        self.assertContains(r, '<altcha-widget challenge="/integrity/challenge/"')
        self.assertContains(r, "js/pow.js")
        self.assertContains(r, "<noscript>")
        self.client.force_login(self.alice)
        r = self.client.get(f"/pledges/{pledge.pk}/")
        self.assertNotContains(r, "<altcha-widget")
