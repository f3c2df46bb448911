"""Two consecutive stages of a capability differ mainly in scope.

What: the descriptor for one career stage says what the one before it says,
only over a wider area: after leaving out scope words (team, service,
organisation, system, region, national, across...) and small words, the main
clause of the two descriptors (up to the first comma, semicolon or colon)
opens with the same verb and shares at least half its words (each has at least
three), while the scope words differ. Compared as written, with a plural or third-person "s" ignored.

Why: a career stage is about depth (judgement, scholarship, innovation,
developing others), not only reach. "Leads innovation in education across a
service" followed by "Leads innovation in AHP education across a system or
nationally" tells an educator nothing about how their practice grows.

Example::

    - stage: ahpfw:STAGE-0003
      text: Leads innovation in education across a service, ...
    - stage: ahpfw:STAGE-0004
      text: Leads innovation in AHP education across a system or nationally, ...

Fix: say what the later stage does differently, not only where: the harder
judgements it makes, the evidence it creates, whom it develops.

What it cannot tell: it compares words, not meaning, so it catches only a step
whose main clause is nearly the same sentence at a wider scope. A step that
changes its verb and object but still only widens reach ("Uses a coaching model
in supervision" then "Builds coaching into education across a service and
trains other educators") passes, and so does a step whose new words add no
depth. Whether a step raises autonomy, the complexity and uncertainty handled,
the use of evidence and judgement, or influence (the ``progression`` of each
career stage) is for a reader to judge: read each step against it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from operator import attrgetter, itemgetter
from string import ascii_lowercase, ascii_uppercase

from ..model import Capability, Framework, LevelDescriptor
from ..problems import Problem
from ._stage_lists import stage_lists

CODE = "AHP045"
NAME = "scope-only-stages"
SUMMARY = "Consecutive stage descriptors of a capability differ in more than their scope words."
SEVERITY = "warning"

#: Words that say where or how widely something happens, not what is done.
SCOPE_WORDS = frozenset(
    "team teams service services department departments organisation organisations organisational organization "
    "organizations trust trusts system systems pan national nationally nation region regions regional regionally "
    "local locally across within beyond wider whole several many multiple area areas level levels country "
    "countries sector sectors one".split())
#: Small words left out of the comparison.
_SMALL = frozenset(
    "a an the and or of to in on for with by as at from into their them they its it is are be been this that "
    "these those who which what when where how can may will should so than then each every all any some other "
    "our we you not no more most both also only about up own such".split())
#: Scope words that only link a place to the text; left out when naming the new scope.
_LINKING = frozenset("across within beyond pan several many multiple whole wider".split())
_CLAUSE = re.compile(r"[,;:]")
_WORD = re.compile(r"[a-z0-9]+")
#: Main clauses with fewer words than this (verb included) are too short to judge.
_MIN_WORDS = 3
#: The main clauses must share at least this share of their words (Jaccard) to count as the same.
OVERLAP = 0.5


@lru_cache(maxsize=1 << 16)  # a framework uses a few thousand words, each thousands of times
def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _opening(text: str) -> str:
    """A descriptor's first word (its verb), a final "s" dropped: the cheap first test."""
    first = text.split(None, 1)
    return _stem(first[0].lower()) if first else ""


#: Two letters as a sentence starts: a capital, then a small letter (all ASCII).
_CAPITALISED = frozenset(capital + small for capital in ascii_uppercase for small in ascii_lowercase)
_HEAD = itemgetter(slice(2))  # a text's first two characters


def _open_alike(texts: list[str], pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs of texts (places in ``texts``) that open with the same verb, as ``_opening`` says.

    Most do not, and show it in their first two characters: two different capitalised
    starts ("Le", "Pl") cannot open alike, since ``_opening`` lowers the first word and
    only ever drops a final letter of a word longer than three. Only other pairs are split.
    """
    heads = list(map(_HEAD, texts))
    return [(a, b) for a, b in pairs
            if (heads[a] == heads[b] or heads[a] not in _CAPITALISED or heads[b] not in _CAPITALISED)
            and (opening := _opening(texts[a])) != "" and opening == _opening(texts[b])]


def _words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the main clause's words that are not scope or small words, a final "s" dropped; its scope words)."""
    words = _WORD.findall(_CLAUSE.split(text, maxsplit=1)[0].lower())
    scope = SCOPE_WORDS.intersection(words)
    rest = frozenset(map(_stem, set(words).difference(SCOPE_WORDS, _SMALL)))
    return rest, scope


_TEXT = attrgetter("text")


def check(fw: Framework) -> Iterator[Problem]:
    order = {stage.id: n for n, stage in enumerate(fw.stages_in_order)}
    labels = {stage.id: stage.code or stage.name for stage in fw.career_stages}
    lists = stage_lists(fw)
    found: list[tuple[int, list[Problem]]] = []  # (capability's place, its problems)
    for stages, members in lists.groups.items():
        pairs = _consecutive(stages, order)
        for place in members if pairs else ():
            cap = lists.capabilities[place]
            alike = _open_alike(list(map(_TEXT, cap.descriptors)), pairs)
            if alike and not cap.retired:
                found.append((place, [p for lower, higher in alike
                                      for p in _compare(cap, cap.descriptors[lower], cap.descriptors[higher], labels)]))
    for _, problems in sorted(found, key=itemgetter(0)):
        yield from problems


def _consecutive(stages: tuple[str, ...], order: dict[str, int]) -> list[tuple[int, int]]:
    """The places of descriptors for two consecutive career stages, the lower first, in stage order."""
    ranked = sorted((n for n, stage in enumerate(stages) if stage in order), key=lambda n: order[stages[n]])
    return [(lower, higher) for lower, higher in zip(ranked, ranked[1:], strict=False)
            if order[stages[higher]] == order[stages[lower]] + 1]


def _compare(cap: Capability, lower: LevelDescriptor, higher: LevelDescriptor,
             labels: dict[str, str]) -> Iterator[Problem]:
    """The problem, if two descriptors that open with the same verb differ only in scope."""
    (rest_a, scope_a), (rest_b, scope_b) = _words(lower.text), _words(higher.text)
    if (len(rest_a) < _MIN_WORDS or len(rest_b) < _MIN_WORDS or scope_a == scope_b
            or len(rest_a & rest_b) < OVERLAP * len(rest_a | rest_b)):
        return
    a, b = labels[lower.stage], labels[higher.stage]
    was, now = (", ".join(sorted(words - _LINKING)) or "-" for words in (scope_a, scope_b))
    yield Problem(higher.where("text"), CODE,
                  f"capability {cap.id}: the {b} descriptor repeats the {a} one at another scope "
                  f"({was} → {now}): {_CLAUSE.split(higher.text, maxsplit=1)[0].strip()!r}",
                  "warning", cap.id,
                  f"say what changes in depth at {b} (judgement, scholarship, innovation, developing "
                  "others), not only where it applies")
