"""auditor.quantiles equals numpy's median and quantile bit for bit, without importing numpy.ma."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from auditor.quantiles import median, quantile


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_median_and_quantile_equal_numpy_on_random_arrays(dtype):
    rng = np.random.default_rng(7)
    for n in list(range(1, 40)) + [99, 100, 1000, 1001]:
        for _ in range(5):
            x = (rng.standard_normal(n) * 10.0 ** int(rng.integers(-3, 4))).astype(dtype)
            if n > 3:
                x[rng.integers(0, n, 2)] = x[0]  # ties
            assert median(x) == float(np.median(x))
            qs = [0.0, 0.025, 0.1, 0.5, 0.9, 0.975, 1.0, float(rng.random())]
            assert quantile(x, qs) == [float(v) for v in np.quantile(x.astype(np.float64), qs)]


def test_empty_is_an_error():
    with pytest.raises(ValueError):
        median([])
    with pytest.raises(ValueError):
        quantile([], [0.5])


def test_they_do_not_import_numpy_ma():
    code = ("import sys; from auditor.quantiles import median, quantile; median([3.0, 1.0, 2.0, 5.0]); "
            "quantile([1.0, 2.0], [0.025, 0.975]); print('numpy.ma' in sys.modules)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
