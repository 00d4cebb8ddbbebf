from __future__ import annotations

import datetime
from typing import Any

from django.core.management import CommandError
from django.db.models import Count, Q

from tsushinbo.accounts.models import User
from tsushinbo.demo.actions import REFRESH_COMMANDS
from tsushinbo.demo.models import DemoDataset, DemoObject
from tsushinbo.demo.tests.base import seed, seed_tiny_on
from tsushinbo.elections.models import Candidacy, Election, ElectionKind
from tsushinbo.lib.kana import is_hiragana_reading
from tsushinbo.pledges.models import Category, Pledge, ProgressStatus
from tsushinbo.politicians.models import OfficeKind, Party, PartyMembership, Politician
from tsushinbo.testing import BaseTestCase, make_election, make_party, make_pledge, make_politician

TODAY = datetime.date(2026, 11, 25)


def seed_tiny(seed_value: int = 1) -> str:
    return seed_tiny_on(TODAY, seed_value)


def snapshot() -> dict[str, list[Any]]:
    """What a visitor would see, independent of database ids."""
    return {
        "politicians": list(
            Politician.objects.order_by("id").values_list(
                "family_name",
                "given_name",
                "family_name_kana",
                "given_name_kana",
                "birth_date",
                "office",
                "prefecture",
                "municipality",
                "district",
                "party__slug",
                "bio",
            )
        ),
        "pledges": list(
            Pledge.objects.order_by("id").values_list(
                "politician__external_ids",
                "party__slug",
                "title",
                "body",
                "source_url",
                "deadline",
                "created_at",
                "progress_status",
                "progress_percent",
                "election__name",
            )
        ),
        "elections": list(
            Election.objects.order_by("id").values_list("name", "vote_date", "notice_date", "seats")
        ),
        "candidacies": list(
            Candidacy.objects.order_by("id").values_list(
                "election__name", "politician__external_ids", "votes", "rank", "elected"
            )
        ),
        "memberships": list(
            PartyMembership.objects.order_by("id").values_list(
                "politician__external_ids", "party__slug", "start_date", "end_date", "role"
            )
        ),
    }


