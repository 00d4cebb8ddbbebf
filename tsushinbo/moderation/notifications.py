"""Schedule notifications for after the decision's transaction commits."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from tsushinbo.accounts.models import User
from tsushinbo.moderation.tasks import send_decision_notice


def notify_author(
    *, author: User | None, kind: str, title: str, approved: bool, reason: str = "", path: str
) -> None:
    """E-mail the author (an account with an address) once the decision is committed."""
    if author is None or not author.is_active or not author.email:
        return
    transaction.on_commit(
        partial(
            send_decision_notice.enqueue,
            user_id=author.pk,
            kind=kind,
            title=title,
            approved=approved,
            reason=reason,
            path=path,
        )
    )
