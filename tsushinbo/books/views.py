from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from tsushinbo.accounts.permissions import Action, can
from tsushinbo.accounts.views import forbidden
from tsushinbo.books.actions import add_book
from tsushinbo.books.forms import BookForm
from tsushinbo.politicians.models import Politician


def book_new(request: HttpRequest, pk: int) -> HttpResponse:
    politician = get_object_or_404(Politician, pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.user, Action.ADD_BOOK, politician):
        return forbidden(request, "関連書籍を登録できるのは、メールアドレスを確認済みの会員です。")
    form = BookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        book, created = add_book(actor=request.user, politician=politician, data=form.cleaned_data)
        if created:
            messages.success(request, f"『{book.title}』を関連書籍に登録しました。")
        else:
            messages.success(
                request,
                f"同じISBNの『{book.title}』が登録済みのため、この政治家の関連書籍に加えました。",
            )
        return redirect(f"{politician.get_absolute_url()}#books-heading")
    return render(request, "books/book_form.html", {"politician": politician, "form": form})
