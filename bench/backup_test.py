"""`make backup-test`: the documented backups restore without losing a row.

    .venv/bin/python bench/backup_test.py --engine both

SQLite (docs/operations.md "Backups"): with fresh writes still in the WAL and
a connection open, `sqlite3 SRC ".backup DST"` and Python's
`sqlite3.Connection.backup` each make a copy; the copy passes
`PRAGMA integrity_check`, `manage.py migrate` (the documented restore step) runs and
`recount_votes` no drift, and every table has the same row count and checksum
as the source.

PostgreSQL: `pg_dump --format=custom --no-owner` of the bench database, then
`pg_restore --no-owner` into a new database; the same comparison per table
(count and md5 of the rows' text, in order). Exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

Tables = dict[str, tuple[int, str]]


def sqlite_tables(path: Path) -> Tables:
    """Row count and an order-independent checksum of every table."""
    conn = sqlite3.connect(path)
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    found: Tables = {}
    for name in sorted(names):
        digests = sorted(
            hashlib.sha256(repr(row).encode()).hexdigest()
            for row in conn.execute(f'SELECT * FROM "{name}"')
        )
        found[name] = (len(digests), hashlib.sha256("".join(digests).encode()).hexdigest())
    conn.close()
    return found


def compare(source: Tables, copy: Tables, label: str) -> bool:
    missing = sorted(set(source) - set(copy))
    differ = sorted(name for name in source if name in copy and source[name] != copy[name])
    rows = sum(count for count, _digest in source.values())
    if missing or differ:
        print(f"   {label}: FAIL missing tables {missing}, differing {differ[:10]}")
        for name in differ[:10]:
            print(f"      {name}: source {source[name][0]} rows, copy {copy[name][0]} rows")
        return False
    print(f"   {label}: {len(source)} tables, {rows:,} rows, counts and checksums identical")
    return True


def django_checks(db_url: str, label: str) -> bool:
    """The restored database works for the site: `migrate` (as documented) runs, counters exact."""
    env = common.server_env(db_url)
    plan = subprocess.run(
        [str(common.BIN / "python"), "manage.py", "migrate", "--noinput"],
        cwd=common.ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    recount = subprocess.run(
        [str(common.BIN / "python"), "manage.py", "recount_votes", "--dry-run", "--fail-on-drift"],
        cwd=common.ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    last = (recount.stdout.strip().splitlines() or [recount.stderr.strip()])[-1]
    ok = plan.returncode == 0 and recount.returncode == 0
    print(
        f"   {label}: migrate {'ok' if plan.returncode == 0 else 'FAILED'}; recount_votes: {last}"
    )
    return ok


def pending_writes(path: Path) -> sqlite3.Connection:
    """Leave fresh rows in the WAL (not checkpointed) behind an open connection."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DROP TABLE IF EXISTS bench_backup_probe")
    conn.execute("CREATE TABLE bench_backup_probe (id INTEGER PRIMARY KEY, note TEXT)")
    conn.executemany(
        "INSERT INTO bench_backup_probe (note) VALUES (?)", [(f"row {n}",) for n in range(1000)]
    )
    return conn


def test_sqlite(scale: str) -> bool:
    db_url, _timings = common.ensure_built("sqlite", scale)
    source = Path(db_url.removeprefix("sqlite:///"))
    work = common.VAR / "backup-test"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    holder = pending_writes(source)
    wal = Path(f"{source}-wal")
    print(
        f"== SQLite: source {source.name}, WAL {wal.stat().st_size if wal.exists() else 0:,} bytes"
    )
    cli_copy = work / "cli.sqlite3"
    started = time.monotonic()
    subprocess.run(["sqlite3", str(source), f".backup {cli_copy}"], check=True)
    cli_seconds = time.monotonic() - started
    api_copy = work / "api.sqlite3"
    started = time.monotonic()
    with sqlite3.connect(api_copy) as target:
        sqlite3.connect(source).backup(target)
    api_seconds = time.monotonic() - started
    reference = sqlite_tables(source)
    holder.execute("DROP TABLE bench_backup_probe")
    holder.close()
    ok = True
    for copy, label, seconds in (
        (cli_copy, 'sqlite3 ".backup"', cli_seconds),
        (api_copy, "Connection.backup", api_seconds),
    ):
        check = subprocess.run(
            ["sqlite3", str(copy), "PRAGMA integrity_check"], capture_output=True, text=True
        )
        print(f"   {label}: {seconds:.2f} s, integrity_check: {check.stdout.strip()}")
        ok = check.stdout.strip() == "ok" and ok
        # Restore as documented: the copy becomes the database file.
        restored = work / f"restored-{copy.name}"
        shutil.copy(copy, restored)
        ok = compare(reference, sqlite_tables(restored), label) and ok
        ok = django_checks(f"sqlite:///{restored}", label) and ok
    return ok


def pg_tables(db_url: str) -> Tables:
    import psycopg
    from psycopg import sql

    found: Tables = {}
    with psycopg.connect(db_url) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for name in names:
            query = sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') "
                "FROM {} AS t"
            ).format(sql.Identifier(name))
            count, digest = conn.execute(query).fetchone()  # type: ignore[misc]
            found[name] = (int(count), str(digest))
    return found


def test_postgres(scale: str) -> bool:
    db_url, _timings = common.ensure_built("postgres", scale)
    work = common.VAR / "backup-test"
    work.mkdir(parents=True, exist_ok=True)
    dump = work / "pg.dump"
    restored_url = f"{common.PG_SERVER}/tsushinbo_bench_restored"
    print(f"== PostgreSQL: source {db_url.rsplit('/', 1)[1]}")
    started = time.monotonic()
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", db_url], check=True
    )
    dump_seconds = time.monotonic() - started
    common.create_postgres(restored_url)
    try:
        started = time.monotonic()
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={restored_url}", str(dump)], check=True
        )
        print(
            f"   pg_dump {dump_seconds:.2f} s ({dump.stat().st_size:,} bytes), "
            f"pg_restore {time.monotonic() - started:.2f} s"
        )
        ok = compare(pg_tables(db_url), pg_tables(restored_url), "pg_dump/pg_restore")
        ok = django_checks(restored_url, "pg_dump/pg_restore") and ok
    finally:
        common.drop_postgres(restored_url)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--engine", default="both", choices=[*common.ENGINES, "both"])
    parser.add_argument("--scale", default="small", help="demo data to build if not built")
    args = parser.parse_args()
    engines = common.ENGINES if args.engine == "both" else (args.engine,)
    results = [
        test_sqlite(args.scale) if engine == "sqlite" else test_postgres(args.scale)
        for engine in engines
    ]
    print(f"== backup test: {'PASS' if all(results) else 'FAIL'}")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
