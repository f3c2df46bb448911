"""The consultation analysis report: per element, per respondent group, lowest agreement first.

:func:`analyse` turns the stored responses into plain data (the JSON format);
:func:`render_markdown` and :func:`render_html` present that data. Respondent
groups of fewer than :data:`SMALL_GROUP` people are suppressed in every
breakdown (with secondary suppression, so a hidden group cannot be worked out by
subtraction), email addresses and phone numbers written into comments are
removed, and all respondent text is escaped. Contact details are never read.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from statistics import mean
from typing import Any

from .. import model, plurals
from . import form
from .consultation import Consultation, Response

#: Groups smaller than this are never shown in a breakdown.
SMALL_GROUP = 5
#: Respondent fields shown in the profile, and those agreement is broken down by.
BREAKDOWNS = ("profession", "career_stage", "education_time")
FORMATS = ("md", "html", "json")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d ()-]{8,}\d(?!\w)")


def redact(text: str) -> str:
    """Remove email addresses and phone numbers a respondent wrote into free text."""
    return _PHONE.sub("[phone number removed]", _EMAIL.sub("[email address removed]", text))


def _mean(values: list[int]) -> float | None:
    return round(mean(values), 2) if values else None


def _agree(values: list[int]) -> float | None:
    return round(100 * sum(v >= 4 for v in values) / len(values), 1) if values else None


def suppress(counts: dict[str, int]) -> tuple[set[str], int]:
    """The groups to hide: those under :data:`SMALL_GROUP`, then the smallest others until the
    hidden total is zero or at least :data:`SMALL_GROUP` (so no small group can be derived)."""
    hidden = {g for g, n in counts.items() if n < SMALL_GROUP}
    total = sum(counts[g] for g in hidden)
    rest = sorted((n, g) for g, n in counts.items() if g not in hidden)
    while 0 < total < SMALL_GROUP and rest:
        n, g = rest.pop(0)
        hidden.add(g)
        total += n
    return hidden, total


def _labels(fw: model.Framework) -> dict[str, dict[str, str]]:
    return {f.key: {c.value: c.label for c in f.choices} for f in form.respondent_fields(fw)}


def analyse(consultation: Consultation, fw: model.Framework, responses: list[Response]) -> dict[str, Any]:
    """The whole analysis as plain, JSON-ready data (deterministic for the same responses)."""
    labels = _labels(fw)
    fields = {f.key: f for f in form.respondent_fields(fw)}
    rated = list(form.rated_elements(fw))
    ratings: dict[str, list[int]] = {e.id: [] for e in rated}
    texts: dict[str, list[dict[str, str]]] = {e.id: [] for e in rated}
    for r in responses:
        for c in r.comments:
            if c.element not in ratings:
                continue
            if c.agreement is not None:
                ratings[c.element].append(c.agreement)
            entry = {k: redact(v) for k, v in (("comment", c.comment), ("suggested_wording", c.suggested_wording)) if v}
            if entry:
                texts[c.element].append({"response": r.id, **entry})

    elements = []
    for e in rated:
        values = ratings[e.id]
        elements.append({
            "id": e.id, "code": e.code or "", "name": e.name, "kind": e.LABEL,
            "ratings": len(values),
            "distribution": {str(n): values.count(n) for n in form.AGREEMENT},
            "mean": _mean(values), "agree_percent": _agree(values),
            "comments": texts[e.id],
        })
    # Lowest agreement first; ties keep the form's order (a stable sort), so P2 comes before P10.
    elements.sort(key=lambda x: (x["mean"] is None, x["mean"] if x["mean"] is not None else 0))

    domains = []
    for d in fw.domains:
        if d.retired:
            continue
        values = [v for eid in (d.id, *(c.id for c in d.capabilities)) for v in ratings.get(eid, ())]
        domains.append({"id": d.id, "code": d.code or "", "name": d.name, "ratings": len(values),
                        "mean": _mean(values), "agree_percent": _agree(values)})

    profile = []
    for key, fld in fields.items():
        counts = Counter(r.respondent.get(key, "") for r in responses)
        named = {g: n for g, n in counts.items() if g}
        hidden, hidden_total = suppress(named)
        order = [c.value for c in fld.choices]
        profile.append({
            "field": key, "label": fld.short,
            "groups": [{"value": g, "label": labels[key].get(g, g), "count": named[g]}
                       for g in sorted(named, key=lambda g: order.index(g) if g in order else len(order))
                       if g not in hidden],
            "suppressed_groups": len(hidden), "suppressed_respondents": hidden_total,
            "not_answered": counts.get("", 0),
        })

    breakdowns = [_breakdown(key, fields[key], labels[key], responses, fw) for key in BREAKDOWNS]
    questions = [_question(q, fw, responses) for q in consultation.questions]
    return {
        "consultation": {"id": consultation.id, "title": consultation.title, "framework": consultation.framework,
                         "framework_version": consultation.framework_version, "opens": consultation.opens,
                         "closes": consultation.closes, "synthetic": consultation.synthetic},
        "responses": len(responses),
        "small_group": SMALL_GROUP,
        "respondents": profile,
        "domains": domains,
        "elements": elements,
        "breakdowns": breakdowns,
        "questions": questions,
    }


def _breakdown(key: str, fld: form.Field, labels: dict[str, str], responses: list[Response],
               fw: model.Framework) -> dict[str, Any]:
    groups: dict[str, list[Response]] = {}
    for r in responses:
        value = r.respondent.get(key)
        if value:
            groups.setdefault(value, []).append(r)
    hidden, hidden_total = suppress({g: len(rs) for g, rs in groups.items()})
    domain_of = {}
    for d in fw.domains:
        domain_of[d.id] = d.id
        for c in d.capabilities:
            domain_of[c.id] = d.id
    order = [c.value for c in fld.choices]
    rows = []
    for g in sorted(groups, key=lambda g: order.index(g) if g in order else len(order)):
        if g in hidden:
            continue
        values = [c.agreement for r in groups[g] for c in r.comments if c.agreement is not None]
        per_domain = {}
        for d in fw.domains:
            dv = [c.agreement for r in groups[g] for c in r.comments
                  if c.agreement is not None and domain_of.get(c.element) == d.id]
            per_domain[d.code or d.id] = _mean(dv)
        rows.append({"value": g, "label": labels.get(g, g), "respondents": len(groups[g]),
                     "mean": _mean(values), "domains": per_domain})
    return {"field": key, "label": fld.short, "groups": rows,
            "suppressed_groups": len(hidden), "suppressed_respondents": hidden_total}


def _question(q: Any, fw: model.Framework, responses: list[Response]) -> dict[str, Any]:
    answers = [r.answers[q.id] for r in responses if q.id in r.answers]
    out: dict[str, Any] = {"id": q.id, "code": q.code or "", "name": q.name, "kind": q.kind,
                           "answered": len(answers)}
    if q.kind == "agreement":
        values = [int(a) for a in answers]
        out.update(distribution={str(n): values.count(n) for n in form.AGREEMENT},
                   mean=_mean(values), agree_percent=_agree(values))
    elif q.kind == "choice":
        counts = Counter(answers)
        out["options"] = [{"value": c.value, "label": c.label, "count": counts.get(c.value, 0)}
                          for c in form.question_choices(q, fw)]
    else:
        out["answers"] = [redact(a) for a in answers]
    return out


# ---------------------------------------------------------------------------
# Rendering


def render_json(data: dict[str, Any]) -> str:
    """The analysis as JSON (two-space indent, final newline)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def md_text(text: str) -> str:
    """Respondent or author text made inert in Markdown: HTML escaped, markup characters backslashed."""
    escaped = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]|~])", r"\\\1", escaped)


