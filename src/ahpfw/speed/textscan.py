"""Where placeholders and figures may be: one search of all of a framework's texts serves two rules.

AHP017 (placeholder text) looks for text that is empty or a placeholder, AHP041
(numbers backed) for text that states a number. Both would otherwise look at
every one of a big framework's million texts in Python; :func:`scan` searches them
all at once instead (see :mod:`ahpfw.speed.screen`) and says, group by group, which
objects may hold a placeholder and which a figure, for the rules to check exactly.
The answer is kept for the last framework scanned (it holds only numbers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Framework, model_fields, per_framework, schema_of
from .screen import groups, owners_of, texts_holding, texts_of

if TYPE_CHECKING:
    from ..schema.info import SchemaInfo

#: What a placeholder holds, lower-cased; :data:`_PLACEHOLDER` must match too (a marker as a whole word).
_MARKERS = ("todo", "tbc", "tbd", "fixme", "xxx", "lorem ipsum", "???")
_PLACEHOLDER = re.compile(r"\b(?:TODO|TBC|TBD|FIXME|XXX+|lorem ipsum)\b|\?\?\?", re.IGNORECASE)
_WORD = re.compile(r"\w")


def is_placeholder(value: str) -> bool:
    """True for text with no words at all, or with a placeholder marker such as TODO or TBC."""
    if _WORD.search(value) is None:
        return True
    lowered = value.lower()
    return any(marker in lowered for marker in _MARKERS) and _PLACEHOLDER.search(value) is not None


def text_fields(schema: SchemaInfo, cls: type) -> tuple[str, ...]:
    """The fields of a class that AHP017 checks: those the schema annotates ``placeholders: check``."""
    return schema.fields(cls, "placeholders", "check")


# The placeholder search: texts are lower-cased and folded so that one search finds several markers
# (todo, tbc and tbd all hold "toC" once b, c and d are folded; fixme and xxx hold "xxx" once i and m
# are), so a text holding a marker holds a folded one. A text with no word character at all starts
# with a byte that is no ASCII word character, or is empty (lower-casing and folding map letters to
# letters, and digits to the digit 0): the pattern finds those. So every text is_placeholder accepts
# is found, and a few more. The figure search finds the digit 0: a text holding any digit.
_FOLD = bytes.maketrans(b"bcdim123456789", b"oCCxx000000000")
_NO_WORD = re.compile(rb"\x00\W")


def _needles() -> tuple[tuple[bytes, bytes], ...]:
    """(folded marker to find, gate) pairs: for each marker, the shortest folded marker inside its folded
    form, with a rare character that all the markers it stands for hold (or b"": see texts_holding)."""
    folded = [marker.encode().translate(_FOLD) for marker in _MARKERS]
    stands_for: dict[bytes, list[str]] = {}
    for marker, word in zip(_MARKERS, folded, strict=True):
        stands_for.setdefault(min((other for other in folded if other in word), key=len), []).append(marker)
    return tuple((needle, next((c.encode() for c in "?x" if all(c in m for m in markers)), b""))
                 for needle, markers in stands_for.items())


PLACEHOLDER_SEARCH = (_needles(), _NO_WORD)
#: The figure search: a text with a digit (what evidence.with_figures keeps), all folded to 0.
FIGURE_SEARCH = (((b"0", b""),), None)


def may_be_placeholders(texts: Sequence[str]) -> set[int]:
    """The indices of ``texts`` that may be placeholders: all that :func:`is_placeholder` accepts, and a few more."""
    return texts_holding(texts, (PLACEHOLDER_SEARCH,), lower=True, fold=_FOLD)[0]




@dataclass(frozen=True)
class Scan:
    """The objects of each group (:func:`ahpfw.speed.screen.groups`), by index, that may hold a placeholder
    in a field AHP017 checks, and that hold a digit in a field AHP041 checks."""

    placeholders: Mapping[str, Sequence[int]]
    figures: Mapping[str, Sequence[int]]

    def placeholder_screen(self, group: str, _objects: Sequence[Any]) -> Sequence[int]:
        """A :data:`ahpfw.speed.screen.Screen` of the objects that may hold a placeholder."""
        return self.placeholders.get(group, ())

    def figure_screen(self, group: str, _objects: Sequence[Any]) -> Sequence[int]:
        """A :data:`ahpfw.speed.screen.Screen` of the objects that hold a digit."""
        return self.figures.get(group, ())


@per_framework
def scan(fw: Framework) -> Scan:
    """Which objects of ``fw`` may hold a placeholder, and which a figure."""
    schema = schema_of(fw)

    def scanned(cls: type) -> tuple[str, ...]:
        return model_fields(cls, dict.fromkeys(text_fields(schema, cls) + schema.fields(cls, "numbers", "check")))

    placeholders: dict[str, Sequence[int]] = {}
    figures: dict[str, Sequence[int]] = {}
    for group, objects in groups(fw).items():
        if objects:
            texts, owners = texts_of(objects, scanned)
            maybe, digits = texts_holding(texts, (PLACEHOLDER_SEARCH, FIGURE_SEARCH), lower=True, fold=_FOLD)
            placeholders[group] = owners_of(maybe, owners)
            figures[group] = owners_of(digits, owners)
            if _has_more(schema, type(objects[0])):  # fields the model lacks: the screen cannot see them
                placeholders[group] = figures[group] = range(len(objects))
    return Scan(placeholders, figures)


def _has_more(schema: SchemaInfo, cls: type) -> bool:
    """Whether the schema annotates fields of ``cls`` for AHP017 or AHP041 that the model class does not have."""
    wanted = text_fields(schema, cls) + schema.fields(cls, "numbers", "check")
    return len(model_fields(cls, wanted)) < len(wanted)
