"""Background tasks (django-tasks): e-mail authors about decisions, moderators about the queue.

Enqueue them with transaction.on_commit (tsushinbo/moderation/notifications.py):
a rolled-back decision sends nothing. With TASKS_BACKEND=database they run in
`manage.py db_worker`; with "immediate" right after the commit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django_tasks import task

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import GROUP_NAMES, Role


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


@task()
def send_decision_notice(
    user_id: int, kind: str, title: str, approved: bool, reason: str, path: str
) -> bool:
    """Tell the author that their post was published or rejected; False when nobody to tell."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    if approved:
        subject = f"[{settings.SITE_NAME}] {kind}が公開されました"
        lines = [
            f"{user.public_name} さん",
            "",
            f"投稿いただいた{kind}「{title}」を確認し、公開しました。",
            absolute(path),
        ]
    else:
        subject = f"[{settings.SITE_NAME}] {kind}を公開できませんでした"
        lines = [
            f"{user.public_name} さん",
            "",
            f"投稿いただいた{kind}「{title}」は、次の理由で公開を見送りました：{reason}",
            f"判断は公開のモデレーションログ {absolute('/moderation/log/')} にも記録されています（本文は載りません）。",
        ]
    lines += ["", f"{settings.SITE_NAME}"]
    send_mail(subject, "\n".join(lines), None, [user.email])
    return True


@task()
def send_queue_alert(count: int, oldest_hours: int) -> int:
    """Write to every active moderator: items are close to the 24-hour promise."""
    emails = moderator_emails()
    subject = f"[{settings.SITE_NAME}] 確認待ちが{oldest_hours}時間を超えています"
    body = (
        f"確認待ちの投稿のうち{count}件が{oldest_hours}時間以上待っています。"
        "フォームでは「24時間以内に確認されます」とお約束しています。\n"
        f"{absolute('/moderation/')}\n"
    )
    send_mass_mail([(subject, body, None, [email]) for email in emails])
    return len(emails)


def moderator_emails() -> list[str]:
    users = User.objects.filter(is_active=True).exclude(email="")
    moderators = users.filter(groups__name=GROUP_NAMES[Role.MODERATOR])
    return sorted(set(moderators.values_list("email", flat=True)))
