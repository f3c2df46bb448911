"""An evidence quote is not in the archived text of its source.

What: an element, descriptor or crosswalk mapping gives ``evidence`` whose
``quote`` does not occur in the archived text of its ``source`` (the file the
source's ``archive`` names, after its header). Only white space and curly versus
straight quotes and apostrophes may differ; spelling, capitals and punctuation
must match. A cited source with no archived text, or an archive file that is
missing, unreadable or has no header, is reported once, at the source.

Why: a quote is a promise to the reader that the source says exactly this.
Checking every quote against the archived text catches misquotes, paraphrases
presented as quotes and quotes attributed to the wrong document.

Example::

    evidence:
      - source: ahpfw:SRC-0002
        quote: clinical pressures were the main barrier   # the survey lists barriers; it ranks none

Fix: copy the words exactly from the archived text under ``sources/`` (the hint
says where the quote stops matching), cite the source that says it, or, when the
words are your own, drop the quote and mark the text ``origin: drafted``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Framework
from ..problems import Problem
from ..project import Project
from ..provenance.evidence import giving_evidence, iter_provenance, quote_problems, sources_of, with_evidence
from ._crosswalks import justifications

CODE = "AHP040"
NAME = "quote-found"
SUMMARY = "Every evidence quote occurs, word for word, in the archived text of its source."


def check(fw: Framework, project: Project) -> Iterator[Problem]:
    yield from quote_problems(iter_provenance(fw, with_evidence, giving_evidence),
                              sources_of((fw, project.archives(fw))))


def check_crosswalks(project: Project) -> Iterator[Problem]:
    """The quotes of the crosswalks' justifications, against the sources of either framework."""
    for _ms, items, _declared, lookup in justifications(project):
        yield from quote_problems(items, lookup)
