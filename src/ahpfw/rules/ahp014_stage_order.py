"""The career stages are not in one clear order.

What: two career stages share a ``rank``, or the ranks do not run 1, 2, 3...
without gaps. (Stages or descriptors merely listed out of order: AHP023.)

Why: the career route runs from a first educator role to expert practice; every
export and reader relies on one unambiguous order.

Example::

    - id: ahpfw:STAGE-0002
      rank: 3        # but no stage has rank 2

Fix: number the ranks 1, 2, 3... in the order the stages build on each other.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Framework
from ..problems import Problem

CODE = "AHP014"
NAME = "stage-order"
SUMMARY = "Career stages have ranks 1..n with no gaps or ties."


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
