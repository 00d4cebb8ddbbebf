from __future__ import annotations

import datetime

from django.test import override_settings
from django.utils import timezone

from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import OfficeKind, Party, Politician
from tsushinbo.testing import BaseTestCase, make_party, make_pledge, make_politician

# Demo banner, all parties with both counts.
LIST_QUERIES = 2
# Party, demo banner, member COUNT, a page of members, pledge COUNT, newest pledges,
# their categories.
DETAIL_QUERIES = 7


def bulk_members(party: Party, count: int) -> None:
    # bulk_create skips save(), so sort_kana is set here.
    Politician.objects.bulk_create(
        Politician(
            family_name="佐藤",
            given_name=f"花子{i:03d}",
            family_name_kana="さとう",
            given_name_kana=f"はなこ{i:03d}",
            sort_kana=f"さとう はなこ{i:03d}",
            office=OfficeKind.PREFECTURAL_ASSEMBLY,
            prefecture=13,
            party=party,
        )
        for i in range(count)
    )


def bulk_party_pledges(party: Party, count: int) -> None:
    now = timezone.now()
    Pledge.objects.bulk_create(
        Pledge(
            party=party,
            title=f"党の公約{i:03d}",
            source_url="https://example.com/manifesto",
            created_at=now - datetime.timedelta(days=count - i),
        )
        for i in range(count)
    )


class PartyListTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.mirai = make_party(name="未来党", short_name="未来", slug="mirai", colour="#c8102e")
        self.midori = make_party(name="みどりの会", short_name="みどり", slug="midori")

    def test_it_lists_parties_with_colour_short_name_and_counts(self) -> None:
        bulk_members(self.mirai, 3)
        bulk_members(self.midori, 1)
        bulk_party_pledges(self.mirai, 2)
        make_pledge(politician=Politician.objects.filter(party=self.mirai).first())
        response = self.client.get("/parties/")
        self.assertContains(response, "<h1>政党一覧</h1>", html=True)
        self.assertContains(response, 'fill="#c8102e"')
        self.assertContains(response, "<td>未来</td>", html=True)
        parties = {party.name: party for party in response.context["parties"]}
        self.assertEqual(parties["未来党"].member_count, 3)
        # Party pledges only: a member's own pledge is not the party's.
        self.assertEqual(parties["未来党"].pledge_count, 2)
        self.assertEqual(parties["みどりの会"].member_count, 1)
        self.assertEqual(parties["みどりの会"].pledge_count, 0)
        self.assertContains(response, "<td>3人</td>", html=True)
        self.assertContains(response, "<td>2件</td>", html=True)

    def test_it_orders_parties_by_member_count(self) -> None:
        bulk_members(self.midori, 2)
        response = self.client.get("/parties/")
        names = [party.name for party in response.context["parties"]]
        self.assertEqual(names, ["みどりの会", "未来党"])

    def test_it_says_when_there_are_no_parties(self) -> None:
        Party.objects.all().delete()
        self.assertContains(self.client.get("/parties/"), "まだ政党が登録されていません。")

    def test_it_runs_the_same_queries_for_3_and_300_parties(self) -> None:
        make_party(name="第三党", slug="third")
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get("/parties/")
        Party.objects.bulk_create(
            Party(name=f"政党{i:03d}", slug=f"party-{i:03d}") for i in range(297)
        )
        bulk_members(self.mirai, 300)
        bulk_party_pledges(self.mirai, 300)
        with self.assertNumQueries(LIST_QUERIES):
            response = self.client.get("/parties/")
        self.assertContains(response, "政党296")
        self.assertContains(response, "<td>300件</td>", html=True)


class PartyDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.mirai = make_party(
            name="未来党",
            short_name="未来",
            slug="mirai",
            colour="#c8102e",
            website_url="https://example.com/mirai",
            description="2020年結党。\n<b>地方分権</b>を掲げる。",
        )
        self.toguchi = make_politician(
            family_name="渡具知",
            given_name="武豊",
            family_name_kana="とぐち",
            given_name_kana="たけとよ",
            office=OfficeKind.MAYOR,
            prefecture=47,
            municipality="名護市",
            party=self.mirai,
        )

    def test_it_shows_the_party_and_its_website(self) -> None:
        response = self.client.get("/parties/mirai/")
        self.assertContains(response, "未来党")
        self.assertContains(response, "<dt>略称</dt><dd>未来</dd>", html=True)
        self.assertContains(
            response, '<a href="https://example.com/mirai" rel="nofollow ugc noopener"'
        )
        self.assertContains(response, "&lt;b&gt;地方分権&lt;/b&gt;")

    def test_it_lists_current_members_in_kana_order(self) -> None:
        make_politician(family_name="阿部", family_name_kana="あべ", party=self.mirai)
        make_politician(family_name="無所属", family_name_kana="むしょぞく")
        response = self.client.get("/parties/mirai/")
        self.assertContains(response, "所属議員（2人）")
        self.assertContains(response, "名護市 市長")
        names = [politician.family_name for politician in response.context["page_obj"]]
        self.assertEqual(names, ["阿部", "渡具知"])

    @override_settings(PAGE_SIZE=10)
    def test_it_paginates_the_members(self) -> None:
        bulk_members(self.mirai, 20)
        response = self.client.get("/parties/mirai/?page=3")
        self.assertContains(response, "3 / 3 ページ")
        self.assertEqual(len(response.context["page_obj"].object_list), 1)

    def test_it_ignores_a_bad_page_and_says_so(self) -> None:
        response = self.client.get("/parties/mirai/?page=abc")
        self.assertContains(response, "ページの指定が正しくありません。")
        self.assertContains(response, "渡具知武豊")

    def test_it_shows_the_newest_20_party_pledges_with_the_count(self) -> None:
        bulk_party_pledges(self.mirai, 25)
        response = self.client.get("/parties/mirai/")
        self.assertContains(response, "政党の公約・政策（25件）")
        self.assertContains(response, "党の公約024")
        self.assertContains(response, "党の公約005")
        self.assertNotContains(response, "党の公約004")
        self.assertContains(response, "新しい20件を表示しています。")

    def test_it_says_when_there_are_no_party_pledges(self) -> None:
        response = self.client.get("/parties/mirai/")
        self.assertContains(response, "まだ政党の公約・政策が登録されていません。")

    def test_it_is_404_for_an_unknown_party(self) -> None:
        self.assertEqual(self.client.get("/parties/unknown-slug/").status_code, 404)

    def test_it_runs_the_same_queries_for_3_and_300_rows(self) -> None:
        bulk_members(self.mirai, 2)
        bulk_party_pledges(self.mirai, 3)
        with self.assertNumQueries(DETAIL_QUERIES):
            self.client.get("/parties/mirai/")
        bulk_members(self.mirai, 297)
        bulk_party_pledges(self.mirai, 297)
        with self.assertNumQueries(DETAIL_QUERIES):
            response = self.client.get("/parties/mirai/?page=2")
        self.assertContains(response, "所属議員（300人）")
        self.assertContains(response, "政党の公約・政策（300件）")
