"""The career stages are not in one clear order.

What: two career stages share a ``rank``, the ranks do not run 1, 2, 3... without
gaps, the stages are not listed in rank order, or a capability lists its
descriptors out of stage order.

Why: the career route runs from a first educator role to expert practice; every
export and reader relies on one unambiguous order.

Example::

    - id: ahpfw:STAGE-0002
      rank: 3        # but no stage has rank 2

Fix: number the ranks 1, 2, 3... in the order the stages build on each other,
and list stages and descriptors in that order.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Framework
from ..problems import Problem
from ._stage_lists import capabilities_listing

CODE = "AHP014"
NAME = "stage-order"
SUMMARY = "Career stages have ranks 1..n with no gaps or ties, listed in order."


def check(fw: Framework) -> Iterator[Problem]:
    by_rank: dict[int, str] = {}
    for stage in fw.career_stages:
        if stage.rank in by_rank:
            yield Problem(stage.where("rank"), CODE,
                          f"career stage {stage.id} has rank {stage.rank}, like {by_rank[stage.rank]}",
                          element_id=stage.id, hint="give each stage its own rank")
        by_rank.setdefault(stage.rank, stage.id)
    expected = list(range(1, len(fw.career_stages) + 1))
    if sorted(by_rank) != expected[: len(by_rank)]:
        first = fw.career_stages[0] if fw.career_stages else None
        if first is not None:
            yield Problem(first.where("rank"), CODE,
                          f"career stage ranks are {sorted(by_rank)}; they should run 1 to {len(by_rank)} without gaps",
                          element_id=first.id)
    ranks = [s.rank for s in fw.career_stages]
    if ranks != sorted(ranks):
        for stage, previous in zip(fw.career_stages[1:], fw.career_stages[:-1], strict=True):
            if stage.rank < previous.rank:
                yield Problem(stage.location, CODE,
                              f"career stage {stage.id} (rank {stage.rank}) is listed after rank {previous.rank}",
                              severity="warning", element_id=stage.id, hint="list stages in rank order")
    rank_of = {s.id: s.rank for s in fw.career_stages}

    def out_of_order(stages: tuple[str, ...]) -> bool:
        listed = [rank_of[stage] for stage in stages if stage in rank_of]
        return listed != sorted(listed)

    for cap in capabilities_listing(fw, out_of_order):
        yield Problem(cap.where("descriptors"), CODE,
                      f"capability {cap.id} lists its descriptors out of career-stage order",
                      severity="warning", element_id=cap.id, hint="list descriptors from the first stage to the last")
