"""Career stages or a capability's descriptors are not listed in stage order.

What: the career stages are not listed in rank order, or a capability lists its
descriptors out of the order of the career stages they describe.

Why: the files are read by people as well as tools; a list that runs S1, S3, S2
is easy to misread and to edit in the wrong place. Every export puts them in
stage order anyway, so the order written is only for readers of the YAML.

Example::

    descriptors:
      - stage: ahpfw:STAGE-0002     # listed before the first stage
        text: Leads feedback for a team.
      - stage: ahpfw:STAGE-0001
        text: Gives timely feedback to a learner.

Fix: list stages, and each capability's descriptors, from the first stage to the last.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Framework
from ..problems import Problem
from ._stage_lists import capabilities_listing

CODE = "AHP023"
NAME = "listing-order"
SUMMARY = "Career stages, and each capability's descriptors, are listed in stage order."
SEVERITY = "warning"


def check(fw: Framework) -> Iterator[Problem]:
    ranks = [s.rank for s in fw.career_stages]
    if ranks != sorted(ranks):
        for stage, previous in zip(fw.career_stages[1:], fw.career_stages[:-1], strict=True):
            if stage.rank < previous.rank:
                yield Problem(stage.location, CODE,
                              f"career stage {stage.id} (rank {stage.rank}) is listed after rank {previous.rank}",
                              severity=SEVERITY, element_id=stage.id, hint="list stages in rank order")
    rank_of = {s.id: s.rank for s in fw.career_stages}

    def out_of_order(stages: tuple[str, ...]) -> bool:
        listed = [rank_of[stage] for stage in stages if stage in rank_of]
        return listed != sorted(listed)

    for cap in capabilities_listing(fw, out_of_order):
        yield Problem(cap.where("descriptors"), CODE,
                      f"capability {cap.id} lists its descriptors out of career-stage order",
                      severity=SEVERITY, element_id=cap.id,
                      hint="list descriptors from the first stage to the last")
