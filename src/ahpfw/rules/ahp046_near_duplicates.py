"""Two elements of the same kind say nearly the same thing in nearly the same words.

What: two active elements of one kind (two principles, two capabilities, two
mappings...) have main texts (a capability's statement, a mapping's
justification, otherwise the description, otherwise the name) that share at
least half of their two-word phrases, compared in lower case with typographic
quotes and apostrophes folded. Each pair is reported once, at the later element.

Why: a framework that says one thing twice is longer, harder to use and
inconsistent as soon as one copy is edited. Repeats usually mean two elements
should be merged, or that one of them has lost what made it different.

Example::

    - id: ahpfw:PRIN-0009
      description: The development of educators is planned rather than left to chance.
    - id: ahpfw:PRIN-0011
      description: The development of educators is planned, not left to chance.

Fix: merge the two (retire one with ``replaced_by`` naming the other, rule
AHP019), or rewrite one so that it says what the other does not.

What it lets pass: it compares elements' main texts only, never two capabilities'
descriptors, and it compares wording, not meaning. Descriptors of different
capabilities at the same stage are written in the same voice ("Leads ... across a
service") and would be reported in their hundreds, while the overlaps that matter
between them, such as two first-stage descriptors that both ask learners what
helped and make a small change, or reasonable adjustments described under both
inclusive teaching and fair assessment, say the same thing in different words and
share few two-word phrases. Overlaps of meaning are for the editors to find, by
reading each capability's descriptors beside those of its neighbours.

How it scales: texts are only compared when they share two of their three
rarest words (rarest across the elements of that kind), a form of bucketing:
near-identical texts share their rare words, so the work grows with the number
of elements, not with the number of pairs. A bucket of more than 64 texts
(sharing only common words) is not searched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import chain, combinations

from ..model import Element, Framework, Source
from ..problems import Problem
from ..provenance.evidence import QUOTES, main_field

CODE = "AHP046"
NAME = "near-duplicates"
SUMMARY = "No two elements of the same kind have nearly the same text."
SEVERITY = "warning"

#: Share of two-word phrases (Jaccard) from which two texts count as near-identical.
THRESHOLD = 0.5
#: A bucket this big holds texts sharing only common words; it is not searched.
_MAX_BUCKET = 64
_WORD = re.compile(r"[\w']+")
#: The same for plain ASCII text, as a byte table: a word's characters folded as in ``_words``, others a space.
_ASCII_WORDS = bytes(ord(folded) if _WORD.fullmatch(folded := chr(c).translate(QUOTES).lower()) else 32
                     for c in range(128)) + bytes(32 for _ in range(128))


def _words(text: str) -> list[bytes]:
    """A text's words in lower case with typographic quotes folded, as UTF-8 (which sorts as the text does).

    Plain ASCII text, nearly all of it, is split by the byte table made from the same pattern, at C speed.
    """
    if text.isascii():
        return text.encode().translate(_ASCII_WORDS).split()
    return [word.encode() for word in _WORD.findall(text.translate(QUOTES).lower())]


def _shingles(words: list[bytes]) -> frozenset[bytes]:
    """A text's two-word phrases (the word itself for a one-word text)."""
    if len(words) < 2:
        return frozenset(words)
    return frozenset(a + b" " + b for a, b in zip(words, words[1:], strict=False))


def check(fw: Framework) -> Iterator[Problem]:
    groups: dict[type, list[Element]] = {}
    for element in fw.iter_elements():
        if not element.retired and not isinstance(element, Source):
            groups.setdefault(type(element), []).append(element)
    for elements in groups.values():
        yield from _near_pairs(elements)


def _near_pairs(elements: list[Element]) -> Iterator[Problem]:
    texts = [_words(getattr(element, field)) if (field := main_field(element)) else [] for element in elements]
    distinct = list(map(set, texts))
    counts = Counter(chain.from_iterable(distinct))
    rank = {word: n for n, word in enumerate(sorted(counts, key=lambda w: (counts[w], w)))}  # rarest first
    buckets: dict[tuple[int, ...], list[int]] = {}
    for n, words in enumerate(distinct):
        rarest = sorted(map(rank.__getitem__, words))[:3]
        if len(rarest) >= 2:
            for key in combinations(rarest, 2):
                buckets.setdefault(key, []).append(n)
    shingles: dict[int, frozenset[str]] = {}
    reported: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) > _MAX_BUCKET:
            continue
        for i, j in combinations(members, 2):
            if (i, j) in reported:
                continue
            a = shingles.get(i) or shingles.setdefault(i, _shingles(texts[i]))
            b = shingles.get(j) or shingles.setdefault(j, _shingles(texts[j]))
            shared = len(a & b)
            if shared < THRESHOLD * (len(a) + len(b) - shared):
                continue
            reported.add((i, j))
            first, second = elements[i], elements[j]
            field = main_field(second)
            yield Problem(second.where(field), CODE,
                          f"{second.LABEL} {second.id}: its {field} is nearly the same as that of {first.id} "
                          f"({round(100 * shared / (len(a) + len(b) - shared))}% of its phrases)",
                          "warning", second.id,
                          "merge the two (retire one, replaced_by the other), or make each say what the other "
                          "does not")
