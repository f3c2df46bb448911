"""Display codes clash or do not follow their domain.

What: two elements of the same kind share a display ``code``, or a capability's
code does not start with its domain's code (capability ``2.3`` belongs in domain ``2``).

Why: people cite codes in consultation responses and conversations ("see 2.3");
an ambiguous code sends them to the wrong place. Codes may be renumbered
between versions; identifiers may not.

Example::

    - id: ahpfw:DOM-0002
      code: "2"
      capabilities:
        - id: ahpfw:CAP-0010
          code: "3.1"      # should be 2.something

Fix: renumber the code. Only the code changes; the id stays the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Capability, Domain, Element, Framework
from ..problems import Problem

CODE = "AHP015"
NAME = "display-codes"
SUMMARY = "Display codes are unique within their kind and capabilities are numbered within their domain."


def check(fw: Framework) -> Iterator[Problem]:
    seen: dict[tuple[type, str], Element] = {}
    domains = {d.id: d for d in fw.domains}
    for element in fw.iter_elements():
        if element.code is None or element.retired:
            continue
        key = (type(element), element.code)
        earlier = seen.setdefault(key, element)
        if earlier is not element:
            yield Problem(element.where("code"), CODE,
                          f"{element.LABEL} {element.id} has code {element.code}, already used by {earlier.id}",
                          element_id=element.id, hint="renumber one of them (the id stays the same)")
        if isinstance(element, Capability):
            domain: Domain | None = domains.get(element.domain)
            if domain is not None and domain.code and not element.code.startswith(domain.code + "."):
                yield Problem(element.where("code"), CODE,
                              f"capability {element.id} has code {element.code} but sits in domain {domain.code}; "
                              f"its code should start with '{domain.code}.'",
                              element_id=element.id)
