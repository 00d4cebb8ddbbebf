"""The slow browser suites (XSS corpus, end to end) run only when asked.

`make test` skips tests marked `slow`; `make test-security` and `make test-e2e`
set QA_SLOW=1 and run them.
"""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("QA_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow browser suite: run `make test-security` / `make test-e2e`")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
