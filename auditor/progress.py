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
    """A progress bar drawn by tqdm (``desc  45%|█████     | 450/1000 [00:03<00:04]``) when enabled,
    a counter only when not: the same calls either way."""

    def __init__(self, total: int | None, *, desc: str = "", stream: IO[str] | None = None, enabled: bool | None = None):
        self.total = total
        self.desc = desc
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = progress_enabled(self.stream) if enabled is None else enabled
        self.n = 0
        self._bar = None
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=desc, file=self.stream, mininterval=_MIN_INTERVAL, leave=True,
                             ascii=False, dynamic_ncols=False, ncols=80)  # fmt: skip

    def update(self, k: int = 1) -> None:
        self.n += k
        if self._bar is not None:
            self._bar.update(k)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

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