class SmallDemoTestCase(BaseTestCase):
    """One `--scale small` load, inspected the way a visitor would see it."""

    output: str
    users_before: int

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.users_before = User.objects.count()
        cls.output = seed("--scale", "small", "--seed", "1", "--today", TODAY.isoformat())

    def test_it_reports_counts_and_time(self) -> None:
        self.assertIn("完了: 政党 10件、政治家 200件", self.output)
        self.assertIn("公約 1,000件", self.output)
        self.assertRegex(self.output, r"（\d+\.\d秒）")

    def test_it_refreshes_rankings_and_search(self) -> None:
        for name in REFRESH_COMMANDS:
            self.assertIn(f"{name} を実行しました", self.output)

    def test_it_loads_the_small_scale(self) -> None:
        self.assertEqual(Politician.objects.count(), 200)
        self.assertEqual(Pledge.objects.count(), 1000)
        self.assertEqual(Party.objects.count(), 10)
        self.assertGreater(Election.objects.count(), 50)
        self.assertEqual(Category.objects.count(), 16)

    def test_it_covers_all_47_prefectures(self) -> None:
        prefectures = set(Politician.objects.values_list("prefecture", flat=True))
        self.assertEqual(prefectures, set(range(1, 48)))

    def test_it_covers_every_office_kind(self) -> None:
        offices = set(Politician.objects.values_list("office", flat=True))
        self.assertEqual(offices, set(OfficeKind.values))
        for mayor in Politician.objects.filter(office=OfficeKind.MAYOR):
            self.assertRegex(mayor.municipality, r"[市区町村]$")
            self.assertRegex(mayor.role_label, r"[市区町村]長$")

    def test_it_names_house_districts_like_the_real_ones(self) -> None:
        districts = Politician.objects.filter(office=OfficeKind.REPRESENTATIVE).values_list(
            "district", flat=True
        )
        for district in districts:
            self.assertRegex(district, r"^(.+[都道府県]第\d+区|比例代表.+ブロック)$")

    def test_it_covers_every_election_kind_past_and_upcoming(self) -> None:
        kinds = set(Election.objects.values_list("kind", flat=True))
        self.assertEqual(kinds, set(ElectionKind.values))
        self.assertTrue(Election.objects.filter(vote_date__gte=TODAY).exists())
        self.assertTrue(Election.objects.filter(vote_date__lt=TODAY).exists())
        for election in Election.objects.all():
            assert election.notice_date is not None
            self.assertLessEqual(election.notice_date, election.vote_date)
            self.assertEqual(election.vote_date.weekday(), 6)  # elections are held on Sundays

    def test_it_records_results_only_for_past_elections(self) -> None:
        past = Candidacy.objects.filter(election__vote_date__lt=TODAY)
        upcoming = Candidacy.objects.filter(election__vote_date__gte=TODAY)
        self.assertTrue(upcoming.exists())
        self.assertFalse(past.filter(votes__isnull=True).exists())
        self.assertFalse(upcoming.exclude(votes__isnull=True, rank__isnull=True).exists())
        self.assertFalse(upcoming.filter(elected__isnull=False).exists())
        self.assertTrue(past.filter(elected=True).exists())

    def test_it_elects_no_more_candidates_than_seats(self) -> None:
        past = Election.objects.filter(vote_date__lt=TODAY).annotate(
            winners=Count("candidacies", filter=Q(candidacies__elected=True))
        )
        for name, seats, winners in past.values_list("name", "seats", "winners"):
            self.assertGreaterEqual(seats, winners, name)
            if seats == 1:
                self.assertEqual(winners, 1, name)

    def test_it_writes_hiragana_readings(self) -> None:
        for politician in Politician.objects.all():
            self.assertTrue(is_hiragana_reading(politician.family_name_kana), politician)
            self.assertTrue(is_hiragana_reading(politician.given_name_kana), politician)
            self.assertTrue(politician.family_name_kana and politician.given_name_kana)
            self.assertEqual(politician.sort_kana, politician.compute_sort_kana())

    def test_it_gives_every_pledge_exactly_one_owner_and_a_source(self) -> None:
        self.assertFalse(
            Pledge.objects.filter(politician__isnull=True, party__isnull=True).exists()
        )
        self.assertFalse(
            Pledge.objects.filter(politician__isnull=False, party__isnull=False).exists()
        )
        self.assertTrue(Pledge.objects.filter(party__isnull=False).exists())
        self.assertFalse(
            Pledge.objects.exclude(source_url__startswith="https://example.com/demo/").exists()
        )

    def test_it_gives_every_pledge_one_to_three_categories(self) -> None:
        counts = set(Pledge.objects.annotate(n=Count("categories")).values_list("n", flat=True))
        self.assertLessEqual(counts, {1, 2, 3})

    def test_it_keeps_progress_consistent_with_status(self) -> None:
        pledges = Pledge.objects.all()
        self.assertFalse(
            pledges.filter(progress_status=ProgressStatus.DONE)
            .exclude(progress_percent=100)
            .exists()
        )
        for status in [
            ProgressStatus.NOT_RATED,
            ProgressStatus.NOT_STARTED,
            ProgressStatus.ABANDONED,
        ]:
            self.assertFalse(
                pledges.filter(progress_status=status).exclude(progress_percent=0).exists()
            )
        self.assertFalse(
            pledges.exclude(progress_status=ProgressStatus.DONE)
            .filter(progress_percent=100)
            .exists()
        )

    def test_it_ties_pledges_only_to_elections_their_owner_stood_in(self) -> None:
        for pledge in Pledge.objects.filter(politician__isnull=False, election__isnull=False)[:200]:
            self.assertTrue(
                Candidacy.objects.filter(
                    election=pledge.election, politician=pledge.politician
                ).exists()
            )

    def test_it_marks_every_row_as_demo_and_lists_its_accounts(self) -> None:
        self.assertFalse(Party.objects.filter(is_demo=False).exists())
        self.assertFalse(Politician.objects.filter(is_demo=False).exists())
        self.assertFalse(Pledge.objects.filter(is_demo=False).exists())
        self.assertFalse(Election.objects.filter(is_demo=False).exists())
        demo_users = DemoObject.objects.filter(model="accounts.user")
        self.assertEqual(User.objects.count(), self.users_before + demo_users.count())
        self.assertFalse(
            User.objects.filter(pk__in=demo_users.values("object_id"))
            .exclude(password__startswith="!")
            .exists()
        )

    def test_it_links_only_to_example_com(self) -> None:
        for politician in Politician.objects.all():
            for _label, url in politician.links:
                self.assertTrue(url.startswith("https://example.com/"), url)
        self.assertFalse(
            Party.objects.exclude(website_url__startswith="https://example.com/").exists()
        )

    def test_it_records_the_dataset(self) -> None:
        dataset = DemoDataset.objects.get()
        self.assertEqual((dataset.scale, dataset.seed, dataset.today), ("small", 1, TODAY))
        self.assertEqual(dataset.counts["politicians"], 200)
        self.assertEqual(dataset.counts["pledges"], 1000)

    def test_it_records_party_switches(self) -> None:
        switched = PartyMembership.objects.filter(end_date__isnull=False)
        self.assertTrue(switched.exists())
        for membership in PartyMembership.objects.filter(end_date__isnull=True)[:100]:
            self.assertEqual(membership.politician.party_id, membership.party_id)


