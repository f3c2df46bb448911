"""The pages of the framework site, as text. Every value from the framework goes through :func:`e`.

Page addresses are derived from element ids (``ahpfw:CAP-0007`` ->
``capabilities/cap-0007.html``), which never change, so links to the site stay good
across releases.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources

from .. import model
from ..changes import Change, ChangeSet
from ..formatters._changes import HEADINGS, detail, field_name, inline_diff, summary_line
from .history import Event, History, Step

_HTML_SPECIAL = re.compile(r"[&<>\"']")


def e(value: object) -> str:
    """HTML-escape any value (quotes too, so it is safe in attributes)."""
    text = value if type(value) is str else "" if value is None else str(value)
    return escape(text, quote=True) if _HTML_SPECIAL.search(text) else text


def slug(text: str) -> str:
    """A file-name-safe slug: ``ahpfw:CAP-0007`` -> ``cap-0007``, ``0.2.0`` -> ``0-2-0``."""
    local = text.split(":", 1)[-1]
    return re.sub(r"[^a-z0-9]+", "-", local.lower()).strip("-") or "x"


def paragraphs(text: str | None, cls: str = "") -> str:
    """Text as paragraphs (split on blank lines)."""
    if not text:
        return ""
    attr = f' class="{cls}"' if cls else ""
    parts = re.split(r"\n\s*\n", text) if "\n" in text else (text,)  # most text is one paragraph
    return "".join(f"<p{attr}>{e(p.strip())}</p>" for p in parts if p.strip())


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Addresses


_PAGE_FOLDERS = {model.Capability: "capabilities", model.Domain: "domains", model.CareerStage: "stages"}
_EVIDENCE = (model.LearningNeed, model.Barrier, model.StrategyPriority)


class Site:
    """The framework, its history and where each element's page is."""

    def __init__(self, fw: model.Framework, history: History):
        self.fw = fw
        self.history = history
        self.stages = [s for s in fw.stages_in_order]
        self.pages: set[str] = set()  # the site's top-level pages (the navigation links only to these)
        self.roles_by_stage: dict[str, list[model.EducatorRole]] = {}
        for role in fw.roles:
            if role.stage:
                self.roles_by_stage.setdefault(role.stage, []).append(role)
        from ..crosswalks import rows_for

        self.crosswalks = rows_for(fw)  # the crosswalk mappings to or from this framework (crosswalks/)
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
        self._links: dict[tuple[str, str], str] = {}
        self.frames: dict[tuple[str, str], tuple[tuple[str, str], str]] = {}  # see frame()

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

    def link(self, element_id: str, root: str, text: str | None = None) -> str:
        """A link to an element (its label as text), or just the text when it has no page."""
        if text is not None:
            return self._link(element_id, root, text)
        key = (element_id, root)
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = self._link(element_id, root, None)
        return found

    def _link(self, element_id: str, root: str, text: str | None) -> str:
        element = self.fw.elements.get(element_id)
        label = text if text is not None else (element.label if element is not None else element_id)
        href = self.url(element_id)
        return f'<a href="{e(root + href)}">{e(label)}</a>' if href else e(label)

    def step_url(self, step: Step) -> str:
        return f"changes/{'draft' if step.draft else slug(step.version)}.html"

    def step_title(self, step: Step) -> str:
        if step.draft:
            since = step.changes.old.version if step.changes is not None else None
            return f"Working draft {step.version}" + (f": changes since {since}" if since else "")
        return f"Release {step.version}"


# ---------------------------------------------------------------------------
# The page frame


_NAV = (("index.html", "Home"), ("route.html", "Find your stage"), ("domains/index.html", "Domains"),
        ("evidence.html", "Evidence"), ("changes/index.html", "What changed"), ("about.html", "About"),
        ("search.html", "Search"))


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    body: str
    crumbs: tuple[tuple[str, str], ...] = ()  # (path, text) of the pages above this one

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")


