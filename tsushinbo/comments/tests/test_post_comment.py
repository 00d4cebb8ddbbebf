from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.test import override_settings

from tsushinbo.accounts.permissions import Role
from tsushinbo.activities.tests.base import ActivityTestCase, make_comment, make_report
from tsushinbo.comments.cookies import COOKIE
from tsushinbo.comments.models import Comment
from tsushinbo.integrity.pow import new_challenge, solve_for_tests
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.testing import add_role, make_pledge

NOTICE = "コメントを投稿することができます。管理者の確認後公開されます。24時間以内に確認されます。"


@override_settings(COMMENT_POW=False)
class PostCommentTestCase(ActivityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.report = make_report(self.politician, title="予算委員会での質問")
        self.url = f"/activities/{self.report.pk}/"

    def post(self, **data: str) -> Any:
        return self.client.post(f"{self.url}comments/", {"body": "応援しています", **data})

    def test_it_shows_the_pre_moderation_notice_on_the_form(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, NOTICE)
        self.assertContains(r, f'method="post" action="/activities/{self.report.pk}/comments/"')
        self.assertContains(
            r, '<label for="comment-nickname">ニックネーム（必須）</label>', html=True
        )

    def test_it_holds_an_anonymous_comment_and_shows_it_only_to_its_author(self) -> None:
        r = self.post(nickname="たろう", body="質問の続報を待っています")
        comment = Comment.objects.get()
        self.assertEqual(comment.status, ReviewStatus.PENDING)
        self.assertRedirects(r, f"{self.url}#comment-{comment.pk}", fetch_redirect_response=False)
        self.assertIn(COOKIE, r.cookies)
        mine = self.client.get(self.url)
        self.assertContains(mine, "質問の続報を待っています")
        self.assertContains(mine, '<span class="badge badge-pending">確認待ち</span>', html=True)
        self.assertContains(mine, "管理者の確認後公開されます")
        self.client.cookies.clear()
        self.assertNotContains(self.client.get(self.url), "質問の続報を待っています")

    def test_it_ignores_a_forged_cookie(self) -> None:
        make_comment(self.report, body="他人の確認待ち", status=ReviewStatus.PENDING)
        self.client.cookies[COOKIE] = str(Comment.objects.get().pk)
        self.assertNotContains(self.client.get(self.url), "他人の確認待ち")

    def test_it_posts_a_members_comment_under_their_display_name(self) -> None:
        self.client.force_login(self.alice)
        self.post(body="会員のコメント", nickname="無視される")
        comment = Comment.objects.get()
        self.assertEqual((comment.user, comment.nickname), (self.alice, ""))
        self.assertTrue(comment.is_pending)
        r = self.client.get(self.url)
        self.assertContains(r, "会員のコメント")
        self.assertContains(r, "アリス")
        self.assertNotContains(r, 'name="nickname"')

    def test_it_publishes_trusted_members_and_politicians_directly(self) -> None:
        for user in (self.dave, self.frank):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.post(body=f"{user.username}の即時公開")
                self.assertTrue(Comment.objects.get(user=user).is_public)
        self.client.logout()
        r = self.client.get(self.url)
        self.assertContains(r, "daveの即時公開")
        self.assertContains(r, "frankの即時公開")
        self.report.refresh_from_db()
        self.assertEqual(self.report.comment_count, 2)

    def test_it_marks_the_politicians_reply_with_the_honnin_badge(self) -> None:
        question = make_comment(self.report, nickname="質問者", body="財源は？")
        self.client.force_login(self.frank)
        self.post(body="国債に頼らず歳出の見直しで賄います。", parent=str(question.pk))
        reply = Comment.objects.get(user=self.frank)
        self.assertEqual(reply.parent, question)
        r = self.client.get(self.url)
        self.assertContains(
            r,
            '<span class="badge badge-verified" title="本人確認済みのアカウントです">本人</span>',
            html=True,
        )
        content = r.content.decode()
        self.assertLess(content.index("財源は？"), content.index("国債に頼らず"))

    def test_it_keeps_replies_one_level_deep(self) -> None:
        question = make_comment(self.report, body="一段目")
        answer = make_comment(self.report, body="二段目", parent=question)
        self.client.force_login(self.dave)
        self.post(body="三段目のつもり", parent=str(answer.pk))
        self.assertEqual(Comment.objects.get(body="三段目のつもり").parent, question)

    def test_it_offers_a_reply_form_through_a_link(self) -> None:
        question = make_comment(self.report, nickname="はなこ", body="一段目")
        r = self.client.get(f"{self.url}?reply_to={question.pk}")
        self.assertContains(r, "はなこさんのコメントへの返信")
        self.assertContains(
            r, f'<input type="hidden" name="parent" value="{question.pk}">', html=True
        )

    def test_it_refuses_a_reply_to_another_pages_comment(self) -> None:
        elsewhere = make_comment(make_report(self.politician))
        r = self.post(nickname="x", parent=str(elsewhere.pk))
        self.assertContains(r, "返信先のコメントが見つかりません。", status_code=422)
        self.assertFalse(Comment.objects.filter(body="応援しています").exists())

    def test_it_explains_missing_fields_in_japanese(self) -> None:
        r = self.client.post(f"{self.url}comments/", {"body": "  ", "nickname": ""})
        self.assertContains(r, "コメントを入力してください。", status_code=422)
        self.assertContains(r, "ニックネームを入力してください。", status_code=422)
        self.assertFalse(Comment.objects.exists())

    def test_it_escapes_comment_text(self) -> None:
        make_comment(self.report, nickname="<b>名</b>", body="<script>alert(1)</script>")
        r = self.client.get(self.url)
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertContains(r, "&lt;b&gt;名&lt;/b&gt;")

    def test_it_refuses_the_honeypot(self) -> None:
        r = self.post(nickname="bot", website="http://spam.example/")
        self.assertEqual(r.status_code, 400)
        self.assertFalse(Comment.objects.exists())

    @override_settings(COMMENT_RATE_LIMIT="2/h")
    def test_it_limits_anonymous_comments_per_network(self) -> None:
        for _ in range(2):
            self.post(nickname="連投")
        r = self.post(nickname="連投")
        self.assertEqual(r.status_code, 429)
        self.assertIn("Retry-After", r.headers)
        self.assertEqual(Comment.objects.count(), 2)

    @override_settings(COMMENT_POW=True, POW_COST=50)
    def test_it_needs_a_single_use_proof_of_work_from_anonymous_visitors(self) -> None:
        self.assertContains(self.client.get(self.url), "<altcha-widget")
        self.assertEqual(self.post(nickname="a").status_code, 400)
        payload = solve_for_tests(new_challenge())
        self.assertEqual(self.post(nickname="a", altcha=payload).status_code, 302)
        self.assertEqual(self.post(nickname="a", altcha=payload).status_code, 400)
        self.assertEqual(Comment.objects.count(), 1)

    @override_settings(COMMENTS_REQUIRE_ACCOUNT=True)
    def test_a_setting_requires_an_account(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "ログイン</a>するとコメントできます。")
        self.assertNotContains(r, 'action="/activities/')
        r = self.post(nickname="匿名")
        self.assertEqual(r.status_code, 302)
        self.assertIn("/accounts/login/", r["Location"])
        self.assertFalse(Comment.objects.exists())

    def test_it_refuses_comments_on_a_pending_report(self) -> None:
        pending = make_report(self.politician, status=ReviewStatus.PENDING)
        r = self.client.post(f"/activities/{pending.pk}/comments/", {"body": "x", "nickname": "y"})
        self.assertEqual(r.status_code, 404)

    def test_a_banned_members_session_no_longer_posts_as_them(self) -> None:
        self.client.force_login(self.bob)
        self.bob.is_active = False
        self.bob.save()
        # The session no longer authenticates: the form asks for a nickname.
        self.assertContains(self.post(), "ニックネームを入力してください。", status_code=422)
        self.assertFalse(Comment.objects.exists())


@override_settings(COMMENT_POW=False)
class PledgeCommentTestCase(ActivityTestCase):
    def test_it_takes_comments_on_a_pledge(self) -> None:
        pledge = make_pledge(politician=self.politician)
        r = self.client.get(f"/pledges/{pledge.pk}/")
        self.assertContains(r, NOTICE)
        self.assertContains(r, f'action="/pledges/{pledge.pk}/comments/"')
        self.client.post(
            f"/pledges/{pledge.pk}/comments/", {"body": "公約への意見", "nickname": "x"}
        )
        comment = Comment.objects.get()
        self.assertEqual((comment.pledge, comment.report), (pledge, None))
        self.client.cookies.clear()
        self.assertNotContains(self.client.get(f"/pledges/{pledge.pk}/"), "公約への意見")
        make_comment(pledge, body="承認済みの意見")
        self.assertContains(self.client.get(f"/pledges/{pledge.pk}/"), "承認済みの意見")

    def test_the_database_requires_exactly_one_target(self) -> None:
        report = make_report(self.politician)
        pledge = make_pledge(politician=self.politician)
        for targets in ({"report": report, "pledge": pledge}, {}):
            with (
                self.subTest(targets=list(targets)),
                self.assertRaises(IntegrityError),
                transaction.atomic(),
            ):
                Comment.objects.create(body="x", nickname="y", **targets)

    def test_a_member_made_trusted_later_skips_review(self) -> None:
        add_role(self.bob, Role.TRUSTED)
        self.client.force_login(self.bob)
        pledge = make_pledge(politician=self.politician)
        self.client.post(f"/pledges/{pledge.pk}/comments/", {"body": "信頼済み"})
        self.assertTrue(Comment.objects.get().is_public)
