"""Self-hosted ALTCHA proof of work (PoW v2, PBKDF2) with single-use solutions.

The widget (static/js/altcha/, MIT) fetches a signed challenge from
GET /integrity/challenge/, spends a moment of CPU finding a counter whose
derived key starts with the signed prefix, and posts the solution as the
`altcha` form field. `spend_proof` checks the signature, expiry and solution,
then records the challenge so the same solution is refused next time.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from typing import Any

import altcha
from django.conf import settings
from django.utils import timezone

from tsushinbo.integrity.models import SpentProof

POW_FIELD = "altcha"
MAX_PAYLOAD_LENGTH = 4096

MISSING = (
    "計算による確認が済んでいません。しばらく待ってからもう一度送信してください。"
    "JavaScript を無効にしている場合は、有効にするか、ログインしてから送信してください。"
)
EXPIRED = "計算による確認の有効期限が切れました。ページを再読み込みして、もう一度お試しください。"
INVALID = "計算による確認を検証できませんでした。ページを再読み込みして、もう一度お試しください。"
REPLAYED = "この確認はすでに使われています。ページを再読み込みして、もう一度お試しください。"


def new_challenge() -> dict[str, Any]:
    """A signed challenge for the widget, valid for POW_EXPIRES_MINUTES."""
    expires = timezone.now() + datetime.timedelta(minutes=settings.POW_EXPIRES_MINUTES)
    challenge = altcha.create_challenge(
        algorithm=settings.POW_ALGORITHM,
        cost=settings.POW_COST,
        expires_at=expires,
        hmac_secret=settings.ALTCHA_HMAC_KEY,
    )
    result: dict[str, Any] = challenge.to_dict()
    return result


def _challenge_of(payload: str) -> altcha.Challenge | None:
    try:
        return altcha.Payload.from_base64(payload).challenge
    except (ValueError, KeyError, TypeError, binascii.Error, json.JSONDecodeError):
        return None


def spend_proof(payload: str) -> str | None:
    """None when the payload is a valid, unused solution (now used); else the refusal message."""
    if not payload:
        return MISSING
    if len(payload) > MAX_PAYLOAD_LENGTH:
        return INVALID
    try:
        result = altcha.verify_solution(payload, settings.ALTCHA_HMAC_KEY)
    except (ValueError, KeyError, TypeError, OverflowError, binascii.Error):
        return INVALID
    if result.expired:
        return EXPIRED
    challenge = _challenge_of(payload)
    if not result.verified or challenge is None or not challenge.signature:
        return INVALID
    expires_at = challenge.parameters.expires_at or 0
    expiry = datetime.datetime.fromtimestamp(expires_at, tz=datetime.UTC)
    if not SpentProof.objects.spend(challenge.signature, expiry):
        return REPLAYED
    return None


def solve_for_tests(challenge: dict[str, Any]) -> str:
    """The payload a browser would post for this challenge (tests and benchmarks only)."""
    parsed = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(parsed)
    if solution is None:
        raise RuntimeError("challenge not solved in time")
    payload = altcha.Payload(parsed, solution)
    return base64.b64encode(json.dumps(payload.to_dict()).encode()).decode()
