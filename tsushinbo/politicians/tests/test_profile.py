from __future__ import annotations

import datetime

from django.test import override_settings
from django.utils import timezone

from tsushinbo.elections.models import Candidacy, Election, ElectionKind, ElectionScope
from tsushinbo.pledges.models import Category, Pledge, ProgressStatus
from tsushinbo.politicians.models import Gender, OfficeKind, PartyMembership
from tsushinbo.testing import BaseTestCase, make_election, make_party, make_pledge, make_politician

# Politician with party, demo banner, memberships, newest pledges, their categories,
# pledge COUNT, candidacies with elections, (issue 8) the 関連書籍 list, and
# (issue 6) the newest activity reports with their total.
PROFILE_QUERIES = 9
# Signed in: session, user, follow state, the user's roles.
MEMBER_PROFILE_QUERIES = PROFILE_QUERIES + 4
# Politician with party, demo banner, COUNT, one page of pledges, their categories.
PLEDGES_QUERIES = 5


class ProfileTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.mirai = make_party(name="未来党", short_name="未来", slug="mirai", colour="#c8102e")
        self.midori = make_party(name="みどりの会", slug="midori")
        self.toguchi = make_politician(
            family_name="渡具知",
            given_name="武豊",
            family_name_kana="とぐち",
            given_name_kana="たけとよ",
            office=OfficeKind.MAYOR,
            prefecture=47,
            municipality="名護市",
            district="名護市",
            party=self.mirai,
            birth_date=datetime.date(1961, 4, 1),
            gender=Gender.MALE,
            photo_url="https://example.com/toguchi.jpg",
            website_url="https://example.com/toguchi",
            x_url="https://x.com/toguchi",
            bio="名護市議会議員を2期務めた。\n2018年に市長に初当選。",
        )
        self.url = f"/politicians/{self.toguchi.pk}/"
        self.pledges_url = f"/politicians/{self.toguchi.pk}/pledges/"
        self.yesterday = timezone.localdate() - datetime.timedelta(days=1)

    def add_pledges(self, count: int, **fields: object) -> None:
        Pledge.objects.bulk_create(
            Pledge(
                politician=self.toguchi,
                title=f"公約{i:03d}",
                source_url="https://example.com/source",
                created_at=timezone.now() - datetime.timedelta(days=count - i),
                **fields,  # type: ignore[arg-type]
            )
            for i in range(count)
        )

    def add_candidacies(self, count: int) -> None:
        elections = Election.objects.bulk_create(
            Election(
                name=f"名護市長選挙{i}",
                kind=ElectionKind.MAYOR,
                scope=ElectionScope.MUNICIPALITY,
                vote_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=i),
            )
            for i in range(count)
        )
        Candidacy.objects.bulk_create(
            Candidacy(election=election, politician=self.toguchi, party=self.mirai, elected=False)
            for election in elections
        )

    def test_it_shows_the_headline_and_facts(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "<h1>名護市 市長 渡具知武豊</h1>", html=True)
        self.assertContains(response, "とぐち たけとよ")
        self.assertContains(response, 'alt="渡具知武豊の写真"')
        self.assertContains(response, "未来党")
        self.assertContains(response, "沖縄県")
        self.assertContains(response, "<dt>市区町村</dt><dd>名護市</dd>", html=True)
        self.assertContains(response, "<dt>選挙区</dt><dd>名護市</dd>", html=True)
        self.assertContains(response, "1961年4月1日（昭和36年4月1日）")
        self.assertContains(response, "男性")

    def test_it_shows_the_age(self) -> None:
        self.toguchi.birth_date = datetime.date(timezone.localdate().year - 50, 1, 1)
        self.toguchi.save()
        self.assertContains(self.client.get(self.url), "・50歳")

    def test_it_escapes_the_bio_and_keeps_its_line_breaks(self) -> None:
        self.toguchi.bio = "市長。\n<script>alert('x')</script>"
        self.toguchi.save()
        response = self.client.get(self.url)
        self.assertNotContains(response, "<script>alert")
        self.assertContains(response, "市長。<br>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")

    def test_it_links_out_with_nofollow_and_drops_non_web_urls(self) -> None:
        self.toguchi.facebook_url = "javascript:alert(1)"
        self.toguchi.save()
        response = self.client.get(self.url)
        self.assertContains(
            response,
            '<a href="https://example.com/toguchi" rel="nofollow ugc noopener" '
            'target="_blank">ウェブサイト</a>',
            html=True,
        )
        self.assertContains(response, 'href="https://x.com/toguchi"')
        self.assertNotContains(response, "javascript:")

    def test_it_shows_the_party_membership_history(self) -> None:
        PartyMembership.objects.create(
            politician=self.toguchi,
            party=self.midori,
            start_date=datetime.date(2006, 2, 1),
            end_date=datetime.date(2017, 12, 31),
        )
        PartyMembership.objects.create(
            politician=self.toguchi, party=self.mirai, start_date=datetime.date(2018, 1, 1)
        )
        response = self.client.get(self.url)
        self.assertContains(response, "政党所属歴")
        self.assertContains(response, "2006年2月1日 〜 2017年12月31日")
        self.assertContains(response, "2018年1月1日 〜 現在")

    def test_it_shows_the_newest_ten_pledges_and_links_to_all(self) -> None:
        self.add_pledges(12)
        response = self.client.get(self.url)
        self.assertContains(response, "公約・政策（12件）")
        self.assertContains(response, "公約011")
        self.assertContains(response, "公約002")
        self.assertNotContains(response, "公約001")
        self.assertContains(
            response, f'<a href="{self.pledges_url}">すべての公約を見る（12件）</a>', html=True
        )

    def test_it_shows_pledge_status_progress_deadline_and_categories(self) -> None:
        pledge = make_pledge(
            politician=self.toguchi,
            title="学校給食費を無償化します",
            progress_status=ProgressStatus.IN_PROGRESS,
            progress_percent=40,
            deadline=self.yesterday,
        )
        pledge.categories.add(Category.objects.create(name="子育て", slug="kosodate"))
        response = self.client.get(self.url)
        self.assertContains(
            response, f'<a href="/pledges/{pledge.pk}/">学校給食費を無償化します</a>'
        )
        self.assertContains(response, "進行中")
        self.assertContains(response, "進捗率 40%")
        self.assertContains(response, "期限超過")
        self.assertContains(response, "子育て")

    def test_it_says_when_there_are_no_pledges(self) -> None:
        self.assertContains(self.client.get(self.url), "まだ公約・政策が登録されていません。")

    def test_it_shows_the_elections_stood_in(self) -> None:
        won = make_election(
            name="名護市長選挙",
            kind=ElectionKind.MAYOR,
            scope=ElectionScope.MUNICIPALITY,
            vote_date=datetime.date(2022, 9, 11),
        )
        lost = make_election(name="沖縄県議会議員選挙", vote_date=datetime.date(2012, 6, 10))
        Candidacy.objects.create(
            election=won, politician=self.toguchi, district="名護市", votes=19524, rank=1,
            elected=True,
        )  # fmt: skip
        Candidacy.objects.create(
            election=lost, politician=self.toguchi, votes=3021, rank=5, elected=False
        )
        response = self.client.get(self.url)
        self.assertContains(response, "選挙歴")
        self.assertContains(response, "名護市長選挙")
        self.assertContains(response, "2022年9月11日")
        self.assertContains(response, "19,524票")
        self.assertContains(response, "1位")
        self.assertContains(response, "<strong>当選</strong>", html=True)
        self.assertContains(response, "落選")

    def test_it_fills_the_share_and_ogp_meta(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, '<meta property="og:title" content="名護市 市長 渡具知武豊 |')
        self.assertContains(response, 'content="名護市 市長 渡具知武豊（未来党）の公約・政策')
        # 「名護市 市長」 URL-encoded in the X intent link.
        self.assertContains(response, "https://x.com/intent/post?text=%E5%90%8D%E8%AD%B7%E5%B8%82")

    def test_it_is_404_for_an_unknown_politician(self) -> None:
        self.assertEqual(self.client.get("/politicians/999999/").status_code, 404)
        self.assertEqual(self.client.get("/politicians/999999/pledges/").status_code, 404)

    def test_it_runs_the_same_queries_for_3_and_300_rows(self) -> None:
        self.add_pledges(3)
        self.add_candidacies(3)
        with self.assertNumQueries(PROFILE_QUERIES):
            self.client.get(self.url)
        self.add_pledges(297)
        self.add_candidacies(297)
        with self.assertNumQueries(PROFILE_QUERIES):
            response = self.client.get(self.url)
        self.assertContains(response, "すべての公約を見る（300件）")

    def test_it_offers_visitors_a_login_to_follow(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, f"/accounts/login/?next=/politicians/{self.toguchi.pk}/")
        self.assertContains(response, "ログインしてフォロー")
        self.assertNotContains(response, "本人確認を申請する")

    def test_it_lets_a_member_follow_and_claim(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, f'action="/politicians/{self.toguchi.pk}/follow/"')
        self.assertContains(response, f'href="/politicians/{self.toguchi.pk}/claim/"')

        self.client.post(f"/politicians/{self.toguchi.pk}/follow/")
        response = self.client.get(self.url)
        self.assertContains(response, "フォロー中（解除）")
        self.assertContains(response, f'action="/politicians/{self.toguchi.pk}/unfollow/"')

    def test_it_runs_the_same_queries_for_a_member_with_3_and_300_rows(self) -> None:
        self.client.force_login(self.alice)
        self.add_pledges(3)
        with self.assertNumQueries(MEMBER_PROFILE_QUERIES):
            self.client.get(self.url)
        self.add_pledges(297)
        with self.assertNumQueries(MEMBER_PROFILE_QUERIES):
            self.client.get(self.url)

    # /politicians/<id>/pledges/

    def test_it_lists_all_pledges(self) -> None:
        self.add_pledges(12)
        response = self.client.get(self.pledges_url)
        self.assertContains(response, "<h1>名護市 市長 渡具知武豊の公約・政策</h1>", html=True)
        self.assertContains(response, "12件")
        self.assertContains(response, "公約000")
        self.assertContains(response, "公約011")

    @override_settings(PAGE_SIZE=5)
    def test_it_paginates_the_pledges(self) -> None:
        self.add_pledges(12)
        response = self.client.get(self.pledges_url + "?page=3")
        self.assertContains(response, "3 / 3 ページ")
        titles = [pledge.title for pledge in response.context["page_obj"]]
        self.assertEqual(titles, ["公約001", "公約000"])

    def test_it_filters_overdue_pledges(self) -> None:
        make_pledge(politician=self.toguchi, title="期限切れ", deadline=self.yesterday)
        make_pledge(
            politician=self.toguchi,
            title="期限切れだが実現",
            deadline=self.yesterday,
            progress_status=ProgressStatus.DONE,
        )
        make_pledge(politician=self.toguchi, title="期限なし")
        make_pledge(politician=self.toguchi, title="期限前", deadline=timezone.localdate())
        response = self.client.get(self.pledges_url + "?overdue=1")
        titles = [pledge.title for pledge in response.context["page_obj"]]
        self.assertEqual(titles, ["期限切れ"])
        self.assertContains(response, "条件に合う公約・政策")
        self.assertContains(response, "期限超過")

    def test_it_filters_by_status(self) -> None:
        make_pledge(politician=self.toguchi, title="実現済み", progress_status=ProgressStatus.DONE)
        make_pledge(politician=self.toguchi, title="手つかず")
        response = self.client.get(self.pledges_url + "?status=done")
        self.assertEqual([pledge.title for pledge in response.context["page_obj"]], ["実現済み"])

    def test_it_ignores_a_bad_status_or_page_and_says_so(self) -> None:
        make_pledge(politician=self.toguchi, title="手つかず")
        response = self.client.get(self.pledges_url + "?status=bogus&overdue=yes&page=abc")
        self.assertContains(response, "進捗状況の指定が正しくありません。")
        self.assertContains(response, "期限の指定が正しくありません。")
        self.assertContains(response, "ページの指定が正しくありません。")
        self.assertContains(response, "手つかず")

    def test_it_runs_the_same_pledge_list_queries_for_3_and_300_pledges(self) -> None:
        self.add_pledges(3, deadline=self.yesterday)
        with self.assertNumQueries(PLEDGES_QUERIES):
            self.client.get(self.pledges_url + "?overdue=1")
        self.add_pledges(297, deadline=self.yesterday)
        with self.assertNumQueries(PLEDGES_QUERIES):
            response = self.client.get(self.pledges_url + "?overdue=1&page=2")
        self.assertContains(response, "300件")
