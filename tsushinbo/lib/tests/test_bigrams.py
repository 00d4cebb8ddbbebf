from __future__ import annotations

from django.test import SimpleTestCase

from tsushinbo.lib.bigrams import (
    cjk_token,
    fts5_match,
    index_tokens,
    normalise,
    query_phrases,
    query_terms,
    runs,
    tsquery,
    word_token,
)


class BigramTests(SimpleTestCase):
    def test_it_normalises_width_case_and_katakana(self) -> None:
        self.assertEqual(normalise("ＡＢＣ１２３ボウエイｶﾀｶﾅ"), "abc123ぼうえいかたかな")

    def test_it_splits_cjk_runs_from_words_at_separators(self) -> None:
        found = [(run.text, run.cjk) for run in runs(normalise("防衛費2025年、tax・カット"))]
        expected = [("防衛費", True), ("2025", False), ("年", True), ("tax", False)]
        self.assertEqual(found, [*expected, ("かっと", True)])

    def test_it_indexes_bigrams_plus_the_last_character(self) -> None:
        expected = [cjk_token("防衛"), cjk_token("衛費"), cjk_token("費")]
        self.assertEqual(index_tokens("防衛費").split(), expected)

    def test_it_indexes_one_character_runs_and_words(self) -> None:
        self.assertEqual(index_tokens("税 Tax").split(), [cjk_token("税"), word_token("tax")])

    def test_it_keeps_texts_apart(self) -> None:
        self.assertEqual(index_tokens("防", "衛").split(), [cjk_token("防"), cjk_token("衛")])

    def test_it_writes_only_ascii_letters_and_digits(self) -> None:
        tokens = index_tokens('防衛 AND NEAR("x" *) é ünïcode 𠮷野家 한국어 ١٢٣').split()
        self.assertTrue(all(token.isascii() and token.isalnum() for token in tokens))

    def test_it_matches_two_characters_as_one_bigram(self) -> None:
        self.assertEqual(fts5_match(query_phrases("防衛")), f'"{cjk_token("防衛")}"')

    def test_it_matches_longer_queries_as_a_phrase(self) -> None:
        expected = f"({cjk_token('防衛')} <-> {cjk_token('衛費')})"
        self.assertEqual(tsquery(query_phrases("防衛費")), expected)

    def test_it_matches_one_character_as_a_prefix(self) -> None:
        self.assertEqual(fts5_match(query_phrases("税")), f'"{cjk_token("税")}"*')
        self.assertEqual(tsquery(query_phrases("税")), f"({cjk_token('税')}:*)")

    def test_it_ends_a_run_that_is_followed_by_a_word(self) -> None:
        phrase = query_phrases("防衛2025")[0]
        tokens = [(token.token, token.prefix) for token in phrase]
        expected = [(cjk_token("防衛"), False), (cjk_token("衛"), False)]
        self.assertEqual(tokens, [*expected, (word_token("2025"), True)])

    def test_it_ands_space_separated_parts(self) -> None:
        self.assertEqual(len(query_phrases("年金　減税")), 2)
        self.assertIn(" AND ", fts5_match(query_phrases("年金 減税")))
        self.assertIn(" & ", tsquery(query_phrases("年金 減税")))

    def test_it_drops_parts_without_letters_or_digits(self) -> None:
        self.assertEqual(query_phrases(' " * % ( ) - '), [])
        self.assertEqual(query_phrases(""), [])

    def test_it_neutralises_query_syntax(self) -> None:
        for query in ["AND", "NEAR(a b)", '"x" OR y*', "a:* & !b", "col:防衛", "^x", "'a'"]:
            match = fts5_match(query_phrases(query))
            self.assertNotIn("NEAR", match)
            self.assertNotIn(":", match)
            self.assertNotIn("'", tsquery(query_phrases(query)))

    def test_it_gives_the_runs_to_highlight(self) -> None:
        self.assertEqual(query_terms("ボウエイ 2025年"), ["ぼうえい", "2025", "年"])
