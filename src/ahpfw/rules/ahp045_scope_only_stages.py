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
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Capability, Framework
from ..problems import Problem

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


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _opening(text: str) -> str:
    """A descriptor's first word (its verb), a final "s" dropped: the cheap first test."""
    first = text.split(None, 1)
    return _stem(first[0].lower()) if first else ""


def _words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the main clause's words that are not scope or small words, a final "s" dropped; its scope words)."""
    words = _WORD.findall(_CLAUSE.split(text, maxsplit=1)[0].lower())
    scope = frozenset(w for w in words if w in SCOPE_WORDS)
    rest = frozenset(_stem(w) for w in words if w not in SCOPE_WORDS and w not in _SMALL)
    return rest, scope


def check(fw: Framework) -> Iterator[Problem]:
    order = {stage.id: n for n, stage in enumerate(fw.stages_in_order)}
    labels = {stage.id: stage.code or stage.name for stage in fw.career_stages}
    for cap in fw.capabilities.values():
        if cap.retired or len(cap.descriptors) < 2:
            continue
        yield from _check_capability(cap, order, labels)


def _check_capability(cap: Capability, order: dict[str, int], labels: dict[str, str]) -> Iterator[Problem]:
    ranked = sorted((d for d in cap.descriptors if d.stage in order), key=lambda d: order[d.stage])
    openings = [_opening(d.text) for d in ranked]
    for n, (lower, higher) in enumerate(zip(ranked, ranked[1:], strict=False)):
        if order[higher.stage] != order[lower.stage] + 1 or not openings[n] or openings[n] != openings[n + 1]:
            continue  # a stage skipped, or another opening verb: a different activity
        (rest_a, scope_a), (rest_b, scope_b) = _words(lower.text), _words(higher.text)
        if (len(rest_a) < _MIN_WORDS or len(rest_b) < _MIN_WORDS or scope_a == scope_b
                or len(rest_a & rest_b) < OVERLAP * len(rest_a | rest_b)):
            continue
        a, b = labels[lower.stage], labels[higher.stage]
        was, now = (", ".join(sorted(words - _LINKING)) or "-" for words in (scope_a, scope_b))
        yield Problem(higher.where("text"), CODE,
                      f"capability {cap.id}: the {b} descriptor repeats the {a} one at another scope "
                      f"({was} → {now}): {_CLAUSE.split(higher.text, maxsplit=1)[0].strip()!r}",
                      "warning", cap.id,
                      f"say what changes in depth at {b} (judgement, scholarship, innovation, developing "
                      "others), not only where it applies")