def frame(site: Site, page: Page, scripts: Sequence[str] = ()) -> str:
    """A whole HTML document around a page's body: skip link, header, navigation, search, footer."""
    root = page.root
    current = page.path if any(href == page.path for href, _ in _NAV) else ""
    key = (root, current)
    parts = site.frames.get(key)
    if parts is None:
        parts = site.frames[key] = _frame_parts(site, root, current)
    top, bottom = parts
    crumbs = ""
    if page.crumbs:
        items = "".join(f'<li><a href="{root}{href}">{e(text)}</a></li>' for href, text in page.crumbs)
        crumbs = (f'<nav class="breadcrumbs wrap" aria-label="Breadcrumb"><ol>{items}'
                  f'<li aria-current="page">{e(page.title)}</li></ol></nav>\n')
    script_tags = "".join(f'<script src="{root}assets/{name}"></script>' for name in scripts)
    return "".join([top[0], e(page.title), top[1], crumbs, '<main id="main" class="wrap" tabindex="-1">\n',
                    page.body, "\n</main>\n", bottom, script_tags + "\n" if script_tags else "",
                    "</body>\n</html>\n"])


def _frame_parts(site: Site, root: str, current: str) -> tuple[tuple[str, str], str]:
    """What every page at one depth (``root``) has around its title and its body: the text before and after
    the title, and the footer. ``current`` is the page's address when the navigation links to it."""
    fw = site.fw
    mark = ' aria-current="page"'
    nav = "".join(f'<li><a href="{root}{href}"{mark if href == current else ""}>{e(text)}</a></li>'
                  for href, text in _NAV if href in site.pages)
    before_title = "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="ahpfw">',
        "<title>",
    ])
    after_title = "\n".join([
        f" | {e(fw.title)}</title>",
        f'<link rel="stylesheet" href="{root}assets/site.css">',
        "</head>",
        "<body>",
        '<a class="skip-link" href="#main">Skip to main content</a>',
        '<header class="site-header"><div class="wrap">',
        f'<p class="site-title"><a href="{root}index.html">{e(fw.title)}</a> '
        f'<span class="badge">Version {e(fw.version)}, {e(fw.status)}</span></p>',
        f'<nav class="site-nav" aria-label="Main"><ul>{nav}</ul></nav>',
        f'<form class="search-form" role="search" aria-label="Site" action="{root}search.html" method="get">'
        '<label for="site-search">Search the framework</label>'
        '<input id="site-search" name="q" type="search" autocomplete="off">'
        "<button type=\"submit\">Search</button></form>",
        "</div></header>",
        "",
    ])
    footer = "\n".join([
        '<footer class="site-footer"><div class="wrap">',
        f"<p>{e(fw.title)}, version {e(fw.version)} ({e(fw.status)}, {e(fw.date)}). "
        f"Published by {e(fw.publisher)} under the {e(fw.licence)}.</p>",
        "<p>This site is generated from the framework's data by ahpfw. "
        "Identifiers such as <code>ahpfw:CAP-0001</code> never change; codes such as 1.1 may.</p>",
        "</div></footer>",
        "",
    ])
    return (before_title, after_title), footer


# ---------------------------------------------------------------------------
# Pieces


def facts(rows: Iterable[tuple[str, str]]) -> str:
    """A definition list of (term, already-escaped HTML) rows, skipping empty ones."""
    items = "".join(f"<dt>{e(term)}</dt><dd>{value}</dd>" for term, value in rows if value)
    return f'<dl class="facts">{items}</dl>' if items else ""


def bullet_list(items: Iterable[str], cls: str = "plain-list") -> str:
    """A list of already-escaped HTML items (nothing when there are none)."""
    items = list(items)
    return f'<ul class="{cls}">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>" if items else ""


def heading(element: model.Element, level: int = 1) -> str:
    code = f'<span class="code">{e(element.code)}</span> ' if element.code else ""
    return f'<h{level} id="{slug(element.id)}">{code}{e(element.name)}</h{level}>'


def retired_notice(site: Site, element: model.Element, root: str) -> str:
    if not element.retired:
        return ""
    by = ", ".join(site.link(r, root) for r in element.replaced_by)
    return f'<p class="notice">Retired: no longer part of the framework.{f" Replaced by {by}." if by else ""}</p>'


