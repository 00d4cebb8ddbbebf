"""`make soak`: a bounded mixed load at ~70% of capacity; errors and memory growth.

    .venv/bin/python bench/soak.py                       # 10 minutes, SQLite, small data
    .venv/bin/python bench/soak.py --duration 60 --engine postgres --rate 200

The mix: page reads, searches, anonymous votes and anonymous comments (each a
new voter; no proof of work and no rate limits under bench settings). Without
--rate, the mix first runs flat out for 10 s and the soak targets 70% of that.
wrk runs in slices (default 30 s); between slices the per-connection delay is
adjusted towards the target rate and the workers' RSS is sampled. Passes when
no request failed (no 4xx, 5xx or socket error) and the workers' RSS grew by
at most 10% from the first slice to the last. Exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common
from bench.run import VOTE_BODIES, probe, sample_ids

CAPACITY_SECONDS = 10
LOAD_SHARE = 0.7
RSS_GROWTH_LIMIT = 0.10
MIX_LINES = 4000
# Share of each kind of request in the mix.
WEIGHTS = {"read": 60, "search": 15, "vote": 20, "comment": 5}
SEARCH_WORDS = ["%E9%98%B2%E8%A1%9B", "%E6%B8%9B%E7%A8%8E", "%E5%AD%90%E8%82%B2%E3%81%A6"]


def mix(base_url: str, found: dict[str, list[int]]) -> tuple[list[str], dict[str, int]]:
    """The requests of the soak in a fixed random order, and how many of each kind."""
    rng = random.Random(1)
    reads = ["GET /", "GET /politicians/?prefecture=13", "GET /politicians/"]
    reads += [f"GET /politicians/{pk}/" for pk in found["politician"][:500]]
    reads += [f"GET /pledges/{pk}/" for pk in found["pledge"][:500]]
    reads += [f"GET /activities/{pk}/" for pk in found["activity"][:200]]
    searches = [f"GET /search/?q={word}" for word in SEARCH_WORDS]
    if probe(base_url, searches[0].split()[1]) != 200:
        print("   /search/ not available: its share goes to page reads", flush=True)
        searches = []
    pledges = found["pledge"] or [0]
    kinds = [kind for kind in WEIGHTS if kind != "search" or searches]
    weights = [WEIGHTS[kind] for kind in kinds]
    lines, counts = [], dict.fromkeys(kinds, 0)
    for number in range(MIX_LINES):
        kind = rng.choices(kinds, weights)[0]
        counts[kind] += 1
        pledge = rng.choice(pledges)
        if kind == "read":
            lines.append(rng.choice(reads))
        elif kind == "search":
            lines.append(rng.choice(searches))
        elif kind == "vote":
            lines.append(f"POST /pledges/{pledge}/vote/ {VOTE_BODIES[number % len(VOTE_BODIES)]}")
        else:
            lines.append(f"POST /pledges/{pledge}/comments/ nickname=soak&body=soak+test+{number}")
    return lines, counts


def soak(args: argparse.Namespace) -> bool:
    db_url, _timings = common.ensure_built(args.engine, args.scale)
    common.manage(common.server_env(db_url), "collectstatic", "--noinput", "-v0", quiet=True)
    common.use_database(db_url)
    from django.db import connections

    found = sample_ids()
    connections.close_all()
    server = common.Server(
        db_url, workers=args.workers, log_name=f"gunicorn-soak-{args.engine}.log"
    )
    server.start()
    try:
        return drive(args, server, found)
    finally:
        server.stop()


def drive(args: argparse.Namespace, server: common.Server, found: dict[str, list[int]]) -> bool:
    lines, counts = mix(server.base_url, found)
    requests_file = common.write_requests("soak", lines)
    token = common.csrf_token()
    print(f"== mix of {len(lines)} requests: {counts}", flush=True)

    def load(seconds: float, delay_ms: float) -> common.WrkResult:
        return common.run_wrk(
            server.base_url,
            requests_file,
            duration=seconds,
            connections=args.connections,
            threads=2,
            token=token,
            delay_ms=delay_ms,
        )

    rate = args.rate
    if not rate:
        capacity = load(CAPACITY_SECONDS, 0)
        rate = LOAD_SHARE * capacity.rate
        print(f"== capacity {capacity.rate:.0f} req/s; soak at {rate:.0f} req/s", flush=True)
    delay_ms = max(0.0, args.connections / rate * 1000 - 5)
    errors = 0
    total = 0
    statuses = {"2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, "socket": 0}
    rss_first: list[float] = []
    pids_first = server.worker_pids()
    started = time.monotonic()
    while (left := args.duration - (time.monotonic() - started)) >= 1:
        result = load(min(args.slice, left), delay_ms)
        rss = server.worker_rss()
        rss_first = rss_first or rss
        total += result.requests
        errors += result.errors
        for key, value in zip(
            statuses,
            (result.s2, result.s3, result.s4, result.s5, result.socket_errors),
            strict=True,
        ):
            statuses[key] += value
        print(
            f"   t={time.monotonic() - started:4.0f}s {result.rate:6.0f} req/s "
            f"p95 {result.p95_ms:6.1f} ms errors {result.errors} "
            f"delay {delay_ms:5.1f} ms RSS {', '.join(f'{v:.0f}' for v in rss)} MiB",
            flush=True,
        )
        if result.rate > 0:
            # Per connection: one request every connections/rate seconds.
            delay_ms = max(
                0.0, delay_ms + (args.connections / rate - args.connections / result.rate) * 1000
            )
    rss_last = server.worker_rss()
    growth = (sum(rss_last) - sum(rss_first)) / sum(rss_first) if rss_first else 0.0
    same_workers = server.worker_pids() == pids_first
    elapsed = time.monotonic() - started
    print(f"== soak: {total} requests in {elapsed:.0f} s ({total / elapsed:.0f} req/s)")
    print(f"   statuses: {statuses}; errors: {errors}")
    print(
        f"   worker RSS: first slice {', '.join(f'{v:.0f}' for v in rss_first)} MiB, "
        f"end {', '.join(f'{v:.0f}' for v in rss_last)} MiB, growth {growth:+.1%} "
        f"(limit {RSS_GROWTH_LIMIT:.0%}); workers {'unchanged' if same_workers else 'RESTARTED'}"
    )
    ok = errors == 0 and growth <= RSS_GROWTH_LIMIT and same_workers
    print(f"== soak: {'PASS' if ok else 'FAIL'}", flush=True)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--engine", default="sqlite", choices=common.ENGINES)
    parser.add_argument("--scale", default="small", help="demo data to build if not built")
    parser.add_argument("--duration", type=float, default=600, help="seconds (default 600)")
    parser.add_argument("--rate", type=float, default=0, help="req/s; default 70%% of capacity")
    parser.add_argument("--slice", type=float, default=30, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sys.exit(0 if soak(args) else 1)


if __name__ == "__main__":
    main()
