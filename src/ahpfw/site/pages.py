"""The data of each page of the framework site; the templates in ``ahpfw/templates/site/`` hold the markup.

Each ``*_page`` function returns a :class:`Page`: its address, its template and
the plain data that template shows (model elements, strings, :class:`Link` and
:class:`Code` values, lists and small dicts). Every link's ``href`` is relative
to the page it appears on. Page addresses are derived from element ids
(``ahpfw:CAP-0007`` -> ``capabilities/cap-0007.html``), which never change, so
links to the site stay good across releases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from .. import model
from ..formatters._changes import HEADINGS, detail, field_name, inline_diff, summary_line
from ..history.changes import Change, ChangeSet, FieldChange
from .history import History, Step
from .text import slug

if TYPE_CHECKING:
    from ..provenance.evidence import ArchivedText

# ---------------------------------------------------------------------------
# Values the templates show


@dataclass(frozen=True, slots=True)
class Link:
    """A link (``href`` relative to the page it is on), or plain text when ``href`` is None."""

    href: str | None
    text: str
    kind: ClassVar[str] = "link"


@dataclass(frozen=True, slots=True)
class Code:
    """An identifier or address, shown as code."""

    text: str
    kind: ClassVar[str] = "code"


#: A fact's value: text, a link, code, or a list of texts and links (shown as a list).
Value = str | Link | Code | Sequence[str | Link]


def items(values: Iterable[str | Link]) -> list[Link]:
    """Texts and links as the items of a list (a text is a link with no ``href``)."""
    return [v if isinstance(v, Link) else Link(None, v) for v in values]


def rows(pairs: Iterable[tuple[str, Value | None]]) -> list[tuple[str, str, Any]]:
    """The facts that have a value, as (term, kind, value): kind ``text``, ``link``, ``code`` or ``list``
    (a list of :class:`Link`)."""
    out = []
    for term, value in pairs:
        if value:
            if isinstance(value, str):
                out.append((term, "text", value))
            elif isinstance(value, (Link, Code)):
                out.append((term, value.kind, value))
            else:
                out.append((term, "list", items(value)))
    return out


# ---------------------------------------------------------------------------
# Addresses


_PAGE_FOLDERS = {model.Capability: "capabilities", model.Domain: "domains", model.CareerStage: "stages",
                 model.Source: "sources"}
_EVIDENCE = (model.LearningNeed, model.Barrier, model.StrategyPriority)


class Site:
    """The framework, its history and where each element's page is."""

    def __init__(self, fw: model.Framework, history: History, archives: dict[str, ArchivedText] | None = None):
        self.fw = fw
        self.history = history
        self.archives = archives or {}  # source id -> its archived text (see ahpfw.site.read_archives)
        self._marks: dict[str, tuple[list[tuple[str, str | None]], dict[int, str]]] = {}  # see archive_marks
        self.stages = list(fw.stages_in_order)
        self.pages: set[str] = set()  # the site's top-level pages (the navigation links only to these)
        self.roles_by_stage: dict[str, list[model.EducatorRole]] = {}
        for role in fw.roles:
            if role.stage:
                self.roles_by_stage.setdefault(role.stage, []).append(role)
        from ..crosswalks import rows_for
        from ..project import Project

        self.crosswalks = rows_for(Project.of(fw), fw)  # the crosswalk mappings to or from fw in its project
        # indexes, so that each page finds its element's mappings without scanning them all
        self.crosswalks_of: dict[str, list[tuple[dict, str, str]]] = {}
        for row in self.crosswalks:
            for here, there in (("subject", "object"), ("object", "subject")):
                self.crosswalks_of.setdefault(row[f"{here}_id"], []).append((row, here, there))
        self.mappings_of: dict[str, list[model.Mapping]] = {}
        for mapping in fw.mappings:
            if not mapping.retired:
                self.mappings_of.setdefault(mapping.subject, []).append(mapping)
        self._urls: dict[str, str | None] = {}
        self._links: dict[tuple[str, str], Link] = {}

    def url(self, element_id: str) -> str | None:
        """The address of an element's page (or anchor), relative to the site root; None if not in the framework."""
        try:
            return self._urls[element_id]
        except KeyError:
            found = self._urls[element_id] = self._url(element_id)
            return found

    def _url(self, element_id: str) -> str | None:
        element = self.fw.elements.get(element_id)
        if element is None:
            return None
        folder = _PAGE_FOLDERS.get(type(element))
        if folder:
            return f"{folder}/{slug(element.id)}.html"
        if isinstance(element, _EVIDENCE):
            return f"evidence.html#{slug(element.id)}"
        if isinstance(element, model.EducatorRole):
            if element.stage and element.stage in self.fw.elements:
                return f"stages/{slug(element.stage)}.html#{slug(element.id)}"
            return f"about.html#{slug(element.id)}"
        if isinstance(element, model.Mapping):
            return self.url(element.subject)
        return f"about.html#{slug(element.id)}"

    def link(self, element_id: str, root: str, text: str | None = None) -> Link:
        """A link from a page at ``root`` to an element (its label as text); plain text when it has no page."""
        if text is None:
            key = (element_id, root)
            found = self._links.get(key)
            if found is None:
                element = self.fw.elements.get(element_id)
                found = self._links[key] = self.link(element_id, root,  # a mapping may have no name: its id
                                                     (element.label if element is not None else None) or element_id)
            return found
        href = self.url(element_id)
        return Link(root + href if href else None, text)

    def links(self, ids: Iterable[str], root: str) -> list[Link]:
        return [self.link(i, root) for i in ids]

    def step_url(self, step: Step) -> str:
        return f"changes/{'draft' if step.draft else slug(step.version)}.html"

    def step_title(self, step: Step) -> str:
        if step.draft:
            since = step.changes.old.version if step.changes is not None else None
            return f"Working draft {step.version}" + (f": changes since {since}" if since else "")
        return f"Release {step.version}"

    def quote_anchor(self, source_id: str, quote: str) -> str | None:
        """The anchor of a quote in its source's page, or None when its archived text does not hold it."""
        from ..provenance.evidence import find_quote

        archived = self.archives.get(source_id)
        span = find_quote(archived.body, quote) if archived is not None else None
        return self.archive_marks(source_id)[1].get(span[0]) if span else None

    def archive_marks(self, source_id: str) -> tuple[list[tuple[str, str | None]], dict[int, str]]:
        """The body of a source's archived text in pieces (text, anchor of a mark or None), every quote
        from it marked, and the anchor of the mark that holds each quote's start."""
        found = self._marks.get(source_id)
        if found is None:
            from ..provenance.evidence import find_quote

            archived = self.archives.get(source_id)
            text = archived.body if archived is not None else ""
            spans = [span for element in self.fw.elements.values() for evidence in _evidence_of(element)
                     if evidence.source == source_id for span in [find_quote(text, evidence.quote)] if span]
            found = self._marks[source_id] = marked_segments(text, spans)
        return found


