"""schemathesis against /api/v1/openapi.json: no 5xx, and every response matches the document.

Requests go through Django's WSGI application (all middleware included) on the
test database, which holds a little of everything (public and not). Each
operation gets a bounded number of generated examples so the suite stays fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tsushinbo.api.tests import base
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.ratings.tests.base import cast_many
from tsushinbo.testing import make_election, make_party, make_pledge, make_politician

MAX_EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _populate() -> None:
    party = make_party(name="未来党", slug="mirai")
    politician = make_politician(party=party)
    election = make_election()
    pledge = make_pledge(politician=politician, election=election)
    make_pledge(party=party, review_status="pending")
    cast_many(pledge, "good", "clarity", 6)
    cast_many(pledge, "bad", "other", 2)
    [report] = base.activities(2, politician, pledge)[:1]
    base.comments(2, report=report)
    base.comments(1, pledge=pledge, status=ReviewStatus.PENDING, published_at=None)
    base.progress_reports(1, pledge)
    base.memberships(1, politician, party)
    base.candidacies(2, election, party)
    base.surveys(1)


@pytest.fixture
def populated(db: Any) -> Iterator[None]:
    # As Django's test client does: the WSGI handler would otherwise close the
    # connection after each request, and with it the test's transaction (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _populate()
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Loaded when the module is collected (the document needs no database). Not
# schemathesis.pytest.from_fixture: its lazy loader fails on pytest 9 (node._nodeid).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@override_settings(VOTE_POW=True, COMMENT_POW=True)
def test_it_conforms_to_the_openapi_document(case: Any, populated: None) -> None:
    case.call_and_validate(checks=CHECKS)
