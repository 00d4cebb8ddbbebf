from __future__ import annotations

import csv
import json

from django.utils import timezone

from tsushinbo.comments.models import Comment
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.opendata.tests.helpers import TempDumpDir, read_jsonl
from tsushinbo.pledges.models import ReviewStatus as PledgeReview
from tsushinbo.politicians.models import PartyMembership
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import BaseTestCase, make_party, make_pledge, make_politician

NOW = timezone.now()


class ExportTestCase(TempDumpDir, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.party = make_party(name="みらい党", slug="mirai")
        self.politician = make_politician(party=self.party, district="東京都第1区")
        PartyMembership.objects.create(politician=self.politician, party=self.party)
        self.pledge = make_pledge(
            politician=self.politician,
            title="公開の公約",
            votes_good=5,
            votes_bad=2,
            votes_good_clarity=3,
            votes_good_other=2,
            votes_bad_sincerity=2,
            votes_good_registered=1,
            votes_voided=4,
        )
        self.hidden = make_pledge(title="確認待ちの公約", review_status=PledgeReview.PENDING)
        Vote.objects.create(
            pledge=self.pledge,
            voter_key="voterkey-secret-123",
            network_key="networkkey-secret-456",
            polarity="good",
            reason="clarity",
        )
        Comment.objects.create(
            pledge=self.pledge,
            nickname="はなこ",
            body="公開コメント",
            status=ReviewStatus.APPROVED,
            published_at=NOW,
        )
        Comment.objects.create(
            pledge=self.pledge, nickname="x", body="却下コメント", status=ReviewStatus.REJECTED
        )
        Comment.objects.create(pledge=self.pledge, nickname="y", body="確認待ちコメント")
        Comment.objects.create(
            pledge=self.hidden,
            body="非公開の公約へのコメント",
            status=ReviewStatus.APPROVED,
            published_at=NOW,
        )
        Comment.objects.create(
            user=self.alice,
            pledge=self.pledge,
            body="会員のコメント",
            status=ReviewStatus.APPROVED,
            published_at=NOW,
        )

    def all_text(self, out: object) -> str:
        return "".join(path.read_text(encoding="utf-8-sig") for path in sorted(out.iterdir()))  # type: ignore[attr-defined]

    def test_it_writes_csv_with_tallies_and_only_public_rows(self) -> None:
        out = self.export("csv")
        with (out / "pledges.csv").open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
        self.assertEqual([row["title"] for row in rows], ["公開の公約"])
        row = rows[0]
        self.assertEqual(row["votes_good"], "5")
        self.assertEqual(row["votes_good_clarity"], "3")
        self.assertEqual(row["votes_bad_sincerity"], "2")
        self.assertEqual(row["votes_good_registered"], "1")
        self.assertEqual(row["votes_good_anonymous"], "4")
        self.assertEqual(row["votes_bad_anonymous"], "2")
        self.assertEqual(row["votes_voided"], "4")
        self.assertEqual(row["owner_type"], "politician")
        with (out / "comments.csv").open(encoding="utf-8-sig", newline="") as stream:
            comments = list(csv.DictReader(stream))
        self.assertEqual({c["body"] for c in comments}, {"公開コメント", "会員のコメント"})
        self.assertIn("アリス", {c["author_name"] for c in comments})

    def test_it_never_writes_keys_or_emails(self) -> None:
        for format in ("csv", "json", "popolo"):
            text = self.all_text(self.export(format))
            for secret in ("voterkey-secret-123", "networkkey-secret-456", "@example.org"):
                self.assertNotIn(secret, text, format)
            for hidden in (
                "確認待ちの公約",
                "却下コメント",
                "確認待ちコメント",
                "非公開の公約へのコメント",
            ):
                self.assertNotIn(hidden, text, format)

    def test_it_writes_json_lines_with_the_csv_columns(self) -> None:
        out = self.export("json")
        politicians = read_jsonl(out / "politicians.jsonl")
        self.assertEqual(len(politicians), 2)
        mine = next(p for p in politicians if p["id"] == self.politician.pk)
        self.assertEqual(mine["family_name_kana"], "やまだ")
        self.assertEqual(mine["party_id"], self.party.pk)
        self.assertIsNone(mine["birth_date"])
        pledges = read_jsonl(out / "pledges.jsonl")
        self.assertEqual(pledges[0]["votes_good_clarity"], 3)

    def test_it_writes_a_manifest_with_counts_and_licence(self) -> None:
        out = self.export("csv")
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        self.assertEqual(manifest["licence"]["name"], "CC BY 4.0")
        self.assertIn("generated_at", manifest)
        rows = {f["name"]: f["rows"] for f in manifest["files"]}
        self.assertEqual(rows["pledges.csv"], 1)
        self.assertEqual(rows["comments.csv"], 2)
        self.assertEqual(rows["memberships.csv"], 1)

    def test_it_writes_popolo(self) -> None:
        out = self.export("popolo")
        data = json.loads((out / "popolo.json").read_text(encoding="utf-8"))
        person = next(p for p in data["persons"] if p["id"] == f"politician/{self.politician.pk}")
        self.assertIn({"lang": "ja-Hira", "name": "やまだ たろう"}, person["other_names"])
        self.assertIn("party/mirai", {o["id"] for o in data["organizations"]})
        office = next(
            m for m in data["memberships"] if m["id"] == f"politician/{self.politician.pk}/office"
        )
        self.assertEqual(office["on_behalf_of_id"], "party/mirai")
        area = next(a for a in data["areas"] if a["id"] == office["area_id"])
        self.assertEqual(area["name"], "東京都第1区")

    def test_it_replaces_an_earlier_dump(self) -> None:
        out = self.export("csv")
        (out / "stale.csv").write_text("old", encoding="utf-8")
        self.export("csv")
        self.assertFalse((out / "stale.csv").exists())
        self.assertEqual([p.name for p in self.dump_dir.iterdir()], ["csv"])

    def test_it_reads_each_table_with_the_same_queries_for_more_rows(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tsushinbo.books.models import Book
        from tsushinbo.opendata.tables import TABLES
        from tsushinbo.pledges.models import Category

        def queries_per_table() -> dict[str, int]:
            counts = {}
            for table in TABLES:
                with CaptureQueriesContext(connection) as captured:
                    list(table.iterate())
                counts[table.name] = len(captured)
            return counts

        Book.objects.create(title="最初の本", authors="著者").politicians.add(self.politician)
        before = queries_per_table()
        categories = [Category.objects.create(name=f"分野{n}", slug=f"c{n}") for n in range(3)]
        for n in range(5):
            politician = make_politician(party=self.party)
            PartyMembership.objects.create(politician=politician, party=self.party)
            make_pledge(politician=politician).categories.set(categories)
            book = Book.objects.create(title=f"本{n}", authors="著者")
            book.politicians.set([politician, self.politician])
        self.assertEqual(queries_per_table(), before)