def stage_label(stage: model.CareerStage) -> str:
    return f"{stage.code} {stage.name}" if stage.code else stage.name


def descriptor_text(cap: model.Capability, stage_id: str) -> str:
    """A capability's descriptor at a stage ('' when it has none yet)."""
    d = cap.descriptor(stage_id)
    return d.text if d is not None and d.text.strip() else ""


def retired(site: Site, element: model.Element, root: str) -> dict | None:
    """What the retired notice says (None for an element in use)."""
    if not element.retired:
        return None
    return {"replaced_by": site.links(element.replaced_by, root)}


def provenance(site: Site, holder: model.Element | model.LevelDescriptor, root: str) -> dict[str, Any] | None:
    """Where an element's (or descriptor's) words come from: quoted, adapted or drafted, with the words
    of its sources that support it, each linked to where it stands in the archived source; None when
    it records nothing."""
    from ..provenance import ORIGIN_PHRASES

    if holder.origin is None and not holder.evidence:
        return None
    sources = list(dict.fromkeys(e.source for e in holder.evidence))
    quotes = []
    for evidence in holder.evidence:
        anchor = site.quote_anchor(evidence.source, evidence.quote)
        page = site.url(evidence.source) if evidence.source in site.archives else None
        quotes.append({"quote": evidence.quote, "source": site.link(evidence.source, root),
                       "at": Link(f"{root}{page}#{anchor}" if anchor else f"{root}{page}",
                                  "where it stands in the archived text" if anchor else "the archived text")
                       if page else None})
    if holder.origin in ("quoted", "adapted"):
        sources = sources or list(getattr(holder, "sources", ()))
        phrase = ORIGIN_PHRASES[holder.origin] if sources else holder.origin.capitalize()
    else:
        sources, phrase = [], ORIGIN_PHRASES.get(holder.origin or "", "")
    return {"origin": holder.origin, "phrase": phrase, "sources": site.links(sources, root), "quotes": quotes,
            "figure_source": holder.figure_source, "note": getattr(holder, "origin_note", None)}


