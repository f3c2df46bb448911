"""A capability is not described at every career stage exactly once.

What: an active capability has no descriptor for some career stage, or two
descriptors for the same stage.

Why: the framework is a career framework: a reader at any stage must find what
the capability looks like for them, and what it looks like at the next stage.

Example::

    descriptors:
      - stage: ahpfw:STAGE-0001
        text: Supports students on placement.
      # no descriptor for STAGE-0002, STAGE-0003, STAGE-0004

Fix: add one descriptor for each missing stage, written so that it builds on
the stage before; remove the duplicate.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Framework
from ..problems import Problem
from ._stage_lists import capabilities_listing

CODE = "AHP013"
NAME = "stage-coverage"
SUMMARY = "Every capability has exactly one descriptor for each career stage."


def check(fw: Framework) -> Iterator[Problem]:
    stages = [s.id for s in fw.stages_in_order]

    def faulty(listed: tuple[str, ...]) -> bool:  # a stage twice or one missing: what the loop below reports
        return len(set(listed)) < len(listed) or not set(listed).issuperset(stages)

    for cap in capabilities_listing(fw, faulty):
        if cap.retired:
            continue
        seen: dict[str, object] = {}
        for descriptor in cap.descriptors:
            if descriptor.stage in seen:
                yield Problem(descriptor.where("stage"), CODE,
                              f"capability {cap.id} has two descriptors for career stage {descriptor.stage}",
                              element_id=cap.id, hint="keep one descriptor per stage")
            seen[descriptor.stage] = descriptor
        for stage in stages:
            if stage not in seen:
                yield Problem(cap.where("descriptors"), CODE,
                              f"capability {cap.id} has no descriptor for career stage {stage}",
                              element_id=cap.id, hint=f"add '- stage: {stage}' with its text")
