from __future__ import annotations

import datetime

from django.utils import timezone

from tsushinbo.elections.models import japan_today
from tsushinbo.surveys.tests.test_surveys import HOUR, make_survey
from tsushinbo.testing import BaseTestCase, make_election


class HomeSurveyTestCase(BaseTestCase):
    def test_it_shows_the_open_survey_on_the_home_page(self) -> None:
        make_survey(question="古い受付中の質問", opens_at=timezone.now() - 5 * HOUR)
        newest = make_survey(question="新しい受付中の質問")
        make_survey(
            question="締め切った質問",
            opens_at=timezone.now() - 3 * HOUR,
            closes_at=timezone.now() - 2 * HOUR,
        )
        make_survey(question="これからの質問", opens_at=timezone.now() + HOUR)
        response = self.client.get("/")
        self.assertContains(response, "受付中のアンケート")
        self.assertContains(
            response, f'<a href="/surveys/{newest.pk}/">新しい受付中の質問</a>', html=True
        )
        for hidden in ("古い受付中の質問", "締め切った質問", "これからの質問"):
            self.assertNotContains(response, hidden)

    def test_it_leaves_the_section_out_when_no_survey_is_open(self) -> None:
        self.assertNotContains(self.client.get("/"), "受付中のアンケート")

    def test_it_links_upcoming_elections_to_their_pages(self) -> None:
        election = make_election(
            name="名護市長選挙", vote_date=japan_today() + datetime.timedelta(days=3)
        )
        response = self.client.get("/")
        self.assertContains(
            response, f'<a href="/elections/{election.pk}/">名護市長選挙</a>', html=True
        )
        self.assertContains(response, 'href="/elections/"')
