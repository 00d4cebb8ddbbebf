from __future__ import annotations

from typing import Any

from tsushinbo.surveys.models import Survey
from tsushinbo.testing import BaseTestCase, make_user


class SurveyAdminTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(make_user("root", "管理者", is_staff=True, is_superuser=True))

    def post(self, *labels: str, **fields: str) -> Any:
        data = {
            "question": "投票に行きますか？",
            "description": "",
            "opens_at_0": "2026-01-01",
            "opens_at_1": "09:00:00",
            "closes_at_0": "2026-02-01",
            "closes_at_1": "09:00:00",
            "options-TOTAL_FORMS": str(len(labels)),
            "options-INITIAL_FORMS": "0",
            "options-MIN_NUM_FORMS": "0",
            "options-MAX_NUM_FORMS": "1000",
        } | fields
        for n, label in enumerate(labels):
            data |= {f"options-{n}-label": label, f"options-{n}-position": str(n)}
        return self.client.post("/admin/surveys/survey/add/", data)

    def test_it_lets_staff_create_a_survey_with_options(self) -> None:
        self.assertEqual(self.client.get("/admin/surveys/survey/add/").status_code, 200)
        response = self.post(
            "行く", "行かない", multiple_choice="on", hide_results_until_close="on"
        )
        self.assertEqual(response.status_code, 302)
        survey = Survey.objects.get()
        self.assertTrue(survey.multiple_choice and survey.hide_results_until_close)
        self.assertEqual([o.label for o in survey.options.all()], ["行く", "行かない"])

    def test_it_asks_for_two_options(self) -> None:
        response = self.post("行く")
        self.assertContains(response, "選択肢は2つ以上入力してください。")
        self.assertFalse(Survey.objects.exists())

    def test_it_checks_the_dates(self) -> None:
        response = self.post("行く", "行かない", closes_at_0="2025-12-01")
        self.assertContains(response, "締め切り日時は受付開始日時より後にしてください。")
        response = self.post(
            "行く", "行かない", closes_at_0="", closes_at_1="", hide_results_until_close="on"
        )
        self.assertContains(
            response, "結果を締め切りまで隠すには、締め切り日時を入力してください。"
        )
        self.assertFalse(Survey.objects.exists())
