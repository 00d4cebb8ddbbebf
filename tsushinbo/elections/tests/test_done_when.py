"""Issue 8's 「Done when」, end to end as a visitor sees it."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

from tsushinbo.elections.models import Election
from tsushinbo.surveys.tests.test_surveys import make_survey
from tsushinbo.testing import BaseTestCase, make_politician

CSV = """election_external_id,election_name,kind,scope,prefecture,vote_date,turnout,wikidata_id,family_name,given_name,family_name_kana,given_name_kana,votes,rank,elected
2023-test-gov,2023年テスト県知事選挙,知事選,都道府県,沖縄県,2023-09-10,47.70,Q1001,,,,,300000,1,当選
2023-test-gov,,,,,,,,岸本,洋平,きしもと,ようへい,200000,2,落選
2099-test-gov,2099年テスト県知事選挙,governor,prefecture,47,2099-09-13,,Q1001,,,,,,,
"""


@override_settings(VOTE_POW=False)
class DoneWhenTestCase(BaseTestCase):
    def test_it_imports_elections_answers_a_survey_and_shows_books(self) -> None:
        winner = make_politician(family_name="玉城", given_name="デニー", wikidata_id="Q1001")
        loser = make_politician(
            family_name="岸本", given_name="洋平", family_name_kana="きしもと",
            given_name_kana="ようへい",
        )  # fmt: skip

        # Importing a CSV of an election with candidates shows it under upcoming or past.
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "elections.csv"
            path.write_text(CSV, encoding="utf-8")
            call_command("import_elections", str(path), stdout=io.StringIO())
        past = Election.objects.get(external_id="2023-test-gov")
        upcoming = Election.objects.get(external_id="2099-test-gov")
        self.assertContains(self.client.get("/elections/"), "2099年テスト県知事選挙")
        self.assertNotContains(self.client.get("/elections/"), "2023年テスト県知事選挙")
        self.assertContains(self.client.get("/elections/?when=past"), "2023年テスト県知事選挙")
        # ... with results and links.
        detail = self.client.get(f"/elections/{past.pk}/")
        self.assertContains(detail, f'href="/politicians/{winner.pk}/"')
        self.assertContains(detail, f'href="/politicians/{loser.pk}/"')
        self.assertContains(detail, "300,000票")
        self.assertContains(detail, '<span class="badge badge-elected">当選</span>', html=True)
        self.assertContains(detail, "47.70%")
        profile = self.client.get(f"/politicians/{winner.pk}/")
        self.assertContains(profile, f'href="/elections/{past.pk}/"')
        self.assertContains(profile, f'href="/elections/{upcoming.pk}/"')

        # A survey can be answered once and shows its results.
        survey = make_survey("賛成", "反対")
        yes, no = survey.options.order_by("position").values_list("pk", flat=True)
        self.client.post(f"/surveys/{survey.pk}/answer/", {"choice": yes})
        self.client.post(f"/surveys/{survey.pk}/answer/", {"choice": no})
        page = self.client.get(f"/surveys/{survey.pk}/")
        self.assertContains(page, "このアンケートにはすでに回答しています。")
        self.assertContains(page, "回答者 <strong>1人</strong>", html=True)
        self.assertContains(page, "1人（100.0%）")
        self.assertContains(page, "0人（0.0%）")

        # Books appear on the politician page.
        self.client.force_login(self.alice)
        self.client.post(
            f"/politicians/{winner.pk}/books/new/",
            {"title": "沖縄の未来", "authors": "玉城デニー", "isbn": "4-10-101001-3"},
        )
        profile = self.client.get(f"/politicians/{winner.pk}/")
        self.assertContains(profile, "関連書籍")
        self.assertContains(profile, "沖縄の未来")
        self.assertContains(profile, "ISBN 9784101010014")
