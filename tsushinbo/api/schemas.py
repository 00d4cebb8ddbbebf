"""Response and request shapes of /api/v1/ (they are the OpenAPI document's components)."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field


class ErrorDetail(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorDetail


class PageBase(Schema):
    count: int
    next: str | None
    previous: str | None


# People and parties ---------------------------------------------------------------


class PartyRef(Schema):
    id: int
    slug: str
    name: str


class PoliticianRef(Schema):
    id: int
    name: str


class Links(Schema):
    website: str | None
    x: str | None
    youtube: str | None
    facebook: str | None
    wikipedia: str | None


class PoliticianOut(Schema):
    id: int
    name: str
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    role: str
    office: str
    office_label: str
    prefecture: int | None
    prefecture_name: str
    municipality: str
    district: str
    party: PartyRef | None
    gender: str
    birth_date: datetime.date | None
    photo_url: str | None
    links: Links
    bio: str
    wikidata_id: str
    external_ids: dict[str, object]
    url: str


class MembershipOut(Schema):
    id: int
    politician: PoliticianRef
    party: PartyRef
    start_date: datetime.date | None
    end_date: datetime.date | None
    role: str


class PoliticianDetailOut(PoliticianOut):
    memberships: list[MembershipOut]


class PartyOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    colour: str
    website_url: str | None
    description: str
    member_count: int
    pledge_count: int
    url: str


class PoliticianPage(PageBase):
    results: list[PoliticianOut]


class PartyPage(PageBase):
    results: list[PartyOut]


class MembershipPage(PageBase):
    results: list[MembershipOut]


# Pledges and votes ----------------------------------------------------------------


class Owner(Schema):
    type: str = Field(description='"politician" or "party"')
    id: int
    name: str


class Progress(Schema):
    status: str
    status_label: str
    percent: int
    date: datetime.date | None


class GoodBad(Schema):
    good: int
    bad: int


class ByReason(Schema):
    clarity: GoodBad
    feasibility: GoodBad
    sincerity: GoodBad
    other: GoodBad


class Votes(Schema):
    good: int
    bad: int
    voided: int
    by_reason: ByReason
    registered: GoodBad
    anonymous: GoodBad


class Score(Schema):
    score: int | None = Field(description="得点 (0–100, rounded half up); null without votes")
    n: int
    deviation: float | None = Field(description="偏差値; null below n_min votes (評価数不足)")
    mean: float | None
    sd: float | None
    wilson: list[float] = Field(description="95% Wilson interval of G/(G+B), in percent")


class Scores(Schema):
    overall: Score
    clarity: Score
    feasibility: Score
    sincerity: Score


class Counts(Schema):
    activities: int
    progress_reports: int
    comments: int


class PledgeOut(Schema):
    id: int
    title: str
    body: str
    owner: Owner
    categories: list[str]
    source_url: str | None
    election_id: int | None
    deadline: datetime.date | None
    overdue: bool
    progress: Progress
    votes: Votes
    scores: Scores
    counts: Counts
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str


class PledgePage(PageBase):
    results: list[PledgeOut]


class Evidence(Schema):
    url: str | None
    date: datetime.date


class ProgressReportOut(Schema):
    id: int
    pledge_id: int
    status: str
    status_label: str
    percent: int
    note: str
    evidence_date: datetime.date
    evidence: list[Evidence]
    published_at: datetime.datetime | None


class ProgressReportPage(PageBase):
    results: list[ProgressReportOut]


class CriterionStat(Schema):
    mean: float | None
    sd: float | None
    pledges: int


class StatsOut(Schema):
    n_min: int
    criteria: dict[str, CriterionStat]


# Activity reports and comments ----------------------------------------------------


class ActivityOut(Schema):
    id: int
    politician: PoliticianRef
    title: str
    date: datetime.date
    body: str
    source_url: str | None
    pledge_ids: list[int]
    comment_count: int
    by_politician: bool
    published_at: datetime.datetime | None
    url: str


class ActivityPage(PageBase):
    results: list[ActivityOut]


class CommentTarget(Schema):
    type: str = Field(description='"activity" or "pledge"')
    id: int


class CommentOut(Schema):
    id: int
    target: CommentTarget
    parent_id: int | None
    author: str
    by_politician: bool
    body: str
    published_at: datetime.datetime | None


class CommentPage(PageBase):
    results: list[CommentOut]


# Elections and surveys ------------------------------------------------------------


class ElectionOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    scope: str
    prefecture: int | None
    prefecture_name: str
    municipality: str
    vote_date: datetime.date
    notice_date: datetime.date | None
    seats: int | None
    turnout: float | None
    districts: list[object]
    candidate_count: int
    url: str


class ElectionPage(PageBase):
    results: list[ElectionOut]


class CandidacyOut(Schema):
    id: int
    election_id: int
    politician: PoliticianRef
    party: PartyRef | None
    district: str
    votes: int | None
    rank: int | None
    elected: bool | None


class CandidacyPage(PageBase):
    results: list[CandidacyOut]


class SurveyOption(Schema):
    id: int
    label: str


class SurveyResult(Schema):
    option_id: int
    label: str
    count: int
    percent: float


class SurveyOut(Schema):
    id: int
    question: str
    description: str
    multiple_choice: bool
    opens_at: datetime.datetime
    closes_at: datetime.datetime | None
    is_open: bool
    options: list[SurveyOption]
    respondent_count: int | None = Field(description="null while results are hidden")
    results: list[SurveyResult] | None = Field(description="null while results are hidden")
    url: str


class SurveyPage(PageBase):
    results: list[SurveyOut]


# Writes -------------------------------------------------------------------------


class AntiAbuseIn(Schema):
    altcha: str = Field(
        "", description="Anonymous clients: a solved ALTCHA payload (GET /integrity/challenge/)"
    )
    website: str = Field("", description="Honeypot: leave empty")


class VoteIn(AntiAbuseIn):
    polarity: str = Field(description='"good" (支持) or "bad" (不支持)')
    reason: str = Field(description='"clarity", "feasibility", "sincerity" or "other"')


class YourVote(Schema):
    polarity: str
    reason: str


class VoteOut(Schema):
    message: str
    created: bool
    changed: bool
    vote: YourVote
    pledge: PledgeOut


class CommentIn(AntiAbuseIn):
    body: str
    nickname: str = Field("", description="Required for anonymous comments")
    parent: int | None = Field(None, description="Id of a first-level comment to reply to")


class CommentPosted(Schema):
    id: int
    status: str = Field(description='"pending" (held for review) or "approved"')
    message: str


class AnswerIn(AntiAbuseIn):
    choice: list[int] = Field(description="Option id(s); exactly one unless multiple_choice")


class AnswerOut(Schema):
    message: str
    survey: SurveyOut


class CsrfOut(Schema):
    csrf_token: str


# Statuses every endpoint may answer with the error shape (ninja's codes_4xx lacks 422).
ERRORS = frozenset({400, 401, 403, 404, 405, 409, 422, 429})


# Rankings and search ----------------------------------------------------------------


class RankedSubject(Schema):
    type: str = Field(description='"pledge", "politician" or "party"')
    id: int
    name: str
    url: str | None


class CriterionTally(Schema):
    good: int
    bad: int
    votes: int
    wilson_lower: float


class RankingCriteria(Schema):
    clarity: CriterionTally
    feasibility: CriterionTally
    sincerity: CriterionTally


class RankingEntryOut(Schema):
    rank: int
    subject: RankedSubject
    party: PartyRef | None
    prefecture: int | None
    office: str
    good: int
    bad: int
    votes: int
    score: int | None
    wilson_lower: float
    criteria: RankingCriteria
    progress: int
    comments: int
    refreshed_at: datetime.datetime


class RankingPage(PageBase):
    kind: str
    by: str
    period: str
    min_votes: int
    results: list[RankingEntryOut]


class SearchHit(Schema):
    kind: str = Field(description='"politician", "pledge" or "report"')
    id: int
    title: str
    snippet: str
    snippet_html: str = Field(description="Escaped text with the matches in <mark>")
    url: str


class SearchPage(PageBase):
    counts: dict[str, int]
    problems: list[str]
    results: list[SearchHit]
