"""Median and quantiles of finite arrays, equal to numpy's (default ``linear`` method) to the bit.

``np.median`` and ``np.quantile`` import ``numpy.ma`` on first use (to check for masked arrays): about
5 ms of every audit's start-up, for arrays that are never masked here. These two do the same arithmetic
on a sorted copy; ``tests/test_quantiles.py`` compares them with numpy's on random arrays.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def median(values: "np.ndarray | Sequence[float]") -> float:
    """``float(np.median(values))`` for a non-empty, finite 1-d array."""
    s = np.sort(np.asarray(values).ravel())
    n = len(s)
    if n == 0:
        raise ValueError("median of an empty array")
    if n % 2:
        return float(s[n // 2])
    return float(np.mean(s[n // 2 - 1 : n // 2 + 1]))  # numpy's mean of the two middle values


def quantile(values: "np.ndarray | Sequence[float]", qs: Sequence[float]) -> list[float]:
    """``[float(x) for x in np.quantile(values, qs)]`` (linear interpolation) for a non-empty, finite 1-d array."""
    s = np.sort(np.asarray(values, dtype=np.float64).ravel())
    n = len(s)
    if n == 0:
        raise ValueError("quantile of an empty array")
    q = np.asarray(qs, dtype=np.float64)
    virtual = q * (n - 1)
    below = np.floor(virtual)
    above = below + 1
    below = np.clip(below, 0, n - 1).astype(np.intp)
    above = np.clip(above, 0, n - 1).astype(np.intp)
    gamma = virtual - np.floor(virtual)
    a, b = s[below], s[above]
    diff = b - a
    out = a + diff * gamma
    out = np.where(gamma >= 0.5, b - diff * (1 - gamma), out)  # numpy's _lerp: exact at both ends
    return [float(x) for x in out]
