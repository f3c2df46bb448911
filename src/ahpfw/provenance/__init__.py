"""How an element's text came about, in words for readers.

One place for the sentence every export shows beside an element (CASE ``notes``, the
spreadsheet's Evidence column): whether its text is quoted, adapted or drafted, and
the words of the sources that support it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Capability, Element, Evidence, Framework, LevelDescriptor

#: The opening words for each origin (the schema's TextOrigin).
ORIGIN_PHRASES = {
    "quoted": "Quoted from",
    "adapted": "Adapted from",
    "drafted": "Drafted by the editors of this rendering",
}


def source_label(fw: Framework, source_id: str) -> str:
    """A source as readers see it (``SRC2 London survey of AHP education roles``), or its id if unknown."""
    source = fw.elements.get(source_id)
    return source.label if source is not None else source_id


def evidence_lines(fw: Framework, evidence: Sequence[Evidence]) -> list[str]:
    """One line per quote: ``SRC2 London survey ...: “the source's words”``."""
    return [f"{source_label(fw, e.source)}: \u201c{e.quote}\u201d" for e in evidence]


def describe(fw: Framework, origin: str | None, evidence: Sequence[Evidence] = (),
             figure_source: str | None = None, note: str | None = None) -> str | None:
    """The provenance of one element (or descriptor) as plain text, or None when it records none.

    For example ``Adapted from SRC2 London survey of AHP education roles.`` followed by
    ``Evidence: SRC2 ...: “...”`` lines; drafted text says so and lists any quotes that
    support a fact it states, where a figure comes from, and the editors' note on its origin.
    """
    if origin is None and not evidence:
        return None
    sources = list(dict.fromkeys(e.source for e in evidence))
    if origin in ("quoted", "adapted"):
        head = f"{ORIGIN_PHRASES[origin]} {' and '.join(source_label(fw, s) for s in sources)}."
    elif origin == "drafted":
        head = f"{ORIGIN_PHRASES['drafted']}."
    else:
        head = "Supported by its sources."
    lines = [head]
    if evidence:
        lines.append("Evidence:" if origin != "drafted" else "Supporting evidence:")
        lines += evidence_lines(fw, evidence)
    if figure_source:
        lines.append(f"Figures: {figure_source}")
    if note:
        lines.append(f"Note: {note}")
    return "\n".join(lines)


def describe_own(fw: Framework, holder: Element | LevelDescriptor) -> str | None:
    """:func:`describe` of what an element or descriptor records itself (origin, evidence, figures, note)."""
    return describe(fw, holder.origin, holder.evidence, holder.figure_source, holder.origin_note)


def of_descriptor(capability: Capability, descriptor: LevelDescriptor) -> tuple[str | None, tuple[Evidence, ...],
                                                                             str | None, str | None]:
    """A descriptor's (origin, evidence, figure_source, origin_note): its own, or its capability's when it gives
    no origin (quoted or adapted text then shows the capability's quotes; drafted text only its own)."""
    if descriptor.origin is not None:
        return descriptor.origin, descriptor.evidence, descriptor.figure_source, descriptor.origin_note
    origin = capability.origin
    evidence = descriptor.evidence if origin == "drafted" else descriptor.evidence + capability.evidence
    return origin, evidence, capability.figure_source, descriptor.origin_note


def related_works_text(fw: Framework) -> str | None:
    """The works this framework is related to, one line each (``renders: Title (Publisher) URL``), or None."""
    lines = [" ".join(part for part in (f"{w.relation}: {w.title} ({w.publisher})", w.url) if part)
             for w in fw.related_works]
    return "\n".join(lines) or None
