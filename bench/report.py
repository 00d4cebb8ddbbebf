"""The bench table: printed lines, target checks and the docs/performance.md section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bench import common

DOCS = common.ROOT / "docs" / "performance.md"
HEADER = (
    f"{'path':45} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
    f"{'non-2xx':>8} {'×list':>6}  target"
)
PAGE_P95_MS = 50.0
SEARCH_P95_MS = 100.0
MIN_RATIO = 0.5
RSS_LIMIT_MB = 250.0
BUILD_LIMIT_S = 15 * 60


@dataclass
class Row:
    name: str
    kind: str
    result: common.WrkResult | None
    note: str = ""


@dataclass
class Summary:
    scale: str
    engine: str
    date: str
    machine: str
    duration: float
    connections: int
    workers: int
    cache: str
    load: float
    build: dict[str, float]
    rss: list[float]
    recount: str
    counts: dict[str, int]


def baseline(rows: list[Row], name: str) -> float:
    for row in rows:
        if row.name.startswith(name) and row.result is not None:
            return row.result.rate
    return 0.0


def verdict(row: Row, rows: list[Row]) -> str:
    """ "ok" or what is missed, against the targets of issue 10 / SPEC §7."""
    result = row.result
    if result is None or row.kind == "baseline":
        return ""
    misses = []
    if row.kind == "cached":
        hello = baseline(rows, "hello-world")
        if hello and result.rate < MIN_RATIO * hello:
            misses.append(f"<{MIN_RATIO}× hello ({result.rate / hello:.2f}×)")
    else:
        bare = baseline(rows, "bare")
        if bare and result.rate < MIN_RATIO * bare:
            misses.append(f"<{MIN_RATIO}× list")
    limit = SEARCH_P95_MS if row.kind == "search" else PAGE_P95_MS
    if row.kind != "vote" and result.p95_ms > limit:
        misses.append(f"p95>{limit:.0f}ms")
    if result.non_2xx:
        misses.append("non-2xx")
    return "MISSED " + ", ".join(misses) if misses else "ok"


def cells(row: Row, rows: list[Row]) -> list[str]:
    result = row.result
    if result is None:
        return [row.name, "", "", "", "", "", "", row.note]
    bare = baseline(rows, "bare")
    ratio = f"{result.rate / bare:.2f}" if bare else "–"
    return [
        row.name,
        f"{result.rate:.0f}",
        f"{result.p50_ms:.1f}",
        f"{result.p95_ms:.1f}",
        f"{result.p99_ms:.1f}",
        str(result.non_2xx),
        ratio,
        " ".join(part for part in (verdict(row, rows), row.note) if part),
    ]


def line(row: Row, rows: list[Row]) -> str:
    c = cells(row, rows)
    return f"{c[0]:45} {c[1]:>8} {c[2]:>7} {c[3]:>7} {c[4]:>7} {c[5]:>8} {c[6]:>6}  {c[7]}"


def data_counts() -> dict[str, int]:
    from tsushinbo.activities.models import ActivityReport
    from tsushinbo.comments.models import Comment
    from tsushinbo.pledges.models import Pledge
    from tsushinbo.politicians.models import Politician
    from tsushinbo.ratings.models import Vote

    return {
        "politicians": Politician.objects.count(),
        "pledges": Pledge.objects.count(),
        "votes": Vote.objects.count(),
        "activity reports": ActivityReport.objects.count(),
        "comments": Comment.objects.count(),
    }


def footer(summary: Summary) -> str:
    build = summary.build
    total = build.get("migrate", 0) + build.get("seed", 0)
    build_note = ""
    if summary.scale == "nation":
        build_note = " ok" if total <= BUILD_LIMIT_S else f" MISSED (>{BUILD_LIMIT_S // 60} min)"
    rss = ", ".join(f"{value:.0f}" for value in summary.rss)
    rss_note = "ok" if summary.rss and max(summary.rss) <= RSS_LIMIT_MB else "MISSED"
    counts = ", ".join(f"{value:,} {name}" for name, value in summary.counts.items())
    return "\n".join(
        [
            f"data: {counts}",
            f"build: migrate {build.get('migrate', 0):.1f} s + seed {build.get('seed', 0):.1f} s"
            f" = {total:.1f} s{build_note}",
            f"gunicorn worker RSS after the run: {rss} MiB (limit {RSS_LIMIT_MB:.0f}) {rss_note}",
            f"recount_votes --dry-run: {summary.recount}",
        ]
    )


def markdown(summary: Summary, rows: list[Row]) -> str:
    head = "| path | req/s | p50 ms | p95 ms | p99 ms | non-2xx | × bare list | target |"
    table = [head, "|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        c = cells(row, rows)
        c[0] = f"`{c[0]}`" if c[0].startswith(("/", "POST")) else c[0]
        table.append("| " + " | ".join(c) + " |")
    body = [
        f"### Scale `{summary.scale}`, {summary.engine}",
        "",
        f"{summary.date} · {summary.machine} · gunicorn {summary.workers} sync workers, "
        f"cache {summary.cache} · load average {summary.load:.1f} at the start · "
        f"wrk {summary.connections} connections, {summary.duration:g} s per path, loopback",
        "",
        *table,
        "",
        "```",
        footer(summary),
        "```",
    ]
    return "\n".join(body)


def write_docs(summary: Summary, rows: list[Row]) -> None:
    """Replace (or add) this scale and engine's section between its markers."""
    start = f"<!-- bench:{summary.scale}:{summary.engine} -->"
    end = f"<!-- /bench:{summary.scale}:{summary.engine} -->"
    section = f"{start}\n{markdown(summary, rows)}\n{end}"
    text = DOCS.read_text() if DOCS.exists() else ""
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.write_text(text)
