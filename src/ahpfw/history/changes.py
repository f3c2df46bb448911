"""What changed between two versions of a framework, element by element.

:func:`compare` matches elements by their stable ``id`` (dictionaries keyed by
id, so the work grows linearly with the size of the framework) and returns a
:class:`ChangeSet`: elements added, removed, retired, modified (field by field,
long text with a word-level diff), moved to another domain, renumbered (a new
display code) and reordered. It also flags what looks like an identifier
change (an element removed and a near-identical one added), because ids must be
stable, and advises which part of the version number the changes call for.

``ChangeSet.to_data()`` is the documented JSON structure (``docs/diff.md``).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import abc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from .. import model
from .canonical import fields_of

#: The kinds of change, in the order every output lists them.
CHANGE_TYPES = ("added", "removed", "retired", "modified", "moved", "renumbered", "reordered")

#: Version of the JSON structure of :meth:`ChangeSet.to_data`.
FORMAT_VERSION = 1

#: Fields that are not compared as fields: identity, position and bookkeeping.
_NOT_FIELDS = frozenset({"id", "code", "location", "field_locations", "more", "domain", "capabilities", "root",
                         "schema"})

#: A removed and an added element at least this similar look like one element with a new id.
SIMILARITY = 0.85

#: Text at least this long gets a word-level diff.
_LONG_TEXT = 40

#: Above this many removed x added pairs of one kind, only exact look-alikes are searched for.
_MAX_PAIRS = 40_000

_COLLECTION_OF: dict[type, str] = {cls: name for name, cls in model.COLLECTIONS.items()}
_COLLECTION_OF[model.Capability] = "capabilities"
_WORD = re.compile(r"\s+|[\w'’-]+|[^\w\s]")


@dataclass(frozen=True)
class FieldChange:
    """One field of an element (or of the framework's metadata) that changed.

    ``stage`` names the career stage when the field is a capability's descriptor;
    ``words`` is a word-level diff of long text: ``(op, text)`` pairs with op
    ``=`` (unchanged), ``-`` (only in old) or ``+`` (only in new). ``names``
    gives ``code name`` of each element a reference field names, as ``(id, label)``
    pairs: from the new framework for the ids in ``new``, from the old one for
    those only in ``old`` (a reference taken out keeps the name it had).
    """

    field: str
    old: Any
    new: Any
    stage: str | None = None
    words: tuple[tuple[str, str], ...] | None = None
    names: tuple[tuple[str, str], ...] = ()

    def wording(self, fields: abc.Set[str]) -> bool:
        """True when the change is to wording only: to one of ``fields`` (those the schema annotates
        ``change: wording``, :func:`wording_fields`), from one text to another."""
        return self.field in fields and self.old is not None and self.new is not None

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field}
        if self.stage is not None:
            out["stage"] = self.stage
        out["old"] = self.old
        out["new"] = self.new
        if self.words is not None:
            out["words"] = [list(w) for w in self.words]
        if self.names:
            out["names"] = dict(self.names)
        return out


@dataclass(frozen=True)
class Change:
    """One change to one element.

    ``code``, ``name`` and ``domain`` describe the element in the new version
    (in the old one, for a removed element); ``domain`` is the id of the domain
    holding a capability, else None. ``before``/``after`` hold the old and new
    domain (moved), code (renumbered) or 1-based position among its siblings
    (reordered); ``fields`` the field changes (modified, and a retired element's
    changes made as it was retired); ``replaced_by`` the replacements of a retired
    element; ``text`` the statement (or description)
    of an added, removed or retired element.
    """

    type: str
    id: str
    kind: str
    collection: str
    code: str | None
    name: str
    domain: str | None = None
    before: Any = None
    after: Any = None
    fields: tuple[FieldChange, ...] = ()
    replaced_by: tuple[str, ...] = ()
    text: str | None = None

    @property
    def label(self) -> str:
        """``code name`` for people."""
        return f"{self.code} {self.name}" if self.code else self.name

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "collection": self.collection,
                               "code": self.code, "name": self.name, "domain": self.domain}
        if self.type in ("moved", "renumbered", "reordered"):
            out["from"], out["to"] = self.before, self.after
        if self.type in ("modified", "retired"):
            out["fields"] = [f.to_data() for f in self.fields]
        if self.type == "retired":
            out["replaced_by"] = list(self.replaced_by)
        if self.type in ("added", "removed", "retired"):
            out["text"] = self.text
        return out


@dataclass(frozen=True)
class SuspectedIdChange:
    """An element that seems to have been given a new id: removed and re-added almost unchanged."""

    old_id: str
    new_id: str
    kind: str
    similarity: float

    def to_data(self) -> dict[str, Any]:
        return {"old_id": self.old_id, "new_id": self.new_id, "kind": self.kind,
                "similarity": round(self.similarity, 3)}


@dataclass(frozen=True)
class VersionAdvice:
    """Whether the new version number reflects the changes (see ``docs/diff.md``, Version policy).

    ``required`` is the kind of change found (major, minor, patch or none);
    ``bump`` the part of the version that actually went up (or ``none``, or
    ``lower`` when the version went down); ``suggested`` the smallest version
    that would do; ``ok`` whether the new version is enough.
    """

    old_version: str
    new_version: str
    required: str
    bump: str
    suggested: str
    ok: bool
    reasons: tuple[str, ...]

    def to_data(self) -> dict[str, Any]:
        return {"old": self.old_version, "new": self.new_version, "required": self.required,
                "bump": self.bump, "suggested": self.suggested, "ok": self.ok, "reasons": list(self.reasons)}

    def message(self) -> str:
        """One sentence for people."""
        if self.ok:
            if self.required == "none":
                return f"version {self.new_version}: nothing changed that needs a new version"
            note = f"{self.required} change"
            if effective_level(self.old_version, self.required) != self.required:
                note += f"; before 1.0.0 that calls for a new {effective_level(self.old_version, self.required)} number"
            return f"version {self.new_version} reflects the changes since {self.old_version} ({note})"
        why = "; ".join(self.reasons[:3])
        return (f"version {self.new_version} does not reflect the changes since {self.old_version}: "
                f"they call for a {self.required} change ({why}); use {self.suggested} or later")


@dataclass(frozen=True)
class Side:
    """One side of a comparison: which framework, which version, from where."""

    id: str
    version: str
    status: str
    date: str
    source: str

    def to_data(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "status": self.status, "date": self.date,
                "source": self.source}


@dataclass(frozen=True)
class ChangeSet:
    """Everything that changed from ``old`` to ``new``. ``to_data()`` is the documented JSON form."""

    old: Side
    new: Side
    metadata: tuple[FieldChange, ...]
    changes: tuple[Change, ...]
    suspected_id_changes: tuple[SuspectedIdChange, ...]
    advice: VersionAdvice
    labels: dict[str, str] = field(default_factory=dict)
    #: True when both sides have elements but no id is in both: two different frameworks, compared.
    unrelated: bool = False

    def __repr__(self) -> str:
        """One line: the two sides and how many changes of each type (the full repr runs to hundreds of kilobytes)."""
        from ..plurals import count

        counts = [f"{n} {kind}" for kind, n in self.counts().items() if n and kind in CHANGE_TYPES]
        if self.suspected_id_changes:
            counts.append(count(len(self.suspected_id_changes), "suspected id change"))
        if self.metadata:
            counts.insert(0, count(len(self.metadata), "metadata field") + " changed")
        return (f"<ChangeSet {self.old.id} {self.old.version} -> {self.new.id} {self.new.version}: "
                f"{', '.join(counts) or 'identical'}>")

    @property
    def identical(self) -> bool:
        """True when nothing at all differs (content or metadata)."""
        return not self.changes and not self.metadata

    def of_type(self, change_type: str) -> list[Change]:
        """The changes of one type, in document order."""
        return [c for c in self.changes if c.type == change_type]

    def counts(self) -> dict[str, int]:
        counts = {t: 0 for t in CHANGE_TYPES}
        for c in self.changes:
            counts[c.type] += 1
        counts["suspected_id_changes"] = len(self.suspected_id_changes)
        return counts

    def label(self, element_id: str | None) -> str:
        """``code name`` of a domain, career stage or replacement named in the changes (else the id)."""
        return self.labels.get(element_id or "", element_id or "")

    def grouped(self) -> list[tuple[str, list[Change]]]:
        """The changes grouped for reading: one group per domain (its capabilities with it),
        then one per other collection, in document order."""
        groups: dict[str, list[Change]] = {}
        for change in self.changes:
            if change.collection == "capabilities":
                key = change.domain or ""
            elif change.collection == "domains":
                key = change.id
            else:
                key = change.collection
            groups.setdefault(key, []).append(change)
        order = {name: n for n, name in enumerate(model.COLLECTIONS)}

        def rank(key: str) -> tuple[int, str]:
            return (order[key], "") if key in order else (order["domains"], key)

        titled = []
        for key in sorted(groups, key=rank):
            title = key.replace("_", " ").capitalize() if key in order else f"Domain {self.label(key)}"
            titled.append((title, groups[key]))
        return titled

    def to_data(self) -> dict[str, Any]:
        """The stable JSON structure documented in ``docs/diff.md``."""
        data: dict[str, Any] = {
            "format": "ahpfw-changes",
            "format_version": FORMAT_VERSION,
            "old": self.old.to_data(),
            "new": self.new.to_data(),
            "identical": self.identical,
            "unrelated": self.unrelated,
            "counts": self.counts(),
            "version": self.advice.to_data(),
            "framework": [f.to_data() for f in self.metadata],
        }
        for change_type in CHANGE_TYPES:
            data[change_type] = [c.to_data() for c in self.of_type(change_type)]
        data["suspected_id_changes"] = [s.to_data() for s in self.suspected_id_changes]
        data["labels"] = self.labels
        return data


# ---------------------------------------------------------------------------
# Comparing


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """A word-level diff of two texts: ``(op, text)`` pairs, op ``=``, ``-`` or ``+``.

    A lone space between two changed words is folded into the change, so a
    rewritten phrase reads as one removal and one insertion, not a word salad.
    """
    a, b = _WORD.findall(old), _WORD.findall(new)
    pieces: list[tuple[str, str, str]] = []  # (op, old text, new text)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("=", "".join(a[i1:i2]), ""))
        else:
            pieces.append(("~", "".join(a[i1:i2]), "".join(b[j1:j2])))
    for n in range(1, len(pieces) - 1):
        op, text, _ = pieces[n]
        if op == "=" and not text.strip() and pieces[n - 1][0] == "~" and pieces[n + 1][0] == "~":
            pieces[n] = ("~", text, text)
    out: list[tuple[str, str]] = []
    removed = added = ""
    for op, before, after in pieces + [("=", "", "")]:
        if op == "~":
            removed, added = removed + before, added + after
            continue
        if removed:
            out.append(("-", removed))
        if added:
            out.append(("+", added))
        removed = added = ""
        if before:
            out.append(("=", before))
    return tuple(out)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if is_dataclass(value):  # a nested object such as an evidence quote: its canonical fields
        return {name: _plain(v) for name, v in fields_of(value)}
    return value


def _field_change(name: str, old: Any, new: Any, stage: str | None = None) -> FieldChange:
    words = None
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) >= _LONG_TEXT:
        words = word_diff(old, new)
    return FieldChange(name, _plain(old), _plain(new), stage, words)


def _compare_fields(old: Any, new: Any, skip: frozenset[str] = frozenset()) -> list[FieldChange]:
    out: list[FieldChange] = []
    for f in fields(new):
        name = f.name
        if name in _NOT_FIELDS or name in skip:
            continue
        a, b = getattr(old, name, None), getattr(new, name, None)
        if a == b:
            continue
        if name == "descriptors":
            out.extend(_compare_descriptors(a or (), b or ()))
        else:
            out.append(_field_change(name, a, b))
    if old.more or new.more:  # the fields a project's own schema adds
        for name in dict.fromkeys([*new.more, *old.more]):
            a, b = old.more.get(name), new.more.get(name)
            if a != b:
                out.append(_field_change(name, a, b))
    return out


def _compare_descriptors(old: Sequence[model.LevelDescriptor],
                         new: Sequence[model.LevelDescriptor]) -> Iterator[FieldChange]:
    before = {d.stage: d for d in old}
    after = {d.stage: d for d in new}
    for stage in list(after) + [s for s in before if s not in after]:
        a, b = before.get(stage), after.get(stage)
        more_a, more_b = (a.more if a else model.NO_MORE), (b.more if b else model.NO_MORE)
        if a == b and more_a == more_b:
            continue
        if a is None or b is None or a.text != b.text:
            yield _field_change("descriptors", a and a.text, b and b.text, stage)
        for name in (*_DESCRIPTOR_PROVENANCE, *dict.fromkeys([*more_b, *more_a])):
            x, y = model.value(a, name) if a else None, model.value(b, name) if b else None
            if (x or None) != (y or None):
                yield _field_change(name, x or None, y or None, stage)


#: A descriptor's own provenance fields, compared beside its text (field changes with a stage).
_DESCRIPTOR_PROVENANCE = ("origin", "evidence", "figure_source", "origin_note")


def _describe(element: model.Element, change_type: str, **extra: Any) -> Change:
    domain = element.domain if isinstance(element, model.Capability) else None
    if change_type in ("added", "removed", "retired"):
        extra["text"] = getattr(element, "statement", None) or element.description
    return Change(change_type, element.id, element.LABEL, _COLLECTION_OF[type(element)], element.code,
                  element.name, domain, **extra)


def _siblings(fw: model.Framework) -> dict[str, list[str]]:
    """Ordered id lists, one per parent: each top-level collection and each domain's capabilities."""
    groups: dict[str, list[str]] = {}
    for name in model.COLLECTIONS:
        groups[name] = [e.id for e in getattr(fw, name)]
    for domain in fw.domains:
        groups[domain.id] = [c.id for c in domain.capabilities]
    return groups


def _out_of_order(old_ids: Sequence[str], new_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Ids whose order among the ids common to both lists changed: old and new 1-based position.

    The ids kept in place are a longest increasing subsequence (O(n log n)), so
    an element inserted or taken out does not make its neighbours 'reordered'.
    An id given twice counts at its first place (AHP010 reports the second).
    """
    old_ids, new_ids = list(dict.fromkeys(old_ids)), list(dict.fromkeys(new_ids))
    old_pos = {i: n for n, i in enumerate(old_ids)}
    common = [i for i in new_ids if i in old_pos]
    if not common:
        return {}
    common_set = set(common)
    old_common = [i for i in old_ids if i in common_set]
    rank = {i: n for n, i in enumerate(old_common)}
    seq = [rank[i] for i in common]
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(seq)
    for k, value in enumerate(seq):
        pos = bisect.bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tail_at.append(k)
        else:
            tails[pos] = value
            tail_at[pos] = k
        parent[k] = tail_at[pos - 1] if pos else -1
    keep: set[int] = set()
    k = tail_at[-1]
    while k != -1:
        keep.add(k)
        k = parent[k]
    return {i: (rank[i] + 1, n + 1) for n, i in enumerate(common) if n not in keep}


def _signature(element: model.Element) -> str:
    text = getattr(element, "statement", None) or element.description or ""
    return f"{element.name}\n{text}".casefold()


def _suspected(removed: list[model.Element], added: list[model.Element]) -> list[SuspectedIdChange]:
    found: list[SuspectedIdChange] = []
    by_kind: dict[type, tuple[list[model.Element], list[model.Element]]] = {}
    for e in removed:
        by_kind.setdefault(type(e), ([], []))[0].append(e)
    for e in added:
        by_kind.setdefault(type(e), ([], []))[1].append(e)
    for gone, new in by_kind.values():
        if not gone or not new:
            continue
        exact: dict[str, model.Element] = {}
        for e in new:
            exact.setdefault(_signature(e), e)
        taken: set[str] = set()
        rest: list[model.Element] = []
        for e in gone:
            twin = exact.get(_signature(e))
            if twin is not None and twin.id not in taken:
                taken.add(twin.id)
                found.append(SuspectedIdChange(e.id, twin.id, e.LABEL, 1.0))
            else:
                rest.append(e)
        candidates = [e for e in new if e.id not in taken]
        if len(rest) * len(candidates) > _MAX_PAIRS:
            continue
        for e in rest:
            matcher = difflib.SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(_signature(e))
            best, best_ratio = None, SIMILARITY
            for c in candidates:
                if c.id in taken:
                    continue
                matcher.set_seq1(_signature(c))
                if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                    continue
                ratio = matcher.ratio()
                if ratio >= best_ratio:
                    best, best_ratio = c, ratio
            if best is not None:
                taken.add(best.id)
                found.append(SuspectedIdChange(e.id, best.id, e.LABEL, best_ratio))
    return found


def compare(old: model.Framework, new: model.Framework, *, old_source: str = "", new_source: str = "") -> ChangeSet:
    """Compare two loaded frameworks by element id."""
    old_els, new_els = old.elements, new.elements
    changes: list[Change] = []
    added: list[model.Element] = []
    removed: list[model.Element] = []
    for element in new.iter_elements():
        if new_els.get(element.id) is not element:
            continue  # an id given twice: AHP010's business, the first one counts
        before = old_els.get(element.id)
        if before is None or type(before) is not type(element):
            added.append(element)
            changes.append(_describe(element, "added"))
            continue
        changes.extend(_element_changes(before, element))
    for element in old.iter_elements():
        if old_els.get(element.id) is not element:
            continue
        after = new_els.get(element.id)
        if after is None or type(after) is not type(element):
            removed.append(element)
            changes.append(_describe(element, "removed"))
    old_groups, new_groups = _siblings(old), _siblings(new)
    for parent, ids in new_groups.items():
        for element_id, (was, now) in _out_of_order(old_groups.get(parent, ()), ids).items():
            changes.append(_describe(new_els[element_id], "reordered", before=was, after=now))
    order = {t: n for n, t in enumerate(CHANGE_TYPES)}
    position = {e: n for n, e in enumerate(new_els)}
    old_position = {e: n + len(position) for n, e in enumerate(old_els)}
    changes.sort(key=lambda c: (order[c.type], position.get(c.id, old_position.get(c.id, 0))))
    changes = [_with_names(c, old_els, new_els) for c in changes]
    metadata = _compare_fields(old, new, skip=frozenset(model.COLLECTIONS))
    labels = _labels(old, new, changes)
    side_old = Side(old.id, old.version, old.status, old.date, old_source or old.root)
    side_new = Side(new.id, new.version, new.status, new.date, new_source or new.root)
    advice = advise(old, new, changes)
    unrelated = bool(old_els) and bool(new_els) and old_els.keys().isdisjoint(new_els.keys())
    return ChangeSet(side_old, side_new, tuple(metadata), tuple(changes),
                     tuple(_suspected(removed, added)), advice, labels, unrelated)


_CLASS_OF = {name: cls for cls, name in _COLLECTION_OF.items()}


def _with_names(change: Change, old_els: Mapping[str, model.Element],
                new_els: Mapping[str, model.Element]) -> Change:
    """A change's field changes, with the names of the elements their references name."""
    if not change.fields:
        return change
    cls = _CLASS_OF[change.collection]
    named = []
    for fc in change.fields:
        holder = model.LevelDescriptor if fc.stage is not None else cls
        references = {name for name, _ in model.reference_fields(holder)}
        names = {i: old_els[i].label for i in _referenced(fc.field, fc.old, references) if i in old_els}
        names.update((i, new_els[i].label) for i in _referenced(fc.field, fc.new, references) if i in new_els)
        named.append(replace(fc, names=tuple(sorted(names.items()))) if names else fc)
    return replace(change, fields=tuple(named))


def _referenced(field_name: str, value: Any, references: set[str]) -> list[str]:
    """The ids a field's value (as a field change holds it) names: a reference, or an evidence quote's source."""
    items = value if isinstance(value, list) else [value]
    if field_name == "evidence":
        return [e["source"] for e in items if isinstance(e, dict) and isinstance(e.get("source"), str)]
    return [v for v in items if isinstance(v, str)] if field_name in references else []


def _labels(old: model.Framework, new: model.Framework, changes: Sequence[Change]) -> dict[str, str]:
    """``code name`` of every domain, career stage and replacement the changes name."""
    wanted: set[str] = {s.id for s in (*old.career_stages, *new.career_stages)}
    for c in changes:
        wanted.update(x for x in (c.domain, c.before if c.type == "moved" else None,
                                  c.after if c.type == "moved" else None) if x)
        wanted.update(c.replaced_by)
    labels = {}
    for element_id in sorted(wanted):
        element = new.elements.get(element_id) or old.elements.get(element_id)
        labels[element_id] = element.label if element is not None else element_id
    return labels


def _element_changes(old: model.Element, new: model.Element) -> Iterator[Change]:
    if (old == new and old.more == new.more and old.code == new.code
            and getattr(old, "domain", None) == getattr(new, "domain", None)):
        return
    fields_changed = _compare_fields(old, new)
    if new.retired and not old.retired:  # one change: retired, with its other field changes (not also modified)
        yield _describe(new, "retired", replaced_by=new.replaced_by,
                        fields=tuple(f for f in fields_changed if f.field not in ("status", "replaced_by")))
    elif fields_changed:
        yield _describe(new, "modified", fields=tuple(fields_changed))
    if isinstance(new, model.Capability) and isinstance(old, model.Capability) and old.domain != new.domain:
        yield _describe(new, "moved", before=old.domain, after=new.domain)
    if old.code != new.code:
        yield _describe(new, "renumbered", before=old.code, after=new.code)


# ---------------------------------------------------------------------------
# Version advice

LEVELS = ("none", "patch", "minor", "major")


def _level_of(change: Change, wording: abc.Set[str]) -> tuple[str, str]:
    """The kind of version change one change calls for, and why (``wording``: :func:`wording_fields`)."""
    what = f"{change.kind} {change.id}"
    if change.type in ("removed", "retired", "moved"):
        return "major", f"{what} {change.type}"
    if change.collection == "career_stages":
        if change.type == "added":
            return "major", f"{what} added"
        if change.type == "modified" and any(f.field in ("rank", "status") for f in change.fields):
            return "major", f"{what} changed rank or status"
        if change.type == "reordered":
            return "major", f"{what} reordered"
    if change.type in ("added", "renumbered"):
        return "minor", f"{what} {change.type}"
    if change.type == "modified":
        if all(f.wording(wording) for f in change.fields):
            return "patch", f"{what} reworded"
        return "minor", f"{what} changed " + ", ".join(sorted({f.field for f in change.fields
                                                                if not f.wording(wording)}))
    return "patch", f"{what} {change.type}"


def parse_version(text: str) -> tuple[int, int, int]:
    """``"1.2.3"`` -> ``(1, 2, 3)``; raises ValueError for anything else."""
    parts = text.split(".")
    if len(parts) != 3 or not all(p.isdigit() and (p == "0" or not p.startswith("0")) for p in parts):
        raise ValueError(f"{text!r} is not a version number MAJOR.MINOR.PATCH")
    return int(parts[0]), int(parts[1]), int(parts[2])


def bump(version: str, level: str) -> str:
    """The next version after ``version`` for a change of ``level`` (0.x: major-type changes bump the minor)."""
    major, minor, patch = parse_version(version)
    level = effective_level(version, level)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def effective_level(version: str, level: str) -> str:
    """The part of ``version`` a change of ``level`` must bump.

    From 1.0.0 on, a major change bumps the major number and so on. Before 1.0.0
    (semver's 0.x convention) everything moves one place down: a major change
    bumps the minor number, and minor and patch changes bump the patch number.
    """
    if parse_version(version)[0] > 0:
        return level
    return {"major": "minor", "minor": "patch"}.get(level, level)


def actual_bump(old: str, new: str) -> str:
    """Which part went up from ``old`` to ``new``: major, minor, patch, none or lower."""
    a, b = parse_version(old), parse_version(new)
    if b < a:
        return "lower"
    for name, x, y in zip(("major", "minor", "patch"), a, b, strict=True):
        if y > x:
            return name
    return "none"


def wording_fields(fw: model.Framework) -> frozenset[str]:
    """The fields whose changes are wording only (a patch; anything else is a minor change): those the
    schema describing ``fw`` annotates ``change: wording`` (the package's schema for a framework built
    by hand)."""
    from ..paths import package_schema

    return (fw.schema or package_schema()).fields_anywhere("change", "wording")


def advise(old: model.Framework, new: model.Framework, changes: Iterable[Change]) -> VersionAdvice:
    """Say whether ``new.version`` is a big enough step from ``old.version`` for ``changes``."""
    required, reasons = "none", []
    wording = wording_fields(new)
    for change in changes:
        level, why = _level_of(change, wording)
        if LEVELS.index(level) > LEVELS.index(required):
            required, reasons = level, []
        if level == required and level != "none":
            reasons.append(why)
    try:
        went = actual_bump(old.version, new.version)
        need = effective_level(old.version, required)
        suggested = bump(old.version, required)
    except ValueError as exc:
        return VersionAdvice(old.version, new.version, required, "unknown", old.version, False, (str(exc),))
    if went == "lower":
        ok = False
        reasons.insert(0, f"{new.version} is lower than {old.version}")
    elif need == "none":
        ok = True
    else:
        ok = went != "none" and LEVELS.index(went) >= LEVELS.index(need)
    return VersionAdvice(old.version, new.version, required, went, suggested, ok, tuple(reasons))
