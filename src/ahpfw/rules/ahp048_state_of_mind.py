"""A descriptor names a state of mind, not something the educator does.

What: a stage descriptor, or a capability's statement, whose main verb says
what the educator knows, feels or values rather than what they do. A main verb
is the one the text opens with, or one joined to it by "and", "or", a comma or
a semicolon ("Notices ..., responds ... and knows where ..."); a verb in a
clause about someone else ("checks that the learner understands") is not one.
The words looked for are :data:`STATE_OF_MIND`; the few that are also plural
nouns ("NHS values", "needs and wants") count only as the text's first word.
Compared in lower case.

Why: educators rate themselves against the descriptors, and a colleague or a
portfolio must be able to confirm the rating. As with learning outcomes, a
descriptor says what the educator does, which can be seen or evidenced;
"understands", "is aware of" or "values" can be claimed by anyone and shown by
no one.

Example::

    - stage: ahpfw:STAGE-0001
      text: Sees education as part of their own professional identity.

Fix: name the action that shows the state of mind: "explains", "applies",
"chooses", "asks", "plans", "records", "acts on". "Knows the standards that
apply" becomes "Works to the standards that apply and says which ones they
are working to". To look for another word, add it to ``STATE_OF_MIND`` (and to
``ALSO_NOUNS`` if it is also a plural noun).

How it scales: one search of all the descriptors' and statements' texts at once
finds those holding one of the words (:mod:`ahpfw.speed.screen`); only those are
read clause by clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from operator import attrgetter
from typing import Any

from ..model import Capability, Framework, LevelDescriptor, per_framework
from ..problems import Problem
from ..speed.screen import Screen, groups, texts_holding, walk

CODE = "AHP048"
NAME = "state-of-mind"
SUMMARY = "Descriptors and statements say what an educator does, not what they know, feel or value."
SEVERITY = "warning"

#: Verbs and verb phrases (third person, lower case) that describe a state of mind rather than an action.
#: "..." stands for one to six words of the same clause ("sees education as").
STATE_OF_MIND = (
    "understands", "has an understanding of", "has a good understanding of", "knows", "is aware",
    "has an awareness of", "is familiar with", "appreciates", "values", "recognises", "recognizes",
    "realises", "realizes", "believes", "feels", "is curious", "is interested in", "is committed to",
    "is confident", "is passionate about", "is open to", "cares about", "sees ... as", "wants", "enjoys",
)
#: Words of :data:`STATE_OF_MIND` that are also plural nouns: a main verb only as the text's first word.
ALSO_NOUNS = ("values", "wants")

#: Where a phrase says "...": one to six words of the same clause.
_GAP = r"(?:\s+[^\s,;.:]+){1,6}?"


def _phrase(words: str) -> str:
    """A phrase of :data:`STATE_OF_MIND` as a pattern: words apart by any white space, "..." a gap."""
    pattern = ""
    for word in words.split():
        pattern += _GAP if word == "..." else (r"\s+" if pattern else "") + re.escape(word)
    return pattern


def _alternation(phrases: Sequence[str]) -> str:
    return "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True))


# White space and word boundaries are ASCII ones, as the screen's are.
_OPENING = re.compile(rf"\s*(?P<verb>{_alternation(STATE_OF_MIND)})\b", re.ASCII)
_JOINED = re.compile(rf"(?:[,;]\s+(?:and\s+|or\s+)?|\s(?:and|or)\s+)"
                     rf"(?P<verb>{_alternation([p for p in STATE_OF_MIND if p not in ALSO_NOUNS])})\b", re.ASCII)


def state_of_mind(text: str) -> str | None:
    """The state-of-mind verb (as written, lower case) that is a main verb of ``text``, or None."""
    lowered = text.lower()
    found = _OPENING.match(lowered) or _JOINED.search(lowered)
    return " ".join(found.group("verb").split()) if found else None


# The screen: one search of the texts, lower-cased, with commas and semicolons folded to NUL (which starts
# each text too) and ASCII white space to a space, for a clause that opens with the first word of a phrase,
# after a NUL, "and" or "or". Each pattern starts with a literal, which the regular expression engine finds
# quickly; a text the rule reports holds a match. It may flag more (a phrase's first word alone, "values"
# after a comma, "band knows"): the rule's own check decides.
_FOLD = bytes.maketrans(b",;\t\n\r\x0b\x0c", b"\x00\x00     ")
_FIRST_WORDS = "|".join(sorted({re.escape(p.split()[0]) for p in STATE_OF_MIND}, key=len, reverse=True))
SEARCHES = tuple(((), re.compile(rf"{start} *(?:{_FIRST_WORDS})".encode())) for start in (r"\x00", "and ", "or "))
#: The field of each group that is searched.
_FIELDS = {"descriptors": "text", "capabilities": "statement"}


@per_framework
def _flagged(fw: Framework) -> dict[str, list[int]]:
    table = groups(fw)
    found: dict[str, list[int]] = {}
    for group, name in _FIELDS.items():
        objects = table[group]
        hits = texts_holding(list(map(attrgetter(name), objects)), SEARCHES, lower=True, fold=_FOLD)
        found[group] = sorted(set().union(*hits))
    return found


def may_hold_state_of_mind(fw: Framework) -> Screen:
    """A :data:`ahpfw.speed.screen.Screen` of the descriptors and capabilities whose text may hold a state of mind."""
    flagged = _flagged(fw)
    return lambda group, _objects: flagged.get(group, ())


def check(fw: Framework) -> Iterator[Problem]:
    stages = {stage.id: stage.code or stage.name for stage in fw.career_stages}
    for obj, capability in walk(fw, may_hold_state_of_mind(fw)):
        yield from _problems(obj, capability, stages)


def _problems(obj: Any, capability: Capability | None, stages: dict[str, str]) -> Iterator[Problem]:
    if isinstance(obj, LevelDescriptor) and capability is not None:
        if capability.retired or not isinstance(obj.text, str) or (verb := state_of_mind(obj.text)) is None:
            return
        where, what = obj.where("text"), f"the {stages.get(obj.stage, obj.stage)} descriptor"
        owner = capability
    elif isinstance(obj, Capability):
        if obj.retired or not isinstance(obj.statement, str) or (verb := state_of_mind(obj.statement)) is None:
            return
        where, what, owner = obj.where("statement"), "the statement", obj
    else:
        return
    yield Problem(where, CODE,
                  f"capability {owner.id}: the main verb of {what} ({verb!r}) names a state of mind, not "
                  "something done", "warning", owner.id,
                  "say what the educator does that shows it (explains, applies, chooses, asks, acts on...), "
                  "so that a colleague or evidence could confirm it")
