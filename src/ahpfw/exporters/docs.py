"""``exports/docs/``: the whole framework as one readable document, in Markdown and HTML.

Contents, principles, pillars, career stages, then each domain with its
capabilities and, for each capability, its career-stage descriptors side by
side in a table; then roles, professions, learning needs, barriers,
priorities, resources, sources and mappings. Every element has an anchor
named after its id (``ahpfw:CAP-0001`` -> ``id="ahpfw-CAP-0001"``) and shows its
CURIE, so links into the document are stable across versions.

Both renderings come from one list of blocks. All framework text is escaped:
in HTML every character that could start markup; in Markdown also the
characters that make emphasis, links, lists or headings, so no text in the
framework can inject HTML or links. The HTML is self-contained (inline CSS,
no scripts, no external requests) and prints cleanly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Element, Framework

FILES = ("docs/framework.md", "docs/framework.html")

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
    level: int
    text: str
    anchor: str | None = None
    curie: str | None = None


@dataclass(frozen=True)
class Para:
    text: str
    label: str | None = None  # shown in bold before the text


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    anchors: tuple[str | None, ...] = ()  # one per row: the id of the element in that row
    css: str = ""


@dataclass(frozen=True)
class Contents:
    entries: tuple[tuple[int, str, str], ...] = field(default=())  # (depth, text, anchor)


Block = Heading | Para | Table | Contents


def anchor(element_id: str) -> str:
    """The HTML id of an element's anchor: its CURIE with ':' replaced by '-'."""
    return element_id.replace(":", "-")


def _row_anchors(items: Sequence[Element]) -> tuple[str, ...]:
    return tuple(anchor(e.id) for e in items)


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

    section("Principles", "principles", [Table(
        ("Code", "Principle", "Description", "Pillars", "Identifier"),
        tuple((p.code or "", p.name, p.description, _refs(fw, p.pillars), p.id) for p in fw.principles),
        _row_anchors(fw.principles))] if fw.principles else [])
    section("Pillars of practice", "pillars", [Table(
        ("Code", "Pillar", "Description", "Identifier"),
        tuple((p.code or "", p.name, p.description, p.id) for p in fw.pillars), _row_anchors(fw.pillars))]
        if fw.pillars else [])
    section("Career stages", "career-stages", [Table(
        ("Rank", "Code", "Stage", "Description", "Typical roles", "Agenda for Change bands",
         "Career Framework for Health levels", "Identifier"),
        tuple((str(s.rank), s.code or "", s.name, s.description, "; ".join(s.typical_roles), s.afc_bands or "",
               s.cfh_levels or "", s.id) for s in stages), _row_anchors(stages))] if stages else [])
    domain_blocks: list[Block] = []
    for domain in fw.domains:
        domain_blocks.append(Heading(3, domain.label, anchor(domain.id), domain.id))
        domain_blocks.append(Para(domain.description))
        if domain.pillars:
            domain_blocks.append(Para(_refs(fw, domain.pillars), "Pillars"))
        for cap in domain.capabilities:
            domain_blocks.append(Heading(4, cap.label + (" (retired)" if cap.retired else ""), anchor(cap.id),
                                         cap.id))
            domain_blocks.append(Para(cap.statement))
            if cap.rationale:
                domain_blocks.append(Para(cap.rationale, "Why it matters"))
            for example in cap.examples:
                domain_blocks.append(Para(example, "Example"))
            if stages:  # a framework without career stages has no descriptors
                headers = tuple(s.label for s in stages)
                texts = {d.stage: d.text for d in cap.descriptors}
                row = tuple(texts.get(s.id, "") for s in stages)
                domain_blocks.append(Table(headers, (row,), (), "descriptors"))
            links = [("Meets learning needs", cap.meets_needs), ("Addresses barriers", cap.addresses_barriers),
                     ("Supports priorities", cap.supports_priorities)]
            domain_blocks.extend(Para(_refs(fw, ids), label) for label, ids in links if ids)
    section("Domains and capabilities", "domains", domain_blocks)

    def simple(title: str, slug: str, items: Sequence[Element], headers: tuple[str, ...], cells) -> None:
        if items:
            section(title, slug, [Table(headers + ("Identifier",),
                                        tuple(tuple(cells(e)) + (e.id,) for e in items), _row_anchors(items))])

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
    simple("Sources", "sources", fw.sources, ("Code", "Title", "Publisher", "Year", "Link"),
           lambda s: (s.code or "", s.title, s.publisher, str(s.year or ""), s.url or ""))
    simple("Mappings to other frameworks", "mappings", fw.mappings,
           ("Element", "Match", "Item", "In", "Justification"),
           lambda m: (_refs(fw, [m.subject]), m.predicate, f"{m.object_label} ({m.object_id})", m.object_source,
                      m.justification or ""))

    out.append(Heading(2, "Contents", "contents"))
    entries = []
    for title, slug, body in sections:
        entries.append((0, title, slug))
        entries.extend((1, b.text, b.anchor) for b in body
                       if isinstance(b, Heading) and b.level == 3 and b.anchor)
    out.append(Contents(tuple(entries)))
    for title, slug, body in sections:
        out.append(Heading(2, title, slug))
        out.extend(body)
    return out


def export(fw: Framework, out_dir: Path) -> list[Path]:
    """Write the Markdown and HTML documents under ``out_dir``; return the paths written."""
    doc = blocks(fw)
    md, page = (Path(out_dir) / f for f in FILES)
    md.parent.mkdir(parents=True, exist_ok=True)
    known = frozenset(fw.elements)
    md.write_text(to_markdown(doc, known), encoding="utf-8", newline="\n")
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


