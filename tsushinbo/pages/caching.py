"""The home page's cache: its body is rendered once per generation for anonymous visitors.

The cache key joins three generation keys: the news box's (new public
activity reports, announcements), the rankings' (every vote, every refresh)
and the home page's own, which the receivers below replace when a pledge,
party, election, survey or comment is saved or deleted. The receivers only
drop a cache, after commit; they change nothing in the domain, so they do
not break the rule that writes live in actions. HOME_CACHE_SECONDS bounds
what no write announces (a survey's answer count, the 7-day window sliding).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from tsushinbo.activities.models import ActivityReport
from tsushinbo.comments.models import Comment
from tsushinbo.elections.models import Candidacy, Election
from tsushinbo.lib.generations import bump, generation
from tsushinbo.news.queries import GENERATION_KEY as NEWS_GENERATION_KEY
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Party
from tsushinbo.rankings.caching import RANKINGS_GENERATION_KEY
from tsushinbo.surveys.models import Survey

HOME_GENERATION_KEY = "home:generation"
INVALIDATING_MODELS = (Pledge, Party, Election, Candidacy, Survey, Comment, ActivityReport)


GENERATION_KEYS = (NEWS_GENERATION_KEY, RANKINGS_GENERATION_KEY, HOME_GENERATION_KEY)


def home_body_key() -> str:
    known = cache.get_many(GENERATION_KEYS)  # one round trip in the common case
    generations = ":".join(known.get(key) or generation(key) for key in GENERATION_KEYS)
    # The date too: 「あと7日」 and the upcoming elections turn over at midnight.
    return f"home:body:{timezone.localdate().isoformat()}:{generations}"


def home_page_key(body_key: str) -> str:
    """The whole anonymous page (header, demo banner, body) for one body generation."""
    return body_key.replace("home:body:", "home:page:", 1)


def invalidate_home_page() -> None:
    bump(HOME_GENERATION_KEY)


def _on_change(sender: type, **kwargs: Any) -> None:
    transaction.on_commit(invalidate_home_page)


for _model in INVALIDATING_MODELS:
    post_save.connect(_on_change, sender=_model, dispatch_uid=f"home-save-{_model.__name__}")
    post_delete.connect(_on_change, sender=_model, dispatch_uid=f"home-delete-{_model.__name__}")