def descriptor_text(cap: model.Capability, stage_id: str) -> str:
    d = cap.descriptor(stage_id)
    return e(d.text) if d is not None and d.text.strip() else '<span class="meta">Not yet described.</span>'


def stage_label(stage: model.CareerStage) -> str:
    return f"{stage.code} {stage.name}" if stage.code else stage.name


def change_line(cs: ChangeSet, change: Change) -> str:
    """What happened to one element in one change, as HTML (inline diffs for changed fields)."""
    what = HEADINGS[change.type]
    if change.type == "modified":
        parts = []
        for fc in change.fields:
            diff = inline_diff(fc, same=e, removed=lambda t: f"<del>{e(t)}</del>", added=lambda t: f"<ins>{e(t)}</ins>")
            parts.append(f"<li><strong>{e(field_name(cs, fc).capitalize())}</strong>: {diff}</li>")
        return f"{e(what)}<ul>{''.join(parts)}</ul>"
    note = detail(cs, change)
    text = f": {e(change.text)}" if change.type in ("added", "removed") and change.text else ""
    return f"{e(what)}{f' ({e(note)})' if note else ''}{text}"


def history_list(site: Site, element_id: str, root: str) -> str:
    """An element's history across releases: when it first appeared and every change since."""
    events: list[Event] = site.history.events(element_id)
    if not site.history.releases:
        return (f"<p>Not yet released: this is version {e(site.fw.version)} ({e(site.fw.status)}). "
                "Its history starts with the first release.</p>")
    items = []
    for event in events:
        step = event.step
        anchor = "" if event.change is None else f"#{slug(element_id)}"
        where = f'<a href="{root}{site.step_url(step)}{anchor}">{e(site.step_title(step))}</a>'
        if event.change is None:
            verb = "New in the working draft" if step.draft else f"First published in {e(step.version)}"
            items.append(f"{verb} ({e(step.status)}, {e(step.date)}): see {where}.")
        elif step.changes is not None:
            items.append(f"{where}: {change_line(step.changes, event.change)}")
    return bullet_list(items)


# ---------------------------------------------------------------------------
# Pages


def home_page(site: Site) -> Page:
    fw = site.fw
    latest = site.history.releases[-1] if site.history.releases else None
    release = (f'<a href="{site.step_url(latest)}">{e(latest.version)}</a> ({e(latest.status)}, {e(latest.date)})'
               if latest else "none yet")
    status_note = {
        "draft": "This is a working draft: it may change at any time.",
        "consultation": "This is a draft for consultation: your feedback will shape the next version.",
        "published": "This is the published version of the framework.",
        "superseded": "This version has been superseded by a newer one.",
    }.get(fw.status, "")
    domains = "".join(
        f'<li><h3><a href="{site.url(d.id)}">{e(d.label)}</a></h3>{paragraphs(d.description)}'
        f'<p class="meta">{sum(not c.retired for c in d.capabilities)} capabilities</p></li>'
        for d in fw.domains if not d.retired)
    stages = bullet_list(f'<a href="{site.url(s.id)}">{e(stage_label(s))}</a>: {e(s.description)}'
                         for s in site.stages if not s.retired)
    body = [
        f"<h1>{e(fw.title)}</h1>",
        facts([("Version", e(fw.version)), ("Status", e(fw.status)), ("Date", e(fw.date)),
               ("Latest release", release), ("Publisher", e(fw.publisher)), ("Licence", e(fw.licence))]),
        f'<p class="notice">{e(status_note)}</p>' if status_note else "",
        paragraphs(fw.description, "lead"),
        "<h2>Who it is for</h2>" + paragraphs(fw.scope) if fw.scope else "",
        "<h2>Start here</h2>",
        bullet_list([
            *(['<a href="route.html">Find your career stage</a>: what each capability looks like at your stage, '
               "and at the next one."] if "route.html" in site.pages else []),
            '<a href="search.html">Search the framework</a> for a word, such as “feedback” or “placement”.',
            '<a href="changes/index.html">What changed</a> in each release.',
        ]),
    ]
    if stages:
        body += ["<h2>Career stages</h2>", stages]
    if domains:
        body += ["<h2>Domains</h2>", f'<ul class="cards">{domains}</ul>']
    return Page("index.html", "Home", "\n".join(b for b in body if b))


