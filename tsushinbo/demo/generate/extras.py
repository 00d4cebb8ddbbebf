"""Surveys with answers, books about the demo politicians, and a few announcements.

These models have no is_demo flag: each row is listed in DemoObject so
`seed_demo --clear` finds it again.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence

from django.db import models

from tsushinbo.books.models import Book
from tsushinbo.demo import words
from tsushinbo.demo.generate.activities import ActivitiesStage
from tsushinbo.demo.generate.common import CATEGORY_NAMES
from tsushinbo.demo.generate.votes import anonymous_key
from tsushinbo.demo.models import DemoObject
from tsushinbo.lib.isbn import isbn13_check_digit
from tsushinbo.lib.prefectures import PREFECTURES
from tsushinbo.news.models import Announcement
from tsushinbo.politicians.models import Politician
from tsushinbo.surveys.models import Survey, SurveyAnswer, SurveyOption

DAY_SECONDS = 86400


def remember(rows: Sequence[models.Model]) -> None:
    DemoObject.objects.bulk_create(
        [DemoObject(model=row._meta.label_lower, object_id=row.pk) for row in rows]
    )


class ExtrasStage(ActivitiesStage):
    def moment(self, seconds: int) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(seconds, datetime.UTC)

    # -- surveys --

    def create_surveys(self) -> None:
        """The first survey is open; the others closed, one every two months before it."""
        total_answers = 0
        for index in range(self.engagement.surveys):
            question, description, labels = words.SURVEYS[index % len(words.SURVEYS)]
            opens = self.now - (14 + 60 * index) * DAY_SECONDS
            closes = self.now + 30 * DAY_SECONDS if index == 0 else opens + 45 * DAY_SECONDS
            survey = Survey.objects.create(
                question=question,
                description=description,
                multiple_choice=index % 4 == 3,
                opens_at=self.moment(opens),
                closes_at=self.moment(closes),
            )
            remember([survey])
            options = SurveyOption.objects.bulk_create(
                [
                    SurveyOption(survey=survey, label=label, position=n)
                    for n, label in enumerate(labels)
                ]
            )
            total_answers += self.answer_survey(survey, options, opens, min(closes, self.now))
        self.counts["surveys"] = self.engagement.surveys
        self.counts["survey_answers"] = total_answers
        self.log(
            f"アンケート {self.engagement.surveys}件（回答 {total_answers:,}件）を作成しました"
        )

    def answer_survey(
        self, survey: Survey, options: list[SurveyOption], opens: int, until: int
    ) -> int:
        rng = self.erng
        count = int(self.engagement.answers_per_survey * rng.uniform(0.5, 1.0))
        registered = min(count // 3, len(self.user_ids))
        users = rng.sample(self.user_ids, registered)
        preference = [rng.uniform(0.2, 1.0) for _ in options]
        answers: list[SurveyAnswer] = []
        chosen: list[set[int]] = []
        for n in range(count):
            user = users[n] if n < registered else None
            key = "" if user else anonymous_key(survey.pk * 1_000_000 + n, b"survey")
            answers.append(
                SurveyAnswer(
                    survey=survey,
                    user_id=user,
                    voter_key=key,
                    network_key=self.networks[n % len(self.networks)],
                    created_at=self.moment(opens + int((until - opens) * rng.random())),
                )
            )
            how_many = 2 if survey.multiple_choice and rng.random() < 0.5 else 1
            chosen.append(set(rng.choices(range(len(options)), preference, k=how_many)))
        SurveyAnswer.objects.bulk_create(answers, batch_size=2000)
        through = SurveyAnswer.options.through
        tally: Counter[int] = Counter()
        links = []
        for answer, picked in zip(answers, chosen, strict=True):
            for pick in sorted(picked):
                tally[pick] += 1
                links.append(through(surveyanswer_id=answer.pk, surveyoption_id=options[pick].pk))
        through.objects.bulk_create(links, batch_size=2000)
        for index, option in enumerate(options):
            SurveyOption.objects.filter(pk=option.pk).update(answer_count=tally[index])
        Survey.objects.filter(pk=survey.pk).update(respondent_count=count)
        return count

    # -- books --

    def create_books(self) -> None:
        rng, total = self.erng, self.engagement.books
        authors = rng.sample(self.people, min(total, len(self.people)))
        names = dict(
            Politician.objects.filter(pk__in=[p.pk for p in authors]).values_list(
                "pk", "family_name"
            )
        )
        given = dict(
            Politician.objects.filter(pk__in=[p.pk for p in authors]).values_list(
                "pk", "given_name"
            )
        )
        taken = set(Book.objects.filter(isbn__startswith="97849").values_list("isbn", flat=True))
        books, owners = [], []
        for n, person in enumerate(authors):
            core = f"97849{self.today.year % 100:02d}{n:05d}"
            isbn = core + isbn13_check_digit(core)
            context = {
                "area": person.municipality or PREFECTURES[person.prefecture],
                "category": CATEGORY_NAMES[person.focus],
            }
            books.append(
                Book(
                    title=rng.choice(words.BOOK_TITLES).format(**context),
                    authors=f"{names[person.pk]}{given[person.pk]}",
                    publisher=rng.choice(words.PUBLISHERS),
                    year=self.today.year - rng.randint(0, 15),
                    isbn="" if isbn in taken else isbn,
                    url=f"https://example.com/demo/books/{n + 1}",
                )
            )
            owners.append(person.pk)
        Book.objects.bulk_create(books, batch_size=1000)
        through = Book.politicians.through
        through.objects.bulk_create(
            [
                through(book_id=book.pk, politician_id=owner)
                for book, owner in zip(books, owners, strict=True)
            ],
            batch_size=1000,
        )
        remember(books)
        self.counts["books"] = len(books)

    # -- announcements --

    def create_announcements(self) -> None:
        slugs = [f"demo-{suffix}" for suffix, *_rest in words.ANNOUNCEMENTS]
        taken = set(Announcement.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        rows = [
            Announcement(
                title=title,
                slug=f"demo-{suffix}",
                body=body,
                category=category,
                published_at=self.moment(self.now - days * DAY_SECONDS + 10 * 3600),
                created_at=self.moment(self.now - days * DAY_SECONDS),
            )
            for suffix, title, category, body, days in words.ANNOUNCEMENTS
            if f"demo-{suffix}" not in taken
        ]
        Announcement.objects.bulk_create(rows)
        remember(rows)
        self.counts["announcements"] = len(rows)
