"""Normalising text for matching labels, never for reporting.

Web copies of the same table differ in punctuation width, spaces inside labels, quote styles and the
separator between clauses (docs/formats.md §5). Labels are compared after ``norm``; what is reported
always quotes the original text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: A Han character, as a regex class: a word character that is not a digit, an underscore or a Latin letter.
#: (Equivalent on report text to ``[\u4e00-\u9fff]``, which takes 50 times as long to compile.)
HAN = r"[^\W\d_a-zA-Z]"

_DROP = re.compile(r"[\s\u3000\u00a0\u200b\ufeff“”\"'‘’「」『』]")
_SEPARATORS = str.maketrans({"、": ",", "，": ",", ";": ",", "；": ","})
_ITEM_NUMBER = re.compile(r"^(\d{1,2})[.,](?=\D)")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """NFKC, no whitespace or quotes, one clause separator, item numbers written ``1.``."""
    folded = _DROP.sub("", unicodedata.normalize("NFKC", text)).translate(_SEPARATORS)
    return _ITEM_NUMBER.sub(r"\1.", folded)


_TRAILING_NOTE = re.compile(r"^(.+?)(\([^()]*\))$")


def without_note(normed: str) -> str | None:
    """A normalised label without one trailing parenthetical note, or None if it has none.

    Provinces append notes to official labels, e.g. ``上一年项目数量(指2019年事项数)``.
    """
    match = _TRAILING_NOTE.match(normed)
    return match.group(1) if match else None


def nearest(normed: str, candidates: dict[str, str], cutoff: float = 0.5) -> str | None:
    """The original form of the candidate closest to ``normed`` (keys are normalised), or None."""
    import difflib

    found = difflib.get_close_matches(normed, list(candidates), n=1, cutoff=cutoff)
    return candidates[found[0]] if found else None


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Full-width ASCII to half-width, one character for one, so offsets stay those of ``text``.

    Narrative patterns run on ``fold(text)`` and report positions in ``text`` itself.
    """
    return text.translate(_FULL_WIDTH)
