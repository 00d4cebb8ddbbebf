"""Model rows as the API's JSON objects, and the querysets that load them in fixed queries.

Only public rows reach these functions: every queryset here starts from the
visibility filters (`Pledge.objects.visible()`, `.public()`, `visible_q()`),
and no representation carries an e-mail address, a voter or network key, or
the id of the account behind a vote.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from tsushinbo.activities.models import ActivityReport, ActivityReportQuerySet
from tsushinbo.comments.models import Comment, CommentQuerySet, visible_q
from tsushinbo.elections.models import Candidacy, Election
from tsushinbo.lib.scoring import Distribution, round_half_up, wilson_interval
from tsushinbo.lib.weburl import is_web_url
from tsushinbo.pledges.models import Pledge, PledgeQuerySet, ProgressReport
from tsushinbo.politicians.models import Party, PartyMembership, Politician
from tsushinbo.ratings.models import Reason
from tsushinbo.ratings.queries import counters_of, score_rows
from tsushinbo.surveys.models import Survey


def _web(url: str) -> str | None:
    """http(s) URLs only (bulk imports skip the field validators); None otherwise."""
    return url if url and is_web_url(url) else None


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """COUNT(*) of a correlated subquery: one query for a whole page of rows."""
    counted = queryset.order_by().values(n=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# Parties and politicians ------------------------------------------------------------


def party_ref(party: Party | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return {"id": party.pk, "slug": party.slug, "name": party.name}


def politician_ref(politician: Politician) -> dict[str, Any]:
    return {"id": politician.pk, "name": politician.full_name}


def politician_dict(request: HttpRequest, politician: Politician) -> dict[str, Any]:
    return {
        "id": politician.pk,
        "name": politician.full_name,
        "family_name": politician.family_name,
        "given_name": politician.given_name,
        "family_name_kana": politician.family_name_kana,
        "given_name_kana": politician.given_name_kana,
        "role": politician.role_label,
        "office": politician.office,
        "office_label": politician.get_office_display(),
        "prefecture": politician.prefecture,
        "prefecture_name": politician.prefecture_name,
        "municipality": politician.municipality,
        "district": politician.district,
        "party": party_ref(politician.party),
        "gender": politician.gender,
        "birth_date": politician.birth_date,
        "photo_url": _web(politician.photo_url),
        "links": {
            "website": _web(politician.website_url),
            "x": _web(politician.x_url),
            "youtube": _web(politician.youtube_url),
            "facebook": _web(politician.facebook_url),
            "wikipedia": _web(politician.wikipedia_url),
        },
        "bio": politician.bio,
        "wikidata_id": politician.wikidata_id,
        "external_ids": politician.external_ids
        if isinstance(politician.external_ids, dict)
        else {},
        "url": absolute(request, politician.get_absolute_url()),
    }


def membership_dict(membership: PartyMembership) -> dict[str, Any]:
    return {
        "id": membership.pk,
        "politician": politician_ref(membership.politician),
        "party": party_ref(membership.party),
        "start_date": membership.start_date,
        "end_date": membership.end_date,
        "role": membership.role,
    }


def party_dict(request: HttpRequest, party: Party) -> dict[str, Any]:
    return {
        "id": party.pk,
        "slug": party.slug,
        "name": party.name,
        "short_name": party.short_name,
        "colour": party.display_colour,
        "website_url": _web(party.website_url),
        "description": party.description,
        "member_count": getattr(party, "member_count", 0),
        "pledge_count": getattr(party, "pledge_count", 0),
        "url": absolute(request, party.get_absolute_url()),
    }


# Pledges --------------------------------------------------------------------------


def pledges_for_api() -> PledgeQuerySet:
    """Visible pledges with their owner, categories and public counts (rows + 1 prefetch)."""
    activities = ActivityReport.objects.public().filter(pledges=OuterRef("pk"))
    comments = Comment.objects.filter(visible_q(), pledge=OuterRef("pk"))
    return (
        Pledge.objects.visible()
        .with_owner()
        .prefetch_related("categories")
        .annotate(api_activities=_count(activities), api_comments=_count(comments))
    )


def _owner(pledge: Pledge) -> dict[str, Any]:
    if pledge.politician is not None:
        return {
            "type": "politician",
            "id": pledge.politician.pk,
            "name": pledge.politician.full_name,
        }
    assert pledge.party is not None
    return {"type": "party", "id": pledge.party.pk, "name": pledge.party.name}


def _good_bad(good: int, bad: int) -> dict[str, int]:
    return {"good": good, "bad": bad}


def votes_dict(pledge: Pledge) -> dict[str, Any]:
    return {
        "good": pledge.votes_good,
        "bad": pledge.votes_bad,
        "voided": pledge.votes_voided,
        "by_reason": {
            reason: _good_bad(
                getattr(pledge, f"votes_good_{reason}"), getattr(pledge, f"votes_bad_{reason}")
            )
            for reason in Reason.values
        },
        "registered": _good_bad(pledge.votes_good_registered, pledge.votes_bad_registered),
        "anonymous": _good_bad(
            pledge.votes_good - pledge.votes_good_registered,
            pledge.votes_bad - pledge.votes_bad_registered,
        ),
    }


def scores_dict(pledge: Pledge, distributions: Mapping[str, Distribution]) -> dict[str, Any]:
    """The 評価 table of the pledge page (ratings.queries.score_rows), with n and Wilson."""
    scores = {}
    for row in score_rows(counters_of(pledge), dict(distributions), settings.N_MIN):
        low, high = wilson_interval(row.good, row.bad)
        scores[row.key] = {
            "score": row.shown_score,
            "n": row.votes,
            "deviation": row.deviation,
            "mean": row.mean,
            "sd": row.sd,
            "wilson": [round_half_up(low, 1), round_half_up(high, 1)],
        }
    return scores


def pledge_dict(
    request: HttpRequest, pledge: Pledge, distributions: Mapping[str, Distribution]
) -> dict[str, Any]:
    return {
        "id": pledge.pk,
        "title": pledge.title,
        "body": pledge.body,
        "owner": _owner(pledge),
        "categories": [category.name for category in pledge.categories.all()],
        "source_url": _web(pledge.source_url),
        "election_id": pledge.election_id,
        "deadline": pledge.deadline,
        "overdue": pledge.is_overdue,
        "progress": {
            "status": pledge.progress_status,
            "status_label": pledge.get_progress_status_display(),
            "percent": pledge.progress_percent,
            "date": pledge.progress_date,
        },
        "votes": votes_dict(pledge),
        "scores": scores_dict(pledge, distributions),
        "counts": {
            "activities": getattr(pledge, "api_activities", 0),
            "progress_reports": pledge.progress_count,
            "comments": getattr(pledge, "api_comments", 0),
        },
        "created_at": pledge.created_at,
        "updated_at": pledge.updated_at,
        "url": absolute(request, pledge.get_absolute_url()),
    }


def progress_report_dict(report: ProgressReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "pledge_id": report.pledge_id,
        "status": report.status,
        "status_label": report.get_status_display(),
        "percent": report.percent,
        "note": report.note,
        "evidence_date": report.evidence_date,
        "evidence": [
            {"url": _web(evidence.url), "date": evidence.date} for evidence in report.evidence.all()
        ],
        "published_at": report.published_at,
    }


# Activity reports and comments ----------------------------------------------------


def activities_for_api() -> ActivityReportQuerySet:
    """Public reports with their politician, poster and visible pledge ids (rows + 1 prefetch)."""
    visible_pledges = Pledge.objects.visible().only("pk").order_by("pk")
    return (
        ActivityReport.objects.public()
        .select_related("politician", "posted_by")
        .prefetch_related(Prefetch("pledges", queryset=visible_pledges, to_attr="api_pledges"))
        .newest_first()
    )


def activity_dict(request: HttpRequest, report: ActivityReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "politician": politician_ref(report.politician),
        "title": report.title,
        "date": report.date,
        "body": report.body,
        "source_url": _web(report.source_url),
        "pledge_ids": [pledge.pk for pledge in getattr(report, "api_pledges", [])],
        "comment_count": report.comment_count,
        "by_politician": report.is_by_politician,
        "published_at": report.published_at,
        "url": absolute(request, report.get_absolute_url()),
    }


def comments_for_api(target_field: str, target_id: int) -> CommentQuerySet:
    """Public comments in public threads on one report or pledge, in thread order."""
    return (
        Comment.objects.filter(visible_q(), **{f"{target_field}_id": target_id})
        .select_related("user")
        .thread_order()
    )


def comment_dict(comment: Comment, politician_id: int | None) -> dict[str, Any]:
    user = comment.user
    return {
        "id": comment.pk,
        "target": {
            "type": "activity" if comment.report_id else "pledge",
            "id": comment.report_id or comment.pledge_id,
        },
        "parent_id": comment.parent_id,
        "author": comment.author_name,
        "by_politician": bool(
            user is not None and politician_id is not None and user.politician_id == politician_id
        ),
        "body": comment.body,
        "published_at": comment.published_at,
    }


# Elections and surveys ------------------------------------------------------------


def election_dict(request: HttpRequest, election: Election) -> dict[str, Any]:
    return {
        "id": election.pk,
        "name": election.name,
        "kind": election.kind,
        "kind_label": election.get_kind_display(),
        "scope": election.scope,
        "prefecture": election.prefecture,
        "prefecture_name": election.prefecture_name,
        "municipality": election.municipality,
        "vote_date": election.vote_date,
        "notice_date": election.notice_date,
        "seats": election.seats,
        "turnout": float(election.turnout) if election.turnout is not None else None,
        "districts": election.districts if isinstance(election.districts, list) else [],
        "candidate_count": getattr(election, "candidate_count", 0),
        "url": absolute(request, election.get_absolute_url()),
    }


def candidacy_dict(candidacy: Candidacy) -> dict[str, Any]:
    return {
        "id": candidacy.pk,
        "election_id": candidacy.election_id,
        "politician": politician_ref(candidacy.politician),
        "party": party_ref(candidacy.party),
        "district": candidacy.district,
        "votes": candidacy.votes,
        "rank": candidacy.rank,
        "elected": candidacy.elected,
    }


def survey_dict(request: HttpRequest, survey: Survey) -> dict[str, Any]:
    options = list(survey.options.all())
    shown = survey.shows_results
    return {
        "id": survey.pk,
        "question": survey.question,
        "description": survey.description,
        "multiple_choice": survey.multiple_choice,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        "is_open": survey.is_open,
        "options": [{"id": option.pk, "label": option.label} for option in options],
        "respondent_count": survey.respondent_count if shown else None,
        "results": [
            {
                "option_id": result.option.pk,
                "label": result.option.label,
                "count": result.count,
                "percent": float(result.percent),
            }
            for result in survey.results(options)
        ]
        if shown
        else None,
        "url": absolute(request, survey.get_absolute_url()),
    }


def represent_all(
    request: HttpRequest, rows: Iterable[Any], function: Any, *args: Any
) -> list[dict[str, Any]]:
    return [function(request, row, *args) for row in rows]
