from __future__ import annotations

import datetime

from django.db import IntegrityError, models, transaction
from django.utils import timezone


class SpentProofQuerySet(models.QuerySet["SpentProof"]):
    def spend(self, signature: str, expires_at: datetime.datetime) -> bool:
        """Record a solved challenge; False when it was already used (a replay)."""
        try:
            with transaction.atomic():
                self.create(signature=signature, expires_at=expires_at)
        except IntegrityError:
            return False
        return True

    def expired(self) -> SpentProofQuerySet:
        return self.filter(expires_at__lt=timezone.now())


class SpentProof(models.Model):
    """A proof-of-work challenge that has been used once and may not be used again.

    ALTCHA challenges are signed and expire, but a signed challenge stays valid
    until it expires: single use is this table's job. Rows past expiry are
    useless (the challenge is refused as expired) and `purge_spent_proofs` drops them.
    """

    signature = models.CharField("署名", max_length=128, primary_key=True)
    expires_at = models.DateTimeField("有効期限", db_index=True)

    objects = SpentProofQuerySet.as_manager()

    class Meta:
        verbose_name = "使用済みの計算証明"
        verbose_name_plural = "使用済みの計算証明"

    def __str__(self) -> str:
        return self.signature[:16]
