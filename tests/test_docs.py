"""The documentation stays true: generated pages are current, links resolve, README examples run.

README conventions that ``test_readme_examples_run`` relies on:

* a ```` ```console ```` block holds commands, each on a line starting with ``$ ``, run from the
  repository root with the virtual environment's ``auditor`` and ``python`` first on ``PATH``. A
  trailing ``# exits N`` states the expected exit code (default 0). The lines after a command, up to
  the next ``$ ``, are its output, possibly trimmed: every line that is not ``…`` (and has no ``…`` in
  it) must be a line of what the command prints (stdout and stderr together);
* a ```` ```python ```` block is run as a script from the repository root and must exit 0; when a
  ```` ```text ```` block follows it directly, that block is its output, trimmed the same way;
* a ```` ```sh ```` block holds set-up commands, which are not run (they install things); each
  ``make TARGET`` in one must be a target of the Makefile.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
USER_DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
ALL_DOCS = [*USER_DOCS, ROOT / "eval" / "README.md"]
README_LIMIT = 12 * 1024

_FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)


def _blocks(text: str) -> list[tuple[str, str, int, int]]:
    """Fenced code blocks as (language, body, start offset, end offset)."""
    return [(m.group(1), m.group(2), m.start(), m.end()) for m in _FENCE.finditer(text)]


# ---------------------------------------------------------------------------- generated pages


def _run_check(script: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, script, "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_md_is_current():
    r = _run_check("docs/gen_cli.py")
    assert r.returncode == 0, (
        "docs/cli.md does not match the CLI's --help: regenerate it with `.venv/bin/python docs/gen_cli.py` "
        f"and commit the result\n{r.stderr}"
    )


def test_eval_readme_is_current():
    r = _run_check("eval/tables.py")
    assert r.returncode == 0, (
        "eval/README.md does not match eval/results/*.json and eval/README.template.md: regenerate it with "
        f"`.venv/bin/python eval/tables.py` and commit the result\n{r.stderr}"
    )


# ---------------------------------------------------------------------------- what user docs may say


def test_readme_is_short():
    size = README.stat().st_size
    assert size <= README_LIMIT, f"README.md is {size} bytes (limit {README_LIMIT}): move detail into docs/"


@pytest.mark.parametrize("path", USER_DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_user_docs_have_no_checkout_paths_or_issue_history(path):
    text = path.read_text(encoding="utf-8")
    assert "../shared" not in text, f"{path.name}: a user's clone has no ../shared (developer paths go in eval/README.md)"
    hits = re.findall(r"\bissues? \d+", text, flags=re.I)
    assert not hits, f"{path.name}: issue-number history {hits} belongs in CHANGELOG.md or eval/README.md"


def test_findings_md_has_a_card_per_finding_type():
    from auditor.types import FindingType

    cards = _anchors(ROOT / "docs" / "findings.md")
    missing = [t.value for t in FindingType if t.value not in cards]
    assert not missing, f"docs/findings.md has no '## TYPE' card for {missing}: add one (meaning, example, severities, false alarms)"


# ---------------------------------------------------------------------------- links


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    for _, _, start, end in reversed(_blocks(text)):
        text = text[:start] + text[end:]
    seen: dict[str, int] = {}
    out = set()
    for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, flags=re.M):
        slug = _slug(m.group(1))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def _links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    for _, _, start, end in reversed(_blocks(text)):
        text = text[:start] + text[end:]
    text = re.sub(r"`[^`\n]*`", "", text)  # inline code is not a link
    return re.findall(r"\[[^\]]*\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("path", ALL_DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path):
    broken = []
    for link in _links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", link):  # http:, https:, mailto:
            continue
        target, _, anchor = link.partition("#")
        dest = (path.parent / target).resolve() if target else path
        if not dest.exists() or ROOT not in (dest, *dest.parents):
            broken.append(f"{link} (no such file in the repository)")
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(f"{link} (no heading with anchor #{anchor})")
    assert not broken, f"{path.relative_to(ROOT)}: broken links: {broken}"


# ---------------------------------------------------------------------------- README examples


def test_readme_setup_commands_are_make_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w.-]+)\s*:", makefile, flags=re.M))
    wanted = []
    for lang, body, _, _ in _blocks(README.read_text(encoding="utf-8")):
        if lang == "sh":
            wanted += re.findall(r"^\s*make\s+([\w.-]+)", body, flags=re.M)
    assert wanted, "README shows no `make` set-up command"
    assert set(wanted) <= targets, f"README names make targets the Makefile lacks: {sorted(set(wanted) - targets)}"


def _examples(text: str) -> list[tuple[str, str, int, list[str]]]:
    """(kind, code, expected exit code, expected output lines) for every runnable README example."""
    out: list[tuple[str, str, int, list[str]]] = []
    blocks = _blocks(text)
    for i, (lang, body, _, end) in enumerate(blocks):
        if lang == "console":
            current: list | None = None
            for line in body.splitlines():
                if line.startswith("$ "):
                    cmd = line[2:]
                    m = re.search(r"#\s*exits\s+(\d+)\s*$", cmd)
                    current = ["sh", cmd, int(m.group(1)) if m else 0, []]
                    out.append(current)  # type: ignore[arg-type]
                elif current is not None:
                    current[3].append(line)
        elif lang == "python":
            expected: list[str] = []
            if i + 1 < len(blocks):
                nlang, nbody, nstart, _ = blocks[i + 1]
                if nlang == "text" and not text[end:nstart].strip():
                    expected = nbody.splitlines()
            out.append(("python", body, 0, expected))
    return [tuple(e) for e in out]  # type: ignore[misc]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(NO_COLOR="1", COLUMNS="80", PYTHONIOENCODING="utf-8")
    for key in ("GITHUB_ACTIONS", "FORCE_COLOR", "AUDITOR_DEBUG"):
        env.pop(key, None)
    return env


def test_readme_has_examples():
    kinds = [e[0] for e in _examples(README.read_text(encoding="utf-8"))]
    assert "sh" in kinds and "python" in kinds


@pytest.mark.model
def test_readme_examples_run(tmp_path):
    failures = []
    for n, (kind, code, want_rc, shown) in enumerate(_examples(README.read_text(encoding="utf-8"))):
        if kind == "sh":
            argv = ["bash", "-c", code]
        else:
            script = tmp_path / f"example_{n}.py"
            script.write_text(code, encoding="utf-8")
            argv = [sys.executable, str(script)]
        r = subprocess.run(argv, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=300)
        printed = {line.rstrip() for line in (r.stdout + "\n" + r.stderr).splitlines()}
        label = code.strip().splitlines()[0] if kind == "sh" else f"python block {n}"
        if r.returncode != want_rc:
            failures.append(f"{label}: exit {r.returncode}, README says {want_rc}\n{r.stderr[-2000:]}")
            continue
        missing = [s for s in shown if s.strip() and "…" not in s and s.rstrip() not in printed]
        if missing:
            failures.append(f"{label}: README shows output the command no longer prints: {missing[:5]}")
    assert not failures, "README examples are stale (rerun each and paste its real output):\n" + "\n".join(failures)
