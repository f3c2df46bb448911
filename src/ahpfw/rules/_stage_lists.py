"""The career stages each capability's descriptors name, capabilities grouped by that list.

Nearly every capability of a framework lists the same stages in the same order, so the
rules about descriptors' stages (AHP013, AHP014, AHP045) work each distinct list out once
and visit only the capabilities whose list calls for it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain, repeat
from operator import attrgetter
from typing import NamedTuple

from ..model import Capability, Framework, per_framework

DESCRIPTORS = attrgetter("descriptors")
_STAGE = attrgetter("stage")


class StageLists(NamedTuple):
    """Every capability, and the places of those listing each distinct sequence of stages."""

    capabilities: list[Capability]  # the framework's capabilities, in document order
    groups: dict[tuple[str, ...], list[int]]  # the stages a capability's descriptors name, as listed -> its places


@per_framework
def stage_lists(fw: Framework) -> StageLists:
    """The framework's capabilities grouped by the stages their descriptors name (shared by the rules)."""
    capabilities = list(fw.capabilities.values())
    groups: dict[tuple[str, ...], list[int]] = {}
    for place, stages in enumerate(map(tuple, map(map, repeat(_STAGE), map(DESCRIPTORS, capabilities)))):
        groups.setdefault(stages, []).append(place)
    return StageLists(capabilities, groups)


def capabilities_listing(fw: Framework, wanted: Callable[[tuple[str, ...]], bool]) -> list[Capability]:
    """The capabilities whose descriptors' stages (as listed) ``wanted`` says yes to, in document order."""
    lists = stage_lists(fw)
    places = chain.from_iterable(members for stages, members in lists.groups.items() if wanted(stages))
    return [lists.capabilities[place] for place in sorted(places)]
