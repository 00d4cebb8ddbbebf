from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

from django.core.management import call_command

from tsushinbo.opendata.models import ExternalId
from tsushinbo.opendata.tests.helpers import TempDumpDir
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import OfficeKind, Party, PartyMembership, Politician
from tsushinbo.testing import BaseTestCase, make_party, make_politician

POLITICIAN_FIELDS = [
    "family_name", "given_name", "family_name_kana", "given_name_kana", "gender", "birth_date",
    "office", "prefecture", "municipality", "district", "party__slug", "website_url", "x_url",
    "youtube_url", "facebook_url", "wikipedia_url", "photo_url", "wikidata_id", "bio",
]  # fmt: skip


def snapshot() -> dict[str, Any]:
    return {
        "politicians": sorted(Politician.objects.values_list(*POLITICIAN_FIELDS)),
        "parties": sorted(Party.objects.values_list("name", "short_name", "slug", "website_url")),
        "memberships": sorted(
            PartyMembership.objects.values_list(
                "politician__family_name", "party__slug", "start_date", "end_date", "role"
            ),
            key=str,
        ),
    }


class RoundTripTestCase(TempDumpDir, BaseTestCase):
    def test_it_round_trips_politicians_parties_and_memberships(self) -> None:
        green = make_party(
            name="みどり党", short_name="みどり", slug="green", website_url="https://green.example/"
        )
        blue = make_party(name="あお党", slug="blue")
        mayor = make_politician(
            family_name="佐藤", given_name="花子", family_name_kana="さとう", given_name_kana="はなこ",
            gender="female", birth_date=datetime.date(1970, 4, 1), office=OfficeKind.MAYOR,
            prefecture=13, municipality="新宿区", party=green, x_url="https://x.com/hanako",
            wikidata_id="Q123", bio="区長です。",
        )  # fmt: skip
        member = make_politician(
            family_name="鈴木", given_name="", family_name_kana="すずき", given_name_kana="",
            office=OfficeKind.REPRESENTATIVE, prefecture=1, district="北海道第1区", party=None,
        )  # fmt: skip
        make_politician(family_name="高橋", office=OfficeKind.FORMER, prefecture=None, party=blue)
        PartyMembership.objects.create(
            politician=mayor, party=blue, start_date=datetime.date(2001, 1, 1),
            end_date=datetime.date(2010, 3, 31), role="幹事長",
        )  # fmt: skip
        PartyMembership.objects.create(
            politician=mayor, party=green, start_date=datetime.date(2010, 4, 1)
        )
        PartyMembership.objects.create(politician=member, party=blue)
        before = snapshot()
        out = self.export("popolo")

        Pledge.objects.all().delete()
        PartyMembership.objects.all().delete()
        Politician.objects.all().delete()
        Party.objects.all().delete()
        ExternalId.objects.all().delete()

        stdout = StringIO()
        call_command("import_popolo", str(out / "popolo.json"), stdout=stdout, stderr=StringIO())
        self.assertIn("政治家: 新規 3件", stdout.getvalue())
        self.assertEqual(snapshot(), before)
        stdout = StringIO()
        call_command("import_popolo", str(out / "popolo.json"), stdout=stdout, stderr=StringIO())
        self.assertIn("政治家: 新規 0件・更新 0件・変更なし 3件", stdout.getvalue())
        self.assertIn("政党所属歴: 新規 0件・更新 0件・変更なし 3件", stdout.getvalue())
        self.assertEqual(snapshot(), before)
