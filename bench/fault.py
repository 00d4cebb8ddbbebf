"""`make fault-test`: votes stream in while gunicorn workers and the master are killed -9.

    .venv/bin/python bench/fault.py --engine sqlite --duration 30
    .venv/bin/python bench/fault.py --engine both

Client threads POST anonymous votes, each with its own voter cookie (so each
is a distinct voter whose key the script can compute). During the run the
script kills one worker, then the other, then the master with SIGKILL, and
starts a new master on the same port. Afterwards it checks:

- every vote answered 2xx is stored exactly once, on the right pledge;
- the counters equal the votes (`recount_votes --dry-run --fail-on-drift`);
- no 5xx and no "database is locked" reached a client (or the server log).

Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

USER_AGENT = "tsushinbo-fault-test/1"
# gunicorn's sync workers look for a dead master only when no connection is
# waiting, so under a steady stream orphans keep serving; systemd
# (KillMode=control-group) would kill them with the master's unit.
ORPHAN_GRACE = 5.0


@dataclass
class Attempt:
    cookie_id: str
    pledge_id: int
    status: int  # 0: no answer (connection refused or reset)
    locked: bool = False


@dataclass
class Stream:
    """Client threads posting votes until stopped."""

    port: int
    pledges: list[int]
    token: str
    run_id: str = field(default_factory=lambda: secrets.token_hex(4))
    attempts: list[Attempt] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    counter: itertools.count[int] = field(default_factory=itertools.count)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def post(self, number: int) -> Attempt:
        from django.core import signing

        from tsushinbo.integrity.voters import COOKIE_SALT, VOTER_COOKIE

        cookie_id = f"fault-{self.run_id}-{number}"
        signed = signing.get_cookie_signer(salt=VOTER_COOKIE + COOKIE_SALT).sign(cookie_id)
        pledge = self.pledges[number % len(self.pledges)]
        body = f"polarity={'good' if number % 3 else 'bad'}&reason=clarity"
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            "Cookie": f"csrftoken={self.token}; {VOTER_COOKIE}={signed}",
            "X-CSRFToken": self.token,
        }
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("POST", f"/pledges/{pledge}/vote/", body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            return Attempt(cookie_id, pledge, response.status, "database is locked" in text)
        except OSError:
            return Attempt(cookie_id, pledge, 0)
        finally:
            conn.close()

    def run(self) -> None:
        while not self.stop.is_set():
            attempt = self.post(next(self.counter))
            with self.lock:
                self.attempts.append(attempt)
            if attempt.status == 0:
                time.sleep(0.05)  # the server is down: do not spin


def voter_key(cookie_id: str) -> str:
    """The key the server derives for this cookie, computed by the same code."""
    from django.contrib.auth.models import AnonymousUser
    from django.core import signing
    from django.test import RequestFactory

    from tsushinbo.integrity.voters import COOKIE_SALT, VOTER_COOKIE, voter_for

    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT=USER_AGENT)
    signed = signing.get_cookie_signer(salt=VOTER_COOKIE + COOKIE_SALT).sign(cookie_id)
    request.COOKIES[VOTER_COOKIE] = signed
    request.user = AnonymousUser()
    return voter_for(request).key


def wait_gone(pids: list[int], timeout: float) -> list[int]:
    """The pids still alive after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [pid for pid in pids if common.rss_mb(pid) > 0]
        if not alive:
            return []
        time.sleep(0.2)
    return [pid for pid in pids if common.rss_mb(pid) > 0]


def kill_sequence(server: common.Server, duration: float, log: list[str]) -> common.Server:
    """Kill a worker, the other worker, then the master; start a new master. The live server."""
    step = duration / 5
    for number in (1, 2):
        time.sleep(step)
        pid = server.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        log.append(f"t+{step * number:.0f}s kill -9 worker {pid}")
    time.sleep(step)
    assert server.process is not None
    workers = server.worker_pids()
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait()
    log.append(f"t+{step * 3:.0f}s kill -9 master {server.process.pid} (workers {workers})")
    leftover = wait_gone(workers, ORPHAN_GRACE)
    for pid in leftover:
        os.kill(pid, signal.SIGKILL)  # our own orphaned workers, by pid
    if leftover:
        log.append(f"orphaned workers still serving after {ORPHAN_GRACE:g} s, killed: {leftover}")
    wait_gone(leftover, 5)
    started = time.monotonic()
    restarted = common.Server(
        server.db_url, workers=server.workers, port=server.port, log_name=server.log_name
    )
    restarted.start()
    pid = restarted.process.pid if restarted.process else 0
    log.append(f"new master {pid} serving after {time.monotonic() - started:.1f} s")
    time.sleep(step)
    return restarted


