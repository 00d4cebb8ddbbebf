from __future__ import annotations

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from tsushinbo.elections.models import Election
from tsushinbo.opendata.models import ExternalId
from tsushinbo.opendata.popolo_import import import_popolo
from tsushinbo.opendata.tests.helpers import SAMPLE
from tsushinbo.politicians.models import OfficeKind, Party, Politician
from tsushinbo.testing import BaseTestCase, make_politician


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_popolo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class ImportPopoloTestCase(BaseTestCase):
    def test_it_imports_everypolitician_with_japanese_names_and_readings(self) -> None:
        out, err = run(str(SAMPLE))
        self.assertIn("政治家: 新規 25件・更新 0件・変更なし 0件", out)
        self.assertEqual(err, "")
        kawamura = ExternalId.objects.get(
            scheme="everypolitician", value="007e2041-6cd0-4ca1-9b3b-d622315eb432"
        ).politician
        assert kawamura is not None
        self.assertEqual((kawamura.family_name, kawamura.given_name), ("河村", "建夫"))  # no 君
        self.assertEqual(
            (kawamura.family_name_kana, kawamura.given_name_kana), ("かわむら", "たけお")
        )
        self.assertEqual(kawamura.office, OfficeKind.REPRESENTATIVE)
        self.assertEqual(kawamura.prefecture, 35)
        self.assertEqual(kawamura.district, "山口県第3区")
        self.assertEqual(kawamura.party.name, "自由民主党")  # type: ignore[union-attr]
        self.assertEqual(kawamura.wikidata_id, "Q382311")
        self.assertEqual(str(kawamura.birth_date), "1942-11-10")
        self.assertEqual(kawamura.gender, "male")
        self.assertEqual(kawamura.wikipedia_url, "https://ja.wikipedia.org/wiki/河村建夫")
        self.assertTrue(
            ExternalId.objects.filter(scheme="ndl", value="00717677", politician=kawamura).exists()
        )

    def test_it_reads_blocs_and_independents(self) -> None:
        run(str(SAMPLE))
        uenishi = Politician.objects.get(family_name="上西")
        self.assertEqual(uenishi.given_name, "小百合")
        self.assertIsNone(uenishi.party)  # party/ind is 無所属: no party is created
        self.assertEqual(uenishi.district, "比例近畿ブロック")
        self.assertIsNone(uenishi.prefecture)
        self.assertFalse(Party.objects.filter(name="無所属").exists())
        self.assertEqual(Party.objects.count(), 5)

    def test_it_imports_general_elections_with_a_full_date(self) -> None:
        out, _ = run(str(SAMPLE))
        election = Election.objects.get(external_id="everypolitician:Q4638550")
        self.assertEqual(str(election.vote_date), "2014-12-14")
        self.assertEqual(election.name, "2014年 衆議院議員総選挙")
        self.assertFalse(Election.objects.filter(external_id="everypolitician:Q3587192").exists())
        self.assertIn("投票日が年だけのもの", out)

    def test_it_changes_nothing_on_a_second_run(self) -> None:
        run(str(SAMPLE))
        stamps = dict(Politician.objects.values_list("pk", "updated_at"))
        out, _ = run(str(SAMPLE))
        self.assertIn("政治家: 新規 0件・更新 0件・変更なし 25件", out)
        self.assertIn("政党: 新規 0件・更新 0件・変更なし 5件", out)
        self.assertIn("選挙: 新規 0件・更新 0件", out)
        self.assertEqual(dict(Politician.objects.values_list("pk", "updated_at")), stamps)

    def test_it_writes_nothing_on_a_dry_run(self) -> None:
        out, _ = run(str(SAMPLE), "--dry-run")
        self.assertIn("ドライラン", out)
        self.assertIn("政治家: 新規 25件", out)
        self.assertEqual(Politician.objects.count(), 0)
        self.assertEqual(ExternalId.objects.count(), 0)

    def test_it_finds_an_existing_politician_by_wikidata_id(self) -> None:
        existing = make_politician(family_name="河村", given_name="建夫", wikidata_id="Q382311")
        run(str(SAMPLE))
        existing.refresh_from_db()
        self.assertEqual(existing.district, "山口県第3区")
        self.assertEqual(Politician.objects.filter(family_name="河村").count(), 1)

    def test_it_reports_bad_records_and_imports_the_rest(self) -> None:
        data = json.loads(SAMPLE.read_text(encoding="utf-8"))
        data["persons"][1]["other_names"] = []
        data["persons"][1]["name"] = ""
        data["persons"][2]["other_names"].append({"lang": "ja-hira", "name": "abc"})
        data["memberships"].append({"person_id": "nobody", "organization_id": "party/ldp"})
        data["memberships"][3]["on_behalf_of_id"] = "party/unknown"
        report = import_popolo(data)
        self.assertEqual(len(report.errors), 3, report.errors)
        self.assertIn(
            "persons[1] (id=00d65cf2-96ca-48ae-9f1e-5e35a502e543): 氏名がありません",
            report.errors[1],
        )
        self.assertIn("person_id「nobody」", report.errors[0])
        self.assertIn("party/unknown", report.errors[2])
        self.assertEqual(Politician.objects.count(), 23)

    def test_it_rejects_a_file_that_is_not_popolo(self) -> None:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as stream:
            stream.write('{"hello": 1}')
        from django.core.management.base import CommandError

        with self.assertRaisesMessage(CommandError, "Popolo の JSON ではありません"):
            run(stream.name)
        Path(stream.name).unlink()

    def test_it_indexes_imported_politicians_for_search(self) -> None:
        from tsushinbo.search.models import DocumentKind, SearchDocument

        run(str(SAMPLE))
        kawamura = Politician.objects.get(family_name="河村")
        document = SearchDocument.objects.get(kind=DocumentKind.POLITICIAN, object_id=kawamura.pk)
        self.assertIn("河村", document.title)

    def test_it_ignores_memberships_of_organizations_it_does_not_keep(self) -> None:
        data = json.loads(SAMPLE.read_text(encoding="utf-8"))
        data["organizations"].append(
            {"id": "committee/budget", "name": "予算委員会", "classification": "committee"}
        )
        data["memberships"].append(
            {"person_id": data["persons"][0]["id"], "organization_id": "committee/budget"}
        )
        report = import_popolo(data)
        self.assertEqual(report.errors, [])
        self.assertEqual(report.counts["memberships_skipped"], 1)
        self.assertEqual(Politician.objects.count(), 25)
