"""Votes on the demo pledges, their progress reports and their comment threads.

Each chunk of pledges gets its votes planned before it is inserted, so the
counter columns (and the Wilson bound) go in with the pledge row and equal
what `recount_votes` counts; the votes, reports and comments follow with
the chunk's ids. A separate `random.Random` keeps the earlier stages' content
exactly as it was without this one.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import random
from typing import Any

from django.db import reset_queries
from django.utils import timezone

from tsushinbo.accounts.models import User
from tsushinbo.demo import words
from tsushinbo.demo.generate.bulk import IdBlock, Row, RowWriter, timestamp_formatter
from tsushinbo.demo.generate.comments import CommentMaker
from tsushinbo.demo.generate.common import DAY
from tsushinbo.demo.generate.pledges import PledgesStage
from tsushinbo.demo.models import DemoObject
from tsushinbo.pledges.models import Pledge, ProgressEvidence, ProgressReport, ReviewStatus
from tsushinbo.ratings.counters import COUNTER_FIELDS, wilson_of
from tsushinbo.ratings.models import Polarity, Reason, Vote

VOTE_FIELDS = ["pledge", "user", "voter_key", "network_key", "polarity", "reason"]
VOTE_FIELDS += ["created_at", "updated_at"]
REPORT_FIELDS = ["id", "pledge", "author", "status", "percent", "note", "evidence_date"]
REPORT_FIELDS += ["review_status", "created_at", "published_at", "reviewed_at"]
REASONS = Reason.values  # clarity, feasibility, sincerity, other
VOTE_WINDOW_DAYS = 730  # votes spread over the last two years
NETWORKS = 5000
PARETO_ALPHA = 1.6  # most pledges get a few votes, some get thousands


def anonymous_key(number: int, salt: bytes = b"voter") -> str:
    """A stable 64-hex stand-in for the HMAC a real anonymous voter gets."""
    return hashlib.blake2b(number.to_bytes(8, "big"), digest_size=32, person=salt).hexdigest()


class EngagementStage(PledgesStage):
    def setup_engagement(self, seed: int) -> None:
        self.engagement = self.scale.engagement
        self.erng = random.Random(f"{seed}:engagement")
        self.stamp = timestamp_formatter()
        tz = timezone.get_current_timezone()
        midnight = datetime.datetime.combine(self.today, datetime.time(), tzinfo=tz)
        self.now = int(midnight.timestamp())  # nothing is dated after the start of `today`
        self.user_ids: list[int] = []
        self.networks = [anonymous_key(n, b"network") for n in range(NETWORKS)]
        self.vote_writer = RowWriter(Vote, VOTE_FIELDS)
        self.report_ids = IdBlock(ProgressReport)
        self.report_writer = RowWriter(ProgressReport, REPORT_FIELDS)
        self.evidence_writer = RowWriter(ProgressEvidence, ["report", "url", "date", "position"])
        self.report_rows: list[Row] = []
        self.evidence_rows: list[Row] = []
        self.pledges_by_politician: dict[int, list[int]] = {}
        self.pledge_total_votes = 0
        self.vote_quotas: list[int] = []
        for key in ("votes", "progress_reports", "comments"):
            self.counts[key] = 0

    # -- accounts --

    def create_users(self) -> None:
        total = self.engagement.users
        users = [
            User(
                username=f"demo-member-{n:06d}",
                display_name=self.nickname(n),
                email=f"demo-member-{n:06d}@example.com",
                password="!demo-account-cannot-log-in",
                date_joined=timezone.make_aware(
                    datetime.datetime.combine(
                        self.today - self.erng.randint(1, 3 * 365) * DAY, datetime.time(12)
                    )
                ),
            )
            for n in range(1, total + 1)
        ]
        for start in range(0, total, 5000):
            created = User.objects.bulk_create(users[start : start + 5000])
            self.user_ids += [user.pk for user in created]
            DemoObject.objects.bulk_create(
                [DemoObject(model="accounts.user", object_id=user.pk) for user in created]
            )
        self.counts["users"] = total
        self.comments = CommentMaker(self.erng, self.user_ids, self.stamp, self.now)
        self.log(f"デモ会員 {total:,}人を作成しました")

    def nickname(self, n: int) -> str:
        rng = self.erng
        return f"{rng.choice(words.NICKNAME_WORDS)}{rng.choice(words.NICKNAME_SUFFIXES)}{n}"

    # -- votes --

    def plan_vote_quotas(self) -> None:
        """Votes per pledge: Pareto-skewed, summing to about the scale's total."""
        rng, total = self.erng, self.scale.pledges
        weights = [
            0.0 if rng.random() < 0.1 else rng.paretovariate(PARETO_ALPHA) - 1 for _ in range(total)
        ]
        per_weight = self.engagement.votes / (sum(weights) or 1)
        ceiling = min(self.engagement.anonymous_voters // 2, 60_000)
        self.vote_quotas = [min(ceiling, int(w * per_weight + rng.random())) for w in weights]
        self.vote_quotas.reverse()  # popped from the end, in pledge order

    def save_pledges(self, pledges: list[tuple[Pledge, list[str]]]) -> None:
        if not self.vote_quotas:
            self.plan_vote_quotas()
        plans = [self.plan_pledge(pledge) for pledge, _slugs in pledges]
        super().save_pledges(pledges)
        vote_rows: list[Row] = []
        for (pledge, _slugs), (votes, reports, comments) in zip(pledges, plans, strict=True):
            pk = pledge.pk
            vote_rows += [(pk, *vote) for vote in votes]
            self.write_progress(pk, reports)
            if comments:
                self.comments.thread(
                    report=None, pledge=pk, count=comments, start=self.epoch(pledge.created_at)
                )
            if pledge.politician_id:
                self.pledges_by_politician.setdefault(pledge.politician_id, []).append(pk)
        self.counts["votes"] += self.vote_writer.write(vote_rows)
        self.flush_progress()
        self.comments.flush()
        reset_queries()

    def epoch(self, moment: datetime.datetime) -> int:
        return int(moment.timestamp())

    def plan_pledge(self, pledge: Pledge) -> tuple[list[Row], list[Row], int]:
        quota = self.vote_quotas.pop()
        created = self.epoch(pledge.created_at)
        start = max(created, self.now - VOTE_WINDOW_DAYS * 86400)
        votes = self.plan_votes(pledge, quota if start < self.now else 0, start)
        reports = self.plan_progress(pledge)
        share = self.engagement.comments * 0.2 / max(self.engagement.votes, 1)
        comments = int(len(votes) * share * 2 * self.erng.random() + self.erng.random())
        return votes, reports, comments

    def plan_votes(self, pledge: Pledge, count: int, start: int) -> list[Row]:
        """Invent `count` distinct voters' votes and set the pledge's counters from them."""
        rng = self.erng
        rand = rng.random
        approval = rng.betavariate(2.4, 1.4)  # how well the pledge is received
        leaning = [min(0.98, max(0.02, approval + rng.uniform(-0.2, 0.2))) for _ in REASONS]
        cumulative = list(_accumulate([rng.uniform(0.5, 1.5) * w for w in (30, 28, 24, 18)]))
        registered = min(int(count * rng.uniform(0.15, 0.4)), len(self.user_ids))
        voters: list[Any] = rng.sample(self.user_ids, registered) if registered else []
        voters += rng.sample(range(self.engagement.anonymous_voters), count - registered)
        tally = [0] * 10  # good/bad × 4 reasons, then good/bad registered
        span, recent = max(self.now - start, 1), min(self.now - start, 30 * 86400)
        rows: list[Row] = []
        top = cumulative[-1]
        for index, voter in enumerate(voters):
            reason = bisect.bisect(cumulative, rand() * top)
            bad = rand() >= leaning[reason]
            tally[reason * 2 + bad] += 1
            seconds = self.now - int((recent if rand() < 0.2 else span) * rand()) - 1
            stamp = self.stamp(seconds)
            polarity = Polarity.BAD if bad else Polarity.GOOD
            if index < registered:
                tally[8 + bad] += 1
                key, network = "", self.networks[voter % NETWORKS]
            else:
                key, network = anonymous_key(voter), self.networks[(voter * 7919) % NETWORKS]
            rows.append(
                (voter if index < registered else None, key, network, polarity.value,
                 REASONS[reason], stamp, stamp)
            )  # fmt: skip
        self.set_counters(pledge, tally)
        return rows

    def set_counters(self, pledge: Pledge, tally: list[int]) -> None:
        counters = dict.fromkeys(COUNTER_FIELDS, 0)
        for index, reason in enumerate(REASONS):
            counters[f"votes_good_{reason}"] = tally[index * 2]
            counters[f"votes_bad_{reason}"] = tally[index * 2 + 1]
        counters["votes_good"] = sum(tally[0:8:2])
        counters["votes_bad"] = sum(tally[1:8:2])
        counters["votes_good_registered"], counters["votes_bad_registered"] = tally[8], tally[9]
        for field, value in counters.items():
            setattr(pledge, field, value)
        pledge.votes_wilson_lower = wilson_of(counters)

    # -- progress reports --

    def plan_progress(self, pledge: Pledge) -> list[Row]:
        """Approved reports whose newest sets the pledge's status, percent and date."""
        if pledge.progress_status == "not_rated":
            return []
        rng = self.erng
        created = pledge.created_at.date()
        days = (self.today - created).days
        if days < 2:
            pledge.progress_status, pledge.progress_percent = "not_rated", 0
            return []
        count = rng.choices([1, 2, 3], [50, 35, 15])[0]
        dates = sorted(created + rng.randint(1, days - 1) * DAY for _ in range(count))
        final = (pledge.progress_status, pledge.progress_percent)
        earlier = final[0] if final[0] in ("not_started", "unverifiable") else "in_progress"
        steps = [
            (earlier, 0 if earlier != "in_progress" else max(5, final[1] * (k + 1) // (count + 1)))
            for k in range(count - 1)
        ]
        steps.append(final)
        pledge.progress_date, pledge.progress_count = dates[-1], count
        return [(status, percent, day) for (status, percent), day in zip(steps, dates, strict=True)]

    def write_progress(self, pledge_id: int, reports: list[Row]) -> None:
        rng, rows, evidence = self.erng, self.report_rows, self.evidence_rows
        for status, percent, day in reports:
            report_id = self.report_ids.take()
            moment = self.epoch(datetime.datetime.combine(day, datetime.time(9), datetime.UTC))
            published = self.stamp(min(moment + rng.randint(3600, 3 * 86400), self.now))
            rows.append(
                (report_id, pledge_id, rng.choice(self.user_ids) if self.user_ids else None,
                 status, percent, rng.choice(words.PROGRESS_NOTES[status]), day.isoformat(),
                 ReviewStatus.APPROVED.value, self.stamp(moment), published, published)
            )  # fmt: skip
            for position in range(rng.choice([1, 1, 2])):
                kind = rng.choice(words.EVIDENCE_KINDS)
                url = f"https://example.com/demo/{kind}/{pledge_id}-{report_id}-{position}"
                evidence.append((report_id, url, day.isoformat(), position))

    def flush_progress(self) -> None:
        self.counts["progress_reports"] += self.report_writer.write(self.report_rows)
        self.evidence_writer.write(self.evidence_rows)
        self.report_rows, self.evidence_rows = [], []


def _accumulate(values: list[float]) -> list[float]:
    total, result = 0.0, []
    for value in values:
        total += value
        result.append(total)
    return result
