"""Shared pieces of the security and end-to-end browser suites.

Builds on tsushinbo/pages/tests/test_browser.py (Debian's Chromium, viewports)
and adds a watcher that records what must never happen on a page: a dialog
(alert/confirm/prompt), `window.__xss` being set, a page error, or a
Content-Security-Policy violation; plus axe-core, injected by the tests only.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

from tsushinbo.accounts.models import User

OUTPUT = Path(settings.BASE_DIR) / "output" / "e2e"
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"

# Markup the site itself never emits, so finding it in a rendered page means
# injected content became live HTML: inline handlers, javascript: links, and
# script/iframe/object/embed/base/meta-refresh elements other than our own.
DOM_PROBE = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) bad.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'data', 'background', 'dynsrc', 'lowsrc']
          .includes(name) && /^(javascript|data|vbscript):/.test(value.replace(/[\\s\\x00-\\x1f]/g, '')))
        bad.push(`${el.tagName} ${name}=${value.slice(0, 40)}`);
    }
  }
  for (const el of document.querySelectorAll('script')) {
    if (!el.src || new URL(el.src).pathname.startsWith('/static/') === false) {
      if (el.type !== 'application/json') bad.push(`SCRIPT ${el.src || 'inline'}`);
    }
  }
  for (const tag of ['iframe', 'frame', 'object', 'embed', 'base', 'xss', 'isindex', 'keygen'])
    for (const el of document.querySelectorAll(tag)) bad.push(tag);
  for (const el of document.querySelectorAll('meta[http-equiv]')) bad.push('META ' + el.httpEquiv);
  for (const el of document.querySelectorAll('main style')) bad.push('STYLE');
  for (const el of document.querySelectorAll('main link')) {
    if (!el.href || !new URL(el.href).pathname.startsWith('/static/')) bad.push('LINK ' + el.href);
  }
  return bad;
}"""


# Rows the data migrations create, which a live-server test case's flush removes.
DATA_MIGRATIONS = [
    ("tsushinbo.accounts.migrations.0003_role_groups", "create_groups"),
    ("tsushinbo.ratings.migrations.0002_statistic_rows", "create_rows"),
    ("tsushinbo.news.migrations.0002_seed_site_pages", "seed_pages"),
]


def restore_migrated_rows() -> None:
    """Re-run the data migrations (each is idempotent or runs on empty tables)."""
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(django_apps, None)


@dataclass
class Watch:
    """What went wrong on one page (kept per Playwright page)."""

    dialogs: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{page.url}: {dialog.type} {dialog.message}")
            dialog.dismiss()

        def on_console(message: Any) -> None:
            text = message.text
            if "Content Security Policy" in text or "Content-Security-Policy" in text:
                self.csp_violations.append(f"{page.url}: {text}")

        page.on("dialog", on_dialog)
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def clear(self) -> None:
        self.dialogs.clear()
        self.csp_violations.clear()
        self.page_errors.clear()


def watched_page(
    browser: Any, test: Any, viewport: dict[str, int], **options: Any
) -> tuple[Any, Watch]:
    context = browser.new_context(viewport=viewport, locale="ja-JP", **options)
    test.addCleanup(context.close)
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    return page, watch


def sign_in(page: Any, live_server_url: str, user: User) -> None:
    """Give the browser the session of a signed-in user (no login form round trip)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.session[SESSION_KEY] == str(user.pk)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server_url}]
    )


def serious_axe_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the current page (WCAG 2.x A/AA)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
          return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.impact} ${v.id}: ${v.help} — ` +
                 v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }"""
    )
    return list(result)
