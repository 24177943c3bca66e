"""The compiled-table store and the analysis memo (auditor/compiled.py): built once, read after that,
rebuilt when an input changes or a file is damaged, never the reason an audit fails."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest

from auditor import compiled


@pytest.fixture
def store(tmp_path):
    compiled.configure(tmp_path)
    compiled._memory.clear()
    compiled._warned.clear()
    yield tmp_path
    compiled._memory.clear()
    compiled.configure(None)


def _calls(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return calls, build


def test_a_table_is_built_once_and_read_back(store):
    value = {"a": (1, 2.5, "x"), "b": [None, True, frozenset({"y"})]}
    calls, build = _calls(value)
    assert compiled.table("t", [b"input"], build) == value
    files = list((store / "compiled").glob("t-*.marshal"))
    assert len(files) == 1
    compiled._memory.clear()  # a new process: the file is read, nothing is built
    assert compiled.table("t", [b"input"], build) == value
    assert len(calls) == 1


def test_a_changed_input_builds_a_new_table(store):
    calls, build = _calls([1])
    compiled.table("t", [b"one"], build)
    compiled.table("t", [b"two"], build)
    assert len(calls) == 2
    assert len(list((store / "compiled").glob("t-*.marshal"))) == 2


def test_a_file_input_counts_by_its_bytes(store, tmp_path):
    f = tmp_path / "lexicon.toml"
    f.write_text("a = 1\n")
    k1 = compiled.fingerprint("t", [f])
    f.write_text("a = 2\n")
    assert compiled.fingerprint("t", [f]) != k1


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage"])
def test_a_damaged_table_is_rebuilt_and_replaced(store, damage):
    calls, build = _calls({"k": "v" * 100})
    compiled.table("t", [b"x"], build)
    path = next((store / "compiled").glob("t-*.marshal"))
    raw = bytearray(path.read_bytes())
    if damage == "flip":
        raw[-5] ^= 0xFF
    elif damage == "truncate":
        raw = raw[: len(raw) // 2]
    else:
        raw = bytearray(b"not a table at all")
    path.write_bytes(bytes(raw))
    compiled._memory.clear()
    assert compiled.table("t", [b"x"], build) == {"k": "v" * 100}
    assert len(calls) == 2
    compiled._memory.clear()
    compiled.table("t", [b"x"], build)
    assert len(calls) == 2  # the rebuilt file is good again


def test_an_unwritable_folder_builds_in_memory_with_one_warning(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    compiled.configure(blocker / "cache")
    compiled._memory.clear()
    compiled._warned.clear()
    try:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            assert compiled.table("t", [b"x"], lambda: [1, 2]) == [1, 2]
            assert compiled.table("u", [b"x"], lambda: [3]) == [3]
        assert len([w for w in seen if "compiled-table folder" in str(w.message)]) == 1
    finally:
        compiled._memory.clear()
        compiled.configure(None)


def test_switched_off_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    compiled.configure(enabled=False)
    compiled._memory.clear()
    try:
        assert compiled.table("t", [b"x"], lambda: 7) == 7
        assert compiled.memoised("a", ["text"], lambda ts: [len(t) for t in ts]) == [4]
        assert not any(tmp_path.iterdir())
    finally:
        compiled.configure(None)


def test_arrays_are_memory_mapped_on_the_second_read(store):
    a = np.arange(12, dtype=np.float16).reshape(3, 4)
    calls, build = _calls({"a": a, "s": np.array(["x", "yz"])})
    first = compiled.arrays("arr", [b"in"], build)
    compiled._memory.clear()
    second = compiled.arrays("arr", [b"in"], build)
    assert len(calls) == 1
    assert isinstance(second["a"], np.memmap)
    np.testing.assert_array_equal(second["a"], a)
    assert list(second["s"]) == ["x", "yz"]
    assert not second["a"].flags.writeable
    assert first["a"].dtype == second["a"].dtype


def test_the_memo_computes_only_what_it_has_not_seen(store):
    seen: list[list[str]] = []

    def compute(texts):
        seen.append(list(texts))
        return [{"n": len(t), "t": (t, 1)} for t in texts]

    out = compiled.memoised("len:v1", ["a", "bb", "a"], compute)
    assert out == [{"n": 1, "t": ["a", 1]}, {"n": 2, "t": ["bb", 1]}, {"n": 1, "t": ["a", 1]}]
    assert seen == [["a", "bb"]]
    assert compiled.memoised("len:v1", ["bb", "ccc"], compute)[0] == {"n": 2, "t": ["bb", 1]}
    assert seen[-1] == ["ccc"]
    # another analysis name never reads these values
    compiled.memoised("len:v2", ["a"], compute)
    assert seen[-1] == ["a"]


def test_the_memo_is_shared_between_processes(store):
    code = (
        "import sys; from auditor import compiled; compiled.configure(sys.argv[1]);"
        "print(compiled.memoised('p:v1', ['x', 'y'], lambda ts: [sys.argv[2]] * len(ts)))"
    )
    one = subprocess.run([sys.executable, "-c", code, str(store), "first"], capture_output=True, text=True, check=True)
    two = subprocess.run([sys.executable, "-c", code, str(store), "second"], capture_output=True, text=True, check=True)
    assert one.stdout.strip() == two.stdout.strip() == "['first', 'first']"


@pytest.mark.slow  # two fresh processes, one loading spaCy's model
def test_a_warm_audit_imports_neither_spacy_nor_torch(tmp_path):
    """The roles detector's entities come from the memo once a sentence has been parsed."""
    pytest.importorskip("spacy")
    code = (
        "import sys; from auditor.detect.ner import entities_many;"
        "print(entities_many(['Joe Biden met Olaf Scholz in Berlin.'])[0][0].text, 'spacy' in sys.modules, 'torch' in sys.modules)"
    )
    env = {**__import__("os").environ, "AUDITOR_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.split() == ["Joe", "Biden", "True", "False"]  # spaCy ran, torch stayed out
    assert second.stdout.split() == ["Joe", "Biden", "False", "False"]


def test_every_package_pattern_from_the_regex_table_equals_re_compile(tmp_path):
    """A second process reads every pattern of a warm audit's modules from the table, compiles none,
    and each equals ``re.compile`` of the same pattern (a Pattern's equality compares its code)."""
    import os

    code = (
        "import re, sys\n"
        "from re import _compiler\n"
        "calls = []\n"
        "real = _compiler.compile\n"
        "_compiler.compile = lambda p, f=0: (calls.append(p), real(p, f))[1]\n"
        "import auditor.detect.registry as r; r.default_detectors()\n"
        "import auditor.segment, auditor.io.markdown, auditor.report.safe, auditor.io.records\n"
        "from auditor import compiled\n"
        "table = compiled._regex['table']\n"
        "bad = [k for k, e in table.items() if compiled._from_code(k.split('\\0', 1)[1], e)"
        " != real(k.split('\\0', 1)[1], int(k.split('\\0', 1)[0]))]\n"
        "ours = [p for p in calls if p in {k.split('\\0', 1)[1] for k in table}]\n"
        "print(len(table), len(ours), len(bad))\n"
    )
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    n, compiled_ours, bad = map(int, first.stdout.split())
    assert n > 100 and bad == 0  # built in this run, then saved at exit
    assert list(tmp_path.glob("compiled/regex-*.marshal"))
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    n2, compiled_ours2, bad2 = map(int, second.stdout.split())
    assert n2 == n and bad2 == 0 and compiled_ours2 == 0  # every package pattern came from the table


def test_an_unusable_regex_entry_falls_back_to_compiling(store):
    import re

    compiled._regex.update(table={"0\0a+b": (0, [1, 2, 3], 0, {}, (None,))}, dirty=False, path=None)
    try:
        assert compiled.regex("a+b") == re.compile("a+b")  # the damaged entry is replaced
        assert compiled._regex["table"]["0\0a+b"] != (0, [1, 2, 3], 0, {}, (None,))
    finally:
        compiled._regex.update(table=None, dirty=False, path=None)
