from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import path

from tsushinbo.pages.views import server_error
from tsushinbo.testing import BaseTestCase


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


# This module doubles as a URLconf so a real exception reaches the real handler.
urlpatterns = [path("broken/", broken_view)]
handler500 = "tsushinbo.pages.views.server_error"


class ErrorPagesTestCase(BaseTestCase):
    def test_it_shows_a_japanese_404_page(self) -> None:
        r = self.client.get("/no-such-page/")
        self.assertContains(r, "ページが見つかりません", status_code=404)
        self.assertContains(r, '<html lang="ja">', status_code=404)
        self.assertContains(r, 'href="/"', status_code=404)

    def test_it_renders_the_500_page_without_touching_the_database(self) -> None:
        request = RequestFactory().get("/")
        with self.assertNumQueries(0):
            r = server_error(request)
        self.assertEqual(r.status_code, 500)
        content = r.content.decode()
        self.assertIn("サーバーエラーが発生しました", content)
        self.assertIn("通信簿", content)

    @override_settings(ROOT_URLCONF=__name__)
    def test_it_shows_the_japanese_500_page_when_a_view_fails(self) -> None:
        self.client.raise_request_exception = False
        with self.assertLogs("django.request", "ERROR"):
            r = self.client.get("/broken/")
        self.assertContains(r, "サーバーエラーが発生しました", status_code=500)
