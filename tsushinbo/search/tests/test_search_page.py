from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tsushinbo.pledges.models import Pledge
from tsushinbo.search.indexing import pledge_document, write_documents
from tsushinbo.search.tests.base import indexed_pledge, indexed_politician, indexed_report
from tsushinbo.testing import BaseTestCase, make_party, make_politician

ODD_QUERIES = [
    "",
    " ",
    "　　",
    "%",
    "%25",
    '"',
    "'",
    "AND",
    "OR NOT",
    "NEAR(",
    'NEAR("a" "b", 2)',
    "*",
    "防衛*",
    "a:*",
    "!(x) & | <->",
    "\\",
    "\x00",
    "\u200b\u200d",
    "𠮷",
    "👍🏽",
    "<script>alert(1)</script>",
    "a" * 5000,
    "防 " * 60,
]


class SearchPageTests(BaseTestCase):
    def test_it_shows_the_search_box_and_help_without_a_query(self) -> None:
        response = self.client.get("/search/")
        self.assertContains(response, 'name="q"')
        self.assertContains(response, "2文字の言葉")

    def test_it_lists_matches_with_counts_and_snippets(self) -> None:
        politician = indexed_politician(family_name="防衛", given_name="太郎")
        indexed_pledge(politician=politician, title="防衛費の見直し", body="防衛費を減らす。")
        indexed_report(politician, title="防衛委員会", body="質問しました。")
        response = self.client.get("/search/?q=防衛")
        self.assertContains(response, "検索結果：<strong>3件</strong>", html=False)
        self.assertContains(response, "公約・政策（1）")
        self.assertContains(response, "活動報告（1）")
        self.assertContains(response, "<mark>防衛</mark>費の見直し", html=False)
        self.assertContains(response, f'href="/politicians/{politician.pk}/"')

    def test_it_filters_by_kind_party_and_prefecture(self) -> None:
        party = make_party(name="年金党", slug="nenkin")
        member = indexed_politician(family_name="年金", given_name="", party=party, prefecture=1)
        pledge = indexed_pledge(politician=member, title="年金改革", body="")
        indexed_pledge(title="年金の話", body="")
        response = self.client.get("/search/?q=年金&kind=pledge&party=nenkin&prefecture=1")
        self.assertContains(response, "検索結果：<strong>1件</strong>", html=False)
        self.assertContains(response, f'href="/pledges/{pledge.pk}/"')

    def test_it_explains_bad_filters_and_queries(self) -> None:
        response = self.client.get("/search/?q=年金&kind=x&party=nope&prefecture=99")
        self.assertContains(response, "種類の指定が正しくありません。")
        self.assertContains(response, "政党の指定が正しくありません。")
        self.assertContains(response, "都道府県の指定が正しくありません。")
        long = self.client.get("/search/", {"q": "あ" * 101})
        self.assertContains(long, "検索語は100文字以内で入力してください。")
        symbols = self.client.get("/search/", {"q": "!!!"})
        self.assertContains(symbols, "文字か数字を含む検索語を入力してください。")
        nothing = self.client.get("/search/", {"q": "存在しない言葉"})
        self.assertContains(nothing, "一致するものは見つかりませんでした")

    def test_it_never_fails_on_odd_input(self) -> None:
        indexed_pledge(title="防衛 AND NEAR", body='"x" *')
        for query in ODD_QUERIES:
            for extra in ({}, {"page": "-1"}, {"page": "9" * 30}, {"kind": "<b>"}):
                with self.subTest(query=query[:20], extra=extra):
                    response = self.client.get("/search/", {"q": query, **extra})
                    self.assertEqual(response.status_code, 200)

    def test_it_escapes_user_text(self) -> None:
        indexed_pledge(
            title="<script>alert(1)</script>防衛", body="<img src=x onerror=alert(1)>防衛"
        )
        response = self.client.get("/search/", {"q": "<script>防衛"})
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "<img src=x")
        self.assertContains(
            response,
            "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;<mark>防衛</mark>",
            html=False,
        )

    def test_it_paginates(self) -> None:
        self.add_pledges(45)
        response = self.client.get("/search/?q=年金&kind=pledge&page=3")
        self.assertContains(response, "3 / 3 ページ")
        self.assertEqual(len(response.context["found"].results), 5)

    def add_pledges(self, count: int) -> None:
        politician = make_politician()
        pledges = Pledge.objects.bulk_create(
            Pledge(politician=politician, title=f"年金{n}", source_url="https://e.jp/")
            for n in range(count)
        )
        for pledge in pledges:
            pledge.politician = politician
        write_documents(pledge_document(pledge) for pledge in pledges)

    def queries_for(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_it_makes_the_same_number_of_queries_for_3_and_300_rows(self) -> None:
        self.add_pledges(3)
        few = self.queries_for("/search/?q=年金")
        self.add_pledges(297)
        with self.assertNumQueries(few):
            self.client.get("/search/?q=年金")
        with self.assertNumQueries(few):
            self.client.get("/search/?q=年金&kind=pledge&page=2")
        self.assertLessEqual(few, 5)

    def test_it_is_the_target_of_the_header_search_box(self) -> None:
        response = self.client.get("/politicians/")
        self.assertContains(response, 'action="/search/"')
