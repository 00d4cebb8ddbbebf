"""Writes with side effects for votes: casting, voiding, burst review, recounts.

Every change to a vote and to the pledge's counters happens in one
transaction: the pledge row is locked first (then the statistics rows), so
the counters and the site statistics move with the votes, never apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.audit.actions import record
from tsushinbo.integrity.voters import Voter
from tsushinbo.pledges.models import Pledge
from tsushinbo.rankings.maintenance import VoteChange, apply_vote_changes
from tsushinbo.ratings import statistics
from tsushinbo.ratings.bursts import Candidate
from tsushinbo.ratings.counters import (
    COUNTER_FIELDS,
    WILSON_FIELD,
    Counters,
    VoteState,
    applied,
    delta,
    wilson_of,
)
from tsushinbo.ratings.models import (
    BurstStatus,
    Polarity,
    Reason,
    Vote,
    VoteBurst,
    VoteQuerySet,
    VoteVoiding,
)


class VoteVoided(Exception):
    """The voter's vote on this pledge was voided by a moderator; it cannot be changed."""


@dataclass(frozen=True)
class CastResult:
    vote: Vote
    created: bool
    changed: bool
    counters: dict[str, int]


def _state(vote: Vote) -> VoteState:
    return VoteState(
        polarity=vote.polarity,
        reason=vote.reason,
        registered=vote.user_id is not None,
        voided=vote.voided_at is not None,
    )


