from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tsushinbo.accounts.models import User
from tsushinbo.audit.actions import record
from tsushinbo.audit.models import AuditEntry
from tsushinbo.demo.models import DemoDataset
from tsushinbo.elections.models import Candidacy, Election, ElectionKind, ElectionScope
from tsushinbo.pledges.models import Category, Pledge
from tsushinbo.politicians.models import OfficeKind, Party, PartyMembership, Politician
from tsushinbo.testing import BaseTestCase, make_election, make_party, make_pledge, make_politician

# Unique values for unique columns: each builder runs twice in one test.
_serials = itertools.count()


def serials(n: int) -> list[int]:
    return [next(_serials) for _ in range(n)]


def bulk_users(n: int) -> None:
    User.objects.bulk_create(
        User(username=f"member{i}", display_name=f"会員{i}") for i in serials(n)
    )


def bulk_audit_entries(n: int) -> None:
    actor = User.objects.get(username="charlie")
    AuditEntry.objects.bulk_create(
        AuditEntry(actor=actor, action="pledge.edit", target_label=f"公約{i}") for i in range(n)
    )


def bulk_parties(n: int) -> None:
    Party.objects.bulk_create(
        Party(name=f"一括党{i}", short_name=f"括{i}", slug=f"bulk-{i}") for i in serials(n)
    )


def bulk_politicians(n: int) -> list[Politician]:
    party = make_party()
    return Politician.objects.bulk_create(
        Politician(
            family_name="佐藤",
            given_name=f"花子{i}",
            family_name_kana="さとう",
            given_name_kana="はなこ",
            office=OfficeKind.MAYOR,
            prefecture=47,
            municipality="名護市",
            party=party,
        )
        for i in range(n)
    )


def bulk_memberships(n: int) -> None:
    party = make_party()
    PartyMembership.objects.bulk_create(
        PartyMembership(politician=politician, party=party) for politician in bulk_politicians(n)
    )


def bulk_categories(n: int) -> None:
    Category.objects.bulk_create(Category(name=f"分野{i}", slug=f"field-{i}") for i in serials(n))


def bulk_pledges(n: int) -> None:
    politician, party = make_politician(), make_party()
    Pledge.objects.bulk_create(
        Pledge(
            title=f"公約{i}",
            source_url="https://example.com/",
            # Half the rows are party pledges so both owner columns are exercised.
            politician=politician if i % 2 else None,
            party=None if i % 2 else party,
        )
        for i in range(n)
    )


def bulk_elections(n: int) -> None:
    Election.objects.bulk_create(
        Election(
            name=f"選挙{i}",
            kind=ElectionKind.MAYOR,
            scope=ElectionScope.MUNICIPALITY,
            vote_date=datetime.date(2027, 1, 1) + datetime.timedelta(days=i),
        )
        for i in range(n)
    )


def bulk_candidacies(n: int) -> None:
    election, party = make_election(), make_party()
    Candidacy.objects.bulk_create(
        Candidacy(election=election, politician=politician, party=party, votes=1000)
        for politician in bulk_politicians(n)
    )


def bulk_demo_datasets(n: int) -> None:
    DemoDataset.objects.bulk_create(
        DemoDataset(scale="small", seed=i, today=datetime.date(2026, 11, 1)) for i in range(n)
    )


# (admin URL prefix, bulk builder, editable through the admin)
ADMINS: list[tuple[str, Callable[[int], object], bool]] = [
    ("/admin/accounts/user/", bulk_users, True),
    ("/admin/audit/auditentry/", bulk_audit_entries, False),
    ("/admin/politicians/party/", bulk_parties, True),
    ("/admin/politicians/politician/", bulk_politicians, True),
    ("/admin/politicians/partymembership/", bulk_memberships, True),
    ("/admin/pledges/category/", bulk_categories, True),
    ("/admin/pledges/pledge/", bulk_pledges, True),
    ("/admin/elections/election/", bulk_elections, True),
    ("/admin/elections/candidacy/", bulk_candidacies, True),
    ("/admin/demo/demodataset/", bulk_demo_datasets, False),
]


class AdminTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.charlie.is_superuser = True
        cls.charlie.save()

    def setUp(self) -> None:
        self.client.force_login(self.charlie)

    def count_queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries)

    def test_it_titles_the_site_in_japanese(self) -> None:
        response = self.client.get("/admin/")
        self.assertContains(response, "通信簿 管理")
        self.assertContains(response, "政治家")
        self.assertContains(response, "公約・政策")
        self.assertContains(response, "監査ログ")

    def test_it_keeps_members_out(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get("/admin/politicians/politician/")
        self.assertRedirects(response, "/admin/login/?next=/admin/politicians/politician/")

    def test_it_lists_every_model_with_a_constant_number_of_queries(self) -> None:
        for url, bulk_create, _editable in ADMINS:
            with self.subTest(url):
                bulk_create(3)
                few = self.count_queries(url)
                bulk_create(300)
                with self.assertNumQueries(few):
                    response = self.client.get(url)
                self.assertEqual(response.status_code, 200)

    def test_it_opens_every_add_form(self) -> None:
        for url, _bulk_create, editable in ADMINS:
            with self.subTest(url):
                response = self.client.get(f"{url}add/")
                self.assertEqual(response.status_code, 200 if editable else 403)

    def test_it_opens_every_change_form(self) -> None:
        pledge = make_pledge()
        politician = pledge.politician
        assert politician is not None
        party = make_party()
        membership = PartyMembership.objects.create(politician=politician, party=party)
        election = make_election()
        candidacy = Candidacy.objects.create(election=election, politician=politician, party=party)
        category = Category.objects.create(name="子育て", slug="kosodate")
        entry = record(actor=self.charlie, action="pledge.edit", target=pledge, reason="誤字修正")
        dataset = DemoDataset.objects.create(
            scale="small", seed=1, today=datetime.date(2026, 11, 1)
        )
        objects = [self.alice, entry, party, politician, membership, category, pledge]
        objects += [election, candidacy, dataset]
        for (url, _bulk_create, _editable), obj in zip(ADMINS, objects, strict=True):
            with self.subTest(url):
                response = self.client.get(f"{url}{obj.pk}/change/")
                self.assertEqual(response.status_code, 200)

    def test_it_shows_memberships_on_the_politician(self) -> None:
        politician = make_politician()
        PartyMembership.objects.create(politician=politician, party=make_party(name="未来党"))
        response = self.client.get(f"/admin/politicians/politician/{politician.pk}/change/")
        self.assertContains(response, "政党所属歴")
        self.assertContains(response, "未来党")

    def test_it_shows_candidacies_on_the_election(self) -> None:
        election = make_election()
        politician = make_politician(family_name="渡具知", given_name="武豊")
        Candidacy.objects.create(election=election, politician=politician, votes=12345)
        response = self.client.get(f"/admin/elections/election/{election.pk}/change/")
        self.assertContains(response, "立候補")
        self.assertContains(response, "渡具知武豊")

    def test_it_searches_politicians_by_kana(self) -> None:
        make_politician(family_name="渡具知", family_name_kana="とぐち")
        make_politician(family_name="山田", family_name_kana="やまだ")
        response = self.client.get("/admin/politicians/politician/?q=とぐち")
        self.assertContains(response, "渡具知")
        self.assertNotContains(response, "山田太郎")

    def test_it_filters_politicians_by_office_and_prefecture(self) -> None:
        make_politician(family_name="沖縄", office=OfficeKind.GOVERNOR, prefecture=47)
        make_politician(family_name="北海", office=OfficeKind.GOVERNOR, prefecture=1)
        response = self.client.get("/admin/politicians/politician/?office=governor&prefecture=47")
        self.assertContains(response, "沖縄太郎")
        self.assertNotContains(response, "北海太郎")

    def test_it_creates_a_user_with_a_display_name(self) -> None:
        response = self.client.post(
            "/admin/accounts/user/add/",
            {
                "username": "george",
                "display_name": "ジョージ",
                "usable_password": "true",
                "password1": "a-long-enough-passphrase",
                "password2": "a-long-enough-passphrase",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(User.objects.get(username="george").display_name, "ジョージ")

    def test_it_never_changes_or_deletes_audit_entries(self) -> None:
        entry = record(actor=self.charlie, action="user.ban", target=self.bob, reason="スパム")
        url = f"/admin/audit/auditentry/{entry.pk}/"
        response = self.client.get(f"{url}change/")
        self.assertNotContains(response, 'name="_save"')
        response = self.client.post(f"{url}change/", {"action": "changed", "reason": "改ざん"})
        self.assertEqual(response.status_code, 403)
        response = self.client.post(f"{url}delete/", {"post": "yes"})
        self.assertEqual(response.status_code, 403)
        response = self.client.post(
            "/admin/audit/auditentry/",
            {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
        )
        entry.refresh_from_db()
        self.assertEqual((entry.action, entry.reason), ("user.ban", "スパム"))
        self.assertEqual(AuditEntry.objects.count(), 1)

    def test_it_never_edits_the_demo_dataset_record(self) -> None:
        dataset = DemoDataset.objects.create(
            scale="small", seed=1, today=datetime.date(2026, 11, 1)
        )
        response = self.client.post(
            f"/admin/demo/demodataset/{dataset.pk}/delete/", {"post": "yes"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertTrue(DemoDataset.objects.is_present())
