"""Print how many SQL queries each key page runs against the configured database.

Usage (a throwaway database; seed it at two scales and compare the figures):

    export DATABASE_URL=sqlite:////tmp/qc.sqlite3 DEBUG=true
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python manage.py seed_demo --scale small --seed 1
    .venv/bin/python bench/query_counts.py
    .venv/bin/python manage.py seed_demo --scale large --seed 1
    .venv/bin/python bench/query_counts.py

Pages must run the same number of queries at every scale (SPEC §7).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsushinbo.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tsushinbo.pledges.models import Pledge  # noqa: E402
from tsushinbo.politicians.models import Party, Politician  # noqa: E402


def paths() -> list[str]:
    politician = Politician.objects.order_by("-id").first()
    pledge = Pledge.objects.order_by("-id").first()
    party = Party.objects.order_by("id").first()
    found = ["/", "/politicians/", "/politicians/?prefecture=13", "/politicians/?office=mayor"]
    found += ["/politicians/?q=さとう", "/politicians/?page=50", "/parties/", "/healthz"]
    if politician:
        found += [f"/politicians/{politician.pk}/", f"/politicians/{politician.pk}/pledges/"]
    if party:
        found += [f"/parties/{party.slug}/", f"/parties/{party.slug}/?page=5"]
    if pledge:
        found.append(f"/pledges/{pledge.pk}/")
    return found


def main() -> None:
    client = Client(SERVER_NAME="127.0.0.1")
    print(f"politicians={Politician.objects.count():,} pledges={Pledge.objects.count():,}")
    print(f"{'path':45} {'status':>6} {'queries':>7} {'ms':>8}")
    for path in paths():
        client.get(path)  # warm caches and connections
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
        print(f"{path:45} {response.status_code:>6} {len(queries):>7} {elapsed:>8.1f}")


if __name__ == "__main__":
    main()
