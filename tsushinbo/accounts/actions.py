"""Writes with side effects for accounts, roles, politician claims and follows.

Every function checks permission itself (views and the API share this one
write path), runs in a transaction and appends to the audit log.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tsushinbo.accounts.models import (
    ClaimStatus,
    DigestFrequency,
    Follow,
    PoliticianClaim,
    User,
)
from tsushinbo.accounts.permissions import (
    GROUP_NAMES,
    Action,
    Role,
    can,
    forget_roles,
    roles_of,
)
from tsushinbo.activities.actions import reject_pending_reports_by
from tsushinbo.audit.actions import record
from tsushinbo.comments.actions import reject_pending_comments_by
from tsushinbo.pledges.actions import reject_pending_contributions_by
from tsushinbo.politicians.models import Politician

BANNED_REASON = "利用停止"
DELETED_REASON = "退会"


def _require(user: User, action: Action, target: object = None) -> None:
    if not can(user, action, target):
        raise PermissionDenied(action.value)


def _group(role: Role) -> Group:
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
    return group


@transaction.atomic
def join_members(*, user: User) -> None:
    """Make a user with a verified e-mail address a member (idempotent)."""
    if not user.is_active:
        return
    user.groups.add(_group(Role.MEMBER))
    forget_roles(user)


@transaction.atomic
def ban_user(*, actor: User, user: User, reason: str) -> None:
    """Deactivate the user; what they left waiting for review is rejected."""
    _require(actor, Action.BAN_USER, user)
    if not user.is_active:
        raise ValidationError("このユーザーはすでに利用停止または退会済みです。")
    user.is_active = False
    user.banned_at = timezone.now()
    user.save(update_fields=["is_active", "banned_at"])
    rejected = _close_pending_claims(user=user, actor=actor, reason=BANNED_REASON)
    comments = reject_pending_comments_by(actor=actor, user=user)
    reports = reject_pending_reports_by(actor=actor, user=user)
    contributions = reject_pending_contributions_by(actor=actor, user=user)
    record(
        actor=actor,
        action="user.ban",
        target=user,
        reason=reason,
        rejected_claims=rejected,
        rejected_comments=comments,
        rejected_reports=reports,
        rejected_pledge_contributions=contributions,
    )


@transaction.atomic
def unban_user(*, actor: User, user: User, reason: str) -> None:
    _require(actor, Action.BAN_USER, user)
    if not user.is_banned or user.is_deleted:
        raise ValidationError("このユーザーは利用停止されていません。")
    user.is_active = True
    user.banned_at = None
    user.save(update_fields=["is_active", "banned_at"])
    record(actor=actor, action="user.unban", target=user, reason=reason)


@transaction.atomic
def grant_trusted(*, actor: User, user: User, reason: str = "") -> None:
    _require(actor, Action.GRANT_TRUSTED, user)
    if not user.is_active or Role.MEMBER not in _fresh_roles(user):
        raise ValidationError("信頼済み会員にできるのは、メール確認済みの会員だけです。")
    user.groups.add(_group(Role.TRUSTED))
    forget_roles(user)
    record(actor=actor, action="user.grant_trusted", target=user, reason=reason)


@transaction.atomic
def revoke_trusted(*, actor: User, user: User, reason: str = "") -> None:
    _require(actor, Action.GRANT_TRUSTED, user)
    user.groups.remove(_group(Role.TRUSTED))
    forget_roles(user)
    record(actor=actor, action="user.revoke_trusted", target=user, reason=reason)


def _fresh_roles(user: User) -> frozenset[Role]:
    forget_roles(user)
    return roles_of(user)


@transaction.atomic
def file_claim(
    *, user: User, politician: Politician, contact: str, evidence_url: str, note: str = ""
) -> PoliticianClaim:
    _require(user, Action.FILE_CLAIM, politician)
    if user.politician_claims.pending().filter(politician=politician).exists():
        raise ValidationError("この政治家への申請はすでに審査待ちです。")
    claim = PoliticianClaim.objects.create(
        user=user, politician=politician, contact=contact, evidence_url=evidence_url, note=note
    )
    record(actor=user, action="claim.file", target=claim, politician_id=politician.pk)
    return claim


@transaction.atomic
def approve_claim(*, actor: User, claim: PoliticianClaim, reason: str = "") -> None:
    """Link the claimant's account to the politician."""
    _require(actor, Action.VERIFY_CLAIM, claim)
    claim = _locked(claim)
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError("審査待ちの申請ではありません。")
    user = User.objects.select_for_update().get(pk=claim.user_id)
    if not user.is_active or user.politician_id is not None:
        raise ValidationError("申請者は利用できないか、すでに別の政治家として確認済みです。")
    if User.objects.filter(politician_id=claim.politician_id).exists():
        raise ValidationError(
            "この政治家にはすでに本人確認済みのアカウントがあります。先に取り消してください。"
        )
    user.politician_id = claim.politician_id
    user.save(update_fields=["politician"])
    _decide(claim, actor=actor, status=ClaimStatus.APPROVED, reason=reason)
    record(actor=actor, action="claim.approve", target=claim, reason=reason, user_id=user.pk)


