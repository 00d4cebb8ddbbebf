"""Seed the four editable pages with their first version (from tsushinbo/news/defaults.py)."""

from django.db import migrations
from django.utils import timezone

from tsushinbo.news.defaults import DEFAULT_PAGES


def seed_pages(apps, schema_editor):
    SitePage = apps.get_model("news", "SitePage")
    SitePageRevision = apps.get_model("news", "SitePageRevision")
    now = timezone.now()
    for key, (title, description, body) in DEFAULT_PAGES.items():
        page, created = SitePage.objects.get_or_create(
            key=key,
            defaults={"title": title, "description": description, "body": body, "updated_at": now},
        )
        if created:
            SitePageRevision.objects.create(
                page=page,
                number=1,
                title=title,
                description=description,
                body=body,
                created_at=now,
            )


def unseed_pages(apps, schema_editor):
    SitePage = apps.get_model("news", "SitePage")
    SitePage.objects.filter(key__in=list(DEFAULT_PAGES)).delete()


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(seed_pages, unseed_pages)]
