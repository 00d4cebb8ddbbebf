from __future__ import annotations

from html.parser import HTMLParser

from django.test import override_settings

from tsushinbo.news.rendering import render_markdown
from tsushinbo.news.tests.base import make_announcement
from tsushinbo.testing import BaseTestCase

ATTACKS = """\
<script>alert("script")</script>

<img src=x onerror=alert("img")>

<a href="javascript:alert('a')" onclick="alert('click')">raw link</a>

[markdown link](javascript:alert('md'))

[mixed case](JaVaScRiPt:alert('mixed'))

[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

![image](https://tracker.example/pixel.png)

<iframe src="https://evil.example/"></iframe>

<div style="position:fixed">styled</div>
"""


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


class MarkdownTestCase(BaseTestCase):
    def test_it_renders_the_usual_markdown(self) -> None:
        html = render_markdown(
            "## 見出し\n\n**太字**と*強調*\n\n- 一\n- 二\n\n> 引用\n\n"
            "| 項目 | 値 |\n|---|---|\n| 総合 | 89 |\n\n[出典](https://example.com/a?b=1&c=2)"
        )
        self.assertIn("<h2>見出し</h2>", html)
        self.assertIn("<strong>太字</strong>と<em>強調</em>", html)
        self.assertIn("<li>一</li>", html)
        self.assertIn("<blockquote>", html)
        self.assertIn("<td>総合</td>", html)
        self.assertIn(
            '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener">出典</a>', html
        )

    def test_it_lets_no_raw_html_or_script_through(self) -> None:
        html = render_markdown(ATTACKS)
        elements = Elements()
        elements.feed(html)
        self.assertLessEqual({tag for tag, _ in elements.found}, {"p", "a"})
        for tag, attributes in elements.found:
            for name, value in attributes:
                self.assertFalse(name.startswith("on"), (tag, name))
                self.assertNotEqual(name, "style")
                if name == "href":
                    self.assertRegex(value or "", r"^(https?:|mailto:|/)")
        self.assertNotIn("tracker.example", html)
        # Raw HTML is shown as text, escaped, so nothing is silently lost.
        self.assertIn("&lt;script&gt;", html)
        self.assertIn("&lt;img src=x onerror", html)
        self.assertIn('<a title="md" rel="nofollow noopener">markdown link</a>', html)

    def test_it_strips_attacks_on_the_announcement_page(self) -> None:
        make_announcement(slug="attack", body=ATTACKS)
        r = self.client.get("/news/attack/")
        self.assertNotContains(r, "<script>alert")
        self.assertNotContains(r, '<a href="javascript')
        self.assertNotContains(r, "<img src=x onerror")
        self.assertContains(r, "&lt;script&gt;")
        # The meta description is plain text, escaped once.
        self.assertContains(r, 'content="&lt;script&gt;alert(&quot;script&quot;)&lt;/script&gt;')

    @override_settings(SITE_NAME='<b>"みんなの"通信簿</b>')
    def test_it_fills_in_placeholders_escaped(self) -> None:
        html = render_markdown("{{ SITE_NAME }}へようこそ。{{N_MIN}}票から")
        self.assertIn("&lt;b&gt;&quot;みんなの&quot;通信簿&lt;/b&gt;へようこそ。5票から", html)