def show_number(value: float | None, suffix: str = "") -> str:
    """A figure for people: ``3.5``, ``50%``, or a dash when there is none."""
    return "–" if value is None else f"{value:g}{suffix}"


def _bar(value: float | None, width: int = 20) -> str:
    if value is None:
        return ""
    filled = round((value - 1) / 4 * width)
    return "█" * filled + "░" * (width - filled)


#: What every section of a document built from made-up responses says, under its heading.
SYNTHETIC_NOTE = ("Synthetic sample data: the responses behind this were made up to show the tooling; "
                  "they are not real feedback and are not evidence for the framework.")
_MD_SECTION = re.compile(r"^(#{1,2} .*)$", re.MULTILINE)
_HTML_SECTION = re.compile(r"(<h[12]>.*?</h[12]>)", re.DOTALL)


def mark_synthetic_md(text: str, synthetic: bool) -> str:
    """``text`` with the synthetic-data note under its title and every section heading, when ``synthetic``.

    A reader who lands on one section (a printed page, a link to a heading, a quote in
    a slide) must still see that the figures and comments are not real feedback.
    """
    if not synthetic:
        return text
    return _MD_SECTION.sub(lambda m: f"{m.group(1)}\n\n> **{SYNTHETIC_NOTE}**", text)


def mark_synthetic_html(body: str, synthetic: bool) -> str:
    """Already-escaped HTML with the synthetic-data note after its title and every section heading."""
    if not synthetic:
        return body
    return _HTML_SECTION.sub(lambda m: f'{m.group(1)}<p class="note"><strong>{esc(SYNTHETIC_NOTE)}</strong></p>',
                             body)


