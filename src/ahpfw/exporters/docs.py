"""``exports/docs/``: the whole framework as one readable document, in Markdown and HTML.

Contents, principles, pillars, career stages, then each domain with its
capabilities and, for each capability, its career-stage descriptors side by
side in a table; then roles, professions, learning needs, barriers,
priorities, resources, sources and mappings. Each element says where its words
come from (quoted, adapted or drafted, with the evidence quotes), in the words of
:mod:`ahpfw.provenance`, and the Sources table names each archived text. Every element has an anchor
named after its id (``ahpfw:CAP-0001`` -> ``id="ahpfw-CAP-0001"``) and shows its
CURIE, so links into the document are stable across versions.

Both renderings come from one list of blocks. All framework text is escaped:
in HTML every character that could start markup; in Markdown also the
characters that make emphasis, links, lists or headings, so no text in the
framework can inject HTML or links. The HTML is self-contained (inline CSS,
no scripts, no external requests) and prints cleanly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from markupsafe import Markup

from ..model import Element, Framework
from ..project import Project

FILES = ("docs/framework.md", "docs/framework.html")
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ("jinja2", "markupsafe")

ABOUT = {
    "docs/framework.md": (
        "Markdown (CommonMark with GitHub tables)",
        "people reading the framework on a code host or in an editor",
        "renders on any Markdown viewer; every element has an anchor `ahpfw-<KIND>-<number>`",
    ),
    "docs/framework.html": (
        "HTML5, self-contained, printable",
        "people reading or printing the framework in a browser",
        "any HTML checker (for example the W3C Nu checker); opens offline with no external requests",
    ),
}


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    level: int
    text: str
    anchor: str | None = None
    curie: str | None = None


@dataclass(frozen=True)
class Para:
    kind: ClassVar[str] = "para"
    text: str
    label: str | None = None  # shown in bold before the text


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    headers: tuple[str, ...]
    rows: tuple[tuple[str | None, tuple[str, ...]], ...]  # (anchor of the row's element or None, cells)
    css: str = ""


@dataclass(frozen=True)
class Contents:
    kind: ClassVar[str] = "contents"
    entries: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = field(default=())  # (text, anchor, below)


Block = Heading | Para | Table | Contents


def anchor(element_id: str) -> str:
    """The HTML id of an element's anchor: its CURIE with ':' replaced by '-'."""
    return element_id.replace(":", "-")


def _rows(items: Sequence[Element], cells) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
    """A table row per element, anchored to it: ``cells(element)`` gives its cells."""
    return tuple((anchor(e.id), tuple(cells(e))) for e in items)


#: The label of where an element's words come from (quoted, adapted or drafted, and the evidence).
ORIGIN = "Where the words come from"


def _origin_parts(fw: Framework, holder) -> list[tuple[str, str]]:
    """Where an element's (or descriptor's) words come from, as (label, text) pieces in the words every
    export uses (:mod:`ahpfw.provenance`): the origin, then each supporting quote, then where figures
    come from; [] when it records nothing."""
    from ..provenance import describe, evidence_lines

    text = describe(fw, holder.origin, holder.evidence, holder.figure_source, getattr(holder, "origin_note", None))
    if not text:
        return []
    quotes = "Supporting evidence" if holder.origin == "drafted" else "Evidence"
    parts = [(ORIGIN, text.split("\n", 1)[0]), *((quotes, line) for line in evidence_lines(fw, holder.evidence))]
    if holder.figure_source:
        parts.append(("Figures", holder.figure_source))
    if note := getattr(holder, "origin_note", None):
        parts.append(("Note", note))
    return parts


def _origin(fw: Framework, holder) -> str:
    """The same on one line, for a table cell."""
    return " ".join(text if label == ORIGIN else f"{label}: {text}" for label, text in _origin_parts(fw, holder))


def _origin_paras(fw: Framework, holder, where: str = "") -> list[Para]:
    """The same as labelled paragraphs (``where`` names a descriptor's stage)."""
    return [Para(text, f"{label}{where}") for label, text in _origin_parts(fw, holder)]


def _table(fw: Framework, headers: tuple[str, ...], items: Sequence[Element], cells) -> Table:
    """A table of elements, with a last column saying where their words come from when any records it."""
    if any(e.origin or e.evidence for e in items):
        return Table(headers + (ORIGIN,), _rows(items, lambda e: (*cells(e), _origin(fw, e))))
    return Table(headers, _rows(items, cells))


def _refs(fw: Framework, ids: Sequence[str]) -> str:
    return "; ".join(f"{fw.elements[i].label} ({i})" if i in fw.elements else i for i in ids)


