"""The "My development plan" page: a private self-assessment against the framework, in the browser.

The page (``plan.html``, template ``site/plan.html``) works from disk with no server:
what it needs of the framework is a script, ``assets/plan-data.js``, made here, and
``assets/plan.js`` (in ``static/``) does the rest: an educator picks a career stage
and profession, rates each capability *not yet*, *developing* or *confident* with a
private note, and gets a summary (strengths; what to work on next with the learning
needs the framework links to it; the descriptors of the next stage). The plan is kept
in the browser's localStorage only; it can be downloaded as CSV or JSON (with the
framework version and the date), printed, loaded back and cleared. A plan saved
against an older release is loaded with the list of capabilities changed since, from
the release history the site already has.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from .pages import RATINGS, Site, stage_label
from .text import data_script


def changed_since(site: Site) -> dict[str, list[str]]:
    """For each release: the ids of capabilities added, changed or retired in any later step (sorted)."""
    steps = site.history.steps
    out = {}
    for i, step in enumerate(steps):
        if step.draft or step.version == site.fw.version:
            continue
        ids = {change.id for later in steps[i + 1:] if later.changes is not None
               for change in later.changes.changes if change.collection == "capabilities"}
        out[step.version] = sorted(ids)
    return out


def plan_data(site: Site) -> dict[str, Any]:
    """What the plan page needs of the framework, as plain data (addresses relative to the site root)."""
    fw = site.fw

    def linked(ids: tuple[str, ...]) -> list[dict[str, str]]:
        return [{"label": site.fw.elements[i].label, "url": site.url(i) or ""} for i in ids if i in fw.elements]

    domains = []
    for domain in fw.domains:
        caps = [{"id": cap.id, "code": cap.code or "", "name": cap.name, "label": cap.label,
                 "url": site.url(cap.id) or "", "statement": cap.statement,
                 "descriptors": {d.stage: d.text for d in cap.descriptors if d.text.strip()},
                 "needs": linked(cap.meets_needs)}
                for cap in domain.capabilities if not cap.retired]
        if caps and not domain.retired:
            domains.append({"label": domain.label, "capabilities": caps})
    return {
        "framework": {"id": fw.id, "title": fw.title, "version": fw.version, "status": fw.status, "date": fw.date},
        "stages": [{"id": s.id, "label": stage_label(s)} for s in site.stages if not s.retired],
        "professions": [{"id": p.id, "label": p.name} for p in fw.professions if not p.retired],
        "domains": domains,
        "resources": [{"label": r.label, "url": r.url or "", "description": r.description or ""}
                      for r in fw.resources if not r.retired],
        "ratings": RATINGS,
        "changed_since": changed_since(site),
    }


def plan_data_script(site: Site) -> str:
    """``assets/plan-data.js``: :func:`plan_data` as a script (ASCII-only JSON, so nothing can end it early)."""
    return data_script("AHPFW_PLAN_DATA", plan_data(site))


def assets(site: Site) -> dict[str, str]:
    """The plan page's scripts in the site: ``{path: text}``."""
    static = resources.files(__package__).joinpath("static")
    return {"assets/plan.js": static.joinpath("plan.js").read_text(encoding="utf-8"),
            "assets/plan-data.js": plan_data_script(site)}
