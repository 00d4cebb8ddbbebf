from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError
from django.test import override_settings
from django.utils import timezone

from tsushinbo.integrity.voters import Voter
from tsushinbo.surveys.actions import SurveyRefused, answer_survey
from tsushinbo.surveys.models import Survey, SurveyAnswer, SurveyOption
from tsushinbo.testing import BaseTestCase

HOUR = datetime.timedelta(hours=1)
# Demo banner, the survey, its options, whether this voter has answered.
DETAIL_QUERIES = 4
# Demo banner, COUNT, one page of surveys.
LIST_QUERIES = 3


def make_survey(*labels: str, **fields: Any) -> Survey:
    defaults: dict[str, Any] = {
        "question": "消費税の減税に賛成ですか？",
        "opens_at": timezone.now() - HOUR,
        "closes_at": timezone.now() + 24 * HOUR,
    }
    survey = Survey.objects.create(**(defaults | fields))
    SurveyOption.objects.bulk_create(
        SurveyOption(survey=survey, label=label, position=n)
        for n, label in enumerate(labels or ("賛成", "反対", "わからない"))
    )
    return survey


@override_settings(VOTE_POW=False)
class SurveyTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey()
        self.url = f"/surveys/{self.survey.pk}/"
        self.answer_url = f"/surveys/{self.survey.pk}/answer/"
        self.options = {option.label: option.pk for option in self.survey.options.all()}

    def answer(self, *labels: str, **extra: str) -> Any:
        data: dict[str, Any] = {"choice": [self.options[label] for label in labels]} | extra
        return self.client.post(self.answer_url, data)

    def counts(self) -> dict[str, int]:
        return dict(self.survey.options.values_list("label", "answer_count"))

    # Listing

    def test_it_lists_open_surveys_before_closed_ones_and_hides_future_ones(self) -> None:
        make_survey(
            question="締め切った質問",
            opens_at=timezone.now() - 48 * HOUR,
            closes_at=timezone.now() - HOUR,
        )
        make_survey(question="まだ始まらない質問", opens_at=timezone.now() + HOUR, closes_at=None)
        response = self.client.get("/surveys/")
        questions = [survey.question for survey in response.context["page_obj"]]
        self.assertEqual(questions, ["消費税の減税に賛成ですか？", "締め切った質問"])
        self.assertContains(
            response, f'<a href="{self.url}">消費税の減税に賛成ですか？</a>', html=True
        )
        self.assertContains(response, "受付中")
        self.assertContains(response, "締め切り")

    def test_it_is_404_for_a_survey_that_has_not_opened(self) -> None:
        future = make_survey(opens_at=timezone.now() + HOUR)
        self.assertEqual(self.client.get(f"/surveys/{future.pk}/").status_code, 404)
        self.assertEqual(self.client.post(f"/surveys/{future.pk}/answer/").status_code, 404)

    # Answering

    def test_it_lets_a_visitor_answer_once_and_shows_the_results(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(
            response, "<legend>消費税の減税に賛成ですか？（1つ選んでください）</legend>", html=True
        )
        self.assertContains(response, 'type="radio"')
        self.assertContains(response, 'name="website"')  # the honeypot

        response = self.answer("賛成")
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertIn("tsushinbo_voter", response.cookies)
        response = self.client.get(self.url)
        self.assertContains(response, "回答を受け付けました。")
        self.assertContains(response, "このアンケートには回答済みです。")
        self.assertNotContains(response, 'type="radio"')
        self.assertContains(response, "回答者 <strong>1人</strong>", html=True)
        self.assertContains(response, "1人（100.0%）")
        self.assertContains(
            response,
            '<meter min="0" max="100" value="100.0" aria-hidden="true">100.0%</meter>',
            html=True,
        )

        self.answer("反対")
        self.assertContains(
            self.client.get(self.url),
            "このアンケートにはすでに回答しています。回答は1人1回までです。",
        )
        self.assertEqual(self.counts(), {"賛成": 1, "反対": 0, "わからない": 0})
        self.assertEqual(SurveyAnswer.objects.count(), 1)

    def test_it_lets_a_member_answer_once(self) -> None:
        self.client.force_login(self.alice)
        self.answer("反対")
        self.answer("賛成")
        self.assertEqual(self.counts(), {"賛成": 0, "反対": 1, "わからない": 0})
        answer = SurveyAnswer.objects.get()
        self.assertEqual((answer.user, answer.voter_key), (self.alice, ""))

    def test_it_counts_different_voters_separately(self) -> None:
        self.answer("賛成")
        self.client.cookies.clear()
        self.client.force_login(self.bob)
        self.answer("反対")
        self.client.force_login(self.alice)
        self.answer("反対")
        self.survey.refresh_from_db()
        self.assertEqual(self.survey.respondent_count, 3)
        response = self.client.get(self.url)
        self.assertContains(response, "1人（33.3%）")
        self.assertContains(response, "2人（66.7%）")

    def test_it_enforces_one_answer_per_voter_in_the_database(self) -> None:
        SurveyAnswer.objects.create(survey=self.survey, user=self.alice)
        with self.assertRaises(IntegrityError):
            SurveyAnswer.objects.create(survey=self.survey, user=self.alice)

    def test_it_enforces_one_answer_per_anonymous_key_in_the_database(self) -> None:
        SurveyAnswer.objects.create(survey=self.survey, voter_key="a" * 64)
        with self.assertRaises(IntegrityError):
            SurveyAnswer.objects.create(survey=self.survey, voter_key="a" * 64)

    def test_the_action_refuses_a_second_answer(self) -> None:
        voter = Voter(user=self.alice, key="", network_key="n")
        answer_survey(survey=self.survey, voter=voter, option_ids=[self.options["賛成"]])
        with self.assertRaisesMessage(SurveyRefused, "すでに回答しています"):
            answer_survey(survey=self.survey, voter=voter, option_ids=[self.options["反対"]])

    def test_it_takes_several_choices_in_a_multiple_choice_survey(self) -> None:
        survey = make_survey(
            "年金", "子育て", "防衛", question="関心のある分野は？", multiple_choice=True
        )
        ids = dict(survey.options.values_list("label", "pk"))
        response = self.client.get(f"/surveys/{survey.pk}/")
        self.assertContains(response, 'type="checkbox"')
        self.client.post(f"/surveys/{survey.pk}/answer/", {"choice": [ids["年金"], ids["防衛"]]})
        self.assertEqual(
            dict(survey.options.values_list("label", "answer_count")),
            {"年金": 1, "子育て": 0, "防衛": 1},
        )
        self.assertContains(
            self.client.get(f"/surveys/{survey.pk}/"), "割合の合計は100%を超えることがあります"
        )

    def test_it_refuses_several_choices_in_a_single_choice_survey(self) -> None:
        with self.assertRaisesMessage(SurveyRefused, "選択肢を1つ選んでください。"):
            answer_survey(
                survey=self.survey,
                voter=Voter(user=self.alice, key="", network_key="n"),
                option_ids=list(self.options.values()),
            )

    def test_it_asks_for_a_choice(self) -> None:
        response = self.client.post(self.answer_url, {})
        self.assertContains(response, "選択肢を1つ選んでください。", status_code=400)
        self.assertFalse(SurveyAnswer.objects.exists())

    def test_it_refuses_an_option_of_another_survey(self) -> None:
        other = make_survey()
        foreign = other.options.first()
        assert foreign is not None
        response = self.client.post(self.answer_url, {"choice": foreign.pk})
        self.assertContains(response, "選択肢の指定が正しくありません。", status_code=400)
        self.assertFalse(SurveyAnswer.objects.exists())

    def test_it_refuses_a_filled_honeypot(self) -> None:
        response = self.answer("賛成", website="https://spam.example")
        self.assertContains(response, "送信内容を確認できませんでした。", status_code=400)
        self.assertFalse(SurveyAnswer.objects.exists())

    @override_settings(VOTE_PLEDGE_RATE_LIMIT="2/h")
    def test_it_rate_limits_anonymous_answers_per_network(self) -> None:
        for _ in range(2):
            self.client.cookies.clear()
            self.answer("賛成")
        self.client.cookies.clear()
        response = self.answer("賛成")
        self.assertContains(response, "送信が多すぎます", status_code=429)
        self.assertEqual(SurveyAnswer.objects.count(), 2)

    @override_settings(VOTE_POW=True)
    def test_it_asks_anonymous_visitors_for_the_proof_of_work(self) -> None:
        self.assertContains(self.client.get(self.url), "altcha-widget")
        response = self.answer("賛成")
        self.assertContains(response, "計算による確認が済んでいません。", status_code=400)
        self.assertFalse(SurveyAnswer.objects.exists())
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(self.url), "altcha-widget")
        self.answer("賛成")
        self.assertEqual(SurveyAnswer.objects.count(), 1)

    # Closing

    def test_it_shows_a_closed_survey_read_only(self) -> None:
        self.answer("賛成")
        Survey.objects.filter(pk=self.survey.pk).update(
            opens_at=timezone.now() - 48 * HOUR, closes_at=timezone.now() - HOUR
        )
        self.client.cookies.clear()
        response = self.client.get(self.url)
        self.assertContains(
            response, "このアンケートは締め切られました。回答は受け付けていません。"
        )
        self.assertNotContains(response, '<form class="survey-form"')
        self.assertContains(response, "1人（100.0%）")

    def test_it_refuses_an_answer_after_the_close_with_a_message(self) -> None:
        Survey.objects.filter(pk=self.survey.pk).update(
            closes_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        response = self.answer("賛成")
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.url), "このアンケートは締め切られました。")
        self.assertFalse(SurveyAnswer.objects.exists())
        self.assertEqual(self.counts(), {"賛成": 0, "反対": 0, "わからない": 0})

    def test_the_action_refuses_an_answer_after_the_close(self) -> None:
        survey = make_survey(opens_at=timezone.now() - 48 * HOUR, closes_at=timezone.now() - HOUR)
        with self.assertRaisesMessage(SurveyRefused, "締め切られました"):
            answer_survey(
                survey=survey,
                voter=Voter(user=self.alice, key="", network_key="n"),
                option_ids=[survey.options.values_list("pk", flat=True)[0]],
            )

    def test_it_hides_results_until_the_close_when_asked(self) -> None:
        Survey.objects.filter(pk=self.survey.pk).update(hide_results_until_close=True)
        self.answer("賛成")
        response = self.client.get(self.url)
        self.assertContains(response, "結果は締め切り後")
        self.assertNotContains(response, "<meter")
        Survey.objects.filter(pk=self.survey.pk).update(
            opens_at=timezone.now() - 48 * HOUR, closes_at=timezone.now() - HOUR
        )
        self.assertContains(self.client.get(self.url), "1人（100.0%）")

    def test_it_escapes_the_question_and_options(self) -> None:
        survey = make_survey("<b>太字</b>", "普通", question="<script>x</script>")
        response = self.client.get(f"/surveys/{survey.pk}/")
        self.assertNotContains(response, "<script>x</script>")
        self.assertNotContains(response, "<b>太字</b>")
        self.assertContains(response, "&lt;b&gt;太字&lt;/b&gt;")

    # Query counts

    def test_it_runs_the_same_detail_queries_for_3_and_300_options_and_answers(self) -> None:
        def add(count: int) -> None:
            SurveyOption.objects.bulk_create(
                SurveyOption(survey=self.survey, label=f"選択肢{n}", answer_count=n)
                for n in range(count)
            )
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(survey=self.survey, voter_key=f"{self.survey.pk}-{n}-{count}")
                for n in range(count)
            )

        self.answer("賛成")  # a returning visitor: the answered check runs
        add(3)
        with self.assertNumQueries(DETAIL_QUERIES):
            self.client.get(self.url)
        add(297)
        with self.assertNumQueries(DETAIL_QUERIES):
            response = self.client.get(self.url)
        self.assertContains(response, "選択肢296")

    def test_it_runs_the_same_list_queries_for_3_and_300_surveys(self) -> None:
        def add(count: int) -> None:
            Survey.objects.bulk_create(
                Survey(
                    question=f"質問{n}",
                    opens_at=timezone.now() - 2 * HOUR,
                    closes_at=timezone.now() + (n - 1) * HOUR,
                )
                for n in range(count)
            )

        add(3)
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get("/surveys/")
        add(297)
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get("/surveys/?page=3")
