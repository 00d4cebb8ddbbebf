"""The demo data generator: invented Japanese politicians, parties, elections and pledges.

The content is a pure function of (scale, seed, today): one `random.Random(seed)`
drives the politicians, elections and pledges and a second one the engagement
(votes, reports, comments, surveys), and nothing iterates over a set. Each
stage lives in its own module; `Generator` runs them in order.
"""

from __future__ import annotations

from tsushinbo.activities.models import ActivityReport
from tsushinbo.comments.models import Comment
from tsushinbo.demo.generate.bulk import IndexesDeferred, reset_sequences, tune_for_bulk_load
from tsushinbo.demo.generate.common import (
    BATCH_SIZE,
    CHUNK_SIZE,
    COUNT_LABELS,
    DAY,
    PUBLIC_SCALES,
    SCALES,
    Date,
    Log,
    Scale,
)
from tsushinbo.demo.generate.elections import ElectionsStage
from tsushinbo.demo.generate.extras import ExtrasStage
from tsushinbo.demo.generate.people import PeopleStage
from tsushinbo.pledges.models import ProgressReport
from tsushinbo.ratings.models import Vote
from tsushinbo.ratings.statistics import recompute_statistics

__all__ = [
    "BATCH_SIZE",
    "CHUNK_SIZE",
    "COUNT_LABELS",
    "DAY",
    "PUBLIC_SCALES",
    "SCALES",
    "Date",
    "Generator",
    "Log",
    "Scale",
]


class Generator(PeopleStage, ElectionsStage, ExtrasStage):
    def __init__(self, scale: Scale, seed: int, today: Date, log: Log) -> None:
        super().__init__(scale, seed, today, log)
        self.setup_engagement(seed)

    def run(self) -> dict[str, int]:
        tune_for_bulk_load()
        self.create_categories()
        self.create_parties()
        self.plan_people()
        self.create_politicians()
        self.plan_elections()
        self.create_elections()
        self.create_candidacies()
        self.create_users()
        with IndexesDeferred(Vote, Comment, ActivityReport, ProgressReport):
            self.create_pledges()
            self.create_activity_reports()
        self.create_surveys()
        self.create_books()
        self.create_announcements()
        reset_sequences(ProgressReport, ActivityReport, Comment)
        self.counts["comments"] = self.comments.written
        self.counts["pending_comments"] = self.comments.pending
        recompute_statistics()
        self.log(f"評価 {self.counts['votes']:,}件、統計を再計算しました")
        return self.counts
