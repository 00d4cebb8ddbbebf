from __future__ import annotations

from django.test import SimpleTestCase

from tsushinbo.lib.isbn import InvalidISBN, is_valid_isbn13, normalise_isbn


class ISBNTestCase(SimpleTestCase):
    def test_it_converts_isbn10_to_isbn13(self) -> None:
        self.assertEqual(normalise_isbn("4-10-101001-3"), "9784101010014")
        self.assertEqual(normalise_isbn("0306406152"), "9780306406157")

    def test_it_accepts_x_as_the_isbn10_check_digit(self) -> None:
        self.assertEqual(normalise_isbn("4-00-000008-x"), "9784000000086")
        self.assertEqual(normalise_isbn("400000008X"), "9784000000086")

    def test_it_keeps_a_valid_isbn13(self) -> None:
        self.assertEqual(normalise_isbn("978-4-10-101001-4"), "9784101010014")
        self.assertEqual(normalise_isbn("9791032305690"), "9791032305690")

    def test_it_ignores_prefixes_spaces_full_width_digits_and_dashes(self) -> None:
        for typed in (
            "ISBN978-4-10-101001-4",
            "ISBN: 978 4 10 101001 4",
            "９７８－４－１０－１０１００１－４",
            "978ー4ー10ー101001ー4",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(normalise_isbn(typed), "9784101010014")

    def test_it_rejects_a_wrong_check_digit_in_japanese(self) -> None:
        with self.assertRaisesMessage(
            InvalidISBN, "ISBN-13のチェックディジット（最後の1桁）が正しくありません。"
        ):
            normalise_isbn("978-4-10-101001-5")
        with self.assertRaisesMessage(
            InvalidISBN, "ISBN-10のチェックディジット（最後の1桁）が正しくありません。"
        ):
            normalise_isbn("4-10-101001-4")

    def test_it_rejects_bad_lengths_letters_and_prefixes(self) -> None:
        cases = {
            "12345": "ISBNは10桁または13桁です（入力された桁数：5）",
            "": "ISBNは10桁または13桁です（入力された桁数：0）",
            "41010100A3": "ISBN-10は数字9桁と、最後の1文字（数字またはX）で入力してください。",
            "97841010100X4": "ISBN-13は数字13桁で入力してください。",
            "9774101010014": "ISBN-13は978または979で始まります。",
        }
        for typed, message in cases.items():
            with self.subTest(typed=typed), self.assertRaisesMessage(InvalidISBN, message):
                normalise_isbn(typed)

    def test_it_says_whether_a_stored_value_is_a_valid_isbn13(self) -> None:
        self.assertTrue(is_valid_isbn13("9784101010014"))
        self.assertFalse(is_valid_isbn13("4101010013"))
        self.assertFalse(is_valid_isbn13("9784101010015"))