def route_page(site: Site) -> Page:
    rows = []
    for stage in site.stages:
        if stage.retired:
            continue
        roles = [e(r) for r in stage.typical_roles] + [site.link(r.id, "", r.name)
                                                       for r in site.roles_by_stage.get(stage.id, [])]
        rows.append(f'<tr><th scope="row"><a href="{site.url(stage.id)}">{e(stage_label(stage))}</a></th>'
                    f"<td>{e(stage.description)}</td><td>{bullet_list(roles) or '—'}</td>"
                    f"<td>{e(stage.afc_bands or '—')}</td><td>{e(stage.cfh_levels or '—')}</td></tr>")
    body = [
        "<h1>Find your career stage</h1>",
        '<p class="lead">The framework describes each capability at every stage of an educator’s career. '
        "Find the stage that sounds most like you, then open it to see what each capability looks like "
        "at your stage and at the next.</p>",
        "<p>For example, a newly qualified physiotherapist who supports students on placement will usually "
        "start at the first stage.</p>",
    ]
    if rows:
        body += ['<div class="table-wrap"><table>', "<caption>Career stages, in order</caption>",
                 '<thead><tr><th scope="col">Stage</th><th scope="col">What it looks like</th>'
                 '<th scope="col">Typical roles</th><th scope="col">Agenda for Change bands</th>'
                 '<th scope="col">Career Framework for Health levels</th></tr></thead>',
                 f"<tbody>{''.join(rows)}</tbody></table></div>"]
    else:
        body.append("<p>This framework has no career stages.</p>")
    return Page("route.html", "Find your stage", "\n".join(body), (("index.html", "Home"),))


