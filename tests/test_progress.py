"""Progress bars: on a terminal only, silent in pipes, forced by AUDITOR_PROGRESS."""

from __future__ import annotations

import io

from auditor.progress import Progress, progress, progress_enabled


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal(monkeypatch):
    monkeypatch.delenv("AUDITOR_PROGRESS", raising=False)
    out = io.StringIO()
    assert list(progress(range(5), desc="x", stream=out)) == [0, 1, 2, 3, 4]
    assert out.getvalue() == ""


def test_bar_on_a_terminal_ends_complete(monkeypatch):
    monkeypatch.delenv("AUDITOR_PROGRESS", raising=False)
    out = _TTY()
    assert sum(progress(range(50), desc="embedding", stream=out)) == sum(range(50))
    text = out.getvalue()
    assert text.startswith("\rembedding") and "50/50" in text and "100%" in text and text.endswith("\n")


def test_environment_forces_and_disables(monkeypatch):
    monkeypatch.setenv("AUDITOR_PROGRESS", "0")
    assert not progress_enabled(_TTY())
    monkeypatch.setenv("AUDITOR_PROGRESS", "1")
    assert progress_enabled(io.StringIO())


def test_unknown_total_counts():
    out = io.StringIO()
    with Progress(None, desc="docs", stream=out, enabled=True) as bar:
        for _ in range(3):
            bar.update()
    assert "docs: 3it" in out.getvalue()
