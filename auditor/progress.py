"""Progress for long runs (corpus, scoring thousands of segments, evals): a bar on stderr when
stderr is a terminal, nothing otherwise — so pipes, CI logs and notebooks stay clean.

    for doc in progress(docs, desc="embedding"):
        ...

``enabled=None`` decides from the stream (a TTY, and ``AUDITOR_PROGRESS`` not ``0``);
``AUDITOR_PROGRESS=1`` forces it on (for tests and screen recordings).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

T = TypeVar("T")

_MIN_INTERVAL = 0.1  # seconds between redraws


def progress_enabled(stream: IO[str] | None = None) -> bool:
    flag = os.environ.get("AUDITOR_PROGRESS")
    if flag is not None:
        return flag not in ("", "0", "false", "no")
    stream = stream if stream is not None else sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    """A minimal progress bar: ``desc  45% |█████     | 450/1000 [00:03<00:04]``."""

    def __init__(self, total: int | None, *, desc: str = "", stream: IO[str] | None = None, enabled: bool | None = None):
        self.total = total
        self.desc = desc
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = progress_enabled(self.stream) if enabled is None else enabled
        self.n = 0
        self._start = time.monotonic()
        self._last = 0.0

    def update(self, k: int = 1) -> None:
        self.n += k
        if self.enabled:
            now = time.monotonic()
            if now - self._last >= _MIN_INTERVAL or (self.total is not None and self.n >= self.total):
                self._last = now
                self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = now - self._start
        if self.total:
            frac = min(1.0, self.n / self.total)
            width = 20
            full = int(frac * width)
            bar = "█" * full + " " * (width - full)
            eta = elapsed / frac - elapsed if frac > 0 else 0.0
            line = f"{self.desc} {frac:4.0%} |{bar}| {self.n}/{self.total} [{_clock(elapsed)}<{_clock(eta)}]"
        else:
            line = f"{self.desc} {self.n} [{_clock(elapsed)}]"
        self.stream.write("\r" + line.strip())
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "", stream: IO[str] | None = None,
             enabled: bool | None = None) -> Iterator[T]:  # fmt: skip
    """Iterate ``items`` with a progress bar on stderr when it is a terminal."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with Progress(total, desc=desc, stream=stream, enabled=enabled) as bar:
        for item in items:
            yield item
            bar.update()


def _clock(seconds: float) -> str:
    s = int(max(0.0, seconds))
    return f"{s // 60:02d}:{s % 60:02d}" if s < 3600 else f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
