"""Pledge cards (lists, profiles, the home page) show 総合 and the number of votes from counters."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tsushinbo.ratings.tests.base import RatingsTestCase, cast_many
from tsushinbo.testing import make_pledge, make_politician


class PledgeCardTestCase(RatingsTestCase):
    def test_it_shows_the_overall_score_and_vote_count(self) -> None:
        politician = make_politician()
        rated = make_pledge(politician=politician, title="駅前に図書館を建てます")
        make_pledge(politician=politician, title="まだ評価のない公約")
        cast_many(rated, "good", "clarity", 56)
        cast_many(rated, "bad", "other", 7)
        r = self.client.get(f"/politicians/{politician.pk}/pledges/")
        self.assertContains(r, "総合 <strong>89</strong>/100", html=False)
        self.assertContains(r, "評価63件・支持56P・不支持7P")
        self.assertContains(r, "評価なし")

    def test_it_reads_no_votes_to_show_them(self) -> None:
        politician = make_politician()
        for count in (1, 40):
            cast_many(make_pledge(politician=politician), "good", "clarity", count)
        with CaptureQueriesContext(connection) as queries:
            self.client.get(f"/politicians/{politician.pk}/pledges/")
        self.assertFalse([q["sql"] for q in queries.captured_queries if "ratings_" in q["sql"]])
