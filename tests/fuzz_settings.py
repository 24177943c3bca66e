"""The fuzz tier's one budget: a fixed number of derandomised examples per property, no deadline
(the shared CI machine is slow and noisy), no example database written into the repository.
``AUDITOR_FUZZ_EXAMPLES`` raises the budget for a deeper local run."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ = settings(
    max_examples=int(os.environ.get("AUDITOR_FUZZ_EXAMPLES", "60")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
