from __future__ import annotations

from django.test import override_settings

from tsushinbo.politicians.models import OfficeKind, Politician
from tsushinbo.testing import BaseTestCase, make_party, make_politician

# Demo banner, party dropdown, COUNT, one page of politicians with their parties.
LIST_QUERIES = 4


def bulk_politicians(count: int, **fields: object) -> None:
    # bulk_create skips save(), so sort_kana is set here.
    Politician.objects.bulk_create(
        Politician(
            family_name="佐藤",
            given_name=f"花子{i}",
            family_name_kana="さとう",
            given_name_kana="はなこ",
            sort_kana="さとう はなこ",
            office=OfficeKind.MUNICIPAL_ASSEMBLY,
            municipality="新宿区",
            prefecture=13,
            **fields,  # type: ignore[arg-type]
        )
        for i in range(count)
    )


class DirectoryTestCase(BaseTestCase):
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
            party=self.mirai,
        )
        self.abe = make_politician(
            family_name="阿部",
            given_name="一郎",
            family_name_kana="あべ",
            given_name_kana="いちろう",
            office=OfficeKind.GOVERNOR,
            prefecture=1,
            party=self.midori,
        )
        self.yamada = make_politician(
            family_name="山田",
            given_name="花子",
            family_name_kana="やまだ",
            given_name_kana="はなこ",
            office=OfficeKind.COUNCILLOR,
            prefecture=13,
        )

    def names_on(self, url: str) -> list[str]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [p.full_name for p in response.context["page_obj"].object_list]

    def test_it_lists_politicians_in_kana_order(self) -> None:
        response = self.client.get("/politicians/")
        self.assertContains(response, "<h1>政治家一覧</h1>", html=True)
        self.assertEqual(self.names_on("/politicians/"), ["阿部一郎", "渡具知武豊", "山田花子"])

    def test_it_shows_role_party_prefecture_and_count(self) -> None:
        response = self.client.get("/politicians/")
        self.assertContains(response, "3人")
        self.assertContains(response, "名護市 市長")
        self.assertContains(response, "北海道 知事")
        self.assertContains(response, "参議院議員")
        self.assertContains(response, "沖縄県")
        self.assertContains(response, "未来党")
        self.assertContains(response, 'fill="#c8102e"')
        self.assertContains(response, "無所属")
        self.assertContains(response, "とぐち たけとよ")

    def test_it_has_labelled_filters(self) -> None:
        response = self.client.get("/politicians/")
        for label in ["名前・よみがな", "政党", "都道府県", "役職"]:
            self.assertContains(response, f">{label}</label>")
        self.assertContains(response, '<option value="mirai">未来党</option>', html=True)

    def test_it_finds_by_family_name_full_name_and_name_with_space(self) -> None:
        self.assertEqual(self.names_on("/politicians/?q=渡具知"), ["渡具知武豊"])
        self.assertEqual(self.names_on("/politicians/?q=渡具知武豊"), ["渡具知武豊"])
        self.assertEqual(self.names_on("/politicians/?q=渡具知+武豊"), ["渡具知武豊"])
        self.assertEqual(self.names_on("/politicians/?q=渡具知　武豊"), ["渡具知武豊"])
        self.assertEqual(self.names_on("/politicians/?q=花子"), ["山田花子"])

    def test_it_finds_by_reading_in_hiragana_katakana_and_half_width(self) -> None:
        self.assertEqual(self.names_on("/politicians/?q=とぐち"), ["渡具知武豊"])
        self.assertEqual(self.names_on("/politicians/?q=トグチ タケトヨ"), ["渡具知武豊"])
        self.assertEqual(self.names_on("/politicians/?q=ﾄｸﾞﾁ"), ["渡具知武豊"])

    def test_it_says_when_nothing_matches(self) -> None:
        response = self.client.get("/politicians/?q=存在しない名前")
        self.assertContains(response, "条件に合う政治家は見つかりませんでした。")
        self.assertContains(response, "0人")

    def test_it_filters_by_party_prefecture_and_office(self) -> None:
        self.assertEqual(self.names_on("/politicians/?party=mirai"), ["渡具知武豊"])
        self.assertEqual(self.names_on("/politicians/?prefecture=13"), ["山田花子"])
        self.assertEqual(self.names_on("/politicians/?office=governor"), ["阿部一郎"])

    def test_it_combines_filters(self) -> None:
        make_politician(family_name="山田", given_name="次郎", prefecture=47, party=self.mirai)
        self.assertEqual(self.names_on("/politicians/?q=山田&party=mirai"), ["山田次郎"])
        self.assertEqual(self.names_on("/politicians/?q=山田&prefecture=13"), ["山田花子"])

    def test_it_ignores_a_bad_prefecture_and_says_so(self) -> None:
        response = self.client.get("/politicians/?prefecture=99")
        self.assertContains(response, "都道府県の指定が正しくありません。")
        self.assertEqual(len(response.context["page_obj"].object_list), 3)

    def test_it_ignores_bad_office_party_and_page_and_says_so(self) -> None:
        response = self.client.get("/politicians/?office=foo&party=unknown-slug&page=abc&q=山田")
        self.assertContains(response, "役職の指定が正しくありません。")
        self.assertContains(response, "政党の指定が正しくありません。")
        self.assertContains(response, "ページの指定が正しくありません。")
        # The valid filter still applies.
        self.assertEqual([p.full_name for p in response.context["page_obj"]], ["山田花子"])

    def test_it_ignores_a_too_long_query(self) -> None:
        response = self.client.get("/politicians/?q=" + "あ" * 101)
        self.assertContains(response, "検索語が長すぎます")
        self.assertEqual(len(response.context["page_obj"].object_list), 3)

    def test_it_escapes_names(self) -> None:
        make_politician(family_name="<script>alert(1)</script>", given_name="")
        response = self.client.get("/politicians/")
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    @override_settings(PAGE_SIZE=2)
    def test_it_paginates_and_keeps_filters(self) -> None:
        make_politician(family_name="岡田", family_name_kana="おかだ", prefecture=13)
        make_politician(family_name="上田", family_name_kana="うえだ", prefecture=13)
        response = self.client.get("/politicians/?prefecture=13")
        self.assertContains(response, "3人")
        self.assertContains(response, "1 / 2 ページ")
        self.assertContains(response, 'href="?prefecture=13&amp;page=2"')
        self.assertEqual(self.names_on("/politicians/?prefecture=13&page=2"), ["山田花子"])

    @override_settings(PAGE_SIZE=2)
    def test_it_shows_the_last_page_for_a_page_past_the_end(self) -> None:
        response = self.client.get("/politicians/?page=50")
        self.assertContains(response, "指定されたページはありません。")
        self.assertEqual([p.full_name for p in response.context["page_obj"]], ["山田花子"])

    def test_it_runs_the_same_queries_for_3_and_300_politicians(self) -> None:
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get("/politicians/")
        bulk_politicians(300, party=self.mirai)
        with self.assertNumQueries(LIST_QUERIES):
            response = self.client.get("/politicians/")
        self.assertContains(response, "303人")
        with self.assertNumQueries(LIST_QUERIES):
            response = self.client.get("/politicians/?q=サトウ&party=mirai&prefecture=13&page=3")
        self.assertContains(response, "300人")