def banner(fw: model.Framework) -> dict[str, Any]:
    """What the banner on every page says about this rendering: the first sentence of the framework's
    description and its publisher (the data's own words)."""
    description = " ".join((fw.description or "").split())
    first = re.match(r".+?[.!?](?=\s+[A-Z]|$)", description)
    return {"sentence": first.group(0) if first else description, "publisher": fw.publisher}


# ---------------------------------------------------------------------------
# Pages


@dataclass(frozen=True)
class Page:
    """One page: its address, template, title, the pages above it and its template's data."""

    path: str
    template: str
    title: str
    crumbs: tuple[tuple[str, str], ...] = ()  # (address from the site root, text) of the pages above this one
    data: dict[str, Any] = field(default_factory=dict)
    scripts: tuple[str, ...] = ()  # files in assets/ the page loads at its end

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")


HOME = (("index.html", "Home"),)

#: The main navigation: (address, text); only the pages the site has are shown.
NAV = (("index.html", "Home"), ("route.html", "Find your stage"), ("domains/index.html", "Domains"),
       ("evidence.html", "Evidence"), ("changes/index.html", "What changed"), ("about.html", "About"),
       ("plan.html", "My development plan"), ("search.html", "Search"))

STATUS_NOTES = {
    "draft": "This is a working draft: it may change at any time.",
    "consultation": "This is a draft for consultation: your feedback will shape the next version.",
    "published": "This is the published version of the framework.",
    "superseded": "This version has been superseded by a newer one.",
}


def home_page(site: Site) -> Page:
    fw = site.fw
    latest = site.history.releases[-1] if site.history.releases else None
    data = {
        "latest": latest and {"link": Link(site.step_url(latest), latest.version), "status": latest.status,
                              "date": latest.date},
        "status_note": STATUS_NOTES.get(fw.status, ""),
        "has_route": "route.html" in site.pages,
        "stages": [(Link(site.url(s.id), stage_label(s)), s.description) for s in site.stages if not s.retired],
        "domains": [(Link(site.url(d.id), d.label), d.description, sum(not c.retired for c in d.capabilities))
                    for d in fw.domains if not d.retired],
    }
    return Page("index.html", "site/home.html", "Home", (), data)


def route_page(site: Site) -> Page:
    stages = []
    for stage in site.stages:
        if not stage.retired:
            roles = items([*stage.typical_roles,
                           *(site.link(r.id, "", r.name) for r in site.roles_by_stage.get(stage.id, []))])
            stages.append({"link": Link(site.url(stage.id), stage_label(stage)), "stage": stage, "roles": roles,
                           "rises": items(stage.progression)})
    return Page("route.html", "site/route.html", "Find your stage", HOME, {"stages": stages})


def stage_page(site: Site, stage: model.CareerStage) -> Page:
    root = "../"
    live = [s for s in site.stages if not s.retired]
    position = live.index(stage) if stage in live else -1
    following = live[position + 1] if 0 <= position < len(live) - 1 else None
    before = live[position - 1] if position > 0 else None
    roles = [{"role": role, "facts": rows([("Protected time", role.protected_time), ("Examples", role.examples)]),
              "provenance": provenance(site, role, root)} for role in site.roles_by_stage.get(stage.id, [])]
    domains = []
    for domain in site.fw.domains:
        caps = [c for c in domain.capabilities if not c.retired]
        if domain.retired or not caps:
            continue
        domains.append({
            "link": site.link(domain.id, root), "label": domain.label,
            "rows": [(site.link(c.id, root), descriptor_text(c, stage.id),
                      descriptor_text(c, following.id) if following else "") for c in caps],
        })
    data = {
        "stage": stage, "label": stage_label(stage), "retired": retired(site, stage, root),
        "provenance": provenance(site, stage, root),
        "more": shown_more(site, stage),
        "facts": rows([("Typical roles", stage.typical_roles), ("Agenda for Change bands", stage.afc_bands),
                       ("Career Framework for Health levels", stage.cfh_levels),
                       ("Earlier stage", before and site.link(before.id, root, stage_label(before))),
                       ("Next stage", following and site.link(following.id, root, stage_label(following)))]),
        "roles": roles, "following": following, "following_label": following and stage_label(following),
        "domains": domains, "rises": items(stage.progression),
        "rises_next": items(following.progression) if following else [],
    }
    return Page(site.url(stage.id) or "", "site/stage.html", stage_label(stage),
                (*HOME, ("route.html", "Find your stage")), data)