def render_markdown(data: dict[str, Any]) -> str:
    """The analysis as a Markdown report."""
    c = data["consultation"]
    out = [f"# Consultation report: {md_text(c['title'])}", ""]
    out += [f"{plurals.count(data['responses'], 'response')} on {md_text(c['framework'])} version "
            f"{md_text(c['framework_version'])}, open {c['opens']} to {c['closes']}. Agreement is on a scale "
            "of 1 (strongly disagree) to 5 (strongly agree); 'agree' counts 4 and 5. Groups of fewer than "
            f"{plurals.count(data['small_group'], 'respondent')} are not shown.", ""]

    out += ["## Agreement by domain", "", "| Domain | Ratings | Mean | Agree | |", "|---|---:|---:|---:|---|"]
    for d in data["domains"]:
        out.append(f"| {md_text(d['code'])} {md_text(d['name'])} | {d['ratings']} | {show_number(d['mean'])} | "
                   f"{show_number(d['agree_percent'], '%')} | {_bar(d['mean'])} |")
    out.append("")

    out += ["## Lowest agreement first", "",
            "| Element | Kind | Ratings | Mean | Agree | 1 | 2 | 3 | 4 | 5 | Comments |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for e in data["elements"]:
        dist = " | ".join(str(e["distribution"][str(n)]) for n in form.AGREEMENT)
        out.append(f"| {md_text(e['code'])} {md_text(e['name'])} | {e['kind']} | {e['ratings']} | "
                   f"{show_number(e['mean'])} | {show_number(e['agree_percent'], '%')} | {dist} | "
                   f"{len(e['comments'])} |")
    out.append("")

    out += ["## Who responded", ""]
    for p in data["respondents"]:
        out += [f"### {md_text(p['label'])}", "", "| Group | Respondents |", "|---|---:|"]
        out += [f"| {md_text(g['label'])} | {g['count']} |" for g in p["groups"]]
        out += _suppressed_lines(p, "| ")
        if p["not_answered"]:
            out.append(f"| Not answered | {p['not_answered']} |")
        out.append("")

    out += ["## Agreement by respondent group", ""]
    for b in data["breakdowns"]:
        codes = [d["code"] or d["id"] for d in data["domains"]]
        out += [f"### By {md_text(b['label'].lower())}", "",
                "| Group | Respondents | Mean | " + " | ".join(f"Domain {md_text(x)}" for x in codes) + " |",
                "|---|---:|---:|" + "---:|" * len(codes)]
        for g in b["groups"]:
            cells = " | ".join(show_number(g["domains"].get(x)) for x in codes)
            out.append(f"| {md_text(g['label'])} | {g['respondents']} | {show_number(g['mean'])} | {cells} |")
        out += _suppressed_lines(b, "")
        out.append("")

    if data["questions"]:
        out += ["## General questions", ""]
        for q in data["questions"]:
            out += [f"### {md_text(q['code'])} {md_text(q['name'])}", "", f"{q['answered']} answered.", ""]
            if q["kind"] == "agreement":
                out += [f"Mean {show_number(q['mean'])}, agree {show_number(q['agree_percent'], '%')}; "
                        + ", ".join(f"{n}: {q['distribution'][str(n)]}" for n in form.AGREEMENT) + ".", ""]
            elif q["kind"] == "choice":
                out += ["| Answer | Count |", "|---|---:|"]
                out += [f"| {md_text(o['label'])} | {o['count']} |" for o in q["options"]]
                out.append("")
            else:
                out += [_quote(a) for a in q["answers"]]
    out += ["## Comments by element", "", "In the same order as above: lowest agreement first.", ""]
    for e in data["elements"]:
        if not e["comments"]:
            continue
        out += [f"### {md_text(e['code'])} {md_text(e['name'])} ({len(e['comments'])})", ""]
        for cm in e["comments"]:
            if "comment" in cm:
                out.append(_quote(cm["comment"], cm["response"]))
            if "suggested_wording" in cm:
                out.append(_quote("Suggested wording: " + cm["suggested_wording"], cm["response"]))
    return mark_synthetic_md("\n".join(out).rstrip("\n") + "\n", c["synthetic"])


def _quote(text: str, source: str | None = None) -> str:
    body = "\n> ".join(md_text(line) for line in text.splitlines())
    return f"> {body}" + (f" ({md_text(source)})" if source else "") + "\n"


def _suppressed_lines(block: dict[str, Any], prefix: str) -> list[str]:
    if not block["suppressed_groups"]:
        return []
    text = (f"{plurals.count(block['suppressed_groups'], 'smaller group')}, "
            f"{plurals.count(block['suppressed_respondents'], 'respondent')} in all, not shown")
    return [f"| {text} | |"] if prefix else ["", f"_{text}._"]


# HTML ----------------------------------------------------------------------

_COLOURS = {1: "#b2182b", 2: "#ef8a62", 3: "#bababa", 4: "#67a9cf", 5: "#2166ac"}
_CSS = """
body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#1b1b1b;line-height:1.4}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
td.n{text-align:right}blockquote{border-left:4px solid #ccc;margin:.5em 0;padding:.1em .8em;color:#333}
.note{background:#fff3cd;border:1px solid #e0c060;padding:.5em 1em}.src{color:#666;font-size:.85em}
""".strip()


def esc(value: Any) -> str:
    """Text escaped for HTML (quotes too)."""
    return html.escape(str(value), quote=True)


def domain_chart_svg(domains: list[dict[str, Any]]) -> str:
    """A horizontal bar chart of mean agreement per domain (scale 1-5), as inline SVG."""
    bar_h, gap, label_w, plot_w = 22, 8, 280, 360
    height = len(domains) * (bar_h + gap) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + plot_w + 60}" '
             f'height="{height}" viewBox="0 0 {label_w + plot_w + 60} {height}">',
             "<title>Mean agreement by domain, 1 strongly disagree to 5 strongly agree</title>"]
    for tick in range(1, 6):
        x = label_w + (tick - 1) / 4 * plot_w
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 20}" stroke="#ddd"/>'
                     f'<text x="{x:.1f}" y="{height - 5}" font-size="11" text-anchor="middle">{tick}</text>')
    for i, d in enumerate(domains):
        y = i * (bar_h + gap)
        name = f"{d['code']} {d['name']}".strip()
        short = name if len(name) <= 40 else name[:39] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" font-size="12" text-anchor="end">'
                     f"<title>{esc(name)}</title>{esc(short)}</text>")
        if d["mean"] is not None:
            w = (d["mean"] - 1) / 4 * plot_w
            parts.append(f'<rect x="{label_w}" y="{y}" width="{max(w, 1):.1f}" height="{bar_h}" fill="#2166ac">'
                         f"<title>{esc(name)}: mean {d['mean']:g} from {plurals.count(d['ratings'], 'rating')}"
                         "</title></rect>"
                         f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="11">'
                         f'{d["mean"]:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def distribution_svg(distribution: dict[str, int], width: int = 200, height: int = 14) -> str:
    """A stacked bar of the 1-5 answers, as inline SVG."""
    total = sum(distribution.values())
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    x = 0.0
    for n in form.AGREEMENT:
        count = distribution[str(n)]
        if not total or not count:
            continue
        w = count / total * width
        parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{_COLOURS[n]}">'
                     f"<title>{n} {esc(form.AGREEMENT[n])}: {count}</title></rect>")
        x += w
    parts.append("</svg>")
    return "".join(parts)


