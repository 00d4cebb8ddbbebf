"""Atom feeds of newly published activity reports: site-wide, per politician, per pledge."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from tsushinbo.activities.models import ActivityReport, ActivityReportQuerySet
from tsushinbo.activities.rendering import plain_text_html
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Politician

FEED_SIZE = 20


class ActivityFeed(Feed):
    """New public activity reports, newest first."""

    feed_type = Atom1Feed
    link = "/activities/"
    feed_url = "/feeds/activities/"

    def title(self) -> str:
        return f"{settings.SITE_NAME} 新着の活動報告"

    def subtitle(self) -> str:
        return "政治家の活動報告・発言（出典つき）の新着"

    def author_name(self) -> str:
        return settings.SITE_NAME

    def reports(self) -> ActivityReportQuerySet:
        return ActivityReport.objects.public()

    def items(self) -> list[ActivityReport]:
        rows = self.reports().select_related("politician").newest_first()[:FEED_SIZE]
        return list(rows)

    def item_title(self, item: ActivityReport) -> str:
        return f"{item.politician.full_name}：{item.title}"

    def item_description(self, item: ActivityReport) -> str:
        return plain_text_html(item.body)

    def item_link(self, item: ActivityReport) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: ActivityReport) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: ActivityReport) -> datetime.datetime:
        return item.updated_at

    def item_categories(self, item: ActivityReport) -> list[str]:
        return ["活動報告"]


class PoliticianActivityFeed(ActivityFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Politician:  # type: ignore[override]
        return get_object_or_404(Politician, pk=pk)

    def title(self, obj: Politician) -> str:  # type: ignore[override]
        return f"{obj.full_name}の活動報告 | {settings.SITE_NAME}"

    def subtitle(self, obj: Politician) -> str:  # type: ignore[override]
        return f"{obj.headline}の活動報告・発言の新着"

    def link(self, obj: Politician) -> str:  # type: ignore[override]
        return f"/politicians/{obj.pk}/activities/"

    def feed_url(self, obj: Politician) -> str:  # type: ignore[override]
        return f"/feeds/politicians/{obj.pk}/activities/"

    def items(self, obj: Politician) -> list[ActivityReport]:  # type: ignore[override]
        rows = self.reports().filter(politician=obj).newest_first()[:FEED_SIZE]
        reports = list(rows)
        for report in reports:
            report.politician = obj
        return reports


class PledgeActivityFeed(ActivityFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Pledge:  # type: ignore[override]
        return get_object_or_404(Pledge.objects.visible(), pk=pk)

    def title(self, obj: Pledge) -> str:  # type: ignore[override]
        return f"公約「{obj.title}」に関する活動報告 | {settings.SITE_NAME}"

    def subtitle(self, obj: Pledge) -> str:  # type: ignore[override]
        return f"「{obj.title}」を実現するための活動の新着"

    def link(self, obj: Pledge) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def feed_url(self, obj: Pledge) -> str:  # type: ignore[override]
        return f"/feeds/pledges/{obj.pk}/activities/"

    def items(self, obj: Pledge) -> list[ActivityReport]:  # type: ignore[override]
        rows = self.reports().filter(pledges=obj).select_related("politician").newest_first()
        return list(rows[:FEED_SIZE])
