"""The tables of the bulk export: which rows are public, and the columns of each.

Every table starts from the same visibility QuerySets as the pages, so nothing
pending, rejected or hidden is ever exported, and no column holds a voter key,
a network key or an e-mail address. The same column names are used in CSV and
in JSON Lines; /about/data/ shows the descriptions below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from tsushinbo.accounts.models import User
from tsushinbo.activities.models import ActivityReport
from tsushinbo.books.models import Book
from tsushinbo.comments.models import Comment, visible_q
from tsushinbo.elections.models import Candidacy, Election
from tsushinbo.pledges.models import Pledge, ProgressEvidence, ProgressReport
from tsushinbo.politicians.models import Party, PartyMembership, Politician
from tsushinbo.surveys.models import Survey, SurveyOption

CHUNK_SIZE = 2000
REASONS = ("clarity", "feasibility", "sincerity", "other")


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: list[tuple[str, str]]
    rows: Callable[[], QuerySet[Any, Any]]
    # Without one, a row is the instance's attributes named by the columns.
    row: Callable[[Any], dict[str, Any]] | None = None
    # Sets many-to-many values on a chunk of rows with one query (see _attach).
    attach: Callable[[list[Any]], None] | None = None

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def iterate(self) -> Iterator[dict[str, Any]]:
        """Rows as dicts, fetched CHUNK_SIZE at a time so memory stays flat.

        Many-to-many values are attached per chunk with one values() query:
        prefetch_related builds a QuerySet per row, which made the export of
        30,000 pledges several times slower.
        """
        names = self.column_names
        row = self.row or (lambda instance: {name: getattr(instance, name) for name in names})
        instances = self.rows().iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(islice(instances, CHUNK_SIZE)):
            if self.attach is not None:
                self.attach(chunk)
            for instance in chunk:
                yield row(instance)


def _attach(
    attribute: str, links: QuerySet[Any], owner: str, value: str
) -> Callable[[list[Any]], None]:
    """A chunk hook that sets `attribute` to the "|"-joined linked values of each row."""

    def attach(chunk: list[Any]) -> None:
        found: dict[int, list[str]] = {}
        pairs = links.filter(**{f"{owner}__in": [obj.pk for obj in chunk]})
        for key, linked in pairs.values_list(owner, value):
            found.setdefault(key, []).append(str(linked))
        for obj in chunk:
            setattr(obj, attribute, "|".join(found.get(obj.pk, [])))

    return attach


def visible_pledges() -> QuerySet[Pledge]:
    return Pledge.objects.visible()


def public_comments() -> QuerySet[Comment]:
    """Public comments in public threads on a visible pledge or a public report."""
    pledge_ok = Q(pledge__isnull=False) & Q(Exists(visible_pledges().filter(pk=OuterRef("pledge"))))
    report_ok = Q(report__isnull=False) & Q(
        Exists(ActivityReport.objects.public().filter(pk=OuterRef("report")))
    )
    return Comment.objects.public().filter(visible_q()).filter(pledge_ok | report_ok)


def _pledge_row(p: Pledge) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": p.pk,
        "title": p.title,
        "body": p.body,
        "owner_type": "politician" if p.politician_id else "party",
        "politician_id": p.politician_id,
        "party_id": p.party_id,
        "categories": p.export_categories,  # type: ignore[attr-defined]
        "source_url": p.source_url,
        "election_id": p.election_id,
        "deadline": p.deadline,
        "progress_status": p.progress_status,
        "progress_percent": p.progress_percent,
        "progress_date": p.progress_date,
        "votes_good": p.votes_good,
        "votes_bad": p.votes_bad,
    }
    for reason in REASONS:
        row[f"votes_good_{reason}"] = getattr(p, f"votes_good_{reason}")
        row[f"votes_bad_{reason}"] = getattr(p, f"votes_bad_{reason}")
    row |= {
        "votes_good_registered": p.votes_good_registered,
        "votes_bad_registered": p.votes_bad_registered,
        "votes_good_anonymous": p.votes_good - p.votes_good_registered,
        "votes_bad_anonymous": p.votes_bad - p.votes_bad_registered,
        "votes_voided": p.votes_voided,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }
    return row


_REASON_COLUMNS = [
    (f"votes_{side}_{reason}", f"{label}（理由：{reason_label}）")
    for reason, reason_label in zip(REASONS, ("明確さ", "現実性", "誠実さ", "その他"), strict=True)
    for side, label in (("good", "支持"), ("bad", "不支持"))
]


def _comment_row(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": c["id"],
        "pledge_id": c["pledge_id"],
        "activity_report_id": c["report_id"],
        "parent_id": c["parent_id"],
        "author_name": _author_name(c),
        "body": c["body"],
        "published_at": c["published_at"],
    }


def _author_name(c: dict[str, Any]) -> str:
    """Comment.author_name, from values() rows."""
    if c["user_id"] is None:
        return Comment(nickname=c["nickname"]).author_name
    user = User(
        username=c["user__username"],
        display_name=c["user__display_name"],
        is_active=c["user__is_active"],
    )
    return user.public_name


def _survey_row(s: Survey) -> dict[str, Any]:
    return {
        "id": s.pk,
        "question": s.question,
        "description": s.description,
        "multiple_choice": s.multiple_choice,
        "opens_at": s.opens_at,
        "closes_at": s.closes_at,
        "results_public": s.shows_results,
        "respondent_count": s.respondent_count if s.shows_results else None,
    }


def _survey_option_row(o: SurveyOption) -> dict[str, Any]:
    shown = o.survey.shows_results
    result = o.survey.results([o])[0] if shown else None
    return {
        "id": o.pk,
        "survey_id": o.survey_id,
        "label": o.label,
        "position": o.position,
        "answer_count": result.count if result else None,
        "percent": result.percent if result else None,
    }


def _comment_rows() -> QuerySet[Comment, Any]:
    # Plain values, not model instances: five times faster on 100k+ comments.
    return (
        public_comments()
        .order_by("id")
        .values(
            "id", "pledge_id", "report_id", "parent_id", "nickname", "body", "published_at",
            "user_id", "user__username", "user__display_name", "user__is_active",
        )
    )  # fmt: skip


TABLES: list[Table] = [
    Table(
        "politicians",
        "政治家",
        [
            ("id", "政治家ID（サイトの /politicians/ID/ と同じ）"),
            ("family_name", "姓"),
            ("given_name", "名"),
            ("family_name_kana", "姓のよみ（ひらがな）"),
            ("given_name_kana", "名のよみ（ひらがな）"),
            ("gender", "性別（female / male / other / 空＝不明）"),
            ("birth_date", "生年月日（YYYY-MM-DD）"),
            ("office", "役職（representative / councillor / governor / mayor / …）"),
            ("prefecture", "都道府県コード（JIS X 0401、1〜47）"),
            ("prefecture_name", "都道府県名"),
            ("municipality", "市区町村"),
            ("district", "選挙区"),
            ("party_id", "現在の所属政党ID（parties.id、空＝無所属）"),
            ("website_url", "ウェブサイト"),
            ("x_url", "X（旧Twitter）"),
            ("youtube_url", "YouTube"),
            ("facebook_url", "Facebook"),
            ("wikipedia_url", "Wikipedia"),
            ("photo_url", "写真URL"),
            ("bio", "経歴"),
            ("wikidata_id", "Wikidata ID"),
            ("is_demo", "デモデータなら true"),
            ("updated_at", "最終更新日時（ISO 8601）"),
        ],
        lambda: Politician.objects.order_by("id"),
    ),
    Table(
        "parties",
        "政党",
        [
            ("id", "政党ID"),
            ("name", "政党名"),
            ("short_name", "略称"),
            ("slug", "スラッグ（/parties/スラッグ/）"),
            ("colour", "表示色（#RRGGBB）"),
            ("website_url", "ウェブサイト"),
            ("description", "説明"),
            ("is_demo", "デモデータなら true"),
            ("updated_at", "最終更新日時"),
        ],
        lambda: Party.objects.order_by("id"),
    ),
    Table(
        "memberships",
        "政党所属歴",
        [
            ("id", "所属歴ID"),
            ("politician_id", "政治家ID"),
            ("party_id", "政党ID"),
            ("start_date", "開始日"),
            ("end_date", "終了日（空＝現在も所属）"),
            ("role", "役職"),
        ],
        lambda: PartyMembership.objects.order_by("id"),
    ),
    Table(
        "pledges",
        "公約・政策（公開中のもの）",
        [
            ("id", "公約ID"),
            ("title", "タイトル"),
            ("body", "内容"),
            ("owner_type", "持ち主の種類（politician / party）"),
            ("politician_id", "政治家ID"),
            ("party_id", "政党ID"),
            ("categories", "分野（「|」区切り）"),
            ("source_url", "出典URL"),
            ("election_id", "選挙ID"),
            ("deadline", "期限"),
            ("progress_status", "進捗状況"),
            ("progress_percent", "進捗率（%）"),
            ("progress_date", "進捗の根拠日"),
            ("votes_good", "支持の数（有効な評価）"),
            ("votes_bad", "不支持の数（有効な評価）"),
            *_REASON_COLUMNS,
            ("votes_good_registered", "支持のうち登録ユーザーの数"),
            ("votes_bad_registered", "不支持のうち登録ユーザーの数"),
            ("votes_good_anonymous", "支持のうち匿名の数"),
            ("votes_bad_anonymous", "不支持のうち匿名の数"),
            ("votes_voided", "不正対策で無効化された評価の数"),
            ("created_at", "登録日時"),
            ("updated_at", "最終更新日時"),
        ],
        lambda: visible_pledges().order_by("id"),
        _pledge_row,
        _attach(
            "export_categories",
            Pledge.categories.through.objects.order_by("category__name"),
            "pledge_id",
            "category__name",
        ),
    ),
    Table(
        "progress_reports",
        "進捗報告（承認済み）",
        [
            ("id", "進捗報告ID"),
            ("pledge_id", "公約ID"),
            ("status", "進捗状況"),
            ("percent", "進捗率（%）"),
            ("note", "説明"),
            ("evidence_date", "根拠の日付"),
            ("evidence_urls", "根拠のURL（「|」区切り）"),
            ("published_at", "公開日時"),
        ],
        lambda: (
            ProgressReport.objects.approved().filter(pledge__in=visible_pledges()).order_by("id")
        ),
        attach=_attach(
            "evidence_urls",
            ProgressEvidence.objects.order_by("position", "id"),
            "report_id",
            "url",
        ),
    ),
    Table(
        "activity_reports",
        "活動報告・発言（公開中のもの）",
        [
            ("id", "活動報告ID"),
            ("politician_id", "政治家ID"),
            ("title", "タイトル"),
            ("date", "活動日"),
            ("body", "本文"),
            ("source_url", "出典URL"),
            ("pledge_ids", "関連する公約ID（「|」区切り）"),
            ("published_at", "公開日時"),
        ],
        lambda: ActivityReport.objects.public().order_by("id"),
        attach=_attach(
            "pledge_ids",
            ActivityReport.pledges.through.objects.filter(pledge__in=visible_pledges()).order_by(
                "pledge_id"
            ),
            "activityreport_id",
            "pledge_id",
        ),
    ),
    Table(
        "comments",
        "コメント（承認済みで公開中のもの）",
        [
            ("id", "コメントID"),
            ("pledge_id", "公約ID（公約へのコメント）"),
            ("activity_report_id", "活動報告ID（活動報告へのコメント）"),
            ("parent_id", "返信先のコメントID"),
            ("author_name", "表示名（匿名ならニックネームか「匿名」）"),
            ("body", "コメント"),
            ("published_at", "公開日時"),
        ],
        _comment_rows,
        _comment_row,
    ),
    Table(
        "elections",
        "選挙",
        [
            ("id", "選挙ID"),
            ("name", "選挙名"),
            ("kind", "種類"),
            ("scope", "範囲"),
            ("prefecture", "都道府県コード"),
            ("municipality", "市区町村"),
            ("vote_date", "投票日"),
            ("notice_date", "告示日・公示日"),
            ("seats", "定数"),
            ("turnout", "投票率（%）"),
            ("external_id", "外部ID"),
        ],
        lambda: Election.objects.order_by("id"),
    ),
    Table(
        "candidacies",
        "立候補",
        [
            ("id", "立候補ID"),
            ("election_id", "選挙ID"),
            ("politician_id", "政治家ID"),
            ("party_id", "政党ID"),
            ("district", "選挙区"),
            ("votes", "得票数"),
            ("rank", "順位"),
            ("elected", "当選なら true、落選なら false"),
        ],
        lambda: Candidacy.objects.order_by("id"),
    ),
    Table(
        "surveys",
        "アンケート（受付開始済み）",
        [
            ("id", "アンケートID"),
            ("question", "質問"),
            ("description", "説明"),
            ("multiple_choice", "複数選択なら true"),
            ("opens_at", "受付開始日時"),
            ("closes_at", "締め切り日時"),
            ("results_public", "結果が公開中なら true（締め切りまで非公開のものは false）"),
            ("respondent_count", "回答者数（結果が非公開なら空）"),
        ],
        lambda: Survey.objects.visible().order_by("id"),
        _survey_row,
    ),
    Table(
        "survey_options",
        "アンケートの選択肢と結果",
        [
            ("id", "選択肢ID"),
            ("survey_id", "アンケートID"),
            ("label", "選択肢"),
            ("position", "表示順"),
            ("answer_count", "回答数（結果が非公開なら空）"),
            ("percent", "回答者に占める割合（%）"),
        ],
        lambda: (
            SurveyOption.objects.filter(survey__in=Survey.objects.visible())
            .select_related("survey")
            .order_by("id")
        ),
        _survey_option_row,
    ),
    Table(
        "books",
        "関連書籍",
        [
            ("id", "書籍ID"),
            ("title", "書名"),
            ("authors", "著者"),
            ("publisher", "出版社"),
            ("year", "発行年"),
            ("isbn", "ISBN-13"),
            ("url", "リンク"),
            ("politician_ids", "関連する政治家ID（「|」区切り）"),
        ],
        lambda: Book.objects.order_by("id"),
        attach=_attach(
            "politician_ids",
            Book.politicians.through.objects.order_by("politician_id"),
            "book_id",
            "politician_id",
        ),
    ),
]