def check(attempts: list[Attempt]) -> tuple[list[str], bool]:
    from django.db.models import Count

    from tsushinbo.ratings.models import Vote

    statuses = Counter(attempt.status for attempt in attempts)
    keys = {voter_key(attempt.cookie_id): attempt for attempt in attempts}
    stored: dict[str, tuple[int, int]] = {}
    key_list = list(keys)
    for start in range(0, len(key_list), 500):
        rows = (
            Vote.objects.filter(voter_key__in=key_list[start : start + 500])
            .values("voter_key", "pledge_id")
            .annotate(n=Count("id"))
        )
        for row in rows:
            stored[row["voter_key"]] = (row["pledge_id"], row["n"])
    answered = [key for key, attempt in keys.items() if 200 <= attempt.status < 300]
    exact = sum(1 for key in answered if stored.get(key) == (keys[key].pledge_id, 1))
    unanswered = [key for key, attempt in keys.items() if attempt.status == 0]
    unanswered_stored = sum(1 for key in unanswered if key in stored)
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    refused = sum(count for status, count in statuses.items() if 400 <= status < 500)
    locked = sum(1 for attempt in attempts if attempt.locked)
    lines = [
        f"votes sent: {len(attempts)}; statuses: {dict(sorted(statuses.items()))}",
        f"answered 2xx: {len(answered)}; stored exactly once on the right pledge: {exact}",
        f"no answer (server down or killed mid-request): {len(unanswered)}, "
        f"of which stored: {unanswered_stored}",
        f"5xx answers: {server_errors}; 4xx answers: {refused}; "
        f"'database is locked' in answers: {locked}",
    ]
    ok = exact == len(answered) and server_errors == 0 and refused == 0 and locked == 0
    return lines, ok


def fault_engine(args: argparse.Namespace, engine: str) -> bool:
    db_url, _timings = common.ensure_built(engine, args.scale)
    common.use_database(db_url)
    from django.db import connections

    from tsushinbo.pledges.models import Pledge

    pledges = list(Pledge.objects.visible().order_by("?").values_list("pk", flat=True)[:2000])
    connections.close_all()
    log_name = f"gunicorn-fault-{engine}.log"
    (common.VAR / log_name).unlink(missing_ok=True)
    server = common.Server(db_url, workers=args.workers, log_name=log_name)
    server.start()
    print(f"== {engine}: {args.clients} clients voting for {args.duration:g} s", flush=True)
    stream = Stream(server.port, pledges, common.csrf_token())
    threads = [threading.Thread(target=stream.run) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    events: list[str] = []
    try:
        server = kill_sequence(server, args.duration, events)
    finally:
        stream.stop.set()
        for thread in threads:
            thread.join()
        server.stop()
    for event in events:
        print(f"   {event}", flush=True)
    lines, ok = check(stream.attempts)
    log_text = (common.VAR / log_name).read_text(errors="replace")
    log_locked = log_text.count("database is locked")
    lines.append(f"'database is locked' in the server log: {log_locked}")
    exact, last = common.recount(db_url)
    lines.append(f"recount_votes --dry-run: {last}")
    ok = ok and log_locked == 0 and exact
    for text in lines:
        print(f"   {text}", flush=True)
    print(f"== {engine}: {'PASS' if ok else 'FAIL'}", flush=True)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--engine", default="both", choices=[*common.ENGINES, "both"])
    parser.add_argument("--scale", default="small", help="demo data to build if not built")
    parser.add_argument("--duration", type=float, default=30, help="seconds of voting")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.engine == "both":
        results = []
        for engine in common.ENGINES:
            command = [sys.executable, __file__, *sys.argv[1:], "--engine", engine]
            results.append(subprocess.run(command).returncode == 0)
        sys.exit(0 if all(results) else 1)
    sys.exit(0 if fault_engine(args, args.engine) else 1)


if __name__ == "__main__":
    main()