def blocks(fw: Framework) -> list[Block]:
    """The document as a list of blocks, in reading order."""
    stages = fw.stages_in_order
    addressed: dict[str, list[str]] = {}  # need, barrier or priority id -> the capabilities that address it
    for cap in fw.capabilities.values():
        for ref in dict.fromkeys((*cap.meets_needs, *cap.addresses_barriers, *cap.supports_priorities)):
            addressed.setdefault(ref, []).append(cap.id)
    out: list[Block] = [Heading(1, f"{fw.title}", anchor(fw.id), fw.id)]
    meta = [("Version", fw.version), ("Status", fw.status), ("Date", fw.date), ("Publisher", fw.publisher),
            ("Licence", fw.licence), ("Supersedes", fw.supersedes)]
    out.extend(Para(value, label) for label, value in meta if value)
    out.append(Para(fw.description))
    if fw.scope:
        out.append(Para(fw.scope, "Scope"))

    sections: list[tuple[str, str, list[Block]]] = []

    def section(title: str, slug: str, body: list[Block]) -> None:
        if body:
            sections.append((title, slug, body))

    section("Principles", "principles", [_table(
        fw, ("Code", "Principle", "Description", "Pillars", "Identifier"), fw.principles,
        lambda p: (p.code or "", p.name, p.description, _refs(fw, p.pillars), p.id))] if fw.principles else [])
    section("Pillars of practice", "pillars", [_table(
        fw, ("Code", "Pillar", "Description", "Identifier"), fw.pillars,
        lambda p: (p.code or "", p.name, p.description, p.id))] if fw.pillars else [])
    section("Career stages", "career-stages", [_table(
        fw, ("Rank", "Code", "Stage", "Description", "What rises, besides reach", "Typical roles",
             "Agenda for Change bands", "Career Framework for Health levels", "Identifier"), stages,
        lambda s: (str(s.rank), s.code or "", s.name, s.description, "; ".join(s.progression),
                   "; ".join(s.typical_roles), s.afc_bands or "", s.cfh_levels or "", s.id))] if stages else [])
    domain_blocks: list[Block] = []
    for domain in fw.domains:
        domain_blocks.append(Heading(3, domain.label, anchor(domain.id), domain.id))
        domain_blocks.append(Para(domain.description))
        domain_blocks.extend(_origin_paras(fw, domain))
        if domain.pillars:
            domain_blocks.append(Para(_refs(fw, domain.pillars), "Pillars"))
        for cap in domain.capabilities:
            domain_blocks.append(Heading(4, cap.label + (" (retired)" if cap.retired else ""), anchor(cap.id),
                                         cap.id))
            domain_blocks.append(Para(cap.statement))
            domain_blocks.extend(_origin_paras(fw, cap))
            if cap.rationale:
                domain_blocks.append(Para(cap.rationale, "Why it matters"))
            for example in cap.examples:
                domain_blocks.append(Para(example, "Example"))
            if stages:  # a framework without career stages has no descriptors
                headers = tuple(s.label for s in stages)
                texts = {d.stage: d.text for d in cap.descriptors}
                row = tuple(texts.get(s.id, "") for s in stages)
                domain_blocks.append(Table(headers, ((None, row),), "descriptors"))
                for d in cap.descriptors:
                    if d.stage in fw.elements:
                        domain_blocks.extend(_origin_paras(fw, d, f" (descriptor at {fw[d.stage].label})"))
            links = [("Meets learning needs", cap.meets_needs), ("Addresses barriers", cap.addresses_barriers),
                     ("Supports priorities", cap.supports_priorities)]
            domain_blocks.extend(Para(_refs(fw, ids), label) for label, ids in links if ids)
    section("Domains and capabilities", "domains", domain_blocks)

    def simple(title: str, slug: str, items: Sequence[Element], headers: tuple[str, ...], cells) -> None:
        if items:
            section(title, slug, [_table(fw, headers + ("Identifier",), items, lambda e: (*cells(e), e.id))])

    simple("Educator roles", "roles", fw.roles, ("Code", "Role", "Description", "Career stage", "Protected time"),
           lambda r: (r.code or "", r.name, r.description, _refs(fw, [r.stage] if r.stage else []),
                      r.protected_time or ""))
    simple("Professions", "professions", fw.professions, ("Code", "Profession", "Regulator"),
           lambda p: (p.code or "", p.name, p.regulator))
    for title, slug, items in (("Learning needs", "learning-needs", fw.learning_needs),
                               ("Barriers", "barriers", fw.barriers),
                               ("Strategy priorities", "priorities", fw.priorities)):
        by = {e.id: addressed.get(e.id, []) for e in items}
        simple(title, slug, items, ("Code", "Name", "Description", "Capabilities"),
               lambda e, by=by: (e.code or "", e.name, e.description or "", _refs(fw, by[e.id])))
    simple("Resources", "resources", fw.resources, ("Code", "Resource", "Description", "Kind", "Link"),
           lambda r: (r.code or "", r.name, r.description or "", r.kind or "", r.url or ""))
    archived = any(s.archive for s in fw.sources)
    simple("Sources", "sources", fw.sources,
           ("Code", "Title", "Publisher", "Year", "Link", *(["Archived text"] if archived else [])),
           lambda s: (s.code or "", s.title, s.publisher, str(s.year or ""), s.url or "",
                      *([s.archive or ""] if archived else [])))
    simple("Mappings to other frameworks", "mappings", fw.mappings,
           ("Element", "Match", "Item", "In", "Justification"),
           lambda m: (_refs(fw, [m.subject]), m.predicate, f"{m.object_label} ({m.object_id})", m.object_source,
                      m.justification or ""))

    out.append(Heading(2, "Contents", "contents"))
    out.append(Contents(tuple(
        (title, slug, tuple((b.text, b.anchor) for b in body if isinstance(b, Heading) and b.level == 3 and b.anchor))
        for title, slug, body in sections)))
    for title, slug, body in sections:
        out.append(Heading(2, title, slug))
        out.extend(body)
    return out


