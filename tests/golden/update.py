"""Golden outputs: the CLI's exact output on bundled inputs, so that a changed number is a visible diff.

Each case runs ``auditor.cli.main(argv)`` in process (stdout, stderr and the exit code captured) from
the root of a source tree, on files under ``data/`` only, so the goldens run in any clone. What
legitimately varies is normalised away: the tree's absolute path, the vector-cache folder, the
``auditor: note:`` lines of Python warnings (shown once per process), and durations. The optional
PPS tortured-phrase list that the spinner detector reads from ../shared when it is there is pinned
to an empty list, so ../shared cannot change a golden.

    make golden                                       # regenerate every golden from this tree
    python tests/golden/update.py --tree /tmp/base    # ... from another checkout (e.g. a clean
                                                      #     `git worktree add /tmp/base HEAD`)
    python tests/golden/update.py --fast              # only the fake-embedder goldens (no model loads)
    python tests/golden/update.py --check             # compare instead of writing (exit 1 on a diff)

``tests/golden/test_golden.py`` compares the current output with these files: the fake-embedder
cases in the default tier, the real-model cases in the ``model`` tier.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
NO_PPS = HERE / "no-pps.csv"  # a header-only PPS export: the spinner uses the packaged list alone

S001 = "data/samples/001_0ba629fe7179814c.txt"
S000 = "data/samples/000_dd4acef3590ed458.txt"
MT_SRC = "data/samples/mt/source.es.txt"
MT_TGT = "data/samples/mt/target.en.txt"


@dataclass(frozen=True)
class Case:
    name: str  # the golden file is tests/golden/<name>
    argv: tuple[str, ...]  # after `auditor`
    model: bool  # True: real models (model tier); False: the built-in fake embedder (fast tier)

    @property
    def file(self) -> Path:
        return HERE / self.name

    @property
    def command(self) -> str:
        return "auditor " + " ".join(self.argv)


CASES = (
    # fast tier: `--model fake`, the deterministic hashing embedder (no model load)
    Case("audit-fake.json.golden", ("audit", S001, S000, "--model", "fake", "--format", "json"), False),
    Case("score-fake.tsv.golden", ("score", "--source", MT_SRC, "--target", MT_TGT, "--model", "fake",
                                   "--format", "tsv"), False),  # fmt: skip
    Case("align-fake.tsv.golden", ("align", S001, S000, "--model", "fake", "--format", "tsv"), False),
    # model tier: the default models, as README.md shows them
    Case("audit-seed.json.golden", ("audit", S001, S000, "--format", "json"), True),
    Case("score-mt.tsv.golden", ("score", "--source", MT_SRC, "--target", MT_TGT, "--format", "tsv"), True),
    Case("align-seed.beads.golden", ("align", S001, S000), True),
)

_DURATION = re.compile(r"\b\d+\.\d+ ?m?s\b")  # "1.23 s", "0.5ms": stderr only (never article text)
_FLOAT = re.compile(r"-?\d+\.\d+")


# --------------------------------------------------------------------------- running


@contextlib.contextmanager
def _environment(root: Path, cache_dir: str) -> Iterator[None]:
    """cwd = ``root``, a fresh vector cache, no colour, 80 columns, offline, no PPS list; all restored."""
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    os.environ.update(
        AUDITOR_CACHE_DIR=cache_dir,
        AUDITOR_TORTURED_PHRASES=str(NO_PPS),
        NO_COLOR="1",
        COLUMNS="80",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


class _Capture(io.TextIOWrapper):
    """A text stream with a ``.buffer``, like sys.stdout, that is not a terminal."""

    def __init__(self) -> None:
        self._bytes = io.BytesIO()
        super().__init__(self._bytes, encoding="utf-8", newline="", write_through=True)

    def value(self) -> str:
        self.flush()
        return self._bytes.getvalue().decode("utf-8")


def run(case: Case, root: Path = REPO) -> str:
    """The case's normalised output (the golden file's text), run in this process from ``root``."""
    from auditor import cli

    with tempfile.TemporaryDirectory(prefix="auditor-golden-") as cache_dir:
        out, err = _Capture(), _Capture()
        with _environment(root, cache_dir), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(case.argv))
        return render(case, code, out.value(), err.value(), root=root, cache_dir=cache_dir)


def render(case: Case, code: int, stdout: str, stderr: str, *, root: Path, cache_dir: str) -> str:
    def clean(text: str) -> str:
        for path, name in ((cache_dir, "<CACHE>"), (str(root), "<ROOT>")):
            text = text.replace(path, name)
        return text

    err_lines = [_DURATION.sub("<DURATION>", line) for line in clean(stderr).splitlines()
                 if not line.startswith("auditor: note: ")]  # fmt: skip
    parts = [
        f"$ {case.command}",
        f"exit: {code}",
        "--- stdout",
        clean(stdout).rstrip("\n"),
        "--- stderr",
        *err_lines,
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- comparing


def _places(number: str) -> int:
    return len(number.split(".", 1)[1])


def same(golden: str, current: str, *, ulps: int = 0) -> bool:
    """Equal text, except that each decimal number may differ by ``ulps`` units of its last printed
    place (real models' last digits move with the CPU's vector instructions; the fake's do not)."""
    if golden == current:
        return True
    if ulps == 0:
        return False
    g_text, c_text = _FLOAT.split(golden), _FLOAT.split(current)
    g_nums, c_nums = _FLOAT.findall(golden), _FLOAT.findall(current)
    if g_text != c_text or len(g_nums) != len(c_nums):
        return False
    for g, c in zip(g_nums, c_nums):
        if _places(g) != _places(c) or abs(float(g) - float(c)) > ulps * 10 ** -_places(g) + 1e-12:
            return False
    return True


def tolerance(case: Case) -> int:
    return 2 if case.model else 0


def diff(case: Case, golden: str, current: str) -> str:
    lines = difflib.unified_diff(
        golden.splitlines(keepends=True),
        current.splitlines(keepends=True),
        fromfile=f"tests/golden/{case.name} (golden)",
        tofile="current output",
    )
    return "".join(lines)


# --------------------------------------------------------------------------- command line


def _use_tree(tree: Path) -> None:
    """Import auditor (and its registry package, auditor._models = models/) from ``tree``."""
    import importlib.util

    if "auditor" in sys.modules:
        raise SystemExit("update.py: auditor is already imported; --tree must be handled first")
    sys.path.insert(0, str(tree))
    import auditor

    if Path(auditor.__file__).resolve().parent != tree / "auditor":
        raise SystemExit(f"update.py: imported auditor from {auditor.__file__}, not from {tree}")
    # an editable install maps auditor._models to *its* models/ folder: use the tree's instead
    spec = importlib.util.spec_from_file_location(
        "auditor._models", tree / "models" / "__init__.py", submodule_search_locations=[str(tree / "models")]
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"update.py: {tree / 'models'} is not a package")
    module = importlib.util.module_from_spec(spec)
    sys.modules["auditor._models"] = module
    spec.loader.exec_module(module)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate (or --check) the golden CLI outputs in tests/golden/.")
    parser.add_argument("--tree", type=Path, default=REPO,
                        help="the source tree to run (default: this repository); the goldens are "
                        "always written here")  # fmt: skip
    parser.add_argument("--fast", action="store_true", help="only the fake-embedder cases (no model loads)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="only this case (repeatable)")
    parser.add_argument("--check", action="store_true", help="compare, print diffs, write nothing")
    args = parser.parse_args(argv)
    tree = args.tree.resolve()
    if not (tree / "auditor" / "__init__.py").is_file() or not (tree / S001).is_file():
        parser.error(f"{tree} is not an auditor source tree with data/samples")
    if tree != REPO:
        _use_tree(tree)
    cases = [c for c in CASES if (not args.fast or not c.model) and (not args.only or c.name in args.only)]
    if args.only and len(cases) != len(set(args.only)):
        parser.error(f"unknown case; the cases are: {', '.join(c.name for c in CASES)}")
    changed = 0
    for case in cases:
        current = run(case, tree)
        golden = case.file.read_text(encoding="utf-8") if case.file.is_file() else ""
        if args.check:
            if not same(golden, current, ulps=tolerance(case)):
                changed += 1
                sys.stdout.write(diff(case, golden, current))
            continue
        if golden != current:
            changed += 1
            case.file.write_text(current, encoding="utf-8", newline="\n")
        print(f"{'updated' if golden != current else 'unchanged'}: tests/golden/{case.name}", file=sys.stderr)
    if args.check:
        print(f"{changed} of {len(cases)} goldens differ", file=sys.stderr)
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