def _locked_counters(pledge_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Lock the pledges (in id order, as every writer does) and read their counters."""
    rows = (
        Pledge.objects.select_for_update()
        .filter(pk__in=sorted(set(pledge_ids)))
        .order_by("pk")
        .values("pk", *COUNTER_FIELDS)
    )
    return {row.pop("pk"): row for row in rows}


def _write_counters(pledge_id: int, before: Counters, change: dict[str, int]) -> dict[str, int]:
    """Add `change` with F-expressions; the new wilson bound is computed from the locked row."""
    after = applied(before, change)
    updates: dict[str, object] = {field: F(field) + value for field, value in change.items()}
    updates[WILSON_FIELD] = wilson_of(after)
    Pledge.objects.filter(pk=pledge_id).update(**updates)
    return after


def cast_vote(*, pledge: Pledge, voter: Voter, polarity: str, reason: str) -> CastResult:
    """Cast the voter's vote on the pledge, or change it; counters move in the same transaction.

    Queries: lock the pledge, read the voter's vote, write it, update the
    counters, update the statistics (only when a criterion with ≥ N_MIN votes
    changes) — at most five, whatever the data size.
    """
    if polarity not in Polarity.values or reason not in Reason.values:
        raise ValidationError("評価の値が正しくありません。")
    if voter.user is not None and not can(voter.user, Action.VOTE, pledge):
        raise PermissionDenied(Action.VOTE.value)
    try:
        return _cast_once(pledge_id=pledge.pk, voter=voter, polarity=polarity, reason=reason)
    except IntegrityError:
        # The same voter's other request inserted first (possible only where the
        # pledge lock is not exclusive): retry, which now finds it and changes it.
        return _cast_once(pledge_id=pledge.pk, voter=voter, polarity=polarity, reason=reason)


def _voter_vote(pledge_id: int, voter: Voter) -> Vote | None:
    return Vote.objects.filter(pledge_id=pledge_id, **voter.lookup()).order_by().first()


@transaction.atomic
def _cast_once(*, pledge_id: int, voter: Voter, polarity: str, reason: str) -> CastResult:
    before = _locked_counters([pledge_id])[pledge_id]
    vote = _voter_vote(pledge_id, voter)
    if vote is not None and vote.is_voided:
        raise VoteVoided
    old_state = _state(vote) if vote is not None else None
    new_state = VoteState(polarity=polarity, reason=reason, registered=voter.user is not None)
    if old_state == new_state and vote is not None:
        return CastResult(vote=vote, created=False, changed=False, counters=dict(before))
    now = timezone.now()
    created = vote is None
    if vote is None:
        vote = Vote.objects.create(
            pledge_id=pledge_id,
            user=voter.user,
            voter_key=voter.key if voter.user is None else "",
            network_key=voter.network_key,
            polarity=polarity,
            reason=reason,
            created_at=now,
            updated_at=now,
        )
    else:
        vote.polarity, vote.reason, vote.updated_at = polarity, reason, now
        vote.save(update_fields=["polarity", "reason", "updated_at"])
    change = delta(old_state, new_state)
    after = _write_counters(pledge_id, before, change)
    statistics.apply_changes(statistics.changes(before, after))
    apply_vote_changes([VoteChange(pledge_id, vote.created_at, change)], now=now)
    return CastResult(vote=vote, created=created, changed=True, counters=after)


def void_votes(
    *,
    actor: User | None,
    votes: VoteQuerySet,
    reason: str,
    burst: VoteBurst | None = None,
) -> int:
    """Void the active votes in `votes`: they leave every count but votes_voided.

    One VoteVoiding (the public record with its reason) and one audit entry per
    pledge. Returns how many votes were voided.
    """
    if actor is not None and not can(actor, Action.VOID_VOTES):
        raise PermissionDenied(Action.VOID_VOTES.value)
    with transaction.atomic():
        pledge_ids = set(votes.active().values_list("pledge_id", flat=True).distinct())
        if not pledge_ids:
            return 0
        # Lock first, then read: a cast waiting on the lock cannot change a vote underneath.
        locked = _locked_counters(pledge_ids)
        rows = list(votes.active().filter(pledge_id__in=locked).order_by("pk"))
        by_pledge: dict[int, list[Vote]] = defaultdict(list)
        for vote in rows:
            by_pledge[vote.pledge_id].append(vote)
        titled = Pledge.objects.only("title").in_bulk(list(by_pledge))
        all_changes: statistics.Changes = {}
        ranking_changes: list[VoteChange] = []
        now = timezone.now()
        for pledge_id, pledge_votes in sorted(by_pledge.items()):
            change: dict[str, int] = defaultdict(int)
            for vote in pledge_votes:
                state = _state(vote)
                voided = delta(state, replace(state, voided=True))
                ranking_changes.append(VoteChange(pledge_id, vote.created_at, voided))
                for field, value in voided.items():
                    change[field] += value
            before = locked[pledge_id]
            after = _write_counters(pledge_id, before, dict(change))
            statistics.merge(all_changes, statistics.changes(before, after))
            voiding = VoteVoiding.objects.create(
                pledge_id=pledge_id,
                burst=burst,
                actor=actor,
                reason=reason,
                vote_count=len(pledge_votes),
                created_at=now,
            )
            Vote.objects.filter(pk__in=[vote.pk for vote in pledge_votes]).update(
                voided_at=now, voiding=voiding
            )
            record(
                actor=actor,
                action="votes.void",
                target=titled[pledge_id],
                reason=voiding.get_reason_display(),
                count=len(pledge_votes),
                burst=burst.pk if burst is not None else None,
            )
        statistics.apply_changes(all_changes)
        apply_vote_changes(ranking_changes, now=now)
        return len(rows)


def _decided_burst(burst: VoteBurst) -> VoteBurst:
    locked = VoteBurst.objects.select_for_update().get(pk=burst.pk)
    if locked.status != BurstStatus.PENDING:
        raise ValidationError("この評価の急増はすでに判断済みです。")
    return locked


@transaction.atomic
def void_burst(*, actor: User, burst: VoteBurst, reason: str, note: str = "") -> int:
    """Void every active vote in the flagged wave, in one step; returns how many."""
    if not can(actor, Action.VOID_VOTES):
        raise PermissionDenied(Action.VOID_VOTES.value)
    burst = _decided_burst(burst)
    count = void_votes(actor=actor, votes=burst.votes_in_wave(), reason=reason, burst=burst)
    burst.status = BurstStatus.VOIDED
    burst.decided_at = timezone.now()
    burst.decided_by = actor
    burst.reason = note[:200]
    burst.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    record(
        actor=actor,
        action="votes.burst_void",
        target=burst,
        reason=note[:200],
        pledge=burst.pledge_id,
        voided=count,
    )
    return count


@transaction.atomic
def dismiss_burst(*, actor: User, burst: VoteBurst, note: str = "") -> None:
    """Mark the flagged wave as harmless: its votes stay."""
    if not can(actor, Action.VOID_VOTES):
        raise PermissionDenied(Action.VOID_VOTES.value)
    burst = _decided_burst(burst)
    burst.status = BurstStatus.DISMISSED
    burst.decided_at = timezone.now()
    burst.decided_by = actor
    burst.reason = note[:200]
    burst.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    record(actor=actor, action="votes.burst_dismiss", target=burst, reason=note[:200])


def flag_bursts(candidates: Iterable[Candidate]) -> list[VoteBurst]:
    """Record new waves for review; a wave already flagged (in any state) is skipped."""
    flagged = []
    for candidate in candidates:
        with transaction.atomic():
            burst, created = VoteBurst.objects.get_or_create(
                pledge_id=candidate.pledge_id,
                kind=candidate.kind,
                starts_at=candidate.starts_at,
                network_key=candidate.network_key,
                defaults={
                    "ends_at": candidate.ends_at,
                    "vote_count": candidate.vote_count,
                    "baseline": candidate.baseline,
                    "share": candidate.share,
                },
            )
            if created:
                record(actor=None, action="votes.burst_flag", target=burst, votes=burst.vote_count)
                flagged.append(burst)
    return flagged


def counted_from_votes(pledge_ids: list[int]) -> dict[int, dict[str, int]]:
    """The counters as the votes say they should be (one GROUP BY query for these pledges)."""
    aggregates = {}
    for polarity in Polarity.values:
        active = Q(votes__voided_at__isnull=True, votes__polarity=polarity)
        aggregates[f"votes_{polarity}"] = Count("votes", filter=active)
        aggregates[f"votes_{polarity}_registered"] = Count(
            "votes", filter=active & Q(votes__user__isnull=False)
        )
        for reason in Reason.values:
            aggregates[f"votes_{polarity}_{reason}"] = Count(
                "votes", filter=active & Q(votes__reason=reason)
            )
    aggregates["votes_voided"] = Count("votes", filter=Q(votes__voided_at__isnull=False))
    rows = Pledge.objects.filter(pk__in=pledge_ids).values("pk").annotate(**aggregates)
    return {row.pop("pk"): {field: row[field] for field in COUNTER_FIELDS} for row in rows}


@dataclass(frozen=True)
class Drift:
    pledge_id: int
    stored: dict[str, int]
    counted: dict[str, int]

    def describe(self) -> str:
        changed = [
            f"{field} {self.stored[field]}→{self.counted[field]}"
            for field in COUNTER_FIELDS
            if self.stored[field] != self.counted[field]
        ]
        return f"pledge {self.pledge_id}: " + ", ".join(changed)


def recount_votes(*, dry_run: bool = False, chunk_size: int = 1000) -> list[Drift]:
    """Rebuild every pledge's counters from its votes; returns the drift found.

    Each chunk of pledges is locked while it is counted, so votes cast
    meanwhile wait and are not lost. Statistics are recomputed after a fix.
    """
    drifts: list[Drift] = []
    last_id = 0
    while True:
        with transaction.atomic():
            ids = list(
                Pledge.objects.filter(pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", flat=True)[:chunk_size]
            )
            if not ids:
                break
            last_id = ids[-1]
            stored = _locked_counters(ids) if not dry_run else _counters(ids)
            counted = counted_from_votes(ids)
            found = [
                Drift(pledge_id, stored[pledge_id], counted[pledge_id])
                for pledge_id in ids
                if stored[pledge_id] != counted[pledge_id]
            ]
            if not dry_run:
                for drift in found:
                    _set_counters(drift.pledge_id, drift.counted)
            drifts += found
    if drifts and not dry_run:
        statistics.recompute_statistics()
        record(actor=None, action="votes.recount", drifted=len(drifts))
    return drifts


def _counters(ids: list[int]) -> dict[int, dict[str, int]]:
    rows = Pledge.objects.filter(pk__in=ids).values("pk", *COUNTER_FIELDS)
    return {row.pop("pk"): row for row in rows}


def _set_counters(pledge_id: int, counters: dict[str, int]) -> None:
    Pledge.objects.filter(pk=pledge_id).update(**counters, **{WILSON_FIELD: wilson_of(counters)})