def domains_index(site: Site) -> Page:
    root = "../"
    domains = [{"domain": d, "href": (site.url(d.id) or "").removeprefix("domains/"),
                "retired": retired(site, d, root),
                "caps": [(site.link(c.id, root), c.statement) for c in d.capabilities if not c.retired]}
               for d in site.fw.domains]
    return Page("domains/index.html", "site/domains.html", "Domains", HOME, {"domains": domains})


def domain_page(site: Site, domain: model.Domain) -> Page:
    root = "../"
    data = {
        "domain": domain, "retired": retired(site, domain, root), "provenance": provenance(site, domain, root),
        "facts": rows([("Pillars", site.links(domain.pillars, root)), ("Identifier", Code(domain.id))]),
        "more": shown_more(site, domain),
        "caps": [(site.link(c.id, root), " (retired)" if c.retired else "", c.statement) for c in domain.capabilities],
        "crosswalks": crosswalk_rows(site, domain.id, root),
        "history": history(site, domain.id, root),
    }
    return Page(site.url(domain.id) or "", "site/domain.html", domain.label, (*HOME, ("domains/index.html", "Domains")),
                data)


def shown_more(site: Site, element: model.Element) -> list[tuple[str, str]]:
    """The element's fields that the package does not know (:attr:`~ahpfw.model.Located.more`) and the schema
    says to show on the site (``site: HEADING``), as (heading, text): list items one paragraph each."""
    if not element.more:
        return []
    schema = model.schema_of(site.fw)
    out = []
    for name in schema.fields(type(element), "site"):
        found = element.more.get(name)
        if found:
            text = "\n\n".join(map(str, found)) if isinstance(found, tuple) else str(found)
            out.append((str(schema.annotation(type(element), name, "site")), text))
    return out


def capability_page(site: Site, cap: model.Capability) -> Page:
    root = "../"
    fw = site.fw
    domain = fw.elements.get(cap.domain)
    stages = [s for s in site.stages if not s.retired]
    sources = list(cap.sources) or (list(domain.sources) if isinstance(domain, model.Domain) else [])
    evidence = rows([("Learning needs it meets", site.links(cap.meets_needs, root)),
                     ("Barriers it addresses", site.links(cap.addresses_barriers, root)),
                     ("Strategy priorities it supports", site.links(cap.supports_priorities, root))])
    data = {
        "cap": cap, "retired": retired(site, cap, root), "provenance": provenance(site, cap, root),
        "descriptor_provenance": [(stage_label(s), p) for s in stages for d in [cap.descriptor(s.id)]
                                  if d is not None for p in [provenance(site, d, root)] if p],
        "facts": rows([("Domain", domain is not None and site.link(cap.domain, root)), ("Identifier", Code(cap.id))]),
        "more": shown_more(site, cap),
        "examples": items(cap.examples),
        "stages": [(site.link(s.id, root, stage_label(s)), descriptor_text(cap, s.id)) for s in stages],
        "evidence": evidence,
        "mappings": site.mappings_of.get(cap.id, []),
        "crosswalks": crosswalk_rows(site, cap.id, root),
        "sources": site.links(sources, root),
        "history": history(site, cap.id, root),
    }
    crumbs = [*HOME, ("domains/index.html", "Domains")]
    if domain is not None:
        crumbs.append((site.url(domain.id) or "", domain.label))
    return Page(site.url(cap.id) or "", "site/capability.html", cap.label, tuple(crumbs), data)


