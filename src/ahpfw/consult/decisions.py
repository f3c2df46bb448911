"""'You said, we did': the themes of a consultation's comments, the decisions, and the response document.

``decisions.yaml`` (class DecisionLog in the schema) names the version that
answers the consultation (``response_to``), the themes the authors found in the
comments (each about some elements of the consulted version) and one or more
decisions per theme: the changes made (element and kind of change) or the reason
for no change. :func:`check` verifies every reference against the consulted
framework, the new framework and the diff between them (:func:`ahpfw.diff`);
:func:`response_document` joins themes, decisions, agreement figures and the diff
into the published response.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import model, plurals
from ..problems import Location, Problem, UsageError
from . import report
from .consultation import DECISIONS_FILE, Consultation, Response, read_checked


@dataclass(frozen=True)
class Theme:
    """A theme the authors found in the comments."""

    id: str
    name: str
    description: str
    code: str | None = None
    elements: tuple[str, ...] = ()
    location: Location = Location("")


@dataclass(frozen=True)
class ChangeRef:
    """One change a decision says was made: an element and a kind of change (a diff change type), and for
    a modified element, optionally the field (and career stage, for a descriptor) that changed."""

    element: str
    kind: str
    location: Location = Location("")
    field: str | None = None
    stage: str | None = None

    def matches(self, change: Any) -> bool:
        """Whether a diff :class:`~ahpfw.history.changes.Change` is this change (down to the field, when named)."""
        if (change.id, change.type) != (self.element, self.kind):
            return False
        return self.field is None or any(f.field == self.field and f.stage == self.stage for f in change.fields)


@dataclass(frozen=True)
class Accepted:
    """A suggested wording from a response that a decision adopts, for one field of one element.

    ``applied`` is the change it became, once ``ahpfw consult apply`` has written it.
    """

    response: str
    element: str
    field: str
    stage: str | None = None
    applied: ChangeRef | None = None
    location: Location = Location("")


@dataclass(frozen=True)
class Decision:
    """What was decided about one theme."""

    id: str
    theme: str
    outcome: str
    reason: str
    changes: tuple[ChangeRef, ...] = ()
    location: Location = Location("")
    accepted: tuple[Accepted, ...] = ()


@dataclass(frozen=True)
class DecisionLog:
    """The contents of ``decisions.yaml``."""

    path: Path
    consultation: str
    response_to: str
    themes: tuple[Theme, ...]
    decisions: tuple[Decision, ...]
    location: Location = Location("")


def load_decisions(consultation: Consultation) -> DecisionLog:
    """Load and schema-check ``decisions.yaml`` of a consultation folder."""
    path = consultation.folder / DECISIONS_FILE
    if not path.is_file():
        raise UsageError(f"{consultation.folder}: no {DECISIONS_FILE} yet; see docs/consultation.md")
    data, raw = read_checked(path, "DecisionLog")
    themes = tuple(Theme(id=t["id"], name=t["name"], description=t["description"], code=t.get("code"),
                         elements=tuple(t.get("elements") or ()), location=raw.location(("themes", i)))
                   for i, t in enumerate(data.get("themes") or ()))

    def ref(c: dict[str, Any], where: tuple[Any, ...]) -> ChangeRef:
        return ChangeRef(c["element"], c["kind"], raw.location(where), c.get("field"), c.get("stage"))

    decisions = tuple(
        Decision(id=d["id"], theme=d["theme"], outcome=d["outcome"], reason=d["reason"],
                 changes=tuple(ref(c, ("decisions", i, "changes", j)) for j, c in enumerate(d.get("changes") or ())),
                 location=raw.location(("decisions", i)),
                 accepted=tuple(Accepted(a["response"], a["element"], a["field"], a.get("stage"),
                                         ref(a["applied"], ("decisions", i, "accepted", j, "applied"))
                                         if a.get("applied") else None,
                                         raw.location(("decisions", i, "accepted", j)))
                                for j, a in enumerate(d.get("accepted") or ())))
        for i, d in enumerate(data.get("decisions") or ()))
    return DecisionLog(path, data["consultation"], str(data["response_to"]), themes, decisions,
                       raw.location(()))


def framework_version(version: str, framework: str | Path | None = None) -> model.Framework:
    """The framework a response answers with: ``framework`` if given, else the release ``version``."""
    from ..history.revisions import open_framework

    fw = open_framework(framework if framework is not None else version)[0]
    if fw.version != version:
        raise UsageError(f"{framework}: is version {fw.version}, not {version}")
    return fw


def check(consultation: Consultation, log: DecisionLog, old: model.Framework,
          new: model.Framework) -> list[Problem]:
    """Every theme and decision points to real elements, and every change named is in the diff."""
    from ..history.changes import compare

    problems: list[Problem] = []

    def problem(where: Location, message: str, element: str | None = None) -> None:
        problems.append(Problem(where, "AHP011", message, element_id=element))

    if log.consultation != consultation.id:
        problem(log.location, f"decisions are for consultation {log.consultation}, not {consultation.id}")
    if log.response_to != new.version:
        problem(log.location, f"response_to is {log.response_to} but the new framework is {new.version}")
    themes: dict[str, Theme] = {}
    for t in log.themes:
        if t.id in themes:
            problem(t.location, f"theme id {t.id} is used twice")
        themes.setdefault(t.id, t)
        for element in t.elements:
            if element not in old:
                problem(t.location, f"{t.id}: element {element} is not in the consulted version {old.version}",
                        element)
    changeset = compare(old, new)
    changed: dict[str, set[str]] = {}
    by_element: dict[str, list[Any]] = {}
    for c in changeset.changes:
        changed.setdefault(c.id, set()).add(c.type)
        by_element.setdefault(c.id, []).append(c)
    suggestions = suggested_wordings(consultation) if any(d.accepted for d in log.decisions) else {}
    answered: set[str] = set()
    seen: set[str] = set()
    for d in log.decisions:
        if d.id in seen:
            problem(d.location, f"decision id {d.id} is used twice")
        seen.add(d.id)
        if d.theme not in themes:
            problem(d.location, f"{d.id}: no theme {d.theme} in {DECISIONS_FILE}")
        answered.add(d.theme)
        if d.outcome == "changed" and not d.changes:
            problem(d.location, f"{d.id}: the outcome is 'changed' but no changes are listed")
        if d.outcome == "no_change" and d.changes:
            problem(d.location, f"{d.id}: the outcome is 'no_change' but changes are listed")
        for ref in d.changes:
            if ref.element not in old and ref.element not in new:
                problem(ref.location, f"{d.id}: element {ref.element} is in neither {old.version} nor {new.version}",
                        ref.element)
            elif not any(ref.matches(c) for c in by_element.get(ref.element, ())):
                found = ", ".join(sorted(changed.get(ref.element, set()))) or "no change"
                what = f"'{ref.kind}' change to {ref.element}" + (f" ({_field_name(ref.field, ref.stage)})"
                                                                   if ref.field else "")
                problem(ref.location, f"{d.id}: the diff from {old.version} to {new.version} has no {what} "
                        f"(it has: {found})", ref.element)
        for accepted in d.accepted:
            for message in _accepted_problems(d, accepted, old, new, suggestions, by_element):
                problem(accepted.location, f"{d.id}: {message}", accepted.element)
    for t in log.themes:
        if t.id not in answered:
            problem(t.location, f"theme {t.id} has no decision")
    return sorted(problems)


def wording_fields(element: model.Element, fw: model.Framework) -> tuple[str, ...]:
    """The fields of ``element`` (of ``fw``) a suggested wording may replace (``descriptors``: at one career
    stage): those the schema annotates ``consultation: reword``."""
    return model.schema_of(fw).fields(type(element), "consultation", "reword")


def suggested_wordings(consultation: Consultation) -> dict[tuple[str, str], str]:
    """Every suggested wording stored for a consultation, by (response id, element id)."""
    from .consultation import load_responses

    return {(r.id, c.element): c.suggested_wording for r in load_responses(consultation) for c in r.comments
            if c.suggested_wording}


def _field_label(field: str, stage: str | None, labels: Any) -> str:
    """``descriptor at S1 Supporting learning`` or ``statement``, for people."""
    return f"descriptor at {labels(stage)}" if field == "descriptors" else field.replace("_", " ")


def _field_name(field: str | None, stage: str | None) -> str:
    return f"descriptor at {stage}" if field == "descriptors" else str(field)


def accepted_problem(accepted: Accepted, fw: model.Framework, suggestions: dict[tuple[str, str], str]) -> str | None:
    """What makes an accepted suggestion unusable against ``fw`` (None when it can be applied)."""
    if (accepted.response, accepted.element) not in suggestions:
        return (f"response {accepted.response} has no suggested wording for {accepted.element} (or there is no "
                "such response)")
    element = fw.elements.get(accepted.element)
    if element is None:
        return f"element {accepted.element} is not in {fw.id} {fw.version}"
    fields = wording_fields(element, fw)
    if accepted.field not in fields:
        return f"a suggested wording for a {element.LABEL} can replace its {', '.join(fields)}, not '{accepted.field}'"
    if (accepted.field == "descriptors") != (accepted.stage is not None):
        return "give a stage for a descriptor, and only for a descriptor"
    if accepted.stage is not None and accepted.stage not in {s.id for s in fw.career_stages}:
        return f"{accepted.stage} is not a career stage of {fw.id} {fw.version}"
    return None


def _accepted_problems(decision: Decision, accepted: Accepted, old: model.Framework, new: model.Framework,
                       suggestions: dict[tuple[str, str], str], by_element: dict[str, list[Any]]) -> list[str]:
    found = accepted_problem(accepted, old, suggestions)
    if found:
        return [found]
    out = []
    if decision.outcome != "changed":
        out.append(f"accepts a suggested wording from {accepted.response} but its outcome is '{decision.outcome}'")
    applied = accepted.applied
    if applied is None:
        out.append(f"the suggested wording from {accepted.response} for {accepted.element} is not applied yet: "
                   "run 'ahpfw consult apply'")
    elif (applied.element, applied.field, applied.stage) != (accepted.element, accepted.field, accepted.stage):
        out.append(f"the change recorded for {accepted.response}'s wording is to another element or field")
    elif not any(applied.matches(c) for c in by_element.get(applied.element, ())):
        out.append(f"the diff from {old.version} to {new.version} has no '{applied.kind}' change to "
                   f"{applied.element} ({_field_name(applied.field, applied.stage)}), which the suggested wording "
                   f"from {accepted.response} is recorded as")
    return out


def _change_summary(change: Any, labels: Any) -> str:
    if change.type == "modified":
        names = sorted({f.field.replace("_", " ") for f in change.fields})
        return "changed: " + ", ".join(names)
    if change.type == "moved":
        return f"moved from domain {labels(change.before)} to {labels(change.after)}"
    if change.type in ("renumbered", "reordered"):
        return f"{change.type} from {change.before} to {change.after}"
    if change.type == "retired":
        return "retired" + (f", replaced by {', '.join(labels(r) for r in change.replaced_by)}"
                            if change.replaced_by else "")
    return change.type


def response_document(consultation: Consultation, log: DecisionLog, old: model.Framework, new: model.Framework,
                      responses: list[Response]) -> dict[str, Any]:
    """The 'you said, we did' document as plain data (the JSON format)."""
    from ..history.changes import compare

    analysis = report.analyse(consultation, old, responses)
    figures = {e["id"]: e for e in analysis["elements"]}
    changeset = compare(old, new)
    by_key = {(c.id, c.type): c for c in changeset.changes}
    linked: set[tuple[str, str]] = set()
    wordings = suggested_wordings(consultation) if any(d.accepted for d in log.decisions) else {}

    def element_label(element_id: str, first: model.Framework = new) -> str:
        """The element's label in ``first`` (the new version, by default), else in the other version."""
        el = first.elements.get(element_id) or (old if first is new else new).elements.get(element_id)
        return el.label if el is not None else element_id

    themes = []
    for t in log.themes:
        elements = []
        for element in t.elements:
            f = figures.get(element)
            elements.append({"id": element, "label": element_label(element, old),  # as respondents saw it
                             "ratings": f["ratings"] if f else 0, "mean": f["mean"] if f else None,
                             "agree_percent": f["agree_percent"] if f else None,
                             "comments": len(f["comments"]) if f else 0})
        decisions = []
        for d in log.decisions:
            if d.theme != t.id:
                continue
            changes = []
            for ref in d.changes:
                linked.add((ref.element, ref.kind))
                change = by_key.get((ref.element, ref.kind))
                changes.append({"element": ref.element, "label": element_label(ref.element), "kind": ref.kind,
                                "summary": _change_summary(change, changeset.label) if change else ref.kind})
            accepted = []
            for a in d.accepted:
                where = _field_label(a.field, a.stage, changeset.label)
                became = a.applied is not None and any(a.applied.matches(c) for c in changeset.changes)
                change = {"element": a.applied.element, "kind": a.applied.kind, "field": a.applied.field,
                          "stage": a.applied.stage} if became and a.applied is not None else None
                accepted.append({"response": a.response, "element": a.element, "label": element_label(a.element),
                                 "field": a.field, "stage": a.stage, "where": where,
                                 "wording": wordings.get((a.response, a.element), ""), "change": change})
            decisions.append({"id": d.id, "outcome": d.outcome, "reason": d.reason, "changes": changes,
                              "accepted": accepted})
        themes.append({"id": t.id, "code": t.code or "", "name": t.name, "you_said": t.description,
                       "elements": elements, "we_did": decisions})
    other = [{"element": c.id, "label": c.label, "kind": c.type, "summary": _change_summary(c, changeset.label)}
             for c in changeset.changes if (c.id, c.type) not in linked and c.type != "reordered"]
    outcomes = [d["outcome"] for t in themes for d in t["we_did"]]
    return {
        "consultation": analysis["consultation"],
        "responses": analysis["responses"],
        "from_version": old.version,
        "to_version": new.version,
        "counts": {"themes": len(themes), "changed": outcomes.count("changed"),
                   "no_change": outcomes.count("no_change"), "changes": dict(changeset.counts())},
        "themes": themes,
        "other_changes": other,
    }


