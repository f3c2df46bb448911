"""A change set as one self-contained HTML page: old and new side by side, everything escaped."""

from __future__ import annotations

from html import escape

from ..history.changes import Change, ChangeSet, FieldChange
from ._changes import detail, field_name, summary_line, unrelated_note, value_text

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d1d1d;line-height:1.45}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem;table-layout:fixed}
th,td{border:1px solid #ccc;padding:.4rem .6rem;vertical-align:top;text-align:left}
th{background:#f2f2f2} td.what{width:22%} td.old,td.new{width:39%}
del{background:#fdd;text-decoration:line-through} ins{background:#dfd;text-decoration:none}
.added{border-left:4px solid #2a2} .removed,.retired{border-left:4px solid #c22}
.modified{border-left:4px solid #d90} .moved,.renumbered,.reordered{border-left:4px solid #27a}
code{font-size:.9em} .warn{color:#a00}
"""


def _side(fc: FieldChange, mine: str) -> str:
    """One side (``old`` or ``new``) of a field change: what only this side has is marked."""
    tag, skip = ("del", "+") if mine == "old" else ("ins", "-")
    if fc.words is not None:
        return "".join(escape(t) if op == "=" else f"<{tag}>{escape(t)}</{tag}>" for op, t in fc.words if op != skip)
    value, other = (fc.old, fc.new) if mine == "old" else (fc.new, fc.old)
    if value is None:
        return ""
    names = dict(fc.names)
    if isinstance(value, list):
        others = other if isinstance(other, list) else []
        return ", ".join(escape(value_text(v, names)) if v in others
                         else f"<{tag}>{escape(value_text(v, names))}</{tag}>" for v in value)
    return f"<{tag}>{escape(value_text(value, names))}</{tag}>"


def _rows(cs: ChangeSet, c: Change) -> list[str]:
    title = (f'<td class="what {c.type}"><strong>{escape(c.type)}</strong> {escape(c.kind)}<br>'
             f"{escape(c.label)}<br><code>{escape(c.id)}</code></td>")
    fields = []  # one row per field change, below the element's own row (or as the first, for modified)
    for n, fc in enumerate(c.fields):
        head = title if n == 0 and c.type == "modified" else f'<td class="what {c.type}"></td>'
        name = escape(field_name(cs, fc))
        fields.append(f'<tr>{head}<td class="old"><em>{name}</em><br>{_side(fc, "old")}</td>'
                      f'<td class="new"><em>{name}</em><br>{_side(fc, "new")}</td></tr>')
    if c.type == "modified":
        return fields
    text = escape(c.text or "")
    if c.type == "added":
        return [f'<tr>{title}<td class="old"></td><td class="new"><ins>{text}</ins></td></tr>']
    if c.type == "removed":
        return [f'<tr>{title}<td class="old"><del>{text}</del></td><td class="new"></td></tr>']
    if c.type == "moved":
        return [f'<tr>{title}<td class="old">{escape(cs.label(c.before))}</td>'
                f'<td class="new">{escape(cs.label(c.after))}</td></tr>']
    if c.type in ("renumbered", "reordered"):
        return [f'<tr>{title}<td class="old">{escape(str(c.before))}</td>'
                f'<td class="new">{escape(str(c.after))}</td></tr>']
    return [f'<tr>{title}<td class="old">{text}</td><td class="new">{escape(detail(cs, c))}</td></tr>', *fields]


def format_changes(cs: ChangeSet, **_: object) -> str:
    """A full HTML document with no outside resources: a table per domain, old left, new right."""
    heading = f"Changes from {cs.old.version} to {cs.new.version}"
    warn = "" if cs.advice.ok else ' class="warn"'
    out = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
           f"<title>{escape(heading)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
           f"<h1>{escape(heading)}</h1>",
           f"<p>Old: <code>{escape(cs.old.source)}</code> ({escape(cs.old.version)}, {escape(cs.old.status)}, "
           f"{escape(cs.old.date)})<br>New: <code>{escape(cs.new.source)}</code> ({escape(cs.new.version)}, "
           f"{escape(cs.new.status)}, {escape(cs.new.date)})</p>",
           f"<p><strong>Summary:</strong> {escape(summary_line(cs))}</p>",
           f"<p{warn}><strong>Version:</strong> {escape(cs.advice.message())}</p>"]
    note = unrelated_note(cs)
    if note:
        out.insert(out.index(f"<h1>{escape(heading)}</h1>") + 2,
                   f'<p class="warn"><strong>Note:</strong> {escape(note)}</p>')
    header = '<tr><th>Element</th><th>Old</th><th>New</th></tr>'
    if cs.metadata:
        out += ["<h2>Framework</h2>", "<table>", header]
        for fc in cs.metadata:
            out.append(f'<tr><td class="what modified">{escape(field_name(cs, fc))}</td>'
                       f'<td class="old">{_side(fc, "old")}</td><td class="new">{_side(fc, "new")}</td></tr>')
        out.append("</table>")
    for title, changes in cs.grouped():
        out += [f"<h2>{escape(title)}</h2>", "<table>", header]
        for c in changes:
            out += _rows(cs, c)
        out.append("</table>")
    if cs.suspected_id_changes:
        out += ["<h2>Possible identifier changes</h2>", "<ul>"]
        out += [f"<li><code>{escape(s.old_id)}</code> removed and <code>{escape(s.new_id)}</code> added look alike "
                f"(similarity {s.similarity:.2f}); identifiers must stay stable</li>" for s in cs.suspected_id_changes]
        out.append("</ul>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
