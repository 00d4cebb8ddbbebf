from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from tsushinbo.audit.models import AuditEntry
from tsushinbo.opendata.models import ExternalId
from tsushinbo.politicians.models import Politician
from tsushinbo.testing import BaseTestCase, make_party, make_politician

HEADER = "external_id,wikidata_id,family_name,given_name,family_name_kana,given_name_kana,gender,birth_date,office,prefecture,municipality,district,party,website_url\n"
GOOD = HEADER + (
    "shugiin:999,,田中,一郎,タナカ,イチロウ,男性,1970-01-02,衆議院議員,東京都,,東京都第1区,みらい党,https://example.jp/\n"
    ",Q42,,,,,,,,,,,無所属,https://example.org/new\n"
    ",,鈴木,,すずき,,,,mayor,13,新宿区,,,\n"
)


class ImportPoliticiansTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.party = make_party(name="みらい党", slug="mirai")
        self.known = make_politician(family_name="既存", wikidata_id="Q42", party=self.party)

    def run_csv(self, text: str, *args: str) -> str:
        with tempfile.NamedTemporaryFile(
            "w", suffix=".csv", delete=False, encoding="utf-8"
        ) as stream:
            stream.write(text)
        self.addCleanup(Path(stream.name).unlink)
        out = StringIO()
        call_command("import_politicians", stream.name, *args, stdout=out, stderr=StringIO())
        return out.getvalue()

    def test_it_creates_and_updates_politicians(self) -> None:
        out = self.run_csv(GOOD)
        self.assertIn("政治家: 新規 2件・更新 1件・変更なし 0件", out)
        tanaka = Politician.objects.get(family_name="田中")
        self.assertEqual((tanaka.family_name_kana, tanaka.given_name_kana), ("たなか", "いちろう"))
        self.assertEqual(
            (tanaka.office, tanaka.prefecture, tanaka.party), ("representative", 13, self.party)
        )
        self.assertEqual(tanaka.gender, "male")
        self.assertTrue(
            ExternalId.objects.filter(scheme="shugiin", value="999", politician=tanaka).exists()
        )
        self.known.refresh_from_db()
        self.assertEqual(self.known.website_url, "https://example.org/new")
        self.assertIsNone(self.known.party)  # 無所属
        self.assertEqual(self.known.family_name, "既存")  # blank cells keep stored values
        self.assertTrue(AuditEntry.objects.filter(action="opendata.import_politicians").exists())

    def test_it_changes_nothing_on_a_second_run(self) -> None:
        self.run_csv(GOOD)
        out = self.run_csv(GOOD)
        self.assertIn("新規 0件・更新 0件・変更なし 3件", out)

    def test_it_lists_every_problem_by_line_and_writes_nothing(self) -> None:
        bad = HEADER + (
            ",,田中,,たなか,,,,衆議院議員,,,,,\n"
            ",,山田,,abc,,?,,president,火星,,,ない党,\n"
            ",,佐藤,,,,,,,,,,,\n"
        )
        err = StringIO()
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as stream:
            stream.write(bad)
        with self.assertRaisesMessage(
            CommandError, "2件の問題があるため、何も取り込みませんでした"
        ):
            call_command("import_politicians", stream.name, stdout=StringIO(), stderr=err)
        messages = err.getvalue()
        self.assertIn("3行目: 姓（よみ）: よみがなはひらがな", messages)
        self.assertIn("都道府県", messages)
        self.assertIn("4行目: 新しく登録する政治家に姓（よみ）・役職がありません。", messages)
        self.assertFalse(Politician.objects.filter(family_name="田中").exists())
        Path(stream.name).unlink()

    def test_it_rejects_unknown_columns(self) -> None:
        with self.assertRaisesMessage(CommandError, "何も取り込みませんでした"):
            self.run_csv("family_name,colour\n山田,red\n")

    def test_it_writes_nothing_on_a_dry_run(self) -> None:
        out = self.run_csv(GOOD, "--dry-run")
        self.assertIn("ドライラン", out)
        self.assertFalse(Politician.objects.filter(family_name="田中").exists())

    def test_it_indexes_new_politicians_for_search(self) -> None:
        from tsushinbo.search.models import DocumentKind, SearchDocument

        self.run_csv(GOOD)
        tanaka = Politician.objects.get(family_name="田中")
        self.assertTrue(
            SearchDocument.objects.filter(
                kind=DocumentKind.POLITICIAN, object_id=tanaka.pk
            ).exists()
        )
