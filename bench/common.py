"""Shared pieces of the bench, soak and fault scripts: databases, gunicorn, wrk.

Everything runs on 127.0.0.1 with throwaway databases: SQLite files under
var/bench/ and PostgreSQL databases named tsushinbo_bench_<scale> on
PG_SERVER (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
BIN = ROOT / ".venv" / "bin"
LUA = ROOT / "bench" / "lua" / "requests.lua"
PG_SERVER = os.environ.get("PG_SERVER", "postgres://postgres@127.0.0.1:5432").rstrip("/")
# Fixed so that signed cookies made by the scripts match the server's.
BENCH_SECRET_KEY = "bench-only-secret-key-never-used-in-production-0123456789abcdef"
ENGINES = ("sqlite", "postgres")
# Production shares its cache between workers through Redis (docs/deploy.md);
# the bench does too when this Redis answers, under a key prefix of its own.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def database_url(engine: str, scale: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{VAR / f'bench-{scale}.sqlite3'}"
    return f"{PG_SERVER}/tsushinbo_bench_{scale}"


def server_env(db_url: str) -> dict[str, str]:
    """Production settings (DEBUG off, persistent connections) plus the bench URLs."""
    env = dict(os.environ)
    for name in ("REDIS_URL", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "STATIC_MANIFEST"):
        env.pop(name, None)
    env |= {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": db_url,
        "DEBUG": "false",
        "SECURE_SSL": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "CONN_MAX_AGE": "600",
        "PYTHONPATH": str(ROOT),
    }
    return env


def redis_reachable() -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 2):
            return True
    except OSError:
        return False


def use_database(db_url: str) -> None:
    """Configure Django in this process for the bench database (call once, before setup)."""
    os.environ.update(server_env(db_url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def manage(env: dict[str, str], *args: str, quiet: bool = False) -> str:
    """Run manage.py with the bench environment; exit on failure.

    quiet: capture and return the output; otherwise it streams to the terminal.
    """
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=quiet,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(
            f"manage.py {' '.join(args)} failed:\n{result.stdout or ''}\n{result.stderr or ''}"
        )
    return result.stdout or ""


def recount(db_url: str) -> tuple[bool, str]:
    """`recount_votes --dry-run --fail-on-drift`: (no drift, its last line)."""
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", "recount_votes", "--dry-run", "--fail-on-drift"],
        cwd=ROOT,
        env=server_env(db_url),
        capture_output=True,
        text=True,
    )
    lines = (result.stdout.strip() or result.stderr.strip()).splitlines()
    return result.returncode == 0, lines[-1] if lines else "no output"


def drop_postgres(db_url: str) -> None:
    import psycopg
    from psycopg import sql

    name = db_url.rsplit("/", 1)[1]
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def create_postgres(db_url: str) -> None:
    import psycopg
    from psycopg import sql

    drop_postgres(db_url)
    name = db_url.rsplit("/", 1)[1]
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def fresh_database(engine: str, db_url: str) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    if engine == "sqlite":
        path = Path(db_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        create_postgres(db_url)


def build(engine: str, scale: str, db_url: str) -> dict[str, float]:
    """A new database with the demo data of `scale`; seconds taken per step."""
    env = server_env(db_url)
    fresh_database(engine, db_url)
    timings: dict[str, float] = {}
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    timings["migrate"] = time.monotonic() - started
    started = time.monotonic()
    manage(env, "seed_demo", "--scale", scale, "--seed", "1")
    timings["seed"] = time.monotonic() - started
    marker = VAR / f"built-{engine}-{scale}.json"
    marker.write_text(json.dumps(timings | {"at": time.strftime("%Y-%m-%d %H:%M:%S")}))
    return timings


def built_timings(engine: str, scale: str) -> dict[str, float] | None:
    marker = VAR / f"built-{engine}-{scale}.json"
    if not marker.exists():
        return None
    data = json.loads(marker.read_text())
    return {key: value for key, value in data.items() if key != "at"}


def ensure_built(engine: str, scale: str) -> tuple[str, dict[str, float]]:
    """The database URL of a built bench database (built now if missing) and its build times.

    A database built by older code gets the new migrations; `make bench-clean`
    starts over when the demo data itself changed.
    """
    db_url = database_url(engine, scale)
    timings = built_timings(engine, scale)
    if timings is None:
        print(f"== building {scale} data on {engine} ({db_url})", flush=True)
        return db_url, build(engine, scale, db_url)
    manage(server_env(db_url), "migrate", "--noinput", "-v0")
    return db_url, timings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Field 4 (after the parenthesised command, which may hold spaces) is the parent.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


@dataclass
class Server:
    """A gunicorn master with sync workers serving the bench settings on 127.0.0.1."""

    db_url: str
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log_name: str = "gunicorn.log"
    # A fresh cache namespace per server: nothing cached by an earlier run is served.
    cache_prefix: str = field(default_factory=lambda: f"tsushinbo-bench-{secrets.token_hex(4)}")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        VAR.mkdir(parents=True, exist_ok=True)
        log = (VAR / self.log_name).open("ab")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "tsushinbo.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--chdir",
                str(ROOT),
                # Several bench servers (and other gunicorns) share this machine.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            self.wait_ready(timeout)
        except SystemExit:
            self.stop()
            raise

    def env(self) -> dict[str, str]:
        env = server_env(self.db_url)
        if redis_reachable():
            env |= {"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": self.cache_prefix}
        return env

    @property
    def cache(self) -> str:
        return f"Redis {REDIS_URL}" if redis_reachable() else "LocMemCache (per worker)"

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                sys.exit(f"gunicorn exited early; see {VAR / self.log_name}")
            if (
                status(f"{self.base_url}/healthz") == 200
                and len(self.worker_pids()) >= self.workers
            ):
                return
            time.sleep(0.2)
        sys.exit(f"gunicorn did not answer /healthz within {timeout:.0f} s")

    def worker_pids(self) -> list[int]:
        return children(self.process.pid) if self.process else []

    def worker_rss(self) -> list[float]:
        return [rss_mb(pid) for pid in self.worker_pids()]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def status(url: str, timeout: float = 10) -> int:
    """The HTTP status of a GET (0 when the server cannot be reached)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return 0