class SeedDemoTestCase(BaseTestCase):
    def test_it_is_deterministic(self) -> None:
        seed_tiny(3)
        first = snapshot()
        seed("--clear")
        seed_tiny(3)
        self.assertEqual(snapshot(), first)
        seed_tiny(4)
        self.assertNotEqual(snapshot()["politicians"], first["politicians"])

    def test_it_does_nothing_when_run_again(self) -> None:
        seed_tiny()
        ids = list(Politician.objects.values_list("id", flat=True))
        pledge_ids = list(Pledge.objects.values_list("id", flat=True))
        output = seed_tiny()
        self.assertIn("読み込み済みです", output)
        self.assertEqual(list(Politician.objects.values_list("id", flat=True)), ids)
        self.assertEqual(list(Pledge.objects.values_list("id", flat=True)), pledge_ids)
        self.assertEqual(DemoDataset.objects.count(), 1)

    def test_it_replaces_the_data_for_another_seed(self) -> None:
        seed_tiny(1)
        seed_tiny(2)
        self.assertEqual(Politician.objects.count(), 100)
        self.assertEqual(Party.objects.count(), 10)
        self.assertEqual(DemoDataset.objects.get().seed, 2)

    def test_it_reloads_for_another_today(self) -> None:
        seed_tiny()
        seed("--scale", "tiny", "--seed", "1", "--today", "2027-01-10")
        self.assertEqual(DemoDataset.objects.get().today, datetime.date(2027, 1, 10))
        self.assertEqual(Politician.objects.count(), 100)

    def test_it_clears_only_demo_data(self) -> None:
        party = make_party(name="実在党")
        politician = make_politician(party=party)
        PartyMembership.objects.create(politician=politician, party=party)
        election = make_election()
        category = Category.objects.create(name="子育て・教育", slug="kosodate")
        pledge = make_pledge(politician=politician, election=election)
        pledge.categories.add(category)
        seed_tiny()
        self.assertGreater(Politician.objects.count(), 100)

        output = seed("--clear")

        self.assertIn("デモデータを削除しました", output)
        self.assertEqual(list(Politician.objects.all()), [politician])
        self.assertEqual(list(Pledge.objects.all()), [pledge])
        self.assertEqual(list(Party.objects.all()), [party])
        self.assertEqual(list(Election.objects.all()), [election])
        self.assertEqual(list(pledge.categories.all()), [category])
        self.assertEqual(PartyMembership.objects.count(), 1)
        self.assertFalse(DemoDataset.objects.exists())

    def test_it_reuses_existing_categories(self) -> None:
        category = Category.objects.create(name="子育て・教育", slug="kosodate")
        seed_tiny()
        self.assertEqual(Category.objects.filter(name="子育て・教育").get(), category)
        self.assertEqual(Category.objects.count(), 16)

    def test_it_says_when_there_is_nothing_to_clear(self) -> None:
        self.assertIn("削除するデモデータはありません", seed("--clear"))

    def test_it_skips_a_database_with_politicians_when_if_empty(self) -> None:
        make_politician()
        output = seed("--scale", "tiny", "--if-empty")
        self.assertIn("読み込みません", output)
        self.assertEqual(Politician.objects.count(), 1)
        self.assertFalse(DemoDataset.objects.exists())

    def test_it_loads_an_empty_database_when_if_empty(self) -> None:
        seed("--scale", "tiny", "--seed", "1", "--if-empty")
        self.assertEqual(Politician.objects.count(), 100)
        self.assertTrue(DemoDataset.objects.exists())

    def test_it_covers_every_prefecture_and_office_even_when_tiny(self) -> None:
        seed_tiny()
        self.assertEqual(
            set(Politician.objects.values_list("prefecture", flat=True)), set(range(1, 48))
        )
        self.assertEqual(
            set(Politician.objects.values_list("office", flat=True)), set(OfficeKind.values)
        )

    def test_it_rejects_a_malformed_today(self) -> None:
        with self.assertRaisesMessage(CommandError, "YYYY-MM-DD"):
            seed("--scale", "tiny", "--today", "25/11/2026")
