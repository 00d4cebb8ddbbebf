"""`make bench`: build the demo data, serve it with gunicorn, load each path with wrk.

    .venv/bin/python bench/run.py --scale small --engine sqlite --duration 2
    .venv/bin/python bench/run.py --scale nation --engine both            # make bench
    .venv/bin/python bench/run.py --scale large --engine postgres --skip-build

Per path it prints req/s, p50/p95/p99, the non-2xx count and the ratio to the
bare-list baseline (/_bench/list), then checks the vote counters with
`recount_votes --dry-run`, measures the gunicorn workers' RSS and writes the
table to docs/performance.md (one section per scale and engine).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, report

SAMPLE = 2000
VOTE_BODIES = [
    f"polarity={polarity}&reason={reason}"
    for polarity in ("good", "bad")
    for reason in ("clarity", "feasibility", "sincerity", "other")
]


@dataclass
class Target:
    """One row of the table: a name, the requests wrk rotates over, and its kind."""

    name: str
    lines: list[str]
    kind: str  # "baseline", "page", "search", "api", "vote"


def sample_ids() -> dict[str, list[int]]:
    from tsushinbo.activities.models import ActivityReport
    from tsushinbo.pledges.models import Pledge
    from tsushinbo.politicians.models import Politician

    def ids(queryset) -> list[int]:  # type: ignore[no-untyped-def]
        return list(queryset.order_by("?").values_list("pk", flat=True)[:SAMPLE])

    return {
        "politician": ids(Politician.objects.all()),
        "pledge": ids(Pledge.objects.visible()),
        "activity": ids(ActivityReport.objects.public()),
    }


def targets(found: dict[str, list[int]]) -> list[Target]:
    def get(template: str, key: str) -> list[str]:
        return [f"GET {template.format(pk)}" for pk in found[key]] or [f"GET {template.format(0)}"]

    votes = [
        f"POST /pledges/{pk}/vote/ {VOTE_BODIES[i % len(VOTE_BODIES)]}"
        for i, pk in enumerate(found["pledge"])
    ]
    return [
        Target("hello-world baseline", ["GET /_bench/hello"], "baseline"),
        Target("bare 20-row list baseline", ["GET /_bench/list"], "baseline"),
        Target("/", ["GET /"], "cached"),
        Target("/politicians/?prefecture=13", ["GET /politicians/?prefecture=13"], "page"),
        Target("/politicians/<id>/", get("/politicians/{}/", "politician"), "page"),
        Target("/pledges/<id>/", get("/pledges/{}/", "pledge"), "page"),
        Target("/activities/<id>/", get("/activities/{}/", "activity"), "page"),
        Target(
            "/rankings/pledges/?by=overall&period=30d",
            ["GET /rankings/pledges/?by=overall&period=30d"],
            "page",
        ),
        Target("/search/?q=防衛", ["GET /search/?q=%E9%98%B2%E8%A1%9B"], "search"),
        Target("/api/v1/pledges/<id>", get("/api/v1/pledges/{}", "pledge"), "api"),
        Target("POST /pledges/<id>/vote/", votes or ["POST /pledges/0/vote/ x=1"], "vote"),
    ]


def probe(base_url: str, path: str) -> int:
    """The status of one GET without following redirects (0 when unreachable)."""
    host, port = base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    except OSError:
        return 0
    finally:
        conn.close()


def available(base_url: str, target: Target) -> str:
    """ "" when the path answers; otherwise why it is skipped."""
    method, path = target.lines[0].split()[:2]
    if method == "POST":
        path = path.removesuffix("vote/")
    code = probe(base_url, path)
    if code in (200, 301, 302) and method == "POST":
        return ""
    if code == 200:
        return ""
    return f"not available ({code})"


def vote_count() -> int:
    from tsushinbo.ratings.models import Vote

    return Vote.objects.count()


def measure(args: argparse.Namespace, server: common.Server) -> list[report.Row]:
    from django.db import connections

    found = sample_ids()
    connections.close_all()
    token = common.csrf_token()
    rows: list[report.Row] = []
    for target in targets(found):
        reason = available(server.base_url, target)
        if reason:
            rows.append(report.Row(target.name, target.kind, None, reason))
            print(f"{target.name:45} {reason}", flush=True)
            continue
        path = common.write_requests(f"{len(rows)}", target.lines)
        before = vote_count() if target.kind == "vote" else 0
        connections.close_all()
        result = common.run_wrk(
            server.base_url,
            path,
            duration=args.duration,
            connections=args.connections,
            threads=args.threads,
            token=token,
        )
        note = ""
        if target.kind == "vote":
            stored = vote_count() - before
            connections.close_all()
            note = f"{stored} votes stored for {result.s2} answered 2xx"
        rows.append(report.Row(target.name, target.kind, result, note))
        print(report.line(rows[-1], rows), flush=True)
    return rows


def bench_engine(args: argparse.Namespace, engine: str) -> bool:
    """Bench one engine; False when a request failed (4xx, 5xx, socket) or counters drifted."""
    if args.skip_build:
        db_url, timings = common.ensure_built(engine, args.scale)
    else:
        db_url = common.database_url(engine, args.scale)
        print(f"== building {args.scale} data on {engine} ({db_url})", flush=True)
        timings = common.build(engine, args.scale, db_url)
    print(f"== build: migrate {timings['migrate']:.1f} s, seed {timings['seed']:.1f} s", flush=True)
    env = common.server_env(db_url)
    common.manage(env, "collectstatic", "--noinput", "-v0", quiet=True)
    common.use_database(db_url)
    server = common.Server(db_url, workers=args.workers, log_name=f"gunicorn-{engine}.log")
    load = os.getloadavg()[0]
    server.start()
    try:
        print(
            f"== serving on {server.base_url}, {args.workers} sync workers, cache {server.cache}",
            flush=True,
        )
        print(report.HEADER, flush=True)
        rows = measure(args, server)
        rss = server.worker_rss()
    finally:
        server.stop()
    exact, drift = common.recount(db_url)
    summary = report.Summary(
        scale=args.scale,
        engine=engine,
        date=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=common.machine(),
        duration=args.duration,
        connections=args.connections,
        workers=args.workers,
        cache=server.cache,
        load=load,
        build=timings,
        rss=rss,
        recount=drift,
        counts=report.data_counts(),
    )
    print(report.footer(summary), flush=True)
    if not args.no_docs:
        report.write_docs(summary, rows)
        print("== table written to docs/performance.md", flush=True)
    failed = [row.name for row in rows if row.result is not None and row.result.errors]
    if failed:
        print(f"== FAIL: failed requests on {', '.join(failed)}", flush=True)
    return exact and not failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", default="small", choices=["small", "medium", "large", "nation"])
    parser.add_argument("--engine", default="sqlite", choices=[*common.ENGINES, "both"])
    parser.add_argument("--duration", type=float, default=10, help="seconds per path")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-build", action="store_true", help="reuse the built database")
    parser.add_argument("--no-docs", action="store_true", help="do not touch docs/performance.md")
    args = parser.parse_args()
    if args.engine == "both":
        # Django is configured once per process: one child per engine.
        for engine in common.ENGINES:
            command = [sys.executable, __file__, *sys.argv[1:], "--engine", engine]
            if subprocess.run(command).returncode != 0:
                sys.exit(1)
        return
    started = time.monotonic()
    ok = bench_engine(args, args.engine)
    print(f"== done in {time.monotonic() - started:.0f} s", flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
