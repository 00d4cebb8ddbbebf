from __future__ import annotations

from django.urls import URLPattern, path

from tsushinbo.books import views

urlpatterns: list[URLPattern] = [
    path("politicians/<int:pk>/books/new/", views.book_new, name="politician-book-new"),
]