def _md_anchor(name: str | None) -> str:
    return f'<a id="{html.escape(name, quote=True)}"></a>' if name else ""


_CURIE = re.compile(r"(?<![\w:/#-])([a-z][a-z0-9]*:[A-Z]+-[0-9]{1,6})(?![\w-])")


def _linker(known: frozenset[str], template: str):
    """Turn each id of an element in ``known`` in (already escaped) text into a link to its anchor."""
    def link(text: str) -> str:
        if not known or ":" not in text:  # every id is a CURIE
            return text
        return _CURIE.sub(lambda m: template.format(id=m.group(1), anchor=anchor(m.group(1)))
                          if m.group(1) in known else m.group(1), text)
    return link


def to_markdown(doc: list[Block], known: frozenset[str] = frozenset()) -> str:
    """Render the blocks as Markdown; ids of ``known`` elements in the text link to their anchors."""
    link = _linker(known, "[{id}](#{anchor})")
    seen: dict[Para, str] = {}
    out = ["<!-- Generated by `ahpfw build` from the framework's YAML: do not edit. -->", ""]
    for block in doc:
        if isinstance(block, Heading):
            curie = f" `{block.curie}`" if block.curie else ""
            out += [f"{'#' * block.level} {_md_anchor(block.anchor)}{md_escape(block.text)}{curie}", ""]
        elif isinstance(block, Para):
            text = seen.get(block)  # labelled paragraphs such as "Meets learning needs" repeat a great deal
            if text is None:
                label = f"**{md_escape(block.label)}:** " if block.label else ""
                text = label + link(md_escape(block.text))
                if block.label:
                    seen[block] = text
            out += [text, ""]
        elif isinstance(block, Table):
            out.append("| " + " | ".join(md_escape(h) for h in block.headers) + " |")
            out.append("|" + "---|" * len(block.headers))
            for i, row in enumerate(block.rows):
                name = block.anchors[i] if i < len(block.anchors) else None
                cells = [link(md_escape(c)) for c in row]
                cells[0] = _md_anchor(name) + cells[0]
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
        elif isinstance(block, Contents):
            for depth, text, name in block.entries:
                out.append(f"{'  ' * depth}- [{md_escape(text)}](#{name})")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------
# HTML

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.45;
       max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem; color: #111; background: #fff; }
h1 { font-size: 1.8rem; } h2 { border-bottom: 2px solid #005eb8; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin-top: 2rem; color: #003087; } h4 { margin: 1.5rem 0 .3rem; }
.curie { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8em; color: #555; font-weight: normal; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #bbb; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #e8edee; }
table.descriptors td { width: auto; }
nav ol { columns: 2; } nav li { margin: .1rem 0; }
a { color: #005eb8; }
:target { outline: 3px solid #ffb81c; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { page-break-after: always; }
  h2 { page-break-before: always; } h3, h4 { page-break-after: avoid; }
  tr, td, th { page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  :target { outline: none; }
}
""".strip()


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def to_html(fw: Framework, doc: list[Block], known: frozenset[str] = frozenset()) -> str:
    """Render the blocks as one self-contained HTML page; ids of ``known`` elements link to their anchors."""
    link = _linker(known, '<a href="#{anchor}">{id}</a>')
    seen: dict[Para, str] = {}
    out = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
           '<meta name="generator" content="ahpfw build">',
           f"<title>{_e(fw.title)} {_e(fw.version)}</title>", f"<style>\n{_CSS}\n</style>", "</head>", "<body>",
           "<!-- Generated by ahpfw build from the framework's YAML: do not edit. -->"]
    for block in doc:
        if isinstance(block, Heading):
            attr = f' id="{_e(block.anchor)}"' if block.anchor else ""
            curie = f' <span class="curie">{_e(block.curie)}</span>' if block.curie else ""
            out.append(f"<h{block.level}{attr}>{_e(block.text)}{curie}</h{block.level}>")
        elif isinstance(block, Para):
            text = seen.get(block)  # labelled paragraphs such as "Meets learning needs" repeat a great deal
            if text is None:
                label = f"<strong>{_e(block.label)}:</strong> " if block.label else ""
                text = f"<p>{label}{link(_e(block.text))}</p>"
                if block.label:
                    seen[block] = text
            out.append(text)
        elif isinstance(block, Table):
            css = f' class="{_e(block.css)}"' if block.css else ""
            out.append(f"<table{css}>")
            out.append("<thead><tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h in block.headers)
                       + "</tr></thead>")
            out.append("<tbody>")
            for i, row in enumerate(block.rows):
                name = block.anchors[i] if i < len(block.anchors) else None
                attr = f' id="{_e(name)}"' if name else ""
                out.append(f"<tr{attr}>" + "".join(f"<td>{link(_e(c))}</td>" for c in row) + "</tr>")
            out.append("</tbody></table>")
        elif isinstance(block, Contents):
            out.append('<nav aria-label="Contents"><ol>')
            depth, open_item = 0, False
            for level, text, name in block.entries:
                if level > depth:
                    out.append("<ol>")  # nested inside the item still open
                else:
                    if open_item:
                        out.append("</li>")
                    if level < depth:
                        out.append("</ol></li>")
                depth, open_item = level, True
                out.append(f'<li><a href="#{_e(name)}">{_e(text)}</a>')
            if open_item:
                out.append("</li>")
            if depth:
                out.append("</ol></li>")
            out.append("</ol></nav>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