def _accepted_sentence(accepted: dict[str, Any]) -> str:
    """How the response document introduces an accepted suggested wording and the change it became."""
    said = (f"We used the wording suggested in response {accepted['response']} for the {accepted['where']} of "
            f"{accepted['label']}")
    if accepted["change"] is None:
        return said + " (not applied yet)"
    return said + f" ({accepted['element']}, {accepted['change']['kind']} above)"


def _decisions_phrase(counts: dict[str, Any]) -> str:
    changed, kept = counts["changed"], counts["no_change"]
    return (f"{plurals.count(changed, 'decision')} changed the framework and {kept} "
            f"explain{'s' if kept == 1 else ''} why it did not change")


def render_markdown(doc: dict[str, Any]) -> str:
    """The response document in Markdown."""
    md = report.md_text
    c = doc["consultation"]
    out = [f"# You said, we did: {md(c['title'])}", ""]
    n = doc["counts"]
    out += [f"{plurals.count(doc['responses'], 'response')} to the consultation on version "
            f"{md(doc['from_version'])} shaped version {md(doc['to_version'])}. We found "
            f"{plurals.count(n['themes'], 'theme')} in what you said; "
            f"{_decisions_phrase(n)}.", ""]
    for t in doc["themes"]:
        heading = f"{md(t['code'])} {md(t['name'])}".strip()
        out += [f"## {heading}", "", "**You said.** " + md(t["you_said"]), ""]
        for e in t["elements"]:
            out.append(f"- {md(e['label'])}: {plurals.count(e['ratings'], 'rating')}, mean "
                       f"{report.show_number(e['mean'])}, agree {report.show_number(e['agree_percent'], '%')}, "
                       f"{plurals.count(e['comments'], 'comment')}")
        if t["elements"]:
            out.append("")
        for d in t["we_did"]:
            verb = "**We did.**" if d["outcome"] == "changed" else "**We did not change the framework.**"
            out += [f"{verb} {md(d['reason'])}", ""]
            out += [f"- {md(ch['label'])} ({md(ch['element'])}): {md(ch['summary'])}" for ch in d["changes"]]
            if d["changes"]:
                out.append("")
            for a in d["accepted"]:
                out += [f"{md(_accepted_sentence(a))}:", "", f"> {md(a['wording'])}", ""]
    if doc["other_changes"]:
        out += ["## Other changes", "", f"Changes from {md(doc['from_version'])} to {md(doc['to_version'])} "
                "not tied to a consultation theme:", ""]
        out += [f"- {md(o['label'])} ({md(o['element'])}): {md(o['summary'])}" for o in doc["other_changes"]]
    return report.mark_synthetic_md("\n".join(out).rstrip("\n") + "\n", c["synthetic"])


