from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    display_name = models.CharField("表示名", max_length=50, blank=True)

    class Meta:
        verbose_name = "ユーザー"
        verbose_name_plural = "ユーザー"

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if not self.is_active and not self.display_name:
            return "退会済みユーザー"
        return self.display_name or self.username