def csrf_token() -> str:
    """A CSRF secret: sent as the csrftoken cookie and, unmasked, as X-CSRFToken."""
    from django.utils.crypto import get_random_string  # Django's CSRF_SECRET_LENGTH alphabet

    return get_random_string(32)


@dataclass
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    s2: int
    s3: int
    s4: int
    s5: int
    socket_errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def non_2xx(self) -> int:
        return self.requests - self.s2

    @property
    def errors(self) -> int:
        """Answers a user would see as failures (4xx, 5xx) plus socket errors."""
        return self.s4 + self.s5 + self.socket_errors


def write_requests(name: str, lines: list[str]) -> Path:
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / f"requests-{name}.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def run_wrk(
    base_url: str,
    requests_file: Path,
    *,
    duration: float,
    connections: int,
    threads: int,
    token: str = "",
    delay_ms: float = 0,
) -> WrkResult:
    env = dict(os.environ)
    if delay_ms > 0:
        env["BENCH_DELAY_MS"] = f"{delay_ms:.3f}"
    command = [
        "wrk",
        f"--duration={max(1, round(duration))}s",
        f"--connections={connections}",
        f"--threads={min(threads, connections)}",
        "--timeout=10s",
        "--latency",
        f"--script={LUA}",
        base_url,
        "--",
        str(requests_file),
        token,
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    for line in result.stdout.splitlines():
        if line.startswith("BENCHJSON "):
            data = json.loads(line.removeprefix("BENCHJSON "))
            break
    else:
        sys.exit(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        s2=data["s2"],
        s3=data["s3"],
        s4=data["s4"],
        s5=data["s5"],
        socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
    )


def machine() -> str:
    """CPU model, cores and RAM of this machine."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return f"{model}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GiB RAM"
