from __future__ import annotations

from typing import Any

from tsushinbo.audit.models import AuditEntry
from tsushinbo.books.models import Book

# The module, not its names: importing the test case class would run it twice.
from tsushinbo.politicians.tests import test_profile
from tsushinbo.testing import BaseTestCase, make_pledge, make_politician, make_user

PROFILE_QUERIES = test_profile.PROFILE_QUERIES
MEMBER_PROFILE_QUERIES = test_profile.MEMBER_PROFILE_QUERIES


class BooksTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.politician = make_politician(family_name="渡具知", given_name="武豊")
        self.profile_url = f"/politicians/{self.politician.pk}/"
        self.new_url = f"/politicians/{self.politician.pk}/books/new/"
        # A pledge, so the profile runs its full set of queries (categories are prefetched).
        make_pledge(politician=self.politician)

    def add_books(self, count: int) -> None:
        books = Book.objects.bulk_create(
            Book(title=f"本{n:03d}", authors="著者", year=2000 + n % 20) for n in range(count)
        )
        Book.politicians.through.objects.bulk_create(
            Book.politicians.through(book=book, politician=self.politician) for book in books
        )

    def post_book(self, **fields: str) -> Any:
        data = {
            "title": "名護の未来",
            "authors": "渡具知武豊",
            "publisher": "沖縄書房",
            "year": "2021",
        }
        return self.client.post(self.new_url, data | fields)

    # The politician page

    def test_it_shows_books_under_related_books(self) -> None:
        book = Book.objects.create(
            title="名護の未来", authors="渡具知武豊、山田太郎", publisher="沖縄書房", year=2021,
            isbn="9784101010014", url="https://example.com/books/1",
        )  # fmt: skip
        book.politicians.add(self.politician)
        response = self.client.get(self.profile_url)
        self.assertContains(response, '<h2 id="books-heading">関連書籍</h2>', html=True)
        self.assertContains(
            response,
            '<a href="https://example.com/books/1" rel="nofollow ugc noopener" target="_blank">名護の未来</a>',
            html=True,
        )
        self.assertContains(response, "渡具知武豊、山田太郎・沖縄書房・2021年・ISBN 9784101010014")

    def test_it_shows_only_this_politicians_books(self) -> None:
        other = Book.objects.create(title="他人の本", authors="誰か")
        other.politicians.add(make_politician(family_name="別人"))
        self.assertNotContains(self.client.get(self.profile_url), "他人の本")

    def test_it_hides_the_section_from_visitors_when_there_are_no_books(self) -> None:
        self.assertNotContains(self.client.get(self.profile_url), "関連書籍")

    def test_it_never_links_a_non_web_url(self) -> None:
        Book.objects.bulk_create(
            [Book(title="危ない本", authors="誰か", url="javascript:alert(1)")]
        )
        Book.objects.get().politicians.add(self.politician)
        response = self.client.get(self.profile_url)
        self.assertContains(response, "危ない本")
        self.assertNotContains(response, "javascript:")

    def test_it_runs_the_same_profile_queries_for_3_and_300_books(self) -> None:
        self.add_books(3)
        with self.assertNumQueries(PROFILE_QUERIES):
            self.client.get(self.profile_url)
        self.add_books(297)
        with self.assertNumQueries(PROFILE_QUERIES):
            response = self.client.get(self.profile_url)
        self.assertContains(response, "本296")

    def test_it_runs_the_same_member_profile_queries_for_3_and_300_books(self) -> None:
        self.client.force_login(self.alice)
        self.add_books(3)
        with self.assertNumQueries(MEMBER_PROFILE_QUERIES):
            self.client.get(self.profile_url)
        self.add_books(297)
        with self.assertNumQueries(MEMBER_PROFILE_QUERIES):
            self.client.get(self.profile_url)

    # Adding a book

    def test_it_lets_a_member_add_a_book_with_an_isbn10(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get(self.profile_url)
        self.assertContains(response, f'<a href="{self.new_url}">関連書籍を登録する</a>', html=True)
        self.assertContains(self.client.get(self.new_url), "関連書籍の登録")

        response = self.post_book(isbn="4-10-101001-3", url="example.com/nago")
        self.assertRedirects(
            response, self.profile_url + "#books-heading", fetch_redirect_response=False
        )
        book = Book.objects.get()
        self.assertEqual(book.isbn, "9784101010014")
        self.assertEqual(book.url, "https://example.com/nago")
        self.assertEqual(book.created_by, self.alice)
        self.assertEqual(list(book.politicians.all()), [self.politician])
        self.assertEqual(AuditEntry.objects.get().action, "books.add")
        response = self.client.get(self.profile_url)
        self.assertContains(response, "『名護の未来』を関連書籍に登録しました。")
        self.assertContains(response, "ISBN 9784101010014")

    def test_it_lets_staff_add_a_book(self) -> None:
        self.client.force_login(self.charlie)
        self.post_book()
        self.assertTrue(Book.objects.filter(title="名護の未来").exists())

    def test_it_explains_a_bad_isbn_in_japanese(self) -> None:
        self.client.force_login(self.alice)
        response = self.post_book(isbn="978-4-10-101001-5")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "ISBN-13のチェックディジット（最後の1桁）が正しくありません。"
        )
        response = self.post_book(isbn="12345")
        self.assertContains(response, "ISBNは10桁または13桁です（入力された桁数：5）")
        self.assertFalse(Book.objects.exists())

    def test_it_checks_the_year_and_link(self) -> None:
        self.client.force_login(self.alice)
        response = self.post_book(year="1500", url="ftp://example.com/book")
        self.assertContains(response, "発行年は1868年から")
        self.assertContains(response, "http:// または https:// で始まるURLを入力してください。")
        self.assertFalse(Book.objects.exists())

    def test_it_reuses_a_book_already_known_by_its_isbn(self) -> None:
        existing = Book.objects.create(title="既存の本", authors="誰か", isbn="9784101010014")
        self.client.force_login(self.alice)
        self.post_book(isbn="9784101010014", title="別の書名で")
        self.assertEqual(Book.objects.count(), 1)
        self.assertEqual(list(existing.politicians.all()), [self.politician])
        self.assertContains(
            self.client.get(self.profile_url), "同じISBNの『既存の本』が登録済みのため"
        )

    def test_it_sends_visitors_to_log_in(self) -> None:
        response = self.client.get(self.new_url)
        self.assertRedirects(
            response, f"/accounts/login/?next={self.new_url}", fetch_redirect_response=False
        )
        self.assertNotContains(self.client.get(self.profile_url), "関連書籍を登録する")

    def test_it_refuses_a_signed_in_user_who_is_not_a_member(self) -> None:
        self.client.force_login(make_user("newbie", "新人"))
        response = self.post_book()
        self.assertContains(
            response,
            "関連書籍を登録できるのは、メールアドレスを確認済みの会員です。",
            status_code=403,
        )
        self.assertFalse(Book.objects.exists())

    def test_it_is_404_for_an_unknown_politician(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get("/politicians/999999/books/new/").status_code, 404)