@transaction.atomic
def reject_claim(*, actor: User, claim: PoliticianClaim, reason: str) -> None:
    _require(actor, Action.VERIFY_CLAIM, claim)
    claim = _locked(claim)
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError("審査待ちの申請ではありません。")
    if not reason.strip():
        raise ValidationError("却下の理由を入力してください。")
    _decide(claim, actor=actor, status=ClaimStatus.REJECTED, reason=reason)
    record(actor=actor, action="claim.reject", target=claim, reason=reason)


@transaction.atomic
def revoke_claim(*, actor: User, claim: PoliticianClaim, reason: str) -> None:
    """Unlink an approved account from the politician."""
    _require(actor, Action.VERIFY_CLAIM, claim)
    claim = _locked(claim)
    if claim.status != ClaimStatus.APPROVED:
        raise ValidationError("承認済みの申請ではありません。")
    if not reason.strip():
        raise ValidationError("取り消しの理由を入力してください。")
    User.objects.filter(pk=claim.user_id, politician_id=claim.politician_id).update(politician=None)
    _decide(claim, actor=actor, status=ClaimStatus.REVOKED, reason=reason)
    record(actor=actor, action="claim.revoke", target=claim, reason=reason)


def _locked(claim: PoliticianClaim) -> PoliticianClaim:
    # Two moderators deciding at once: the second sees the first one's decision.
    return PoliticianClaim.objects.select_for_update().get(pk=claim.pk)


def _decide(claim: PoliticianClaim, *, actor: User | None, status: str, reason: str) -> None:
    claim.status = status
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.reason = reason[:200]
    claim.save(update_fields=["status", "decided_by", "decided_at", "reason"])


def _close_pending_claims(*, user: User, actor: User | None, reason: str) -> int:
    return user.politician_claims.pending().update(
        status=ClaimStatus.REJECTED, decided_by=actor, decided_at=timezone.now(), reason=reason
    )


@transaction.atomic
def follow_politician(*, user: User, politician: Politician) -> Follow:
    """Follow (idempotent: following twice keeps the first follow)."""
    _require(user, Action.FOLLOW, politician)
    try:
        with transaction.atomic():
            return Follow.objects.create(user=user, politician=politician)
    except IntegrityError:
        return Follow.objects.get(user=user, politician=politician)


@transaction.atomic
def unfollow_politician(*, user: User, politician: Politician) -> None:
    Follow.objects.filter(user=user, politician=politician).delete()


@transaction.atomic
def set_preferences(*, user: User, display_name: str, digest_frequency: str) -> None:
    user.display_name = display_name
    user.digest_frequency = digest_frequency
    user.save(update_fields=["display_name", "digest_frequency"])


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Deactivate and anonymise; the row stays so contributions keep their author.

    What the user wrote stays public under 「退会済みユーザー」; everything that
    identifies them or was private to them is removed.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_deleted:
        return
    if user.politician_id is not None:
        user.politician_claims.filter(status=ClaimStatus.APPROVED).update(
            status=ClaimStatus.REVOKED, decided_at=timezone.now(), reason=DELETED_REASON
        )
    _close_pending_claims(user=user, actor=None, reason=DELETED_REASON)
    user.politician_claims.update(contact="", note="")
    user.follows.all().delete()
    EmailAddress.objects.filter(user=user).delete()
    user.groups.clear()
    _anonymise(user)
    forget_roles(user)
    record(actor=user, action="account.delete", target=user)


def _anonymise(user: User) -> None:
    user.username = f"deleted-{user.pk}"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.politician = None
    user.digest_frequency = DigestFrequency.NONE
    user.deleted_at = timezone.now()
    user.save()
