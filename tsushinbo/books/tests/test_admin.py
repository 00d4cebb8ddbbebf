from __future__ import annotations

from tsushinbo.books.models import Book
from tsushinbo.testing import BaseTestCase, make_politician, make_user


class BookAdminTestCase(BaseTestCase):
    def test_it_normalises_the_isbn_and_links_politicians(self) -> None:
        root = make_user("root", "管理者", is_staff=True, is_superuser=True)
        self.client.force_login(root)
        politician = make_politician()
        data = {
            "title": "政治の本",
            "authors": "山田太郎",
            "isbn": "4-10-101001-3",
            "politicians": [politician.pk],
        }
        response = self.client.post("/admin/books/book/add/", data)
        self.assertEqual(response.status_code, 302)
        book = Book.objects.get()
        self.assertEqual((book.isbn, book.created_by), ("9784101010014", root))
        self.assertEqual(list(book.politicians.all()), [politician])

        response = self.client.post("/admin/books/book/add/", data | {"isbn": "978-4-10-101001-4"})
        self.assertContains(response, "このISBNの書籍はすでに登録されています。")
        response = self.client.post("/admin/books/book/add/", data | {"isbn": "4-10-101001-4"})
        self.assertContains(
            response, "ISBN-10のチェックディジット（最後の1桁）が正しくありません。"
        )
        self.assertEqual(Book.objects.count(), 1)
