from __future__ import annotations

from django.test import SimpleTestCase

from tsushinbo.pledges.diffs import Segment, diff_snapshots, text_diff


def rendered(segments: list[Segment]) -> str:
    marks = {"insert": "[+{}]", "delete": "[-{}]", "equal": "{}", "skip": "{}"}
    return "".join(marks[segment.kind].format(segment.text) for segment in segments)


class DiffTestCase(SimpleTestCase):
    def test_it_marks_inserted_and_removed_japanese_text(self) -> None:
        diff = text_diff("給食費を無償にします。", "給食費を2026年度から無償にします。")
        self.assertEqual(rendered(diff), "給食費を[+2026年度から]無償にします。")

    def test_it_reads_as_phrases_not_scattered_characters(self) -> None:
        diff = text_diff("消費税を廃止します。", "所得税の減税を行います。")
        self.assertEqual(rendered(diff), "[-消費税を廃止し][+所得税の減税を行い]ます。")

    def test_it_keeps_unchanged_lines_whole_and_diffs_changed_lines(self) -> None:
        diff = text_diff("一行目\n二行目です\n三行目", "一行目\n二行目でした\n三行目")
        self.assertEqual(rendered(diff), "一行目\n二行目で[-す][+した]\n三行目")

    def test_it_shortens_long_unchanged_text(self) -> None:
        long = "あ" * 300
        diff = text_diff(long + "い", long + "う")
        self.assertEqual(rendered(diff), "…" + "あ" * 40 + "[-い][+う]")

    def test_it_compares_snapshots_field_by_field(self) -> None:
        before = {
            "title": "公約",
            "body": "本文",
            "source_url": "https://example.com/a",
            "deadline": "",
            "election_id": None,
            "election": "",
            "category_ids": [1, 2],
            "categories": ["子育て", "教育"],
        }
        after = before | {
            "deadline": "2030-03-31",
            "category_ids": [2, 3],
            "categories": ["教育", "福祉"],
        }
        diffs = {diff.label: rendered(diff.segments) for diff in diff_snapshots(before, after)}
        self.assertEqual(diffs, {"分野": "[-子育て]、教育、[+福祉]", "期限": "[+2030年3月31日]"})

    def test_it_shows_a_first_version_as_all_added(self) -> None:
        diffs = diff_snapshots(None, {"title": "公約", "source_url": "https://example.com/"})
        self.assertEqual(
            [(diff.label, rendered(diff.segments)) for diff in diffs],
            [("タイトル", "[+公約]"), ("出典URL", "[+https://example.com/]")],
        )
