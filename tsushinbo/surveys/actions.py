from __future__ import annotations

from collections.abc import Collection

from django.db import IntegrityError, transaction
from django.db.models import F

from tsushinbo.integrity.voters import Voter
from tsushinbo.surveys.models import Survey, SurveyAnswer, SurveyOption

CLOSED = "このアンケートは締め切られました。回答は受け付けていません。"
NOT_OPEN = "このアンケートはまだ回答を受け付けていません。"
ALREADY_ANSWERED = "このアンケートにはすでに回答しています。回答は1人1回までです。"
CHOOSE_ONE = "選択肢を1つ選んでください。"
CHOOSE_SOME = "選択肢を1つ以上選んでください。"
UNKNOWN_OPTION = "選択肢の指定が正しくありません。ページを再読み込みしてください。"


class SurveyRefused(Exception):
    """An answer that cannot be recorded; the message is shown to the voter."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def answer_survey(*, survey: Survey, voter: Voter, option_ids: Collection[int]) -> SurveyAnswer:
    """Record one voter's answer and bump the counters, or raise SurveyRefused.

    The unique constraints on SurveyAnswer keep it to one answer per voter even
    when two requests race; the survey row is locked so a closing time that
    passes mid-request is seen.
    """
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        _check_can_answer(survey, option_ids)
        options = list(SurveyOption.objects.filter(survey=survey, pk__in=option_ids))
        if len(options) != len(set(option_ids)):
            raise SurveyRefused(UNKNOWN_OPTION)
        answer = SurveyAnswer(
            survey=survey, user=voter.user, voter_key=voter.key, network_key=voter.network_key
        )
        try:
            with transaction.atomic():
                answer.save()
        except IntegrityError as error:
            raise SurveyRefused(ALREADY_ANSWERED) from error
        answer.options.set(options)
        Survey.objects.filter(pk=survey.pk).update(respondent_count=F("respondent_count") + 1)
        SurveyOption.objects.filter(pk__in=[o.pk for o in options]).update(
            answer_count=F("answer_count") + 1
        )
    return answer


def _check_can_answer(survey: Survey, option_ids: Collection[int]) -> None:
    if survey.is_closed:
        raise SurveyRefused(CLOSED)
    if not survey.is_open:
        raise SurveyRefused(NOT_OPEN)
    if not option_ids:
        raise SurveyRefused(CHOOSE_SOME if survey.multiple_choice else CHOOSE_ONE)
    if not survey.multiple_choice and len(set(option_ids)) > 1:
        raise SurveyRefused(CHOOSE_ONE)
