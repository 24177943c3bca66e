"""Language identification (py3langid) and language codes for messages.

py3langid is imported lazily, and its identifier (about half a second to load) is built
once, on the first call to :func:`detect_language`, and kept in a module-level variable.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

#: Detection reads at most this many characters: enough for a stable guess, and fast.
MAX_DETECT_CHARS = 5_000

#: The code returned when there is nothing to identify (no letters at all).
UNDETERMINED = "und"

# py3langid knows some varieties by ISO 639-3 codes; fold them into their 639-1 language,
# summing their probabilities ("ext" Extremaduran is mostly confusable Spanish).
_FOLD = {
    "ext": "es",
    "gug": "gn",
    "ary": "ar",
    "arz": "ar",
    "hbo": "he",
    "grc": "el",
    "uzs": "uz",
    "yue": "zh",
    "wuu": "zh",
    "lij": "it",
    "vec": "it",
    "ltg": "lv",
}

# "zxx" is "no linguistic content": never the answer while a language has any probability.
_NO_CONTENT = "zxx"

_NAMES = {
    "af": "Afrikaans",
    "ar": "Arabic",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "gl": "Galician",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ms": "Malay",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "rw": "Kinyarwanda",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
    UNDETERMINED: "undetermined language",
}

_CODE = re.compile(r"[A-Za-z]{2,3}")

_IDENTIFIER: Any = None  # py3langid LanguageIdentifier, built on first use
_IDENTIFIER_LOCK = threading.Lock()


def _identifier() -> Any:
    """The shared py3langid identifier with normalised probabilities (built once)."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        with _IDENTIFIER_LOCK:
            if _IDENTIFIER is None:
                _IDENTIFIER = _build_identifier()
    return _IDENTIFIER


def _build_identifier() -> Any:
    """py3langid's identifier from its model's arrays, decompressed once into the compiled-table
    store (:func:`auditor.compiled.arrays`) and memory-mapped after that: the same numbers as
    ``LanguageIdentifier.from_model_file``, without the half-second LZMA read on every run."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from .compiled import arrays

    path = Path(MODEL_FILE) if Path(MODEL_FILE).is_absolute() else MODEL_DIR / MODEL_FILE

    def build() -> dict[str, Any]:
        import numpy as np
        from py3langid.modelio import load_model

        ptc, pc, classes, nextmove, row, output = load_model(path)
        return {
            "ptc": np.asarray(ptc), "pc": np.asarray(pc), "classes": np.array(classes, dtype=str),
            "nextmove": np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
            "row": np.frombuffer(row, dtype=f"u{row.itemsize}"), "output": np.asarray(output, dtype=np.int32),
        }

    a = arrays("py3langid", [path], build, builder=__name__)
    code: Any = {1: "B", 2: "H", 4: "I", 8: "Q"}[a["nextmove"].itemsize]
    nextmove = memoryview(a["nextmove"]).cast("B").cast(code)
    output = memoryview(a["output"]).cast("B").cast("i")
    return LanguageIdentifier(a["ptc"], a["pc"], [str(c) for c in a["classes"]], nextmove, output,
                              norm_probs=True, tk_row=a["row"].tolist())


def _sample(text: str) -> str:
    """The first ~``MAX_DETECT_CHARS`` characters, cut at a space so no word is halved."""
    if len(text) <= MAX_DETECT_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_DETECT_CHARS)
    return text[: cut if cut > MAX_DETECT_CHARS // 2 else MAX_DETECT_CHARS]


def detect_language(text: str) -> tuple[str, float]:
    """Best-guess language of ``text`` as ``(code, probability)``.

    ``code`` is ISO 639-1 where the language has one (varieties py3langid tells apart are
    folded into it, their probabilities summed), else py3langid's ISO 639-3 code.
    ``probability`` is normalised over all languages, so short or ambiguous text still gets
    its best guess, with a low probability. Text without a single letter gives
    ``("und", 0.0)``.
    """
    sample = _sample(text)
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED, 0.0
    totals: dict[str, float] = {}
    for code, prob in _identifier().rank(sample):
        if code == _NO_CONTENT:
            continue
        key = _FOLD.get(code, code)
        totals[key] = totals.get(key, 0.0) + float(prob)
    if not totals:
        return UNDETERMINED, 0.0
    best = max(totals, key=lambda c: totals[c])
    return best, min(1.0, totals[best])


def normalise_lang_code(code: str) -> str | None:
    """``"EN"``, ``"en-US"``, ``"en_GB"`` → ``"en"``; ``None`` when it is not a language code."""
    primary = re.split(r"[-_]", code.strip(), maxsplit=1)[0]
    if not _CODE.fullmatch(primary):
        return None
    return primary.lower()


def base_lang(code: str | None) -> str:
    """The primary language of a code (``"es-MX"`` → ``"es"``), ``"und"`` when there is none."""
    return (normalise_lang_code(code) if code else None) or UNDETERMINED


def language_name(code: str | None) -> str:
    """English name of a language code for messages (``"es"`` → ``"Spanish"``); else the code."""
    if not code:
        return "unknown language"
    key = normalise_lang_code(code) or code
    return _NAMES.get(key, code)
