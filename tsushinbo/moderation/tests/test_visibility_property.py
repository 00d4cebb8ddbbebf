"""Property: no sequence of post / approve / reject / flag / ban / edit makes
anything that is not approved visible on a public page, feed, count or the news box."""

from __future__ import annotations

import contextlib
import itertools
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tsushinbo.accounts.actions import ban_user
from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Role
from tsushinbo.activities import actions as report_actions
from tsushinbo.activities.models import ActivityReport
from tsushinbo.activities.tests.base import ActivityTestCase, make_report
from tsushinbo.comments import actions as comment_actions
from tsushinbo.comments.models import Comment
from tsushinbo.moderation.models import RejectReason
from tsushinbo.testing import make_pledge, make_user

AUTHORS = ["anonymous", "alice", "bob", "dave", "frank"]
FLAGGERS = ["alice", "bob", "dave", "carol"]
BANNABLE = ["alice", "bob", "dave", "frank"]

steps = st.one_of(
    st.tuples(st.just("comment"), st.integers(0, 2), st.sampled_from(AUTHORS), st.integers(-1, 3)),
    st.tuples(st.just("report"), st.sampled_from(AUTHORS[1:]), st.booleans()),
    st.tuples(st.just("approve"), st.integers(0, 4)),
    st.tuples(st.just("reject"), st.integers(0, 4), st.sampled_from(RejectReason.values)),
    st.tuples(st.just("flag"), st.integers(0, 4), st.sampled_from(FLAGGERS)),
    st.tuples(st.just("ban"), st.sampled_from(BANNABLE)),
    st.tuples(st.just("edit"), st.integers(0, 4), st.sampled_from([*AUTHORS[1:], "erin"])),
)


