from __future__ import annotations

from django.contrib import admin

from tsushinbo.audit.admin import ReadOnlyAdmin
from tsushinbo.ratings.models import Statistic, Vote, VoteBurst, VoteVoiding


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("pledge", "polarity", "reason", "user", "created_at", "voided_at")
    list_filter = ("polarity", "reason", "voided_at")
    raw_id_fields = ("pledge", "user", "voiding")
    list_select_related = ("pledge", "user")
    show_full_result_count = False


@admin.register(VoteBurst)
class VoteBurstAdmin(ReadOnlyAdmin):
    list_display = ("pledge", "kind", "status", "starts_at", "vote_count", "baseline")
    list_filter = ("status", "kind")
    raw_id_fields = ("pledge", "decided_by")


@admin.register(VoteVoiding)
class VoteVoidingAdmin(ReadOnlyAdmin):
    list_display = ("pledge", "reason", "vote_count", "actor", "created_at")
    raw_id_fields = ("pledge", "burst", "actor")


@admin.register(Statistic)
class StatisticAdmin(ReadOnlyAdmin):
    list_display = ("criterion", "pledge_count", "score_sum", "n_min", "recomputed_at")
