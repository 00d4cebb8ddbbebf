"""The API's one error shape, {"error": {"code", "message"}}, and the codes it uses."""

from __future__ import annotations

import json
from typing import Any

from django.forms import BaseForm
from django.http import HttpResponse

ERROR_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}
ERROR_MESSAGES: dict[int, str] = {
    400: "リクエストの内容が正しくありません。",
    401: "ログインが必要です。",
    403: "この操作は許可されていません。",
    404: "見つかりません。",
    405: "このURLではこのメソッドは使えません。",
    409: "現在の状態では受け付けられません。",
    422: "入力内容が正しくありません。",
    429: "リクエストが多すぎます。しばらく時間をおいてから、もう一度お試しください。",
    500: "サーバーでエラーが起きました。",
}


class ApiError(Exception):
    """Raised by an endpoint: the handler answers with `status` and the error shape."""

    def __init__(
        self, status: int, message: str = "", *, code: str = "", retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or ERROR_CODES.get(status, "error")
        self.message = message or ERROR_MESSAGES.get(status, "エラーが起きました。")
        self.retry_after = retry_after


def invalid_form(form: BaseForm | None) -> ApiError:
    """A 422 carrying the form's first error message, as the page would show it on top."""
    if form is not None:
        for errors in form.errors.values():
            return ApiError(422, str(errors[0]))
    return ApiError(422, "入力内容をご確認ください。")


def error_body(status: int, message: str = "", code: str = "") -> dict[str, Any]:
    return {
        "error": {
            "code": code or ERROR_CODES.get(status, "error"),
            "message": message or ERROR_MESSAGES.get(status, "エラーが起きました。"),
        }
    }


def error_response(
    status: int, message: str = "", code: str = "", retry_after: int | None = None
) -> HttpResponse:
    body = json.dumps(error_body(status, message, code), ensure_ascii=False)
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
