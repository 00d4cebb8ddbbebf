"""The /api/v1/ NinjaAPI: routers, the JSON renderer, error handlers and the docs page."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import DocsBase
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

from tsushinbo.api import comments, read_people, read_pledges, read_rankings, write
from tsushinbo.api.errors import ApiError, error_response

logger = logging.getLogger(__name__)

DESCRIPTION = """通信簿の公開データ（政治家・政党・公約・評価・活動報告・選挙・アンケート）の JSON API。
読み取りは誰でも、書き込み（評価・コメント・アンケート回答）はページと同じ条件で行えます。
使い方は docs/api.md を参照してください。"""


class JSONRenderer(BaseRenderer):
    """UTF-8 JSON (Japanese text stays readable, not \\u-escaped)."""

    media_type = "application/json"
    charset = "utf-8"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False)


class LocalSwagger(DocsBase):
    """swagger-ui from static/vendor/swagger-ui/ (no CDN), started by static/js/api-docs.js."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        config = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        context = {"swagger_settings": json.dumps(config), "api": api}
        response = render(request, "api/docs.html", context)
        # swagger-ui's stylesheet draws its icons as data: SVG images; allow those
        # on this page only (django-csp reads this attribute, as its csp_update does).
        response._csp_update = {"img-src": ["data:"]}  # type: ignore[attr-defined]
        return response


api = NinjaAPI(
    title="通信簿 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=LocalSwagger(),
    renderer=JSONRenderer(),
)
api.add_router("", read_people.router)
api.add_router("", read_pledges.router)
api.add_router("", write.router)
api.add_router("", comments.router)
api.add_router("", read_rankings.router)


def _validation_message(errors: list[dict[str, Any]]) -> str:
    if not errors:
        return "入力内容が正しくありません。"
    first = errors[0]
    where = ".".join(
        str(part) for part in first.get("loc", ()) if part not in ("query", "body", "path")
    )
    detail = str(first.get("msg", ""))
    return f"入力内容が正しくありません（{where}: {detail}）。" if where else detail


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.message, exc.code, exc.retry_after)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404)


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(422, _validation_message(exc.errors))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja raises these for bodies it cannot parse (400) and similar request problems.
    return error_response(exc.status_code)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.path)
    return error_response(500)
