"""The sitemap index: one section per kind of public page, paginated.

Each section page is one sliced query over an indexed order (LIMIT/OFFSET on
the primary key), so a page costs the same however many politicians or
pledges there are. Only visible content is listed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from tsushinbo.activities.models import ActivityReport
from tsushinbo.elections.models import Election
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Party, Politician
from tsushinbo.surveys.models import Survey

URLS_PER_PAGE = 10_000


class ModelSitemap(Sitemap):
    """Items are (pk, updated_at) rows of a visible QuerySet, newest ids last."""

    limit = URLS_PER_PAGE
    url_name = ""
    lookup = "pk"

    def queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def items(self) -> QuerySet[Any]:
        return self.queryset().order_by("pk").values(self.lookup, "updated_at")

    def location(self, item: dict[str, Any]) -> str:
        return reverse(self.url_name, args=[item[self.lookup]])

    def lastmod(self, item: dict[str, Any]) -> datetime.datetime:
        return item["updated_at"]

    def get_latest_lastmod(self) -> datetime.datetime | None:
        # Django's default walks every item; one aggregate is enough.
        return self.queryset().aggregate(latest=Max("updated_at"))["latest"]


class PoliticianSitemap(ModelSitemap):
    url_name = "politician-detail"

    def queryset(self) -> QuerySet[Politician]:
        return Politician.objects.all()


class PartySitemap(ModelSitemap):
    url_name = "party-detail"
    lookup = "slug"

    def queryset(self) -> QuerySet[Party]:
        return Party.objects.all()


class PledgeSitemap(ModelSitemap):
    url_name = "pledge-detail"

    def queryset(self) -> QuerySet[Pledge]:
        return Pledge.objects.visible()


class ActivitySitemap(ModelSitemap):
    url_name = "activity-detail"

    def queryset(self) -> QuerySet[ActivityReport]:
        return ActivityReport.objects.public()


class ElectionSitemap(ModelSitemap):
    url_name = "election-detail"

    def queryset(self) -> QuerySet[Election]:
        return Election.objects.all()


class SurveySitemap(ModelSitemap):
    url_name = "survey-detail"

    def queryset(self) -> QuerySet[Survey]:
        return Survey.objects.visible()


class PageSitemap(Sitemap):
    names = [
        "home",
        "about",
        "open-data",
        "politician-list",
        "party-list",
        "activity-list",
        "election-list",
        "survey-list",
        "announcement-list",
        "evaluation-guide",
        "terms",
        "privacy",
    ]

    def items(self) -> list[str]:
        return self.names

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": PageSitemap,
    "politicians": PoliticianSitemap,
    "parties": PartySitemap,
    "pledges": PledgeSitemap,
    "activities": ActivitySitemap,
    "elections": ElectionSitemap,
    "surveys": SurveySitemap,
}
