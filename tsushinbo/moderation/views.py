from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.audit.models import AuditEntry
from tsushinbo.lib.paging import paginate
from tsushinbo.moderation.models import RejectReason
from tsushinbo.moderation.queue import QueueItem, QueueSource
from tsushinbo.moderation.sources import GROUPS, SOURCES, SOURCES_BY_KEY

DESK_SIZE = 50
NOTE_LENGTH = 200

# What the public log shows: audit action → (kind, decision). Never the text.
PUBLIC_LOG_ACTIONS: dict[str, tuple[str, str]] = {
    "comment.reject": ("コメント", "削除・非公開"),
    "comment.hide": ("コメント", "通報により一時非表示"),
    "comment.keep": ("コメント", "確認のうえ公開を継続"),
    "report.reject": ("活動報告", "削除・非公開"),
    "report.hide": ("活動報告", "通報により一時非表示"),
    "report.keep": ("活動報告", "確認のうえ公開を継続"),
    "pledge_revision.reject": ("公約の登録・編集", "却下・非公開"),
    "progress_report.reject": ("進捗報告", "却下・非公開"),
}


def _forbidden(request: HttpRequest) -> HttpResponse:
    context = {"message": "このページはモデレーターのみ利用できます。"}
    return render(request, "accounts/forbidden.html", context, status=403)


def _oldest_items(sources: list[tuple[QueueSource, int]]) -> list[QueueItem]:
    """The DESK_SIZE items waiting longest, across the given sources (skipping empty ones)."""
    items = [item for source, count in sources if count for item in source.oldest(DESK_SIZE)]
    return sorted(items, key=lambda item: (item.waiting_since, item.key))[:DESK_SIZE]


@login_required
@require_safe
def desk(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.MODERATE):
        return _forbidden(request)
    group = request.GET.get("type", "")
    notice = ""
    if group and group not in dict(GROUPS):
        notice = "指定された種類はありません。すべての種類を表示しています。"
        group = ""
    counted = [(source, source.count()) for source in SOURCES]
    chosen = [(source, count) for source, count in counted if not group or source.group == group]
    group_counts = [
        (value, label, sum(count for source, count in counted if source.group == value))
        for value, label in GROUPS
    ]
    context = {
        "items": _oldest_items(chosen),
        "group": group,
        "groups": group_counts,
        "total": sum(count for _, count in counted),
        "shown_total": sum(count for _, count in chosen),
        "desk_size": DESK_SIZE,
        "reasons": RejectReason.choices,
        "notice": notice,
    }
    return render(request, "moderation/desk.html", context)


def _decision_request(request: HttpRequest) -> tuple[str, list[str], str, str]:
    """(decision, item keys, reason, note) from one item's button or the bulk form."""
    one = request.POST.get("one", "")
    if one:
        decision, _, key = one.partition(":")
        reason = request.POST.get(f"reason-{key}", "")
        note = request.POST.get(f"note-{key}", "")
        return decision, [key], reason, note[:NOTE_LENGTH]
    keys = request.POST.getlist("items")[:DESK_SIZE]
    reason = request.POST.get("reason", "")
    return request.POST.get("bulk", ""), keys, reason, request.POST.get("note", "")[:NOTE_LENGTH]


def _apply(actor: User, decision: str, key: str, reason: str, note: str) -> str:
    """Decide one item; the error message, or empty when it worked."""
    source_key, _, pk = key.rpartition(":")
    source = SOURCES_BY_KEY.get(source_key)
    if source is None or not pk.isdigit():
        return "対象が見つかりません。"
    try:
        if decision == "approve":
            source.approve(actor=actor, pk=int(pk), note=note)
        else:
            source.reject(actor=actor, pk=int(pk), reason=reason, note=note)
    except Http404:
        return "対象が見つかりません。"
    except PermissionDenied:
        return "この項目を判断する権限がありません。"
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@login_required
@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or not can(user, Action.MODERATE):
        return _forbidden(request)
    decision, keys, reason, note = _decision_request(request)
    back = _back_url(request)
    if decision not in {"approve", "reject"} or not keys:
        messages.error(request, "判断する項目を選んでください。")
        return redirect(back)
    if decision == "reject" and reason not in RejectReason.values:
        messages.error(request, "却下の理由を一覧から選んでください。")
        return redirect(back)
    errors = [(key, _apply(user, decision, key, reason, note)) for key in keys]
    failed = [(key, error) for key, error in errors if error]
    done = len(keys) - len(failed)
    if done:
        verb = "承認" if decision == "approve" else "却下"
        messages.success(request, f"{done}件を{verb}しました。")
    for key, error in failed:
        messages.error(request, f"{key}：{error}")
    return redirect(back)


def _back_url(request: HttpRequest) -> str:
    group = request.POST.get("type", "")
    return f"/moderation/?type={group}" if group in dict(GROUPS) else "/moderation/"


@dataclass(frozen=True)
class LogRow:
    date: datetime.datetime
    kind: str
    decision: str
    reason: str


def public_log_entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(action__in=list(PUBLIC_LOG_ACTIONS)).order_by(
        "-created_at", "-id"
    )


@require_safe
def log(request: HttpRequest) -> HttpResponse:
    """The public moderation log: date, kind, decision, reason — never the removed text."""
    page, problems = paginate(request, public_log_entries().only("created_at", "action", "reason"))
    rows = [
        LogRow(entry.created_at, *PUBLIC_LOG_ACTIONS[entry.action], entry.reason)
        for entry in page.object_list
    ]
    context: dict[str, Any] = {"page_obj": page, "rows": rows, "problems": problems}
    return render(request, "moderation/log.html", context)
