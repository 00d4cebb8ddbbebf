"""What every /api/v1/ response gets, whichever view made it.

- Errors that did not come from an API endpoint (an unknown URL, a method the
  endpoint lacks) are rewritten into the API's error shape.
- GET, HEAD and OPTIONS are open to every origin (CORS); writes are not, since
  they rely on cookies and the CSRF token.
- GET responses carry an ETag (a hash of the body) and answer 304 to a
  matching If-None-Match, like Django's ConditionalGetMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag

from tsushinbo.api.errors import error_response

API_PREFIX = "/api/v1/"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type, If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Retry-After",
    "Access-Control-Max-Age": "86400",
}


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        method = request.method
        if method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = "GET, HEAD, OPTIONS, POST"
        else:
            if method == "HEAD":
                request.method = "GET"  # the endpoints are GET; the body is dropped below
            response = _json_errors(self.get_response(request))
            request.method = method
        if method in SAFE_METHODS:
            response = _conditional(request, response)
            for name, value in CORS_HEADERS.items():
                response[name] = value
        if method == "HEAD":
            response.content = b""
        return response


def _json_errors(response: HttpResponse) -> HttpResponse:
    """An error page from outside the API (HTML 404, bare 405) as the API's error shape."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    replaced = error_response(response.status_code)
    for header in ("Allow", "Retry-After"):
        if header in response:
            replaced[header] = response[header]
    return replaced


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.streaming or not response.get("Content-Type", "").startswith("application/json"):
        return response
    set_response_etag(response)
    return (
        get_conditional_response(request, etag=response.get("ETag"), response=response) or response
    )