def _words(predicate: str) -> str:
    """``skos:closeMatch`` -> ``close match``."""
    return re.sub(r"(?<!^)([A-Z])", lambda m: " " + m.group(1).lower(), predicate.partition(":")[2])


def crosswalk_rows(site: Site, element_id: str, root: str) -> list[dict[str, Any]]:
    """The crosswalk mappings to and from an element: the other element, how closely and why."""
    out = []
    for row, _here, there in site.crosswalks_of.get(element_id, ()):
        other = row[f"{there}_id"]
        label = site.link(other, root) if other in site.fw.elements else Link(None, row[f"{there}_label"] or other)
        out.append({"label": label, "id": other, "match": _words(row["predicate"]),
                    "why": row["justification"], "crosswalk": row["crosswalk_title"]})
    return out


def evidence_page(site: Site) -> Page:
    fw = site.fw
    addressed: dict[str, list[model.Capability]] = {}
    for cap in fw.capabilities.values():
        if not cap.retired:
            for target in (*cap.meets_needs, *cap.addresses_barriers, *cap.supports_priorities):
                addressed.setdefault(target, []).append(cap)
    sections = [(title, [{"element": item, "retired": retired(site, item, ""),
                          "provenance": provenance(site, item, ""),
                          "caps": site.links((c.id for c in addressed.get(item.id, [])), ""),
                          "crosswalks": crosswalk_rows(site, item.id, "")} for item in items])
                for title, items in (("Learning needs", fw.learning_needs), ("Barriers", fw.barriers),
                                     ("Strategy priorities", fw.priorities)) if items]
    return Page("evidence.html", "site/evidence.html", "Evidence", HOME, {"sections": sections})


def about_page(site: Site) -> Page:
    fw = site.fw
    groups: list[tuple[str, Sequence[model.Element]]] = [
        ("Pillars of practice", fw.pillars), ("Principles", fw.principles), ("Professions", fw.professions),
        ("Resources", fw.resources), ("Sources", fw.sources)]
    roles_elsewhere = [r for r in fw.roles if not (r.stage and r.stage in fw.elements)]
    if roles_elsewhere:
        groups.insert(3, ("Educator roles", roles_elsewhere))
    sections = []
    for title, items in groups:
        if items:
            sections.append((title, [{"element": item, "retired": retired(site, item, ""),
                                      "provenance": provenance(site, item, ""),
                                      "facts": rows(_about_facts(site, item))} for item in items]))
    related = [{"work": work, "facts": rows([("Relation", work.relation), ("Publisher", work.publisher),
                                             ("Address", work.url and Code(work.url))])}
               for work in fw.related_works]
    return Page("about.html", "site/about.html", "About", HOME, {"sections": sections, "related": related})


def _evidence_of(element: model.Element) -> Iterator[model.Evidence]:
    """An element's evidence quotes and those of its descriptors."""
    yield from element.evidence
    for descriptor in getattr(element, "descriptors", ()):
        yield from descriptor.evidence


def _citations(site: Site) -> dict[str, list[tuple[Link, str, str]]]:
    """Source id -> (the element that quotes it, linked from a source's page; the quote; the career
    stage of the descriptor that quotes it, or "") for every evidence quote in the framework."""
    out: dict[str, list[tuple[Link, str, str]]] = {}
    for element in site.fw.elements.values():
        for evidence in element.evidence:
            out.setdefault(evidence.source, []).append((site.link(element.id, "../"), evidence.quote, ""))
        for descriptor in getattr(element, "descriptors", ()):
            stage = site.fw.elements.get(descriptor.stage)
            where = stage_label(stage) if isinstance(stage, model.CareerStage) else descriptor.stage
            for evidence in descriptor.evidence:
                out.setdefault(evidence.source, []).append((site.link(element.id, "../"), evidence.quote, where))
    return out


