from __future__ import annotations

from django.test import override_settings

from tsushinbo.integrity.tests.base import browser
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import BaseTestCase, make_pledge


@override_settings(VOTE_POW=False)
class HoneypotTestCase(BaseTestCase):
    def test_it_refuses_a_filled_honeypot(self) -> None:
        pledge = make_pledge()
        data = {"polarity": "good", "reason": "clarity", "website": "https://spam.example/"}
        r = browser().post(f"/pledges/{pledge.pk}/vote/", data)
        self.assertContains(r, "送信内容を確認できませんでした", status_code=400)
        self.assertFalse(Vote.objects.exists())

    def test_it_hides_the_honeypot_from_people(self) -> None:
        r = browser().get(f"/pledges/{make_pledge().pk}/")
        self.assertContains(r, '<div class="hp-field" hidden aria-hidden="true">')
        self.assertContains(r, 'tabindex="-1" autocomplete="off"')
