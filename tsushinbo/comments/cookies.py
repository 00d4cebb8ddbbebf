"""Which pending comments an anonymous visitor wrote: a signed cookie of their ids.

The author sees their own comment marked 確認待ち until a moderator decides;
nobody else sees it. The cookie is signed (it cannot be forged to reveal
other people's pending comments) and keeps only the newest ids.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "tsushinbo_comments"
SALT = "tsushinbo.comments.own"
MAX_IDS = 50
MAX_AGE_DAYS = 30


def own_comment_ids(request: HttpRequest) -> list[int]:
    raw: str = (
        request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE_DAYS * 86400) or ""
    )
    return [int(part) for part in raw.split(",") if part.isdigit()][-MAX_IDS:]


def remember_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    ids = [*own_comment_ids(request), comment_id][-MAX_IDS:]
    response.set_signed_cookie(
        COOKIE,
        ",".join(str(pk) for pk in ids),
        salt=SALT,
        max_age=MAX_AGE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
