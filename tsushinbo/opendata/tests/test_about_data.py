from __future__ import annotations

from django.test import override_settings

from tsushinbo.opendata.tests.helpers import TempDumpDir
from tsushinbo.testing import BaseTestCase, make_pledge


class AboutDataTestCase(TempDumpDir, BaseTestCase):
    def test_it_explains_the_files_and_licence(self) -> None:
        r = self.client.get("/about/data/")
        self.assertContains(r, '<h1 id="page-heading">オープンデータ</h1>', html=False)
        self.assertContains(r, "CC BY 4.0")
        self.assertContains(r, "https://creativecommons.org/licenses/by/4.0/deed.ja")
        self.assertContains(r, "<code>votes_good_clarity</code>")
        self.assertContains(r, "まだ書き出したデータがありません")

    @override_settings(
        OPEN_DATA_LICENSE="ODbL 1.0",
        OPEN_DATA_LICENSE_URL="https://opendatacommons.org/licenses/odbl/",
    )
    def test_it_shows_the_configured_licence(self) -> None:
        r = self.client.get("/about/data/")
        self.assertContains(
            r, '<a href="https://opendatacommons.org/licenses/odbl/" rel="license">ODbL 1.0</a>'
        )

    def test_it_lists_and_serves_the_latest_dump(self) -> None:
        make_pledge(title="保育園を増やす")
        self.export("csv")
        self.export("popolo")
        r = self.client.get("/about/data/")
        self.assertContains(r, '<a href="/about/data/files/csv/pledges.csv">pledges.csv</a>')
        self.assertContains(r, '<a href="/about/data/files/popolo/popolo.json">popolo.json</a>')
        self.assertContains(r, "persons 1")
        download = self.client.get("/about/data/files/csv/pledges.csv")
        self.assertEqual(download.status_code, 200)
        self.assertIn("attachment", download["Content-Disposition"])
        self.assertIn("保育園を増やす", download.getvalue().decode("utf-8-sig"))

    def test_it_serves_nothing_outside_the_dumps(self) -> None:
        self.export("csv")
        (self.dump_dir / "csv" / ".hidden.csv").write_text("x", encoding="utf-8")
        for url in (
            "/about/data/files/csv/..%2Fsecret.csv",
            "/about/data/files/csv/.hidden.csv",
            "/about/data/files/xml/pledges.csv",
            "/about/data/files/csv/missing.csv",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_it_is_linked_from_the_about_page(self) -> None:
        self.assertContains(self.client.get("/about/"), 'href="/about/data/"')

    def test_it_uses_constant_queries(self) -> None:
        self.export("csv")
        # The files are read from disk; the one query is the layout's demo-data banner.
        with self.assertNumQueries(1):
            self.client.get("/about/data/")