@override_settings(FLAG_THRESHOLD=2, COMMENT_POW=False)
class VisibilityPropertyTestCase(HypothesisTestCase, ActivityTestCase):
    carol: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.carol = make_user("carol", "キャロル", Role.MEMBER)

    def user(self, name: str) -> User | None:
        if name == "anonymous":
            return None
        return User.objects.get(username=name)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(st.lists(steps, min_size=1, max_size=20))
    # A reply stays hidden once its thread is removed; flags hide; a ban rejects what waits.
    @example(
        [
            ("comment", 0, "dave", -1),
            ("comment", 0, "alice", 0),
            ("approve", 0),
            ("reject", 1, "spam"),
        ]
    )
    @example([("comment", 0, "dave", -1), ("flag", 0, "alice"), ("flag", 0, "bob")])
    @example(
        [("report", "bob", True), ("comment", 2, "alice", -1), ("ban", "bob"), ("ban", "alice")]
    )
    def test_nothing_unapproved_is_ever_public(self, sequence: list[tuple[Any, ...]]) -> None:
        cache.clear()
        self.serial = itertools.count(1)
        self.pledge = make_pledge(politician=self.politician, title="公約P")
        self.targets: list[Any] = [
            make_report(
                self.politician, title=self.marker(), body=self.marker(), posted_by=self.frank
            ),
            make_report(
                self.politician, title=self.marker(), body=self.marker(), posted_by=self.alice
            ),
            self.pledge,
        ]
        self.items: list[Comment | ActivityReport] = list(self.targets[:2])
        for step in sequence:
            with contextlib.suppress(ValidationError, PermissionDenied):
                self.apply(step)
        self.assert_only_public_content_is_visible()

    def marker(self) -> str:
        return f"QZ{next(self.serial):04d}QZ"

    def pick(self, index: int) -> Comment | ActivityReport:
        # Count from the newest: steps tend to act on what was just posted.
        item = self.items[-1 - index % len(self.items)]
        item.refresh_from_db()
        return item

    def apply(self, step: tuple[Any, ...]) -> None:
        kind = step[0]
        if kind == "comment":
            _, target_index, author, parent_index = step
            target = self.targets[target_index % len(self.targets)]
            target.refresh_from_db()
            parents = [c for c in self.items if isinstance(c, Comment)]
            parent = parents[parent_index % len(parents)] if parents and parent_index >= 0 else None
            user = self.user(author)
            if user is not None and not user.is_active:
                return
            self.items.append(
                comment_actions.post_comment(
                    target=target, user=user, body=self.marker(), nickname="n", parent=parent
                )
            )
        elif kind == "report":
            _, author, link = step
            user = self.user(author)
            assert user is not None
            report = report_actions.post_report(
                user=user,
                politician=self.politician,
                title=self.marker(),
                date=self.pledge.created_at.date(),
                body=self.marker(),
                pledges=[self.pledge] if link else [],
            )
            self.items.append(report)
            self.targets.append(report)
        elif kind == "approve":
            self.decide(self.pick(step[1]), approve=True)
        elif kind == "reject":
            self.decide(self.pick(step[1]), approve=False, reason=step[2])
        elif kind == "flag":
            item = self.pick(step[1])
            flagger = self.user(step[2])
            assert flagger is not None
            if isinstance(item, Comment):
                comment_actions.flag_comment(user=flagger, comment=item, reason="spam")
            else:
                report_actions.flag_report(user=flagger, report=item, reason="spam")
        elif kind == "ban":
            target = self.user(step[1])
            assert target is not None
            ban_user(actor=self.erin, user=target, reason="荒らし")
        elif kind == "edit":
            item = self.pick(step[1])
            editor = self.user(step[2])
            if isinstance(item, ActivityReport) and editor is not None:
                report_actions.edit_report(
                    user=editor,
                    report=item,
                    title=item.title,
                    date=item.date,
                    body=item.body,
                    source_url=item.source_url,
                )

    def decide(self, item: Comment | ActivityReport, *, approve: bool, reason: str = "") -> None:
        if isinstance(item, Comment):
            if approve:
                comment_actions.approve_comment(actor=self.erin, comment=item)
            else:
                comment_actions.reject_comment(actor=self.erin, comment=item, reason=reason)
        elif approve:
            report_actions.approve_report(actor=self.erin, report=item)
        else:
            report_actions.reject_report(actor=self.erin, report=item, reason=reason)

    def public_pages(self) -> list[str]:
        politician = self.politician.pk
        urls = [
            "/",
            "/activities/",
            "/activities/popular/",
            f"/politicians/{politician}/",
            f"/politicians/{politician}/activities/",
            f"/pledges/{self.pledge.pk}/",
            "/feeds/activities/",
            f"/feeds/politicians/{politician}/activities/",
            f"/feeds/pledges/{self.pledge.pk}/activities/",
            "/moderation/log/",
        ]
        urls += [f"/activities/{report.pk}/" for report in ActivityReport.objects.all()]
        return urls

    def assert_only_public_content_is_visible(self) -> None:
        cache.clear()  # the news box is rebuilt from the database
        self.client.logout()
        self.client.cookies.clear()
        pages = "".join(self.client.get(url).content.decode() for url in self.public_pages())
        # The oracle reads the fields directly: it shares no code with the querysets under test.
        comments = list(Comment.objects.select_related("parent"))
        for report in ActivityReport.objects.all():
            if not is_public(report):
                self.assertNotIn(report.title, pages, f"report {report.status}")
                self.assertNotIn(report.body, pages, f"report {report.status}")
            visible = [c for c in comments if c.report_id == report.pk and is_visible(c)]
            self.assertEqual(report.comment_count, len(visible))
        for comment in comments:
            if not is_visible(comment):
                self.assertNotIn(comment.body, pages, f"comment {comment.status}")


def is_public(item: Comment | ActivityReport) -> bool:
    return item.status == "approved" and not item.is_hidden


def is_visible(comment: Comment) -> bool:
    return is_public(comment) and (comment.parent is None or is_public(comment.parent))
