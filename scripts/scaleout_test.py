"""Scale-out test: two gunicorn servers on one PostgreSQL database and one Redis.

`make test-scaleout` runs it. It creates a throwaway database, migrates it and
seeds a tiny dataset, starts servers A and B (DEBUG off, REDIS_URL set, a key
prefix of their own; B also reads through the replica router with the primary
as its "replica"), then a client alternating between them checks that what one
server does holds on the other:

- a vote on A is counted on B's pledge page;
- a rate limit reached through A and B together refuses on both;
- a login made on A is valid on B (the same session cookie);
- cached pages (the 新着記事 box, the home page) invalidated by a write on A
  are fresh on B;
- a proof-of-work solution spent on A is refused by B.

One line per check; exit status 1 when any fails. The servers, the database
and the Redis keys are removed whatever happens. PG_SERVER (default
postgres://postgres@127.0.0.1:5432) and SCALEOUT_REDIS_URL (default
redis://127.0.0.1:6379/0) choose the services.
"""

from __future__ import annotations

import base64
import datetime
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import altcha
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import PG_SERVER, create_postgres, drop_postgres, free_port  # noqa: E402

PYTHON = sys.executable
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL") or "redis://127.0.0.1:6379/0"
PASSWORD = "correct horse battery staple 42"  # tsushinbo.testing.PASSWORD
PLEDGE_LIMIT = 4  # VOTE_PLEDGE_RATE_LIMIT per network key and pledge for this run
POINTS_GOOD = re.compile(r'class="points-good">支持 <strong>(\d+)P</strong>')

SEED = """
from tsushinbo.accounts.permissions import Role
from tsushinbo.testing import make_pledge, make_politician, make_user
politician = make_politician(family_name="拡張", given_name="検証")
pledges = [make_pledge(politician=politician) for _ in range(4)]
make_user("scaleout", "スケール検証", Role.MEMBER, Role.TRUSTED)
print(politician.pk, *[pledge.pk for pledge in pledges])
"""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> dict[str, object]:
        result: dict[str, object] = json.loads(self.body)
        return result


