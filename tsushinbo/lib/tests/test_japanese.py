from __future__ import annotations

import datetime

from django.template import Context, Template
from django.test import SimpleTestCase

from tsushinbo.lib.kana import is_hiragana_reading, katakana_to_hiragana, normalise_reading
from tsushinbo.lib.prefectures import (
    PREFECTURES,
    PREFECTURES_BY_REGION,
    parse_prefecture,
    prefecture_name,
)
from tsushinbo.lib.wareki import wareki_date, wareki_year


class WarekiTests(SimpleTestCase):
    def test_it_names_the_era_and_year(self) -> None:
        self.assertEqual(wareki_date(datetime.date(2026, 11, 24)), "令和8年11月24日")
        self.assertEqual(wareki_year(datetime.date(1989, 1, 7)), "昭和64年")

    def test_it_says_gannen_for_an_eras_first_year(self) -> None:
        self.assertEqual(wareki_year(datetime.date(2019, 5, 1)), "令和元年")
        self.assertEqual(wareki_year(datetime.date(1989, 1, 8)), "平成元年")

    def test_the_filter_uses_the_day_in_japan(self) -> None:
        # 2019-04-30 20:00 UTC is already 2019-05-01 (令和元年) in Tokyo.
        moment = datetime.datetime(2019, 4, 30, 20, 0, tzinfo=datetime.UTC)
        rendered = Template("{% load site_tags %}{{ moment|wareki }}").render(
            Context({"moment": moment})
        )
        self.assertEqual(rendered, "令和元年5月1日")


class KanaTests(SimpleTestCase):
    def test_it_folds_katakana_and_half_width_to_hiragana(self) -> None:
        self.assertEqual(katakana_to_hiragana("ヤマダ"), "やまだ")
        self.assertEqual(normalise_reading(" ﾔﾏﾀﾞ "), "やまだ")

    def test_it_recognises_readings(self) -> None:
        self.assertTrue(is_hiragana_reading("やまだ たろう"))
        self.assertFalse(is_hiragana_reading("山田"))


class PrefectureTests(SimpleTestCase):
    def test_it_has_all_47_by_jis_code(self) -> None:
        self.assertEqual(len(PREFECTURES), 47)
        self.assertEqual(prefecture_name(13), "東京都")
        self.assertEqual(prefecture_name(47), "沖縄県")
        self.assertEqual(prefecture_name(None), "")

    def test_it_groups_every_prefecture_into_exactly_one_region(self) -> None:
        codes = [code for _, members in PREFECTURES_BY_REGION for code, _ in members]
        self.assertEqual(sorted(codes), list(range(1, 48)))
        self.assertEqual(len(PREFECTURES_BY_REGION), 8)

    def test_it_parses_codes_and_names(self) -> None:
        self.assertEqual(parse_prefecture("13"), 13)
        self.assertEqual(parse_prefecture("東京都"), 13)
        self.assertEqual(parse_prefecture("大阪"), 27)
        self.assertEqual(parse_prefecture("北海道"), 1)
        self.assertIsNone(parse_prefecture("99"))
        self.assertIsNone(parse_prefecture("アトランティス"))
        self.assertIsNone(parse_prefecture(""))
