"""Golden CLI outputs (tests/golden/*.golden): a changed number, finding or bead is a visible diff.

The fake-embedder cases run in the default tier, the real-model cases in the ``model`` tier. When a
change is intended, regenerate them with ``make golden`` and commit the diff with the change.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("auditor_golden_update", Path(__file__).with_name("update.py"))
assert _spec is not None and _spec.loader is not None
golden = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = golden  # dataclasses look their module up by name
_spec.loader.exec_module(golden)


def test_cases_have_unique_names_and_their_files_exist():
    names = [c.name for c in golden.CASES]
    assert len(names) == len(set(names))
    missing = [n for n in names if not (golden.HERE / n).is_file()]
    assert not missing, f"missing goldens {missing}: run `make golden`"
    assert {p.name for p in golden.HERE.glob("*.golden")} == set(names), "a golden file no case produces"


def test_tolerance_is_in_units_of_the_last_printed_place():
    assert golden.same("x 0.2215 y", "x 0.2216 y", ulps=2)
    assert not golden.same("x 0.2215 y", "x 0.2218 y", ulps=2)
    assert not golden.same("x 0.2215 y", "x 0.2216 y", ulps=0)
    assert not golden.same("x 0.2215 y", "x 0.22150 y", ulps=2)  # a changed precision is a change
    assert not golden.same("fidelity 27.51", "coverage 27.51", ulps=2)


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c.name, marks=pytest.mark.model if c.model else ()) for c in golden.CASES],
)
def test_cli_output_matches_its_golden(case):
    expected = case.file.read_text(encoding="utf-8")
    current = golden.run(case)
    if not golden.same(expected, current, ulps=golden.tolerance(case)):
        pytest.fail(
            f"`{case.command}` differs from tests/golden/{case.name}; if the change is intended, run "
            f"`make golden` and commit the new golden with it:\n{golden.diff(case, expected, current)}",
            pytrace=False,
        )
