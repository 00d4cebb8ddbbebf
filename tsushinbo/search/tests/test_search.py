from __future__ import annotations

from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.pledges.models import ReviewStatus as PledgeStatus
from tsushinbo.search.queries import search
from tsushinbo.search.tests.base import (
    found,
    indexed_pledge,
    indexed_politician,
    indexed_report,
)
from tsushinbo.testing import BaseTestCase, make_party


class SearchTests(BaseTestCase):
    def test_it_finds_two_character_words(self) -> None:
        defence = indexed_pledge(title="防衛費の増額に反対", body="")
        tax = indexed_pledge(title="消費税の減税", body="")
        pension = indexed_pledge(title="公約", body="基礎年金を引き上げます。")
        indexed_pledge(title="子育て支援", body="保育所を増やします。")
        self.assertEqual(found("防衛"), {("pledge", defence.pk)})
        self.assertEqual(found("減税"), {("pledge", tax.pk)})
        self.assertEqual(found("年金"), {("pledge", pension.pk)})

    def test_it_finds_one_character_anywhere_in_a_run(self) -> None:
        start = indexed_pledge(title="税制改正", body="")
        middle = indexed_pledge(title="消費税率", body="")
        end = indexed_pledge(title="減税", body="")
        indexed_pledge(title="子育て", body="")
        expected = {("pledge", start.pk), ("pledge", middle.pk), ("pledge", end.pk)}
        self.assertEqual(found("税"), expected)

    def test_it_has_substring_semantics(self) -> None:
        tokyo = indexed_pledge(title="東京都の防災", body="")
        kyoto = indexed_pledge(title="京都の観光", body="")
        self.assertEqual(found("京都"), {("pledge", tokyo.pk), ("pledge", kyoto.pk)})
        self.assertEqual(found("東京都"), {("pledge", tokyo.pk)})
        self.assertEqual(found("都の防"), {("pledge", tokyo.pk)})
        self.assertEqual(found("京都の防災"), {("pledge", tokyo.pk)})
        self.assertEqual(found("東京都の観光"), set())

    def test_it_finds_politicians_by_kanji_hiragana_and_katakana(self) -> None:
        sato = indexed_politician(
            family_name="佐藤",
            given_name="花子",
            family_name_kana="さとう",
            given_name_kana="はなこ",
        )
        indexed_politician(
            family_name="鈴木",
            given_name="一郎",
            family_name_kana="すずき",
            given_name_kana="いちろう",
        )
        hit = {("politician", sato.pk)}
        for query in [
            "佐藤",
            "佐藤花子",
            "佐藤 花子",
            "さとう",
            "さとうはなこ",
            "サトウ",
            "サトウハナコ",
            "ｻﾄｳ",
        ]:
            with self.subTest(query=query):
                self.assertEqual(found(query), hit)

    def test_it_finds_latin_words_and_digits(self) -> None:
        pledge = indexed_pledge(title="DX推進", body="2025年度までにWi-Fiを整備。")
        for query in ["dx", "ＤＸ推進", "2025年度", "wi", "fi", "DX推"]:
            with self.subTest(query=query):
                self.assertEqual(found(query), {("pledge", pledge.pk)})
        self.assertEqual(found("25年度"), set())  # words match from their start only

    def test_it_ands_the_parts_of_the_query(self) -> None:
        both = indexed_pledge(title="年金と減税", body="")
        indexed_pledge(title="年金", body="")
        self.assertEqual(found("年金 減税"), {("pledge", both.pk)})
        self.assertEqual(found("年金　減税"), {("pledge", both.pk)})

    def test_it_never_finds_pending_or_rejected_rows(self) -> None:
        indexed_pledge(title="防衛 確認待ち", body="", review_status=PledgeStatus.PENDING)
        indexed_pledge(title="防衛 却下", body="", review_status=PledgeStatus.REJECTED)
        indexed_report(title="防衛 確認待ち", status=ReviewStatus.PENDING)
        indexed_report(title="防衛 却下", status=ReviewStatus.REJECTED)
        indexed_report(title="防衛 非表示", is_hidden=True)
        public = indexed_report(title="防衛の報告")
        self.assertEqual(found("防衛"), {("report", public.pk)})

    def test_it_filters_by_kind_party_and_prefecture(self) -> None:
        party = make_party(name="防衛党")
        member = indexed_politician(family_name="防衛", given_name="", party=party, prefecture=1)
        own = indexed_pledge(politician=member, title="防衛", body="")
        party_pledge = indexed_pledge(party=party, title="防衛の公約", body="")
        report = indexed_report(member, title="防衛の報告")
        other = indexed_pledge(title="防衛", body="")  # a politician in Tokyo, no party
        self.assertEqual(
            found("防衛", kinds=["pledge"]),
            {("pledge", own.pk), ("pledge", party_pledge.pk), ("pledge", other.pk)},
        )
        by_party = {("politician", member.pk), ("pledge", own.pk), ("pledge", party_pledge.pk)}
        self.assertEqual(found("防衛", party=party.pk), by_party | {("report", report.pk)})
        self.assertEqual(found("防衛", prefecture=13), {("pledge", other.pk)})
        self.assertEqual(found("防衛", kinds=["report"], prefecture=1), {("report", report.pk)})

    def test_it_counts_per_kind_and_in_total(self) -> None:
        politician = indexed_politician(family_name="年金", given_name="")
        indexed_pledge(politician=politician, title="年金", body="")
        indexed_pledge(politician=politician, title="年金2", body="")
        indexed_report(politician, title="年金の報告")
        results = search("年金", kinds=["pledge"])
        self.assertEqual(results.counts, {"politician": 1, "pledge": 2, "report": 1})
        self.assertEqual(results.total, 2)
        self.assertEqual({r.kind for r in results.results}, {"pledge"})

    def test_it_puts_politicians_first_then_newest(self) -> None:
        politician = indexed_politician(family_name="減税", given_name="")
        older = indexed_pledge(politician=politician, title="減税A", body="")
        newer = indexed_pledge(politician=politician, title="減税B", body="")
        results = search("減税").results
        self.assertEqual(
            [(r.kind, r.id) for r in results],
            [("politician", politician.pk), ("pledge", newer.pk), ("pledge", older.pk)],
        )

    def test_it_returns_what_the_api_needs(self) -> None:
        pledge = indexed_pledge(title="防衛費の見直し", body="防衛費を<b>見直す</b>。")
        result = search("防衛").results[0]
        self.assertEqual(
            (result.kind, result.id, result.title), ("pledge", pledge.pk, "防衛費の見直し")
        )
        self.assertEqual(result.url, f"/pledges/{pledge.pk}/")
        self.assertEqual(str(result.snippet), "<mark>防衛</mark>費を&lt;b&gt;見直す&lt;/b&gt;。")
        self.assertEqual(str(result.title_html), "<mark>防衛</mark>費の見直し")

    def test_it_marks_katakana_and_full_width_text_for_a_hiragana_query(self) -> None:
        indexed_pledge(title="ボウエイ２０２５", body="")
        result = search("ぼうえい 2025").results[0]
        self.assertEqual(str(result.title_html), "<mark>ボウエイ２０２５</mark>")

    def test_it_is_safe_against_query_syntax(self) -> None:
        pledge = indexed_pledge(title="防衛 AND 減税 OR NEAR", body='"引用" * (括弧)')
        for query in [
            "AND",
            "OR",
            "NEAR(",
            'NEAR("防衛" "減税")',
            '"',
            '"防衛',
            "*",
            "防衛*",
            "-防衛",
            "^防衛",
            "tokens:防衛",
            "防衛:*",
            "!防衛",
            "防衛 & 減税",
            "防衛 | x",
            "(",
            ")",
            "'",
            "\\",
            "%",
            "_",
        ]:
            with self.subTest(query=query):
                results = search(query)  # never raises
                self.assertLessEqual(len(results.results), 1)
        self.assertEqual(found('"防衛'), {("pledge", pledge.pk)})
        self.assertEqual(found("NEAR"), {("pledge", pledge.pk)})

    def test_it_explains_empty_long_and_symbol_only_queries(self) -> None:
        self.assertEqual(search("").problems, [])
        self.assertEqual(search("   ").problems, [])
        self.assertEqual(search("あ" * 101).problems, ["検索語は100文字以内で入力してください。"])
        self.assertEqual(search("!!! ???").problems, ["文字か数字を含む検索語を入力してください。"])
        self.assertEqual(search(" ".join("あ" * 11)).problems, ["検索語は10個までです。"])

    def test_it_survives_odd_unicode(self) -> None:
        indexed_pledge(title="𠮷野家の牛丼", body="")
        for query in [
            "𠮷",
            "𠮷野",
            "\x00",
            "\u200b",
            "\ufeff防衛",
            "é",
            "👍",
            "\U000e0001",
            "\ud7ff",
            "ｶﾞ",
            "ﾞ",
        ]:
            with self.subTest(query=query):
                search(query)
        self.assertEqual(len(search("𠮷野").results), 1)

    def test_it_clamps_bad_page_numbers(self) -> None:
        indexed_pledge(title="年金", body="")
        self.assertEqual(len(search("年金", page="x").results), 1)
        self.assertEqual(search("年金", page=99).page.number, 1)  # type: ignore[union-attr]
        self.assertTrue(search("年金", page=99).problems)
