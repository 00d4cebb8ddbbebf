"""The index follows every write path: add, edit, approve, reject, revert, hide, delete."""

from __future__ import annotations

import datetime

from django.contrib import admin
from django.test import RequestFactory, override_settings

from tsushinbo.activities import actions as reports
from tsushinbo.activities.models import ActivityReport
from tsushinbo.moderation.models import RejectReason
from tsushinbo.pledges import actions as pledges
from tsushinbo.pledges.actions import PledgeContent
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Politician
from tsushinbo.search.models import SearchDocument
from tsushinbo.search.tests.base import found, indexed_pledge, indexed_politician, indexed_report
from tsushinbo.testing import BaseTestCase, make_party

SOURCE = "https://example.com/koho"


def content(title: str, body: str = "") -> PledgeContent:
    return PledgeContent(title=title, body=body, source_url=SOURCE)


class PledgeIndexTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.politician = indexed_politician(family_name="山田", given_name="太郎")

    def add(self, author: object, title: str) -> Pledge:
        return pledges.add_pledge(author=author, content=content(title), politician=self.politician)  # type: ignore[arg-type]

    def test_it_indexes_a_pledge_published_at_once(self) -> None:
        pledge = self.add(self.dave, "防衛費の見直し")
        self.assertEqual(found("防衛"), {("pledge", pledge.pk)})

    def test_it_indexes_a_new_pledge_only_once_approved(self) -> None:
        pledge = self.add(self.alice, "防衛費の見直し")
        self.assertEqual(found("防衛"), set())
        pledges.approve_revision(moderator=self.erin, item=pledge.revisions.get())
        self.assertEqual(found("防衛"), {("pledge", pledge.pk)})

    def test_it_never_indexes_a_rejected_new_pledge(self) -> None:
        pledge = self.add(self.alice, "防衛費の見直し")
        pledges.reject_revision(moderator=self.erin, item=pledge.revisions.get(), reason="重複")
        self.assertEqual(found("防衛"), set())
        self.assertFalse(SearchDocument.objects.exists() and found("見直"))

    def test_it_follows_edits_approvals_and_reverts(self) -> None:
        pledge = self.add(self.dave, "防衛費の見直し")
        pledges.edit_pledge(
            author=self.dave, pledge=pledge, content=content("減税の実現"), summary="x"
        )
        self.assertEqual((found("防衛"), found("減税")), (set(), {("pledge", pledge.pk)}))
        pending = pledges.edit_pledge(
            author=self.alice, pledge=pledge, content=content("年金の改革"), summary="x"
        )
        self.assertEqual(found("年金"), set())  # waiting for review
        pledges.approve_revision(moderator=self.erin, item=pending)
        self.assertEqual((found("減税"), found("年金")), (set(), {("pledge", pledge.pk)}))
        pledges.revert_revision(moderator=self.erin, revision=pending, reason="誤り")
        self.assertEqual((found("減税"), found("年金")), ({("pledge", pledge.pk)}, set()))

    def test_it_keeps_a_rejected_edit_out(self) -> None:
        pledge = self.add(self.dave, "防衛費の見直し")
        pending = pledges.edit_pledge(
            author=self.alice, pledge=pledge, content=content("年金の改革"), summary="x"
        )
        pledges.reject_revision(moderator=self.erin, item=pending, reason="根拠なし")
        self.assertEqual((found("防衛"), found("年金")), ({("pledge", pledge.pk)}, set()))

    def test_it_forgets_deleted_pledges_and_politicians(self) -> None:
        pledge = indexed_pledge(politician=self.politician, title="防衛", body="")
        report = indexed_report(self.politician, title="防衛の報告")
        pledge.delete()
        self.assertEqual(found("防衛"), {("report", report.pk)})
        self.politician.delete()
        self.assertFalse(SearchDocument.objects.exists())

    def test_it_follows_admin_edits(self) -> None:
        request = RequestFactory().post("/admin/")
        request.user = self.charlie
        party = make_party(name="減税党")
        pledge = indexed_pledge(politician=self.politician, title="防衛", body="")
        self.politician.party = party
        self.politician.family_name = "佐藤"
        admin.site._registry[Politician].save_model(request, self.politician, None, True)
        self.assertEqual(found("佐藤"), {("politician", self.politician.pk)})
        self.assertEqual(found("防衛", party=party.pk), {("pledge", pledge.pk)})
        pledge.title = "年金"
        admin.site._registry[Pledge].save_model(request, pledge, None, True)
        self.assertEqual((found("防衛"), found("年金")), (set(), {("pledge", pledge.pk)}))


class ReportIndexTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.politician = indexed_politician()

    def post(self, user: object, title: str) -> ActivityReport:
        return reports.post_report(
            user=user,  # type: ignore[arg-type]
            politician=self.politician,
            title=title,
            date=datetime.date(2026, 4, 1),
            body="本文",
        )

    def test_it_indexes_reports_of_trusted_members_at_once(self) -> None:
        report = self.post(self.dave, "防衛委員会で質問")
        self.assertEqual(found("防衛"), {("report", report.pk)})

    def test_it_indexes_a_report_once_approved_and_drops_it_when_rejected(self) -> None:
        report = self.post(self.alice, "防衛委員会で質問")
        self.assertEqual(found("防衛"), set())
        reports.approve_report(actor=self.erin, report=report)
        self.assertEqual(found("防衛"), {("report", report.pk)})
        reports.reject_report(actor=self.erin, report=report, reason=RejectReason.SPAM)
        self.assertEqual(found("防衛"), set())

    def test_it_drops_a_report_edited_back_into_review(self) -> None:
        report = self.post(self.alice, "防衛委員会で質問")
        reports.approve_report(actor=self.erin, report=report)
        reports.edit_report(
            user=self.alice, report=report, title="年金の質問", date=report.date, body="本文"
        )
        self.assertEqual((found("防衛"), found("年金")), (set(), set()))
        reports.approve_report(actor=self.erin, report=report)
        self.assertEqual(found("年金"), {("report", report.pk)})

    @override_settings(FLAG_THRESHOLD=1)
    def test_it_drops_a_report_hidden_by_flags(self) -> None:
        report = self.post(self.dave, "防衛委員会で質問")
        reports.flag_report(user=self.bob, report=report, reason=RejectReason.SPAM)
        self.assertEqual(found("防衛"), set())