def source_page(site: Site, source: model.Source, citations: list[tuple[Link, str, str]]) -> Page:
    """A source: what it is, the words the framework takes from it and, when archived, its text with
    those words marked."""
    root = "../"
    quoted = [{"who": who, "stage": stage, "quote": quote, "anchor": site.quote_anchor(source.id, quote)}
              for who, quote, stage in citations]
    data = {
        "source": source, "retired": retired(site, source, root), "provenance": provenance(site, source, root),
        "facts": rows([("Title", source.title), ("Publisher", source.publisher),
                       ("Date", source.date or str(source.year or "")), ("Address", source.url and Code(source.url)),
                       ("Licence", source.licence), ("Identifier", Code(source.id))]),
        "quoted": quoted, "archived": source.id in site.archives,
        "archive_header": list(site.archives[source.id].header.items()) if source.id in site.archives else [],
        "text_file": Link(f"{slug(source.id)}.txt", "the archived text as a plain text file"),
        "segments": site.archive_marks(source.id)[0] if source.id in site.archives else [],
    }
    return Page(site.url(source.id) or "", "site/source.html", source.label, (*HOME, ("about.html", "About")), data)


def marked_segments(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[str, str | None]], dict[int, str]]:
    """``text`` in pieces (text, anchor): each piece covered by ``spans`` (overlapping spans merged into
    one) is a mark with the anchor ``at-<its start>``; also the anchor that holds each span's start."""
    merged: list[list[int]] = []
    for start, end in sorted(set(spans)):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[tuple[str, str | None]] = []
    anchors: dict[int, str] = {}
    at = 0
    for start, end in merged:
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], f"at-{start}"))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    for start, _ in spans:
        anchors[start] = next(f"at-{m[0]}" for m in merged if m[0] <= start < m[1])
    return pieces, anchors


def _about_facts(site: Site, item: model.Element) -> list[tuple[str, Value | None]]:
    facts: list[tuple[str, Value | None]] = []
    if isinstance(item, model.Principle):
        facts.append(("Pillars", site.links(item.pillars, "")))
    if isinstance(item, model.Profession):
        facts.append(("Regulator", item.regulator))
    if isinstance(item, model.Source):
        facts += [("Title", item.title), ("Publisher", item.publisher), ("Year", str(item.year or "")),
                  ("Its page", Link(site.url(item.id), "the archived text and the words quoted from it"
                                    if item.id in site.archives else "what the framework takes from it"))]
    if isinstance(item, (model.Source, model.Resource)) and item.url:
        facts.append(("Address", Code(item.url)))
    if isinstance(item, model.Resource):
        facts.append(("Kind", item.kind))
    return facts


# ---------------------------------------------------------------------------
# History and changes


def diff_segments(fc: FieldChange) -> list[tuple[str, str]]:
    """The change to one field as (op, text) pieces: ``=`` unchanged, ``-`` removed, ``+`` added.

    :func:`~ahpfw.formatters._changes.inline_diff` is given markers instead of markup, so what it puts
    between the pieces (a space, an arrow) is kept as unchanged text.
    """
    pieces: list[tuple[str, str]] = []

    def marker(op: str):
        def wrap(text: str) -> str:
            pieces.append((op, text))
            return f"\0{len(pieces) - 1}\0"
        return wrap

    line = inline_diff(fc, same=marker("="), removed=marker("-"), added=marker("+"))
    out = []
    for i, part in enumerate(line.split("\0")):  # markers at odd places; what inline_diff added between them
        if i % 2:
            out.append(pieces[int(part)])
        elif part:
            out.append(("=", part))
    return out


def change_entry(cs: ChangeSet, change: Change) -> dict[str, Any]:
    """What happened to one element in one change: its heading, and the changed fields or a note."""
    entry: dict[str, Any] = {"what": HEADINGS[change.type], "fields": None, "note": "", "text": ""}
    if change.fields:  # modified, or retired with changes made as it was retired
        entry["fields"] = [(field_name(cs, fc).capitalize(), diff_segments(fc)) for fc in change.fields]
    if change.type != "modified":
        entry["note"] = detail(cs, change)
        if change.type in ("added", "removed"):
            entry["text"] = change.text or ""
    return entry


def history(site: Site, element_id: str, root: str) -> dict[str, Any]:
    """An element's history across releases: when it first appeared and every change since."""
    if not site.history.releases:
        return {"released": False, "version": site.fw.version, "status": site.fw.status, "events": []}
    events = []
    for event in site.history.events(element_id):
        step = event.step
        anchor = "" if event.change is None else f"#{slug(element_id)}"
        where = Link(f"{root}{site.step_url(step)}{anchor}", site.step_title(step))
        if event.change is None:
            verb = "New in the working draft" if step.draft else f"First published in {step.version}"
            events.append({"where": where, "verb": verb, "status": step.status, "date": step.date, "change": None})
        elif step.changes is not None:
            events.append({"where": where, "change": change_entry(step.changes, event.change)})
    return {"released": True, "events": events}


