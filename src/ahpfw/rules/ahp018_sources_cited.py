"""An element does not cite a source.

What: an element other than a source has an empty ``sources`` list, is not marked
``origin: drafted`` and quotes no source in ``evidence``. Career-stage descriptors
share the sources of their capability, and capabilities may rely on their
domain's sources. Drafted text is the editors' own words, so it need cite nothing
(it says so instead).

Why: every element of the framework must be traceable to the evidence it was
written from (the survey, the strategy, the draft framework), so readers and
reviewers can check it.

Example::

    - id: ahpfw:PRIN-0003
      name: Protected time for education
      description: ...
      # no 'sources:'

Fix: add ``sources: [ahpfw:SRC-000n]`` naming the documents in sources.yaml
that support the element (with ``evidence`` quoting them), or, if no source says
it, mark it ``origin: drafted``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Capability, Framework, Source
from ..problems import Problem

CODE = "AHP018"
NAME = "sources-cited"
SUMMARY = "Every element cites at least one source (capabilities may inherit their domain's), unless it is drafted."


def check(fw: Framework) -> Iterator[Problem]:
    domains = {d.id: d for d in fw.domains}
    for element in fw.iter_elements():
        if isinstance(element, Source) or element.sources or element.evidence or element.origin == "drafted":
            continue
        if isinstance(element, Capability) and element.domain in domains and domains[element.domain].sources:
            continue
        yield Problem(element.location, CODE, f"{element.LABEL} {element.id} cites no source",
                      element_id=element.id,
                      hint="add 'sources: [ahpfw:SRC-...]' naming its evidence, or mark it 'origin: drafted'")