@dataclass
class Client:
    """One browser: a cookie jar shared by both servers (same host, other port)."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, port: int, method: str, path: str, data: dict[str, str] | None = None, **headers: str
    ) -> Response:
        body = urllib.parse.urlencode(data or {}) if method == "POST" else None
        send = {"Host": "127.0.0.1", "User-Agent": "scaleout-test/1.0"} | headers
        if self.cookies:
            send["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method == "POST":
            send["Content-Type"] = "application/x-www-form-urlencoded"
            send["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            send["Referer"] = f"http://127.0.0.1:{port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=send)
            answer = connection.getresponse()
            self._remember(answer.headers.get_all("Set-Cookie") or [])
            text = answer.read().decode("utf-8", "replace")
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, text)
        finally:
            connection.close()

    def _remember(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


@dataclass
class Run:
    database_url: str
    key_prefix: str
    servers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    failures: int = 0

    def environment(self, *, replica: bool) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"}
        }
        env |= {
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL": "false",
            "STATIC_MANIFEST": "false",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": self.key_prefix,
            "POW_COST": "50",
            "VOTE_PLEDGE_RATE_LIMIT": f"{PLEDGE_LIMIT}/h",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "TASKS_BACKEND": "immediate",
            # Refused requests are expected here; whitenoise warns that
            # collectstatic has not run (the servers do not serve static files).
            "LOG_LEVEL": "ERROR",
            "PYTHONWARNINGS": "ignore::UserWarning",
        }
        if replica:
            env["DATABASE_REPLICA_URL"] = self.database_url
        return env

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.environment(replica=False),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-2000:]}")
        return result.stdout

    def start_server(self, port: int, *, replica: bool) -> None:
        command = [PYTHON, "-m", "gunicorn", "tsushinbo.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"]
        log = Path(tempfile.gettempdir()) / f"{self.key_prefix}-{port}.log"
        self.logs.append(log)
        with log.open("wb") as output:
            self.servers.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=self.environment(replica=replica),
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            )

    def stop_servers(self) -> None:
        for server in self.servers:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
        for server in self.servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        for log in self.logs:
            if self.failures:
                lines = log.read_text(errors="replace").splitlines()[-30:]
                print(f"--- last lines of {log.name} ---", *lines, sep="\n")
            log.unlink(missing_ok=True)

    def cache_keys(self, pattern: str) -> int:
        connection = redis.Redis.from_url(REDIS_URL)
        try:
            return sum(1 for _ in connection.scan_iter(match=f"{self.key_prefix}:*:{pattern}"))
        finally:
            connection.close()

    def check(self, name: str, passed: bool, detail: str) -> None:
        print(f"{'ok  ' if passed else 'FAIL'} {name}: {detail}", flush=True)
        if not passed:
            self.failures += 1


SECRET_KEY = secrets.token_urlsafe(50)


def wait_healthy(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Client().request(port, "GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not answer /healthz")


@contextmanager
def throwaway_database() -> Iterator[str]:
    name = f"tsushinbo_scaleout_{datetime.datetime.now():%Y%m%d%H%M%S}_{os.getpid()}"
    url = f"{PG_SERVER}/{name}"
    create_postgres(url)
    try:
        yield url
    finally:
        drop_postgres(url)


@contextmanager
def redis_key_prefix() -> Iterator[str]:
    prefix = f"scaleout-{secrets.token_hex(6)}"
    connection = redis.Redis.from_url(REDIS_URL)
    connection.ping()
    try:
        yield prefix
    finally:
        keys = list(connection.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            connection.delete(*keys)
        connection.close()


def solved_payload(client: Client, port: int) -> str:
    """Fetch a challenge from the server and solve it as the ALTCHA widget would."""
    challenge = altcha.Challenge.from_dict(
        client.request(port, "GET", "/integrity/challenge/").json()
    )
    solution = altcha.solve_challenge(challenge)
    if solution is None:
        raise RuntimeError("proof-of-work challenge not solved")
    payload = altcha.Payload(challenge, solution).to_dict()
    return base64.b64encode(json.dumps(payload).encode()).decode()


def vote(client: Client, port: int, pledge: int, payload: str) -> Response:
    client.request(port, "GET", f"/pledges/{pledge}/")  # the form's CSRF cookie
    data = {"polarity": "good", "reason": "clarity", "altcha": payload}
    return client.request(port, "POST", f"/pledges/{pledge}/vote/", data, Accept="application/json")


def good_points(client: Client, port: int, pledge: int) -> int | None:
    match = POINTS_GOOD.search(client.request(port, "GET", f"/pledges/{pledge}/").body)
    return int(match[1]) if match else None


def check_vote(run: Run, a: int, b: int, pledge: int) -> None:
    client = Client()
    before = good_points(client, b, pledge)
    answer = vote(client, a, pledge, solved_payload(client, a))
    after = good_points(client, b, pledge)
    run.check(
        "vote on A is visible on B",
        answer.status == 200 and before == 0 and after == 1,
        f"A answered {answer.status}; B showed {before}P before, {after}P after",
    )


def check_proof_of_work(run: Run, a: int, b: int, pledges: list[int]) -> None:
    client = Client()
    payload = solved_payload(client, a)
    first = vote(client, a, pledges[0], payload)
    replay = vote(client, b, pledges[1], payload)
    refused = replay.status == 400 and "すでに使われています" in str(replay.json().get("error"))
    run.check(
        "proof of work spent on A is refused by B",
        first.status == 200 and refused,
        f"A answered {first.status}, B answered {replay.status}",
    )


def check_rate_limit(run: Run, a: int, b: int, pledge: int) -> None:
    """Every attempt counts, so attempts without a proof fill the per-pledge limit."""
    client = Client()
    statuses = [vote(client, (a, b)[i % 2], pledge, "").status for i in range(PLEDGE_LIMIT)]
    over_a = vote(client, a, pledge, "").status
    over_b = vote(client, b, pledge, "").status
    run.check(
        "rate limit reached through A and B holds on both",
        all(status == 400 for status in statuses) and over_a == 429 and over_b == 429,
        f"{PLEDGE_LIMIT} attempts alternating A/B answered {statuses}; then A {over_a}, B {over_b}",
    )


def login(client: Client, port: int) -> Response:
    client.request(port, "GET", "/accounts/login/")
    data = {"login": "scaleout@example.org", "password": PASSWORD}
    return client.request(port, "POST", "/accounts/login/", data)


def check_login(run: Run, a: int, b: int) -> Client:
    client = Client()
    answer = login(client, a)
    me = client.request(b, "GET", "/me/")
    run.check(
        "login on A is valid on B",
        answer.status == 302 and me.status == 200 and "スケール検証" in me.body,
        f"A answered {answer.status} to the login; B answered {me.status} to /me/",
    )
    return client


def check_cached_box(run: Run, a: int, b: int, member: Client, politician: int) -> None:
    reader = Client()
    title = f"拡張試験の活動報告 {secrets.token_hex(3)}"
    warm = title in reader.request(b, "GET", "/about/").body  # B caches the 新着記事 box
    cached = run.cache_keys("news:box:*")
    member.request(a, "GET", f"/politicians/{politician}/activities/new/")
    data = {
        "title": title,
        "date": datetime.date.today().isoformat(),
        "body": "二台目のサーバーでも新着記事に出ることを確かめます。",
        "source_url": "https://example.com/scaleout",
    }
    posted = member.request(a, "POST", f"/politicians/{politician}/activities/new/", data)
    fresh = title in reader.request(b, "GET", "/about/").body
    run.check(
        "cached 新着記事 box invalidated by a write on A is fresh on B",
        not warm and cached > 0 and posted.status == 302 and fresh,
        f"B cached the box ({cached} Redis key); A answered {posted.status} to the report; "
        f"B's box shows it: before {warm}, after {fresh}",
    )


def check_cached_home(run: Run, a: int, b: int, member: Client, politician: int) -> None:
    reader = Client()
    title = f"拡張試験の公約 {secrets.token_hex(3)}"
    warm = title in reader.request(b, "GET", "/").body  # B caches the anonymous home page
    cached = run.cache_keys("home:body:*")
    path = f"/pledges/new/?politician={politician}"
    member.request(a, "GET", path)
    data = {"title": title, "source_url": "https://example.com/scaleout-pledge"}
    posted = member.request(a, "POST", path, data)
    fresh = title in reader.request(b, "GET", "/").body
    run.check(
        "cached home page invalidated by a new pledge on A is fresh on B",
        not warm and cached > 0 and posted.status == 302 and fresh,
        f"B cached the page ({cached} Redis key); A answered {posted.status} to the pledge; "
        f"B's home page shows it: before {warm}, after {fresh}",
    )


def run_checks(run: Run, a: int, b: int, politician: int, pledges: list[int]) -> None:
    checks: list[Callable[[], object]] = [
        lambda: check_vote(run, a, b, pledges[0]),
        lambda: check_proof_of_work(run, a, b, pledges[1:3]),
        lambda: check_rate_limit(run, a, b, pledges[3]),
    ]
    for check in checks:
        check()
    member = check_login(run, a, b)
    check_cached_box(run, a, b, member, politician)
    check_cached_home(run, a, b, member, politician)


def main() -> int:
    started = time.monotonic()
    with throwaway_database() as database_url, redis_key_prefix() as prefix:
        run = Run(database_url, prefix)
        try:
            run.manage("migrate", "--noinput")
            politician, *pledges = (
                int(pk) for pk in run.manage("shell", "--no-imports", "-c", SEED).split()
            )
            a, b = free_port(), free_port()
            run.start_server(a, replica=False)
            run.start_server(b, replica=True)
            wait_healthy(a)
            wait_healthy(b)
            print(
                f"servers A :{a} and B :{b} up after {time.monotonic() - started:.1f}s "
                "(B reads through the replica router)",
                flush=True,
            )
            run_checks(run, a, b, politician, pledges)
        except Exception as error:
            print(f"FAIL setup or check crashed: {error!r}", flush=True)
            run.failures += 1
        finally:
            run.stop_servers()
    outcome = "passed" if run.failures == 0 else f"{run.failures} failed"
    print(f"scale-out test {outcome} in {time.monotonic() - started:.1f}s")
    return 0 if run.failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
