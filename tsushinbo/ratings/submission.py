"""One vote submission, validated the same way for the page form and the JSON API.

`submit_vote` runs every check a vote passes (permission, the form, the
anonymous-post checks, the action itself) and returns either the action's
result or the Refusal the caller shows in its own format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from tsushinbo.accounts.permissions import Action, can
from tsushinbo.integrity.checks import Refusal, check_anonymous_post
from tsushinbo.integrity.voters import voter_for
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings import actions
from tsushinbo.ratings.forms import VoteForm
from tsushinbo.ratings.queries import CurrentVote

VOIDED_MESSAGE = (
    "この公約・政策へのあなたの評価はモデレーターにより無効化されているため、変更できません。"
)
NOT_ALLOWED_MESSAGE = (
    "このアカウントでは評価できません。メールアドレスの確認がお済みかご確認ください。"
)


def submit_vote(
    request: HttpRequest, pledge: Pledge, data: Mapping[str, Any]
) -> actions.CastResult | Refusal:
    """Cast the requester's vote from `data` (polarity, reason; altcha for anonymous voters)."""
    voter = voter_for(request)
    if not can(request.user, Action.VOTE, pledge):
        return Refusal(NOT_ALLOWED_MESSAGE, status=403)
    form = VoteForm(data)
    if not form.is_valid():
        return Refusal(form.first_error(), status=400)
    if voter.is_anonymous:
        refusal = check_anonymous_post(
            request,
            scope="vote",
            rate=settings.VOTE_RATE_LIMIT,
            target=str(pledge.pk),
            target_rate=settings.VOTE_PLEDGE_RATE_LIMIT,
            proof_of_work=settings.VOTE_POW,
            data=data,
        )
        if refusal is not None:
            return refusal
    try:
        return actions.cast_vote(pledge=pledge, voter=voter, **form.cleaned_data)
    except actions.VoteVoided:
        return Refusal(VOIDED_MESSAGE, status=403)
    except (PermissionDenied, ValidationError):
        return Refusal(NOT_ALLOWED_MESSAGE, status=403)


def done_message(result: actions.CastResult, current: CurrentVote) -> str:
    """What the voter is told after a vote that went through."""
    if result.created:
        return f"評価を受け付けました：{current.description}"
    if result.changed:
        return f"評価を変更しました：{current.description}"
    return f"評価は変わっていません：{current.description}"
