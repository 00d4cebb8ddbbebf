from __future__ import annotations

import datetime
import io
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command

from tsushinbo.audit.models import AuditEntry
from tsushinbo.elections.models import Candidacy, Election, japan_today
from tsushinbo.politicians.models import OfficeKind, Politician
from tsushinbo.testing import BaseTestCase, make_party, make_politician

HEADER = (
    "election_external_id,election_name,kind,scope,prefecture,municipality,vote_date,"
    "notice_date,seats,turnout,politician_external_id,wikidata_id,family_name,given_name,"
    "family_name_kana,given_name_kana,politician_prefecture,party,district,votes,rank,elected"
)


def row(**cells: object) -> str:
    return ",".join(str(cells.get(name, "")) for name in HEADER.split(","))


class ImportElectionsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)
        self.mirai = make_party(name="未来党", short_name="未来", slug="mirai")
        self.toguchi = make_politician(
            family_name="渡具知", given_name="武豊", family_name_kana="とぐち",
            given_name_kana="たけとよ", prefecture=47, external_ids={"soumu": "47-0001"},
        )  # fmt: skip
        self.kishimoto = make_politician(
            family_name="岸本", given_name="洋平", family_name_kana="きしもと",
            given_name_kana="ようへい", prefecture=47, wikidata_id="Q11500000",
        )  # fmt: skip
        self.election_cells = {
            "election_external_id": "2022-nago-mayor",
            "election_name": "2022年名護市長選挙",
            "kind": "市区町村長選",
            "scope": "municipality",
            "prefecture": "沖縄県",
            "municipality": "名護市",
            "vote_date": "2022-01-23",
            "notice_date": "2022-01-16",
            "seats": 1,
            "turnout": "68.32",
        }

    def write(self, *rows: str, encoding: str = "utf-8") -> str:
        path = Path(self.directory.name) / "elections.csv"
        path.write_text("\n".join([HEADER, *rows]) + "\n", encoding=encoding)
        return str(path)

    def run_import(self, path: str, *args: str) -> str:
        out = io.StringIO()
        call_command("import_elections", path, *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    def import_errors(self, path: str, *args: str) -> tuple[str, str]:
        err = io.StringIO()
        with self.assertRaises(CommandError) as raised:
            call_command("import_elections", path, *args, stdout=io.StringIO(), stderr=err)
        return str(raised.exception), err.getvalue()

    def nago_csv(self, **changes: object) -> str:
        first = {
            **self.election_cells,
            "politician_external_id": "soumu:47-0001",
            "party": "未来党",
            "district": "名護市",
            "votes": 19524,
            "rank": 1,
            "elected": "当選",
        }
        return self.write(
            row(**(first | changes)),
            row(election_external_id="2022-nago-mayor", wikidata_id="Q11500000", party="無所属",
                district="名護市", votes=14439, rank=2, elected="落選"),
        )  # fmt: skip

    def test_it_imports_an_election_with_candidates_and_shows_it(self) -> None:
        """Done when: an imported election appears under past or upcoming, with results and links."""
        output = self.run_import(self.nago_csv())
        self.assertIn("選挙: 新規 1件", output)
        self.assertIn("立候補: 新規 2件", output)
        election = Election.objects.get(external_id="2022-nago-mayor")
        self.assertEqual(
            (election.prefecture, election.seats, str(election.turnout)), (47, 1, "68.32")
        )
        self.assertEqual(election.districts, ["名護市"])

        self.assertNotContains(self.client.get("/elections/"), "2022年名護市長選挙")
        self.assertContains(self.client.get("/elections/?when=past"), "2022年名護市長選挙")
        detail = self.client.get(f"/elections/{election.pk}/")
        self.assertContains(
            detail, f'<a href="/politicians/{self.toguchi.pk}/">渡具知武豊</a>', html=True
        )
        self.assertContains(
            detail, f'<a href="/politicians/{self.kishimoto.pk}/">岸本洋平</a>', html=True
        )
        self.assertContains(detail, "19,524票")
        self.assertContains(detail, "当選")
        self.assertContains(detail, "68.32%")
        profile = self.client.get(f"/politicians/{self.toguchi.pk}/")
        self.assertContains(
            profile, f'<a href="/elections/{election.pk}/">2022年名護市長選挙</a>', html=True
        )

    def test_it_shows_an_imported_future_election_as_upcoming(self) -> None:
        vote_date = japan_today() + datetime.timedelta(days=20)
        self.election_cells["vote_date"] = vote_date.isoformat()
        self.election_cells["notice_date"] = ""
        self.run_import(self.nago_csv(votes="", rank="", elected=""))
        self.assertContains(self.client.get("/elections/"), "2022年名護市長選挙")
        self.assertNotContains(self.client.get("/elections/?when=past"), "2022年名護市長選挙")

    def test_it_matches_politicians_by_name_reading_and_prefecture(self) -> None:
        make_politician(
            family_name="渡具知", given_name="武豊", family_name_kana="とぐち",
            given_name_kana="たけとよ", prefecture=13,
        )  # fmt: skip
        path = self.write(
            row(**self.election_cells, family_name="渡具知", given_name="武豊",
                family_name_kana="トグチ", given_name_kana="タケトヨ", politician_prefecture="沖縄"),
        )  # fmt: skip
        self.run_import(path)
        self.assertEqual(Candidacy.objects.get().politician, self.toguchi)

    def test_it_is_idempotent_by_external_id(self) -> None:
        path = self.nago_csv()
        self.run_import(path)
        output = self.run_import(path)
        self.assertIn("選挙: 新規 0件・更新 0件・変更なし 1件", output)
        self.assertIn("立候補: 新規 0件・更新 0件・変更なし 2件", output)
        self.assertEqual(Election.objects.count(), 1)
        self.assertEqual(Candidacy.objects.count(), 2)

    def test_it_updates_changed_values_and_keeps_blank_cells(self) -> None:
        self.run_import(self.nago_csv())
        path = self.write(
            row(election_external_id="2022-nago-mayor", turnout="68.40",
                politician_external_id="soumu:47-0001", votes=19600),
        )  # fmt: skip
        output = self.run_import(path)
        self.assertIn("選挙: 新規 0件・更新 1件", output)
        self.assertIn("立候補: 新規 0件・更新 1件", output)
        candidacy = Candidacy.objects.get(politician=self.toguchi)
        self.assertEqual((candidacy.votes, candidacy.rank, candidacy.elected), (19600, 1, True))
        self.assertEqual(candidacy.party, self.mirai)
        self.assertEqual(str(Election.objects.get().turnout), "68.40")

    def test_it_reports_every_bad_row_and_imports_nothing(self) -> None:
        path = self.write(
            row(**self.election_cells, politician_external_id="soumu:47-0001", votes=100),
            row(election_external_id="2022-nago-mayor", wikidata_id="Q11500000", votes="たくさん"),
            row(election_external_id="2022-nago-mayor", family_name="存在", family_name_kana="そんざい"),
            row(election_external_id="2022-nago-mayor", wikidata_id="Q11500000", party="謎の党"),
            row(election_external_id="x", election_name="日付なし", kind="衆院選", scope="national",
                vote_date="2024/13/40"),
            row(election_external_id="2022-nago-mayor", vote_date="2022-01-30"),
        )  # fmt: skip
        message, report = self.import_errors(path)
        self.assertIn("5件の問題があるため、何も取り込みませんでした（6行）", message)
        self.assertIn("3行目: 得票数: 整数を入力してください。", report)
        self.assertIn("4行目: 政治家「存在」が見つかりません", report)
        self.assertIn("5行目: 政党「謎の党」は登録されていません", report)
        self.assertIn("6行目: 投票日:", report)
        self.assertIn("7行目: 投票日が同じ選挙の前の行と異なります", report)
        self.assertFalse(Election.objects.exists())
        self.assertFalse(Candidacy.objects.exists())

    def test_it_rejects_unknown_kinds_and_missing_fields_of_a_new_election(self) -> None:
        path = self.write(
            row(election_external_id="a", election_name="選挙A", kind="総選挙", scope="national",
                vote_date="2024-10-27"),
            row(election_external_id="b", kind="衆院選", scope="national"),
        )  # fmt: skip
        _message, report = self.import_errors(path)
        self.assertIn("2行目: 種類: 種類「総選挙」は使えません。", report)
        self.assertIn("3行目: 新しい選挙「b」に選挙名・投票日がありません。", report)

    def test_it_refuses_an_ambiguous_name(self) -> None:
        make_politician(
            family_name="渡具知", given_name="武豊", family_name_kana="とぐち",
            given_name_kana="たけとよ", prefecture=13,
        )  # fmt: skip
        path = self.write(
            row(**self.election_cells, family_name="渡具知", given_name="武豊",
                family_name_kana="とぐち", given_name_kana="たけとよ"),
        )  # fmt: skip
        _message, report = self.import_errors(path)
        self.assertIn("2行目: 該当する政治家が複数います。", report)

    def test_it_refuses_the_same_candidate_twice_in_one_election(self) -> None:
        path = self.write(
            row(**self.election_cells, politician_external_id="soumu:47-0001"),
            row(election_external_id="2022-nago-mayor", family_name="渡具知", given_name="武豊",
                family_name_kana="とぐち", given_name_kana="たけとよ"),
        )  # fmt: skip
        _message, report = self.import_errors(path)
        self.assertIn("3行目: 同じ選挙に同じ候補者の行がすでにあります。", report)

    def test_it_reports_unknown_and_missing_columns(self) -> None:
        path = Path(self.directory.name) / "bad.csv"
        path.write_text("name,vote_date\n衆院選,2024-10-27\n", encoding="utf-8")
        _message, report = self.import_errors(str(path))
        self.assertIn("1行目: 不明な列「name」があります。", report)
        self.assertIn("1行目: 必須の列「election_external_id」がありません。", report)

    def test_it_creates_missing_politicians_only_when_asked(self) -> None:
        path = self.write(
            row(**self.election_cells, family_name="新人", given_name="花子",
                family_name_kana="しんじん", given_name_kana="はなこ", politician_prefecture="47",
                politician_external_id="soumu:47-0099"),
        )  # fmt: skip
        self.import_errors(path)
        self.assertEqual(Politician.objects.count(), 2)
        output = self.run_import(path, "--create-politicians")
        self.assertIn("新しく登録した政治家: 1人", output)
        created = Politician.objects.get(family_name="新人")
        self.assertEqual(created.office, OfficeKind.FORMER)
        self.assertEqual(created.external_ids, {"soumu": "47-0099"})
        self.assertEqual(Candidacy.objects.get().politician, created)
        self.run_import(path, "--create-politicians")
        self.assertEqual(Politician.objects.filter(family_name="新人").count(), 1)

    def test_it_writes_nothing_on_a_dry_run(self) -> None:
        output = self.run_import(self.nago_csv(), "--dry-run")
        self.assertIn("【ドライラン：書き込んでいません】", output)
        self.assertIn("立候補: 新規 2件", output)
        self.assertFalse(Election.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_it_rolls_everything_back_when_a_write_fails(self) -> None:
        original = Candidacy.save
        calls = 0

        def fail_on_second(candidacy: Candidacy, *args: object, **kwargs: object) -> None:
            nonlocal calls
            calls += 1
            if calls == 2:
                from django.db import DatabaseError

                raise DatabaseError("disk full")
            original(candidacy, *args, **kwargs)  # type: ignore[arg-type]

        with mock.patch.object(Candidacy, "save", fail_on_second):
            message, _report = self.import_errors(self.nago_csv())
        self.assertIn("書き込みに失敗したため、何も取り込みませんでした", message)
        self.assertFalse(Election.objects.exists())
        self.assertFalse(Candidacy.objects.exists())

    def test_it_writes_an_audit_entry(self) -> None:
        self.run_import(self.nago_csv())
        entry = AuditEntry.objects.get(action="elections.import")
        self.assertEqual(entry.detail["counts"]["candidacies_created"], 2)
        self.assertEqual(entry.reason, "elections.csv")

    def test_it_reads_shift_jis_with_the_encoding_option(self) -> None:
        path = self.write(row(**self.election_cells), encoding="cp932")
        message, _report = self.import_errors(path)
        self.assertIn("文字コード utf-8-sig として読めません", message)
        self.run_import(path, "--encoding", "cp932")
        self.assertEqual(Election.objects.get().name, "2022年名護市長選挙")

    def test_it_reports_a_missing_file(self) -> None:
        message, _report = self.import_errors("/nonexistent/elections.csv")
        self.assertIn("ファイルが見つかりません", message)
