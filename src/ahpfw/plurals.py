"""Counts in words: ``1 response``, ``2 responses``, ``0 capabilities``.

Every message, report and page that words a count uses these, so the wording
is right for one and for many in one place.
"""

from __future__ import annotations


def plural(word: str, n: int = 2, many: str | None = None) -> str:
    """``word`` when ``n`` is 1, else its plural: ``many`` when given (``person`` -> ``people``), else
    the regular English plural of its last word (``capability`` -> ``capabilities``, ``match`` ->
    ``matches``, ``possible id change`` -> ``possible id changes``)."""
    if n == 1:
        return word
    if many is not None:
        return many
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def count(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the noun that fits it: ``1 response``, ``3 responses``, ``0 ratings``."""
    return f"{n} {plural(word, n, many)}"