def export(project: Project, out_dir: Path) -> list[Path]:
    """Write the Markdown and HTML documents under ``out_dir``; return the paths written."""
    fw = project.framework
    doc = blocks(fw)
    md, page = (Path(out_dir) / f for f in FILES)
    md.parent.mkdir(parents=True, exist_ok=True)
    known = frozenset(fw.elements)
    md.write_text(to_markdown(fw, doc, known), encoding="utf-8", newline="\n")
    page.write_text(to_html(fw, doc, known), encoding="utf-8", newline="\n")
    return [md, page]


# ---------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~^])")
_LIST_START = re.compile(r"^(\s*)(\d+)([.)])")


_MD_PLAIN = re.compile(r"[A-Za-z0-9 ,.;'\"?%$£/\u00a0-\u2027\u2030-\uffff]*")


def md_escape(text: str) -> str:
    """Text safe in Markdown: no HTML, links, emphasis, lists or headings can come from it."""
    text = " ".join(text.split())
    # Only plain characters (the common case): no markup, so only "www." links and list numbers are left.
    if not _MD_PLAIN.fullmatch(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = _MD_SPECIAL.sub(r"\\\1", text)
        if "://" in text:
            text = re.sub(r":(?=//)", r"\\:", text)
    if "www." in text:
        text = text.replace("www.", "www\\.")
    if text[:1].isdigit():
        text = _LIST_START.sub(r"\1\2\\\3", text)
    elif text.startswith(("-", "=")):
        text = "\\" + text
    return text


_CURIE = re.compile(r"(?<![\w:/#-])([a-z][a-z0-9]*:[A-Z]+-[0-9]{1,6})(?![\w-])")


def linker(escape: Callable[[str], str], link: Callable[[str, str], str],
           known: frozenset[str]) -> Callable[[str], Markup]:
    """A function that escapes a text with ``escape`` and turns each id of a ``known`` element in it
    into ``link(id, anchor)`` (the ``curie`` macro of a ``docs/links.*`` template)."""
    from markupsafe import Markup

    link = functools.lru_cache(maxsize=None)(link)

    def replace(match: re.Match) -> str:
        curie = match.group(1)
        return link(curie, anchor(curie)) if curie in known else curie

    @functools.lru_cache(maxsize=4096)  # labelled paragraphs such as "Meets learning needs" repeat a great deal
    def linked(text: str) -> Markup:
        escaped = escape(text)
        if not known or ":" not in escaped:  # every id is a CURIE
            return escaped if type(escaped) is Markup else Markup(escaped)
        return Markup(_CURIE.sub(replace, escaped))

    return linked


def _render(env, name: str, fw: Framework, doc: list[Block], escape: Callable[[str], str],
            known: frozenset[str]) -> str:
    links = env.get_template(f"docs/links.{name.rpartition('.')[2]}").module
    return env.get_template(name).render(fw=fw, doc=doc, linker=linker(escape, links.curie, known))


def to_markdown(fw: Framework, doc: list[Block], known: frozenset[str] = frozenset()) -> str:
    """Render the blocks as Markdown (``templates/docs/framework.md``); ids of ``known`` elements in the
    text link to their anchors."""
    from ..site.templating import text_environment

    return _render(text_environment(md_escape), "docs/framework.md", fw, doc, md_escape, known)


def to_html(fw: Framework, doc: list[Block], known: frozenset[str] = frozenset()) -> str:
    """Render the blocks as one self-contained HTML page (``templates/docs/framework.html``); ids of
    ``known`` elements link to their anchors."""
    from markupsafe import escape

    from ..site.templating import html_environment

    return _render(html_environment(), "docs/framework.html", fw, doc, escape, known)