def changes_index(site: Site) -> Page:
    steps = []
    for step in reversed(site.history.steps):
        summary = step.summary or (summary_line(step.changes) if step.changes is not None else "")
        steps.append({"link": Link(site.step_url(step).removeprefix("changes/"), site.step_title(step)),
                      "status": step.status, "date": step.date, "summary": summary, "errata": len(step.errata)})
    data = {"released": bool(site.history.releases), "steps": steps}
    return Page("changes/index.html", "site/changes.html", "What changed", HOME, data)


def step_page(site: Site, step: Step) -> Page:
    root = "../"
    cs = step.changes
    data: dict[str, Any] = {"step": step, "draft": step.draft, "changes": cs is not None,
                            "facts": rows([("Version", step.version), ("Status", step.status), ("Date", step.date)]),
                            "errata": [{"date": e.date, "what": e.where(step.framework), "text": e.text,
                                        "link": site.link(e.element, root) if e.element in site.fw.elements else None,
                                        "corrected_in": e.corrected_in} for e in step.errata]}
    if cs is None:
        fw = step.framework
        data["counts"] = (len(fw.domains), len(fw.capabilities), len(fw.career_stages))
    else:
        anchored: set[str] = set()
        groups = []
        for group, changes in cs.grouped():
            entries = []
            for change in changes:
                name = (site.link(change.id, root, change.label) if change.id in site.fw.elements
                        else Link(None, change.label))
                entries.append({"change": change, "name": name, "anchor": change.id not in anchored,
                                "entry": change_entry(cs, change)})
                anchored.add(change.id)
            groups.append((group, entries))
        data.update(old_version=cs.old.version, summary=summary_line(cs), advice=cs.advice.message().capitalize(),
                    metadata=[(field_name(cs, fc).capitalize(), diff_segments(fc)) for fc in cs.metadata],
                    groups=groups, suspected=cs.suspected_id_changes)
    return Page(site.step_url(step), "site/step.html", site.step_title(step),
                (*HOME, ("changes/index.html", "What changed")), data)


#: The scripts the search page loads, in order (all in the site's assets/; see :mod:`ahpfw.site.search`).
SEARCH_SCRIPTS = ("search-index.js", "minisearch.js", "search.js")


def search_page(site: Site) -> Page:
    return Page("search.html", "site/search.html", "Search", HOME, {}, SEARCH_SCRIPTS)


#: The scripts the plan page loads, in order (all in the site's assets/; see :mod:`ahpfw.site.plan`).
PLAN_SCRIPTS = ("plan-data.js", "plan.js")

#: The ratings an educator gives a capability on the plan page: value -> words shown.
RATINGS = {"not_yet": "Not yet", "developing": "Developing", "confident": "Confident"}


def plan_page(site: Site) -> Page:
    """``plan.html``: the self-assessment page (its content is made in the browser from ``plan-data.js``)."""
    return Page("plan.html", "site/plan.html", "My development plan", HOME, {"ratings": RATINGS}, PLAN_SCRIPTS)


# ---------------------------------------------------------------------------


def pages(site: Site) -> list[Page]:
    """Every page of the site; fills in ``site.pages``, the pages the navigation links to."""
    fw = site.fw
    top = [domains_index(site), about_page(site), changes_index(site)]
    if site.stages:
        top.append(route_page(site))
    if fw.learning_needs or fw.barriers or fw.priorities:
        top.append(evidence_page(site))
    if site.stages and fw.capabilities:
        top.append(plan_page(site))
    site.pages.update(page.path for page in top)
    site.pages.update(("index.html", "search.html"))
    citations = _citations(site)
    out = [home_page(site), *top, search_page(site)]
    out += [source_page(site, source, citations.get(source.id, [])) for source in fw.sources]
    out += [stage_page(site, s) for s in site.stages]
    out += [domain_page(site, d) for d in fw.domains]
    out += [capability_page(site, c) for c in fw.capabilities.values()]
    out += [step_page(site, s) for s in site.history.steps]
    return out
