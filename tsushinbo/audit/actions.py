from __future__ import annotations

from typing import Any

from django.db import models

from tsushinbo.accounts.models import User
from tsushinbo.audit.models import AuditEntry


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    reason: str = "",
    **detail: Any,
) -> AuditEntry:
    """Append one entry to the audit log. Call it inside the action's transaction."""
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        reason=reason,
        detail=detail,
    )
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:200]
    entry.save()
    return entry
