"""The checks an anonymous post passes before an action may write it.

Order: honeypot, rate limits (every attempt counts, so failed proofs are
limited too), then the proof of work. A refusal is a value, not an exception:
the view decides how to show it (page, htmx fragment or JSON), and
`refusal_response` does the common case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

from tsushinbo.integrity.pow import POW_FIELD, spend_proof
from tsushinbo.lib.network import network_key

HONEYPOT_FIELD = "website"
HONEYPOT_MESSAGE = (
    "送信内容を確認できませんでした。入力内容をご確認のうえ、もう一度お試しください。"
)
RATE_MESSAGE = (
    "このネットワークからの送信が多すぎます。しばらく時間をおいてから、もう一度お試しください。"
)
TARGET_RATE_MESSAGE = "このネットワークからこのページへの送信が多すぎます。しばらく時間をおいてから、もう一度お試しください。"
FALLBACK_RETRY_AFTER = 3600


@dataclass(frozen=True)
class Refusal:
    """Why a post was not accepted: a Japanese message, an HTTP status and maybe a wait."""

    message: str
    status: int = 400
    retry_after: int | None = None

    def apply_headers(self, response: HttpResponse) -> HttpResponse:
        if self.retry_after is not None:
            response["Retry-After"] = str(self.retry_after)
        return response


def _rate_limited(request: HttpRequest, *, group: str, key: str, rate: str) -> int | None:
    """Seconds to wait when the counter for `key` is over `rate`; None otherwise."""
    usage = get_usage(
        request, group=group, key=lambda _group, _request: key, rate=rate, increment=True
    )
    if usage is None or not usage["should_limit"]:
        return None
    time_left = int(usage["time_left"])
    return time_left if time_left > 0 else FALLBACK_RETRY_AFTER


def check_anonymous_post(
    request: HttpRequest,
    *,
    scope: str,
    rate: str,
    target: str = "",
    target_rate: str = "",
    proof_of_work: bool,
    data: Mapping[str, Any] | None = None,
) -> Refusal | None:
    """None when the post may go ahead; otherwise the Refusal to show.

    `data` holds the posted fields (the honeypot and the proof): the form's
    request.POST by default, the parsed JSON body for the API.

    `rate` limits posts per network key in this scope; `target_rate`, with
    `target`, limits them per network key on one target (a pledge, a survey).
    Rates use django-ratelimit's syntax ("10/d", "60/h") and its cache, which
    is shared between worker processes only when REDIS_URL is set.
    """
    fields = request.POST if data is None else data
    if fields.get(HONEYPOT_FIELD):
        return Refusal(HONEYPOT_MESSAGE, status=400)
    network = network_key(request)
    wait = _rate_limited(request, group=f"integrity.{scope}", key=network, rate=rate)
    if wait is not None:
        return Refusal(RATE_MESSAGE, status=429, retry_after=wait)
    if target and target_rate:
        wait = _rate_limited(
            request,
            group=f"integrity.{scope}.target",
            key=f"{network}:{target}",
            rate=target_rate,
        )
        if wait is not None:
            return Refusal(TARGET_RATE_MESSAGE, status=429, retry_after=wait)
    if proof_of_work:
        message = spend_proof(str(fields.get(POW_FIELD) or ""))
        if message is not None:
            return Refusal(message, status=400)
    return None


def wants_json(request: HttpRequest) -> bool:
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def refusal_response(request: HttpRequest, refusal: Refusal, *, back_url: str = "") -> HttpResponse:
    """The refusal as JSON ({"error", "retry_after"}) or as a page, with its status."""
    response: HttpResponse
    if wants_json(request):
        body = {"error": refusal.message, "retry_after": refusal.retry_after}
        response = JsonResponse(body, status=refusal.status)
    else:
        context = {
            "message": refusal.message,
            "retry_minutes": _minutes(refusal.retry_after),
            "back_url": back_url,
        }
        response = render(request, "integrity/refused.html", context, status=refusal.status)
    return refusal.apply_headers(response)


def _minutes(seconds: int | None) -> int | None:
    return None if seconds is None else max(1, (seconds + 59) // 60)