def render_html(doc: dict[str, Any]) -> str:
    """The response document as a self-contained HTML page; every text escaped."""
    esc = report.esc
    c = doc["consultation"]
    n = doc["counts"]
    body = [f"<h1>You said, we did: {esc(c['title'])}</h1>"]
    body.append(f"<p>{plurals.count(doc['responses'], 'response')} to the consultation on version "
                f"{esc(doc['from_version'])} shaped version {esc(doc['to_version'])}. We found "
                f"{plurals.count(n['themes'], 'theme')} in what you said; "
                f"{_decisions_phrase(n)}.</p>")
    for t in doc["themes"]:
        body += [f"<h2>{esc(t['code'])} {esc(t['name'])}</h2>",
                 f"<p><strong>You said.</strong> {esc(t['you_said'])}</p>"]
        if t["elements"]:
            rows = ([esc(x["label"]), str(x["ratings"]), report.show_number(x["mean"]),
                     report.show_number(x["agree_percent"], "%"), str(x["comments"])] for x in t["elements"])
            body.append(report.html_table(["Element", "Ratings", "Mean", "Agree", "Comments"], rows, {1, 2, 3, 4}))
        for d in t["we_did"]:
            verb = "We did." if d["outcome"] == "changed" else "We did not change the framework."
            body.append(f"<p><strong>{verb}</strong> {esc(d['reason'])}</p>")
            if d["changes"]:
                body.append("<ul>" + "".join(f"<li>{esc(ch['label'])} (<code>{esc(ch['element'])}</code>): "
                                             f"{esc(ch['summary'])}</li>" for ch in d["changes"]) + "</ul>")
            for a in d["accepted"]:
                body.append(f"<p>{esc(_accepted_sentence(a))}:</p><blockquote>{esc(a['wording'])}</blockquote>")
    if doc["other_changes"]:
        body.append(f"<h2>Other changes</h2><p>Changes from {esc(doc['from_version'])} to {esc(doc['to_version'])} "
                    "not tied to a consultation theme:</p>")
        body.append("<ul>" + "".join(f"<li>{esc(o['label'])} (<code>{esc(o['element'])}</code>): "
                                     f"{esc(o['summary'])}</li>" for o in doc["other_changes"]) + "</ul>")
    return report.html_page(f"You said, we did: {c['title']}", body, c["synthetic"])


def render(doc: dict[str, Any], fmt: str) -> str:
    """The response document as md, html or json."""
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return {"md": render_markdown, "html": render_html}[fmt](doc)
