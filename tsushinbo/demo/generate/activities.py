"""Activity reports (活動報告) of the demo politicians, linked to their pledges, with comments.

Reports and their comments are written together, so each report's
comment_count is the number of its public comments from the start.
"""

from __future__ import annotations

import datetime

from django.db import reset_queries

from tsushinbo.activities.models import ActivityReport
from tsushinbo.demo import data, words
from tsushinbo.demo.generate.bulk import IdBlock, Row, RowWriter
from tsushinbo.demo.generate.common import CATEGORY_NAMES, CHUNK_SIZE, DAY, Person
from tsushinbo.demo.generate.votes import PARETO_ALPHA, VOTE_WINDOW_DAYS, EngagementStage
from tsushinbo.lib.prefectures import PREFECTURES
from tsushinbo.moderation.models import ReviewStatus

ACTIVITY_FIELDS = ["id", "politician", "title", "date", "body", "source_url", "posted_by"]
ACTIVITY_FIELDS += ["comment_count", "status", "reviewed_at", "published_at", "created_at"]
COMMENT_WINDOW = 30 * 86400  # a report is discussed in its first month


class ActivitiesStage(EngagementStage):
    def create_activity_reports(self) -> None:
        rng, total = self.erng, self.engagement.activity_reports
        weights = [data.PLEDGE_WEIGHTS[p.office] * rng.uniform(0.2, 1.8) for p in self.people]
        per_weight = total / sum(weights)
        ids = IdBlock(ActivityReport)
        writer = RowWriter(ActivityReport, ACTIVITY_FIELDS)
        links = RowWriter(ActivityReport.pledges.through, ["activityreport", "pledge"])
        per_report = self.engagement.comments * 0.8 / max(total, 1)
        self.counts["activity_reports"] = 0
        rows: list[Row] = []
        link_rows: list[Row] = []
        for person, weight in zip(self.people, weights, strict=True):
            for _ in range(int(weight * per_weight + rng.random())):
                report_id = ids.take()
                rows.append(self.invent_report(person, report_id, per_report, link_rows))
            if len(rows) >= CHUNK_SIZE:
                self.counts["activity_reports"] += writer.write(rows)
                links.write(link_rows)
                self.comments.flush()
                rows, link_rows = [], []
                reset_queries()
        self.counts["activity_reports"] += writer.write(rows)
        links.write(link_rows)
        self.comments.flush()
        self.log(f"活動報告 {self.counts['activity_reports']:,}件を作成しました")

    def invent_report(
        self, person: Person, report_id: int, per_report: float, link_rows: list[Row]
    ) -> Row:
        rng = self.erng
        day = self.today - int(VOTE_WINDOW_DAYS * rng.random() ** 1.4 + 1) * DAY
        pledges = self.pledges_by_politician.get(person.pk, [])
        linked = rng.sample(pledges, min(len(pledges), rng.choices([0, 1, 2], [35, 50, 15])[0]))
        link_rows += [(report_id, pledge_id) for pledge_id in linked]
        area = person.municipality or PREFECTURES[person.prefecture]
        context = {
            "area": area,
            "category": CATEGORY_NAMES[person.focus if rng.random() < 0.6 else self.any_focus()],
            "date": f"{day.month}月{day.day}日",
        }
        body = [rng.choice(words.ACTIVITY_OPENINGS)]
        body += rng.sample(words.ACTIVITY_MIDDLES, rng.randint(1, 2))
        body.append(rng.choice(words.ACTIVITY_CLOSINGS))
        moment = self.epoch(datetime.datetime.combine(day, datetime.time(9), datetime.UTC))
        published = min(moment + rng.randint(3600, 30 * 3600), self.now)
        skewed = per_report * (PARETO_ALPHA - 1) * (rng.paretovariate(PARETO_ALPHA) - 1)
        comments = int(skewed + rng.random())  # rounded at random, so the total stays on target
        public = self.comments.thread(
            report=report_id,
            pledge=None,
            count=min(comments, 2000),
            start=published,
            end=published + COMMENT_WINDOW,
        )
        return (
            report_id,
            person.pk,
            rng.choice(words.ACTIVITY_TITLES).format(**context),
            day.isoformat(),
            "\n\n".join(sentence.format(**context) for sentence in body),
            f"https://example.com/demo/politicians/{person.number}/activities/{report_id}",
            rng.choice(self.user_ids) if self.user_ids else None,
            public,
            ReviewStatus.APPROVED.value,
            self.stamp(published),
            self.stamp(published),
            self.stamp(moment),
        )

    def any_focus(self) -> str:
        return self.erng.choice(data.CATEGORIES)[1]
