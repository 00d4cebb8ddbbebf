from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.utils.feedgenerator import Atom1Feed

from tsushinbo.news.models import Announcement

FEED_SIZE = 20


class AnnouncementFeed(Feed):
    """Atom feed of published announcements, newest first."""

    feed_type = Atom1Feed
    link = "/news/"
    feed_url = "/feeds/news/"

    def title(self) -> str:
        return f"{settings.SITE_NAME} お知らせ"

    def subtitle(self) -> str:
        return f"{settings.SITE_NAME}の運営からのお知らせ（ルールの変更、新しい機能など）"

    def author_name(self) -> str:
        return settings.SITE_NAME

    def items(self) -> QuerySet[Announcement]:
        return Announcement.objects.published().newest_first()[:FEED_SIZE]

    def item_title(self, item: Announcement) -> str:
        return item.title

    def item_description(self, item: Announcement) -> str:
        return item.body_html

    def item_pubdate(self, item: Announcement) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Announcement) -> datetime.datetime:
        return item.updated_at

    def item_categories(self, item: Announcement) -> list[str]:
        return [item.get_category_display()]