def legend_html() -> str:
    """The colour key of the 1-5 distribution bars."""
    keys = "".join(f'<span style="display:inline-block;width:.9em;height:.9em;background:{_COLOURS[n]};'
                   f'margin:0 .3em 0 1em;vertical-align:middle"></span>{n} {esc(label.lower())}'
                   for n, label in form.AGREEMENT.items())
    return f'<p class="src">Answers 1–5:{keys}</p>'


def html_table(head: list[str], rows: Iterable[list[str]], numeric: set[int] = frozenset()) -> str:
    """An HTML table from cells that are already escaped; ``numeric`` columns align right."""
    out = ["<table><thead><tr>", *(f"<th>{h}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def html_page(title: str, body: list[str], synthetic: bool = False) -> str:
    """A self-contained HTML page (inline CSS) around already-escaped body parts.

    With ``synthetic``, the title says so and every section carries :data:`SYNTHETIC_NOTE`.
    """
    if synthetic:
        title += " (synthetic sample data)"
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>\n"
            + mark_synthetic_html("\n".join(body), synthetic) + "\n</body></html>\n")


def _html_text(text: str) -> str:
    return "<br>".join(esc(line) for line in text.splitlines())


def render_html(data: dict[str, Any]) -> str:
    """The analysis as one self-contained HTML page with inline SVG charts; every text escaped."""
    c = data["consultation"]
    body = [f"<h1>Consultation report: {esc(c['title'])}</h1>"]
    body.append(f"<p>{plurals.count(data['responses'], 'response')} on {esc(c['framework'])} version "
                f"{esc(c['framework_version'])}, open {esc(c['opens'])} to {esc(c['closes'])}. Agreement is on "
                "a scale of 1 (strongly disagree) to 5 (strongly agree); 'agree' counts 4 and 5. Groups of fewer than "
                f"{plurals.count(data['small_group'], 'respondent')} are not shown.</p>")
    body += ["<h2>Agreement by domain</h2>", domain_chart_svg(data["domains"])]
    body += ["<h2>Lowest agreement first</h2>", legend_html(), html_table(
        ["Element", "Kind", "Ratings", "Mean", "Agree", "Answers 1–5", "Comments"],
        ([f"{esc(e['code'])} {esc(e['name'])}", esc(e["kind"]), str(e["ratings"]), show_number(e["mean"]),
          show_number(e["agree_percent"], "%"), distribution_svg(e["distribution"]), str(len(e["comments"]))]
         for e in data["elements"]), {2, 3, 4, 6})]
    body.append("<h2>Who responded</h2>")
    for p in data["respondents"]:
        rows = [[esc(g["label"]), str(g["count"])] for g in p["groups"]]
        if p["suppressed_groups"]:
            rows.append([f"{plurals.count(p['suppressed_groups'], 'smaller group')}, not shown",
                         str(p["suppressed_respondents"])])
        if p["not_answered"]:
            rows.append(["Not answered", str(p["not_answered"])])
        body += [f"<h3>{esc(p['label'])}</h3>", html_table(["Group", "Respondents"], rows, {1})]
    body.append("<h2>Agreement by respondent group</h2>")
    codes = [d["code"] or d["id"] for d in data["domains"]]
    for b in data["breakdowns"]:
        rows = [[esc(g["label"]), str(g["respondents"]), show_number(g["mean"]),
                 *(show_number(g["domains"].get(x)) for x in codes)] for g in b["groups"]]
        if b["suppressed_groups"]:
            rows.append([f"{plurals.count(b['suppressed_groups'], 'smaller group')}, not shown",
                         str(b["suppressed_respondents"]), "", *("" for _ in codes)])
        body += [f"<h3>By {esc(b['label'].lower())}</h3>",
                 html_table(["Group", "Respondents", "Mean", *(f"Domain {esc(x)}" for x in codes)], rows,
                        set(range(1, 3 + len(codes))))]
    if data["questions"]:
        body.append("<h2>General questions</h2>")
        for q in data["questions"]:
            body.append(f"<h3>{esc(q['code'])} {esc(q['name'])}</h3><p>{q['answered']} answered.</p>")
            if q["kind"] == "agreement":
                body.append(f"<p>Mean {show_number(q['mean'])}, agree {show_number(q['agree_percent'], '%')}. "
                            f"{distribution_svg(q['distribution'])}</p>")
            elif q["kind"] == "choice":
                body.append(html_table(["Answer", "Count"], ([esc(o["label"]), str(o["count"])] for o in q["options"]),
                                   {1}))
            else:
                body += [f"<blockquote>{_html_text(a)}</blockquote>" for a in q["answers"]]
    body.append("<h2>Comments by element</h2><p>In the same order as above: lowest agreement first.</p>")
    for e in data["elements"]:
        if not e["comments"]:
            continue
        body.append(f"<h3>{esc(e['code'])} {esc(e['name'])} ({len(e['comments'])})</h3>")
        for cm in e["comments"]:
            if "comment" in cm:
                body.append(f"<blockquote>{_html_text(cm['comment'])} "
                            f"<span class=\"src\">{esc(cm['response'])}</span></blockquote>")
            if "suggested_wording" in cm:
                body.append(f"<blockquote><em>Suggested wording:</em> {_html_text(cm['suggested_wording'])} "
                            f"<span class=\"src\">{esc(cm['response'])}</span></blockquote>")
    return html_page(f"Consultation report: {c['title']}", body, c["synthetic"])


RENDERERS = {"md": render_markdown, "html": render_html, "json": render_json}


def render(data: dict[str, Any], fmt: str) -> str:
    """The analysis in one of :data:`FORMATS`."""
    return RENDERERS[fmt](data)