def stage_page(site: Site, stage: model.CareerStage) -> Page:
    path = site.url(stage.id) or ""
    root = "../"
    live = [s for s in site.stages if not s.retired]
    position = live.index(stage) if stage in live else -1
    following = live[position + 1] if 0 <= position < len(live) - 1 else None
    before = live[position - 1] if position > 0 else None
    roles = site.roles_by_stage.get(stage.id, [])
    body = [
        heading(stage),
        retired_notice(site, stage, root),
        paragraphs(stage.description, "lead"),
        facts([("Typical roles", bullet_list(e(r) for r in stage.typical_roles)),
               ("Agenda for Change bands", e(stage.afc_bands or "")),
               ("Career Framework for Health levels", e(stage.cfh_levels or "")),
               ("Earlier stage", site.link(before.id, root, stage_label(before)) if before else ""),
               ("Next stage", site.link(following.id, root, stage_label(following)) if following else "")]),
    ]
    if roles:
        body.append("<h2>Educator roles at this stage</h2>")
        for role in roles:
            body.append(heading(role, 3) + paragraphs(role.description)
                        + facts([("Protected time", e(role.protected_time or "")),
                                 ("Examples", bullet_list(e(x) for x in role.examples))]))
    if following:
        body.append(f"<h2>Each capability at this stage and the next</h2><p>What each capability looks like for "
                    f"you now ({e(stage_label(stage))}), and what it looks like at the next stage "
                    f"({e(stage_label(following))}).</p>")
    else:
        body.append("<h2>Each capability at this stage</h2><p>This is the last stage of the career route.</p>")
    for domain in site.fw.domains:
        caps = [c for c in domain.capabilities if not c.retired]
        if domain.retired or not caps:
            continue
        head = f'<th scope="col">Capability</th><th scope="col">At this stage ({e(stage.code or stage.name)})</th>'
        if following:
            head += f'<th scope="col">At the next stage ({e(following.code or following.name)})</th>'
        rows = []
        for cap in caps:
            cells = f'<td class="this-stage">{descriptor_text(cap, stage.id)}</td>'
            if following:
                cells += f"<td>{descriptor_text(cap, following.id)}</td>"
            rows.append(f'<tr><th scope="row">{site.link(cap.id, root)}</th>{cells}</tr>')
        body += [f"<h3>{site.link(domain.id, root)}</h3>",
                 f'<div class="table-wrap"><table class="route-table">'
                 f"<caption>{e(domain.label)}: {e(stage_label(stage))}"
                 f"{' and ' + e(stage_label(following)) if following else ''}</caption>"
                 f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"]
    return Page(path, stage_label(stage), "\n".join(b for b in body if b),
                (("index.html", "Home"), ("route.html", "Find your stage")))


def domains_index(site: Site) -> Page:
    items = []
    for d in site.fw.domains:
        caps = bullet_list(f"{site.link(c.id, '../')}: {e(c.statement)}" for c in d.capabilities if not c.retired)
        items.append(f'<h2 id="{slug(d.id)}"><a href="{site.url(d.id)[len("domains/"):]}">{e(d.label)}</a></h2>'
                     f"{retired_notice(site, d, '../')}{paragraphs(d.description)}{caps}")
    body = "<h1>Domains</h1>" + ("".join(items) or "<p>This framework has no domains.</p>")
    return Page("domains/index.html", "Domains", body, (("index.html", "Home"),))


def domain_page(site: Site, domain: model.Domain) -> Page:
    root = "../"
    pillars = bullet_list(site.link(p, root) for p in domain.pillars)
    caps = []
    for cap in domain.capabilities:
        status = " (retired)" if cap.retired else ""
        caps.append(f"<li>{site.link(cap.id, root)}{e(status)}<p>{e(cap.statement)}</p></li>")
    body = [heading(domain), retired_notice(site, domain, root), paragraphs(domain.description, "lead"),
            facts([("Pillars", pillars), ("Identifier", f"<code>{e(domain.id)}</code>")]),
            "<h2>Capabilities</h2>", f'<ul class="plain-list">{"".join(caps)}</ul>' if caps else "<p>None yet.</p>",
            crosswalk_table(site, domain.id, root), "<h2>History</h2>", history_list(site, domain.id, root)]
    return Page(site.url(domain.id) or "", domain.label, "\n".join(b for b in body if b),
                (("index.html", "Home"), ("domains/index.html", "Domains")))


def capability_page(site: Site, cap: model.Capability) -> Page:
    root = "../"
    fw = site.fw
    domain = fw.elements.get(cap.domain)
    stages = [s for s in site.stages if not s.retired]
    body = [heading(cap), retired_notice(site, cap, root), paragraphs(cap.statement, "lead"),
            facts([("Domain", site.link(cap.domain, root) if domain is not None else ""),
                   ("Identifier", f"<code>{e(cap.id)}</code>")])]
    if cap.rationale:
        body += ["<h2>Why it matters</h2>", paragraphs(cap.rationale)]
    if cap.examples:
        body += ["<h2>Examples</h2>", bullet_list(e(x) for x in cap.examples)]
    if stages:
        head = "".join(f'<th scope="col">{site.link(s.id, root, stage_label(s))}</th>' for s in stages)
        cells = "".join(f"<td>{descriptor_text(cap, s.id)}</td>" for s in stages)
        body += ["<h2>Across the career stages</h2>",
                 f'<div class="table-wrap"><table class="stages-table"><caption>{e(cap.label)} at each career stage'
                 f"</caption><thead><tr>{head}</tr></thead><tbody><tr>{cells}</tr></tbody></table></div>"]
    links = [("Learning needs it meets", cap.meets_needs), ("Barriers it addresses", cap.addresses_barriers),
             ("Strategy priorities it supports", cap.supports_priorities)]
    if any(ids for _, ids in links):
        body += ["<h2>Links to the evidence</h2>",
                 facts((title, bullet_list(site.link(i, root) for i in ids)) for title, ids in links)]
    mappings = site.mappings_of.get(cap.id, [])
    if mappings:
        rows = "".join(f"<tr><td>{e(m.predicate.replace('_', ' '))}</td><td>{e(m.object_label)} "
                       f"<code>{e(m.object_id)}</code></td><td>{e(m.object_source)}</td>"
                       f"<td>{e(m.justification or '')}</td></tr>" for m in mappings)
        body += ["<h2>Mappings to other frameworks</h2>",
                 '<div class="table-wrap"><table><caption>Items in other frameworks that this capability '
                 'matches</caption><thead><tr><th scope="col">Match</th><th scope="col">Item</th>'
                 '<th scope="col">Framework</th><th scope="col">Why</th></tr></thead>'
                 f"<tbody>{rows}</tbody></table></div>"]
    body.append(crosswalk_table(site, cap.id, root))
    sources = list(cap.sources) or (list(domain.sources) if isinstance(domain, model.Domain) else [])
    if sources:
        body += ["<h2>Sources</h2>", bullet_list(site.link(s, root) for s in sources)]
    body += ["<h2>History</h2>", history_list(site, cap.id, root)]
    crumbs = [("index.html", "Home"), ("domains/index.html", "Domains")]
    if domain is not None:
        crumbs.append((site.url(domain.id) or "", domain.label))
    return Page(site.url(cap.id) or "", cap.label, "\n".join(b for b in body if b), tuple(crumbs))


def crosswalk_table(site: Site, element_id: str, root: str, level: int = 2) -> str:
    """The crosswalk mappings to and from an element, as a section (empty when there are none)."""
    rows = []
    for row, _here, there in site.crosswalks_of.get(element_id, ()):
        other = row[f"{there}_id"]
        label = site.link(other, root) if other in site.fw.elements else e(row[f"{there}_label"] or other)
        match = row["predicate"].partition(":")[2]
        match = re.sub(r"(?<!^)([A-Z])", lambda m: " " + m.group(1).lower(), match)
        rows.append(f"<tr><td>{label} <code>{e(other)}</code></td><td>{e(match)}</td>"
                    f"<td>{e(row['justification'])}</td><td>{e(row['crosswalk_title'])}</td></tr>")
    if not rows:
        return ""
    return (f"<h{level}>In the crosswalks</h{level}>"
            '<div class="table-wrap"><table><caption>Elements mapped to or from this one, how closely and why'
            '</caption><thead><tr><th scope="col">Element</th><th scope="col">Match</th><th scope="col">Why</th>'
            f'<th scope="col">Crosswalk</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _element_section(site: Site, element: model.Element, extra: str = "") -> str:
    return (heading(element, 3) + retired_notice(site, element, "") + paragraphs(element.description) + extra)


def evidence_page(site: Site) -> Page:
    fw = site.fw
    addressed: dict[str, list[model.Capability]] = {}
    for cap in fw.capabilities.values():
        if not cap.retired:
            for target in (*cap.meets_needs, *cap.addresses_barriers, *cap.supports_priorities):
                addressed.setdefault(target, []).append(cap)
    body = ["<h1>The evidence the framework answers</h1>",
            '<p class="lead">The learning needs and barriers that the framework answers, and the strategy '
            "priorities it supports, each with the capabilities that address it.</p>"]
    for title, items in (("Learning needs", fw.learning_needs), ("Barriers", fw.barriers),
                         ("Strategy priorities", fw.priorities)):
        if not items:
            continue
        body.append(f"<h2>{e(title)}</h2>")
        for item in items:
            caps = bullet_list(site.link(c.id, "") for c in addressed.get(item.id, []))
            body.append(_element_section(site, item, (f"<p>Addressed by:</p>{caps}" if caps
                                         else "<p>Not yet addressed by any capability.</p>")
                                         + crosswalk_table(site, item.id, "", level=4)))
    return Page("evidence.html", "Evidence", "\n".join(body), (("index.html", "Home"),))


def about_page(site: Site) -> Page:
    fw = site.fw
    body = ["<h1>About the framework</h1>", paragraphs(fw.description, "lead")]
    sections: list[tuple[str, Sequence[model.Element]]] = [
        ("Pillars of practice", fw.pillars), ("Principles", fw.principles), ("Professions", fw.professions),
        ("Resources", fw.resources), ("Sources", fw.sources)]
    roles_elsewhere = [r for r in fw.roles if not (r.stage and r.stage in fw.elements)]
    if roles_elsewhere:
        sections.insert(3, ("Educator roles", roles_elsewhere))
    for title, items in sections:
        if not items:
            continue
        body.append(f"<h2>{e(title)}</h2>")
        for item in items:
            rows: list[tuple[str, str]] = []
            if isinstance(item, model.Principle):
                rows.append(("Pillars", bullet_list(site.link(p, "") for p in item.pillars)))
            if isinstance(item, model.Profession):
                rows.append(("Regulator", e(item.regulator)))
            if isinstance(item, model.Source):
                rows += [("Title", e(item.title)), ("Publisher", e(item.publisher)), ("Year", e(item.year or ""))]
            if isinstance(item, (model.Source, model.Resource)) and item.url:
                rows.append(("Address", f"<code>{e(item.url)}</code>"))
            if isinstance(item, model.Resource):
                rows.append(("Kind", e(item.kind or "")))
            body.append(_element_section(site, item, facts(rows)))
    return Page("about.html", "About", "\n".join(b for b in body if b), (("index.html", "Home"),))


def changes_index(site: Site) -> Page:
    steps = list(reversed(site.history.steps))
    if not site.history.releases:
        body = ["<h1>What changed</h1>",
                f"<p>The framework has not been released yet: this is version {e(site.fw.version)} "
                f"({e(site.fw.status)}). Each release will have a page here listing what changed.</p>"]
        return Page("changes/index.html", "What changed", "\n".join(body), (("index.html", "Home"),))
    items = []
    for step in steps:
        summary = step.summary or (summary_line(step.changes) if step.changes is not None else "")
        items.append(f'<a href="{site.step_url(step)[len("changes/"):]}">{e(site.step_title(step))}</a> '
                     f"({e(step.status)}, {e(step.date)}){': ' + e(summary) if summary else ''}")
    body = ["<h1>What changed</h1>", "<p>Every release of the framework, newest first.</p>", bullet_list(items)]
    return Page("changes/index.html", "What changed", "\n".join(body), (("index.html", "Home"),))


def step_page(site: Site, step: Step) -> Page:
    root = "../"
    title = site.step_title(step)
    body = [f"<h1>{e(title)}</h1>",
            facts([("Version", e(step.version)), ("Status", e(step.status)), ("Date", e(step.date))])]
    if step.summary:
        body.append(f'<p class="lead">{e(step.summary)}</p>')
    cs = step.changes
    if cs is None:
        fw = step.framework
        body.append(f"<p>The first {'version' if step.draft else 'release'} of the framework: "
                    f"{len(fw.domains)} domains, {len(fw.capabilities)} capabilities and "
                    f"{len(fw.career_stages)} career stages.</p>")
        return Page(site.step_url(step), title, "\n".join(body),
                    (("index.html", "Home"), ("changes/index.html", "What changed")))
    body.append(f"<p>Compared with {e(cs.old.version)}: {e(summary_line(cs))}.</p>")
    if step.draft:
        body.append(f"<p>{e(cs.advice.message().capitalize())}.</p>")
    if cs.metadata:
        body.append("<h2>The framework’s details</h2>")
        body.append(bullet_list(
            f"<strong>{e(field_name(cs, fc).capitalize())}</strong>: "
            + inline_diff(fc, same=e, removed=lambda t: f"<del>{e(t)}</del>", added=lambda t: f"<ins>{e(t)}</ins>")
            for fc in cs.metadata))
    anchored: set[str] = set()
    for group, changes in cs.grouped():
        body.append(f"<h2>{e(group)}</h2>")
        for change in changes:
            name = site.link(change.id, root, change.label) if change.id in site.fw.elements else e(change.label)
            anchor = "" if change.id in anchored else f' id="{slug(change.id)}"'
            anchored.add(change.id)
            body.append(f'<div class="change change-{e(change.type)}"{anchor}>'
                        f'<h3>{name} <code class="meta">{e(change.id)}</code></h3>'
                        f"<div>{change_line(cs, change)}</div></div>")
    if cs.suspected_id_changes:
        body.append("<h2>Possible identifier changes</h2>")
        body.append(bullet_list(f"<code>{e(s.old_id)}</code> was removed and <code>{e(s.new_id)}</code> added; "
                                "they look alike" for s in cs.suspected_id_changes))
    return Page(site.step_url(step), title, "\n".join(body),
                (("index.html", "Home"), ("changes/index.html", "What changed")))


def search_page(site: Site) -> Page:
    body = ["<h1>Search the framework</h1>",
            '<form id="search-page-form" class="search-page" role="search" aria-label="Search page" '
            'action="search.html" method="get">'
            '<p><label for="search-page-input">Words to find</label><br>'
            '<input id="search-page-input" name="q" type="search" autocomplete="off"> '
            '<button type="submit">Search</button></p></form>',
            '<p id="search-status" role="status" aria-live="polite">Search needs JavaScript; without it, use the '
            '<a href="domains/index.html">list of domains</a>.</p>',
            '<ol id="search-results" class="search-results"></ol>']
    return Page("search.html", "Search", "\n".join(body), (("index.html", "Home"),))


# ---------------------------------------------------------------------------
# The search index


def _text(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p)


def search_entries(site: Site) -> list[dict[str, str]]:
    """One entry per page or section worth finding: title, kind, url (from the site root) and all its text."""
    fw = site.fw
    entries = []

    def add(element: model.Element, kind: str, *text: object) -> None:
        url = site.url(element.id)
        if url:
            entries.append({"title": element.label, "kind": kind, "url": url,
                            "text": _text(element.description, *text)})

    for stage in site.stages:
        bands = stage.afc_bands and f"Agenda for Change bands {stage.afc_bands}"
        add(stage, "Career stage", *stage.typical_roles, bands)
    for domain in fw.domains:
        add(domain, "Domain")
        for cap in domain.capabilities:
            add(cap, f"Capability in {domain.label}", cap.statement, cap.rationale, *cap.examples,
                *(d.text for d in cap.descriptors))
    for role in fw.roles:
        add(role, "Educator role", role.protected_time, *role.examples)
    for collection, kind in (("learning_needs", "Learning need"), ("barriers", "Barrier"),
                             ("priorities", "Strategy priority"), ("pillars", "Pillar"), ("principles", "Principle"),
                             ("professions", "Profession"), ("resources", "Resource")):
        for element in getattr(fw, collection):
            add(element, kind, getattr(element, "regulator", None))
    return entries


def search_index_script(site: Site) -> str:
    """``assets/search-index.js``: the search entries as a script (ASCII-only JSON, so nothing can end it early)."""
    data = json.dumps(search_entries(site), ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"window.AHPFW_SEARCH_INDEX = {data};\n"


# ---------------------------------------------------------------------------


def render(fw: model.Framework, history: History) -> dict[str, str]:
    """Every file of the site: ``{relative path: text}``."""
    site = Site(fw, history)
    pages = [domains_index(site), about_page(site), changes_index(site)]
    if site.stages:
        pages.append(route_page(site))
    if fw.learning_needs or fw.barriers or fw.priorities:
        pages.append(evidence_page(site))
    site.pages.update(page.path for page in pages)
    site.pages.update(("index.html", "search.html"))
    pages.insert(0, home_page(site))
    pages += [stage_page(site, s) for s in site.stages]
    pages += [domain_page(site, d) for d in fw.domains]
    pages += [capability_page(site, c) for c in fw.capabilities.values()]
    pages += [step_page(site, s) for s in history.steps]
    out = {page.path: frame(site, page) for page in pages}
    search = search_page(site)
    out[search.path] = frame(site, search, scripts=("search-index.js", "search.js"))
    out["assets/site.css"] = _asset("site.css")
    out["assets/search.js"] = _asset("search.js")
    out["assets/search-index.js"] = search_index_script(site)
    return out
