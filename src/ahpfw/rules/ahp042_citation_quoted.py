"""An element cites a source but quotes nothing from it.

What: an element lists a source under ``sources`` but none of its evidence
quotes (nor those of its descriptors) comes from that source. The rule applies
to a framework that declares provenance (any element with an ``origin``).

Why: a citation says "this source supports this element". Without the words
that support it, a reader cannot check the claim, and a source cited for
everything (a landing page cited by every domain) ends up supporting nothing.

Example::

    - id: ahpfw:PRIN-0006
      sources: [ahpfw:SRC-0005]
      evidence: []          # the 2013 strategy's "fairness" is about investment, not inclusion

Fix: add the source's supporting words under ``evidence``, or take the source
out of ``sources`` when it does not support the element.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Capability, Framework, Source
from ..problems import Problem
from ..provenance.evidence import declares

CODE = "AHP042"
NAME = "citation-quoted"
SUMMARY = "Each source an element cites has at least one evidence quote from it."
SEVERITY = "warning"


def check(fw: Framework) -> Iterator[Problem]:
    if not declares(fw):
        return
    for element in fw.iter_elements():
        if isinstance(element, Source) or not element.sources:
            continue
        quoted = {evidence.source for evidence in element.evidence}
        if isinstance(element, Capability):
            quoted.update(evidence.source for d in element.descriptors for evidence in d.evidence)
        missing = [source for source in element.sources if source not in quoted]
        if missing:
            yield Problem(element.where("sources"), CODE,
                          f"{element.LABEL} {element.id} cites {', '.join(missing)} but quotes nothing from "
                          f"{'it' if len(missing) == 1 else 'them'}", "warning", element.id,
                          "add the words that support it under 'evidence:', or remove the citation")
